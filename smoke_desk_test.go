//go:build smoke

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/data"
)

// win is one CaseDesk window under test, driven by keyboard.
type win struct {
	t       *testing.T
	display string
	shots   string
	p       *proc
	id      string
}

// open starts CaseDesk on display and waits for its window, titled as
// title says (a regular expression).
func open(t *testing.T, display, shots, title string, env []string, args ...string) *win {
	t.Helper()
	w := &win{t: t, display: display, shots: shots}
	w.p = startApp(t, display, env, args...)
	w.id = xdo(t, display, "search", "--sync", "--onlyvisible", "--name", title)
	// Drawn, and what the first screen loads in the background is shown.
	settle(t, display, 700*time.Millisecond)
	xdo(t, display, "windowfocus", "--sync", w.id)
	return w
}

// typ types s. A letter the keyboard map lacks (é, ñ) is typed by mapping
// a spare key to it for the moment, and the window must read that map
// before it is put back: such words are typed slowly.
func (w *win) typ(s string) {
	w.t.Helper()
	delay := "40"
	for _, r := range s {
		if r > 127 {
			delay = "250"
		}
	}
	xdo(w.t, w.display, "type", "--delay", delay, s)
}

// key presses keys at a person's pace: the window looks at the focus 20
// times a second (ui/focus.go), and a button pressed gives the focus back
// to the last control it saw with it.
func (w *win) key(k ...string) {
	w.t.Helper()
	xdo(w.t, w.display, append([]string{"key", "--delay", "150"}, k...)...)
}

// shot takes a screenshot for a person to look at, after a pause for
// what was asked to be drawn.
func (w *win) shot(name string) {
	w.t.Helper()
	time.Sleep(700 * time.Millisecond)
	screenshot(w.t, w.display, filepath.Join(w.shots, name+".png"))
}

// settle waits until the screen has not changed for still (see settle).
func (w *win) settle(still time.Duration) {
	w.t.Helper()
	settle(w.t, w.display, still)
}

// reads takes screenshots (name) until OCR reads every one of want on the
// screen, for at most 30 s, and returns the text of the last, its words
// joined by single spaces, for the caller to check.
func (w *win) reads(name string, want ...string) string {
	w.t.Helper()
	png := filepath.Join(w.shots, name+".png")
	deadline := time.Now().Add(30 * time.Second)
	for {
		screenshot(w.t, w.display, png)
		text := strings.Join(strings.Fields(ocr(w.t, png)), " ")
		missing := 0
		for _, s := range want {
			if !strings.Contains(text, s) {
				missing++
			}
		}
		select {
		case <-w.p.done:
			return text
		default:
		}
		if missing == 0 || time.Now().After(deadline) {
			return text
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// until waits for ok, failing with what a screenshot shows after 30 s.
func (w *win) until(what string, ok func() bool) {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		select {
		case <-w.p.done:
			w.t.Fatalf("CaseDesk exited while waiting for %s: %v\n%s", what, w.p.err, w.p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			name := "stuck-" + w.t.Name() + "-" + strings.ReplaceAll(what, " ", "-")
			screenshot(w.t, w.display, filepath.Join(w.shots, name+".png"))
			w.t.Fatalf("no %s after 30 s (see %s.png)\n%s", what, name, w.p.stderr.String())
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// quit ends CaseDesk as Ctrl+C does: it closes its store cleanly.
func (w *win) quit() {
	w.p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-w.p.done:
	case <-time.After(10 * time.Second):
		screenshot(w.t, w.display, filepath.Join(w.shots, "stuck-"+w.t.Name()+"-quit.png"))
		// SIGQUIT: Go writes where every goroutine is to stderr, and ends.
		w.p.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-w.p.done:
		case <-time.After(5 * time.Second):
		}
		w.t.Fatalf("CaseDesk did not end on Ctrl+C (see stuck-%s-quit.png)\n%s", w.t.Name(), w.p.stderr.String())
	}
}

// TestSmokeClinicDay is a clinic's first day in the real window, by
// keyboard only, on an empty store and with nothing from the demo:
//   - the clinic is set up, with its first administrator;
//   - the administrator adds a staff member and prints the one-time
//     password's sheet on the CUPS PDF printer;
//   - the staff member signs in with the password read back from that PDF,
//     chooses their own, sets up 2-step verification and reaches the desk;
//   - they add a client with an accented name, then a case, record “Case
//     Was Approved” with its approval notice, issue an access code and
//     print the Account Access Notice;
//   - on another computer the client redeems the code read back from that
//     PDF, signs in, sees the approval and its notice, and replies;
//   - the staff member finds the reply unread in the clinic's messages.
//
// On the side, a client entered on the command line while the window is
// open is found by the desk's search typed without accents.
// welcomeTabs are keys pressed on the welcome screen, after the two Tabs
// that pass its first controls: the choice of language and "Larger text".
func welcomeTabs(keys ...string) []string { return append([]string{"Tab", "Tab"}, keys...) }

func TestSmokeClinicDay(t *testing.T) {
	parallel(t)
	display := startX(t)
	shots := shotsDir(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "store", "casedesk.db")
	env := []string{"CASEDESK_KEY_FILE=" + filepath.Join(dir, "keys", "casedesk.key"), "HOME=" + dir}
	ctx := context.Background()

	// The clinic is set up.
	w := open(t, display, shots, "^CaseDesk$", env, "--db", db)
	w.key(welcomeTabs("Tab", "space")...) // "Set up this computer for a clinic"
	time.Sleep(800 * time.Millisecond)
	w.typ("Clinica Legal del Sur")
	w.key("Tab")
	w.typ("120 Main St")
	w.key("Return")
	w.typ("Springfield, IL 62701")
	w.key("Tab") // Tab leaves the address, which takes several lines
	w.typ("217 555 0100")
	w.key("Tab", "Return") // the time zone is filled in
	time.Sleep(500 * time.Millisecond)
	w.typ("Rosa")
	w.key("Tab")
	w.typ("Delgado")
	w.key("Tab")
	w.typ("rosa.admin")
	w.key("Tab")
	w.typ("copper kettle winter 19")
	w.key("Tab")
	w.typ("copper kettle winter 19")
	w.shot("day-01-setup-admin")
	w.key("Return")
	time.Sleep(800 * time.Millisecond)
	w.key("shift+Tab", "Down", "space") // "Printed backup codes only"
	w.key("Tab", "Tab", "Tab", "space") // "Set up the clinic"
	w.until("clinic set up", func() bool { return clinicSetUp(t, db) })
	w.shot("day-02-setup-codes")

	// A client entered on the command line while the window is open.
	add := exec.Command(binary(t), "people", "add", "--db", db, "--given", "José", "--family", "Muñoz", "--date-of-birth", "03/14/1985",
		"--country-of-birth", "Mexico", "--street", "1 Elm St", "--city", "Springfield", "--state", "IL", "--zip", "62701")
	add.Env = append(os.Environ(), env...)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("people add: %v\n%s", err, out)
	}
	w.key("Tab", "Tab", "Tab", "space") // "I printed the sheet or wrote the codes down"
	w.key("Tab", "space")               // "Next": the clinic's recovery key
	w.shot("day-03-setup-recovery-key")
	// "Print the recovery key" has the focus.
	printedAfter(t, func() { w.key("space") }, "CaseDesk Recovery Key", 0)
	w.key("Tab", "Tab", "space") // "I printed the recovery key and put it away"
	w.shot("day-03-setup-recovery-printed")
	w.key("Tab", "space") // "Open the desk"
	w.shot("day-03-desk-open")
	w.typ("munoz") // the cursor waits in the search
	w.shot("day-04-desk-search")

	// The administrator adds a staff member: Alt+7 is Staff, the cursor in
	// its first field; Print… in the password's dialog, then Print on the
	// sheet's preview (after Back and Save PDF…).
	w.key("alt+7")
	w.typ("Luis")
	w.key("Tab")
	w.typ("Ortega")
	w.key("Tab")
	w.typ("luis.ortega")
	w.key("Tab", "Tab", "space") // past the role (Staff) to "Add staff member"
	w.until("staff member added", func() bool { return staffCount(t, db) == 2 })
	w.shot("day-05-staff-password")
	w.key("Tab", "space") // "Print…"
	w.shot("day-06-staff-sheet")
	password := printedAfter(t, func() { w.key("Tab", "Tab", "Tab", "space") }, "one-time CaseDesk password", 4) // Print
	t.Logf("one-time password read from the printed sheet: %s", password)
	w.shot("day-07-staff-sheet-printed")
	w.quit()

	// The staff member's first sign-in: the one-time password, their own,
	// then backup codes only; the desk opens.
	w = open(t, display, shots, "^CaseDesk$", env, "--db", db)
	w.key(welcomeTabs("Tab", "space")...) // "Sign in"
	time.Sleep(700 * time.Millisecond)
	w.typ("luis.ortega")
	w.key("Tab")
	w.typ(password)
	w.key("Return")
	time.Sleep(1500 * time.Millisecond)
	w.shot("day-08-first-signin")
	w.typ("maple river stone 88")
	w.key("Tab")
	w.typ("maple river stone 88")
	w.key("Return")
	time.Sleep(800 * time.Millisecond)
	w.key("shift+Tab", "Down", "space") // "Printed backup codes only"
	w.key("Tab", "Tab", "Tab", "space") // "Set up my account"
	w.until("first sign-in done", func() bool { return passwordChanged(t, db, "luis.ortega") })
	w.shot("day-09-staff-codes")
	w.key("Tab", "Tab", "Tab", "space") // "I printed the sheet or wrote the codes down"
	w.key("Tab", "space")               // "Open the desk"
	w.shot("day-10-staff-desk")

	// A client with an accented name (Ctrl+N: the cursor in the given
	// name; Return saves), then a case (Tab to "Add a case" on their page;
	// the cursor in the receipt number; the form's list chosen by typing).
	w.key("ctrl+n")
	w.typ("Inés")
	w.key("Tab", "Tab")
	w.typ("Peña Ibáñez")
	w.key("Tab", "Tab")
	w.typ("07/02/1990")
	w.key("Tab")
	w.typ("Guatemala")
	w.key("Tab", "Tab")
	w.typ("45 Oak Ave")
	w.key("Tab", "Tab")
	w.typ("Springfield")
	w.key("Tab")
	w.typ("IL")
	w.key("Tab")
	w.typ("62704")
	w.shot("day-11-add-client")
	w.key("Return")
	w.until("client added", func() bool { return clientNamed(t, db, "Peña Ibáñez") != "" })
	w.shot("day-12-client-page")
	w.key("Tab", "Tab", "Tab", "Tab", "space") // Back, Edit details, Issue access code, Add a case
	time.Sleep(700 * time.Millisecond)
	w.typ("IOE0923456789")
	w.key("Tab")
	w.typ("i-485")
	w.key("Tab", "Tab")
	w.typ("03/02/2026")
	w.shot("day-13-add-case")
	w.key("Return")
	w.until("case added", func() bool { return caseStatus(t, db, "IOE0923456789") != "" })
	w.shot("day-14-case-added")

	// "Open" the case (before "Add a case", which has the focus again);
	// on its page Tab goes past Back to the status; Return in the date
	// records it, with the approval notice the status brings.
	w.key("shift+Tab", "space")
	time.Sleep(700 * time.Millisecond)
	w.key("Tab", "Tab")
	w.typ("case was approved")
	w.shot("day-15-status")
	w.key("Tab", "Return")
	w.until("approval recorded", func() bool { return caseStatus(t, db, "IOE0923456789") == "Case Was Approved" })
	w.shot("day-16-approved")

	// Back on the client's page (Alt+Left), the focus on "Open" again;
	// shift+Tab to "Issue access code"; the notice's preview: Print.
	w.key("alt+Left")
	time.Sleep(700 * time.Millisecond)
	w.key("shift+Tab", "space")
	w.shot("day-17-access-notice")
	code := printedAfter(t, func() { w.key("Tab", "Tab", "Tab", "space") }, "Account Access Notice", 3)
	t.Logf("access code read from the printed notice: %s", code)
	w.shot("day-18-access-notice-printed")

	// Back from the preview, the focus on "Re-issue access code": Tab past
	// "Revoke code", Open, "Add a case" and "Give the client their cases to
	// take home…" to the message to the client, about the case (chosen by
	// typing its receipt number).
	w.key("alt+Left")
	w.shot("day-19-code-issued")
	w.key("Tab", "Tab", "Tab", "Tab", "Tab")
	w.typ("ioe")
	w.key("Tab")
	w.typ("Your case was approved")
	w.key("Tab")
	w.typ("Good news: USCIS approved your I-485. Your card will come by mail.")
	w.shot("day-20-message")
	w.key("Tab", "space") // Send
	w.until("message to the client", func() bool { return messagesTo(t, db, "Peña Ibáñez") == 1 })
	w.shot("day-21-message-sent")

	// At another computer, the client: the wizard with the code from the
	// letter, then a sign-in with a backup code of the sheet saved there.
	other := startX(t)
	home := t.TempDir()
	aEnv := append(env, "HOME="+home)
	a := open(t, other, shots, "^CaseDesk$", aEnv, "--db", db)
	a.key(welcomeTabs("Tab", "Tab", "space")...) // "I have an access code", after "Sign in"
	time.Sleep(700 * time.Millisecond)
	a.typ(code)
	a.key("Return")
	time.Sleep(700 * time.Millisecond)
	a.typ("Pena Ibanez") // accents do not matter
	a.key("Tab")
	a.typ("07/02/1990")
	a.key("Tab")
	a.typ("62704")
	a.key("Tab")
	a.typ("Guatemala")
	a.shot("day-22-wizard-identity")
	a.key("Return")
	time.Sleep(1500 * time.Millisecond)
	a.typ("ines.pena")
	a.key("Tab")
	a.typ("sunny garden bridge 7")
	a.key("Tab")
	a.typ("sunny garden bridge 7")
	a.key("Return")
	time.Sleep(1500 * time.Millisecond)
	a.key("shift+Tab")
	a.key("Down", "space")
	a.key("Tab", "Tab", "Tab", "space")
	a.until("applicant's account", func() bool { return usernameTaken(t, db, "ines.pena") })
	a.shot("day-23-wizard-done")
	a.key("Tab", "space") // "Save as PDF…", after "Print backup codes", which has the focus
	time.Sleep(1500 * time.Millisecond)
	a.key("Return") // the dialog's cursor is in the file's name: it saves
	backup := savedBackupCode(t, filepath.Join(home, "backup-codes.pdf"), a.p)
	a.quit()

	a = open(t, other, shots, "^CaseDesk$", aEnv, "--db", db)
	a.key(welcomeTabs("Tab", "space")...) // "Sign in"
	time.Sleep(700 * time.Millisecond)
	a.typ("ines.pena")
	a.key("Tab")
	a.typ("sunny garden bridge 7")
	a.key("Return")
	time.Sleep(1500 * time.Millisecond)
	a.typ(backup)
	a.key("Return")
	time.Sleep(2000 * time.Millisecond)
	a.shot("day-24-applicant-home")
	// Notices, the focus on the first one's Preview: the approval notice
	// and the Account Access Notice's record, newest first (the approval
	// is dated on the computer's day, the code on the clinic's). Tab past
	// a row's Save PDF and Print to the next Preview.
	a.key("alt+2")
	a.shot("day-25-applicant-notices")
	for range approvalRow(t, db, "Peña Ibáñez") {
		a.key("Tab", "Tab", "Tab")
	}
	a.key("space")
	a.shot("day-26-applicant-approval")
	if white := brightness(t, filepath.Join(shots, "day-26-applicant-approval.png"), previewArea); white < 0.8 {
		t.Fatalf("no notice was previewed: the page area's brightness is %.2f", white)
	}
	a.key("Escape")
	a.key("alt+4") // Messages: Read the clinic's note of the approval
	time.Sleep(500 * time.Millisecond)
	a.key("space")
	time.Sleep(700 * time.Millisecond)
	a.typ("Thank you! When can I pick up my card?")
	a.shot("day-27-applicant-reply")
	a.key("Tab", "space") // "Send reply"
	a.until("reply in the clinic's inbox", func() bool { return unreadFrom(t, db, "Peña Ibáñez") > 0 })
	a.shot("day-28-applicant-replied")

	// Back at the clinic: Alt+2 is Messages, the reply unread.
	xdo(t, display, "windowfocus", "--sync", w.id)
	w.key("alt+2")
	w.shot("day-29-clinic-inbox")
	if n := unreadFrom(t, db, "Peña Ibáñez"); n != 1 {
		t.Fatalf("the clinic's inbox has %d unread messages from Inés, want 1", n)
	}
	// Alt+6 is Reports: the last 12 months' figures for the clinic's funders.
	w.key("alt+6")
	time.Sleep(time.Second)
	w.shot("day-30-reports")

	s, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.CaseByReceipt(ctx, "IOE0923456789")
	if err != nil {
		t.Fatal(err)
	}
	ns, err := s.NoticesOfCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := ""
	for _, n := range ns {
		kinds += string(n.Kind) + " "
	}
	if !strings.Contains(kinds, string(app.NoticeApproval)) {
		t.Fatalf("the case's notices are %q: no approval notice", kinds)
	}
}

// clinicSetUp reports whether the store at db has a clinic with its
// name and one administrator.
func clinicSetUp(t *testing.T, db string) bool {
	if _, err := os.Stat(db); err != nil {
		return false
	}
	ctx := context.Background()
	s, err := data.Open(ctx, db)
	if err != nil {
		return false
	}
	defer s.Close()
	name, _ := s.Setting(ctx, app.SettingClinicName)
	kind, _ := s.Setting(ctx, app.SettingInstallKind)
	staff, err := s.ListStaff(ctx)
	return err == nil && name == "Clinica Legal del Sur" && kind == app.InstallClinic && len(staff) == 1 && staff[0].Role == app.RoleAdmin
}

// withStore runs f on the store at db, opened for the moment.
func withStore[T any](db string, f func(ctx context.Context, s *data.Store) (T, error)) T {
	var zero T
	ctx := context.Background()
	s, err := data.Open(ctx, db)
	if err != nil {
		return zero
	}
	defer s.Close()
	v, err := f(ctx, s)
	if err != nil {
		return zero
	}
	return v
}

func staffCount(t *testing.T, db string) int {
	return withStore(db, func(ctx context.Context, s *data.Store) (int, error) {
		staff, err := s.ListStaff(ctx)
		return len(staff), err
	})
}

// passwordChanged: the staff member replaced their one-time password.
func passwordChanged(t *testing.T, db, username string) bool {
	return withStore(db, func(ctx context.Context, s *data.Store) (bool, error) {
		c, err := s.CredentialsByUsername(ctx, username)
		if err != nil {
			return false, err
		}
		left, err := s.BackupCodesLeft(ctx, c.Account.ID)
		return !c.MustChange && left > 0, err
	})
}

// clientNamed is the id of the latest client with that family name, as typed.
func clientNamed(t *testing.T, db, family string) string {
	return withStore(db, func(ctx context.Context, s *data.Store) (string, error) {
		ps, err := s.RecentClients(ctx, 50)
		for _, p := range ps {
			if p.FamilyName == family {
				return p.ID, err
			}
		}
		return "", err
	})
}

// caseStatus is the status title of the case with that receipt number.
func caseStatus(t *testing.T, db, receipt string) string {
	return withStore(db, func(ctx context.Context, s *data.Store) (string, error) {
		c, err := s.CaseByReceipt(ctx, app.Receipt(receipt))
		if err != nil {
			return "", err
		}
		st, _ := app.StatusByCode(c.StatusCode)
		return st.Title, nil
	})
}

// approvalRow is where the approval notice is in the list of a client's
// notices, from 0.
func approvalRow(t *testing.T, db, family string) int {
	row := withStore(db, func(ctx context.Context, s *data.Store) (int, error) {
		ns, err := s.NoticesOfPerson(ctx, clientNamed(t, db, family))
		for i, n := range ns {
			if n.Kind == app.NoticeApproval {
				return i, err
			}
		}
		return -1, err
	})
	if row < 0 {
		t.Fatal("the client has no approval notice")
	}
	return row
}

// messagesTo counts the clinic's messages to clients of that family name.
func messagesTo(t *testing.T, db, family string) int {
	return withStore(db, func(ctx context.Context, s *data.Store) (int, error) {
		id := clientNamed(t, db, family)
		ms, err := s.MessagesOfPerson(ctx, id)
		n := 0
		for _, m := range ms {
			if m.FromStaff {
				n++
			}
		}
		return n, err
	})
}

// unreadFrom counts the messages from clients of that family name that
// the clinic has not read.
func unreadFrom(t *testing.T, db, family string) int {
	return withStore(db, func(ctx context.Context, s *data.Store) (int, error) {
		items, err := s.Desk().ClinicInbox(ctx, true, 50)
		n := 0
		for _, it := range items {
			if strings.Contains(it.PersonName, family) {
				n++
			}
		}
		return n, err
	})
}

// printLock keeps one smoke test's page on the CUPS PDF printer at a time.
// cups-pdf names its copy after the job's title, which is the document's
// file name (the title and the date: Account-Access-Notice-2026-11-27.pdf
// at the clinic's desk and in an applicant's notices alike), and writes a
// second job of the same title over the first.
var printLock sync.Mutex

// printedAfter presses what prints a page (press) and returns what printed
// reads on the printer's copy of it, with no other smoke test printing
// meanwhile.
func printedAfter(t *testing.T, press func(), what string, n int) string {
	t.Helper()
	printLock.Lock()
	defer printLock.Unlock()
	since := time.Now().Add(-time.Second)
	press()
	return printed(t, since, what, n)
}

// printed waits for the CUPS PDF printer's copy of a job sent after
// since whose first page says what, and returns the code of n groups of
// four Crockford characters printed on it. The page is read as a person
// reads the paper: cups-pdf prints it again through PostScript, which keeps
// how the text looks but not which letters it is, so the page is rendered
// and read (see codeOn). cups-pdf writes to the PDF folder of the
// job owner's home as the password database has it; the copy is deleted,
// as it holds a live secret.
// (With n 0, it only waits for the page, removes it and returns what.)
func printed(t *testing.T, since time.Time, what string, n int) string {
	t.Helper()
	var outs []string
	if u, err := user.Current(); err == nil {
		outs = append(outs, filepath.Join(u.HomeDir, "PDF"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		outs = append(outs, filepath.Join(home, "PDF"))
	}
	tmp := t.TempDir()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		for _, out := range outs {
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				info, err := e.Info()
				if err != nil || info.ModTime().Before(since) || !strings.HasSuffix(e.Name(), ".pdf") {
					continue
				}
				got := filepath.Join(out, e.Name())
				page := filepath.Join(tmp, "page")
				if exec.Command("pdftoppm", "-q", "-r", "300", "-png", "-singlefile", "-f", "1", "-l", "1", got, page).Run() != nil {
					continue // still being written
				}
				if !strings.Contains(ocr(t, page+".png"), what) {
					continue
				}
				if n == 0 { // a sheet with no code to read back
					os.Remove(got)
					return what
				}
				code := codeOn(t, got, tmp, n, what)
				os.Remove(got)
				if code == "" {
					t.Fatalf("the page printed with %q has no code that reads clearly", what)
				}
				return code
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("nothing saying %q was printed to the PDF printer (looked in %v for 60 s)", what, outs)
	return ""
}

// ocr reads the text of an image.
func ocr(t *testing.T, png string, args ...string) string {
	t.Helper()
	cmd := exec.Command("tesseract", append([]string{png, "-"}, args...)...)
	// One thread: tesseract's OpenMP threads spin against each other on a
	// machine of two busy cores, and a page takes 5 s instead of 0.7 s. It
	// reads the same either way.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tesseract (make test-deps installs it): %v", err)
	}
	return string(out)
}

// codeLine finds, in tesseract's TSV, the first line that looks like a
// code (n-1 dashes or more, no word in lower case) and returns its text
// and where it is on the page, with a margin, as WxH+X+Y.
func codeLine(tsv string, n int) (text, box string) {
	type word struct {
		text                     string
		left, top, right, bottom int
	}
	lines := map[string][]word{}
	var order []string
	for _, row := range strings.Split(tsv, "\n") {
		f := strings.Split(row, "\t")
		if len(f) < 12 || f[0] != "5" || strings.TrimSpace(f[11]) == "" {
			continue
		}
		num := func(i int) int { v, _ := strconv.Atoi(f[i]); return v }
		key := f[2] + "/" + f[3] + "/" + f[4]
		if _, ok := lines[key]; !ok {
			order = append(order, key)
		}
		lines[key] = append(lines[key], word{f[11], num(6), num(7), num(6) + num(8), num(7) + num(9)})
	}
	lower := regexp.MustCompile(`[a-z]{2}`)
	for _, key := range order {
		ws := lines[key]
		var parts []string
		l, tp, r, b := ws[0].left, ws[0].top, ws[0].right, ws[0].bottom
		for _, w := range ws {
			parts = append(parts, w.text)
			l, tp, r, b = min(l, w.left), min(tp, w.top), max(r, w.right), max(b, w.bottom)
		}
		text := strings.Join(parts, " ")
		if strings.Count(text, "-") < n-1 || lower.MatchString(text) {
			continue
		}
		m := (b - tp) / 2
		return text, fmt.Sprintf("%dx%d+%d+%d", r-l+2*m, b-tp+2*m, max(l-m, 0), max(tp-m, 0))
	}
	return "", ""
}
