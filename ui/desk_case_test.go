package ui

import (
	"strings"
	"testing"
	"time"

	"casedesk/app"

	"fyne.io/fyne/v2/test"
)

// chooseStatus picks the status with the code in the form.
func chooseStatus(t *testing.T, f *statusForm, code string) {
	t.Helper()
	for i, s := range f.statuses {
		if s.Code == code {
			f.status.SetSelectedIndex(i)
			return
		}
	}
	t.Fatalf("no status %s", code)
}

// "Case Was Approved" is recorded with its approval notice, offered for
// it; the history and the notices show both, and the notice previews.
func TestDeskRecordsAnApproval(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	k := r.addCase(t, c.ID, "IOE0912345678")
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	test.Tap(d.client.openCase[0])
	p := d.kase
	if p == nil || !strings.Contains(p.now.Text, "Case Was Received") {
		t.Fatal("the case page did not open")
	}
	f := p.status
	if f.date.Text != app.DateOf(time.Now()).Short() || f.kind.Selected != "No notice" {
		t.Fatalf("defaults: %q %q", f.date.Text, f.kind.Selected)
	}
	chooseStatus(t, f, "approved")
	if !f.meaning.Visible() || f.meaning.Text == "" || f.kind.Selected != "Approval Notice" {
		t.Fatalf("approved: meaning %q, notice %q", f.meaning.Text, f.kind.Selected)
	}
	typeIn(f.note, "Card to follow")
	test.Tap(f.record)
	want := "Recorded “Case Was Approved” on " + app.DateOf(time.Now()).String() + ", with its approval notice."
	if d.status.Text != want {
		t.Fatalf("status %q, want %q (form says %q)", d.status.Text, want, f.msg.Text)
	}
	if !strings.Contains(p.now.Text, "Case Was Approved") || !strings.Contains(deskText(p.history), "Case Was Approved — Card to follow") {
		t.Fatalf("history: %q", deskText(p.history))
	}
	if len(p.views) != 1 || f.note.Text != "" || f.status.SelectedIndex() != -1 {
		t.Fatalf("%d notices; the form was not emptied", len(p.views))
	}
	test.Tap(p.views[0])
	text, _ := previewed(t, d)
	if !strings.Contains(text, "IOE0912345678") || !strings.Contains(text, "José Muñoz") {
		t.Fatalf("approval notice preview:\n%s", text)
	}
	d.back()
	d.back()
	if d.client == nil || !strings.Contains(deskText(d.client.cases), "Case Was Approved") {
		t.Fatal("the client's page does not show the new status")
	}
	_ = k
}

// A request for evidence asks for its response date, and each problem is
// said under its field; nothing is recorded then.
func TestDeskStatusFormMarksEachField(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	k := r.addCase(t, c.ID, "IOE0912345678")
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openCase(k.ID)
	f := d.kase.status
	if !f.due.Disabled() {
		t.Fatal("the response date is asked without a request for evidence")
	}
	test.Tap(f.record)
	if f.items[app.FieldStatus].HintText == "" || len(r.store.events) != 1 {
		t.Fatalf("no status: %q", f.items[app.FieldStatus].HintText)
	}
	chooseStatus(t, f, "evidence_requested")
	if f.kind.Selected != "Request for Evidence" || f.due.Disabled() {
		t.Fatalf("RFE: notice %q", f.kind.Selected)
	}
	typeIn(f.date, "02/01/2026")
	test.Tap(f.record)
	if f.items[app.FieldDate].HintText == "" || f.items[app.FieldDueDate].HintText == "" || len(r.store.events) != 1 {
		t.Fatalf("date %q, due %q", f.items[app.FieldDate].HintText, f.items[app.FieldDueDate].HintText)
	}
	typeIn(f.date, "06/01/2026")
	typeIn(f.due, "08/27/2026")
	test.Tap(f.record)
	if len(r.store.events) != 2 || r.store.notices[0].DueDate != app.NewDate(2026, 8, 27) {
		t.Fatalf("not recorded: %q", f.msg.Text)
	}
}

// A case is added from the client's page; a petition needs the other person.
func TestDeskAddsACase(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	wife := r.addClient(t, joseFormAs("María", "Muñoz", ""))
	d, _ := r.open(t, tomas, app.RoleStaff)
	ring := newFocusRing(r.win.Canvas())
	r.win.SetContent(ring.over(d.Content()))
	d.pressed = ring.lastSeen
	d.openClient(c.ID)
	r.win.Canvas().Focus(d.client.addCase) // reached by Tab, seen by the ring
	ring.follow()
	test.Tap(d.client.addCase) // which takes the focus away, as Space does
	ring.follow()
	page := d.shown()
	if r.win.Canvas().Focused() == nil || r.win.Canvas().Focused() != findField(t, page, "Like IOE0912345678") {
		t.Fatal("the cursor is not in the receipt number")
	}
	typeIn(findField(t, page, "Like IOE0912345678"), "ioe-09-123-45678")
	selectIn(t, page, "Which form?", "I-130 — Petition for Alien Relative")
	typeIn(findField(t, page, "MM/DD/YYYY"), "03/02/2026")
	test.Tap(buttonIn(page, "Add case"))
	if len(r.store.cases) != 0 || !strings.Contains(deskText(page), "is applicant, but I-130 is a petition") {
		t.Fatalf("a petition as applicant: %q", deskText(page))
	}
	selectIn(t, page, "Applicant (the form is for the client)", "Petitioner (the client files for a relative)")
	typeIn(findField(t, page, "On a petition: type the other person's name to find them"), "maria")
	test.Tap(buttonIn(page, "Add case"))
	if len(r.store.cases) != 1 || r.store.cases[0].BeneficiaryID != wife.ID || d.client == nil || d.shown() != d.client.scroll {
		t.Fatalf("cases %v; status %q", r.store.cases, d.status.Text)
	}
	if !strings.Contains(d.status.Text, "Case IOE0912345678 (I-130) was added") || len(d.client.openCase) != 1 {
		t.Fatalf("status %q", d.status.Text)
	}
	// The focus is back on "Add a case", where Tab goes on from.
	if r.win.Canvas().Focused() != d.client.addCase {
		t.Fatalf("after adding, the focus is on %T", r.win.Canvas().Focused())
	}
	// Open, and back: the page reloads, and the focus is on Open again.
	open := d.client.openCase[0]
	r.win.Canvas().Focus(open)
	ring.follow()
	test.Tap(open)
	ring.follow()
	if d.kase == nil {
		t.Fatal("Open did not open the case")
	}
	d.back()
	if r.win.Canvas().Focused() != open || d.client.openCase[0] != open {
		t.Fatalf("back from the case, the focus is on %T", r.win.Canvas().Focused())
	}
}

// An appointment is scheduled from the case's page, then moved and
// cancelled from the client's page.
func TestDeskSchedulesAnAppointment(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	k := r.addCase(t, c.ID, "IOE0912345678")
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	d.openCase(k.ID)
	f := d.kase.appt
	next := app.DateOf(time.Now().AddDate(0, 1, 0)).Short()
	f.kind.SetSelectedIndex(0)
	typeIn(f.date, next)
	typeIn(f.clock, "9:30 AM")
	test.Tap(f.save)
	if f.items[app.FieldPlace].HintText == "" || f.items[app.FieldStreet].HintText == "" || len(r.store.appts) != 0 {
		t.Fatal("no place and address were accepted")
	}
	typeIn(f.place, "USCIS Application Support Center")
	typeIn(f.address, "101 W Congress Pkwy, Chicago, IL")
	test.Tap(f.save)
	if len(r.store.appts) != 1 || !strings.Contains(d.status.Text, "appointment is scheduled for") || len(d.kase.views) != 1 {
		t.Fatalf("scheduled %d: %q", len(r.store.appts), d.status.Text)
	}
	d.back()
	l := d.client.appts
	if len(l.moves) != 1 {
		t.Fatalf("%d appointments to move", len(l.moves))
	}
	test.Tap(l.moves[0])
	page := d.shown()
	typeIn(findField(t, page, "9:30 AM"), "2:00 PM")
	test.Tap(buttonIn(page, "Reschedule"))
	if r.store.appts[0].Status != "rescheduled" || r.store.appts[0].Local().Hour() != 14 || d.shown() != d.client.scroll {
		t.Fatalf("rescheduled: %+v; %q", r.store.appts[0], d.status.Text)
	}
	test.Tap(d.client.appts.cancels[0])
	dialogButton(t, r.win, "Cancel appointment")
	if r.store.appts[0].Status != "cancelled" || len(d.client.appts.moves) != 0 {
		t.Fatalf("cancelled: %+v", r.store.appts[0])
	}
}
