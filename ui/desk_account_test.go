package ui

import (
	"strings"
	"testing"
	"time"

	"casedesk/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// previewed is the text the preview shown draws, and the preview.
func previewed(t *testing.T, d *Desk) (string, *deskPreview) {
	t.Helper()
	if len(d.previews) == 0 || d.shown() != d.previews[len(d.previews)-1].viewer {
		t.Fatal("no preview is shown")
	}
	v := d.previews[len(d.previews)-1]
	return screenText(v.viewer), v
}

// Issuing a code shows its Account Access Notice, which prints privately;
// the page then says the code is out until when, and offers Re-issue
// (asked first) and Revoke.
func TestDeskIssuesAnAccessCode(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	p := d.client
	if p.account.issue.Text != "Issue access code" || p.account.revoke.Visible() || !strings.Contains(p.account.state.Text, "No online account yet") {
		t.Fatalf("before: %q %q", p.account.issue.Text, p.account.state.Text)
	}
	test.Tap(p.account.issue)
	text, v := previewed(t, d)
	code := r.store.lastCode
	// José reads Spanish: his notice is in Spanish, under the English
	// desk's heading.
	if !strings.Contains(text, "Account Access Notice") || !strings.Contains(text, "Su código de acceso en línea") || !strings.Contains(text, code.String()) || !strings.Contains(text, "José Muñoz") {
		t.Fatalf("the notice preview lacks the code %s:\n%s", code, text)
	}
	test.Tap(v.print)
	if !strings.Contains(v.msg.Text, "CaseDesk keeps no copy") || !strings.Contains(strings.Join(r.sp.ran, "\n"), "lp ") {
		t.Fatalf("print: %q, ran %v", v.msg.Text, r.sp.ran)
	}
	test.Tap(v.backBtn)
	if d.shown() != p.scroll || v.doc != nil || v.viewer.Objects != nil {
		t.Fatal("back from the preview kept the notice")
	}
	if !strings.Contains(p.account.state.Text, "Access code issued; it works until") || p.account.issue.Text != "Re-issue access code" || !p.account.revoke.Visible() {
		t.Fatalf("after: %q", p.account.state.Text)
	}
	test.Tap(p.account.issue)
	dialogButton(t, r.win, "Cancel")
	if len(d.previews) != 0 || r.store.lastCode != code {
		t.Fatal("a code was re-issued though the staff member cancelled")
	}
	test.Tap(p.account.issue)
	dialogButton(t, r.win, "Re-issue access code")
	if r.store.lastCode == code {
		t.Fatal("no new code")
	}
	test.Tap(d.previews[0].backBtn)
	test.Tap(p.account.revoke)
	dialogButton(t, r.win, "Revoke code")
	if !strings.Contains(p.account.msg.Text, "revoked") || !strings.Contains(p.account.state.Text, "expired or was revoked") {
		t.Fatalf("revoke: %q / %q", p.account.msg.Text, p.account.state.Text)
	}
}

// A client without a mailing address gets no code: the page says what to add.
func TestDeskNeedsTheAddressForACode(t *testing.T) {
	r := newDeskRig(t)
	f := joseForm
	f.Line1, f.City, f.State, f.ZIP = "", "", "", ""
	c := r.addClient(t, f)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	test.Tap(d.client.account.issue)
	if len(d.previews) != 0 || !strings.Contains(d.client.account.msg.Text, "ZIP code") || !strings.Contains(d.client.account.msg.Text, "Edit details") {
		t.Fatalf("message %q", d.client.account.msg.Text)
	}
}

// A set-up account is reset only after the identity check: the button
// stays off until the kind of ID is chosen and the check is ticked.
func TestDeskResetsAnAccountAfterAnIdentityCheck(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	r.store.accounts[c.ID] = app.Account{ID: "acct-jose", PersonID: c.ID, Username: "jose.munoz", Number: "123456789012",
		LockedUntil: time.Now().Add(20 * time.Minute)}
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	a := d.client.account
	if a.issue.Visible() || !a.unlock.Visible() || !a.resetAcct.Visible() || !strings.Contains(a.state.Text, "Locked after failed sign-ins") {
		t.Fatalf("locked account: %q", a.state.Text)
	}
	test.Tap(a.unlock)
	if !strings.Contains(a.msg.Text, "unlocked") || !strings.Contains(a.state.Text, "Account set up. Username jose.munoz") || a.unlock.Visible() {
		t.Fatalf("unlock: %q / %q", a.msg.Text, a.state.Text)
	}
	test.Tap(a.resetAcct)
	top := r.win.Canvas().Overlays().Top()
	ok := buttonIn(top, "Reset password and 2-step")
	if ok == nil || !ok.Disabled() {
		t.Fatal("the reset can be confirmed before the check")
	}
	var kind *choice
	var saw *widget.Check
	walkShown(top, func(o fyne.CanvasObject) bool {
		switch w := o.(type) {
		case *choice:
			kind = w
		case *widget.Check:
			saw = w
		}
		return true
	})
	kind.SetSelected("passport")
	if !ok.Disabled() {
		t.Fatal("enabled without the check")
	}
	saw.SetChecked(true)
	test.Tap(ok)
	text, _ := previewed(t, d)
	if !strings.Contains(text, r.store.lastCode.String()) || r.win.Canvas().Overlays().Top() != nil {
		t.Fatal("no notice after the reset, or the dialog stayed")
	}
	var checked bool
	for _, e := range r.store.audit {
		checked = checked || (e.Action == "account.identity_checked" && strings.Contains(e.Detail, "passport"))
	}
	if !checked {
		t.Fatal("the identity check was not audited")
	}
	if !strings.Contains(d.client.account.msg.Text, "re-opened") {
		t.Fatalf("message %q", d.client.account.msg.Text)
	}
}
