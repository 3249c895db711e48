package notice

import (
	"strings"
	"testing"
)

// TestBackupCodesSaySetUp: the sheet of someone without an authenticator
// app says every sign-in takes one of its codes; the sheet of someone with
// one says a code is for when the app cannot be used.
func TestBackupCodesSaySetUp(t *testing.T) {
	codes := []string{"0NA60-VAP5S", "1B2C3-D4E5F", "2G3H4-J5K6M", "3N4P5-Q6R7S", "4T5V6-W7X8Y",
		"5Z6A7-B8C9D", "6E7F8-G9H0J", "7K8M9-N0P1Q", "8R9S0-T1V2W", "9X0Y1-Z2A3B"}
	read := func(noApp bool) string {
		doc := BackupCodes{Name: "José Muñoz", AccountNumber: "123456789012", Codes: codes, Issued: day(2026, 11, 23), NoAuthenticator: noApp}
		return strings.Join(strings.Fields(pdftotext(t, render(t, doc))), " ")
	}
	only := read(true)
	for _, want := range []string{"Every time you sign in", "one of these codes", "Each code works once"} {
		if !strings.Contains(only, want) {
			t.Errorf("backup codes only: %q missing:\n%s", want, only)
		}
	}
	if strings.Contains(only, "authenticator app") {
		t.Errorf("the sheet of someone without an authenticator app speaks of one:\n%s", only)
	}
	withApp := read(false)
	if !strings.Contains(withApp, "when you cannot use your authenticator app") || strings.Contains(withApp, "Every time you sign in") {
		t.Errorf("with an authenticator app:\n%s", withApp)
	}
}
