package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"

	"fyne.io/fyne/v2/test"
)

// fillClient types a client's details into the form.
func fillClient(f *clientForm, given, family, born string) {
	typeIn(f.given, given)
	typeIn(f.family, family)
	typeIn(f.born, born)
	typeIn(f.line1, "1200 Oak Ave")
	typeIn(f.city, "Springfield")
	typeIn(f.state, "IL")
	typeIn(f.zip, "62704")
}

// addForm opens "Add client" and returns its form.
func addForm(t *testing.T, d *Desk) *clientForm {
	t.Helper()
	test.Tap(d.clients.add)
	f := findClientForm(d)
	if f == nil {
		t.Fatal("Add client shows no form")
	}
	return f
}

// findClientForm is the client form shown, if any.
func findClientForm(d *Desk) *clientForm { return d.form }

// A new client with an accented name is added and their page opens; the
// same person again is a likely duplicate, listed with Open, and "Add
// anyway" adds them all the same.
func TestDeskAddsAClientAndWarnsOfADuplicate(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, tomas, app.RoleStaff)
	if !strings.Contains(d.clients.info.Text, "No clients yet") {
		t.Fatalf("empty list says %q", d.clients.info.Text)
	}
	f := addForm(t, d)
	if got := f.assigned.Options; len(got) != 3 || got[0] != "Nobody" || got[2] != "Tomás Ruiz" {
		t.Fatalf("assigned to: %v", got)
	}
	fillClient(f, "Nguyễn Thị", "Ánh", "01/02/1990")
	f.assigned.SetSelectedIndex(2)
	test.Tap(f.save)
	if d.client == nil || d.client.title.Text != "Nguyễn Thị Ánh" {
		t.Fatalf("after adding: status %q", d.status.Text)
	}
	if d.status.Text != "Nguyễn Thị Ánh was added as a client." {
		t.Fatalf("status %q", d.status.Text)
	}
	if !strings.Contains(deskText(d.client.details), "Tomás Ruiz") {
		t.Fatal("the client is not assigned to Tomás")
	}
	first := d.client.id
	d.back()

	f = addForm(t, d)
	fillClient(f, "NGUYEN THI", "anh", "1/2/1990")
	test.Tap(f.save)
	if !f.dupBox.Visible() || !strings.Contains(deskText(f.dupBox), "Nguyễn Thị Ánh · born January 2, 1990") || buttonIn(f.dupBox, "Open") == nil {
		t.Fatalf("no duplicate warning: %q", deskText(f.dupBox))
	}
	if len(r.store.clients) != 1 || f.given.Text != "NGUYEN THI" {
		t.Fatal("a duplicate was added, or what was typed was lost")
	}
	test.Tap(f.anyway)
	if len(r.store.clients) != 2 || d.client == nil || d.client.id == first {
		t.Fatalf("Add anyway: %d clients", len(r.store.clients))
	}

	// Open on a warning goes to the client already there.
	d.back()
	f = addForm(t, d)
	fillClient(f, "Nguyen Thi", "Anh", "01/02/1990")
	test.Tap(f.save)
	test.Tap(buttonIn(f.dupBox, "Open"))
	if d.client == nil || (d.client.id != first && d.client.id != r.store.clients[1].ID) || len(r.store.clients) != 2 {
		t.Fatal("Open did not open the client already there")
	}
}

// Every wrong field says so under itself, and nothing typed is lost.
func TestDeskClientFormMarksEachField(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, tomas, app.RoleStaff)
	f := addForm(t, d)
	typeIn(f.given, "Ana")
	typeIn(f.born, "13/45/1990")
	typeIn(f.zip, "123")
	typeIn(f.email, "not an address")
	test.Tap(f.save)
	for _, c := range []app.Field{app.FieldFamilyName, app.FieldDateOfBirth, app.FieldZIP, app.FieldEmail} {
		if f.items[c].HintText == "" {
			t.Errorf("%s has no problem under it", c)
		}
	}
	if f.items[app.FieldGivenName].HintText != "" {
		t.Errorf("given name marked: %q", f.items[app.FieldGivenName].HintText)
	}
	if !f.msg.Visible() || !strings.HasPrefix(f.msg.Text, "Nothing was saved. Fix what is marked:") {
		t.Fatalf("message %q", f.msg.Text)
	}
	if f.given.Text != "Ana" || f.born.Text != "13/45/1990" || f.email.Text != "not an address" {
		t.Fatal("what was typed was lost")
	}
	if len(r.store.clients) != 0 {
		t.Fatal("a client was added")
	}
}

// Editing says when nothing changed, and a change goes in the history.
func TestDeskEditsAClient(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	p := d.client
	test.Tap(p.edit)
	f := findClientForm(d)
	if f.given.Text != "José" || f.language.Selected != "Spanish" {
		t.Fatalf("the form holds %q, %q", f.given.Text, f.language.Selected)
	}
	test.Tap(f.save)
	if !strings.Contains(f.msg.Text, "Nothing was changed") {
		t.Fatalf("unchanged: %q", f.msg.Text)
	}
	typeIn(f.phone, "(217) 555-0199")
	test.Tap(f.save)
	if d.client != p || !strings.Contains(deskText(p.details), "(217) 555-0199") {
		t.Fatalf("after saving: %q", d.status.Text)
	}
	if !strings.Contains(deskText(p.history), "changed by tomas.ruiz") {
		t.Fatalf("history: %q", deskText(p.history))
	}
}

// The A-number is masked until Show.
func TestDeskMasksTheANumber(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	p := d.client
	if p.aNumber.Text != "A•••••5678" || strings.Contains(deskText(p.box), "A012345678") {
		t.Fatalf("masked: %q", p.aNumber.Text)
	}
	test.Tap(p.showA)
	if p.aNumber.Text != "A012345678" || p.showA.Text != "Hide" {
		t.Fatalf("shown: %q", p.aNumber.Text)
	}
}

// The search finds a client by name typed without accents, by receipt
// number and by A-number; "My clients" keeps one's own.
func TestDeskSearches(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	r.addClient(t, joseFormAs("Łukasz", "Żółć", "A087654321"))
	r.addCase(t, c.ID, "IOE0912345678")
	d, _ := r.open(t, tomas, app.RoleStaff)
	for _, q := range []string{"jose munoz", "MUÑ", "ioe-09-123-45678", "A012345678", "12345678"} {
		typeSearch(d, q)
		if len(d.clients.results) != 1 || d.clients.results[0].ID != c.ID {
			t.Errorf("%q found %d", q, len(d.clients.results))
		}
	}
	typeSearch(d, "lukasz zolc")
	if len(d.clients.results) != 1 || !strings.Contains(d.clients.info.Text, "1 client matches") {
		t.Errorf("Łukasz: %d, %q", len(d.clients.results), d.clients.info.Text)
	}
	typeSearch(d, "Smith")
	if len(d.clients.results) != 0 || !strings.Contains(d.clients.info.Text, "No client matches “Smith”") {
		t.Errorf("no match says %q", d.clients.info.Text)
	}
	test.Tap(d.clients.mine)
	typeSearch(d, "")
	if len(d.clients.results) != 0 || !strings.Contains(d.clients.info.Text, "No clients are assigned to you") {
		t.Errorf("my clients: %d, %q", len(d.clients.results), d.clients.info.Text)
	}
}

func joseFormAs(given, family, anumber string) (f desk.ClientForm) {
	f = joseForm
	f.GivenName, f.FamilyName, f.ANumber = given, family, anumber
	return f
}

// The search waits for a pause in the typing, and an answer that comes
// after a later search was asked is dropped.
func TestDeskSearchDropsStaleAnswers(t *testing.T) {
	r := newDeskRig(t)
	r.addClient(t, joseForm)
	r.addClient(t, joseFormAs("Josefina", "Ruiz", ""))
	d, _ := r.open(t, tomas, app.RoleStaff)
	var waits []func()
	var delays []time.Duration
	d.after = func(delay time.Duration, f func()) func() {
		delays = append(delays, delay)
		i := len(waits)
		waits = append(waits, f)
		return func() { waits[i] = nil }
	}
	var queued []func()
	d.svc.Runner.Go = func(work func()) { queued = append(queued, work) }
	typeIn(d.clients.query, "jos")
	for i, w := range waits {
		if last := i == len(waits)-1; (w == nil) == last || delays[i] != searchDelay {
			t.Fatalf("%d waits, delays %v: only the last should be left", len(waits), delays)
		}
	}
	waits[len(waits)-1]() // the pause after "jos": a search is asked
	typeIn(d.clients.query, "josefina")
	waits[len(waits)-1]()
	if len(queued) != 2 {
		t.Fatalf("%d searches queued", len(queued))
	}
	queued[1]() // the later search answers first …
	queued[0]() // … and the earlier one's answer is dropped
	if len(d.clients.results) != 1 || d.clients.results[0].GivenName != "Josefina" {
		t.Fatalf("shown: %v", d.clients.results)
	}
}

// The list shows 200 clients, a row at a time as it scrolls.
func TestDeskListsManyClients(t *testing.T) {
	r := newDeskRig(t)
	for i := range 250 {
		r.addClient(t, joseFormAs("Ana", "García", "A00"+strconv.Itoa(1000000+i)))
	}
	d, _ := r.open(t, tomas, app.RoleStaff)
	typeSearch(d, "garcia")
	if len(d.clients.results) != 200 || !strings.Contains(d.clients.info.Text, "The first 200 clients") {
		t.Fatalf("%d shown, %q", len(d.clients.results), d.clients.info.Text)
	}
	d.clients.list.ScrollToBottom()
	d.clients.list.Select(199)
	if d.client == nil || d.client.id != d.clients.results[199].ID {
		t.Fatal("the last row did not open its client")
	}
}
