package portal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"
)

// Store is what the portal reads from the case store.
type Store interface {
	Person(ctx context.Context, id string) (app.Person, error)
	Dashboard(ctx context.Context, personID string, now time.Time) (app.Dashboard, error)
	CasesOfPerson(ctx context.Context, personID string) ([]app.Case, error)
	Case(ctx context.Context, id string) (app.Case, error)
	Events(ctx context.Context, caseID string) ([]app.CaseEvent, error)
	Notice(ctx context.Context, id string) (app.Notice, error)
	NoticesOfCase(ctx context.Context, caseID string) ([]app.Notice, error)
	NoticesOfPerson(ctx context.Context, personID string) ([]app.Notice, error)
	Appointment(ctx context.Context, id string) (app.Appointment, error)
	AppointmentsOfPerson(ctx context.Context, personID string, now time.Time) ([]app.Appointment, error)
	Message(ctx context.Context, id string) (app.Message, error)
	MessagesOfPerson(ctx context.Context, personID string) ([]app.Message, error)
	MarkRead(ctx context.Context, personID, messageID string, at time.Time) error
	AddMessage(ctx context.Context, m *app.Message) error
	UpdateContact(ctx context.Context, personID, phone, email string, at time.Time) error
	ChangeAddress(ctx context.Context, personID string, a app.Address, by string, at time.Time) ([]app.Receipt, error)
	AddressHistory(ctx context.Context, personID string) ([]app.AddressChange, error)
	PendingCases(ctx context.Context, personID string) ([]app.Receipt, error)
	ProcessingTime(ctx context.Context, form, office string) (app.ProcessingTime, error)
	CaseByReceipt(ctx context.Context, r app.Receipt) (app.Case, error)
	LinkCase(ctx context.Context, personID, caseID string, at time.Time) error
	CaseLinked(ctx context.Context, personID, caseID string) (bool, error)
	UpdateThrottle(ctx context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error)
	Audit(ctx context.Context, e *app.AuditEvent) error
}

// Portal answers a signed-in person's questions about their own records,
// and changes their own account through accounts.
type Portal struct {
	store Store
	accts Accounts
	now   func() time.Time
}

// New returns the portal over store and the account service (nil when the
// caller changes no accounts); now is the clock (nil: time.Now).
func New(store Store, accounts Accounts, now func() time.Time) *Portal {
	if now == nil {
		now = time.Now
	}
	return &Portal{store: store, accts: accounts, now: now}
}

// ErrSignedOut means the session is over; sign in again.
var ErrSignedOut = errors.New("signed out")

// check refuses a missing, ended or timed-out session and counts the call
// as activity.
func (p *Portal) check(s *Session) error {
	if s == nil || s.PersonID == "" || s.Ended() {
		return ErrSignedOut
	}
	now := p.now()
	if s.State(now) == Over {
		return ErrSignedOut
	}
	s.Touch(now)
	return nil
}

// Me returns the signed-in person.
func (p *Portal) Me(ctx context.Context, s *Session) (app.Person, error) {
	if err := p.check(s); err != nil {
		return app.Person{}, err
	}
	return p.store.Person(ctx, s.PersonID)
}

// Dashboard is the first screen: cases, upcoming appointments, unread count.
func (p *Portal) Dashboard(ctx context.Context, s *Session) (app.Dashboard, error) {
	if err := p.check(s); err != nil {
		return app.Dashboard{}, err
	}
	return p.store.Dashboard(ctx, s.PersonID, p.now())
}

// owns reports whether the case is the person's: as applicant, petitioner
// or beneficiary.
func owns(c app.Case, personID string) bool {
	return c.ApplicantID == personID || c.PetitionerID == personID || c.BeneficiaryID == personID
}

// CaseView is one case with everything about it.
type CaseView struct {
	Case         app.Case
	Events       []app.CaseEvent // oldest first
	Notices      []app.Notice
	Appointments []app.Appointment
	// Processing is how long the form takes at the office holding the
	// case, when the clinic has recorded it and the case is still pending:
	// a decided case waits for nothing.
	Processing *app.ProcessingTime
}

// Case returns one of the person's cases, or app.ErrNotFound.
func (p *Portal) Case(ctx context.Context, s *Session, caseID string) (CaseView, error) {
	if err := p.check(s); err != nil {
		return CaseView{}, err
	}
	c, err := p.store.Case(ctx, caseID)
	if err != nil {
		return CaseView{}, err
	}
	if !owns(c, s.PersonID) {
		linked, err := p.store.CaseLinked(ctx, s.PersonID, c.ID)
		if err != nil {
			return CaseView{}, err
		}
		if !linked {
			return CaseView{}, app.ErrNotFound
		}
	}
	v := CaseView{Case: c}
	if v.Events, err = p.store.Events(ctx, c.ID); err != nil {
		return CaseView{}, err
	}
	notices, err := p.store.NoticesOfCase(ctx, c.ID)
	if err != nil {
		return CaseView{}, err
	}
	for _, n := range notices {
		if n.PersonID == s.PersonID { // a petition's notices go to the petitioner
			v.Notices = append(v.Notices, n)
		}
	}
	appts, err := p.store.AppointmentsOfPerson(ctx, s.PersonID, p.now())
	if err != nil {
		return CaseView{}, err
	}
	for _, a := range appts {
		if a.CaseID == c.ID {
			v.Appointments = append(v.Appointments, a)
		}
	}
	if st, ok := c.Status(); ok && st.Final {
		return v, nil
	}
	switch pt, err := p.store.ProcessingTime(ctx, c.FormType, c.Office); {
	case err == nil:
		v.Processing = &pt
	case !errors.Is(err, app.ErrNotFound):
		return CaseView{}, err
	}
	return v, nil
}

// Notices returns the notices addressed to the person, newest first.
func (p *Portal) Notices(ctx context.Context, s *Session) ([]app.Notice, error) {
	if err := p.check(s); err != nil {
		return nil, err
	}
	return p.store.NoticesOfPerson(ctx, s.PersonID)
}

// Notice returns one notice addressed to the person, or app.ErrNotFound.
func (p *Portal) Notice(ctx context.Context, s *Session, id string) (app.Notice, error) {
	if err := p.check(s); err != nil {
		return app.Notice{}, err
	}
	n, err := p.store.Notice(ctx, id)
	if err != nil {
		return app.Notice{}, err
	}
	if n.PersonID != s.PersonID {
		return app.Notice{}, app.ErrNotFound
	}
	return n, nil
}

// Appointments returns the person's appointments, upcoming first.
func (p *Portal) Appointments(ctx context.Context, s *Session) ([]app.Appointment, error) {
	if err := p.check(s); err != nil {
		return nil, err
	}
	return p.store.AppointmentsOfPerson(ctx, s.PersonID, p.now())
}

// Appointment returns one of the person's appointments, or app.ErrNotFound.
func (p *Portal) Appointment(ctx context.Context, s *Session, id string) (app.Appointment, error) {
	if err := p.check(s); err != nil {
		return app.Appointment{}, err
	}
	a, err := p.store.Appointment(ctx, id)
	if err != nil {
		return app.Appointment{}, err
	}
	if a.PersonID != s.PersonID {
		return app.Appointment{}, app.ErrNotFound
	}
	return a, nil
}

// Messages returns the person's inbox, newest first.
func (p *Portal) Messages(ctx context.Context, s *Session) ([]app.Message, error) {
	if err := p.check(s); err != nil {
		return nil, err
	}
	return p.store.MessagesOfPerson(ctx, s.PersonID)
}

// Read returns one of the person's messages and marks it read, or app.ErrNotFound.
func (p *Portal) Read(ctx context.Context, s *Session, id string) (app.Message, error) {
	if err := p.check(s); err != nil {
		return app.Message{}, err
	}
	m, err := p.store.Message(ctx, id)
	if err != nil {
		return app.Message{}, err
	}
	if m.PersonID != s.PersonID {
		return app.Message{}, app.ErrNotFound
	}
	if m.ReadAt.IsZero() {
		now := p.now()
		if err := p.store.MarkRead(ctx, s.PersonID, id, now); err != nil {
			return app.Message{}, err
		}
		m.ReadAt = now
	}
	return m, nil
}

// MaxReply is the longest reply, in characters.
const MaxReply = 4000

// Reply sends the clinic an answer to one of the person's messages.
func (p *Portal) Reply(ctx context.Context, s *Session, messageID, body string) (app.Message, error) {
	if err := p.check(s); err != nil {
		return app.Message{}, err
	}
	orig, err := p.store.Message(ctx, messageID)
	if err != nil {
		return app.Message{}, err
	}
	if orig.PersonID != s.PersonID {
		return app.Message{}, app.ErrNotFound
	}
	body = strings.TrimSpace(body)
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return app.Message{}, app.Invalid(app.FieldReply, "is empty; type what you want to tell the clinic")
	case n > MaxReply:
		return app.Message{}, app.Invalid(app.FieldReply, "has %d characters; keep it under %d, or bring the rest to the clinic", n, MaxReply)
	}
	subject := orig.Subject
	if !strings.HasPrefix(subject, "Re: ") {
		subject = "Re: " + subject
	}
	thread := orig.ID // a reply to a reply joins the conversation it is in
	if orig.ReplyTo != "" {
		thread = orig.ReplyTo
	}
	m := app.Message{PersonID: s.PersonID, CaseID: orig.CaseID, FromStaff: false, Subject: subject, Body: body,
		SentAt: p.now(), ReadAt: p.now(), ReplyTo: thread}
	if err := p.store.AddMessage(ctx, &m); err != nil {
		return app.Message{}, err
	}
	return m, nil
}

// Contact is what the person may change about how the clinic reaches them.
type Contact struct {
	Phone, Email                   string
	Line1, Line2, City, State, ZIP string
}

// UpdateContact sets the person's phone and e-mail.
func (p *Portal) UpdateContact(ctx context.Context, s *Session, phone, email string) error {
	if err := p.check(s); err != nil {
		return err
	}
	ph, err := app.ParsePhone(phone)
	if err != nil {
		return err
	}
	em, err := app.ParseEmail(email)
	if err != nil {
		return err
	}
	return p.store.UpdateContact(ctx, s.PersonID, ph, em, p.now())
}

// CheckAddress checks a new mailing address before it is saved: every
// field's problem at once (see app.InputErrors), app.ErrUnchanged when it
// is the address CaseDesk already has, and otherwise the receipt numbers of
// the pending cases the change would apply to, for the person to confirm.
func (p *Portal) CheckAddress(ctx context.Context, s *Session, c Contact) ([]app.Receipt, error) {
	if err := p.check(s); err != nil {
		return nil, err
	}
	a, err := parseContact(c)
	if err != nil {
		return nil, err
	}
	me, err := p.store.Person(ctx, s.PersonID)
	if err != nil {
		return nil, err
	}
	if me.Address == a {
		return nil, app.ErrUnchanged
	}
	return p.store.PendingCases(ctx, s.PersonID)
}

// ChangeAddress records a new mailing address: the address it replaces is
// kept in the history, and the new one applies to every pending case,
// whose receipt numbers it returns. The same address again is
// app.ErrUnchanged, and nothing is recorded.
func (p *Portal) ChangeAddress(ctx context.Context, s *Session, c Contact) ([]app.Receipt, error) {
	if err := p.check(s); err != nil {
		return nil, err
	}
	a, err := parseContact(c)
	if err != nil {
		return nil, err
	}
	return p.store.ChangeAddress(ctx, s.PersonID, a, s.AccountID, p.now())
}

// parseContact checks a typed address, every field at once: its form, its
// ZIP code against its state, and that notices can print it.
func parseContact(c Contact) (app.Address, error) {
	a, err := app.ParseAddress(c.Line1, c.Line2, c.City, c.State, c.ZIP)
	if err != nil {
		return app.Address{}, err
	}
	var errs []error
	for _, f := range []struct {
		field app.Field
		value string
	}{{app.FieldStreet, a.Line1}, {app.FieldStreet, a.Line2}, {app.FieldCity, a.City}} {
		if err := notice.CheckPrintable(f.field, f.value); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return app.Address{}, errors.Join(errs...)
	}
	return a, nil
}

// AddressHistory lists the person's earlier addresses, each with when a
// change replaced it, newest first.
func (p *Portal) AddressHistory(ctx context.Context, s *Session) ([]app.AddressChange, error) {
	if err := p.check(s); err != nil {
		return nil, err
	}
	return p.store.AddressHistory(ctx, s.PersonID)
}

// Errors of adding a paper-filed case. ErrCaseNotAdded is one error for a
// number CaseDesk does not know and a case whose person does not match the
// account: it says nothing about anyone else's case.
var (
	ErrCaseNotAdded  = errors.New("case not added")
	ErrAlreadyLinked = errors.New("case already in the account")
)

// CaseLinkLimitError means the day's failed attempts to add a case are used up.
type CaseLinkLimitError struct{ Until time.Time }

func (e *CaseLinkLimitError) Error() string { return "too many attempts to add a case today" }

// Limits of adding paper-filed cases: failed attempts per account a day.
const (
	MaxCaseLinkFailures = 5
	CaseLinkWindow      = 24 * time.Hour
	caseLinkKind        = "case link"
)

// CaseRole is the part a person plays in a case.
type CaseRole string

// The roles a person can claim when adding a case.
const (
	AsApplicant   CaseRole = "applicant"
	AsPetitioner  CaseRole = "petitioner"
	AsBeneficiary CaseRole = "beneficiary"
)

// AddCaseMessage explains an error of AddCase.
func AddCaseMessage(r string, err error) string {
	var in *app.InputError
	var lim *CaseLinkLimitError
	switch {
	case errors.As(err, &in):
		return in.Error()
	case errors.As(err, &lim):
		return i18n.T("You have tried to add a case %d times today without a match. Ask your clinic to add it for you; you can try again after %s.",
			MaxCaseLinkFailures, app.DayTime(lim.Until.Local()))
	case errors.Is(err, ErrAlreadyLinked):
		return i18n.T("Case %s is already in your account.", r)
	case errors.Is(err, ErrCaseNotAdded):
		return i18n.T("Case %s could not be added: either the clinic has not recorded it yet, or the person in the role you chose does not have your full name and date of birth. Check the number and the role on your receipt notice; if they are right, ask the clinic.", r)
	}
	return i18n.T("Case %s could not be added: %v", r, err)
}

// AddCase adds a paper-filed case by receipt number: only when the case's
// person in the role the account holder names has their given name,
// family name and date of birth (a twin or a namesake born the same day
// differs in at least one). Failed attempts are limited to
// MaxCaseLinkFailures a day per account; every attempt is audited.
func (p *Portal) AddCase(ctx context.Context, s *Session, typed string, role CaseRole) (app.Case, error) {
	if err := p.check(s); err != nil {
		return app.Case{}, err
	}
	r, err := app.ParseReceipt(typed)
	if err != nil {
		return app.Case{}, err
	}
	now := p.now()
	// A try is taken before the case is compared, so attempts at once
	// cannot pass the limit; a match gives it back.
	key := throttleKey(s.AccountID)
	var locked bool
	t, err := p.store.UpdateThrottle(ctx, caseLinkKind, key, app.Take(now, app.DailyRule(now, MaxCaseLinkFailures, CaseLinkWindow), &locked))
	if err != nil {
		return app.Case{}, err
	}
	if locked {
		p.audit(ctx, s, "case.link_refused", string(r), "too many failed attempts today")
		return app.Case{}, &CaseLinkLimitError{Until: t.LockedUntil}
	}
	c, ok, err := p.matchCase(ctx, s, r, role)
	if err != nil {
		return app.Case{}, err
	}
	if !ok {
		p.audit(ctx, s, "case.link_failed", string(r), "as "+string(role)+": no match")
		if t.Locked(now) {
			return app.Case{}, &CaseLinkLimitError{Until: t.LockedUntil}
		}
		return app.Case{}, ErrCaseNotAdded
	}
	if _, err := p.store.UpdateThrottle(ctx, caseLinkKind, key, app.GiveBack(MaxCaseLinkFailures, 0)); err != nil {
		return app.Case{}, err
	}
	linked, err := p.store.CaseLinked(ctx, s.PersonID, c.ID)
	if err != nil {
		return app.Case{}, err
	}
	if owns(c, s.PersonID) || linked {
		p.audit(ctx, s, "case.link_failed", string(r), "already in the account")
		return app.Case{}, ErrAlreadyLinked
	}
	if err := p.store.LinkCase(ctx, s.PersonID, c.ID, now); err != nil {
		return app.Case{}, err
	}
	p.audit(ctx, s, "case.linked", string(r), "as "+string(role))
	return c, nil
}

// matchCase finds the case and reports whether its person in role is the
// account holder: given name, family name and date of birth all the same.
func (p *Portal) matchCase(ctx context.Context, s *Session, r app.Receipt, role CaseRole) (app.Case, bool, error) {
	c, err := p.store.CaseByReceipt(ctx, r)
	if errors.Is(err, app.ErrNotFound) {
		return app.Case{}, false, nil
	}
	if err != nil {
		return app.Case{}, false, err
	}
	var id string
	switch role {
	case AsApplicant:
		id = c.ApplicantID
	case AsPetitioner:
		id = c.PetitionerID
	case AsBeneficiary:
		id = c.BeneficiaryID
	default:
		return app.Case{}, false, app.Invalid(app.FieldRole, "is not chosen; choose applicant, petitioner or beneficiary")
	}
	if id == "" {
		return c, false, nil
	}
	if id == s.PersonID {
		return c, true, nil
	}
	me, err := p.store.Person(ctx, s.PersonID)
	if err != nil {
		return app.Case{}, false, err
	}
	them, err := p.store.Person(ctx, id)
	if err != nil {
		return app.Case{}, false, err
	}
	same := app.SameName(them.GivenName, me.GivenName) && app.SameName(them.FamilyName, me.FamilyName) &&
		!me.DateOfBirth.IsZero() && them.DateOfBirth.ISO() == me.DateOfBirth.ISO()
	return c, same, nil
}

func (p *Portal) audit(ctx context.Context, s *Session, action, receipt, detail string) {
	p.store.Audit(ctx, &app.AuditEvent{At: p.now(), ActorID: s.AccountID, Action: action, RecordType: "receipt",
		RecordID: receipt, Detail: detail})
}

// throttleKey is the key an account's tally is kept under: a hash, so the
// table of tallies holds no account's id.
func throttleKey(accountID string) string {
	sum := sha256.Sum256([]byte("casedesk case link\x00" + accountID))
	return hex.EncodeToString(sum[:])
}
