package ui

import (
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/settings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func tabTitles(d *Desk) []string {
	var out []string
	for _, it := range d.tabs.Items {
		out = append(out, it.Text)
	}
	return out
}

// An administrator has every tab; other staff have no Staff or Settings.
func TestDeskTabsByRole(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, rosa, app.RoleAdmin)
	if got := strings.Join(tabTitles(d), ", "); got != "Clients, Messages, Mailing day, Audit, Processing times, Reports, Staff, Settings" {
		t.Fatalf("administrator's tabs: %s", got)
	}
	if d.clinic.Text != "Clínica Legal del Sur" || d.who.Text != "Rosa Díaz · administrator" {
		t.Fatalf("header %q / %q", d.clinic.Text, d.who.Text)
	}
	for i := range d.tabs.Items {
		d.tabs.SelectIndex(i)
		if d.status.Visible() {
			t.Fatalf("tab %s: %q", d.tabs.Items[i].Text, d.status.Text)
		}
	}
	if len(d.staff.resets) != 2 || len(d.settings.rows) != len(settingsCatalogue()) {
		t.Fatalf("staff rows %d, settings %d", len(d.staff.resets), len(d.settings.rows))
	}

	r2 := newDeskRig(t)
	d2, _ := r2.open(t, tomas, app.RoleStaff)
	if got := strings.Join(tabTitles(d2), ", "); got != "Clients, Messages, Mailing day, Audit, Processing times, Reports" {
		t.Fatalf("staff's tabs: %s", got)
	}
	if d2.who.Text != "Tomás Ruiz · staff" {
		t.Fatalf("header %q", d2.who.Text)
	}
}

// An applicant's session that reaches the desk is refused by the desk's
// services: it is told so, and sees no client.
func TestDeskRefusesAnApplicant(t *testing.T) {
	r := newDeskRig(t)
	r.addClient(t, joseForm)
	d, _ := r.open(t, "acct-applicant", app.RoleApplicant)
	want := desk.Message(desk.ErrNotStaff)
	if !d.status.Visible() || d.status.Text != want {
		t.Fatalf("status %q", d.status.Text)
	}
	typeSearch(d, "Muñoz")
	if len(d.clients.results) != 0 || d.status.Text != want {
		t.Fatalf("a search gave %d clients, status %q", len(d.clients.results), d.status.Text)
	}
	if len(d.tabs.Items) != 6 || d.clinic.Text != "" {
		t.Fatalf("tabs %v, header %q", tabTitles(d), d.clinic.Text)
	}
	if strings.Contains(deskText(d.Content()), "José") {
		t.Fatal("a client's name is on the applicant's screen")
	}
}

// The session's idle limit: a warning 30 seconds ahead that "Stay signed
// in" takes away, then a sign-out that says why.
func TestDeskSignsOutWhenIdle(t *testing.T) {
	r := newDeskRig(t)
	d, left := r.open(t, tomas, app.RoleStaff)
	now := d.session.LastActive()
	d.tick(now.Add(14*time.Minute + 35*time.Second))
	if !d.warning.Visible() || !strings.Contains(d.warnText.Text, "signed out in 25 seconds") {
		t.Fatalf("warning %v %q", d.warning.Visible(), d.warnText.Text)
	}
	test.Tap(buttonIn(d.warning, "Stay signed in"))
	if d.warning.Visible() {
		t.Fatal("the warning stayed after Stay signed in")
	}
	now = d.session.LastActive()
	d.tick(now.Add(15 * time.Minute))
	if !strings.Contains(*left, "nothing happened for 15 minutes") {
		t.Fatalf("left %q", *left)
	}
}

// On sign-out nothing of a client stays: not in the list, the client's
// page, a preview, a form or a dialog.
func TestDeskForgetsOnSignOut(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	r.addCase(t, c.ID, "IOE0912345678")
	d, left := r.open(t, rosa, app.RoleAdmin)
	typeSearch(d, "munoz")
	if len(d.clients.results) != 1 {
		t.Fatalf("search found %d", len(d.clients.results))
	}
	d.clients.list.Select(0)
	p := d.client
	if p == nil || !strings.Contains(deskText(d.Content()), "José Muñoz") {
		t.Fatal("the client's page is not shown")
	}
	typeIn(p.messages.body, "Bring your passport on Monday")
	test.Tap(p.account.issue)
	if len(d.previews) != 1 || !strings.Contains(screenText(d.shown()), "Su código de acceso en línea") { // José reads Spanish
		t.Fatalf("no notice preview: %d previews", len(d.previews))
	}
	test.Tap(p.account.issue) // ask for a re-issue: a dialog
	if r.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no confirmation was asked")
	}
	test.Tap(d.out)
	if *left != "left: " {
		t.Fatalf("left %q", *left)
	}
	if r.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog stayed open")
	}
	rooms := []fyne.CanvasObject{d.Content(), p.box, p.scroll}
	for _, it := range d.tabs.Items {
		rooms = append(rooms, it.Content)
	}
	after := screenText(rooms...) + typedText(rooms...)
	for _, s := range []string{"José", "Muñoz", "IOE0912345678", "Bring your passport", "Clínica"} {
		if strings.Contains(after, s) {
			t.Errorf("%q is still on the desk after signing out", s)
		}
	}
	if d.client != nil || d.back != nil || len(d.clients.results) != 0 || len(d.previews) != 0 || d.clients.query.Text != "" {
		t.Fatal("the desk still holds a client, a page, results or a preview")
	}
}

// Escape leaves a page, as its Back button does.
func TestDeskEscapeLeavesAPage(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	if d.shown() == d.tabs {
		t.Fatal("the client's page did not open")
	}
	d.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if d.shown() != d.tabs || d.client != nil {
		t.Fatal("Escape did not go back to the tabs")
	}
}

func settingsCatalogue() []string {
	var out []string
	for _, s := range settings.Catalogue {
		if s.Key != app.SettingKiosk { // the Kiosk card's, not a row
			out = append(out, s.Key)
		}
	}
	return out
}
