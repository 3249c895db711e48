package ui

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/auth"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tallies keeps throttle tallies in memory, as the store does in a table.
type tallies struct {
	mu sync.Mutex
	m  map[string]app.Tally
}

func (t *tallies) UpdateThrottle(_ context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]app.Tally{}
	}
	v := rule(t.m[kind+"\x00"+key])
	t.m[kind+"\x00"+key] = v
	return v, nil
}

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
func (s *accountStore) CompleteFirstSetUp(_ context.Context, r auth.FirstSetUp) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.cred.MustChange || s.cred.PasswordHash != r.OldHash {
		return app.ErrConflict
	}
	s.cred.PasswordHash, s.cred.MustChange = r.PasswordHash, false
	s.cred.TOTPSecret, s.cred.TOTPLastStep = r.TOTPSecret, r.TOTPStep
	s.backups = map[string]bool{}
	for _, h := range r.BackupHashes {
		s.backups[h] = false
	}
	return nil
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
	address app.Address // the person's current address, once changed
}

// anaAddress is where the fake person lives until she moves.
var anaAddress = app.Address{Line1: "1200 Oak Ave", City: "Springfield", State: "IL", ZIP: "62704"}

// current is the person's address; the caller holds s.mu.
func (s *portalStore) current() app.Address {
	if s.address == (app.Address{}) {
		return anaAddress
	}
	return s.address
}

var anaCase = app.Case{ID: "c1", Receipt: "IOE0912345678", FormType: "I-485", FormTitle: "Application to Register Permanent Residence or Adjust Status",
	ApplicantID: "p1", ReceivedDate: app.NewDate(2026, 3, 2), Office: "National Benefits Center", StatusCode: "evidence_requested",
	StatusDate: app.NewDate(2026, 6, 1), UpdatedAt: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)}

func (s *portalStore) Person(context.Context, string) (app.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return app.Person{ID: "p1", GivenName: "Ana", FamilyName: "López", Address: s.current()}, nil
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
		StartsAt: time.Date(2030, 5, 4, 9, 30, 0, 0, houston), TimeZone: "America/Chicago",
		PlaceName: "USCIS Application Support Center", PlaceAddress: "8800 Harwin Dr, Houston, TX"}}, nil
}
func (s *portalStore) Message(context.Context, string) (app.Message, error) {
	return app.Message{ID: "m1", PersonID: "p1", FromStaff: true, Subject: "Your RFE", Body: "Bring the medical exam to the clinic."}, nil
}
func (s *portalStore) MessagesOfPerson(context.Context, string) ([]app.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Message
	for i := len(s.replies) - 1; i >= 0; i-- { // newest first
		out = append(out, s.replies[i])
	}
	return append(out, app.Message{ID: "m1", PersonID: "p1", FromStaff: true, Subject: "Your RFE", Body: "Bring the medical exam to the clinic.",
		SentAt: time.Now().Add(-time.Hour)}), nil
}
func (s *portalStore) AddMessage(_ context.Context, m *app.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.ID == "" {
		m.ID = "reply-" + strconv.Itoa(len(s.replies)+1)
	}
	s.replies = append(s.replies, *m)
	return nil
}
func (s *portalStore) UpdateContact(context.Context, string, string, string, time.Time) error {
	return nil
}
func (s *portalStore) ChangeAddress(_ context.Context, _ string, a app.Address, _ string, _ time.Time) ([]app.Receipt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a == s.current() {
		return nil, app.ErrUnchanged
	}
	s.moved = append(s.moved, s.current()) // the history keeps the address replaced
	s.address = a
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

// shown is what the home screen's body shows: the tabs, a case page or a
// preview.
func shown(h *Home) fyne.CanvasObject {
	if len(h.body.Objects) != 1 {
		return nil
	}
	return h.body.Objects[0]
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
		case *pageButton:
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

// screenText is every text a screen holds, shown or typed: labels, entries
// (passwords included) and whatever the widgets draw.
func screenText(objs ...fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Entry:
			b.WriteString(w.Text + "\n")
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *canvas.Text:
			b.WriteString(w.Text + "\n")
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		}
		if wid, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(wid).Objects() {
				walk(c)
			}
		}
	}
	for _, o := range objs {
		walk(o)
	}
	return b.String()
}

// houston is the zone of the fake appointment's office.
var houston, _ = time.LoadLocation("America/Chicago")

func (s *portalStore) PendingCases(context.Context, string) ([]app.Receipt, error) {
	return []app.Receipt{"IOE0912345678"}, nil
}
