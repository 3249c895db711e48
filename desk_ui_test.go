package main

// The clinic's desk in a window over a real store: the screens are driven
// as a person would, by the words on their buttons, fields and tabs.

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/portal"
	"casedesk/app/printing"
	"casedesk/app/settings"
	"casedesk/ui"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

var cheapHash = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// deskWindow is a clinic's store behind a window that shows the desk.
type deskWindow struct {
	c       *clinic
	svc     ui.Services
	acct    *auth.Account
	codes   *auth.Codes
	win     fyne.Window
	printed []string // the print system's commands
	shots   string
}

func newDeskWindow(t *testing.T) *deskWindow {
	t.Helper()
	ctx := context.Background()
	test.NewTempApp(t)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	c, err := openClinic(ctx, filepath.Join(t.TempDir(), "casedesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	w := &deskWindow{c: c, shots: deskShots(t)}
	w.svc = deskServices(c)
	w.svc.Printing = printing.NewWith(func(_ context.Context, name string, args ...string) ([]byte, error) {
		w.printed = append(w.printed, name+" "+strings.Join(args, " "))
		switch {
		case name == "lpstat" && len(args) > 0 && args[0] == "-p":
			return []byte("printer PDF is idle.\n"), nil
		case name == "lpstat":
			return []byte("system default destination: PDF\n"), nil
		case name == "lp":
			return []byte("request id is PDF-1 (1 file(s))\n"), nil
		}
		return nil, nil
	}, "linux")
	w.svc.PDFFolder = filepath.Join(t.TempDir(), "CaseDesk")
	w.acct = auth.NewAccount(c.Store, c.keys, nil, cheapHash)
	w.codes = auth.NewCodes(c.Store, c.keys, nil, cheapHash)
	w.win = test.NewTempWindow(t, nil)
	w.win.Resize(fyne.NewSize(1000, 720))
	return w
}

// deskServices is what the window gets, with the desk's services, cheap
// password hashing, and background work run at once on the test's
// goroutine (the test driver runs fyne.Do in line).
func deskServices(c *clinic) ui.Services {
	svc := c.services()
	svc.Desk = desk.New(c.Store.Desk(), c.Codes(), c.keys, c.Notices(), settings.New(c.Store), nil, cheapHash)
	svc.Desk.CheckPasswordsWith(auth.NewAccount(c.Store, c.keys, nil, cheapHash).ConfirmPassword)
	svc.Runner = ui.Runner{Go: func(work func()) { work() }, Clock: func(<-chan struct{}, func()) {}}
	return svc
}

// setUp sets the clinic up and returns its administrator's session.
func (w *deskWindow) setUp(t *testing.T) *portal.Session {
	t.Helper()
	codes, _ := auth.NewBackupCodes()
	a, err := w.svc.Desk.SetUpClinic(context.Background(),
		desk.ClinicForm{Name: "Clínica Legal del Sur", Address: "120 Main St\nSpringfield, IL 62701", Phone: "(217) 555-0100", TimeZone: "America/Chicago"},
		desk.AdminForm{GivenName: "Rosa", FamilyName: "Delgado", Username: "rosa.admin", Password: "copper kettle winter 19"},
		desk.TwoStep{BackupCodes: codes})
	if err != nil {
		t.Fatal(err)
	}
	return portal.NewSession(a, time.Now(), portal.DesktopIdle)
}

// staffMember adds a staff member and signs them in through the first
// sign-in, as the window does.
func (w *deskWindow) staffMember(t *testing.T, admin *portal.Session, username string) *portal.Session {
	t.Helper()
	ctx := context.Background()
	_, pw, err := w.svc.Desk.For(admin).AddStaff(ctx, desk.StaffForm{GivenName: "Tomás", FamilyName: "Herrera", Username: username, Role: app.RoleStaff})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := w.acct.Password(ctx, username, pw)
	if err != nil {
		t.Fatal(err)
	}
	backups, _ := auth.NewBackupCodes()
	a, err := w.acct.FirstSignIn(ctx, ch, auth.Setup{Username: username, Password: "velvet harbor lantern 7", BackupCodes: backups})
	if err != nil {
		t.Fatal(err)
	}
	return portal.NewSession(a, time.Now(), portal.DesktopIdle)
}

// show puts the desk for the session in the window and starts it; left
// says why it was left, once it is.
func (w *deskWindow) show(s *portal.Session) (*ui.Desk, *string) {
	left := new(string)
	d := ui.NewDesk(w.svc, s, w.win, func(why string) { *left = "left: " + why })
	w.win.SetContent(d.Content())
	w.win.Canvas().SetOnTypedKey(d.TypedKey)
	d.Start()
	return d, left
}

// deskShots is where the desk's screenshots go for a person to look at:
// $CASEDESK_SHOTS, as for the smoke test, or a temporary folder.
func deskShots(t *testing.T) string {
	dir := os.Getenv("CASEDESK_SHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shot saves what the window shows for a person to look at.
func (w *deskWindow) shot(t *testing.T, name string) {
	t.Helper()
	f, err := os.Create(filepath.Join(w.shots, "desk-"+name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// visit calls f on o and every shown object under it, widgets' parts
// included, until f says to stop.
func visit(o fyne.CanvasObject, f func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return true
	}
	if !f(o) {
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
		if !visit(k, f) {
			return false
		}
	}
	return true
}

// first is the first shown object under o that match takes.
func first[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) T {
	var found T
	var ok bool
	visit(o, func(x fyne.CanvasObject) bool {
		if v, is := x.(T); is && match(v) {
			found, ok = v, true
		}
		return !ok
	})
	return found
}

// words is every text drawn under objs, one a line.
func words(objs ...fyne.CanvasObject) string {
	var b strings.Builder
	for _, o := range objs {
		visit(o, func(x fyne.CanvasObject) bool {
			if t, ok := x.(*canvas.Text); ok {
				b.WriteString(t.Text + "\n")
			}
			return true
		})
	}
	return b.String()
}

// entryIn is the Entry of a text field, whatever widget wraps it.
func entryIn(o fyne.CanvasObject) *widget.Entry {
	if e, ok := o.(*widget.Entry); ok {
		return e
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	if f := v.Elem().FieldByName("Entry"); f.IsValid() && f.Type() == reflect.TypeFor[widget.Entry]() {
		return f.Addr().Interface().(*widget.Entry)
	}
	return nil
}

// button finds the shown button that says text.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	b := first(o, func(b *widget.Button) bool { return b.Text == text })
	if b == nil {
		t.Fatalf("no %q button on the screen:\n%s", text, words(o))
	}
	return b
}

// tap taps the shown button that says text.
func tap(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	test.Tap(button(t, o, text))
}

// fieldTyped types s into the field with the placeholder, or the field
// of the form item with that label, replacing what it held.
func fieldTyped(t *testing.T, o fyne.CanvasObject, name, s string) {
	t.Helper()
	var target fyne.CanvasObject
	visit(o, func(x fyne.CanvasObject) bool {
		if e := entryIn(x); e != nil && e.PlaceHolder == name {
			target = x
		}
		if f, ok := x.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text == name && entryIn(it.Widget) != nil {
					target = it.Widget
				}
			}
		}
		return target == nil
	})
	if target == nil {
		t.Fatalf("no field %q on the screen", name)
	}
	entryIn(target).SetText("")
	test.Type(target.(fyne.Focusable), s)
}

// choose picks option in the shown choice that now says now.
func choose(t *testing.T, o fyne.CanvasObject, now, option string) {
	t.Helper()
	var s *widget.Select
	visit(o, func(x fyne.CanvasObject) bool {
		if c := selectIn(x); c != nil && (c.Selected == now || c.Selected == "" && c.PlaceHolder == now) {
			s = c
		}
		return s == nil
	})
	if s == nil {
		t.Fatalf("no choice says %q", now)
	}
	s.SetSelected(option)
	if s.Selected != option {
		t.Fatalf("%q is not among %v", option, s.Options)
	}
}

// selectIn is the Select that o is or extends (the desk's lists extend
// Fyne's to be chosen from by typing), or nil.
func selectIn(o fyne.CanvasObject) *widget.Select {
	if s, ok := o.(*widget.Select); ok {
		return s
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	if f := v.Elem().FieldByName("Select"); f.IsValid() && f.Type() == reflect.TypeFor[widget.Select]() {
		return f.Addr().Interface().(*widget.Select)
	}
	return nil
}

// tabs is the desk's tabs.
func tabs(t *testing.T, d *ui.Desk) *container.AppTabs {
	t.Helper()
	tb := first(d.Content(), func(*container.AppTabs) bool { return true })
	if tb == nil {
		t.Fatal("no tabs are shown")
	}
	return tb
}

// openTab shows the tab whose title starts with title.
func openTab(t *testing.T, d *ui.Desk, title string) {
	t.Helper()
	tb := tabs(t, d)
	for _, it := range tb.Items {
		if strings.HasPrefix(it.Text, title) {
			tb.Select(it)
			return
		}
	}
	t.Fatalf("no tab %q", title)
}

func tabTitles(t *testing.T, d *ui.Desk) string {
	t.Helper()
	var out []string
	for _, it := range tabs(t, d).Items {
		out = append(out, it.Text)
	}
	return strings.Join(out, ", ")
}

// listed is the text of the rows of the shown list.
func listed(t *testing.T, d *ui.Desk) (*widget.List, string) {
	t.Helper()
	l := first(d.Content(), func(*widget.List) bool { return true })
	if l == nil {
		t.Fatal("no list is shown")
	}
	return l, words(l)
}

var accessCode = regexp.MustCompile(`\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b`)

// A staff member's day at the desk: a client with an accented name is
// added, then again as a likely duplicate and "Add anyway"; the search
// finds them by the name typed without accents and by receipt number; a
// code is issued and its notice previewed and printed; the client sets
// the account up with it and answers a message, which the inbox shows
// unread until read; "Case Was Approved" is recorded with its notice;
// signing out leaves nothing of the client on the screen.
func TestDeskWindowStaffDay(t *testing.T) {
	w := newDeskWindow(t)
	ctx := context.Background()
	admin := w.setUp(t)
	d, left := w.show(w.staffMember(t, admin, "tomas.h"))
	screen := d.Content()
	if got := tabTitles(t, d); got != "Clients, Messages, Mailing day, Audit, Processing times, Reports" {
		t.Fatalf("staff's tabs: %s", got)
	}
	if text := words(screen); !strings.Contains(text, "Clínica Legal del Sur") || !strings.Contains(text, "Tomás Herrera · staff") ||
		!strings.Contains(text, "No clients yet") {
		t.Fatalf("the desk opens with:\n%s", text)
	}
	for _, title := range []string{"Messages", "Mailing day", "Audit", "Processing times", "Clients"} {
		openTab(t, d, title)
		if text := words(screen); strings.Contains(text, "Only clinic staff") || strings.Contains(text, "went wrong") || strings.Contains(text, "could not") {
			t.Fatalf("tab %s says:\n%s", title, text)
		}
		w.shot(t, "tab-"+strings.ReplaceAll(strings.ToLower(title), " ", "-")+"-empty")
	}

	// A new client, then the same person again.
	add := func() {
		tap(t, screen, "Add client")
		fieldTyped(t, screen, "Given name", "José Ángel")
		fieldTyped(t, screen, "Family name", "Muñoz")
		fieldTyped(t, screen, "MM/DD/YYYY", "03/14/1985")
		fieldTyped(t, screen, "Country of birth", "México")
		fieldTyped(t, screen, "Street address", "1200 Oak Ave")
		fieldTyped(t, screen, "City", "Springfield")
		fieldTyped(t, screen, "IL", "IL")
		fieldTyped(t, screen, "ZIP code", "62704")
		choose(t, screen, "English", "Spanish")
	}
	add()
	w.shot(t, "add-client")
	tap(t, screen, "Add client")
	if text := words(screen); !strings.Contains(text, "José Ángel Muñoz was added as a client.") || !strings.Contains(text, "No online account yet") {
		t.Fatalf("after adding:\n%s", text)
	}
	tap(t, screen, "Back")
	add()
	tap(t, screen, "Add client")
	if text := words(screen); !strings.Contains(text, "This may be a client already in CaseDesk:") || !strings.Contains(text, "José Ángel Muñoz · born March 14, 1985") {
		t.Fatalf("no duplicate warning:\n%s", text)
	}
	w.shot(t, "duplicate")
	tap(t, screen, "Add anyway")
	if text := words(screen); !strings.Contains(text, "José Ángel Muñoz was added as a client.") {
		t.Fatalf("Add anyway:\n%s", text)
	}
	found, _ := w.svc.Desk.For(admin).Search(ctx, "jose angel munoz", false)
	if len(found) != 2 {
		t.Fatalf("%d clients named José Ángel Muñoz", len(found))
	}

	// A case for the second, added on their page.
	tap(t, screen, "Add a case")
	fieldTyped(t, screen, "Like IOE0912345678", "ioe-09-123-45678")
	choose(t, screen, "Which form?", "I-485 — Application to Register Permanent Residence or Adjust Status")
	fieldTyped(t, screen, "MM/DD/YYYY", "01/15/2026")
	tap(t, screen, "Add case")
	if text := words(screen); !strings.Contains(text, "Case IOE0912345678 (I-485) was added") || !strings.Contains(text, "Case Was Received since January 15, 2026") {
		t.Fatalf("after adding a case:\n%s", text)
	}
	tap(t, screen, "Back")

	// The search, as typed: the name without accents, then the receipt number.
	fieldTyped(t, screen, "Search by name, receipt number, A-number or account number", "jose munoz")
	if l, rows := listed(t, d); l.Length() != 2 || strings.Count(rows, "José Ángel Muñoz") != 2 {
		t.Fatalf("by name: %d rows\n%s", l.Length(), rows)
	}
	w.shot(t, "search")
	fieldTyped(t, screen, "Search by name, receipt number, A-number or account number", "IOE 0912345678")
	l, _ := listed(t, d)
	if l.Length() != 1 {
		t.Fatalf("by receipt: %d rows", l.Length())
	}
	l.Select(0)
	w.shot(t, "client")

	// A code, its notice previewed and printed.
	tap(t, screen, "Issue access code")
	preview := words(screen)
	code := accessCode.FindString(preview)
	if code == "" || !strings.Contains(preview, "Account Access Notice") || !strings.Contains(preview, "José Ángel Muñoz") {
		t.Fatalf("the Account Access Notice preview:\n%s", preview)
	}
	w.shot(t, "access-notice")
	tap(t, screen, "Print")
	if !strings.Contains(strings.Join(w.printed, "\n"), "lp ") || !strings.Contains(words(screen), "CaseDesk keeps no copy of the letter") {
		t.Fatalf("printing: %v\n%s", w.printed, words(screen))
	}
	tap(t, screen, "Back")
	if !strings.Contains(words(screen), "Access code issued; it works until") {
		t.Fatalf("the account after the code:\n%s", words(screen))
	}

	// The clinic writes; the client sets the account up with the code from
	// the notice and answers.
	fieldTyped(t, screen, "In a few words, what it is about", "Your medical exam")
	fieldTyped(t, screen, "What you want to tell the client…", "Please bring the I-693 to the clinic.")
	tap(t, screen, "Send")
	client := w.redeem(t, code, found)
	msgs, err := w.portal().Messages(ctx, client)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("the client's messages: %v %v", msgs, err)
	}
	if _, err := w.portal().Reply(ctx, client, msgs[0].ID, "I will bring it on Monday."); err != nil {
		t.Fatal(err)
	}
	tap(t, screen, "Back")
	openTab(t, d, "Messages")
	tap(t, screen, "Refresh")
	if got := tabTitles(t, d); !strings.Contains(got, "Messages (1)") {
		t.Fatalf("tabs: %s", got)
	}
	inbox, rows := listed(t, d)
	subject := first(inbox, func(l *widget.Label) bool { return l.Text == "Re: Your medical exam" })
	if subject == nil || !subject.TextStyle.Bold || !strings.Contains(rows, "José Ángel Muñoz") {
		t.Fatalf("the inbox:\n%s", rows)
	}
	w.shot(t, "inbox")
	inbox.Select(0)
	if text := words(screen); !strings.Contains(text, "I will bring it on Monday.") || !strings.Contains(text, "Please bring the I-693") {
		t.Fatalf("the conversation:\n%s", text)
	}
	w.shot(t, "conversation")
	tap(t, screen, "Back to messages")
	inbox, _ = listed(t, d)
	subject = first(inbox, func(l *widget.Label) bool { return l.Text == "Re: Your medical exam" })
	if got := tabTitles(t, d); !strings.Contains(got, "Messages,") || subject.TextStyle.Bold {
		t.Fatalf("after reading: %s, bold %v", got, subject.TextStyle.Bold)
	}
	inbox.Select(0)
	tap(t, screen, "Open client's page")

	// "Case Was Approved", with its approval notice.
	tap(t, screen, "Open")
	choose(t, screen, "Choose the status USCIS shows", "Case Was Approved")
	if text := words(screen); !strings.Contains(text, "Approval Notice") {
		t.Fatalf("the notice offered:\n%s", text)
	}
	tap(t, screen, "Record status change")
	today := app.DateOf(time.Now())
	if text := words(screen); !strings.Contains(text, "Recorded “Case Was Approved” on "+today.String()+", with its approval notice.") ||
		!strings.Contains(text, "Now: Case Was Approved") {
		t.Fatalf("after recording:\n%s", text)
	}
	w.shot(t, "case")
	r, _ := app.ParseReceipt("IOE0912345678")
	kase, _ := w.c.CaseByReceipt(ctx, r)
	ns, _ := w.c.NoticesOfCase(ctx, kase.ID)
	if len(ns) != 1 || ns[0].Kind != app.NoticeApproval {
		t.Fatalf("notices %+v", ns)
	}
	tap(t, screen, "Preview")
	if text := words(screen); !strings.Contains(text, "IOE0912345678") {
		t.Fatalf("the approval notice:\n%s", text)
	}
	w.shot(t, "approval-notice")
	tap(t, screen, "Back")
	tap(t, screen, "Back to José Ángel Muñoz")
	clientPage := first(screen, func(*container.Scroll) bool { return true })

	// Sign out: nothing of the client stays.
	tap(t, screen, "Sign out")
	if *left != "left: " {
		t.Fatalf("left %q", *left)
	}
	rooms := []fyne.CanvasObject{screen, clientPage}
	for _, it := range tabs(t, d).Items {
		rooms = append(rooms, it.Content)
	}
	for _, s := range []string{"José", "Muñoz", "IOE0912345678", "Tomás", "Clínica"} {
		if strings.Contains(words(rooms...), s) {
			t.Errorf("%q is on the desk after signing out", s)
		}
	}
	for _, it := range tabs(t, d).Items {
		if l := first(it.Content, func(*widget.List) bool { return true }); l != nil && l.Length() != 0 {
			t.Errorf("%s lists %d rows after signing out", it.Text, l.Length())
		}
	}
}

// redeem sets up the client's account with the code, as the wizard does,
// and signs the client in.
func (w *deskWindow) redeem(t *testing.T, code string, people []app.Person) *portal.Session {
	t.Helper()
	ctx := context.Background()
	for _, p := range people {
		ticket, err := w.codes.Check(ctx, code, auth.Identity{FamilyName: "munoz", DateOfBirth: "1985-03-14", ZIP: "62704", CountryOfBirth: p.CountryOfBirth})
		if err != nil {
			continue
		}
		backups, _ := auth.NewBackupCodes()
		a, err := w.codes.Redeem(ctx, ticket, auth.Setup{Username: "jose.munoz", Password: "river lamp orange 42", BackupCodes: backups})
		if err != nil {
			t.Fatal(err)
		}
		return portal.NewSession(a, time.Now(), portal.DesktopIdle)
	}
	t.Fatalf("the code %s from the notice does not work", code)
	return nil
}

func (w *deskWindow) portal() *portal.Portal { return portal.New(w.c.Store, w.acct, nil) }

// An administrator also has Staff and Settings.
func TestDeskWindowAdministrator(t *testing.T) {
	w := newDeskWindow(t)
	d, _ := w.show(w.setUp(t))
	if got := tabTitles(t, d); got != "Clients, Messages, Mailing day, Audit, Processing times, Reports, Staff, Settings" {
		t.Fatalf("administrator's tabs: %s", got)
	}
	openTab(t, d, "Staff")
	if text := words(d.Content()); !strings.Contains(text, "Rosa Delgado · rosa.admin") {
		t.Fatalf("staff:\n%s", text)
	}
	w.shot(t, "tab-staff")
	openTab(t, d, "Settings")
	if text := words(d.Content()); !strings.Contains(text, "clinic.name") || !strings.Contains(text, "session.idle_minutes") {
		t.Fatalf("settings:\n%s", text)
	}
	w.shot(t, "tab-settings")
	openTab(t, d, "Audit")
	if text := words(d.Content()); !strings.Contains(text, "clinic.setup") {
		t.Fatalf("audit:\n%s", text)
	}
	w.shot(t, "tab-audit")
}

// An applicant's session that reaches the desk is refused by the desk's
// services, and sees no client.
func TestDeskWindowRefusesAnApplicant(t *testing.T) {
	w := newDeskWindow(t)
	ctx := context.Background()
	admin := w.setUp(t)
	dk := w.svc.Desk.For(admin)
	cl, err := dk.AddClient(ctx, desk.ClientForm{GivenName: "Ana", FamilyName: "López", DateOfBirth: "01/02/1990", CountryOfBirth: "Peru",
		Line1: "1 Main St", City: "Springfield", State: "IL", ZIP: "62701"}, false)
	if err != nil {
		t.Fatal(err)
	}
	is, err := dk.IssueCode(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := w.codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Lopez", DateOfBirth: "01/02/1990", ZIP: "62701", CountryOfBirth: "Peru"})
	if err != nil {
		t.Fatal(err)
	}
	backups, _ := auth.NewBackupCodes()
	a, err := w.codes.Redeem(ctx, ticket, auth.Setup{Username: "ana.lopez", Password: "river lamp orange 42", BackupCodes: backups})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := w.show(portal.NewSession(a, time.Now(), portal.DesktopIdle))
	want := desk.Message(desk.ErrNotStaff)
	if !strings.Contains(words(d.Content()), want) {
		t.Fatalf("no refusal:\n%s", words(d.Content()))
	}
	fieldTyped(t, d.Content(), "Search by name, receipt number, A-number or account number", "Ana")
	if l, _ := listed(t, d); l.Length() != 0 || strings.Contains(words(d.Content()), "López") || !strings.Contains(words(d.Content()), want) {
		t.Fatalf("the applicant sees:\n%s", words(d.Content()))
	}
}
