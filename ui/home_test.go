package ui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

type homeRig struct {
	svc      Services
	accounts *accountStore
	codes    []string
	win      fyne.Window
	sp       *spooler
}

func newHomeRig(t *testing.T) *homeRig {
	t.Helper()
	test.NewTempApp(t)
	keys := auth.NewKeysForTest(bytes.Repeat([]byte{3}, 32))
	cheap := auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}
	codes, _ := auth.NewBackupCodes()
	acc := &accountStore{backups: map[string]bool{}, cred: auth.Credentials{
		Account:      app.Account{ID: "acct-1", PersonID: "p1", Username: "ana.lopez", Number: "123456789012", LastSignInAt: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
		PasswordHash: auth.HashPassword("river lamp orange 42", cheap)}}
	for _, c := range codes {
		acc.backups[keys.BackupHash(c)] = false
	}
	r := &homeRig{accounts: acc, codes: codes, sp: &spooler{}}
	accounts := auth.NewAccount(acc, keys, nil, cheap)
	r.svc = Services{
		SignIn:    accounts,
		Portal:    portal.New(&portalStore{}, accounts, nil),
		Notices:   notice.NewService(newNoticeStore(), nil),
		Printing:  printing.NewWith(r.sp.run, "linux"),
		PDFFolder: filepath.Join(t.TempDir(), "CaseDesk"),
		Runner:    inline,
	}
	r.win = test.NewTempWindow(t, nil)
	r.win.Resize(fyne.NewSize(880, 700))
	return r
}

// home signs Ana in and shows her home screen, loaded; ended tells whether
// it signed out and why.
func (r *homeRig) home(t *testing.T) (h *Home, session *portal.Session, ended *string) {
	t.Helper()
	session = portal.NewSession(r.accounts.cred.Account, time.Now(), portal.DesktopIdle)
	ended = new(string)
	h = NewHome(r.svc, session, func(why string) { *ended = "signed out: " + why })
	r.win.SetContent(h.Content())
	h.load()
	return h, session, ended
}

func TestHomeHeader(t *testing.T) {
	h, _, _ := newHomeRig(t).home(t)
	if h.header.Text != "Welcome, Ana" || !strings.Contains(h.number.Text, "1234 5678 9012") || h.messages.item.Text != "Messages (1)" {
		t.Fatalf("header %q, number %q, messages tab %q", h.header.Text, h.number.Text, h.messages.item.Text)
	}
}

// TestHomeSignsOutWhenIdle: a warning 30 s ahead, then a sign-out.
func TestHomeSignsOutWhenIdle(t *testing.T) {
	h, session, ended := newHomeRig(t).home(t)
	test.Tap(h.cases.open[0])
	now := session.LastActive()
	h.tick(now.Add(14*time.Minute + 40*time.Second))
	if !h.warning.Visible() || !strings.Contains(h.warnText.Text, "signed out in 20 seconds") || *ended != "" {
		t.Fatalf("warning: %v %q", h.warning.Visible(), h.warnText.Text)
	}
	h.tick(now.Add(15 * time.Minute))
	if !strings.Contains(*ended, "15 minutes") || len(h.cases.list.Objects) != 0 || len(h.cases.page.Objects) != 0 {
		t.Fatalf("sign-out: %q, %d case rows left", *ended, len(h.cases.list.Objects))
	}
}

// TestHomeForgetsOnSignOut: the computer may be shared, so after a sign-out
// nothing of the person stays in any tab, page, preview or field.
func TestHomeForgetsOnSignOut(t *testing.T) {
	r := newHomeRig(t)
	h, _, ended := r.home(t)
	test.Tap(h.cases.open[0])
	h.notices.preview("n1")
	typeIn(h.cases.receipt, "IOE0912345678")
	typeIn(h.profile.line1, "77 Elm St")
	typeIn(h.account.current, "river lamp orange 42")
	typeIn(h.account.codesPw, "river lamp orange 42")
	test.Tap(h.account.makeCodes)
	h.account.startApp()
	typeIn(h.messages.cards[0].reply, "See you Monday")
	rooms := func() []fyne.CanvasObject {
		return []fyne.CanvasObject{h.Content(), h.cases.item.Content, h.notices.item.Content, h.appts.item.Content,
			h.messages.item.Content, h.profile.item.Content, h.account.item.Content, h.cases.page, h.notices.viewer}
	}
	personal := []string{"Ana", "ana.lopez", "Receipt number IOE0912345678", "Request for Evidence", "Medical exam", "Harwin", "Your RFE", "See you Monday",
		"77 Elm St", "river lamp orange 42", "1234 5678 9012", h.account.sheet.codes().Codes[0], h.account.enrol.key.Text}
	before := screenText(rooms()...) + typedText(rooms()...)
	for _, p := range personal {
		if !strings.Contains(before, p) {
			t.Fatalf("the test cannot see %q, which it means to check is forgotten", p)
		}
	}
	test.Tap(h.out)
	if *ended != "signed out: " {
		t.Fatalf("sign out: %q", *ended)
	}
	after := screenText(rooms()...) + typedText(rooms()...)
	for _, p := range personal {
		if strings.Contains(after, p) {
			t.Errorf("%q is still on the home screen after signing out", p)
		}
	}
	if h.person.ID != "" || h.back != nil || h.account.enrol.enrolment != nil || h.account.sheet.codes().Codes != nil {
		t.Fatal("the home screen still holds the person, a page, a key or backup codes")
	}
}

// typedText is what the fields under objs hold, passwords included, shown
// or not: screenText reads Fyne's entries, not ours.
func typedText(objs ...fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if f, ok := o.(*field); ok {
			b.WriteString(f.Text + "\n")
		}
		for _, c := range parts(o) {
			walk(c)
		}
	}
	for _, o := range objs {
		walk(o)
	}
	return b.String()
}

// One minute and one second are said in the singular.
func TestHomeSaysOneMinute(t *testing.T) {
	h, session, ended := newHomeRig(t).home(t)
	session.Idle = time.Minute
	now := session.LastActive()
	h.tick(now.Add(59 * time.Second))
	if !strings.Contains(h.warnText.Text, "signed out in 1 second to") {
		t.Fatalf("warning %q", h.warnText.Text)
	}
	h.tick(now.Add(time.Minute))
	if !strings.Contains(*ended, "nothing happened for 1 minute.") {
		t.Fatalf("sign-out %q", *ended)
	}
}

// Few backup codes left is a standing warning: it stays at the foot of
// every tab, unlike an outcome, until a new sheet is made.
func TestFewBackupCodesStayInSight(t *testing.T) {
	h, _, _ := newHomeRig(t).home(t)
	h.account.showLeft(1)
	h.tabs.SelectIndex(2)
	if !h.status.Visible() || !strings.Contains(h.status.Text, "Only 1 unused backup code is left.") {
		t.Fatalf("after moving to another tab: %v %q", h.status.Visible(), h.status.Text)
	}
	h.account.showLeft(10)
	if h.status.Visible() {
		t.Fatalf("after a new sheet: %q", h.status.Text)
	}
}
