package household

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
)

// OwnerForm is the owner's details, as typed at set-up.
type OwnerForm struct {
	GivenName, MiddleName, FamilyName string
	DateOfBirth                       string
	CountryOfBirth                    string
	ANumber                           string // optional
	Street, Street2, City, State, ZIP string
}

// AccountForm is the owner's username and password.
type AccountForm struct {
	Username string
	Password string
}

// TwoStep is the 2-step verification the owner chose: a sheet of backup
// codes always, and an authenticator app when they confirmed one.
type TwoStep struct {
	Enrolment   *auth.Enrolment // nil for backup codes only
	ConfirmCode string
	BackupCodes []string
}

// maxName is the longest name CaseDesk keeps, in characters.
const maxName = 100

// checkNames checks a person's names, every field at once.
func checkNames(given, family string) []error {
	var errs []error
	if strings.TrimSpace(given) == "" {
		errs = append(errs, app.Invalid(app.FieldGivenName, "is empty; type the given (first) name"))
	} else if utf8.RuneCountInString(given) > maxName {
		errs = append(errs, app.Invalid(app.FieldGivenName, "is longer than %d characters", maxName))
	}
	if strings.TrimSpace(family) == "" {
		errs = append(errs, app.Invalid(app.FieldFamilyName, "is empty; type the family (last) name"))
	} else if utf8.RuneCountInString(family) > maxName {
		errs = append(errs, app.Invalid(app.FieldFamilyName, "is longer than %d characters", maxName))
	}
	return errs
}

// birthDate reads a date of birth that is not in the future.
func (s *Service) birthDate(typed string) (app.Date, error) {
	if strings.TrimSpace(typed) == "" {
		return app.Date{}, app.Invalid(app.FieldDateOfBirth, "is empty; type it like 03/14/1985")
	}
	d, err := app.ParseDateOfBirth(typed)
	if err != nil {
		return app.Date{}, err
	}
	if s.today().Before(d) {
		return app.Date{}, app.Invalid(app.FieldDateOfBirth, "%s is in the future; check the year", d)
	}
	return d, nil
}

// CheckOwner checks the owner's details, every field at once, and returns
// them as a person in language lang.
func (s *Service) CheckOwner(f OwnerForm, lang string) (app.Person, error) {
	errs := checkNames(f.GivenName, f.FamilyName)
	dob, err := s.birthDate(f.DateOfBirth)
	if err != nil {
		errs = append(errs, err)
	}
	country := strings.Join(strings.Fields(f.CountryOfBirth), " ")
	if country == "" {
		errs = append(errs, app.Invalid(app.FieldCountryOfBirth, "is empty; type the country you were born in"))
	}
	addr, err := app.ParseAddress(f.Street, f.Street2, f.City, f.State, f.ZIP)
	if err != nil {
		errs = append(errs, err)
	}
	a, err := optionalANumber(f.ANumber)
	if err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return app.Person{}, err
	}
	if lang == "" {
		lang = i18n.English
	}
	return app.Person{GivenName: strings.TrimSpace(f.GivenName), MiddleName: strings.TrimSpace(f.MiddleName),
		FamilyName: strings.TrimSpace(f.FamilyName), DateOfBirth: dob, CountryOfBirth: country, ANumber: a, Address: addr,
		Language: lang}, nil
}

// optionalANumber reads an A-number, or none when nothing was typed.
func optionalANumber(typed string) (app.ANumber, error) {
	if strings.TrimSpace(typed) == "" {
		return "", nil
	}
	return app.ParseANumber(typed)
}

// CheckAccount checks the username and password with the wizard's rules:
// the password may not contain the username or the owner's names.
func CheckAccount(a AccountForm, o OwnerForm) error {
	var errs []error
	u := strings.TrimSpace(a.Username)
	if err := auth.UsernameForm(u); err != nil {
		errs = append(errs, err)
	}
	if err := auth.CheckPassword(a.Password, u, o.GivenName, o.MiddleName, o.FamilyName); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// NeedsSetUp says whether the store was never set up (no install kind).
func (s *Service) NeedsSetUp(ctx context.Context) (bool, error) {
	kind, err := s.store.Setting(ctx, app.SettingInstallKind)
	if errors.Is(err, app.ErrNotFound) {
		return true, nil
	}
	return kind == "", err
}

// SetUp sets the store up as a household's own: the owner's person and
// applicant account (a new online account number), the password and the
// 2-step verification they chose, all at once. The preferred language is
// lang, the screen's. A store that is set up already is refused with
// ErrSetUpAlready, and nothing is written.
func (s *Service) SetUp(ctx context.Context, o OwnerForm, a AccountForm, t TwoStep, lang string) (app.Account, error) {
	p, err := s.CheckOwner(o, lang)
	if err = errors.Join(err, CheckAccount(a, o)); err != nil {
		return app.Account{}, err
	}
	if need, err := s.NeedsSetUp(ctx); err != nil {
		return app.Account{}, err
	} else if !need {
		return app.Account{}, ErrSetUpAlready
	}
	if len(t.BackupCodes) != auth.BackupCodeCount {
		return app.Account{}, errors.New("household: a sheet of backup codes is always issued")
	}
	now := s.now().UTC()
	p.CreatedAt = now
	username := strings.TrimSpace(a.Username)
	r := SetUpRecord{
		Settings:     map[string]string{app.SettingInstallKind: app.InstallHousehold},
		Owner:        p,
		Username:     username,
		PasswordHash: auth.HashPassword(a.Password, s.argon),
		At:           now,
		// The store makes the new account the actor: it has no id yet.
		Audit: app.AuditEvent{At: now, Action: "household.setup", RecordType: "household",
			Detail: "household set up with its owner's account"},
	}
	if t.Enrolment != nil {
		step, err := auth.CheckTOTP(t.Enrolment.Secret, t.ConfirmCode, s.now(), 0)
		if err != nil {
			return app.Account{}, err
		}
		r.TOTPSecret, r.TOTPStep = s.keys.Seal([]byte(t.Enrolment.Secret)), step
	}
	for _, code := range t.BackupCodes {
		r.BackupHashes = append(r.BackupHashes, s.keys.BackupHash(code))
	}
	acct, err := s.store.SetUpHousehold(ctx, r)
	switch {
	case errors.Is(err, app.ErrConflict):
		return app.Account{}, ErrSetUpAlready
	case errors.Is(err, app.ErrAlreadyExists):
		return app.Account{}, app.Invalid(app.FieldUsername, "%s is taken; choose another", username)
	}
	return acct, err
}
