package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"fyne.io/fyne/v2"
)

// TestWizardForgetsWhenIdle: a wizard left at its last step, showing the
// username and every backup code, is wiped by the idle limit.
func TestWizardForgetsWhenIdle(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	r.toTwoStep(t, "jose.munoz")
	code, _ := totp.GenerateCode(w.enrol.enrolment.Secret, time.Now())
	typeIn(w.enrol.code, code)
	r.next()
	if w.stepOf.Text != "Step 5 of 5" {
		t.Fatalf("not done: %q", w.message.Text)
	}
	codes := w.backups
	all := append([]fyne.CanvasObject{w.Content()}, w.steps[:]...)
	if !strings.Contains(screenText(all...), codes[0]) {
		t.Fatal("the test cannot see the backup codes it means to check are wiped")
	}
	// Half a minute before the limit: a warning, and a tap stays.
	at := time.Now()
	w.idle.tick(at.Add(w.idle.limit - 20*time.Second))
	if !w.idle.bar.Visible() || r.done != 0 {
		t.Fatal("no warning before the limit")
	}
	w.idle.tick(at.Add(w.idle.limit + time.Second))
	if r.done != 1 || !strings.Contains(r.reason, "Your account is set up") {
		t.Fatalf("expired: done %d, %q", r.done, r.reason)
	}
	text := screenText(all...)
	for _, secret := range append(codes, "jose.munoz", "river lamp orange 42", "Muñoz", "62701", r.code.String(), "1234 5678 9012") {
		if strings.Contains(text, secret) {
			t.Errorf("%q is still on the wizard after the idle limit", secret)
		}
	}
	if w.ticket.Person.ID != "" || w.backups != nil || w.enrol.enrolment != nil || w.step != 1 {
		t.Fatal("the wizard still holds the ticket, codes or key")
	}
}

// TestSignInForgetsWhenIdle: a sign-in left half-way, with the password
// typed, or a recovery showing a new sheet, is wiped by the idle limit.
func TestSignInForgetsWhenIdle(t *testing.T) {
	r := newHomeRig(t)
	var reason string
	left := 0
	s := NewSignIn(r.svc, r.win.Canvas(), nil, func(why string) { left++; reason = why })
	r.win.SetContent(s.Content())
	s.Start()
	typeIn(s.username, "ana.lopez")
	typeIn(s.password, "river lamp orange 42")
	s.showRecovery(s.resetForm, s.resetUser)
	typeIn(s.resetUser, "ana.lopez")
	typeIn(s.resetCode, r.codes[1])
	typeIn(s.resetNew, "a brand new passphrase")
	typeIn(s.resetAgain, "a brand new passphrase")
	s.resetPassword()
	sheet := screenText(s.Content())
	if len(s.sheet.grid.Objects) != 10 || !strings.Contains(sheet, s.sheet.codes().Codes[0]) {
		t.Fatalf("no new sheet on the screen: %q", s.recoverMsg.Text)
	}
	newCodes := s.sheet.codes().Codes
	s.idle.tick(time.Now().Add(s.idle.limit + time.Second))
	if left != 1 || !strings.Contains(reason, "forgot what was typed") {
		t.Fatalf("expired: left %d, %q", left, reason)
	}
	text := screenText(s.Content(), s.resetForm, s.findForm, s.recoveredBox)
	for _, secret := range append(newCodes, "ana.lopez", "river lamp orange 42", "a brand new passphrase", r.codes[1]) {
		if strings.Contains(text, secret) {
			t.Errorf("%q is still on the sign-in screen after the idle limit", secret)
		}
	}
}

// TestIdleSaysOneMinuteAndOneSecond: a limit of one minute is said "1
// minute", and the warning's last second "1 second"; more are plural.
func TestIdleSaysOneMinuteAndOneSecond(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	w.idle.limit = time.Minute
	at := time.Now()
	w.idle.touch()
	w.idle.tick(at.Add(59 * time.Second))
	if !strings.Contains(w.idle.warn.Text, "In 1 second this screen") {
		t.Errorf("one second left: %q", w.idle.warn.Text)
	}
	w.idle.tick(at.Add(40 * time.Second))
	if !strings.Contains(w.idle.warn.Text, "In 20 seconds this screen") {
		t.Errorf("twenty seconds left: %q", w.idle.warn.Text)
	}
	w.idle.tick(at.Add(61 * time.Second))
	if r.done != 1 || !strings.Contains(r.reason, "nothing happened for 1 minute,") {
		t.Errorf("a one-minute limit: %q", r.reason)
	}

	h := newHomeRig(t)
	var reason string
	s := NewSignIn(h.svc, h.win.Canvas(), nil, func(why string) { reason = why })
	s.idle.limit = 2 * time.Minute
	s.Start()
	s.idle.tick(time.Now().Add(3 * time.Minute))
	if !strings.Contains(reason, "nothing happened for 2 minutes,") {
		t.Errorf("a two-minute limit: %q", reason)
	}
}
