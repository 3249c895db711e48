package ui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/printing"
	"casedesk/app/settings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// deskRig is the desk over the in-memory clinic: an administrator, Rosa,
// and a staff member, Tomás.
type deskRig struct {
	store *deskStore
	svc   Services
	win   fyne.Window
	sp    *spooler
}

const (
	rosa  = "acct-rosa"  // an administrator
	tomas = "acct-tomas" // staff
)

func newDeskRig(t *testing.T) *deskRig {
	t.Helper()
	test.NewTempApp(t)
	st := newDeskStore()
	st.staff = []desk.StaffMember{
		{AccountID: rosa, PersonID: "sp-rosa", Name: "Rosa Díaz", Username: "rosa.diaz", Role: app.RoleAdmin, HasTwoStep: true},
		{AccountID: tomas, PersonID: "sp-tomas", Name: "Tomás Ruiz", Username: "tomas.ruiz", Role: app.RoleStaff, HasTwoStep: true},
	}
	keys := auth.NewKeysForTest(bytes.Repeat([]byte{5}, 32))
	cheap := auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}
	notices := notice.NewService(st, nil)
	r := &deskRig{store: st, sp: &spooler{}}
	r.svc = Services{
		Desk:        desk.New(st, deskCodes{st}, keys, notices, settings.New(st), nil, cheap),
		Notices:     notices,
		Printing:    printing.NewWith(r.sp.run, "linux"),
		PDFFolder:   filepath.Join(t.TempDir(), "CaseDesk"),
		SessionIdle: 15 * time.Minute,
		Runner:      inline,
	}
	r.win = test.NewTempWindow(t, nil)
	r.win.Resize(fyne.NewSize(1000, 760))
	return r
}

// open signs in as the account and shows the desk, loaded; left tells
// whether it signed out and why.
func (r *deskRig) open(t *testing.T, accountID string, role app.Role) (d *Desk, left *string) {
	t.Helper()
	session := portal.NewSession(app.Account{ID: accountID, Role: role}, time.Now(), r.svc.SessionIdle)
	left = new(string)
	d = NewDesk(r.svc, session, r.win, func(why string) { *left = "left: " + why })
	r.win.SetContent(d.Content())
	d.Start()
	return d, left
}

// addClient puts a client in the store, as the desk would.
func (r *deskRig) addClient(t *testing.T, f desk.ClientForm) desk.Client {
	t.Helper()
	c, err := desk.ParseClient(f)
	if err != nil {
		t.Fatal(err)
	}
	r.store.CreateClient(t.Context(), &c, app.AuditEvent{At: time.Now().UTC(), ActorID: "rosa.diaz", Action: "client.add", RecordType: "person"})
	return c
}

var joseForm = desk.ClientForm{GivenName: "José", FamilyName: "Muñoz", DateOfBirth: "03/14/1985", CountryOfBirth: "Mexico",
	ANumber: "A12345678", Line1: "1200 Oak Ave", City: "Springfield", State: "IL", ZIP: "62704", Language: "es"}

// addCase gives the client a case received on 2026-03-02.
func (r *deskRig) addCase(t *testing.T, personID, receipt string) app.Case {
	t.Helper()
	c := app.Case{Receipt: app.Receipt(receipt), FormType: "I-485", FormTitle: "Application to Register Permanent Residence or Adjust Status",
		ApplicantID: personID, ReceivedDate: app.NewDate(2026, 3, 2), Office: "National Benefits Center", StatusCode: "received", StatusDate: app.NewDate(2026, 3, 2)}
	first := app.CaseEvent{StatusCode: "received", Date: c.ReceivedDate}
	if err := r.store.AddCase(t.Context(), &c, &first, app.AuditEvent{Action: "case.add"}); err != nil {
		t.Fatal(err)
	}
	return c
}

// buttonIn finds the shown button with the text under o, or nil.
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walkShown(o, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
		return found == nil
	})
	return found
}

// walkShown visits o and every shown object under it, widgets' own parts
// included, while visit says to go on.
func walkShown(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return true
	}
	if !visit(o) {
		return false
	}
	var kids []fyne.CanvasObject
	switch w := o.(type) {
	case *fyne.Container:
		kids = w.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(w).Objects()
	}
	for _, k := range kids {
		if !walkShown(k, visit) {
			return false
		}
	}
	return true
}

// dialogButton taps the button with the text in the dialog on top of the
// window.
func dialogButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is shown to tap %q in", text)
	}
	b := buttonIn(top, text)
	if b == nil {
		t.Fatalf("the dialog has no %q button:\n%s", text, screenText(top))
	}
	test.Tap(b)
}

// deskText is the text of every shown label, button, entry and drawn
// text under objs.
func deskText(objs ...fyne.CanvasObject) string {
	var b strings.Builder
	for _, o := range objs {
		walkShown(o, func(o fyne.CanvasObject) bool {
			switch w := o.(type) {
			case *widget.Label:
				b.WriteString(w.Text + "\n")
			case *widget.Button:
				b.WriteString(w.Text + "\n")
			case *widget.Entry:
				b.WriteString(w.Text + "\n")
			case *field:
				b.WriteString(w.Text + "\n")
			}
			return true
		})
	}
	return b.String()
}

// typeSearch types q in the clients' search as a person would.
func typeSearch(d *Desk, q string) {
	typeIn(d.clients.query, q)
}

// findField finds the shown field with the placeholder under o.
func findField(t *testing.T, o fyne.CanvasObject, placeholder string) *field {
	t.Helper()
	var found *field
	walkShown(o, func(o fyne.CanvasObject) bool {
		if f, ok := o.(*field); ok && f.PlaceHolder == placeholder && found == nil {
			found = f
		}
		return found == nil
	})
	if found == nil {
		t.Fatalf("no field says %q", placeholder)
	}
	return found
}

// selectIn chooses option in the shown choice under o that says now (its
// placeholder or its choice).
func selectIn(t *testing.T, o fyne.CanvasObject, now, option string) {
	t.Helper()
	var found *choice
	walkShown(o, func(o fyne.CanvasObject) bool {
		if s, ok := o.(*choice); ok && (s.PlaceHolder == now && s.Selected == "" || s.Selected == now) && found == nil {
			found = s
		}
		return found == nil
	})
	if found == nil {
		t.Fatalf("no choice says %q", now)
	}
	found.SetSelected(option)
	if found.Selected != option {
		t.Fatalf("%q is not a choice: %v", option, found.Options)
	}
}
