package main

// A visit at the clinic's kiosk, over a real store, in a window of the
// test driver: a visitor signs in, opens their case, previews and prints a
// notice, shows an appointment's QR code and walks away; the idle limit
// fires. Then nothing of the visitor is anywhere: not in the window's
// widgets, the clipboard, the temporary folders, the cache or the home
// folder.

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/portal"
	"casedesk/app/printing"
	"casedesk/ui"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// visitor is the person at the kiosk and what of them must not stay.
type visitor struct {
	username, password string
	backups            []string
	secrets            []string // name, receipt numbers, account number, username, in each way they are written
}

// kioskClinic sets the clinic up with one client, José Muñoz: a case with
// a notice and an appointment, and an online account.
func kioskClinic(t *testing.T, w *deskWindow) visitor {
	t.Helper()
	ctx := context.Background()
	admin := w.setUp(t)
	dk := w.svc.Desk.For(admin)
	cl, err := dk.AddClient(ctx, desk.ClientForm{GivenName: "José", FamilyName: "Muñoz", DateOfBirth: "03/14/1985", CountryOfBirth: "Mexico",
		Line1: "44 Quarry Rd", City: "Springfield", State: "IL", ZIP: "62704"}, false)
	if err != nil {
		t.Fatal(err)
	}
	c, err := dk.AddCase(ctx, desk.CaseForm{PersonID: cl.ID, Role: desk.AsApplicant, Receipt: "IOE0987654321", FormType: "I-485", Filed: "01/15/2026"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dk.RecordStatus(ctx, desk.StatusForm{CaseID: c.ID, Status: "approved", Date: time.Now().Format("01/02/2006"), Notice: app.NoticeApproval}); err != nil {
		t.Fatal(err)
	}
	if _, err := dk.ScheduleAppointment(ctx, desk.AppointmentForm{CaseID: c.ID, Kind: app.AppointmentInterview, Date: time.Now().AddDate(0, 2, 0).Format("01/02/2006"),
		Time: "9:30 AM", Place: "USCIS Chicago Field Office", Address: "101 W Congress Pkwy, Chicago, IL 60605"}); err != nil {
		t.Fatal(err)
	}
	is, err := dk.IssueCode(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := w.codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Munoz", DateOfBirth: "1985-03-14", ZIP: "62704", CountryOfBirth: "Mexico"})
	if err != nil {
		t.Fatal(err)
	}
	v := visitor{username: "jose.munoz", password: "river lamp orange 42"}
	v.backups, _ = auth.NewBackupCodes()
	acct, err := w.codes.Redeem(ctx, ticket, auth.Setup{Username: v.username, Password: v.password, BackupCodes: v.backups})
	if err != nil {
		t.Fatal(err)
	}
	number := string(acct.Number)
	v.secrets = []string{"José", "Jose", "Muñoz", "Munoz", "IOE0987654321", "IOE-09-876-54321", "IOE 09 876 54321",
		number, acct.Number.String(), strings.ReplaceAll(acct.Number.String(), " ", "-"), v.username}
	return v
}

// leaks says which of the secrets s holds, ignoring case.
func leaks(s string, secrets []string) []string {
	var found []string
	low := strings.ToLower(s)
	for _, x := range secrets {
		if strings.Contains(low, strings.ToLower(x)) {
			found = append(found, x)
		}
	}
	return found
}

// everyText is every piece of text the objects hold, shown or hidden:
// labels, buttons, entries (what was typed and their placeholders), rich
// text, drawn text, choices and their options, cards, checks, forms, every
// tab's content and every widget's parts.
func everyText(objs ...fyne.CanvasObject) string {
	var b strings.Builder
	seen := map[fyne.CanvasObject]bool{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || seen[o] {
			return
		}
		seen[o] = true
		if e := entryIn(o); e != nil {
			b.WriteString(e.Text + "\n" + e.PlaceHolder + "\n")
		}
		if s := selectIn(o); s != nil {
			b.WriteString(s.Selected + "\n" + strings.Join(s.Options, "\n") + "\n")
		}
		switch x := o.(type) {
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString(x.Text + "\n")
		case *widget.RichText:
			b.WriteString(x.String() + "\n")
		case *widget.Check:
			b.WriteString(x.Text + "\n")
		case *widget.Hyperlink:
			b.WriteString(x.Text + "\n")
		case *widget.Card:
			b.WriteString(x.Title + "\n" + x.Subtitle + "\n")
			walk(x.Content)
		case *widget.Form:
			for _, it := range x.Items {
				b.WriteString(it.Text + "\n" + it.HintText + "\n")
				walk(it.Widget)
			}
		case *container.AppTabs:
			for _, it := range x.Items {
				b.WriteString(it.Text + "\n")
				walk(it.Content)
			}
		case *container.Scroll:
			walk(x.Content)
		case *widget.PopUp:
			walk(x.Content)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	for _, o := range objs {
		walk(o)
	}
	return b.String()
}

// windowText is everyText of the window: its content and every overlay
// (dialogs, pop-ups, menus).
func windowText(win fyne.Window) string {
	objs := []fyne.CanvasObject{win.Content()}
	objs = append(objs, win.Canvas().Overlays().List()...)
	return everyText(objs...)
}

// fileLeaks looks through every file under each root, its name and its
// bytes, and the text of each PDF (whose text is compressed), for the
// secrets; it returns "path: secret" for each found.
func fileLeaks(t *testing.T, secrets []string, roots ...string) []string {
	t.Helper()
	var found []string
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // gone meanwhile, or not readable: nothing of ours
			}
			for _, s := range leaks(d.Name(), secrets) {
				found = append(found, path+" (its name): "+s)
			}
			if !d.Type().IsRegular() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			text := string(b)
			if bytes.HasPrefix(b, []byte("%PDF")) {
				if out, err := exec.Command("pdftotext", path, "-").Output(); err == nil {
					text += string(out)
				} else {
					found = append(found, path+": a PDF that could not be read")
				}
			}
			for _, s := range leaks(text, secrets) {
				found = append(found, path+": "+s)
			}
			return nil
		})
	}
	return found
}

// clock is the kiosk's idle clock: the time now, plus what the test adds;
// ticks are the screens' clocks, which tick when the test says.
type clock struct {
	mu    sync.Mutex
	ahead time.Duration
	ticks []func()
	stops []<-chan struct{}
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return time.Now().Add(c.ahead) }

func (c *clock) run(stop <-chan struct{}, tick func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ticks, c.stops = append(c.ticks, tick), append(c.stops, stop)
}

// pass moves the clock on by d and ticks every clock still running.
func (c *clock) pass(d time.Duration) {
	c.mu.Lock()
	c.ahead += d
	var ticks []func()
	for i, stop := range c.stops {
		select {
		case <-stop:
		default:
			ticks = append(ticks, c.ticks[i])
		}
	}
	c.mu.Unlock()
	for _, tick := range ticks {
		tick()
	}
}

// tapIn taps the shown button of the window that says text, in the
// language the screen is in: a plain button or one that extends it.
func tapIn(t *testing.T, win fyne.Window, text string) {
	t.Helper()
	b := anyButton(win.Content(), i18n.T(text))
	if b == nil {
		t.Fatalf("no %q button on the screen:\n%s", i18n.T(text), words(win.Content()))
	}
	test.Tap(b)
}

// anyButton is the first shown button under o that says text, whatever
// widget extends Fyne's button.
func anyButton(o fyne.CanvasObject, text string) fyne.Tappable {
	var found fyne.Tappable
	visit(o, func(x fyne.CanvasObject) bool {
		tb, ok := x.(fyne.Tappable)
		if !ok {
			return true
		}
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			found = tb
		}
		v := reflect.ValueOf(x)
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			if f := v.Elem().FieldByName("Button"); f.IsValid() && f.Type() == reflect.TypeFor[widget.Button]() && f.FieldByName("Text").String() == text {
				found = tb
			}
		}
		return found == nil
	})
	return found
}

func TestKioskVisitLeavesNothingBehind(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is needed to read the PDFs left behind; make test installs it")
	}
	w := newDeskWindow(t) // the store is made before the visitor's folders exist, outside them
	v := kioskClinic(t, w)
	// The visitor's folders: a home, its cache (where the kiosk prints
	// from) and the temporary folder, all empty to begin with.
	home, tmp := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("TMPDIR", tmp)
	cache, err := os.UserCacheDir()
	if err != nil || !strings.HasPrefix(cache, home) {
		t.Fatalf("the cache folder %s is not in the test's home %s: %v", cache, home, err)
	}
	kioskDir := app.KioskFolder()
	// What a visit before, interrupted, left: the start-up wipes it.
	os.MkdirAll(kioskDir, 0o755)
	os.WriteFile(filepath.Join(kioskDir, "notice.pdf"), []byte("José Muñoz IOE0987654321"), 0o644)

	clk := &clock{}
	svc := w.svc
	svc.Kiosk, svc.KioskDir, svc.ClinicLanguage = true, kioskDir, "en"
	svc.Now = clk.now
	svc.Runner.Clock = clk.run
	var printed []string
	svc.Printing = printing.NewWith(func(_ context.Context, name string, args ...string) ([]byte, error) {
		if name != "lp" {
			return nil, nil
		}
		file := args[len(args)-1]
		printed = append(printed, file)
		// The print system has the file: it is a real PDF of the notice,
		// in the kiosk's folder, private, and the search would find it.
		st, err := os.Stat(file)
		if err != nil || !strings.HasPrefix(file, kioskDir+string(filepath.Separator)) || st.Mode().Perm() != 0o600 {
			t.Errorf("printed %s (%v, %v), not from the kiosk's folder %s", file, st, err, kioskDir)
		}
		if got := fileLeaks(t, v.secrets, filepath.Dir(file)); len(got) == 0 {
			t.Errorf("the printed notice %s holds none of the visitor's details: the search of files would miss a notice left behind", file)
		}
		return []byte("request id is PDF-3 (1 file(s))\n"), nil
	}, "linux")

	win := w.win
	ui.ShowIn(win, svc)
	if !win.FullScreen() {
		t.Fatal("the kiosk is not full screen")
	}
	if left, _ := os.ReadDir(kioskDir); len(left) != 0 {
		t.Fatalf("the start-up left %v in the kiosk's folder", left)
	}

	// The visitor reads Spanish, signs in, and copies their username on
	// the way.
	t.Cleanup(func() { _ = i18n.SetDefault(i18n.English) })
	visitor := i18n.English
	if i18n.Has("es") {
		visitor = "es"
		choose(t, win.Content(), "English", "Español")
		if i18n.Language() != "es" {
			t.Fatalf("the visitor's choice of Spanish was not applied: %s", i18n.Language())
		}
	}
	w.shot(t, "kiosk-welcome")
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), v.username)
	user := first(win.Content(), func(e *widget.Entry) bool { return e.Text == v.username })
	user.TypedShortcut(&fyne.ShortcutSelectAll{})
	user.TypedShortcut(&fyne.ShortcutCopy{Clipboard: fyne.CurrentApp().Clipboard()})
	if got := fyne.CurrentApp().Clipboard().Content(); got != v.username {
		t.Fatalf("the copy of the username did not reach the clipboard (%q): the check of the clipboard would prove nothing", got)
	}
	fieldTyped(t, win.Content(), i18n.T("Password"), v.password)
	tapIn(t, win, "Next")
	fieldTyped(t, win.Content(), i18n.T("Backup code"), v.backups[0])
	test.Tap(first(win.Content(), func(b *widget.Button) bool {
		return b.Text == i18n.T("Sign in") && b.Importance == widget.HighImportance
	}))
	if text := words(win.Content()); !strings.Contains(text, i18n.T("Welcome, %s", "José")) {
		t.Fatalf("not signed in:\n%s", text)
	}

	// Their case, its notice previewed and printed, the appointment's QR code.
	tapIn(t, win, "Open case")
	tapIn(t, win, "Preview")
	if text := words(win.Content()); !strings.Contains(text, "IOE0987654321") {
		t.Fatalf("no preview of the notice:\n%s", text)
	}
	if first(win.Content(), func(b *widget.Button) bool {
		return b.Text == i18n.T("Save PDF") || b.Text == i18n.T("Open in PDF viewer")
	}) != nil {
		t.Fatal("the kiosk's preview offers to save or open the PDF")
	}
	tapIn(t, win, "Print")
	if text := words(win.Content()); !strings.Contains(text, i18n.T("Sent to the printer. Nothing of it is kept on this computer.")) || len(printed) != 1 {
		t.Fatalf("not printed (%v):\n%s", printed, text)
	}
	tapIn(t, win, "Back")
	tapIn(t, win, "All my cases")
	tabs := first(win.Content(), func(*container.AppTabs) bool { return true })
	for i, it := range tabs.Items {
		if strings.HasPrefix(it.Text, i18n.T("Appointments")) {
			tabs.SelectIndex(i)
		}
	}
	tapIn(t, win, "Add to your phone's calendar (QR code)")
	w.shot(t, "kiosk-appointment-qr")
	if got := leaks(windowText(win), v.secrets); len(got) < 3 {
		t.Fatalf("the signed-in screen shows only %v of the visitor: the search of the widgets would prove nothing", got)
	}

	// A pop-up left open over the screen, as a dialog the visitor did not
	// answer: it goes with the visit too.
	widget.ShowPopUp(widget.NewLabel("José Muñoz, IOE0987654321"), win.Canvas())
	if len(win.Canvas().Overlays().List()) == 0 {
		t.Fatal("no pop-up shown")
	}

	// The visitor walks away: the 30-second warning, then the limit.
	clk.pass(portal.KioskIdle - 20*time.Second)
	if anyButton(win.Content(), i18n.T("Stay signed in")) == nil {
		t.Fatalf("no warning:\n%s", words(win.Content()))
	}
	clk.pass(30 * time.Second)

	text := windowText(win)
	// Why the visit ended is said in the visitor's language (Spanish when
	// CaseDesk has it); the welcome screen is back in the clinic's.
	why := i18n.In(visitor).T("You were signed out because nothing happened for %s.", i18n.In(visitor).N(2, "%d minute", "%d minutes"))
	if !strings.Contains(text, "I have an access code") || !strings.Contains(text, why) {
		t.Fatalf("the window is not back at the welcome screen:\n%s", text)
	}
	w.shot(t, "kiosk-after-visit")
	if got := leaks(text, v.secrets); len(got) != 0 {
		t.Errorf("the window's widgets still hold %v:\n%s", got, text)
	}
	if got := fyne.CurrentApp().Clipboard().Content(); len(leaks(got, v.secrets)) != 0 || got != "" {
		t.Errorf("the clipboard holds %q", got)
	}
	if left, _ := os.ReadDir(kioskDir); len(left) != 0 {
		t.Errorf("left in the kiosk's folder: %v", left)
	}
	if st, err := os.Stat(kioskDir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the kiosk's folder after the visit: %v %v", st, err)
	}
	if got := fileLeaks(t, v.secrets, kioskDir, tmp, os.TempDir(), cache, home); len(got) != 0 {
		t.Errorf("files hold the visitor's details:\n%s", strings.Join(got, "\n"))
	}
	if _, err := os.Stat(w.svc.PDFFolder); !os.IsNotExist(err) {
		t.Errorf("the kiosk wrote in the PDF folder: %v", err)
	}
	if i18n.Language() != "en" {
		t.Errorf("the language after the visit is %s", i18n.Language())
	}
}
