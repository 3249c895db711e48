package ui

import (
	"regexp"
	"strings"
	"testing"

	"casedesk/app"

	"fyne.io/fyne/v2/test"
)

var oneTimePassword = regexp.MustCompile(`^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`)

// An administrator adds a staff member, whose one-time password is shown
// once in a dialog; Disable and Reset are asked first.
func TestDeskStaff(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, rosa, app.RoleAdmin)
	d.tabs.Select(d.staff.item)
	s := d.staff
	if s.resets[0] != nil || s.resets[1] == nil {
		t.Fatal("an administrator may reset her own account, or not Tomás's")
	}
	typeIn(s.given, "Ana")
	test.Tap(s.add)
	if s.items[app.FieldFamilyName].HintText == "" || s.items[app.FieldUsername].HintText == "" || s.given.Text != "Ana" {
		t.Fatal("the missing fields are not marked, or the name typed was lost")
	}
	typeIn(s.family, "Pérez")
	typeIn(s.username, "ana.perez")
	test.Tap(s.add)
	if s.shownPassword == nil || !oneTimePassword.MatchString(s.shownPassword.Text) {
		t.Fatalf("no one-time password shown: %q", s.msg.Text)
	}
	top := r.win.Canvas().Overlays().Top()
	if !strings.Contains(deskText(top), "Hand this password to Ana Pérez in person") {
		t.Fatalf("dialog:\n%s", deskText(top))
	}
	password := s.shownPassword.Text
	dialogButton(t, r.win, "I have handed it over")
	if s.shownPassword != nil || strings.Contains(screenText(d.Content()), password) {
		t.Fatal("the password stayed after the dialog closed")
	}
	if len(s.resets) != 3 || r.store.staff[2].Username != "ana.perez" || !r.store.staff[2].MustChange {
		t.Fatalf("staff %v", r.store.staff)
	}
	test.Tap(s.resets[1]) // Tomás
	dialogButton(t, r.win, "Reset password and 2-step")
	if s.shownPassword == nil || !r.store.staff[1].MustChange {
		t.Fatal("no reset")
	}
	// Print…: the sheet to hand over, previewed, which prints privately
	// and names neither the account nor its holder.
	password = s.shownPassword.Text
	dialogButton(t, r.win, "Print…")
	if s.shownPassword != nil || r.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the dialog stayed over the sheet's preview")
	}
	text, v := previewed(t, d)
	if !strings.Contains(text, password) || !strings.Contains(text, "was reset") || strings.Contains(text, "tomas") || strings.Contains(text, "Tomás") {
		t.Fatalf("the sheet's preview:\n%s", text)
	}
	test.Tap(v.print)
	if !strings.Contains(v.msg.Text, "CaseDesk keeps no copy") {
		t.Fatalf("print: %q", v.msg.Text)
	}
	test.Tap(v.backBtn)
	if v.doc != nil || strings.Contains(screenText(d.Content()), password) {
		t.Fatal("the password stayed after the preview was left")
	}
	test.Tap(buttonIn(s.rows, "Disable"))
	dialogButton(t, r.win, "Disable")
	if !r.store.staff[1].Disabled || !strings.Contains(d.status.Text, "tomas.ruiz is disabled") {
		t.Fatalf("disable: %q", d.status.Text)
	}
}

// A setting the rule refuses says why under itself; a good one is saved.
func TestDeskSettings(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, rosa, app.RoleAdmin)
	d.tabs.Select(d.settings.item)
	var idle *settingRow
	for _, row := range d.settings.rows {
		if row.key == app.SettingSessionIdleMinutes {
			idle = row
		}
	}
	typeIn(idle.value, "600")
	test.Tap(idle.save)
	if !idle.msg.Visible() || !strings.Contains(idle.msg.Text, "not a whole number from 1 to 60") || idle.value.Text != "600" {
		t.Fatalf("refused: %q", idle.msg.Text)
	}
	typeIn(idle.value, "5")
	test.Tap(idle.save)
	if idle.msg.Text != "Saved." || r.store.settings[app.SettingSessionIdleMinutes] != "5" {
		t.Fatalf("saved: %q", idle.msg.Text)
	}
}

// Processing times: Edit puts a row in the form, and Save changes it.
func TestDeskProcessingTimes(t *testing.T) {
	r := newDeskRig(t)
	r.store.times = []app.ProcessingTime{{FormType: "I-485", Office: "NBC", MinMonths: 8, MaxMonths: 13.5, AsOf: app.NewDate(2026, 11, 1)}}
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.tabs.Select(d.times.item)
	p := d.times
	test.Tap(p.edits[0])
	if p.form.Selected != "I-485" || p.high.Text != "13.5" {
		t.Fatalf("edit: %q %q", p.form.Selected, p.high.Text)
	}
	typeIn(p.low, "twelve")
	test.Tap(p.save)
	if p.items[app.FieldMonths].HintText == "" || p.low.Text != "twelve" {
		t.Fatal("a wrong number is not marked")
	}
	typeIn(p.low, "9")
	test.Tap(p.save)
	if r.store.times[0].MinMonths != 9 || len(r.store.times) != 1 || !strings.Contains(p.msg.Text, "I-485 at NBC takes 9 to 13.5 months") {
		t.Fatalf("saved %v: %q", r.store.times, p.msg.Text)
	}
}

// The audit log narrows by kind and by staff member, and refuses a date
// it cannot read.
func TestDeskAudit(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	d, _ := r.open(t, rosa, app.RoleAdmin)
	d.openClient(c.ID)
	test.Tap(d.client.account.issue)
	d.back()
	d.back()
	d.tabs.Select(d.audit.item)
	a := d.audit
	if len(a.rows) != 2 || !strings.Contains(a.info.Text, "2 entries") {
		t.Fatalf("%d rows: %q", len(a.rows), a.info.Text)
	}
	a.kind.SetSelected("Access codes")
	test.Tap(a.show)
	if len(a.rows) != 1 || a.rows[0].Action != "access_code.issued" {
		t.Fatalf("access codes: %v", a.rows)
	}
	a.kind.SetSelectedIndex(0)
	a.staff.SetSelected("Tomás Ruiz (tomas.ruiz)")
	test.Tap(a.show)
	if len(a.rows) != 0 || !strings.Contains(a.info.Text, "Nothing in the audit log matches") {
		t.Fatalf("Tomás: %v", a.rows)
	}
	typeIn(a.from, "13/13/2026")
	test.Tap(a.show)
	if a.items["from"].HintText == "" || !strings.Contains(a.info.Text, "Fix the dates") {
		t.Fatalf("bad date: %q", a.info.Text)
	}
	typeIn(a.clientQuery, "munoz")
	if a.client.Selected != "José Muñoz" {
		t.Fatalf("client %q", a.client.Selected)
	}
}
