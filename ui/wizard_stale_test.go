package ui

import (
	"strings"
	"testing"

	"casedesk/app"
)

// TestWizardMessagesGoWhenPutRight: a message about what was typed goes
// as soon as the person has put it right, not at the next Next.
func TestWizardMessagesGoWhenPutRight(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	typeIn(w.code, r.code.String())
	r.next()
	// A date typed day first: the message goes once the date is retyped,
	// not when another field is.
	typeIn(w.ident.family, "Muñoz")
	typeIn(w.ident.dob, "14/03/1985")
	typeIn(w.ident.zip, "62701")
	typeIn(w.ident.country, "Mexico")
	r.next()
	if !w.message.Visible() || !strings.Contains(w.message.Text, "Date of birth has the month 14") {
		t.Fatalf("bad date: %q", w.message.Text)
	}
	typeIn(w.ident.zip, "62701")
	if !w.message.Visible() {
		t.Fatal("retyping the ZIP code took away the date's message")
	}
	typeIn(w.ident.dob, "03/14/1985")
	if w.message.Visible() {
		t.Fatalf("the date is right and its message stays: %q", w.message.Text)
	}
	r.next()
	// A password against the rule: once it meets the rule and the two
	// match, nothing is left to say.
	typeIn(w.username, "jose.munoz")
	typeIn(w.password, "password")
	typeIn(w.confirm, "password")
	r.next()
	if !w.message.Visible() || !strings.Contains(w.message.Text, "meets the rule") {
		t.Fatalf("a common password: %q", w.message.Text)
	}
	typeIn(w.password, "river lamp orange 42")
	if w.message.Visible() && strings.Contains(w.message.Text, "meets the rule") {
		t.Fatalf("the password meets the rule and the message says it does not: %q", w.message.Text)
	}
	typeIn(w.confirm, "river lamp orange 42")
	if w.message.Visible() {
		t.Fatalf("all is right and a message stays: %q", w.message.Text)
	}
	// Two passwords that differ: the message goes once they are the same.
	typeIn(w.confirm, "river lamp orange 41")
	r.next()
	if !w.message.Visible() || !strings.Contains(w.message.Text, "not the same") {
		t.Fatalf("different passwords: %q", w.message.Text)
	}
	typeIn(w.confirm, "river lamp orange 42")
	if w.message.Visible() {
		t.Fatalf("the passwords are the same and the message stays: %q", w.message.Text)
	}
	r.next()
	if w.step != 4 {
		t.Fatalf("not at the 2-step step: %q", w.message.Text)
	}
	// A wrong code from the app: the message goes when another code is
	// typed, or when the person chooses backup codes only.
	typeIn(w.enrol.code, "000000")
	r.next()
	if !w.message.Visible() || !strings.Contains(w.message.Text, "authenticator app") {
		t.Fatalf("wrong code: %q", w.message.Text)
	}
	typeIn(w.enrol.code, "00000")
	if w.message.Visible() {
		t.Fatalf("another code is being typed and the message stays: %q", w.message.Text)
	}
	typeIn(w.enrol.code, "000000")
	r.next()
	w.method.SetSelected(w.method.Options[1])
	if w.message.Visible() {
		t.Fatalf("backup codes only, and the app's message stays: %q", w.message.Text)
	}
}

// TestRecoveryMessagesGoWhenPutRight: in the recovery forms, a message
// about a field goes once that field is put right.
func TestRecoveryMessagesGoWhenPutRight(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	s.showRecovery(s.resetForm, s.resetUser)
	typeIn(s.resetUser, "ana.lopez")
	s.resetPassword()
	if !s.recoverMsg.Visible() || !strings.Contains(s.recoverMsg.Text, "Fill in") {
		t.Fatalf("nothing filled in: %q", s.recoverMsg.Text)
	}
	typeIn(s.resetCode, r.codes[0])
	typeIn(s.resetNew, "a brand new passphrase")
	typeIn(s.resetAgain, "a brand new passphrase")
	if s.recoverMsg.Visible() {
		t.Fatalf("all filled in and the message stays: %q", s.recoverMsg.Text)
	}
	typeIn(s.resetAgain, "a brand new passphrasf")
	s.resetPassword()
	if !s.recoverMsg.Visible() || !strings.Contains(s.recoverMsg.Text, "not the same") {
		t.Fatalf("different passwords: %q", s.recoverMsg.Text)
	}
	typeIn(s.resetAgain, "a brand new passphrase")
	if s.recoverMsg.Visible() {
		t.Fatalf("the passwords are the same and the message stays: %q", s.recoverMsg.Text)
	}
	// A date the form cannot read: its message goes once it is retyped.
	s.showRecovery(s.findForm, s.find.family)
	typeIn(s.find.family, "lopez")
	typeIn(s.find.dob, "14/02/1990")
	typeIn(s.find.zip, "62701")
	typeIn(s.findCode, r.codes[0])
	s.findUsername()
	if !s.recoverMsg.Visible() || !strings.Contains(s.recoverMsg.Text, "month 14") {
		t.Fatalf("bad date: %q", s.recoverMsg.Text)
	}
	typeIn(s.find.zip, "62701")
	if !s.recoverMsg.Visible() {
		t.Fatal("retyping the ZIP code took away the date's message")
	}
	typeIn(s.find.dob, "01/02/1990")
	if s.recoverMsg.Visible() {
		t.Fatalf("the date is right and its message stays: %q", s.recoverMsg.Text)
	}
}
