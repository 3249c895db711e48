package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/notice"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// noticeStore is a small clinic for the printing screen: three notices on
// November 20, 2026 and one case.
type noticeStore struct {
	notices []app.Notice
	gate    chan struct{} // when set, NoticesOn waits for it
	lang    string        // the notices' person's language; empty is English
}

var mailingDay = app.NewDate(2026, 11, 20)

func newNoticeStore() *noticeStore {
	s := &noticeStore{}
	for i, name := range []string{"José Muñoz", "Nguyễn Thị Ánh", "Ольга Петрова"} {
		s.notices = append(s.notices, app.Notice{
			ID: "n" + string(rune('1'+i)), CaseID: "c1", PersonID: "p1", Kind: app.NoticeReceipt, NoticeDate: mailingDay,
			Fields: map[string]string{"receipt_number": "IOE0912345678", "form_type": "I-485", "name": name,
				"address": name + "\n1 Main St\nSpringfield IL 62701", "received_date": "2026-11-02"},
		})
	}
	return s
}

func (s *noticeStore) Notice(_ context.Context, id string) (app.Notice, error) {
	for _, n := range s.notices {
		if n.ID == id {
			return n, nil
		}
	}
	return app.Notice{}, app.ErrNotFound
}
func (s *noticeStore) NoticesOfCase(context.Context, string) ([]app.Notice, error) {
	return s.notices, nil
}
func (s *noticeStore) NoticesOn(_ context.Context, d app.Date) ([]app.Notice, error) {
	if s.gate != nil {
		<-s.gate
	}
	if d == mailingDay {
		return s.notices, nil
	}
	return nil, nil
}
func (s *noticeStore) CountNoticesOn(_ context.Context, d app.Date) (int, error) {
	if d == mailingDay {
		return len(s.notices), nil
	}
	return 0, nil
}
func (s *noticeStore) LatestNoticeDate(_ context.Context, d app.Date) (app.Date, error) {
	if mailingDay.Before(d) {
		return mailingDay, nil
	}
	return app.Date{}, nil
}
func (s *noticeStore) CaseByReceipt(_ context.Context, r app.Receipt) (app.Case, error) {
	if r != "IOE0912345678" {
		return app.Case{}, app.ErrNotFound
	}
	return app.Case{ID: "c1", Receipt: r, FormType: "I-485", ApplicantID: "p1"}, nil
}
func (s *noticeStore) Events(context.Context, string) ([]app.CaseEvent, error) {
	return []app.CaseEvent{{StatusCode: "received", Date: app.NewDate(2026, 11, 2)}}, nil
}
func (s *noticeStore) Person(context.Context, string) (app.Person, error) {
	return app.Person{ID: "p1", GivenName: "José", FamilyName: "Muñoz", Language: s.lang}, nil
}
func (s *noticeStore) Setting(_ context.Context, key string) (string, error) {
	if key == app.SettingClinicName {
		return "Clínica Legal", nil
	}
	return "", app.ErrNotFound
}

// spooler is a fake print system: lpstat lists PDF (default) and Front_Desk;
// lp fails with lpErr when set, and xdg-open with openErr.
type spooler struct {
	lpErr, openErr error
	ran            []string
}

func (p *spooler) run(_ context.Context, name string, args ...string) ([]byte, error) {
	p.ran = append(p.ran, name+" "+strings.Join(args, " "))
	switch {
	case name == "lpstat" && args[0] == "-p":
		return []byte("printer Front_Desk is idle.\nprinter PDF is idle.\n"), nil
	case name == "lpstat":
		return []byte("system default destination: PDF\n"), nil
	case name == "lp" && p.lpErr != nil:
		return nil, p.lpErr
	case name == "lp":
		return []byte("request id is PDF-9 (1 file(s))\n"), nil
	case name == "xdg-open" && p.openErr != nil:
		return nil, p.openErr
	}
	return nil, nil
}

func newTestNotices(t *testing.T, store *noticeStore, sp *spooler) *Notices {
	t.Helper()
	test.NewTempApp(t)
	svc := Services{
		StorePath: "/tmp/casedesk.db",
		Notices:   notice.NewService(store, func() time.Time { return mailingDay.Time().Add(15 * time.Hour) }),
		Printing:  printing.NewWith(sp.run, "linux"),
		PDFFolder: filepath.Join(t.TempDir(), "Documents", "CaseDesk"),
		Runner:    inline,
	}
	win := test.NewTempWindow(t, nil)
	n := NewNotices(svc, win, func() {})
	win.SetContent(n.Content())
	win.Resize(fyne.NewSize(880, 720))
	n.Load()
	return n
}

func TestNoticesScreenShowsTheDayAndPrinters(t *testing.T) {
	n := newTestNotices(t, newNoticeStore(), &spooler{})
	if n.date.Text != "11/20/2026" || n.dayInfo.Text != "3 notices are dated November 20, 2026." {
		t.Fatalf("date %q, info %q", n.date.Text, n.dayInfo.Text)
	}
	if n.printers.Selected != "PDF" || len(n.printers.Options) != 2 {
		t.Fatalf("printers %v, selected %q", n.printers.Options, n.printers.Selected)
	}
	if n.saveDay.Disabled() || n.printDay.Disabled() || n.printCase.Disabled() {
		t.Fatal("buttons disabled with notices and a printer")
	}
}

func TestNoticesScreenExplainsABadDateAndKeepsIt(t *testing.T) {
	n := newTestNotices(t, newNoticeStore(), &spooler{})
	n.date.SetText("")
	test.Type(n.date, "02/30/2026")
	if n.date.Text != "02/30/2026" || !strings.Contains(n.dayInfo.Text, "no day 30") || !n.saveDay.Disabled() || !n.printDay.Disabled() {
		t.Fatalf("date %q info %q save disabled %v", n.date.Text, n.dayInfo.Text, n.saveDay.Disabled())
	}
	n.date.SetText("12/01/2026")
	if !strings.Contains(n.dayInfo.Text, "No notices are dated December 1, 2026") || !n.useLatest.Visible() {
		t.Fatalf("info %q, latest shown %v", n.dayInfo.Text, n.useLatest.Visible())
	}
	test.Tap(n.useLatest)
	if n.date.Text != "11/20/2026" || n.saveDay.Disabled() || n.useLatest.Visible() {
		t.Fatalf("after using the latest date: %q, save disabled %v", n.date.Text, n.saveDay.Disabled())
	}
}

func TestNoticesScreenSavesTheDay(t *testing.T) {
	n := newTestNotices(t, newNoticeStore(), &spooler{})
	test.Tap(n.saveDay)
	path := filepath.Join(n.folder, "notices-2026-11-20.pdf")
	if !strings.Contains(n.dayOut.msg.Text, "Saved 3 documents in "+path) || !n.dayOut.open.Visible() || n.working.Visible() {
		t.Fatalf("result %q", n.dayOut.msg.Text)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF at %s: %v", path, err)
	}
	if n.saveDay.Disabled() || n.saveCase.Disabled() {
		t.Fatal("buttons stay disabled after the export")
	}
}

func TestNoticesScreenPrintsACase(t *testing.T) {
	sp := &spooler{}
	n := newTestNotices(t, newNoticeStore(), sp)
	n.printers.SetSelected("Front_Desk")
	test.Type(n.receipt, "ioe-091-234-5678")
	test.Tap(n.printCase)
	path := filepath.Join(n.folder, "IOE0912345678-notices.pdf")
	want := "lp -t CaseDesk IOE0912345678-notices.pdf -d Front_Desk -- " + path
	if last := sp.ran[len(sp.ran)-1]; last != want {
		t.Fatalf("ran %q, want %q", last, want)
	}
	if !strings.Contains(n.caseOut.msg.Text, "Sent 4 documents to Front_Desk (job PDF-9)") || !strings.Contains(n.caseOut.msg.Text, path) {
		t.Fatalf("result %q", n.caseOut.msg.Text)
	}
}

func TestNoticesScreenKeepsThePDFWhenPrintingFails(t *testing.T) {
	sp := &spooler{lpErr: errors.New("lp: Error - The printer is not accepting jobs.")}
	n := newTestNotices(t, newNoticeStore(), sp)
	test.Tap(n.printDay)
	path := filepath.Join(n.folder, "notices-2026-11-20.pdf")
	if !strings.Contains(n.dayOut.msg.Text, "refused the job") || !strings.Contains(n.dayOut.msg.Text, path) || !n.dayOut.open.Visible() {
		t.Fatalf("result %q", n.dayOut.msg.Text)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the PDF is gone: %v", err)
	}
}

func TestNoticesScreenExplainsABadReceipt(t *testing.T) {
	n := newTestNotices(t, newNoticeStore(), &spooler{})
	test.Type(n.receipt, "XYZ123")
	test.Tap(n.saveCase)
	if !n.caseOut.box.Visible() || !strings.Contains(n.caseOut.msg.Text, "EAC") || n.receipt.Text != "XYZ123" {
		t.Fatalf("message %v %q, typed %q", n.caseOut.box.Visible(), n.caseOut.msg.Text, n.receipt.Text)
	}
	n.receipt.SetText("EAC2190000001")
	test.Tap(n.saveCase)
	if strings.Contains(n.caseOut.msg.Text, "XYZ123") || !strings.Contains(n.caseOut.msg.Text, "no case with receipt number EAC2190000001") || n.caseOut.open.Visible() {
		t.Fatalf("result %q", n.caseOut.msg.Text)
	}
}

func TestNoticesScreenCancels(t *testing.T) {
	store := newNoticeStore()
	n := newTestNotices(t, store, &spooler{})
	store.gate = make(chan struct{})
	// The export runs in a goroutine here, so Cancel can be tapped while it waits.
	var busy sync.WaitGroup
	n.svc.Runner.Go = func(work func()) { busy.Add(1); go func() { defer busy.Done(); work() }() }
	test.Tap(n.saveDay)
	if !n.working.Visible() || !n.saveDay.Disabled() || !n.saveCase.Disabled() {
		t.Fatal("no progress shown, or a second export could start")
	}
	test.Tap(n.cancel)
	close(store.gate)
	busy.Wait()
	if !strings.Contains(n.dayOut.msg.Text, "cancelled") || n.working.Visible() {
		t.Fatalf("result %q", n.dayOut.msg.Text)
	}
	if entries, _ := os.ReadDir(n.folder); len(entries) != 0 {
		t.Fatalf("a cancelled export left files: %v", entries)
	}
}

// inline runs background work at once on the test's goroutine, where the
// test driver also runs fyne.Do, so a tap and the work it starts never
// touch the widgets at once; clocks do not tick: tests call tick.
var inline = Runner{Go: func(work func()) { work() }, Clock: func(<-chan struct{}, func()) {}}

// A folder that cannot be made is named, with what to do; no PDF is left.
func TestNoticesScreenExplainsAFolderItCannotMake(t *testing.T) {
	n := newTestNotices(t, newNoticeStore(), &spooler{})
	blocker := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(blocker, []byte("not a folder"), 0o600)
	n.folder = filepath.Join(blocker, "CaseDesk")
	test.Tap(n.saveDay)
	if !strings.Contains(n.dayOut.msg.Text, "Could not make the folder "+n.folder) || !strings.Contains(n.dayOut.msg.Text, "Choose another folder") {
		t.Fatalf("result %q", n.dayOut.msg.Text)
	}
}

// On a wide window the screen keeps to a column, so a field's button is
// not a window's width away from its words; the wizard too.
func TestWideWindowKeepsScreensToAColumn(t *testing.T) {
	n := newTestNotices(t, newNoticeStore(), &spooler{})
	for name, o := range map[string]fyne.CanvasObject{
		"wizard":  newTestWizard(t).w.Content(),
		"notices": n.Content(),
	} {
		o.Resize(fyne.NewSize(1440, 900))
		if c, ok := o.(*fyne.Container); !ok || len(c.Objects) != 1 || c.Objects[0].Size().Width > maxColumn {
			t.Errorf("%s: not kept to a column", name)
		}
	}
}
