package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// accountStore is one account for sign-in: "ana.lopez", backup codes only.
type accountStore struct {
	tallies
	mu      sync.Mutex
	cred    auth.Credentials
	backups map[string]bool // hash → used
	audits  []string
}

func (s *accountStore) CredentialsByUsername(_ context.Context, u string) (auth.Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !strings.EqualFold(u, s.cred.Account.Username) {
		return auth.Credentials{}, app.ErrNotFound
	}
	return s.cred, nil
}
func (s *accountStore) CredentialsByID(_ context.Context, id string) (auth.Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cred, nil
}
func (s *accountStore) UpdateSignInTally(_ context.Context, _ string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := rule(app.Tally{Failures: s.cred.Account.FailedAttempts, LockedUntil: s.cred.Account.LockedUntil})
	s.cred.Account.FailedAttempts, s.cred.Account.LockedUntil = t.Failures, t.LockedUntil
	return t, nil
}
func (s *accountStore) Person(context.Context, string) (app.Person, error) {
	return app.Person{ID: "p1", GivenName: "Ana", FamilyName: "López"}, nil
}
func (s *accountStore) BackupCodeUnused(_ context.Context, _ string, hash string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	used, ok := s.backups[hash]
	return ok && !used, nil
}
func (s *accountStore) RecoverAccount(_ context.Context, r auth.Recovered) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if used, ok := s.backups[r.BackupHash]; !ok || used {
		return app.ErrConflict
	}
	if r.PasswordHash != "" {
		s.cred.PasswordHash = r.PasswordHash
	}
	s.backups = map[string]bool{}
	for _, h := range r.NewBackupHashes {
		s.backups[h] = false
	}
	s.audits = append(s.audits, r.Action)
	return nil
}
func (s *accountStore) SignedIn(context.Context, string, time.Time) error { return nil }
func (s *accountStore) UseTOTPStep(context.Context, string, int64) error  { return nil }
func (s *accountStore) UseBackupCode(_ context.Context, _ string, hash string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if used, ok := s.backups[hash]; !ok || used {
		return app.ErrNotFound
	}
	s.backups[hash] = true
	return nil
}
func (s *accountStore) Unlock(context.Context, string, string, time.Time) error { return nil }
func (s *accountStore) SetPassword(_ context.Context, _ string, hash string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cred.PasswordHash = hash
	return nil
}
func (s *accountStore) ReplaceBackupCodes(_ context.Context, _ string, hashes []string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.backups = map[string]bool{}
	for _, h := range hashes {
		s.backups[h] = false
	}
	return nil
}
func (s *accountStore) BackupCodesLeft(context.Context, string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, used := range s.backups {
		if !used {
			n++
		}
	}
	return n, nil
}
func (s *accountStore) SignInActivity(context.Context, string, int) ([]app.AuditEvent, error) {
	return []app.AuditEvent{{At: time.Date(2026, 11, 23, 9, 15, 0, 0, time.UTC), Action: "signin.ok", Detail: "backup code"}}, nil
}
func (s *accountStore) SetTOTP(_ context.Context, _ string, sealed []byte, step int64, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cred.TOTPSecret, s.cred.TOTPLastStep = sealed, step
	return nil
}
func (s *accountStore) AccountHoldersAtZIP(context.Context, string, int) ([]app.Person, error) {
	return []app.Person{{ID: "p1", FamilyName: "López", DateOfBirth: app.NewDate(1990, 1, 2), Address: app.Address{ZIP: "62701"}}}, nil
}
func (s *accountStore) AccountOfPerson(context.Context, string) (app.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cred.Account, nil
}
func (s *accountStore) Audit(_ context.Context, e *app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.audits = append(s.audits, e.Action)
	return nil
}

// portalStore is Ana's records: one case, its events and notice, an
// appointment and a message; and one notice of someone else.
type portalStore struct {
	tallies
	mu      sync.Mutex
	read    bool
	replies []app.Message
	moved   []app.Address
}

var anaCase = app.Case{ID: "c1", Receipt: "IOE0912345678", FormType: "I-485", FormTitle: "Application to Register Permanent Residence or Adjust Status",
	ApplicantID: "p1", ReceivedDate: app.NewDate(2026, 3, 2), Office: "National Benefits Center", StatusCode: "evidence_requested",
	StatusDate: app.NewDate(2026, 6, 1), UpdatedAt: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)}

func (s *portalStore) Person(context.Context, string) (app.Person, error) {
	return app.Person{ID: "p1", GivenName: "Ana", FamilyName: "López"}, nil
}
func (s *portalStore) Dashboard(context.Context, string, time.Time) (app.Dashboard, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	unread := 1
	if s.read {
		unread = 0
	}
	return app.Dashboard{Cases: []app.Case{anaCase}, Unread: unread}, nil
}
func (s *portalStore) CasesOfPerson(context.Context, string) ([]app.Case, error) {
	return []app.Case{anaCase}, nil
}
func (s *portalStore) Case(_ context.Context, id string) (app.Case, error) {
	if id != "c1" {
		return app.Case{}, app.ErrNotFound
	}
	return anaCase, nil
}
func (s *portalStore) Events(context.Context, string) ([]app.CaseEvent, error) {
	return []app.CaseEvent{{StatusCode: "received", Date: app.NewDate(2026, 3, 2)}, {StatusCode: "evidence_requested", Date: app.NewDate(2026, 6, 1), Note: "Medical exam"}}, nil
}
func (s *portalStore) anaNotice() app.Notice {
	return app.Notice{ID: "n1", CaseID: "c1", PersonID: "p1", Kind: app.NoticeRFE, NoticeDate: app.NewDate(2026, 6, 1), DueDate: app.NewDate(2026, 8, 27),
		Fields: map[string]string{"receipt_number": "IOE0912345678", "name": "Ana López", "address": "Ana López\n1 Main St\nSpringfield IL 62701"}}
}
func (s *portalStore) Notice(_ context.Context, id string) (app.Notice, error) {
	switch id {
	case "n1":
		return s.anaNotice(), nil
	case "n2":
		return app.Notice{ID: "n2", PersonID: "p2", Kind: app.NoticeReceipt}, nil
	}
	return app.Notice{}, app.ErrNotFound
}
func (s *portalStore) NoticesOfCase(context.Context, string) ([]app.Notice, error) {
	return []app.Notice{s.anaNotice()}, nil
}
func (s *portalStore) NoticesOfPerson(context.Context, string) ([]app.Notice, error) {
	return []app.Notice{s.anaNotice()}, nil
}
func (s *portalStore) Appointment(context.Context, string) (app.Appointment, error) {
	return app.Appointment{}, app.ErrNotFound
}
func (s *portalStore) AppointmentsOfPerson(context.Context, string, time.Time) ([]app.Appointment, error) {
	return []app.Appointment{{ID: "a1", PersonID: "p1", CaseID: "c1", Kind: app.AppointmentBiometrics,
		StartsAt: time.Date(2030, 5, 4, 9, 30, 0, 0, time.UTC), PlaceName: "USCIS Application Support Center", PlaceAddress: "8800 Harwin Dr, Houston, TX"}}, nil
}
func (s *portalStore) Message(context.Context, string) (app.Message, error) {
	return app.Message{ID: "m1", PersonID: "p1", Subject: "Your RFE", Body: "Bring the medical exam to the clinic."}, nil
}
func (s *portalStore) MessagesOfPerson(context.Context, string) ([]app.Message, error) {
	return []app.Message{{ID: "m1", PersonID: "p1", Subject: "Your RFE", Body: "Bring the medical exam to the clinic.", SentAt: time.Now()}}, nil
}
func (s *portalStore) AddMessage(_ context.Context, m *app.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies = append(s.replies, *m)
	return nil
}
func (s *portalStore) UpdateContact(context.Context, string, string, string, time.Time) error {
	return nil
}
func (s *portalStore) ChangeAddress(_ context.Context, _ string, a app.Address, _ string, _ time.Time) ([]app.Receipt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.moved = append(s.moved, a)
	return []app.Receipt{"IOE0912345678"}, nil
}
func (s *portalStore) AddressHistory(context.Context, string) ([]app.AddressChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.AddressChange
	for _, a := range s.moved {
		out = append(out, app.AddressChange{Address: a, At: time.Now()})
	}
	return out, nil
}
func (s *portalStore) ProcessingTime(context.Context, string, string) (app.ProcessingTime, error) {
	return app.ProcessingTime{FormType: "I-485", Office: "National Benefits Center", MinMonths: 8, MaxMonths: 13.5, AsOf: app.NewDate(2026, 11, 1)}, nil
}
func (s *portalStore) CaseByReceipt(_ context.Context, r app.Receipt) (app.Case, error) {
	if r == anaCase.Receipt {
		return anaCase, nil
	}
	return app.Case{}, app.ErrNotFound
}
func (s *portalStore) LinkCase(context.Context, string, string, time.Time) error { return nil }
func (s *portalStore) Audit(context.Context, *app.AuditEvent) error              { return nil }
func (s *portalStore) CaseLinked(context.Context, string, string) (bool, error) {
	return false, nil
}
func (s *portalStore) MarkRead(context.Context, string, string, time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.read = true
	return nil
}

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

func TestSignInThenHome(t *testing.T) {
	r := newHomeRig(t)
	var signedIn app.Account
	s := NewSignIn(r.svc, r.win.Canvas(), func(a app.Account) { signedIn = a }, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	if r.win.Canvas().Focused() != s.username {
		t.Fatal("the cursor is not in the username")
	}
	submit := func() { test.Tap(s.next) }
	typeIn(s.username, "nobody")
	typeIn(s.password, "river lamp orange 42")
	submit()
	unknown := s.message.Text
	typeIn(s.username, "Ana.Lopez")
	typeIn(s.password, "wrong lamp orange 42")
	submit()
	if !s.message.Visible() || s.message.Text != unknown || !strings.Contains(unknown, "username or password is not right") || s.username.Text != "Ana.Lopez" {
		t.Fatalf("unknown user %q, wrong password %q", unknown, s.message.Text)
	}
	typeIn(s.password, "river lamp orange 42")
	submit()
	if !s.second.Visible() || s.first.Visible() || !strings.Contains(s.codeHint.Text, "backup codes") || r.win.Canvas().Focused() != s.code {
		t.Fatalf("second step: %q, second %v, first %v, focus on code %v", s.codeHint.Text, s.second.Visible(), s.first.Visible(), r.win.Canvas().Focused() == s.code)
	}
	typeIn(s.code, "00000-00000")
	submit()
	if !strings.Contains(s.message.Text, "did not work") || signedIn.ID != "" {
		t.Fatalf("a wrong code: %q", s.message.Text)
	}
	typeIn(s.code, strings.ToLower(r.codes[0]))
	submit()
	if signedIn.ID == "" {
		t.Fatalf("not signed in: %q", s.message.Text)
	}
	if signedIn.ID != "acct-1" || s.password.Text != "" || s.code.Text != "" {
		t.Fatalf("signed in as %+v; password left %q", signedIn, s.password.Text)
	}

	// Home: the case, what changed since the last visit, the case page.
	session := portal.NewSession(signedIn, time.Now(), portal.DesktopIdle)
	var reason string
	ended := false
	h := NewHome(r.svc, session, func(why string) { reason, ended = why, true })
	r.win.SetContent(h.Content())
	h.load()
	if h.header.Text != "Welcome, Ana" || !strings.Contains(h.number.Text, "1234 5678 9012") || h.msgTab.Text != "Messages (1)" {
		t.Fatalf("header %q, number %q, messages tab %q", h.header.Text, h.number.Text, h.msgTab.Text)
	}
	text := labels(h.cases)
	for _, want := range []string{"I-485 — Application to Register", "IOE0912345678", "Request for Evidence Was Sent", "Changed since your last visit", "since June 1, 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from the cases:\n%s", want, text)
		}
	}
	// Adding a paper case: a typo, and a case that is already here.
	typeIn(h.addCase, "EAC12")
	h.addCase.OnSubmitted("")
	if !strings.Contains(h.addMsg.Text, "needs exactly 10") || h.addCase.Text != "EAC12" {
		t.Fatalf("typo: %q", h.addMsg.Text)
	}
	typeIn(h.addCase, "IOE0912345678")
	h.addCase.OnSubmitted("")
	if !strings.Contains(h.addMsg.Text, "Choose your role") || h.addCase.Text != "IOE0912345678" {
		t.Fatalf("no role: %q", h.addMsg.Text)
	}
	h.addRole.SetSelected(h.addRole.Options[0])
	h.addCase.OnSubmitted("")
	if !strings.Contains(h.addMsg.Text, "already in your account") {
		t.Fatalf("already: %q", h.addMsg.Text)
	}
	h.openCase("c1")
	page := labels(h.page)
	for _, want := range []string{"USCIS takes 8 to 13.5 months for Form I-485", "History, newest first", "Case Was Received", "Medical exam", "Request for Evidence IOE0912345678", "Biometrics"} {
		if !strings.Contains(page, want) {
			t.Errorf("%q missing from the case page:\n%s", want, page)
		}
	}
	// An upcoming appointment says what to bring and goes to the calendar.
	appts := labels(h.appts)
	if !strings.Contains(appts, "Bring:") || !strings.Contains(appts, "photo identity document") {
		t.Errorf("appointments:\n%s", appts)
	}
	as, _ := r.svc.Portal.Appointments(context.Background(), session)
	h.saveICS(as[0])
	if !strings.Contains(h.status.Text, "appointment-2030-05-04-biometrics.ics") {
		t.Fatalf("calendar: %q", h.status.Text)
	}
	// Printing a notice saves it and sends it to the printer.
	h.export("n1", exportPrint)
	if !strings.Contains(h.status.Text, "Sent to the printer") {
		t.Fatalf("print: %q", h.status.Text)
	}
	h.export("n1", exportView)
	if !strings.Contains(h.status.Text, "Opened in your PDF viewer") || !strings.Contains(strings.Join(r.sp.ran, "\n"), "xdg-open") {
		t.Fatalf("view: %q", h.status.Text)
	}
	// Someone else's notice, asked for by id, is not found.
	h.export("n2", exportSave)
	if !strings.Contains(h.status.Text, "not in your account") {
		t.Fatalf("another person's notice: %q", h.status.Text)
	}
	// The preview shows the notice as it prints, on the screen, and Back
	// returns to the case page it was opened from.
	h.preview("n1")
	if len(h.body.Objects) != 1 || h.body.Objects[0] != h.viewer {
		t.Fatal("the preview is not shown")
	}
	shown := labels(h.viewer)
	for _, want := range []string{"Request for Evidence IOE0912345678", "Receipt number", "must reach USCIS by", "Record copy printed with CaseDesk — not issued by USCIS", "Page 1 of 1", "Save PDF", "Print", "Open in PDF viewer"} {
		if !strings.Contains(shown, want) {
			t.Errorf("%q missing from the preview:\n%s", want, shown)
		}
	}
	back := h.viewer.Objects[0].(*fyne.Container).Objects[1].(*fyne.Container).Objects[1].(*widget.Button)
	if back.Text != "Back" {
		t.Fatalf("first button of the preview: %q", back.Text)
	}
	test.Tap(back)
	if h.body.Objects[0] != h.page || len(h.viewer.Objects) != 0 {
		t.Fatal("Back did not return to the case page")
	}
	// Escape does the same, one screen at a time: preview → case page → tabs.
	h.preview("n1")
	escape := &fyne.KeyEvent{Name: fyne.KeyEscape}
	h.TypedKey(escape)
	if h.body.Objects[0] != h.page {
		t.Fatal("Escape did not leave the preview for the case page")
	}
	h.TypedKey(escape)
	if h.body.Objects[0] != h.tabs {
		t.Fatal("Escape did not leave the case page for the tabs")
	}
	h.TypedKey(escape) // on the tabs: nothing to leave
	h.openCase("c1")
	// Someone else's notice is not previewed either.
	h.preview("n2")
	if !strings.Contains(h.status.Text, "not in your account") || h.body.Objects[0] != h.page {
		t.Fatalf("preview of another person's notice: %q", h.status.Text)
	}
	// Reading the message clears the unread count; a reply goes to the clinic.
	h.read("m1", widget.NewLabel(""), widget.NewLabel(""))
	if h.msgTab.Text != "Messages" {
		t.Fatalf("after reading: %q", h.msgTab.Text)
	}
	box := h.replyBox("m1")
	entry, send := box.Objects[0].(*widget.Entry), box.Objects[1].(*fyne.Container).Objects[0].(*widget.Button)
	test.Tap(send)
	if msg := box.Objects[2].(*widget.Label); !strings.Contains(msg.Text, "is empty") {
		t.Fatalf("empty reply: %q", msg.Text)
	}
	typeIn(entry, "I will bring it on Monday.")
	test.Tap(send)
	if msg := box.Objects[2].(*widget.Label); !strings.Contains(msg.Text, "Sent") || entry.Text != "" {
		t.Fatalf("reply: %q", msg.Text)
	}
	// Idle: a warning 30 s ahead, then sign-out that forgets the screens.
	now := session.LastActive()
	h.tick(now.Add(14*time.Minute + 40*time.Second))
	if !h.warning.Visible() || !strings.Contains(h.warnText.Text, "signed out in 20 seconds") {
		t.Fatalf("warning: %v %q", h.warning.Visible(), h.warnText.Text)
	}
	h.tick(now.Add(15 * time.Minute))
	if !ended || !strings.Contains(reason, "15 minutes") || len(h.cases.Objects) != 0 || len(h.page.Objects) != 0 {
		t.Fatalf("sign-out: %v %q, %d case rows left", ended, reason, len(h.cases.Objects))
	}
}

// labels gathers the text of every label under o.
func labels(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Card:
			walk(w.Content)
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *canvas.Text:
			b.WriteString(w.Text + "\n")
		case *container.Scroll:
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

func TestMyAccountTab(t *testing.T) {
	r := newHomeRig(t)
	session := portal.NewSession(r.accounts.cred.Account, time.Now(), portal.DesktopIdle)
	h := NewHome(r.svc, session, func(string) {})
	r.win.SetContent(h.Content())
	h.load()
	a := h.account
	if !strings.Contains(a.left.Text, "10 of 10") || !strings.Contains(labels(a.activity), "Signed in — backup code") {
		t.Fatalf("left %q, activity %q", a.left.Text, labels(a.activity))
	}
	typeIn(a.current, "not my password")
	typeIn(a.next, "a brand new passphrase")
	typeIn(a.again, "a brand new passphrase")
	test.Tap(a.change)
	if !strings.Contains(a.pwMsg.Text, "current password is not right") || a.next.Text == "" {
		t.Fatalf("wrong current password: %q", a.pwMsg.Text)
	}
	typeIn(a.current, "river lamp orange 42")
	test.Tap(a.change)
	if !strings.Contains(a.pwMsg.Text, "password is changed") || a.current.Text != "" {
		t.Fatalf("change: %q", a.pwMsg.Text)
	}
	if ok, _ := auth.VerifyPassword("a brand new passphrase", r.accounts.cred.PasswordHash); !ok {
		t.Fatal("the new password was not stored")
	}
	typeIn(a.codesPw, "a brand new passphrase")
	test.Tap(a.makeCodes)
	if len(a.sheet.grid.Objects) != 10 || !a.sheet.box.Visible() || !strings.Contains(a.codesMsg.Text, "old ones no longer work") {
		t.Fatalf("new codes: %d, %q", len(a.sheet.grid.Objects), a.codesMsg.Text)
	}
	test.Tap(a.sheet.print)
	assertPrintedPrivately(t, r.sp, r.svc.PDFFolder, a.sheet.msg.Text)
	// A new authenticator app, confirmed by its code.
	a.startApp()
	if !a.enrol.box.Visible() || a.enrol.enrolment == nil {
		t.Fatal("no enrolment shown")
	}
	typeIn(a.tfPw, "a brand new passphrase")
	code, _ := totp.GenerateCode(a.enrol.enrolment.Secret, time.Now())
	typeIn(a.enrol.code, code)
	a.confirmApp()
	if !strings.Contains(a.tfMsg.Text, "new authenticator app is set up") || r.accounts.cred.TOTPSecret == nil || !a.removeApp.Visible() {
		t.Fatalf("new app: %q", a.tfMsg.Text)
	}
	// The first sheet's codes no longer work.
	if _, ok := r.accounts.backups[auth.NewKeysForTest(bytes.Repeat([]byte{3}, 32)).BackupHash(r.codes[0])]; ok {
		t.Fatal("an old backup code is still stored")
	}
}

func TestForgotPasswordAndUsernameScreens(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	s.showRecovery(s.resetForm, s.resetUser)
	typeIn(s.resetUser, "ana.lopez")
	typeIn(s.resetCode, "00000-00000")
	typeIn(s.resetNew, "a brand new passphrase")
	typeIn(s.resetAgain, "a brand new passphrase")
	s.resetPassword()
	if !strings.Contains(s.recoverMsg.Text, "do not match") {
		t.Fatalf("wrong code: %q", s.recoverMsg.Text)
	}
	typeIn(s.resetCode, r.codes[2])
	s.resetPassword()
	if !strings.Contains(s.recovered.Text, "password is changed") || s.username.Text != "ana.lopez" || len(s.sheet.grid.Objects) != 10 {
		t.Fatalf("reset: %q, %d new codes", s.recovered.Text, len(s.sheet.grid.Objects))
	}
	// The new sheet prints from a private file, never the PDF folder.
	test.Tap(s.sheet.print)
	assertPrintedPrivately(t, r.sp, r.svc.PDFFolder, s.sheet.msg.Text)
	newCode := strings.TrimPrefix(s.sheet.grid.Objects[0].(*widget.Label).Text, "1. ")
	s.showSteps()
	if len(s.sheet.grid.Objects) != 0 || !s.next.Visible() {
		t.Fatal("the sheet is still on the screen after going back")
	}
	s.showRecovery(s.findForm, s.find.family)
	typeIn(s.find.family, "lopez")
	typeIn(s.find.dob, "01/02/1990")
	typeIn(s.find.zip, "62701")
	typeIn(s.findCode, r.codes[3]) // the old sheet ended with the reset
	s.findUsername()
	if !strings.Contains(s.recoverMsg.Text, "do not match") {
		t.Fatalf("a code of the ended sheet: %q", s.recoverMsg.Text)
	}
	typeIn(s.findCode, newCode)
	s.findUsername()
	if !strings.Contains(s.recovered.Text, "Your username is ana.lopez") {
		t.Fatalf("username: %q", s.recovered.Text)
	}
}

// assertPrintedPrivately: a backup-code sheet went to lp from a private
// file that is gone now, and nothing landed in the shared PDF folder.
func assertPrintedPrivately(t *testing.T, sp *spooler, folder, msg string) {
	t.Helper()
	if !strings.Contains(msg, "sent to the printer") || len(sp.ran) == 0 {
		t.Fatalf("print: %q, ran %q", msg, sp.ran)
	}
	last := sp.ran[len(sp.ran)-1]
	file := last[strings.LastIndex(last, " ")+1:]
	if !strings.HasPrefix(last, "lp ") || strings.HasPrefix(file, folder) {
		t.Fatalf("printed %q", last)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the private copy %s is still there: %v", file, err)
	}
	if entries, _ := os.ReadDir(folder); len(entries) != 0 {
		t.Fatalf("the PDF folder holds %v", entries)
	}
}

func TestProfileTab(t *testing.T) {
	r := newHomeRig(t)
	session := portal.NewSession(r.accounts.cred.Account, time.Now(), portal.DesktopIdle)
	h := NewHome(r.svc, session, func(string) {})
	r.win.SetContent(h.Content())
	h.load()
	p := h.profile
	before := session.LastActive()
	time.Sleep(2 * time.Millisecond)
	typeIn(p.phone, "555-01")
	if !session.LastActive().After(before) {
		t.Fatal("typing did not count as activity")
	}
	test.Tap(p.saveContact)
	if !strings.Contains(p.contactMsg.Text, "10") || p.phone.Text != "555-01" {
		t.Fatalf("bad phone: %q", p.contactMsg.Text)
	}
	typeIn(p.line1, "77 Elm St")
	typeIn(p.city, "Austin")
	typeIn(p.state, "ZZ")
	typeIn(p.zip, "78701")
	test.Tap(p.saveAddr)
	if !strings.Contains(p.addrMsg.Text, "not a US state code") || p.line1.Text != "77 Elm St" {
		t.Fatalf("bad state: %q", p.addrMsg.Text)
	}
	typeIn(p.state, "tx")
	test.Tap(p.saveAddr)
	if !strings.Contains(p.addrMsg.Text, "IOE0912345678") || !strings.Contains(p.addrMsg.Text, "AR-11") {
		t.Fatalf("address: %q", p.addrMsg.Text)
	}
	if !strings.Contains(labels(p.history), "77 Elm St, Austin TX 78701") {
		t.Fatalf("history: %q", labels(p.history))
	}
}

func TestSignInLocksAfterFiveFailures(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	typeIn(s.username, "ana.lopez")
	for i := 1; i <= 5; i++ {
		typeIn(s.password, "wrong lamp orange 42")
		test.Tap(s.next)
	}
	if !strings.Contains(s.message.Text, "locked") || !strings.Contains(s.message.Text, "ask the clinic to unlock") {
		t.Fatalf("after 5 failures: %q", s.message.Text)
	}
	typeIn(s.password, "river lamp orange 42")
	test.Tap(s.next)
	if !strings.Contains(s.message.Text, "locked") || s.second.Visible() {
		t.Fatalf("the right password during the lock: %q", s.message.Text)
	}
	// Staff unlock (accounts unlock): the right password works again.
	r.accounts.mu.Lock()
	r.accounts.cred.Account.LockedUntil, r.accounts.cred.Account.FailedAttempts = time.Time{}, 0
	r.accounts.mu.Unlock()
	test.Tap(s.next)
	if !s.second.Visible() {
		t.Fatalf("after the unlock: %q", s.message.Text)
	}
}
