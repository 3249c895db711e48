package ui

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/app/desk"
)

// deskStore is the clinic's records in memory, as the store keeps them in
// tables: staff, clients, cases with events and notices, appointments,
// messages, processing times, settings and the audit log. It serves the
// desk, the notice service and the settings.
type deskStore struct {
	mu       sync.Mutex
	staff    []desk.StaffMember
	clients  []desk.Client
	history  map[string][]desk.ClientVersion
	accounts map[string]app.Account // by person id
	codes    map[string]time.Time   // live code's expiry, by person id
	cases    []app.Case
	events   []app.CaseEvent
	notices  []app.Notice
	appts    []app.Appointment
	messages []app.Message
	readBy   map[string]time.Time // the clinic's reading of a client's message
	times    []app.ProcessingTime
	settings map[string]string
	audit    []app.AuditEvent
	seq      int
	lastCode app.AccessCode // the code issued last
}

func newDeskStore() *deskStore {
	return &deskStore{history: map[string][]desk.ClientVersion{}, accounts: map[string]app.Account{},
		codes: map[string]time.Time{}, readBy: map[string]time.Time{},
		settings: map[string]string{app.SettingClinicName: "Clínica Legal del Sur", app.SettingClinicAddress: "120 Main St\nSpringfield, IL 62701"}}
}

// id makes the next id; the caller holds s.mu.
func (s *deskStore) id(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%d", prefix, s.seq)
}

func (s *deskStore) addAudit(e app.AuditEvent) {
	e.ID = s.id("e")
	s.audit = append(s.audit, e)
}

// Staff.

func (s *deskStore) StaffAccount(_ context.Context, id string) (desk.StaffMember, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.staff {
		if m.AccountID == id {
			return m, nil
		}
	}
	return desk.StaffMember{}, app.ErrNotFound
}
func (s *deskStore) ListStaff(context.Context) ([]desk.StaffMember, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.staff), nil
}
func (s *deskStore) CreateStaff(_ context.Context, r desk.NewStaff) (desk.StaffMember, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.staff {
		if strings.EqualFold(m.Username, r.Username) {
			return desk.StaffMember{}, app.ErrAlreadyExists
		}
	}
	m := desk.StaffMember{AccountID: s.id("acct"), PersonID: s.id("staffp"), Name: r.GivenName + " " + r.FamilyName,
		Username: r.Username, Role: r.Role, MustChange: true, CreatedAt: r.At}
	s.staff = append(s.staff, m)
	s.addAudit(r.Audit)
	return m, nil
}
func (s *deskStore) DisableStaff(_ context.Context, id string, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.staff {
		if s.staff[i].AccountID == id {
			s.staff[i].Disabled = true
		}
	}
	s.addAudit(e)
	return nil
}
func (s *deskStore) ResetStaff(_ context.Context, id, _ string, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.staff {
		if s.staff[i].AccountID == id {
			s.staff[i].MustChange, s.staff[i].HasTwoStep, s.staff[i].LockedUntil = true, false, time.Time{}
		}
	}
	s.addAudit(e)
	return nil
}
func (s *deskStore) SetUpClinic(context.Context, desk.ClinicSetUp) (app.Account, error) {
	return app.Account{}, app.ErrConflict
}
func (s *deskStore) StaffCount(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.staff), nil
}

// Clients.

func (s *deskStore) SearchPeople(_ context.Context, query string, limit int) ([]app.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	words := strings.Fields(app.FoldName(query))
	var out []app.Person
	for _, c := range s.clients {
		names := strings.Fields(app.FoldName(c.FullName() + " " + c.OtherNames))
		all := true
		for _, w := range words {
			all = all && slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, w) })
		}
		if all && len(out) < limit {
			out = append(out, c.Person)
		}
	}
	return out, nil
}
func (s *deskStore) ClientByANumber(_ context.Context, a app.ANumber) (app.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.clients {
		if c.ANumber == a {
			return c.Person, nil
		}
	}
	return app.Person{}, app.ErrNotFound
}
func (s *deskStore) AccountByNumber(_ context.Context, n app.AccountNumber) (app.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		if a.Number == n {
			return a, nil
		}
	}
	return app.Account{}, app.ErrNotFound
}
func (s *deskStore) CaseByReceipt(_ context.Context, r app.Receipt) (app.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cases {
		if c.Receipt == r {
			return c, nil
		}
	}
	return app.Case{}, app.ErrNotFound
}
func (s *deskStore) ClientsAssignedTo(_ context.Context, id string, limit int) ([]app.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Person
	for _, c := range s.clients {
		if c.AssignedTo == id && len(out) < limit {
			out = append(out, c.Person)
		}
	}
	return out, nil
}
func (s *deskStore) RecentClients(_ context.Context, limit int) ([]app.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Person
	for i := len(s.clients) - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, s.clients[i].Person)
	}
	return out, nil
}
func (s *deskStore) LikelyDuplicates(_ context.Context, p app.Person) ([]app.Person, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Person
	for _, c := range s.clients {
		if c.ID == p.ID {
			continue
		}
		if (app.FoldName(c.FullName()) == app.FoldName(p.FullName()) && c.DateOfBirth == p.DateOfBirth) || (p.ANumber != "" && c.ANumber == p.ANumber) {
			out = append(out, c.Person)
		}
	}
	return out, nil
}
func (s *deskStore) Client(_ context.Context, id string) (desk.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.clients {
		if c.ID == id {
			return c, nil
		}
	}
	return desk.Client{}, app.ErrNotFound
}
func (s *deskStore) Person(ctx context.Context, id string) (app.Person, error) {
	c, err := s.Client(ctx, id)
	return c.Person, err
}
func (s *deskStore) CreateClient(_ context.Context, c *desk.Client, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.ID = s.id("p")
	s.clients = append(s.clients, *c)
	e.RecordID = c.ID
	s.addAudit(e)
	return nil
}
func (s *deskStore) UpdateClient(_ context.Context, c desk.Client, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.clients {
		if s.clients[i].ID == c.ID {
			s.history[c.ID] = append([]desk.ClientVersion{{Client: s.clients[i], ChangedBy: e.ActorID, ChangedAt: e.At}}, s.history[c.ID]...)
			s.clients[i] = c
		}
	}
	s.addAudit(e)
	return nil
}
func (s *deskStore) ClientHistory(_ context.Context, id string) ([]desk.ClientVersion, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.history[id]), nil
}
func (s *deskStore) CasesOfPerson(_ context.Context, id string) ([]app.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Case
	for _, c := range s.cases {
		if c.ApplicantID == id || c.PetitionerID == id || c.BeneficiaryID == id {
			out = append(out, c)
		}
	}
	return out, nil
}
func (s *deskStore) AccountOfPerson(_ context.Context, id string) (app.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.accounts[id]; ok {
		return a, nil
	}
	return app.Account{}, app.ErrNotFound
}
func (s *deskStore) LiveAccessCode(_ context.Context, id string, now time.Time) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if exp, ok := s.codes[id]; ok && exp.After(now) {
		return exp, nil
	}
	return time.Time{}, app.ErrNotFound
}
func (s *deskStore) Unlock(_ context.Context, accountID, by string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for pid, a := range s.accounts {
		if a.ID == accountID {
			a.LockedUntil, a.FailedAttempts = time.Time{}, 0
			s.accounts[pid] = a
		}
	}
	s.addAudit(app.AuditEvent{At: at, ActorID: by, Action: "account.unlocked", RecordType: "account", RecordID: accountID})
	return nil
}

// Cases.

func (s *deskStore) Case(_ context.Context, id string) (app.Case, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cases {
		if c.ID == id {
			return c, nil
		}
	}
	return app.Case{}, app.ErrNotFound
}
func (s *deskStore) Events(_ context.Context, id string) ([]app.CaseEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.CaseEvent
	for _, e := range s.events {
		if e.CaseID == id {
			out = append(out, e)
		}
	}
	return out, nil
}
func (s *deskStore) NoticesOfCase(_ context.Context, id string) ([]app.Notice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Notice
	for _, n := range s.notices {
		if n.CaseID == id {
			out = append(out, n)
		}
	}
	return out, nil
}
func (s *deskStore) AddCase(_ context.Context, c *app.Case, first *app.CaseEvent, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.cases {
		if o.Receipt == c.Receipt {
			return app.ErrAlreadyExists
		}
	}
	c.ID = s.id("c")
	first.ID, first.CaseID = s.id("ev"), c.ID
	s.cases = append(s.cases, *c)
	s.events = append(s.events, *first)
	s.addAudit(e)
	return nil
}
func (s *deskStore) RecordStatus(_ context.Context, r desk.StatusRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Event.ID = s.id("ev")
	s.events = append(s.events, r.Event)
	for i := range s.cases {
		if s.cases[i].ID == r.Event.CaseID {
			s.cases[i].StatusCode, s.cases[i].StatusDate = r.Event.StatusCode, r.Event.Date
		}
	}
	if r.Notice != nil {
		r.Notice.ID = s.id("n")
		s.notices = append(s.notices, *r.Notice)
	}
	if r.Message != nil {
		r.Message.ID = s.id("m")
		s.messages = append(s.messages, *r.Message)
	}
	s.addAudit(r.Audit)
	return nil
}
func (s *deskStore) AppointmentsOfPerson(_ context.Context, id string) ([]app.Appointment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Appointment
	for _, a := range s.appts {
		if a.PersonID == id {
			out = append(out, a)
		}
	}
	return out, nil
}
func (s *deskStore) Appointment(_ context.Context, id string) (app.Appointment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.appts {
		if a.ID == id {
			return a, nil
		}
	}
	return app.Appointment{}, app.ErrNotFound
}
func (s *deskStore) SaveAppointment(_ context.Context, r desk.AppointmentRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := r.Appointment
	if a.ID == "" {
		a.ID = s.id("a")
		s.appts = append(s.appts, *a)
	} else {
		for i := range s.appts {
			if s.appts[i].ID == a.ID {
				s.appts[i] = *a
			}
		}
	}
	if r.Notice != nil {
		r.Notice.ID = s.id("n")
		s.notices = append(s.notices, *r.Notice)
	}
	if r.Message != nil {
		r.Message.ID = s.id("m")
		s.messages = append(s.messages, *r.Message)
	}
	s.addAudit(r.Audit)
	return nil
}
func (s *deskStore) ProcessingTimes(context.Context) ([]app.ProcessingTime, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.times), nil
}
func (s *deskStore) SetProcessingTime(_ context.Context, t app.ProcessingTime, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.times {
		if s.times[i].FormType == t.FormType && s.times[i].Office == t.Office {
			s.times[i] = t
			s.addAudit(e)
			return nil
		}
	}
	s.times = append(s.times, t)
	s.addAudit(e)
	return nil
}

// Messages.

func (s *deskStore) ClinicInbox(_ context.Context, unread bool, limit int) ([]desk.InboxItem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []desk.InboxItem
	for i := len(s.messages) - 1; i >= 0 && len(out) < limit; i-- {
		m := s.messages[i]
		if m.FromStaff || (unread && !s.readBy[m.ID].IsZero()) {
			continue
		}
		name := ""
		for _, c := range s.clients {
			if c.ID == m.PersonID {
				name = c.FullName()
			}
		}
		out = append(out, desk.InboxItem{Message: m, PersonName: name, ClinicReadAt: s.readBy[m.ID]})
	}
	return out, nil
}
func (s *deskStore) ClinicUnread(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, m := range s.messages {
		if !m.FromStaff && s.readBy[m.ID].IsZero() {
			n++
		}
	}
	return n, nil
}
func (s *deskStore) MessagesOfPerson(_ context.Context, id string) ([]app.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Message
	for _, m := range s.messages {
		if m.PersonID == id {
			out = append(out, m)
		}
	}
	return out, nil
}
func (s *deskStore) Message(_ context.Context, id string) (app.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.messages {
		if m.ID == id {
			return m, nil
		}
	}
	return app.Message{}, app.ErrNotFound
}
func (s *deskStore) MarkClinicRead(_ context.Context, id string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.readBy[id].IsZero() {
		s.readBy[id] = at
	}
	return nil
}
func (s *deskStore) SendMessage(_ context.Context, m *app.Message, e app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m.ID = s.id("m")
	s.messages = append(s.messages, *m)
	s.addAudit(e)
	return nil
}

// clientWrites adds a message a client sent the clinic.
func (s *deskStore) clientWrites(personID, subject, body string, at time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.id("m")
	s.messages = append(s.messages, app.Message{ID: id, PersonID: personID, Subject: subject, Body: body, SentAt: at})
	return id
}

// Audit and settings.

func (s *deskStore) AuditLog(_ context.Context, f desk.AuditFilter) ([]app.AuditEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.AuditEvent
	for i := len(s.audit) - 1; i >= 0 && len(out) < f.Limit; i-- {
		e := s.audit[i]
		switch {
		case f.PersonID != "" && e.RecordID != f.PersonID:
		case f.Actor != "" && e.ActorID != f.Actor && e.ActorID != f.ActorAccountID:
		case !strings.HasPrefix(e.Action, f.Action):
		case !f.From.IsZero() && e.At.Before(f.From):
		case !f.To.IsZero() && !e.At.Before(f.To):
		default:
			out = append(out, e)
		}
	}
	return out, nil
}
func (s *deskStore) Audit(_ context.Context, e *app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addAudit(*e)
	return nil
}
func (s *deskStore) Setting(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.settings[key]; ok {
		return v, nil
	}
	return "", app.ErrNotFound
}
func (s *deskStore) SetSetting(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings[key] = value
	return nil
}

// What the notice service asks besides.

func (s *deskStore) Notice(_ context.Context, id string) (app.Notice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.notices {
		if n.ID == id {
			return n, nil
		}
	}
	return app.Notice{}, app.ErrNotFound
}
func (s *deskStore) NoticesOn(_ context.Context, d app.Date) ([]app.Notice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.Notice
	for _, n := range s.notices {
		if n.NoticeDate == d {
			out = append(out, n)
		}
	}
	return out, nil
}
func (s *deskStore) CountNoticesOn(ctx context.Context, d app.Date) (int, error) {
	ns, err := s.NoticesOn(ctx, d)
	return len(ns), err
}
func (s *deskStore) LatestNoticeDate(_ context.Context, d app.Date) (app.Date, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var dates []app.Date
	for _, n := range s.notices {
		if n.NoticeDate.Before(d) {
			dates = append(dates, n.NoticeDate)
		}
	}
	if len(dates) == 0 {
		return app.Date{}, nil
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	return dates[len(dates)-1], nil
}

// deskCodes issues access codes as the code service does, into the fake store.
type deskCodes struct{ s *deskStore }

func (c deskCodes) Issue(_ context.Context, personID, by string, purpose auth.CodePurpose) (auth.Issued, error) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var p app.Person
	for _, cl := range s.clients {
		if cl.ID == personID {
			p = cl.Person
		}
	}
	if p.Address.ZIP == "" {
		return auth.Issued{}, &auth.IncompleteIdentityError{Missing: []string{"ZIP code"}}
	}
	acct, ok := s.accounts[personID]
	if ok && acct.Username != "" && purpose != auth.ForReset {
		return auth.Issued{}, auth.ErrAccountSetUp
	}
	if !ok {
		acct = app.Account{ID: s.id("acct"), PersonID: personID, Number: "123456789012", Role: app.RoleApplicant}
		s.accounts[personID] = acct
	}
	code, err := app.NewAccessCode(rand.Reader)
	if err != nil {
		return auth.Issued{}, err
	}
	s.lastCode = code
	now := time.Now()
	s.codes[personID] = now.AddDate(0, 0, 30)
	s.addAudit(app.AuditEvent{At: now.UTC(), ActorID: by, Action: "access_code.issued", RecordType: "person", RecordID: personID})
	return auth.Issued{Code: code, Account: acct, Person: p, Issued: app.DateOf(now), Expires: app.DateOf(now.AddDate(0, 0, 30)),
		Reset: purpose == auth.ForReset}, nil
}

func (c deskCodes) Revoke(_ context.Context, personID, by string) (int, error) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.codes[personID]; !ok {
		return 0, nil
	}
	delete(s.codes, personID)
	return 1, nil
}

// fakeBackups are the store's backups as the desk sees them: a status, and
// a count of the backups made.
type fakeBackups struct {
	mu   sync.Mutex
	st   backup.Status
	made int
	err  error
	now  func() time.Time
}

func (b *fakeBackups) Status(context.Context) (backup.Status, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.st, nil
}

func (b *fakeBackups) Make(context.Context) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		b.st.Failed = b.err.Error()
		return "", b.err
	}
	b.made++
	b.st.Last, b.st.Failed = b.now(), ""
	return b.st.Folder + "/" + backup.DailyName(b.now()), nil
}

func (b *fakeBackups) MakeTo(ctx context.Context, dest string) error {
	_, err := b.Make(ctx)
	return err
}

// Import, all or nothing: the records go into copies that replace the
// store's only when every one went in and ctx was not cancelled.

func (s *deskStore) AllClients(context.Context) ([]desk.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.clients), nil
}
func (s *deskStore) Import(ctx context.Context, b desk.ImportBatch, progress func(done, total int)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	clients, cases, events, audit := slices.Clone(s.clients), slices.Clone(s.cases), slices.Clone(s.events), slices.Clone(s.audit)
	for i, r := range b.Records {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch {
		case r.NewClient != nil:
			r.NewClient.ID = s.id("p")
			clients = append(clients, *r.NewClient)
			r.Audit.RecordID = r.NewClient.ID
		case r.Client != nil:
			for j := range clients {
				if clients[j].ID == r.Client.ID {
					clients[j] = *r.Client
				}
			}
		case r.NewCase != nil:
			r.NewCase.ID = s.id("c")
			cases = append(cases, *r.NewCase)
			for _, e := range r.Events {
				e.ID, e.CaseID = s.id("ev"), r.NewCase.ID
				events = append(events, e)
			}
		case r.Case != nil:
			for j := range cases {
				if cases[j].ID == r.Case.ID {
					cases[j] = *r.Case
				}
			}
		}
		r.Audit.ID = s.id("e")
		audit = append(audit, r.Audit)
		progress(i+1, len(b.Records))
	}
	b.Summary.ID = s.id("e")
	s.clients, s.cases, s.events, s.audit = clients, cases, events, append(audit, b.Summary)
	return nil
}

// Exports and funders' reports: what the screens need, counted plainly.

func (s *deskStore) EachClient(_ context.Context, fn func(desk.Client) error) error {
	s.mu.Lock()
	cs := slices.Clone(s.clients)
	s.mu.Unlock()
	for _, c := range cs {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
func (s *deskStore) EachCase(_ context.Context, fn func(desk.CaseRow) error) error {
	s.mu.Lock()
	cs := slices.Clone(s.cases)
	s.mu.Unlock()
	for _, c := range cs {
		if err := fn(desk.CaseRow{Case: c}); err != nil {
			return err
		}
	}
	return nil
}
func (s *deskStore) EachAuditEvent(_ context.Context, fn func(app.AuditEvent) error) error {
	s.mu.Lock()
	es := slices.Clone(s.audit)
	s.mu.Unlock()
	for _, e := range es {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}
func (s *deskStore) SpanCounts(_ context.Context, spans []desk.Span, printed string) ([]desk.SpanCounts, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]desk.SpanCounts, len(spans))
	for i, sp := range spans {
		in := func(d app.Date) bool { return !d.Before(sp.From) && d.Before(sp.To) }
		served := map[string]bool{}
		for _, k := range s.cases {
			if in(k.ReceivedDate) {
				out[i].NewCases++
			}
			for _, e := range s.events {
				if e.CaseID == k.ID && in(e.Date) {
					served[k.ApplicantID] = true
				}
			}
		}
		out[i].ClientsServed = len(served)
		for _, e := range s.audit {
			if e.Action == printed && !e.At.Before(sp.FromAt) && e.At.Before(sp.ToAt) {
				out[i].NoticesPrinted++
			}
		}
	}
	return out, nil
}
func (s *deskStore) CaseStatusAt(_ context.Context, sp desk.Span) ([]desk.FormStatusCount, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []desk.FormStatusCount
	for _, k := range s.cases {
		var last *app.CaseEvent
		for i, e := range s.events {
			if e.CaseID == k.ID && e.Date.Before(sp.To) && (last == nil || !e.Date.Before(last.Date)) {
				last = &s.events[i]
			}
		}
		if last != nil {
			out = append(out, desk.FormStatusCount{Form: k.FormType, Status: last.StatusCode, InSpan: !last.Date.Before(sp.From), Cases: 1})
		}
	}
	return out, nil
}
func (s *deskStore) AuditAll(_ context.Context, rows []app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range rows {
		s.addAudit(e)
	}
	return nil
}
