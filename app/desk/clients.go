package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/notice"
)

// ClientForm is a client's details as typed, every field of a person.
type ClientForm struct {
	GivenName, MiddleName, FamilyName, OtherNames string
	DateOfBirth                                   string
	CountryOfBirth                                string
	ANumber                                       string
	Line1, Line2, City, State, ZIP                string
	Phone, Email                                  string
	Language                                      string // "en", "es" …; empty is English
	AssignedTo                                    string // a staff member's account id; "" for nobody
}

// FormOf is the form that shows a client's details for editing.
func FormOf(c Client) ClientForm {
	p := c.Person
	f := ClientForm{GivenName: p.GivenName, MiddleName: p.MiddleName, FamilyName: p.FamilyName, OtherNames: p.OtherNames,
		CountryOfBirth: p.CountryOfBirth, ANumber: string(p.ANumber), Line1: p.Address.Line1, Line2: p.Address.Line2,
		City: p.Address.City, State: p.Address.State, ZIP: string(p.Address.ZIP), Phone: p.Phone, Email: p.Email,
		Language: p.Language, AssignedTo: c.AssignedTo}
	// As typed (03/14/1985), so the form parses back to the same client;
	// String's "March 14, 1985" is for reading, and ParseDateOfBirth refuses it.
	if !p.DateOfBirth.IsZero() {
		f.DateOfBirth = p.DateOfBirth.Short()
	}
	return f
}

// MaxNameLength is the longest name part, in characters.
const MaxNameLength = 80

// ParseClient checks every field of the form at once with the same parsers
// as everywhere else, and that every name prints on a notice. It returns
// the person (without an ID) or one error per field that is wrong.
func ParseClient(f ClientForm) (Client, error) {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	name := func(field app.Field, v string, required bool) string {
		v = strings.Join(strings.Fields(v), " ")
		switch n := utf8.RuneCountInString(v); {
		case v == "" && required:
			add(app.Invalid(field, "is empty; type it as on the client's passport or other ID"))
		case n > MaxNameLength:
			add(app.Invalid(field, "has %d characters; use at most %d", n, MaxNameLength))
		case strings.ContainsFunc(v, unicode.IsControl):
			add(app.Invalid(field, "has a control character in it, perhaps from a paste; type the name again"))
		default:
			add(notice.CheckPrintable(field, v))
		}
		return v
	}
	p := app.Person{
		GivenName:  name(app.FieldGivenName, f.GivenName, true),
		MiddleName: name(app.FieldMiddleName, f.MiddleName, false),
		FamilyName: name(app.FieldFamilyName, f.FamilyName, true),
		OtherNames: name(app.FieldOtherNames, f.OtherNames, false),
	}
	p.CountryOfBirth = name(app.FieldCountryOfBirth, f.CountryOfBirth, false)
	if strings.TrimSpace(f.DateOfBirth) == "" {
		add(app.Invalid(app.FieldDateOfBirth, "is empty; type it like 03/14/1985"))
	} else {
		dob, err := app.ParseDateOfBirth(f.DateOfBirth)
		add(err)
		p.DateOfBirth = dob
	}
	if strings.TrimSpace(f.ANumber) != "" {
		a, err := app.ParseANumber(f.ANumber)
		add(err)
		p.ANumber = a
	}
	if strings.TrimSpace(f.Line1+f.Line2+f.City+f.State+f.ZIP) != "" {
		addr, err := app.ParseAddress(f.Line1, f.Line2, f.City, f.State, f.ZIP)
		add(err)
		if err == nil {
			add(notice.CheckPrintable(app.FieldStreet, addr.Line1+" "+addr.Line2+" "+addr.City))
		}
		p.Address = addr
	}
	phone, err := app.ParsePhone(f.Phone)
	add(err)
	p.Phone = phone
	email, err := app.ParseEmail(f.Email)
	add(err)
	p.Email = email
	p.Language = strings.ToLower(strings.TrimSpace(f.Language))
	switch {
	case p.Language == "":
		p.Language = "en"
	case !validLanguage(p.Language):
		add(app.Invalid(app.FieldLanguage, "%q is not a language code; type two letters, like en or es", f.Language))
	}
	if err := errors.Join(errs...); err != nil {
		return Client{}, err
	}
	return Client{Person: p, AssignedTo: strings.TrimSpace(f.AssignedTo)}, nil
}

func validLanguage(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// DuplicateError warns that a new client looks like clients already in the
// store: the same name and date of birth, or the same A-number. Adding
// again with confirm set creates the client anyway.
type DuplicateError struct{ Matches []app.Person }

func (e *DuplicateError) Error() string {
	names := make([]string, len(e.Matches))
	for i, p := range e.Matches {
		names[i] = p.FullName()
		if !p.DateOfBirth.IsZero() {
			names[i] += " (born " + p.DateOfBirth.String() + ")"
		}
	}
	return fmt.Sprintf("this may be a client already in CaseDesk: %s", strings.Join(names, "; "))
}

// checkAssignee refuses an assignment to someone who is not an enabled staff member.
func (d *Desk) checkAssignee(ctx context.Context, accountID string) error {
	if accountID == "" {
		return nil
	}
	m, err := d.svc.store.StaffAccount(ctx, accountID)
	if errors.Is(err, app.ErrNotFound) || (err == nil && m.Disabled) {
		return app.Invalid(app.FieldAssignedTo, "is not a staff member who can take clients; choose one from the list")
	}
	return err
}

// AddClient adds a client. A likely duplicate is refused with a
// *DuplicateError unless confirm is set; an A-number that another client
// has is refused always.
func (d *Desk) AddClient(ctx context.Context, f ClientForm, confirm bool) (Client, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return Client{}, err
	}
	c, err := ParseClient(f)
	if err != nil {
		return Client{}, err
	}
	if err := d.checkAssignee(ctx, c.AssignedTo); err != nil {
		return Client{}, err
	}
	dups, err := d.svc.store.LikelyDuplicates(ctx, c.Person)
	if err != nil {
		return Client{}, err
	}
	for _, p := range dups {
		if c.ANumber != "" && p.ANumber == c.ANumber {
			return Client{}, app.Invalid(app.FieldANumber, "%s is already %s's; check the number, or open that client", c.ANumber.Masked(), p.FullName())
		}
	}
	if len(dups) > 0 && !confirm {
		return Client{}, &DuplicateError{Matches: dups}
	}
	c.CreatedAt = d.svc.now().UTC()
	err = d.svc.store.CreateClient(ctx, &c, d.event(a, "client.add", "person", "", ""))
	if errors.Is(err, app.ErrAlreadyExists) {
		return Client{}, app.Invalid(app.FieldANumber, "%s is another client's; check the number", c.ANumber.Masked())
	}
	return c, err
}

// EditClient replaces a client's details; the earlier ones are kept in the
// client's history, and the audit row names the fields that changed
// (never their values).
func (d *Desk) EditClient(ctx context.Context, personID string, f ClientForm) (Client, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return Client{}, err
	}
	before, err := d.svc.store.Client(ctx, personID)
	if err != nil {
		return Client{}, err
	}
	c, err := ParseClient(f)
	if err != nil {
		return Client{}, err
	}
	if c.AssignedTo != before.AssignedTo {
		if err := d.checkAssignee(ctx, c.AssignedTo); err != nil {
			return Client{}, err
		}
	}
	c.ID, c.CreatedAt = before.ID, before.CreatedAt
	changed := changedFields(before, c)
	if len(changed) == 0 {
		return before, app.ErrUnchanged
	}
	err = d.svc.store.UpdateClient(ctx, c, d.event(a, "client.edit", "person", personID, "changed "+strings.Join(changed, ", ")))
	if errors.Is(err, app.ErrAlreadyExists) {
		return Client{}, app.Invalid(app.FieldANumber, "%s is another client's; check the number", c.ANumber.Masked())
	}
	return c, err
}

// changedFields names the fields that differ, for the audit.
func changedFields(a, b Client) []string {
	var out []string
	for _, f := range []struct {
		name string
		same bool
	}{
		{"given name", a.GivenName == b.GivenName}, {"middle name", a.MiddleName == b.MiddleName},
		{"family name", a.FamilyName == b.FamilyName}, {"other names", a.OtherNames == b.OtherNames},
		{"date of birth", a.DateOfBirth.ISO() == b.DateOfBirth.ISO()}, {"country of birth", a.CountryOfBirth == b.CountryOfBirth},
		{"A-number", a.ANumber == b.ANumber}, {"address", a.Address == b.Address}, {"phone", a.Phone == b.Phone},
		{"e-mail", a.Email == b.Email}, {"language", a.Language == b.Language}, {"assigned to", a.AssignedTo == b.AssignedTo},
	} {
		if !f.same {
			out = append(out, f.name)
		}
	}
	return out
}

// SearchLimit is how many clients a search shows at most.
const SearchLimit = 200

// Search finds clients: by receipt number (the people on the case), by
// A-number, by online account number, or by name as typed (every word a
// prefix of a name, ignoring case and accents). An empty query lists the
// clients most recently added or changed; mine narrows to the caller's
// own clients.
func (d *Desk) Search(ctx context.Context, query string, mine bool) ([]app.Person, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return nil, err
	}
	q := strings.TrimSpace(query)
	var out []app.Person
	switch {
	case mine && q == "":
		return d.svc.store.ClientsAssignedTo(ctx, a.accountID, SearchLimit)
	case q == "":
		return d.svc.store.RecentClients(ctx, 50)
	}
	if r, err := app.ParseReceipt(q); err == nil {
		c, err := d.svc.store.CaseByReceipt(ctx, r)
		if err == nil {
			for _, id := range []string{c.ApplicantID, c.PetitionerID, c.BeneficiaryID} {
				if id == "" || slices.ContainsFunc(out, func(p app.Person) bool { return p.ID == id }) {
					continue
				}
				if cl, err := d.svc.store.Client(ctx, id); err == nil {
					out = append(out, cl.Person)
				}
			}
			return d.mine(ctx, a, out, mine)
		}
		if !errors.Is(err, app.ErrNotFound) {
			return nil, err
		}
	}
	if an, err := app.ParseANumber(q); err == nil && strings.ContainsAny(q, "0123456789") {
		p, err := d.svc.store.ClientByANumber(ctx, an)
		if err == nil {
			return d.mine(ctx, a, []app.Person{p}, mine)
		}
		if !errors.Is(err, app.ErrNotFound) {
			return nil, err
		}
	}
	if n, err := app.ParseAccountNumber(q); err == nil {
		acct, err := d.svc.store.AccountByNumber(ctx, n)
		if err == nil {
			if cl, err := d.svc.store.Client(ctx, acct.PersonID); err == nil {
				return d.mine(ctx, a, []app.Person{cl.Person}, mine)
			}
			return nil, nil
		}
		if !errors.Is(err, app.ErrNotFound) {
			return nil, err
		}
	}
	if !strings.ContainsFunc(q, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f }) {
		return nil, nil // digits that are no number CaseDesk knows: no name matches them
	}
	found, err := d.svc.store.SearchPeople(ctx, q, SearchLimit)
	if err != nil {
		return nil, err
	}
	return d.mine(ctx, a, found, mine)
}

// mine keeps, when asked, only the clients assigned to the caller.
func (d *Desk) mine(ctx context.Context, a actor, people []app.Person, mine bool) ([]app.Person, error) {
	if !mine {
		return people, nil
	}
	out := people[:0]
	for _, p := range people {
		c, err := d.svc.store.Client(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		if c.AssignedTo != "" && c.AssignedTo == a.accountID {
			out = append(out, p)
		}
	}
	return out, nil
}

// AccountState is where a client's online account stands.
type AccountState int

// The account states.
const (
	NoAccount  AccountState = iota // no code was ever issued
	CodeIssued                     // a code is live and not yet redeemed
	CodeLapsed                     // a code was issued but expired or was revoked; no account set up
	SetUp                          // the client set the account up
	Locked                         // set up, and locked after failed sign-ins
)

// Account is a client's online account, as the desk shows it.
type Account struct {
	State       AccountState
	Number      app.AccountNumber
	Username    string
	CodeExpires time.Time // while a code is live
	LockedUntil time.Time
	LastSignIn  time.Time
}

// Page is a client's page: details, cases, account, appointments and messages.
type Page struct {
	Client       Client
	AssignedName string
	Cases        []app.Case
	Account      Account
	Appointments []app.Appointment
	Messages     []app.Message
	History      []ClientVersion
}

// Client returns a client's page.
func (d *Desk) Client(ctx context.Context, personID string) (Page, error) {
	if _, err := d.check(ctx, false); err != nil {
		return Page{}, err
	}
	c, err := d.svc.store.Client(ctx, personID)
	if err != nil {
		return Page{}, err
	}
	pg := Page{Client: c}
	if c.AssignedTo != "" {
		if m, err := d.svc.store.StaffAccount(ctx, c.AssignedTo); err == nil {
			pg.AssignedName = m.Name
		}
	}
	if pg.Cases, err = d.svc.store.CasesOfPerson(ctx, personID); err != nil {
		return Page{}, err
	}
	if pg.Account, err = d.account(ctx, personID); err != nil {
		return Page{}, err
	}
	if pg.Appointments, err = d.svc.store.AppointmentsOfPerson(ctx, personID); err != nil {
		return Page{}, err
	}
	if pg.Messages, err = d.svc.store.MessagesOfPerson(ctx, personID); err != nil {
		return Page{}, err
	}
	if pg.History, err = d.svc.store.ClientHistory(ctx, personID); err != nil {
		return Page{}, err
	}
	return pg, nil
}

func (d *Desk) account(ctx context.Context, personID string) (Account, error) {
	acct, err := d.svc.store.AccountOfPerson(ctx, personID)
	if errors.Is(err, app.ErrNotFound) {
		return Account{State: NoAccount}, nil
	}
	if err != nil {
		return Account{}, err
	}
	now := d.svc.now()
	out := Account{Number: acct.Number, Username: acct.Username, LockedUntil: acct.LockedUntil, LastSignIn: acct.LastSignInAt}
	exp, err := d.svc.store.LiveAccessCode(ctx, personID, now)
	switch {
	case err == nil:
		out.CodeExpires = exp
	case !errors.Is(err, app.ErrNotFound):
		return Account{}, err
	}
	switch {
	case acct.Username != "" && acct.LockedUntil.After(now):
		out.State = Locked
	case acct.Username != "":
		out.State = SetUp
	case !out.CodeExpires.IsZero():
		out.State = CodeIssued
	default:
		out.State = CodeLapsed
	}
	return out, nil
}

// IssueCode issues a client an access code for setting up their account,
// revoking any live one (a resend is the same call). The code is in the
// result once, for the Account Access Notice; the store keeps only its hash.
func (d *Desk) IssueCode(ctx context.Context, personID string) (auth.Issued, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return auth.Issued{}, err
	}
	if _, err := d.svc.store.Client(ctx, personID); err != nil {
		return auth.Issued{}, err
	}
	return d.svc.codes.Issue(ctx, personID, a.name, auth.ForSetUp)
}

// IdentityCheck is how staff checked, in person, that a client who lost
// their password or 2-step verification is who they say.
type IdentityCheck struct {
	// Document is the kind of photo ID seen, such as "passport" (never its number).
	Document string
	// InPerson: the client was at the desk and matched the photo.
	InPerson bool
}

// IDDocuments are the documents staff may check a client's identity with.
var IDDocuments = []string{"passport", "permanent resident card", "employment authorization document",
	"driver's license or state ID", "consular ID", "other government photo ID"}

// ResetAccount re-opens a client's account that is set up, for a new
// password and 2-step verification, after staff checked the client's
// identity in person: the check is audited (the document's kind, never its
// number), and a new access code is issued for the Account Access Notice.
func (d *Desk) ResetAccount(ctx context.Context, personID string, check IdentityCheck) (auth.Issued, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return auth.Issued{}, err
	}
	if !check.InPerson || !slices.Contains(IDDocuments, check.Document) {
		return auth.Issued{}, app.Invalid(app.FieldIDCheck, "is not recorded; check a photo ID with the client at the desk, pick its kind, and confirm it matches them")
	}
	if _, err := d.svc.store.Client(ctx, personID); err != nil {
		return auth.Issued{}, err
	}
	e := d.event(a, "account.identity_checked", "person", personID, "identity checked in person with a "+check.Document+" before an account reset")
	if err := d.svc.store.Audit(ctx, &e); err != nil {
		return auth.Issued{}, err
	}
	return d.svc.codes.Issue(ctx, personID, a.name, auth.ForReset)
}

// RevokeCode revokes a client's live access code and says how many were revoked.
func (d *Desk) RevokeCode(ctx context.Context, personID string) (int, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return 0, err
	}
	if _, err := d.svc.store.Client(ctx, personID); err != nil {
		return 0, err
	}
	return d.svc.codes.Revoke(ctx, personID, a.name)
}

// Unlock unlocks a client's account that failed sign-ins locked.
func (d *Desk) Unlock(ctx context.Context, personID string) error {
	a, err := d.check(ctx, false)
	if err != nil {
		return err
	}
	if _, err := d.svc.store.Client(ctx, personID); err != nil {
		return err
	}
	acct, err := d.svc.store.AccountOfPerson(ctx, personID)
	if err != nil {
		return err
	}
	return d.svc.store.Unlock(ctx, acct.ID, a.name, d.svc.now().UTC())
}
