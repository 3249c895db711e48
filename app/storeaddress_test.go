package app

import (
	"errors"
	"strings"
	"testing"
)

// A server's address with its password in it is refused without repeating
// the password, and so is a mistyped server's address (taken as a file's
// path it would make folders named with the password); an address without
// one, and any other file path, is taken.
func TestCheckStoreAddress(t *testing.T) {
	for _, ok := range []string{"/home/ana/.config/CaseDesk/casedesk.db", "casedesk.db", "C:\\clinic\\casedesk.db",
		"postgres://casedesk@db.clinic.lan/casedesk?sslmode=verify-full", "postgres.db", "pgdata/casedesk.db",
		"postgresql://casedesk@db.clinic.lan:5433/casedesk?sslmode=verify-full&sslrootcert=/etc/ca.crt"} {
		if err := CheckStoreAddress(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"postgres://casedesk:s3cret-pw@db.clinic.lan/casedesk",
		"POSTGRES://casedesk:s3cret-pw@db/casedesk", "postgres://casedesk@db/casedesk?password=s3cret-pw",
		"postgres://casedesk:s3cret-pw@db/%zz", "postgres://casedesk@db/casedesk?Password=s3cret-pw",
		"postgres://casedesk@db/casedesk?sslmode=require;password=s3cret-pw", "postgres://casedesk@db/casedesk?PASS%57ORD=s3cret-pw",
		" postgres://casedesk:s3cret-pw@db/casedesk", "postgres://casedesk@db/casedesk\n", "postgres:/casedesk:s3cret-pw@db/casedesk",
		"postgress://casedesk:s3cret-pw@db/casedesk", "pg://casedesk:s3cret-pw@db/casedesk", "PostgreSQL:casedesk:s3cret-pw@db",
		"https://casedesk:s3cret-pw@db/casedesk"} {
		err := CheckStoreAddress(bad)
		if !errors.Is(err, ErrServerAddress) {
			t.Errorf("%s: %v", bad, err)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("the message repeats the password: %v", err)
		}
	}
}

// RedactAddress leaves no password in an address, however it is spelled,
// and leaves an address without one as it was.
func TestRedactAddress(t *testing.T) {
	const pw = "S3cr3tPw"
	for _, a := range []string{
		"postgres://clinic:" + pw + "@db.example/casedesk",
		"POSTGRESQL://clinic:" + pw + "@db.example/casedesk",
		"postgres://clinic@db.example/casedesk?password=" + pw,
		"postgres://clinic@db.example/casedesk?sslmode=require&Password=" + pw,
		"postgres://clinic@db.example/casedesk?sslmode=require;password=" + pw,
		"postgres://clinic@db.example/casedesk?pass%77ord=" + pw,
		"postgres://clinic:" + pw + "@h1:5432,h2:5432/casedesk",
		"postgres://clinic:" + pw + "%zz@db.example/casedesk",
	} {
		if got := RedactAddress(a); strings.Contains(got, pw) {
			t.Errorf("RedactAddress(%q) = %q", a, got)
		}
	}
	for _, a := range []string{
		"postgres://clinic@db.example/casedesk?sslmode=verify-full",
		"/home/clinic/casedesk.db",
	} {
		if got := RedactAddress(a); got != a {
			t.Errorf("RedactAddress(%q) = %q, want it unchanged", a, got)
		}
	}
}

// StorePlace shows a server's database and host in words, without the
// user, the options or percent-escapes, and a file's path as it is.
func TestStorePlace(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://casedesk_app@db.clinic.example:5433/casedesk?sslmode=verify-full&sslrootcert=%2Fetc%2Fcasedesk%2Fca.pem": "the database casedesk on db.clinic.example:5433",
		"postgresql://clinic@localhost/":                      "the database clinic on localhost",
		"postgres:///casedesk?host=%2Fvar%2Frun%2Fpostgresql": "the database casedesk on localhost",
		"/home/ana/.config/CaseDesk/casedesk.db":              "/home/ana/.config/CaseDesk/casedesk.db",
	} {
		if got := StorePlace(in); got != want {
			t.Errorf("StorePlace(%q) = %q, want %q", in, got, want)
		}
	}
}
