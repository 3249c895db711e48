package data

import (
	"net/url"
	"strings"
	"testing"

	"casedesk/app"
)

// FuzzServerAddressPassword puts a password into a server's address in
// each way an address can carry one — after the user name, or as a query
// key in any letter case, after & or ; — and checks that the address is
// refused and that Redact leaves no trace of the password, raw or escaped.
// Any other text (a path, a mistyped address) must not make either panic.
func FuzzServerAddressPassword(f *testing.F) {
	f.Add("casedesk", "s3cret-pw", "db.clinic.lan", "sslmode=verify-full", uint8(0))
	f.Add("ana", "p@ss:w/rd", "localhost:5432", "", uint8(1))
	f.Add("ana", "Zz9-Zz9-Zz9", "10.0.0.2", "sslmode=require", uint8(2))
	f.Add("x", "hunter22", "h", "a=b", uint8(3))
	f.Fuzz(func(t *testing.T, user, pass, host, query string, form uint8) {
		// The raw text as a store path or address: no panic, whatever it is.
		_ = app.CheckStoreAddress(pass)
		_ = app.RedactAddress(pass)
		if len(pass) < 6 || strings.ContainsAny(host, "/?#@") || strings.Contains(query, "#") || strings.Contains(user+host+query, pass) ||
			strings.Contains("postgres://casedesk/db?sslmode=verify-full&password=xxxxx", pass) {
			return // too short, or also in the rest of the address, to tell apart
		}
		u := url.URL{Scheme: "postgres", Host: host, Path: "/db", RawQuery: query}
		switch form % 4 {
		case 0:
			u.User = url.UserPassword(user, pass)
		case 1:
			u.User = url.User(user)
			u.RawQuery = strings.TrimPrefix(query+"&password="+url.QueryEscape(pass), "&")
		case 2:
			u.User = url.User(user)
			u.RawQuery = strings.TrimPrefix(query+"&PassWord="+url.QueryEscape(pass), "&")
		case 3:
			u.User = url.User(user)
			u.RawQuery = strings.TrimPrefix(query+";password="+url.QueryEscape(pass), ";")
		}
		address := u.String()
		bare := (&url.URL{Scheme: "postgres", User: url.User(user), Host: host, Path: "/db", RawQuery: query}).String()
		for _, form := range []string{pass, url.QueryEscape(pass), url.PathEscape(pass)} {
			if strings.Contains(bare, form) {
				return // the rest of the address spells it too
			}
		}
		if err := app.CheckStoreAddress(address); err == nil {
			t.Fatalf("an address with a password was taken: %q", address)
		} else if strings.Contains(err.Error(), pass) || strings.Contains(err.Error(), url.QueryEscape(pass)) {
			t.Fatalf("the refusal repeats the password: %v", err)
		}
		if !app.AddressHasPassword(address) {
			t.Fatalf("the password in %q was not seen", address)
		}
		red := app.RedactAddress(address)
		for _, form := range []string{pass, url.QueryEscape(pass), url.PathEscape(pass), url.UserPassword("", pass).String()[1:]} {
			if form != "" && strings.Contains(red, form) {
				t.Fatalf("app.RedactAddress(%q) = %q keeps the password", address, red)
			}
		}
	})
}
