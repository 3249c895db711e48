package main

// Attacks on the clinic's kiosk, over a real store, in a window of the test
// driver: a visitor who walks away in the middle of a screen with a dialog
// open, a staff member who leaves the desk signed in at the kiosk, a
// language tag that is a path, a catalog whose text would make fmt print
// something else, and the language choice in the middle of a flow.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/portal"
	"casedesk/ui"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// kioskWindow is the window of a clinic's kiosk over w's store, with the
// clinic's one client and the clock the test moves.
func kioskWindow(t *testing.T) (*deskWindow, visitor, *clock) {
	t.Helper()
	w := newDeskWindow(t)
	v := kioskClinic(t, w)
	clk := &clock{}
	svc := w.svc
	svc.Kiosk, svc.KioskDir, svc.ClinicLanguage = true, t.TempDir()+"/casedesk-kiosk", "en"
	svc.Now = clk.now
	svc.Runner.Clock = clk.run
	// The screens before a sign-in read the time from the system's clock:
	// a limit short enough to pass for real.
	svc.SessionIdle = shortIdle
	t.Cleanup(func() { _ = i18n.SetDefault(i18n.English) })
	ui.ShowIn(w.win, svc)
	return w, v, clk
}

// shortIdle is the kiosk's idle limit in these tests.
const shortIdle = 300 * time.Millisecond

// walkAway lets the idle limit fire: the time passes, on the system's
// clock and the test's, and the screens' clocks tick.
func walkAway(clk *clock) {
	time.Sleep(shortIdle + 100*time.Millisecond)
	clk.pass(shortIdle + 100*time.Millisecond)
}

// atWelcome says whether the window is back at the kiosk's welcome screen.
func atWelcome(win fyne.Window) bool {
	return strings.Contains(windowText(win), i18n.T("I have an access code"))
}

// A visitor types their username on the sign-in screen, opens a dialog
// over it and walks away: the idle limit still fires, the dialog goes and
// nothing typed is left in any widget.
func TestSecurityKioskSignInIdleWithDialogOpen(t *testing.T) {
	w, v, clk := kioskWindow(t)
	win := w.win
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), v.username)
	fieldTyped(t, win.Content(), i18n.T("Password"), v.password)
	dialog.ShowInformation("José Muñoz", "IOE0987654321", win)
	if len(win.Canvas().Overlays().List()) == 0 {
		t.Fatal("no dialog shown")
	}
	walkAway(clk)
	if !atWelcome(win) {
		t.Fatalf("the idle limit did not close the sign-in screen:\n%s", windowText(win))
	}
	if n := len(win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs stay over the welcome screen", n)
	}
	text := windowText(win)
	if got := leaks(text+v.password, append(v.secrets, v.password)); len(got) != 1 { // the password, added here, only
		t.Errorf("the window still holds %v:\n%s", got, text)
	}
}

// The second step of the sign-in, after a right password, is an
// applicant screen too: walking away there signs nobody in and leaves
// nothing typed.
func TestSecurityKioskSecondStepIdle(t *testing.T) {
	w, v, clk := kioskWindow(t)
	win := w.win
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), v.username)
	fieldTyped(t, win.Content(), i18n.T("Password"), v.password)
	tapIn(t, win, "Next")
	fieldTyped(t, win.Content(), i18n.T("Backup code"), v.backups[0])
	walkAway(clk)
	if !atWelcome(win) {
		t.Fatalf("the idle limit did not close the second step:\n%s", windowText(win))
	}
	text := windowText(win)
	if got := leaks(text, append(v.secrets, v.backups[0])); len(got) != 0 {
		t.Errorf("the window still holds %v", got)
	}
}

// The wizard of the access code: walking away mid-way forgets what was
// typed, and the welcome screen is in the clinic's language again.
func TestSecurityKioskWizardIdleForgetsAndResetsLanguage(t *testing.T) {
	w, _, clk := kioskWindow(t)
	win := w.win
	if !i18n.Has("es") {
		t.Skip("CaseDesk has no Spanish")
	}
	choose(t, win.Content(), "English", "Español")
	tapIn(t, win, "I have an access code")
	var typed bool
	visit(win.Content(), func(o fyne.CanvasObject) bool {
		if e := entryIn(o); e != nil && !typed && e.Visible() {
			e.SetText("IOE0987654321 Muñoz")
			typed = true
		}
		return !typed
	})
	if !typed {
		t.Fatal("no field in the wizard")
	}
	walkAway(clk)
	if i18n.Language() != "en" {
		t.Errorf("the next visitor gets %s", i18n.Language())
	}
	if !atWelcome(win) {
		t.Fatalf("the idle limit did not close the wizard:\n%s", windowText(win))
	}
	if got := leaks(windowText(win), []string{"IOE0987654321", "Muñoz"}); len(got) != 0 {
		t.Errorf("the window still holds %v", got)
	}
}

// languageChoices counts the choices on the screen that offer Español.
func languageChoices(o fyne.CanvasObject) int {
	n := 0
	visit(o, func(x fyne.CanvasObject) bool {
		if s := selectIn(x); s != nil {
			for _, opt := range s.Options {
				if opt == "Español" {
					n++
				}
			}
		}
		return true
	})
	return n
}

// The language is chosen on the welcome screen only: no screen in the
// middle of a flow (sign-in, its second step, the wizard) offers it, so a
// switch cannot rebuild a screen and drop what was typed.
func TestSecurityKioskNoLanguageChoiceMidFlow(t *testing.T) {
	if !i18n.Has("es") {
		t.Skip("CaseDesk has no Spanish")
	}
	w, v, _ := kioskWindow(t)
	win := w.win
	if languageChoices(win.Content()) != 1 {
		t.Fatalf("the welcome screen offers no language:\n%s", windowText(win))
	}
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), v.username)
	if n := languageChoices(win.Content()); n != 0 {
		t.Errorf("the sign-in screen offers the language %d times", n)
	}
	fieldTyped(t, win.Content(), i18n.T("Password"), v.password)
	tapIn(t, win, "Next")
	if n := languageChoices(win.Content()); n != 0 {
		t.Errorf("the second step offers the language %d times", n)
	}
	tapIn(t, win, "Cancel")
	if !atWelcome(win) {
		t.Fatalf("Cancel did not go back to the welcome screen:\n%s", words(win.Content()))
	}
	tapIn(t, win, "I have an access code")
	if n := languageChoices(win.Content()); n != 0 {
		t.Errorf("the wizard offers the language %d times", n)
	}
}

// A language tag that is a path, or has letters the catalogs' names do not,
// is refused by i18n and by the clinic.language setting, and the language
// stays as it was; a plain staff member cannot set the clinic's language or
// the idle limit at all.
func TestSecurityKioskLanguageTagIsNoPath(t *testing.T) {
	useConfigDir(t, newMemKeyring())
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	staff := r.staffSession(t, admin, "tomas.h", app.RoleStaff)
	bad := []string{"../en", "../../etc/passwd", "/etc/passwd", "es/../en", "es.json", "e\x00s", "ES ", "es%", "%s", "english", ".", ""}
	before := i18n.Language()
	for _, tag := range bad {
		if tag != "" && tag != "ES " { // "" is English, "ES " is es: both fine
			if err := i18n.Use(tag); err == nil {
				t.Errorf("i18n.Use(%q) was accepted", tag)
			}
		}
		if i18n.Language() != before {
			t.Fatalf("i18n.Use(%q) changed the language to %s", tag, i18n.Language())
		}
		if tag == "ES " {
			continue
		}
		if err := r.desk.For(admin).SetSetting(ctx, app.SettingClinicLanguage, tag); !app.IsInput(err, app.FieldValue) {
			t.Errorf("clinic.language=%q: %v", tag, err)
		}
	}
	for _, kv := range [][2]string{{app.SettingClinicLanguage, "es"}, {app.SettingSessionIdleMinutes, "600"}} {
		err := r.desk.For(staff).SetSetting(ctx, kv[0], kv[1])
		if !errors.Is(err, desk.ErrNotAdmin) {
			t.Errorf("a staff member set %s=%s: %v", kv[0], kv[1], err)
		}
	}
}

// fmtVerb is one of fmt's verbs (and %%).
var fmtVerb = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?(\d+|\*)?(\.(\d+|\*))?[a-zA-Z%]`)

// verbs is msg's fmt verbs, sorted.
func verbs(msg string) string {
	v := fmtVerb.FindAllString(msg, -1)
	sort.Strings(v)
	return strings.Join(v, " ")
}

// Every translation keeps the verbs of its English message, no more and no
// fewer: a translation with a %s too many prints %!s(MISSING) to the
// visitor, one with a %v where the message has %s could print a value the
// message did not mean to show, and a missing one drops a word.
func TestSecurityKioskCatalogVerbs(t *testing.T) {
	checked := 0
	for _, l := range i18n.Languages() {
		if l.Tag == i18n.English {
			continue
		}
		c := i18n.In(l.Tag)
		for _, msg := range c.Messages() {
			checked++
			want := verbs(msg)
			texts := []string{c.Text(msg)}
			for _, f := range c.Forms(msg) {
				texts = append(texts, f)
			}
			for _, tr := range texts {
				if tr == "" {
					continue
				}
				if got := verbs(tr); got != want {
					t.Errorf("%s: %q has %q, its translation %q has %q", l.Tag, msg, want, tr, got)
				}
			}
		}
	}
	// Text a visitor typed, shown through T without arguments, is shown
	// as typed, not formatted: its verbs print nothing else.
	for _, typed := range []string{"%s%v%x%n", "100%", "%!s(MISSING)", "%[2]*[1]d"} {
		for _, l := range i18n.Languages() {
			if got := i18n.In(l.Tag).T(typed); got != typed {
				t.Errorf("%s: T(%q) = %q", l.Tag, typed, got)
			}
		}
	}
	if i18n.Has("es") && checked < 100 {
		t.Fatalf("only %d translated messages checked", checked)
	}
}

// kioskStaff adds a plain staff member who has signed in once, and says
// their password and backup codes, as the kiosk's sign-in needs them.
func kioskStaff(t *testing.T, w *deskWindow, admin *portal.Session) (string, []string) {
	t.Helper()
	ctx := context.Background()
	_, pw, err := w.svc.Desk.For(admin).AddStaff(ctx, desk.StaffForm{GivenName: "Tomás", FamilyName: "Herrera", Username: "tomas.h", Role: app.RoleStaff})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := w.acct.Password(ctx, "tomas.h", pw)
	if err != nil {
		t.Fatal(err)
	}
	backups, _ := auth.NewBackupCodes()
	if _, err := w.acct.FirstSignIn(ctx, ch, auth.Setup{Username: "tomas.h", Password: "velvet harbor lantern 7", BackupCodes: backups}); err != nil {
		t.Fatal(err)
	}
	return "velvet harbor lantern 7", backups
}

// A plain staff member signs in at the kiosk, looks up a client and walks
// away: the desk has the kiosk's idle limit, and the next visitor finds
// the welcome screen with nothing of the clinic's clients.
func TestSecurityKioskStaffDeskLeftOpen(t *testing.T) {
	w := newDeskWindow(t)
	admin := w.setUp(t)
	ctx := context.Background()
	if _, err := w.svc.Desk.For(admin).AddClient(ctx, desk.ClientForm{GivenName: "José", FamilyName: "Muñoz", DateOfBirth: "03/14/1985", CountryOfBirth: "Mexico",
		Line1: "44 Quarry Rd", City: "Springfield", State: "IL", ZIP: "62704"}, false); err != nil {
		t.Fatal(err)
	}
	pw, backups := kioskStaff(t, w, admin)
	clk := &clock{}
	svc := w.svc
	svc.Kiosk, svc.KioskDir, svc.ClinicLanguage = true, t.TempDir()+"/casedesk-kiosk", "en"
	svc.Now = clk.now
	svc.Runner.Clock = clk.run
	svc.SessionIdle = shortIdle
	t.Cleanup(func() { _ = i18n.SetDefault(i18n.English) })
	win := w.win
	ui.ShowIn(win, svc)
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), "tomas.h")
	fieldTyped(t, win.Content(), i18n.T("Password"), pw)
	tapIn(t, win, "Next")
	fieldTyped(t, win.Content(), i18n.T("Backup code"), backups[0])
	signIn := first(win.Content(), func(b *widget.Button) bool {
		return b.Text == i18n.T("Sign in") && b.Importance == widget.HighImportance
	})
	signIn.OnTapped()
	if atWelcome(win) || !strings.Contains(windowText(win), "Muñoz") {
		t.Fatalf("the staff member's desk shows no client:\n%s", words(win.Content()))
	}
	walkAway(clk)
	if !atWelcome(win) {
		t.Fatal("a staff member's desk left signed in at the kiosk does not sign out by the idle limit")
	}
	// The next visitor presses Escape and Alt+Left, which went back on the
	// desk: the window's key handler is the welcome screen's, or none.
	// (The desk's and home's Alt/Ctrl shortcuts are taken off the canvas
	// at sign-out, removeKeys; the test driver's canvas cannot fire them.)
	if typed := win.Canvas().OnTypedKey(); typed != nil {
		for _, k := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyLeft, fyne.KeyBackspace, fyne.KeyReturn} {
			typed(&fyne.KeyEvent{Name: k})
			if !atWelcome(win) {
				t.Fatalf("%s on the welcome screen after the desk's sign-out left it:\n%s", k, words(win.Content()))
			}
		}
	}
	if got := leaks(windowText(win), []string{"Muñoz", "Munoz", "tomas.h"}); len(got) != 0 {
		t.Errorf("the welcome screen after the desk still holds %v", got)
	}
}

// A visitor chooses Spanish and Larger text on the welcome screen and
// walks away without signing in: the next visitor should find the
// clinic's language and the usual text size again.
func TestSecurityKioskWelcomeChoicesOutliveTheVisitor(t *testing.T) {
	if !i18n.Has("es") {
		t.Skip("CaseDesk has no Spanish")
	}
	w, _, clk := kioskWindow(t)
	win := w.win
	choose(t, win.Content(), "English", "Español")
	larger := first(win.Content(), func(c *widget.Check) bool { return c.Text == i18n.T("Larger text") })
	if larger == nil {
		t.Fatalf("no Larger text on the welcome screen:\n%s", words(win.Content()))
	}
	larger.SetChecked(true)
	t.Cleanup(func() { larger.SetChecked(false) })
	walkAway(clk)
	clk.pass(portal.DesktopIdle)
	time.Sleep(50 * time.Millisecond)
	if i18n.Language() != "en" {
		t.Errorf("the welcome screen kept a visitor's language %q after the idle limit", i18n.Language())
	}
}

// "Forgot your password?" at the kiosk: a visitor types who they are and
// walks away; the idle limit closes the recovery too, and nothing typed
// or copied stays.
func TestSecurityKioskRecoveryIdle(t *testing.T) {
	w, v, clk := kioskWindow(t)
	win := w.win
	tapIn(t, win, "Sign in")
	tapIn(t, win, "Forgot your password?")
	var typed []*widget.Entry
	visit(win.Content(), func(o fyne.CanvasObject) bool {
		if e := entryIn(o); e != nil && e.Visible() {
			typed = append(typed, e)
		}
		return true
	})
	if len(typed) == 0 {
		t.Fatalf("no recovery form:\n%s", words(win.Content()))
	}
	for _, e := range typed {
		e.SetText("Muñoz " + v.username)
	}
	typed[0].TypedShortcut(&fyne.ShortcutSelectAll{})
	typed[0].TypedShortcut(&fyne.ShortcutCopy{Clipboard: fyne.CurrentApp().Clipboard()})
	if fyne.CurrentApp().Clipboard().Content() == "" {
		t.Fatal("the copy reached no clipboard: the check of it would prove nothing")
	}
	walkAway(clk)
	if !atWelcome(win) {
		t.Fatalf("the idle limit did not close the recovery:\n%s", windowText(win))
	}
	if got := leaks(windowText(win), v.secrets); len(got) != 0 {
		t.Errorf("the window still holds %v", got)
	}
	if got := fyne.CurrentApp().Clipboard().Content(); got != "" {
		t.Errorf("the clipboard still holds %q", got)
	}
}

// A new staff member's first sign-in at the kiosk, with the temporary
// password, left half done: the idle limit closes it too, and the new
// password typed there is gone.
func TestSecurityKioskFirstSignInIdle(t *testing.T) {
	w := newDeskWindow(t)
	admin := w.setUp(t)
	_, pw, err := w.svc.Desk.For(admin).AddStaff(context.Background(), desk.StaffForm{GivenName: "Tomás", FamilyName: "Herrera", Username: "tomas.h", Role: app.RoleStaff})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{}
	svc := w.svc
	svc.Kiosk, svc.KioskDir, svc.ClinicLanguage = true, t.TempDir()+"/casedesk-kiosk", "en"
	svc.Now, svc.Runner.Clock, svc.SessionIdle = clk.now, clk.run, shortIdle
	t.Cleanup(func() { _ = i18n.SetDefault(i18n.English) })
	win := w.win
	ui.ShowIn(win, svc)
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), "tomas.h")
	fieldTyped(t, win.Content(), i18n.T("Password"), pw)
	tapIn(t, win, "Next")
	if atWelcome(win) || strings.Contains(words(win.Content()), i18n.T("Backup code")) {
		t.Fatalf("not the first sign-in:\n%s", words(win.Content()))
	}
	const secret = "velvet harbor lantern 7"
	n := 0
	visit(win.Content(), func(o fyne.CanvasObject) bool {
		if e := entryIn(o); e != nil && e.Visible() && e.Password {
			e.SetText(secret)
			n++
		}
		return true
	})
	if n == 0 || !strings.Contains(windowText(win), secret) {
		t.Fatalf("no new password typed on the first sign-in:\n%s", words(win.Content()))
	}
	walkAway(clk)
	if !atWelcome(win) {
		t.Fatalf("the idle limit did not close the first sign-in:\n%s", windowText(win))
	}
	if got := leaks(windowText(win), []string{secret, pw, "tomas.h"}); len(got) != 0 {
		t.Errorf("the window still holds %v", got)
	}
}

// A visitor in Spanish with larger text signs in, opens a dialog, copies
// their username and signs out with the button: the welcome screen (its
// status line too) says nothing of them, the dialog is gone, the
// clipboard is empty, and the language and text size are the clinic's.
func TestSecurityKioskSignOutLeavesNothing(t *testing.T) {
	w, v, _ := kioskWindow(t)
	win := w.win
	if i18n.Has("es") {
		choose(t, win.Content(), "English", "Español")
	}
	larger := first(win.Content(), func(c *widget.Check) bool { return c.Text == i18n.T("Larger text") })
	if larger == nil {
		t.Fatal("no Larger text on the welcome screen")
	}
	larger.SetChecked(true)
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), v.username)
	user := first(win.Content(), func(e *widget.Entry) bool { return e.Text == v.username })
	user.TypedShortcut(&fyne.ShortcutSelectAll{})
	user.TypedShortcut(&fyne.ShortcutCopy{Clipboard: fyne.CurrentApp().Clipboard()})
	fieldTyped(t, win.Content(), i18n.T("Password"), v.password)
	tapIn(t, win, "Next")
	fieldTyped(t, win.Content(), i18n.T("Backup code"), v.backups[0])
	first(win.Content(), func(b *widget.Button) bool {
		return b.Text == i18n.T("Sign in") && b.Importance == widget.HighImportance
	}).OnTapped()
	if got := leaks(windowText(win), v.secrets); len(got) == 0 {
		t.Fatalf("not signed in:\n%s", words(win.Content()))
	}
	dialog.ShowInformation("José Muñoz", "IOE0987654321", win)
	tapIn(t, win, "Sign out")
	if !atWelcome(win) {
		t.Fatalf("Sign out did not go back to the welcome screen:\n%s", words(win.Content()))
	}
	if got := leaks(windowText(win), v.secrets); len(got) != 0 {
		t.Errorf("the welcome screen holds %v:\n%s", got, windowText(win))
	}
	if n := len(win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs stay", n)
	}
	if got := fyne.CurrentApp().Clipboard().Content(); got != "" {
		t.Errorf("the clipboard holds %q", got)
	}
	if i18n.Language() != "en" {
		t.Errorf("the next visitor gets %s", i18n.Language())
	}
	if c := first(win.Content(), func(c *widget.Check) bool { return c.Text == i18n.T("Larger text") }); c == nil || c.Checked {
		t.Errorf("the next visitor gets larger text, or no choice of it")
	}
}

// settings set kiosk off on the command line is the documented way out
// without a sign-in, and settings need no data key (main.go's stores): so
// what keeps another account of the computer from it is the store file's
// mode alone, which must be the owner's only. Without the key the command
// still turns the kiosk off, and its audit row names the operating-system
// user.
func TestSecurityKioskCommandLineIsTheFileOwners(t *testing.T) {
	useConfigDir(t, newMemKeyring())
	db := filepath.Join(t.TempDir(), "casedesk.db")
	if code, _, errOut := runCLI(t, "demo", "--db", db, "--people", "2"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "settings", "set", "kiosk", "on", "--db", db); code != 0 {
		t.Fatalf("kiosk on: %d %s", code, errOut)
	}
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if st, err := os.Stat(f); err == nil && st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v: another account could turn the kiosk off", f, st.Mode().Perm())
		}
	}
	useConfigDir(t, newMemKeyring()) // without the store's key
	if code, out, errOut := runCLI(t, "settings", "set", "kiosk", "off", "--db", db); code != 0 || !strings.Contains(out, "Set kiosk.") {
		t.Fatalf("kiosk off without the key (documented as working): %d %s %s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "audit", "--db", db); code != 0 || strings.Count(out, desk.ActionKiosk) != 2 {
		t.Fatalf("the command line's kiosk changes are not both in the audit log:\n%s", out)
	}
}

// A visitor right-clicks the username field (Fyne's Cut/Copy/Paste menu)
// and walks away with the menu open: the idle limit takes it off too, and
// Paste on the next visitor's sign-in field brings nothing back.
func TestSecurityKioskContextMenuIdle(t *testing.T) {
	w, v, clk := kioskWindow(t)
	win := w.win
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), v.username)
	user := first(win.Content(), func(e *widget.Entry) bool { return e.Text == v.username })
	user.TypedShortcut(&fyne.ShortcutSelectAll{})
	user.TypedShortcut(&fyne.ShortcutCopy{Clipboard: fyne.CurrentApp().Clipboard()})
	user.TappedSecondary(&fyne.PointEvent{})
	if len(win.Canvas().Overlays().List()) == 0 && win.Canvas().Overlays().Top() == nil {
		t.Log("no context menu shown by the test driver; the clipboard is still checked")
	}
	walkAway(clk)
	if !atWelcome(win) {
		t.Fatalf("the idle limit did not close the sign-in:\n%s", windowText(win))
	}
	if n := len(win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d menus stay over the welcome screen", n)
	}
	tapIn(t, win, "Sign in")
	next := first(win.Content(), func(e *widget.Entry) bool { return e.PlaceHolder == i18n.T("Username") || e.Visible() && !e.Password })
	if next == nil {
		t.Fatal("no username field for the next visitor")
	}
	next.TypedShortcut(&fyne.ShortcutPaste{Clipboard: fyne.CurrentApp().Clipboard()})
	if got := leaks(next.Text+windowText(win), v.secrets); len(got) != 0 {
		t.Errorf("the next visitor's paste brings back %v", got)
	}
}
