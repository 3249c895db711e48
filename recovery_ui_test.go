package main

import (
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/ui"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestSetUpPrintsTheRecoveryKey: a clinic's set-up ends with its recovery
// key sheet, printed privately, which must be put away before the desk
// opens; its groups are never drawn on the screen.
func TestSetUpPrintsTheRecoveryKey(t *testing.T) {
	w := newDeskWindow(t)
	var opened app.Account
	s := ui.NewClinicSetUp(w.svc, w.win.Canvas(), func(a app.Account) { opened = a }, func(string) {})
	w.win.SetContent(s.Content())
	s.Start()
	c := w.win.Content()
	fieldTyped(t, c, "Clinic name", "Clínica Legal del Sur")
	fieldTyped(t, c, "Clinic address", "120 Main St\nSpringfield, IL 62701")
	fieldTyped(t, c, "Phone", "(217) 555-0100")
	fieldTyped(t, c, "Time zone", "America/Chicago")
	tap(t, c, "Next")
	fieldTyped(t, c, "Given name", "Rosa")
	fieldTyped(t, c, "Family name", "Delgado")
	fieldTyped(t, c, "Username", "rosa.admin")
	fieldTyped(t, c, "Password", adminPassword)
	fieldTyped(t, c, "Password again", adminPassword)
	tap(t, c, "Next")
	group := first(c, func(g *widget.RadioGroup) bool { return true })
	group.SetSelected(group.Options[1]) // printed backup codes only
	tap(t, c, "Set up the clinic")
	if !strings.Contains(words(c), "Your backup codes") {
		t.Fatalf("no backup codes:\n%s", words(c))
	}
	first(c, func(k *widget.Check) bool { return strings.HasPrefix(k.Text, "I printed the sheet") }).SetChecked(true)
	tap(t, c, "Next")

	shown := words(c)
	if !strings.Contains(shown, "The clinic's recovery key") || !strings.Contains(shown, "Step 5 of 5") {
		t.Fatalf("no recovery key step:\n%s", shown)
	}
	for _, g := range w.c.keys.RecoveryGroups() {
		if strings.Contains(shown, g) {
			t.Fatalf("the screen shows the key's group %s", g)
		}
	}
	open := button(t, c, "Open the desk")
	if !open.Disabled() {
		t.Fatal("the desk opens before the recovery key is put away")
	}
	before := len(w.printed)
	tap(t, c, "Print the recovery key")
	var lp string
	for _, p := range w.printed[before:] {
		if strings.HasPrefix(p, "lp ") {
			lp = p
		}
	}
	if lp == "" || !strings.Contains(words(c), "sent to the printer") {
		t.Fatalf("not printed: %v\n%s", w.printed[before:], words(c))
	}
	w.shot(t, "setup-recovery-key")
	first(c, func(k *widget.Check) bool { return strings.HasPrefix(k.Text, "I printed the recovery key") }).SetChecked(true)
	test.Tap(open)
	if opened.Username != "rosa.admin" {
		t.Fatalf("the desk did not open: %+v", opened)
	}
	rows, err := w.svc.Desk.CommandLine("test").AuditLog(t.Context(), desk.AuditFilter{Action: "recovery_key."})
	if err != nil || len(rows) != 1 || rows[0].ActorID != "rosa.admin" {
		t.Errorf("audit: %+v %v", rows, err)
	}
}

// TestSettingsPrintsTheRecoveryKeyAgain: in Settings an administrator
// types the password again to see the sheet; a wrong one is refused and
// forgotten, and the sheet prints privately.
func TestSettingsPrintsTheRecoveryKeyAgain(t *testing.T) {
	w := newDeskWindow(t)
	d, _ := w.show(w.setUp(t))
	openTab(t, d, "Settings")
	c := d.Content()
	var pw *widget.Entry
	visit(c, func(o fyne.CanvasObject) bool {
		if e := entryIn(o); e != nil && e.PlaceHolder == "Your password" {
			pw = e
		}
		return pw == nil
	})
	fieldTyped(t, c, "Your password", "not my password")
	tap(t, c, "Print the recovery key…")
	if text := words(c); !strings.Contains(text, "The current password is not right") || pw.Text != "" {
		t.Fatalf("a wrong password:\n%s", text)
	}
	fieldTyped(t, c, "Your password", adminPassword)
	tap(t, c, "Print the recovery key…")
	if pw.Text != "" {
		t.Error("the password stayed in its field")
	}
	shown := words(d.Content())
	if !strings.Contains(shown, "CaseDesk Recovery Key") || !strings.Contains(shown, w.c.keys.RecoveryGroups()[0]) {
		t.Fatalf("no preview of the sheet:\n%s", shown)
	}
	w.shot(t, "settings-recovery-key")
	before := len(w.printed)
	tap(t, d.Content(), "Print")
	printed := strings.Join(w.printed[before:], "\n")
	if !strings.Contains(printed, "lp ") || !strings.Contains(words(d.Content()), "keeps no copy") {
		t.Fatalf("not printed privately: %s\n%s", printed, words(d.Content()))
	}
	rows, _ := w.svc.Desk.CommandLine("test").AuditLog(t.Context(), desk.AuditFilter{Action: "signin.failed"})
	if len(rows) != 1 {
		t.Errorf("%d failed tries audited", len(rows))
	}
}
