package cli

import (
	"strings"
	"testing"
)

// redactAddress leaves no password in an address, however it is spelled,
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
		if got := redactAddress(a); strings.Contains(got, pw) {
			t.Errorf("redactAddress(%q) = %q", a, got)
		}
	}
	for _, a := range []string{
		"postgres://clinic@db.example/casedesk?sslmode=verify-full",
		"/home/clinic/casedesk.db",
	} {
		if got := redactAddress(a); got != a {
			t.Errorf("redactAddress(%q) = %q, want it unchanged", a, got)
		}
	}
}
