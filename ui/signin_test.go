package ui

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casedesk/app"
	"casedesk/app/auth"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestSignIn(t *testing.T) {
	r := newHomeRig(t)
	var signedIn app.Account
	s := NewSignIn(r.svc, r.win.Canvas(), func(a app.Account) { signedIn = a }, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	if r.win.Canvas().Focused() != s.username {
		t.Fatal("the cursor is not in the username")
	}
	submit := func() { test.Tap(s.next) }
	typeIn(s.username, "nobody")
	typeIn(s.password, "river lamp orange 42")
	submit()
	unknown := s.message.Text
	typeIn(s.username, "Ana.Lopez")
	typeIn(s.password, "wrong lamp orange 42")
	submit()
	if !s.message.Visible() || s.message.Text != unknown || !strings.Contains(unknown, "username or password is not right") || s.username.Text != "Ana.Lopez" {
		t.Fatalf("unknown user %q, wrong password %q", unknown, s.message.Text)
	}
	typeIn(s.password, "river lamp orange 42")
	submit()
	if !s.second.Visible() || s.first.Visible() || !strings.Contains(s.codeHint.Text, "backup codes") || r.win.Canvas().Focused() != s.code {
		t.Fatalf("second step: %q, second %v, first %v, focus on code %v", s.codeHint.Text, s.second.Visible(), s.first.Visible(), r.win.Canvas().Focused() == s.code)
	}
	typeIn(s.code, "00000-00000")
	submit()
	if !strings.Contains(s.message.Text, "did not work") || signedIn.ID != "" {
		t.Fatalf("a wrong code: %q", s.message.Text)
	}
	typeIn(s.code, strings.ToLower(r.codes[0]))
	submit()
	if signedIn.ID == "" {
		t.Fatalf("not signed in: %q", s.message.Text)
	}
	if signedIn.ID != "acct-1" || s.password.Text != "" || s.code.Text != "" {
		t.Fatalf("signed in as %+v; password left %q", signedIn, s.password.Text)
	}
}

func TestForgotPasswordAndUsernameScreens(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	s.showRecovery(s.resetForm, s.resetUser)
	typeIn(s.resetUser, "ana.lopez")
	typeIn(s.resetCode, "00000-00000")
	typeIn(s.resetNew, "a brand new passphrase")
	typeIn(s.resetAgain, "a brand new passphrase")
	s.resetPassword()
	if !strings.Contains(s.recoverMsg.Text, "do not match") {
		t.Fatalf("wrong code: %q", s.recoverMsg.Text)
	}
	typeIn(s.resetCode, r.codes[2])
	s.resetPassword()
	if !strings.Contains(s.recovered.Text, "password is changed") || s.username.Text != "ana.lopez" || len(s.sheet.grid.Objects) != 10 {
		t.Fatalf("reset: %q, %d new codes", s.recovered.Text, len(s.sheet.grid.Objects))
	}
	// The new sheet prints from a private file, never the PDF folder.
	test.Tap(s.sheet.print)
	assertPrintedPrivately(t, r.sp, r.svc.PDFFolder, s.sheet.msg.Text)
	newCode := s.sheet.codes().Codes[0]
	s.showSteps()
	if len(s.sheet.grid.Objects) != 0 || !s.next.Visible() {
		t.Fatal("the sheet is still on the screen after going back")
	}
	s.showRecovery(s.findForm, s.find.family)
	typeIn(s.find.family, "lopez")
	typeIn(s.find.dob, "01/02/1990")
	typeIn(s.find.zip, "62701")
	typeIn(s.findCode, r.codes[3]) // the old sheet ended with the reset
	s.findUsername()
	if !strings.Contains(s.recoverMsg.Text, "do not match") {
		t.Fatalf("a code of the ended sheet: %q", s.recoverMsg.Text)
	}
	typeIn(s.findCode, newCode)
	s.findUsername()
	if !strings.Contains(s.recovered.Text, "Your username is ana.lopez") {
		t.Fatalf("username: %q", s.recovered.Text)
	}
}

// assertPrintedPrivately: a backup-code sheet went to lp from a private
// file that is gone now, and nothing landed in the shared PDF folder.
func assertPrintedPrivately(t *testing.T, sp *spooler, folder, msg string) {
	t.Helper()
	if !strings.Contains(msg, "sent to the printer") || len(sp.ran) == 0 {
		t.Fatalf("print: %q, ran %q", msg, sp.ran)
	}
	last := sp.ran[len(sp.ran)-1]
	file := last[strings.LastIndex(last, " ")+1:]
	if !strings.HasPrefix(last, "lp ") || strings.HasPrefix(file, folder) {
		t.Fatalf("printed %q", last)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the private copy %s is still there: %v", file, err)
	}
	if entries, _ := os.ReadDir(folder); len(entries) != 0 {
		t.Fatalf("the PDF folder holds %v", entries)
	}
}

func TestSignInLocksAfterFiveFailures(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	typeIn(s.username, "ana.lopez")
	for i := 1; i <= 5; i++ {
		typeIn(s.password, "wrong lamp orange 42")
		test.Tap(s.next)
	}
	if !strings.Contains(s.message.Text, "locked") || !strings.Contains(s.message.Text, "ask the clinic to unlock") {
		t.Fatalf("after 5 failures: %q", s.message.Text)
	}
	typeIn(s.password, "river lamp orange 42")
	test.Tap(s.next)
	if !strings.Contains(s.message.Text, "locked") || s.second.Visible() {
		t.Fatalf("the right password during the lock: %q", s.message.Text)
	}
	// Staff unlock (accounts unlock): the right password works again.
	r.accounts.mu.Lock()
	r.accounts.cred.Account.LockedUntil, r.accounts.cred.Account.FailedAttempts = time.Time{}, 0
	r.accounts.mu.Unlock()
	test.Tap(s.next)
	if !s.second.Visible() {
		t.Fatalf("after the unlock: %q", s.message.Text)
	}
}

// TestRecoveryEnterSubmits: Enter in any field of either recovery form
// sends it, as in the wizard.
func TestRecoveryEnterSubmits(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	enter := func(form string, e *widget.Entry) {
		t.Helper()
		s.recoverMsg.Hide()
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if !s.recoverMsg.Visible() {
			t.Errorf("%s: Enter in the field with %q sent nothing", form, e.Text)
		}
	}
	s.showRecovery(s.findForm, s.find.family)
	typeIn(s.find.family, "lopez")
	typeIn(s.find.dob, "01/02/1990")
	typeIn(s.find.zip, "62701")
	typeIn(s.findCode, "00000-00000")
	typeIn(s.findApp, "123456")
	for _, e := range append(s.find.entries(), s.findCode, s.findApp) {
		enter("forgot username", e)
	}
	s.showRecovery(s.resetForm, s.resetUser)
	typeIn(s.resetUser, "nobody")
	typeIn(s.resetCode, "00000-00000")
	typeIn(s.resetApp, "123456")
	typeIn(s.resetNew, "a brand new passphrase")
	typeIn(s.resetAgain, "a brand new passphrase")
	for _, e := range []*widget.Entry{s.resetUser, s.resetCode, s.resetApp, s.resetNew, s.resetAgain} {
		enter("forgot password", e)
	}
}

// TestRecoveryEnterTooSoonCostsNoTry: Enter in a form not yet filled in
// says what is missing and spends none of the limited recovery tries.
func TestRecoveryEnterTooSoonCostsNoTry(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	s.showRecovery(s.resetForm, s.resetUser)
	typeIn(s.resetUser, "ana.lopez")
	s.resetUser.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(s.recoverMsg.Text, "Fill in") || r.win.Canvas().Focused() != s.resetCode {
		t.Fatalf("reset with only a username: %q", s.recoverMsg.Text)
	}
	s.showRecovery(s.findForm, s.find.family)
	typeIn(s.find.family, "lopez")
	s.find.family.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(s.recoverMsg.Text, "Fill in") || r.win.Canvas().Focused() != s.find.dob {
		t.Fatalf("username with only a family name: %q", s.recoverMsg.Text)
	}
	r.accounts.tallies.mu.Lock()
	defer r.accounts.tallies.mu.Unlock()
	if len(r.accounts.tallies.m) != 0 {
		t.Fatalf("tries were taken: %v", r.accounts.tallies.m)
	}
}

// TestSignInCodeJustUsed: the authenticator code that confirmed the app a
// moment ago is refused, counted as a failed try, and explained: wait for
// the next one. A wrong code is not told so.
func TestSignInCodeJustUsed(t *testing.T) {
	r := newHomeRig(t)
	e, err := auth.NewEnrolment("ana.lopez")
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(e.Secret, time.Now())
	if err := r.svc.SignIn.SetAuthenticator(context.Background(), "acct-1", "river lamp orange 42", e, code); err != nil {
		t.Fatal(err)
	}
	var signedIn app.Account
	s := NewSignIn(r.svc, r.win.Canvas(), func(a app.Account) { signedIn = a }, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	typeIn(s.username, "ana.lopez")
	typeIn(s.password, "river lamp orange 42")
	test.Tap(s.next)
	if !s.second.Visible() || !s.challenge.HasTOTP || s.code.PlaceHolder != "123456" {
		t.Fatalf("no second step for an app's code: %q, placeholder %q", s.message.Text, s.code.PlaceHolder)
	}
	failures := func() int {
		r.accounts.mu.Lock()
		defer r.accounts.mu.Unlock()
		return r.accounts.cred.Account.FailedAttempts
	}
	typeIn(s.code, code)
	test.Tap(s.next)
	if signedIn.ID != "" || !strings.Contains(s.message.Text, "just used") || !strings.Contains(s.message.Text, "next") || failures() != 1 {
		t.Fatalf("the code that confirmed the app: %q, %d failures", s.message.Text, failures())
	}
	wrong := code[:5] + string('0'+(code[5]-'0'+1)%10)
	typeIn(s.code, wrong)
	test.Tap(s.next)
	if signedIn.ID != "" || strings.Contains(s.message.Text, "just used") || !strings.Contains(s.message.Text, "did not work") || failures() != 2 {
		t.Fatalf("a wrong code: %q, %d failures", s.message.Text, failures())
	}
}

// TestSignInBackupCodesOnlyAsksForOne: for an account without an
// authenticator app the second step asks for a backup code in its own
// format, says each works once, and never speaks of an app; a recovery
// gives it a sheet that says the same.
func TestSignInBackupCodesOnlyAsksForOne(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	typeIn(s.username, "ana.lopez")
	typeIn(s.password, "river lamp orange 42")
	test.Tap(s.next)
	if !s.second.Visible() || s.challenge.HasTOTP {
		t.Fatalf("second step: %q", s.message.Text)
	}
	second := labels(s.second)
	if s.code.PlaceHolder != "XXXXX-XXXXX" || s.codeItem.Text != "Backup code" || !strings.Contains(s.codeHint.Text, "Each works once") ||
		strings.Contains(second, "authenticator") {
		t.Errorf("second step: placeholder %q, says:\n%s", s.code.PlaceHolder, second)
	}
	typeIn(s.code, "123456")
	test.Tap(s.next)
	if !strings.Contains(s.message.Text, "backup code") || strings.Contains(s.message.Text, "authenticator") {
		t.Errorf("a wrong code: %q", s.message.Text)
	}
	s.restart()
	s.showRecovery(s.resetForm, s.resetUser)
	typeIn(s.resetUser, "ana.lopez")
	typeIn(s.resetCode, r.codes[4])
	typeIn(s.resetNew, "a brand new passphrase")
	typeIn(s.resetAgain, "a brand new passphrase")
	s.resetPassword()
	if len(s.sheet.codes().Codes) != 10 || !s.sheet.codes().NoAuthenticator {
		t.Errorf("the new sheet: %d codes, no authenticator %v (%q)", len(s.sheet.codes().Codes), s.sheet.codes().NoAuthenticator, s.recoverMsg.Text)
	}
}
