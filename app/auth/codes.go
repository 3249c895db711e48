package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"
)

// SettingCodeExpiryDays is how long a new access code works, in days.
const SettingCodeExpiryDays = "codes.expiry_days"

// SettingTimeZone is the clinic's time zone (an IANA name such as
// America/Chicago): the day a code is issued and its last day are the
// clinic's days. Unset, it is the computer's.
const SettingTimeZone = "clinic.time_zone"

// Code expiry: 30 days unless the setting says otherwise, never more than 90.
const (
	DefaultCodeExpiryDays = 30
	MaxCodeExpiryDays     = 90
	// MaxCodeAttempts wrong tries lock a code; staff then issue a new one.
	MaxCodeAttempts = 5
)

const accessPurpose = "access code"

// unknownCodeKind counts the tries of codes nobody was issued (throttles,
// by a keyed hash of the code), exactly as a real code's own are counted.
const unknownCodeKind = "access code"

// WarnCodeTriesLeft: from this many tries left, a wrong try says how many.
const WarnCodeTriesLeft = 3

// CodeRecord is a stored access code, without the code.
type CodeRecord struct {
	ID         string
	PersonID   string
	ExpiresAt  time.Time
	Attempts   int
	RevokedAt  time.Time
	RedeemedAt time.Time
	Reset      bool // issued to reset an account that was already set up
}

// CodePurpose says why a code is issued.
type CodePurpose int

const (
	// ForSetUp is a code for a person whose account is not set up yet.
	ForSetUp CodePurpose = iota
	// ForReset re-opens an account that is set up, for a new password and
	// 2-step verification: only after staff checked the person in person.
	ForReset
)

// IssueRecord is what the store writes, in one transaction, when a code is
// issued: earlier live codes of the person revoked, the person's account
// made (with a new online account number) if there is none, the code's
// hash, the Account Access Notice as a record (without the code), and audit rows.
type IssueRecord struct {
	PersonID  string
	CodeHash  string
	IssuedBy  string
	At        time.Time
	ExpiresAt time.Time
	NewNumber func() (app.AccountNumber, error) // draws a number; called again on a clash
	Notice    func(app.Account) app.Notice      // the record of the notice, for the account
	// Reset allows a code for a person whose account is set up; without it
	// the store refuses such a person with app.ErrConflict.
	Reset bool
}

// Redemption is what the store writes, in one transaction, when a code is
// redeemed — if and only if the code is still live.
type Redemption struct {
	CodeID       string
	PersonID     string
	Username     string
	PasswordHash string
	TOTPSecret   []byte // sealed; nil when the person chose backup codes only
	TOTPStep     int64  // the step of the code that confirmed the authenticator
	BackupHashes []string
	At           time.Time
}

// Store is what the access-code service needs from the case store.
type Store interface {
	Person(ctx context.Context, id string) (app.Person, error)
	Setting(ctx context.Context, key string) (string, error)
	IssueAccessCode(ctx context.Context, r IssueRecord) (app.Account, error)
	RevokeAccessCodes(ctx context.Context, personID, by string, at time.Time) (int, error)
	AccessCodeByHash(ctx context.Context, hash string) (CodeRecord, error)
	// TakeAccessCodeTry counts a try before the comparison, with the limit
	// in the same statement; app.ErrConflict when no try is left.
	TakeAccessCodeTry(ctx context.Context, id string, max int) (int, error)
	// UpdateThrottle keeps the tallies of codes nobody was issued, by a
	// keyed hash, as SignInStore's does for unknown usernames.
	UpdateThrottle(ctx context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error)
	// AccessCodeTryFailed audits a try n that did not match; id is empty
	// for a code nobody was issued.
	AccessCodeTryFailed(ctx context.Context, id string, n int, at time.Time) error
	// ReturnAccessCodeTry gives back the try of a check that matched.
	ReturnAccessCodeTry(ctx context.Context, id string) error
	AccountOfPerson(ctx context.Context, personID string) (app.Account, error)
	// RedeemAccessCode sets up the account; app.ErrConflict when the code
	// is no longer live, app.ErrAlreadyExists when the username is taken.
	RedeemAccessCode(ctx context.Context, r Redemption) (app.Account, error)
	// UsernameTaken reports whether an account other than the person's
	// has the username.
	UsernameTaken(ctx context.Context, username, exceptPersonID string) (bool, error)
}

// Codes issues, revokes and redeems online access codes.
type Codes struct {
	store  Store
	keys   *Keys
	now    func() time.Time
	argon2 Argon2Params
}

// NewCodes returns the access-code service. now is the clock (nil:
// time.Now); argon are the password-hashing costs (tests pass cheap ones).
func NewCodes(store Store, keys *Keys, now func() time.Time, argon Argon2Params) *Codes {
	if now == nil {
		now = time.Now
	}
	return &Codes{store: store, keys: keys, now: now, argon2: argon}
}

// Issued is a newly issued code: the code itself exists only here and on
// the Account Access Notice.
type Issued struct {
	Code    app.AccessCode
	Account app.Account
	Person  app.Person
	Issued  app.Date
	Expires app.Date
	Reset   bool // the code resets an account that was set up
}

// Notice is the Account Access Notice that gives the person the code: the
// one place it exists in words, as the store keeps only its keyed hash.
func (is Issued) Notice() notice.AccessNotice {
	return notice.AccessNotice{Name: is.Person.FullName(), Address: notice.AddressBlock(is.Person),
		AccountNumber: is.Account.Number, Code: is.Code, Issued: is.Issued, Expires: is.Expires, Reset: is.Reset,
		Lang: is.Person.Language}
}

// ErrAccountSetUp means the person's account is already set up: a new code
// would replace its password and 2-step verification, which only a reset
// (ForReset) may do.
var ErrAccountSetUp = errors.New("the account is already set up")

// IncompleteIdentityError means the person's record lacks what the wizard
// asks to prove the code is theirs.
type IncompleteIdentityError struct{ Missing []string }

func (e *IncompleteIdentityError) Error() string {
	return i18n.T("Record the person's %s before issuing an access code: the person confirms them when they use it.",
		strings.Join(e.Missing, ", "))
}

// CheckIdentityRecorded says, as an *IncompleteIdentityError, which of the
// details a person confirms when they use a code (family name, date of
// birth, ZIP code, country of birth) their record lacks; nil when it has
// them all. Without them the code could never be used: every try would
// fail and the fifth would lock it.
func CheckIdentityRecorded(p app.Person) error {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{i18n.T("family name"), p.FamilyName}, {i18n.T("date of birth"), p.DateOfBirth.ISO()},
		{i18n.T("ZIP code"), p.Address.ZIP.Five()}, {i18n.T("country of birth"), p.CountryOfBirth},
	} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	if missing != nil {
		return &IncompleteIdentityError{Missing: missing}
	}
	return nil
}

// Issue makes a new access code for a person, revoking any live one (a
// resend is the same call), and assigns the online account number on the
// first. For a person whose account is set up it refuses with
// ErrAccountSetUp unless purpose is ForReset.
func (c *Codes) Issue(ctx context.Context, personID, by string, purpose CodePurpose) (Issued, error) {
	p, err := c.store.Person(ctx, personID)
	if err != nil {
		return Issued{}, err
	}
	if err := CheckIdentityRecorded(p); err != nil {
		return Issued{}, err
	}
	days, err := c.expiryDays(ctx)
	if err != nil {
		return Issued{}, err
	}
	loc, err := c.clinicZone(ctx)
	if err != nil {
		return Issued{}, err
	}
	code, err := app.NewAccessCode(rand.Reader)
	if err != nil {
		return Issued{}, err
	}
	now := c.now()
	issued := app.DateOf(now.In(loc)) // the clinic's today, not UTC's
	expires := issued.AddDays(days)
	last := expires.Time()
	acct, err := c.store.IssueAccessCode(ctx, IssueRecord{
		PersonID: personID, CodeHash: c.keys.MAC(accessPurpose, string(code)), IssuedBy: by, At: now.UTC(),
		Reset: purpose == ForReset,
		// The code works through the whole of its last day at the clinic.
		ExpiresAt: time.Date(last.Year(), last.Month(), last.Day(), 23, 59, 59, 0, loc).UTC(),
		NewNumber: func() (app.AccountNumber, error) { return app.NewAccountNumber(rand.Reader) },
		Notice: func(a app.Account) app.Notice {
			return app.Notice{PersonID: personID, Kind: app.NoticeAccountAccess, NoticeDate: issued, Fields: map[string]string{
				"name": p.FullName(), "address": notice.AddressBlock(p), "account_number": string(a.Number), "expires": expires.ISO(),
			}, CreatedAt: now.UTC()}
		},
	})
	if errors.Is(err, app.ErrConflict) {
		return Issued{}, ErrAccountSetUp
	}
	if err != nil {
		return Issued{}, err
	}
	// A reset asked for an account that is not set up is a plain set-up code.
	return Issued{Code: code, Account: acct, Person: p, Issued: issued, Expires: expires, Reset: purpose == ForReset && acct.Username != ""}, nil
}

// clinicZone is the clinic.time_zone setting, or the computer's zone.
func (c *Codes) clinicZone(ctx context.Context) (*time.Location, error) {
	v, err := c.store.Setting(ctx, SettingTimeZone)
	if errors.Is(err, app.ErrNotFound) || (err == nil && strings.TrimSpace(v) == "") {
		return time.Local, nil
	}
	if err != nil {
		return nil, err
	}
	return LoadZone(v)
}

// LoadZone reads an IANA time-zone name, with a message that says what to type.
func LoadZone(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(strings.TrimSpace(name))
	if err != nil || strings.TrimSpace(name) == "" {
		return nil, app.Invalid(app.FieldTimeZone,
			"%q is not a time zone CaseDesk knows; use a name like America/Chicago or America/New_York", name)
	}
	return loc, nil
}

func (c *Codes) expiryDays(ctx context.Context) (int, error) {
	v, err := c.store.Setting(ctx, SettingCodeExpiryDays)
	if errors.Is(err, app.ErrNotFound) {
		return DefaultCodeExpiryDays, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return DefaultCodeExpiryDays, nil
	}
	return min(n, MaxCodeExpiryDays), nil
}

// Revoke stops every live code of a person.
func (c *Codes) Revoke(ctx context.Context, personID, by string) (int, error) {
	if _, err := c.store.Person(ctx, personID); err != nil {
		return 0, err
	}
	return c.store.RevokeAccessCodes(ctx, personID, by, c.now().UTC())
}

// Errors of redeeming a code. ErrCodeOrIdentity is deliberately one error for
// a wrong code and a wrong identity: it never says which.
var (
	ErrCodeOrIdentity = errors.New("the access code or the identity does not match")
	ErrCodeExpired    = errors.New("access code expired")
	ErrCodeUsed       = errors.New("access code already used")
	ErrCodeRevoked    = errors.New("access code replaced or withdrawn")
	ErrCodeLocked     = errors.New("access code locked after too many tries")
)

// TriesLeftError is a wrong code or identity that says how many tries the
// code has left. A code nobody was issued counts its tries by the same rule
// (Check), so the count tells nothing about whether a code exists. It is
// an ErrCodeOrIdentity.
type TriesLeftError struct{ Left int }

func (e *TriesLeftError) Error() string {
	return fmt.Sprintf("%v (tries left: %d)", ErrCodeOrIdentity, e.Left)
}
func (e *TriesLeftError) Unwrap() error { return ErrCodeOrIdentity }

// TriesLeftMessage warns, after a wrong try, that the code locks after a
// few more; "" while more than WarnCodeTriesLeft are left. It comes beside
// CodeMessage, which stays one message for every wrong code or identity.
func TriesLeftMessage(err error) string {
	var tl *TriesLeftError
	if !errors.As(err, &tl) || tl.Left > WarnCodeTriesLeft || tl.Left < 1 {
		return ""
	}
	return i18n.N(tl.Left, "%d try left before this code stops working; then ask the clinic for a new one.",
		"%d tries left before this code stops working; then ask the clinic for a new one.")
}

// CodeMessage explains a redemption error to the person at the screen.
func CodeMessage(err error) string {
	ask := i18n.T("Ask the clinic for a new access code; it is free.")
	switch {
	case errors.Is(err, ErrCodeOrIdentity):
		return i18n.T("The access code and the details you gave do not match our records. Check the code on your Account Access Notice and type your family name, date of birth, ZIP code and country of birth exactly as the clinic has them.")
	case errors.Is(err, ErrCodeExpired):
		return i18n.T("This access code has expired.") + " " + ask
	case errors.Is(err, ErrCodeUsed):
		return i18n.T("This access code was already used to set up an account. Sign in with that account, or ask the clinic for help.")
	case errors.Is(err, ErrCodeRevoked):
		return i18n.T("This access code no longer works: the clinic replaced or withdrew it.") + " " + ask
	case errors.Is(err, ErrCodeLocked):
		return i18n.T("This access code is locked after too many tries.") + " " + ask
	}
	var in *app.InputError
	if errors.As(err, &in) {
		return in.Error()
	}
	return i18n.T("Something went wrong while checking the code: %v", err)
}

// Identity is what the person types to prove the code is theirs. The
// Account Access Notice prints the name and ZIP code, so the country of
// birth, which it does not, is asked too.
type Identity struct {
	FamilyName     string
	DateOfBirth    string
	ZIP            string
	CountryOfBirth string
}

// CheckedIdentity is an Identity whose form was checked: it can be
// compared with a person's record.
type CheckedIdentity struct {
	id  Identity
	dob app.Date
	zip app.ZIP
}

// Checked reads the date of birth and ZIP code typed, and refuses a form
// that could match nobody with a message that says what to fix.
func (id Identity) Checked() (CheckedIdentity, error) {
	dob, err := app.ParseDateOfBirth(id.DateOfBirth)
	if err != nil {
		return CheckedIdentity{}, err
	}
	zip, err := app.ParseZIP(id.ZIP)
	if err != nil {
		return CheckedIdentity{}, err
	}
	if strings.TrimSpace(id.CountryOfBirth) == "" {
		return CheckedIdentity{}, app.Invalid(app.FieldCountryOfBirth, "is empty; type the country you were born in, like Mexico")
	}
	return CheckedIdentity{id: id, dob: dob, zip: zip}, nil
}

// Matches says whether p is the person who typed the identity: family
// name and country of birth compared with case, accents and spaces
// ignored, the date of birth and the ZIP code's five digits exactly.
func (c CheckedIdentity) Matches(p app.Person) bool {
	return app.SameName(p.FamilyName, c.id.FamilyName) && p.DateOfBirth.ISO() == c.dob.ISO() &&
		p.Address.ZIP.Five() == c.zip.Five() && app.SameName(p.CountryOfBirth, c.id.CountryOfBirth)
}

// Ticket is a code that matched its person; only this package makes one.
type Ticket struct {
	codeID   string
	personID string
	Person   app.Person
	// Reset: the code re-opens an account that was set up; its present
	// username is in Username, and redeeming replaces password and 2-step.
	Reset    bool
	Username string
}

// Check verifies a typed code and identity (wizard steps 1 and 2). A try
// is counted before the comparison, with the limit in the same statement,
// and given back when the identity matches: only wrong tries count, and of
// many at once no more than MaxCodeAttempts are ever taken. Whether the
// code was used, replaced or has expired is said only once the identity
// matches, so the code alone tells a stranger nothing about its person.
// A code nobody was issued is counted and answered the same way
// (unknownCode): a wrong try says how many are left (TriesLeftError),
// and the last locks, whether or not the code exists.
func (c *Codes) Check(ctx context.Context, typed string, id Identity) (Ticket, error) {
	code, err := app.ParseAccessCode(typed)
	if err != nil {
		return Ticket{}, err
	}
	typedID, err := id.Checked()
	if err != nil {
		return Ticket{}, err
	}
	rec, err := c.store.AccessCodeByHash(ctx, c.keys.MAC(accessPurpose, string(code)))
	if errors.Is(err, app.ErrNotFound) {
		return Ticket{}, c.unknownCode(ctx, code)
	}
	if err != nil {
		return Ticket{}, err
	}
	now := c.now()
	n, err := c.store.TakeAccessCodeTry(ctx, rec.ID, MaxCodeAttempts)
	if errors.Is(err, app.ErrConflict) {
		return Ticket{}, ErrCodeLocked
	}
	if err != nil {
		return Ticket{}, err
	}
	p, err := c.store.Person(ctx, rec.PersonID)
	if err != nil {
		return Ticket{}, err
	}
	if !typedID.Matches(p) {
		if err := c.store.AccessCodeTryFailed(ctx, rec.ID, n, now.UTC()); err != nil {
			return Ticket{}, err
		}
		return Ticket{}, wrongTry(n)
	}
	if err := c.store.ReturnAccessCodeTry(ctx, rec.ID); err != nil {
		return Ticket{}, err
	}
	switch {
	case !rec.RedeemedAt.IsZero():
		return Ticket{}, ErrCodeUsed
	case !rec.RevokedAt.IsZero():
		return Ticket{}, ErrCodeRevoked
	case now.After(rec.ExpiresAt):
		return Ticket{}, ErrCodeExpired
	}
	t := Ticket{codeID: rec.ID, personID: rec.PersonID, Person: p, Reset: rec.Reset}
	if rec.Reset {
		acct, err := c.store.AccountOfPerson(ctx, rec.PersonID)
		if err != nil {
			return Ticket{}, err
		}
		t.Username = acct.Username
	}
	return t, nil
}

// unknownCode answers a code nobody was issued as a real code with a
// wrong identity is answered, after the same writes: a try taken before
// the (here hopeless) comparison, with the limit, then the failure audited.
// Its tries lock it for good, as a real code's do, so neither the count
// left nor the lock tells that it does not exist.
func (c *Codes) unknownCode(ctx context.Context, code app.AccessCode) error {
	now := c.now()
	var locked bool
	t, err := c.store.UpdateThrottle(ctx, unknownCodeKind, c.keys.MAC(unknownCodeKind+" try", string(code)),
		app.Take(now, codeTries, &locked))
	if err != nil {
		return err
	}
	if locked {
		return ErrCodeLocked
	}
	if err := c.store.AccessCodeTryFailed(ctx, "", t.Failures, now.UTC()); err != nil {
		return err
	}
	return wrongTry(t.Failures)
}

// codeTries is a real code's rule for a code nobody was issued:
// MaxCodeAttempts wrong tries and it never works.
func codeTries(t app.Tally) app.Tally {
	t.Failures++
	t.InRow++
	if t.Failures >= MaxCodeAttempts {
		t.LockedUntil = app.Forever
	}
	return t
}

// wrongTry is the answer to the n-th wrong try of a code.
func wrongTry(n int) error {
	if n >= MaxCodeAttempts {
		return ErrCodeLocked
	}
	return &TriesLeftError{Left: MaxCodeAttempts - n}
}

// ErrUsernameTaken means another account has the username.
var ErrUsernameTaken = errors.New("username taken")

// CheckUsername applies the username rules: 3 to 32 letters, digits, dots,
// dashes and underscores, not taken by anyone else (case does not matter;
// a reset may keep the person's own).
func (c *Codes) CheckUsername(ctx context.Context, t Ticket, username string) error {
	u := strings.TrimSpace(username)
	if err := UsernameForm(u); err != nil {
		return err
	}
	taken, err := c.store.UsernameTaken(ctx, u, t.personID)
	if err != nil {
		return err
	}
	if taken {
		return app.Invalid(app.FieldUsername, "%s is taken; choose another", u)
	}
	return nil
}

// UsernameForm checks the form of a username: 3 to 32 letters a–z,
// digits, dots, dashes and underscores. Whether it is taken is the
// store's to say.
func UsernameForm(u string) error {
	const field = app.FieldUsername
	switch {
	case len(u) < 3:
		return app.Invalid(field, "needs at least 3 characters, like ana.lopez")
	case len(u) > 32:
		return app.Invalid(field, "has %d characters; use at most 32", len(u))
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return app.Invalid(field, "may use letters a–z, digits, dots, dashes and underscores; %q is not one of them", string(r))
		}
	}
	return nil
}

// Setup is what the person chose in the wizard.
type Setup struct {
	Username string
	Password string
	// Enrolment is the authenticator secret the person confirmed with
	// ConfirmCode; nil for backup codes only.
	Enrolment   *Enrolment
	ConfirmCode string
	BackupCodes []string // the sheet shown to the person; always issued
}

// Redeem sets up the account in one transaction: username, password hash,
// sealed authenticator secret, hashed backup codes, the code marked used.
// Of many redemptions of one code at once, exactly one succeeds.
func (c *Codes) Redeem(ctx context.Context, t Ticket, s Setup) (app.Account, error) {
	if t.codeID == "" {
		return app.Account{}, errors.New("auth: redeem without a checked code")
	}
	username := strings.TrimSpace(s.Username)
	if err := c.CheckUsername(ctx, t, username); err != nil {
		return app.Account{}, err
	}
	p := t.Person
	if err := CheckPassword(s.Password, username, p.GivenName, p.MiddleName, p.FamilyName); err != nil {
		return app.Account{}, err
	}
	if len(s.BackupCodes) != BackupCodeCount {
		return app.Account{}, errors.New("auth: a sheet of backup codes is always issued")
	}
	now := c.now().UTC()
	r := Redemption{CodeID: t.codeID, PersonID: t.personID, Username: username, At: now,
		PasswordHash: HashPassword(s.Password, c.argon2)}
	if s.Enrolment != nil {
		step, err := CheckTOTP(s.Enrolment.Secret, s.ConfirmCode, now, 0)
		if err != nil {
			return app.Account{}, err
		}
		r.TOTPSecret, r.TOTPStep = c.keys.Seal([]byte(s.Enrolment.Secret)), step
	}
	for _, code := range s.BackupCodes {
		r.BackupHashes = append(r.BackupHashes, c.keys.BackupHash(code))
	}
	acct, err := c.store.RedeemAccessCode(ctx, r)
	switch {
	case errors.Is(err, app.ErrConflict):
		return app.Account{}, ErrCodeUsed
	case errors.Is(err, app.ErrAlreadyExists):
		return app.Account{}, app.Invalid(app.FieldUsername, "%s is taken; choose another", username)
	}
	return acct, err
}
