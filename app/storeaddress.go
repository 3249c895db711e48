package app

import (
	"fmt"
	"net/url"
	"strings"

	"casedesk/app/i18n"
)

// IsServerAddress reports whether target names a database server (a
// postgres:// or postgresql:// address) rather than a store file.
func IsServerAddress(target string) bool {
	lower := strings.ToLower(target)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// RedactAddress is a store's address as it may be shown in messages and
// logs: a server's without any password — after the user name, or as an
// option whose name holds "password" in any letter case or escaping,
// after & or ; — and a file's path as it is. A server's address that
// does not parse is not shown at all.
func RedactAddress(target string) string {
	if !IsServerAddress(strings.TrimSpace(target)) {
		return target
	}
	u, err := url.Parse(strings.TrimSpace(target))
	if err != nil {
		return "postgres://…"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	u.RawQuery = redactQuery(u.RawQuery)
	return u.String()
}

// redactQuery is an address's raw options with the value of every
// password option taken out.
func redactQuery(raw string) string {
	var b strings.Builder
	for raw != "" {
		pair, sep := raw, ""
		if i := strings.IndexAny(raw, "&;"); i >= 0 {
			pair, sep, raw = raw[:i], raw[i:i+1], raw[i+1:]
		} else {
			raw = ""
		}
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err != nil || strings.Contains(strings.ToLower(k), "password") {
			pair = key + "=xxxxx"
		}
		b.WriteString(pair + sep)
	}
	return b.String()
}

// CheckStoreAddress refuses a database server's address that carries its
// password (postgres://user:secret@…, password=… in any letter case): an
// address is shown in messages and seen by every user of the computer in
// its list of running programs. The password belongs in the keyring or a
// private .pgpass file. It also refuses what looks like a mistyped
// server's address (a space before it, one slash, another scheme): taken
// as a store file's path, it would make folders named after it, password
// and all, and a new empty store in them. Any other file path is accepted.
func CheckStoreAddress(db string) error {
	trimmed := strings.TrimSpace(db)
	lower := strings.ToLower(trimmed)
	if !IsServerAddress(trimmed) || trimmed != db {
		if strings.Contains(db, "://") || mistypedScheme(lower) {
			return fmt.Errorf("%w: this is not a database server's address, nor a store file's path. A server's address looks like postgres://user@server/database?sslmode=verify-full, with nothing before it", ErrServerAddress)
		}
		return nil
	}
	u, err := url.Parse(db)
	if err != nil {
		return ErrServerAddress // url's message would repeat the address, password and all
	}
	if AddressHasPassword(db) {
		return fmt.Errorf("%w: take the password out of the address and put it in the keyring (the window's server set-up does) or in a .pgpass file only you can read", ErrServerAddress)
	}
	if strings.Contains(u.RawQuery, ";") {
		return fmt.Errorf("%w: separate the address's options with &, not ;", ErrServerAddress)
	}
	return nil
}

// mistypedScheme reports a path that begins like a server's address
// (postgres:, postgresql:, pg:, postgress:…) without being one.
func mistypedScheme(lower string) bool {
	colon := strings.IndexByte(lower, ':')
	if colon < 0 {
		return false
	}
	scheme := lower[:colon]
	return strings.HasPrefix(scheme, "postgres") || strings.HasPrefix(scheme, "pg")
}

// AddressHasPassword reports whether a server's address carries a
// password: after the user name, or as a password option in any letter
// case or spelling (pass%77ord), or after a ; that url.Query would drop.
// An address that cannot be read counts as carrying one.
func AddressHasPassword(address string) bool {
	u, err := url.Parse(address)
	if err != nil {
		return true
	}
	if _, has := u.User.Password(); has {
		return true
	}
	for _, pair := range strings.FieldsFunc(u.RawQuery, func(r rune) bool { return r == '&' || r == ';' }) {
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err != nil || strings.EqualFold(strings.TrimSpace(k), "password") {
			return true
		}
	}
	return false
}

// StorePlace is where a store is, as a person reads it: a file's path as
// it is, and a server's address as its database, server and port, without
// the user, the options or the percent-escapes an address is written with.
func StorePlace(target string) string {
	if !IsServerAddress(strings.TrimSpace(target)) {
		return target
	}
	u, err := url.Parse(strings.TrimSpace(target))
	if err != nil {
		return "postgres://…"
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" && u.User != nil {
		db = u.User.Username() // PostgreSQL's default database is the user's name
	}
	host := u.Host
	if host == "" {
		host = "localhost"
	}
	return i18n.T("the database %s on %s", db, host)
}
