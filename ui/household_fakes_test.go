package ui

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/household"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// houseStore is a household's store in memory: Ana (p1, account acct-1)
// owns it. It answers the portal (embedding Ana's other records) and the
// household service from the same cases.
type houseStore struct {
	*portalStore
	mu      sync.Mutex
	kind    string
	people  map[string]app.Person
	members map[string]string // person → relationship, all Ana's household
	cases   map[string]app.Case
	events  map[string][]app.CaseEvent
	links   map[string]bool // cases Ana follows
	letters map[string]household.Attachment
	sealed  map[string][]byte
	rfe     map[string]*household.RFE
	appts   []app.Appointment
	setUp   *household.SetUpRecord
	n       int
	failSet error // SetUpHousehold's error, when set
	audited []app.AuditEvent
}

func newHouseStore() *houseStore {
	s := &houseStore{portalStore: &portalStore{}, kind: app.InstallHousehold,
		people:  map[string]app.Person{"p1": {ID: "p1", GivenName: "Ana", FamilyName: "López", DateOfBirth: app.NewDate(1985, 3, 14), Address: anaAddress, Language: "en"}},
		members: map[string]string{"p1": household.Self}, cases: map[string]app.Case{}, events: map[string][]app.CaseEvent{},
		links: map[string]bool{}, letters: map[string]household.Attachment{}, sealed: map[string][]byte{}, rfe: map[string]*household.RFE{}}
	return s
}

func (s *houseStore) id(prefix string) string { s.n++; return fmt.Sprintf("%s-%d", prefix, s.n) }

func (s *houseStore) Setting(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if key != app.SettingInstallKind || s.kind == "" {
		return "", app.ErrNotFound
	}
	return s.kind, nil
}
func (s *houseStore) SetUpHousehold(_ context.Context, r household.SetUpRecord) (app.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failSet != nil {
		return app.Account{}, s.failSet
	}
	if s.kind != "" {
		return app.Account{}, app.ErrConflict
	}
	s.kind, s.setUp = app.InstallHousehold, &r
	return app.Account{ID: "acct-1", PersonID: "p1", Username: r.Username, Number: "123456789012", Role: app.RoleApplicant}, nil
}
func (s *houseStore) IsOwner(_ context.Context, accountID, personID string) (bool, error) {
	return accountID == "acct-1" && personID == "p1", nil
}
func (s *houseStore) Person(_ context.Context, id string) (app.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.people[id]
	if !ok {
		return app.Person{}, app.ErrNotFound
	}
	return p, nil
}
func (s *houseStore) Members(_ context.Context, ownerID string) ([]household.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []household.Member{{Person: s.people["p1"], Relationship: household.Self}}
	var rest []household.Member
	for id, rel := range s.members {
		if id != "p1" {
			rest = append(rest, household.Member{Person: s.people[id], Relationship: rel})
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Person.GivenName < rest[j].Person.GivenName })
	return append(out, rest...), nil
}
func (s *houseStore) AddMember(_ context.Context, _ string, p *app.Person, rel string, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.ID = s.id("p")
	s.people[p.ID], s.members[p.ID] = *p, rel
	s.audited = append(s.audited, e)
	return nil
}
func (s *houseStore) Case(_ context.Context, id string) (app.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cases[id]
	if !ok {
		return app.Case{}, app.ErrNotFound
	}
	return c, nil
}
func (s *houseStore) CaseByReceipt(_ context.Context, r app.Receipt) (app.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cases {
		if c.Receipt == r {
			return c, nil
		}
	}
	return app.Case{}, app.ErrNotFound
}
func (s *houseStore) CaseLinked(_ context.Context, personID, caseID string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return personID == "p1" && s.links[caseID], nil
}
func (s *houseStore) CasesOfPerson(context.Context, string) ([]app.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Case
	for id, c := range s.cases {
		if s.links[id] {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Receipt < out[j].Receipt })
	return out, nil
}
func (s *houseStore) Dashboard(ctx context.Context, p string, _ time.Time) (app.Dashboard, error) {
	cs, err := s.CasesOfPerson(ctx, p)
	return app.Dashboard{Cases: cs}, err
}
func (s *houseStore) Events(_ context.Context, caseID string) ([]app.CaseEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]app.CaseEvent(nil), s.events[caseID]...), nil
}
func (s *houseStore) NoticesOfCase(context.Context, string) ([]app.Notice, error)   { return nil, nil }
func (s *houseStore) NoticesOfPerson(context.Context, string) ([]app.Notice, error) { return nil, nil }
func (s *houseStore) AppointmentsOfPerson(context.Context, string, time.Time) ([]app.Appointment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]app.Appointment(nil), s.appts...), nil
}
func (s *houseStore) AddFollowedCase(_ context.Context, _ string, c *app.Case, first *app.CaseEvent, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.ID = s.id("c")
	c.StatusCode, c.StatusDate, c.UpdatedAt = first.StatusCode, first.Date, time.Now()
	first.CaseID = c.ID
	s.cases[c.ID], s.events[c.ID], s.links[c.ID] = *c, []app.CaseEvent{*first}, true
	s.audited = append(s.audited, e)
	return nil
}
func (s *houseStore) AddStatus(_ context.Context, ev *app.CaseEvent, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.cases[ev.CaseID]
	if !ev.Date.Before(c.StatusDate) {
		c.StatusCode, c.StatusDate = ev.StatusCode, ev.Date
	}
	s.cases[ev.CaseID] = c
	s.events[ev.CaseID] = append(s.events[ev.CaseID], *ev)
	s.audited = append(s.audited, e)
	return nil
}
func (s *houseStore) AddAttachment(_ context.Context, a *household.Attachment, sealed []byte, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.ID = s.id("a")
	s.letters[a.ID], s.sealed[a.ID] = *a, sealed
	s.audited = append(s.audited, e)
	return nil
}
func (s *houseStore) Attachments(_ context.Context, caseID string) ([]household.Attachment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []household.Attachment
	for _, a := range s.letters {
		if a.CaseID == caseID {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
func (s *houseStore) Attachment(_ context.Context, id string) (household.Attachment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.letters[id]
	if !ok {
		return household.Attachment{}, app.ErrNotFound
	}
	return a, nil
}
func (s *houseStore) UseSealed(_ context.Context, id string, use func([]byte) error) error {
	s.mu.Lock()
	b := s.sealed[id]
	s.mu.Unlock()
	return use(b)
}
func (s *houseStore) RemoveAttachment(_ context.Context, id string, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.letters, id)
	delete(s.sealed, id)
	s.audited = append(s.audited, e)
	return nil
}
func (s *houseStore) rfeOf(caseID string) *household.RFE {
	r, ok := s.rfe[caseID]
	if !ok {
		r = &household.RFE{CaseID: caseID}
		s.rfe[caseID] = r
	}
	return r
}
func (s *houseStore) RFE(_ context.Context, caseID string) (household.RFE, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := *s.rfeOf(caseID)
	r.Items = append([]household.RFEItem(nil), r.Items...)
	return r, nil
}
func (s *houseStore) SetRFEDue(_ context.Context, caseID string, due app.Date, _ time.Time, _ app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rfeOf(caseID).Due = due
	return nil
}
func (s *houseStore) AddRFEItem(_ context.Context, caseID string, it household.RFEItem, _ app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	it.ID = s.id("i")
	r := s.rfeOf(caseID)
	r.Items = append(r.Items, it)
	return nil
}
func (s *houseStore) TickRFEItem(_ context.Context, caseID, itemID string, done bool, _ app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rfeOf(caseID)
	for i := range r.Items {
		if r.Items[i].ID == itemID {
			r.Items[i].Done = done
			return nil
		}
	}
	return app.ErrNotFound
}
func (s *houseStore) RemoveRFEItem(_ context.Context, caseID, itemID string, _ app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rfeOf(caseID)
	for i := range r.Items {
		if r.Items[i].ID == itemID {
			r.Items = append(r.Items[:i], r.Items[i+1:]...)
			return nil
		}
	}
	return app.ErrNotFound
}
func (s *houseStore) RFEsOfPerson(context.Context, string) ([]household.RFE, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []household.RFE
	for id, r := range s.rfe {
		if r.Due.IsZero() {
			continue
		}
		c := *r
		c.Items = append([]household.RFEItem(nil), r.Items...)
		c.Receipt, c.Status = s.cases[id].Receipt, s.cases[id].StatusCode
		out = append(out, c)
	}
	return out, nil
}
func (s *houseStore) SaveOwnAppointment(_ context.Context, a *app.Appointment, _ app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.ID = s.id("ap")
	s.appts = append(s.appts, *a)
	return nil
}

// houseRig is Ana's household's home screen over a houseStore.
type houseRig struct {
	store *houseStore
	svc   Services
	win   fyne.Window
	sp    *spooler
	now   time.Time
}

func newHouseRig(t *testing.T) *houseRig {
	t.Helper()
	test.NewTempApp(t)
	r := &houseRig{store: newHouseStore(), sp: &spooler{}, now: time.Now()}
	keys := auth.NewKeysForTest(bytes.Repeat([]byte{5}, 32))
	cheap := auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}
	r.svc = Services{
		Portal:    portal.New(r.store, nil, nil),
		Household: household.New(r.store, keys, func() time.Time { return r.now }, cheap),
		Notices:   notice.NewService(newNoticeStore(), nil),
		Printing:  printing.NewWith(r.sp.run, "linux"),
		PDFFolder: filepath.Join(t.TempDir(), "CaseDesk"),
		Runner:    inline,
	}
	r.win = test.NewTempWindow(t, nil)
	r.win.Resize(fyne.NewSize(880, 700))
	return r
}

// home signs Ana in and shows her household's home, loaded.
func (r *houseRig) home(t *testing.T) (*Home, *string) {
	t.Helper()
	s := portal.NewSession(app.Account{ID: "acct-1", PersonID: "p1", Username: "ana.lopez", Number: "123456789012", Role: app.RoleApplicant}, time.Now(), portal.DesktopIdle)
	ended := new(string)
	h := NewHomeIn(r.svc, s, r.win.Canvas(), func(why string) { *ended = "signed out: " + why })
	r.win.SetContent(h.Content())
	h.load()
	return h, ended
}
