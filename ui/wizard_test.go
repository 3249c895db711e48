package ui

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/notice"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// codeStore is an in-memory stand-in for the case store's access-code side.
type codeStore struct {
	tallies  // of codes nobody was issued
	mu       sync.Mutex
	person   app.Person
	codes    map[string]*auth.CodeRecord // by hash
	accounts []auth.Redemption
	taken    map[string]bool
}

func (s *codeStore) Person(_ context.Context, id string) (app.Person, error) {
	if id != s.person.ID {
		return app.Person{}, app.ErrNotFound
	}
	return s.person, nil
}
func (s *codeStore) Setting(context.Context, string) (string, error) { return "", app.ErrNotFound }
func (s *codeStore) IssueAccessCode(_ context.Context, r auth.IssueRecord) (app.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[r.CodeHash] = &auth.CodeRecord{ID: r.CodeHash[:8], PersonID: r.PersonID, ExpiresAt: r.ExpiresAt}
	return app.Account{ID: "a1", PersonID: r.PersonID, Number: "123456789012"}, nil
}
func (s *codeStore) RevokeAccessCodes(context.Context, string, string, time.Time) (int, error) {
	return 0, nil
}
func (s *codeStore) AccessCodeByHash(_ context.Context, hash string) (auth.CodeRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.codes[hash]; ok {
		return *c, nil
	}
	return auth.CodeRecord{}, app.ErrNotFound
}
func (s *codeStore) TakeAccessCodeTry(_ context.Context, id string, max int) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.codes {
		if c.ID == id {
			if c.Attempts >= max {
				return max, app.ErrConflict
			}
			c.Attempts++
			return c.Attempts, nil
		}
	}
	return 0, app.ErrNotFound
}
func (s *codeStore) AccessCodeTryFailed(context.Context, string, int, time.Time) error { return nil }
func (s *codeStore) ReturnAccessCodeTry(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.codes {
		if c.ID == id && c.Attempts > 0 {
			c.Attempts--
		}
	}
	return nil
}
func (s *codeStore) AccountOfPerson(_ context.Context, id string) (app.Account, error) {
	return app.Account{ID: "a1", PersonID: id, Number: "123456789012"}, nil
}
func (s *codeStore) RedeemAccessCode(_ context.Context, r auth.Redemption) (app.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.codes {
		if c.ID == r.CodeID {
			if !c.RedeemedAt.IsZero() {
				return app.Account{}, app.ErrConflict
			}
			c.RedeemedAt = r.At
		}
	}
	s.accounts = append(s.accounts, r)
	s.taken[strings.ToLower(r.Username)] = true
	return app.Account{ID: "a1", PersonID: r.PersonID, Username: r.Username, Number: "123456789012"}, nil
}
func (s *codeStore) UsernameTaken(_ context.Context, u, _ string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.taken[strings.ToLower(u)], nil
}

type wizardRig struct {
	w      *Wizard
	store  *codeStore
	code   app.AccessCode
	done   int
	reason string
	sp     *spooler
	win    fyne.Window
}

func newTestWizard(t *testing.T) *wizardRig {
	t.Helper()
	test.NewTempApp(t)
	store := &codeStore{codes: map[string]*auth.CodeRecord{}, taken: map[string]bool{"ana.lopez": true},
		person: app.Person{ID: "p1", GivenName: "José", FamilyName: "Muñoz", DateOfBirth: app.NewDate(1985, 3, 14), CountryOfBirth: "Mexico",
			Address: app.Address{Line1: "1 Main St", City: "Springfield", State: "IL", ZIP: "62701"}}}
	codes := auth.NewCodes(store, auth.NewKeysForTest(bytes.Repeat([]byte{1}, 32)), nil, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	is, err := codes.Issue(context.Background(), "p1", "", auth.ForSetUp)
	if err != nil {
		t.Fatal(err)
	}
	rig := &wizardRig{store: store, code: is.Code, sp: &spooler{}}
	svc := Services{
		Codes:     codes,
		Notices:   notice.NewService(newNoticeStore(), nil),
		Printing:  printing.NewWith(rig.sp.run, "linux"),
		PDFFolder: filepath.Join(t.TempDir(), "CaseDesk"),
		Runner:    inline,
	}
	win := test.NewTempWindow(t, nil)
	rig.w = NewWizard(svc, win.Canvas(), func(reason string) { rig.done++; rig.reason = reason })
	win.SetContent(rig.w.Content())
	win.Resize(fyne.NewSize(880, 700))
	rig.win = win
	rig.w.Start()
	if win.Canvas().Focused() != rig.w.code {
		t.Fatal("the cursor is not in the code field")
	}
	return rig
}

// typeIn replaces an entry's text the way a person types it.
func typeIn(e interface {
	SetText(string)
}, s string) {
	e.SetText("")
	test.Type(e.(fyne.Focusable), s)
}

// toTwoStep types the code, the right identity, username and a good
// password, and arrives at the 2-step step.
func (r *wizardRig) toTwoStep(t *testing.T, username string) {
	t.Helper()
	w := r.w
	r.toCredentials(t)
	typeIn(w.username, username)
	typeIn(w.password, "river lamp orange 42")
	typeIn(w.confirm, "river lamp orange 42")
	r.next()
	if w.step != 4 {
		t.Fatalf("not at the 2-step step: %q %q", w.stepOf.Text, w.message.Text)
	}
}

func (r *wizardRig) next() {
	test.Tap(r.w.next)
}

func TestWizardWholeWay(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	if w.stepOf.Text != "Step 1 of 5" || w.back.Visible() {
		t.Fatalf("start: %q, back visible %v", w.stepOf.Text, w.back.Visible())
	}
	typeIn(w.code, strings.ToLower(r.code.String()))
	r.next()
	if w.stepOf.Text != "Step 2 of 5" || r.win.Canvas().Focused() != w.ident.family {
		t.Fatalf("after the code: %q %q, cursor in the family name %v", w.stepOf.Text, w.codeMsg.Text, r.win.Canvas().Focused() == w.ident.family)
	}
	typeIn(w.ident.family, "munoz")
	typeIn(w.ident.dob, "3/14/1985")
	typeIn(w.ident.zip, "62701")
	typeIn(w.ident.country, "Mexico")
	r.next()
	if w.stepOf.Text != "Step 3 of 5" {
		t.Fatalf("after the identity: %q, message %q", w.stepOf.Text, w.message.Text)
	}
	typeIn(w.username, "jose.munoz")
	typeIn(w.password, "password")
	if !w.passMsg.Visible() || !strings.Contains(w.passMsg.Text, "most common") || w.strengthLabel.Text != "Not accepted" {
		t.Fatalf("a common password: %q %q", w.passMsg.Text, w.strengthLabel.Text)
	}
	typeIn(w.password, "river lamp orange 42")
	typeIn(w.confirm, "river lamp orange 42")
	if w.passMsg.Visible() || w.strength.Value < 3 {
		t.Fatalf("a good password: %q strength %v", w.passMsg.Text, w.strength.Value)
	}
	r.next()
	if w.stepOf.Text != "Step 4 of 5" || w.enrol.enrolment == nil || len(w.backups) != 10 || w.enrol.qr.Resource == nil {
		t.Fatalf("2-step: %q %q", w.stepOf.Text, w.message.Text)
	}
	// A wrong code from the app is explained and nothing is written.
	typeIn(w.enrol.code, "000000")
	r.next()
	if w.stepOf.Text != "Step 4 of 5" || !strings.Contains(w.message.Text, "not the code your authenticator app shows") || len(r.store.accounts) != 0 {
		t.Fatalf("wrong TOTP: %q, accounts %d", w.message.Text, len(r.store.accounts))
	}
	code, _ := totp.GenerateCode(w.enrol.enrolment.Secret, time.Now())
	typeIn(w.enrol.code, code)
	r.next()
	if w.stepOf.Text != "Step 5 of 5" || len(r.store.accounts) != 1 {
		t.Fatalf("done: %q %q", w.stepOf.Text, w.message.Text)
	}
	a := r.store.accounts[0]
	if a.Username != "jose.munoz" || a.TOTPSecret == nil || len(a.BackupHashes) != 10 {
		t.Fatalf("redemption %+v", a)
	}
	if w.numberLabel.Text != "1234 5678 9012" || len(w.sheet.grid.Objects) != 10 ||
		!strings.Contains(labels(w.sheet.grid), "1. "+w.backups[0]+"\n") || w.cancel.Visible() || w.back.Visible() {
		t.Fatalf("done: number %q, %d codes", w.numberLabel.Text, len(w.sheet.grid.Objects))
	}
	// The backup codes print from a private file, not the PDF folder.
	test.Tap(w.sheet.print)
	assertPrintedPrivately(t, r.sp, w.svc.PDFFolder, w.sheet.msg.Text)
	test.Tap(w.kept) // Finish waits for this
	r.next()
	if r.done != 1 {
		t.Fatal("Finish did not leave the wizard")
	}
}

func TestWizardBackKeepsAnswers(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	r.toTwoStep(t, "jose.m")
	secret := w.enrol.enrolment.Secret
	backups := strings.Join(w.backups, ",")
	test.Tap(w.back)
	test.Tap(w.back)
	test.Tap(w.back)
	if w.stepOf.Text != "Step 1 of 5" || w.code.Text != r.code.String() {
		t.Fatalf("back to the start: %q %q", w.stepOf.Text, w.code.Text)
	}
	r.next()
	if w.ident.family.Text != "Muñoz" || w.ident.dob.Text != "03/14/1985" || w.ident.zip.Text != "62701" {
		t.Fatal("the identity was lost")
	}
	r.next()
	if w.username.Text != "jose.m" || w.password.Text != "river lamp orange 42" {
		t.Fatal("the credentials were lost")
	}
	r.next()
	if w.enrol.enrolment.Secret != secret || strings.Join(w.backups, ",") != backups {
		t.Fatal("going back made a new authenticator key or new backup codes")
	}
	// Backup codes only.
	w.method.SetSelected(w.method.Options[1])
	if w.appBox.Visible() {
		t.Fatal("the app's QR code is still shown")
	}
	r.next()
	if w.stepOf.Text != "Step 5 of 5" || r.store.accounts[0].TOTPSecret != nil {
		t.Fatalf("backup codes only: %q %q", w.stepOf.Text, w.message.Text)
	}
}

func TestWizardErrors(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	typeIn(w.code, "12AB")
	r.next()
	if w.stepOf.Text != "Step 1 of 5" || !w.codeMsg.Visible() || !strings.Contains(w.codeMsg.Text, "has 4 characters") || w.code.Text != "12AB" {
		t.Fatalf("short code: %q", w.codeMsg.Text)
	}
	// A code that exists nowhere and a wrong identity give the same message.
	other, _ := app.NewAccessCode(nil)
	typeIn(w.code, other.String())
	r.next()
	typeIn(w.ident.family, "Muñoz")
	typeIn(w.ident.dob, "03/14/1985")
	typeIn(w.ident.zip, "62701")
	typeIn(w.ident.country, "Mexico")
	r.next()
	wrongCode := w.message.Text
	test.Tap(w.back)
	typeIn(w.code, r.code.String())
	r.next()
	typeIn(w.ident.family, "Smith")
	r.next()
	if w.stepOf.Text != "Step 2 of 5" || w.message.Text != wrongCode || !strings.Contains(wrongCode, "do not match") {
		t.Fatalf("wrong code %q, wrong identity %q", wrongCode, w.message.Text)
	}
	if w.ident.family.Text != "Smith" {
		t.Fatal("an error cleared what was typed")
	}
	// A bad date is explained as such.
	typeIn(w.ident.family, "Muñoz")
	typeIn(w.ident.dob, "14/03/1985")
	r.next()
	if !strings.Contains(w.message.Text, "month 14") {
		t.Fatalf("bad date: %q", w.message.Text)
	}
	typeIn(w.ident.dob, "03/14/1985")
	r.next()
	// A taken username is explained beside the field.
	typeIn(w.username, "Ana.Lopez")
	typeIn(w.password, "river lamp orange 42")
	typeIn(w.confirm, "river lamp orange 41")
	r.next()
	if w.stepOf.Text != "Step 3 of 5" || !strings.Contains(w.message.Text, "not the same") {
		t.Fatalf("mismatch: %q", w.message.Text)
	}
	typeIn(w.confirm, "river lamp orange 42")
	r.next()
	if w.stepOf.Text != "Step 3 of 5" || !w.userMsg.Visible() || !strings.Contains(w.userMsg.Text, "taken") {
		t.Fatalf("taken: %q", w.userMsg.Text)
	}
}

func TestWizardUsedCodeSaysSo(t *testing.T) {
	r := newTestWizard(t)
	for _, c := range r.store.codes {
		c.RedeemedAt = time.Now()
	}
	w := r.w
	typeIn(w.code, r.code.String())
	r.next()
	typeIn(w.ident.family, "Muñoz")
	typeIn(w.ident.dob, "03/14/1985")
	typeIn(w.ident.zip, "62701")
	typeIn(w.ident.country, "Mexico")
	r.next()
	if !strings.Contains(w.message.Text, "already used") {
		t.Fatalf("used code: %q", w.message.Text)
	}
}

// TestWizardTriesLeftTellNothing is the attacker's view of the wizard: a
// code nobody was issued, typed with its "person's" identity, and the real
// code typed with a wrong one, are answered alike at every try; once only
// a few tries are left both say how many, and then both lock.
func TestWizardTriesLeftTellNothing(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	unknown, _ := app.NewAccessCode(nil)
	try := func(code, family string) string {
		t.Helper()
		if w.step == 2 {
			test.Tap(w.back)
		}
		typeIn(w.code, code)
		r.next()
		typeIn(w.ident.family, family)
		typeIn(w.ident.dob, "03/14/1985")
		typeIn(w.ident.zip, "62701")
		typeIn(w.ident.country, "Mexico")
		r.next()
		if w.step != 2 || !w.message.Visible() {
			t.Fatalf("a wrong try moved on: %q", w.stepOf.Text)
		}
		return w.message.Text
	}
	for n := 1; n <= auth.MaxCodeAttempts+1; n++ {
		u, real := try(unknown.String(), "Muñoz"), try(r.code.String(), "Smith")
		if u != real {
			t.Fatalf("try %d: an unknown code is told %q, the real one %q", n, u, real)
		}
		switch left := auth.MaxCodeAttempts - n; {
		case left == 2:
			if !strings.Contains(real, "2 tries left before this code stops working; then ask the clinic for a new one.") {
				t.Errorf("try %d: %q", n, real)
			}
		case left > auth.WarnCodeTriesLeft:
			if strings.Contains(real, "left") {
				t.Errorf("try %d warns already: %q", n, real)
			}
		case left <= 0:
			if !strings.Contains(real, "locked") {
				t.Errorf("try %d: %q", n, real)
			}
		}
	}
}
