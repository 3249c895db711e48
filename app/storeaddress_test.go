package app

import (
	"errors"
	"strings"
	"testing"
)

// A server's address with its password in it is refused without repeating
// the password; an address without one, and any file path, is taken.
func TestCheckStoreAddress(t *testing.T) {
	for _, ok := range []string{"/home/ana/.config/CaseDesk/casedesk.db", "casedesk.db", "C:\\clinic\\casedesk.db",
		"postgres://casedesk@db.clinic.lan/casedesk?sslmode=verify-full",
		"postgresql://casedesk@db.clinic.lan:5433/casedesk?sslmode=verify-full&sslrootcert=/etc/ca.crt"} {
		if err := CheckStoreAddress(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"postgres://casedesk:s3cret-pw@db.clinic.lan/casedesk",
		"POSTGRES://casedesk:s3cret-pw@db/casedesk", "postgres://casedesk@db/casedesk?password=s3cret-pw",
		"postgres://casedesk:s3cret-pw@db/%zz"} {
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
