package data

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"casedesk/app"

	"github.com/jackc/pgx/v5"
)

// ServerReport is what "Test the connection" found out about a database
// server, before CaseDesk writes anything to it.
type ServerReport struct {
	// Reached: the server answered and took the role and its password.
	Reached bool
	// TLS: the connection is encrypted. Verified: with sslmode=verify-full,
	// the server's certificate was checked against the authority and its
	// name against the address. SSLMode is the mode the address asks for.
	TLS, Verified bool
	SSLMode       string
	// Superuser: the role may do anything on the server. CaseDesk should
	// not sign in as one (see the README for a role of its own).
	Superuser bool
	// Certificate, when the connection failed because the server's
	// certificate could not be verified, says why (an unknown authority, a
	// name that is not the address's).
	Certificate string
	// Collation is how the database sorts text; CollationOK when it is C,
	// the order the store's lists need.
	Collation   string
	CollationOK bool
	// ServerVersion is PostgreSQL's version, as "16.4"; VersionOK when it
	// is 13 or newer.
	ServerVersion string
	VersionOK     bool
	// Schema is the store's schema version in the database (0: the
	// database is empty and CaseDesk makes its tables on first use);
	// Latest is the one this CaseDesk writes.
	Schema, Latest int
}

// Ready reports whether CaseDesk can use the server as it is.
func (r ServerReport) Ready() bool {
	return r.Reached && r.CollationOK && r.VersionOK && r.Schema <= r.Latest
}

// checkTimeout bounds the whole check: a server that does not answer is
// reported as such, not waited for.
const checkTimeout = 15 * time.Second

// CheckServer connects to the server at address as a store would (with
// password when not "", else the address's own or a private .pgpass
// file's) and reports what it finds, writing nothing. The error is one of
// app's ErrServer… errors when the server was not reached or refused the
// role; the report then holds what was learnt before.
func CheckServer(ctx context.Context, address, password string) (ServerReport, error) {
	r := ServerReport{Latest: latestVersion(), SSLMode: sslMode(address)}
	if !app.IsServerAddress(address) {
		return r, fmt.Errorf("%w: it must start with postgres://", app.ErrServerAddress)
	}
	cfg, err := parseServerAddress(address)
	if err != nil {
		return r, err
	}
	switch {
	case password != "":
		cfg.Password = password
	case cfg.Password != "" && !urlHasPassword(address):
		if err := privatePassfile(address); err != nil {
			return r, err
		}
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > 10*time.Second {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = "casedesk"
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		r.Certificate = certificateProblem(err)
		return r, checkErr(err)
	}
	defer conn.Close(context.Background())
	r.Reached = true
	if _, ok := conn.PgConn().Conn().(*tls.Conn); ok {
		r.TLS = true
		// pgx checks the certificate and the host name only in verify-full.
		r.Verified = r.SSLMode == "verify-full"
	}
	var version string
	var migrations *string
	err = conn.QueryRow(ctx, `SELECT r.rolsuper, d.datcollate, current_setting('server_version_num'),
			current_setting('server_version'), to_regclass('schema_migrations')::text
		FROM pg_roles r, pg_database d
		WHERE r.rolname = current_user AND d.datname = current_database()`).
		Scan(&r.Superuser, &r.Collation, &version, &r.ServerVersion, &migrations)
	if err != nil {
		return r, checkErr(err)
	}
	r.CollationOK = cCollation(r.Collation)
	n, _ := strconv.Atoi(version)
	r.VersionOK = n >= 130000
	if f := strings.Fields(r.ServerVersion); len(f) > 0 {
		r.ServerVersion = f[0] // "16.4 (Debian 16.4-1)" → "16.4"
	}
	if migrations != nil {
		if err := conn.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&r.Schema); err != nil {
			return r, checkErr(err)
		}
	}
	return r, nil
}

// checkErr is err as one of app's server errors.
func checkErr(err error) error {
	if mapped, ok := mapServerErr(err); ok {
		return mapped
	}
	return fmt.Errorf("%w: %s", app.ErrServerUnreachable, pgErrorText(err))
}

// certificateProblem is why TLS refused the server's certificate, or "".
func certificateProblem(err error) string {
	var ve *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ie x509.CertificateInvalidError
	switch {
	case errors.As(err, &ve):
		return ve.Err.Error()
	case errors.As(err, &ua):
		return ua.Error()
	case errors.As(err, &he):
		return he.Error()
	case errors.As(err, &ie):
		return ie.Error()
	}
	return ""
}

// cCollation reports whether a database's collation sorts text by code
// point, as SQLite does (serverReady checks the same).
func cCollation(c string) bool {
	return c == "C" || c == "POSIX" || c == "C.UTF-8" || c == "C.utf8"
}

// sslMode is the sslmode the address asks for, or PGSSLMODE's; "prefer"
// (pgx's and libpq's default) when neither names one.
func sslMode(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return ""
	}
	if m := u.Query().Get("sslmode"); m != "" {
		return m
	}
	if m := os.Getenv("PGSSLMODE"); m != "" {
		return m // as pgx reads it
	}
	return "prefer"
}

// parseServerAddress is pgx's reading of a server's address, after the
// checks the store and the server form's check both make: every file the
// address names is an ordinary file of a sensible size (pgx reads them
// while parsing, before any time limit applies: a FIFO or a device would
// hang it for ever), and a server on another computer is reached only
// with its certificate verified.
func parseServerAddress(target string) (*pgx.ConnConfig, error) {
	u, err := url.Parse(target)
	if err != nil { // its message would repeat the address, password and all
		return nil, fmt.Errorf("%w: check its spelling (a server's address looks like postgres://user@server/database?sslmode=verify-full)", app.ErrServerAddress)
	}
	if strings.Contains(u.RawQuery, ";") {
		return nil, fmt.Errorf("%w: separate the address's options with &, not ;", app.ErrServerAddress)
	}
	if err := serverFiles(target, u.Query()); err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(target)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", app.ErrServerAddress, pgErrorText(err))
	}
	if mode := sslMode(target); mode != "verify-full" && mode != "verify-ca" {
		hosts := []string{cfg.Host}
		for _, f := range cfg.Fallbacks {
			hosts = append(hosts, f.Host)
		}
		for _, h := range hosts {
			if !thisComputer(h) {
				return nil, fmt.Errorf("%w: the server %s is on another computer, and the address does not ask for its certificate to be verified (sslmode is %s): "+
					"add sslmode=verify-full&sslrootcert= and the path of the clinic's CA file to the address (see the README's \"Using a database server\")",
					app.ErrServerAddress, h, mode)
			}
		}
	}
	return cfg, nil
}

// thisComputer reports whether host is this computer: a Unix socket's
// folder, localhost or a loopback address.
func thisComputer(host string) bool {
	if strings.HasPrefix(host, "/") || strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// maxServerFile is the largest certificate, key or password file taken.
const maxServerFile = 1 << 20

// serverFiles checks every file the address names (sslrootcert, sslcert,
// sslkey, passfile, or their PG… variables), and the password file pgx
// reads when the address has no password: each, when it exists, must be
// an ordinary file (a link to one is followed) of at most 1 MB.
func serverFiles(target string, q url.Values) error {
	for _, f := range []struct{ key, env, what string }{
		{"sslrootcert", "PGSSLROOTCERT", "CA certificate file (sslrootcert)"},
		{"sslcert", "PGSSLCERT", "certificate file (sslcert)"},
		{"sslkey", "PGSSLKEY", "key file (sslkey)"},
	} {
		name := q.Get(f.key)
		if name == "" {
			name = os.Getenv(f.env)
		}
		if err := serverFile(name, f.what); err != nil {
			return err
		}
	}
	if urlHasPassword(target) {
		return nil
	}
	return serverFile(passfileOf(q), "password file")
}

// passfileOf is the password file pgx reads for an address with options
// q: its passfile, else PGPASSFILE, else ~/.pgpass; "" when none.
func passfileOf(q url.Values) string {
	if f := q.Get("passfile"); f != "" {
		return f
	}
	if f := os.Getenv("PGPASSFILE"); f != "" {
		return f
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".pgpass")
	}
	return ""
}

// serverFile refuses name when it is not an ordinary file of at most
// maxServerFile bytes; a name that is "" or names nothing is left to pgx.
func serverFile(name, what string) error {
	if name == "" {
		return nil
	}
	fi, err := os.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%w: the %s %s cannot be read: %v", app.ErrServerSetUp, what, name, err)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%w: the %s %s is not an ordinary file: name the file itself", app.ErrServerSetUp, what, name)
	case fi.Size() > maxServerFile:
		return fmt.Errorf("%w: the %s %s is larger than 1 MB: check that it is the right file", app.ErrServerSetUp, what, name)
	}
	return nil
}
