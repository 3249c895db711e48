package ui

import (
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"

	"fyne.io/fyne/v2/test"
)

// TestStaffFirstSignIn: a one-time password leads from sign-in to a
// password of the staff member's own and 2-step set-up; the one-time
// password itself is refused as the new one, nothing is written until the
// last step, and the sheet of backup codes must be kept before the desk opens.
func TestStaffFirstSignIn(t *testing.T) {
	r := newHomeRig(t)
	const oneTime = "K7QM-2XWD-9RTA-HV3E"
	r.accounts.cred.PasswordHash = auth.HashPassword(oneTime, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	r.accounts.cred.MustChange = true
	r.accounts.cred.Account.Role = app.RoleStaff
	var signedIn app.Account
	var first *StaffSetUp
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) { t.Fatal("a one-time password signed in without set-up") }, func(string) {})
	s.OnFirstSignIn(func(c auth.Challenge, username string) {
		first = NewFirstSignIn(r.svc, r.win.Canvas(), c, username, func(a app.Account) { signedIn = a }, func(string) {})
		r.win.SetContent(first.Content())
		first.Start()
	})
	r.win.SetContent(s.Content())
	s.Start()
	typeIn(s.username, "ana.lopez")
	typeIn(s.password, oneTime)
	test.Tap(s.next)
	if first == nil {
		t.Fatalf("the first sign-in did not open: %q", s.message.Text)
	}
	if s.password.Text != "" {
		t.Error("the one-time password stayed on the sign-in screen")
	}
	if !strings.Contains(first.intro.Text, "one-time password") {
		t.Errorf("intro %q", first.intro.Text)
	}
	// Two passwords that differ stop the step.
	typeIn(first.password, "copper kettle winter 19")
	typeIn(first.confirm, "copper kettle winter 91")
	test.Tap(first.next)
	if !first.message.Visible() || first.at != 0 {
		t.Fatalf("different passwords passed: %q", first.message.Text)
	}
	// The one-time password is refused as the new one, at the write.
	typeIn(first.password, oneTime)
	typeIn(first.confirm, oneTime)
	test.Tap(first.next)
	first.method.SetSelected(first.method.Options[1]) // backup codes only
	test.Tap(first.next)
	if !strings.Contains(first.message.Text, "one-time password") || !r.accounts.cred.MustChange {
		t.Fatalf("the one-time password was kept as the password: %q", first.message.Text)
	}
	test.Tap(first.back)
	typeIn(first.password, "copper kettle winter 19")
	typeIn(first.confirm, "copper kettle winter 19")
	test.Tap(first.next)
	test.Tap(first.next)
	if r.accounts.cred.MustChange || len(r.accounts.backups) != auth.BackupCodeCount {
		t.Fatalf("not written: must change %v, %d backup codes (%q)", r.accounts.cred.MustChange, len(r.accounts.backups), first.message.Text)
	}
	if len(first.sheet.grid.Objects) != auth.BackupCodeCount || !first.next.Disabled() {
		t.Fatalf("the sheet: %d codes, Open the desk enabled before keeping them %v", len(first.sheet.grid.Objects), !first.next.Disabled())
	}
	first.kept.SetChecked(true)
	test.Tap(first.next)
	if signedIn.ID != "acct-1" {
		t.Fatalf("the desk did not open: %+v", signedIn)
	}
	if first.password.Text != "" || first.backups != nil || len(first.sheet.grid.Objects) != 0 {
		t.Error("the password or backup codes stayed on the screen")
	}
	// The new password signs in with a backup code from then on.
	ch, err := r.svc.SignIn.Password(t.Context(), "ana.lopez", "copper kettle winter 19")
	if err != nil || ch.MustChange {
		t.Fatalf("sign-in after set-up: %v %+v", err, ch)
	}
}
