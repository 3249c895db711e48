package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casedesk/app/auth"

	"fyne.io/fyne/v2/test"
)

func TestMyAccountTab(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.home(t)
	a := h.account
	if !strings.Contains(a.left.Text, "10 of 10") || !strings.Contains(labels(a.activity), "Signed in — backup code") {
		t.Fatalf("left %q, activity %q", a.left.Text, labels(a.activity))
	}
	typeIn(a.current, "not my password")
	typeIn(a.next, "a brand new passphrase")
	typeIn(a.again, "a brand new passphrase")
	test.Tap(a.change)
	if !strings.Contains(a.pwMsg.Text, "current password is not right") || a.next.Text == "" {
		t.Fatalf("wrong current password: %q", a.pwMsg.Text)
	}
	typeIn(a.current, "river lamp orange 42")
	test.Tap(a.change)
	if !strings.Contains(a.pwMsg.Text, "password is changed") || a.current.Text != "" {
		t.Fatalf("change: %q", a.pwMsg.Text)
	}
	if ok, _ := auth.VerifyPassword("a brand new passphrase", r.accounts.cred.PasswordHash); !ok {
		t.Fatal("the new password was not stored")
	}
	typeIn(a.codesPw, "a brand new passphrase")
	test.Tap(a.makeCodes)
	if len(a.sheet.grid.Objects) != 10 || !a.sheet.box.Visible() || !strings.Contains(a.codesMsg.Text, "old ones no longer work") {
		t.Fatalf("new codes: %d, %q", len(a.sheet.grid.Objects), a.codesMsg.Text)
	}
	// Without an authenticator app, the new sheet says every sign-in takes a code.
	if !a.sheet.codes().NoAuthenticator {
		t.Error("the sheet of an account without an app speaks of one")
	}
	test.Tap(a.sheet.print)
	assertPrintedPrivately(t, r.sp, r.svc.PDFFolder, a.sheet.msg.Text)
	// A new authenticator app, confirmed by its code.
	a.startApp()
	if !a.enrol.box.Visible() || a.enrol.enrolment == nil {
		t.Fatal("no enrolment shown")
	}
	typeIn(a.tfPw, "a brand new passphrase")
	code, _ := totp.GenerateCode(a.enrol.enrolment.Secret, time.Now())
	typeIn(a.enrol.code, code)
	a.confirmApp()
	if !strings.Contains(a.tfMsg.Text, "new authenticator app is set up") || r.accounts.cred.TOTPSecret == nil || !a.removeApp.Visible() {
		t.Fatalf("new app: %q", a.tfMsg.Text)
	}
	// The first sheet's codes no longer work.
	if _, ok := r.accounts.backups[auth.NewKeysForTest(bytes.Repeat([]byte{3}, 32)).BackupHash(r.codes[0])]; ok {
		t.Fatal("an old backup code is still stored")
	}
}
