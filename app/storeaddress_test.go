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
