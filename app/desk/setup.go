package desk

import (
	"context"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/settings"
)

// ErrSetUpAlready refuses a second set-up: the store was set up (as a
// clinic, or as the demo clinic) or has staff accounts already.
var ErrSetUpAlready = errors.New("this store is already set up")

// ClinicForm is the clinic's details, as typed at set-up.
type ClinicForm struct {
	Name     string
	Address  string // one line per line
	Phone    string
	TimeZone string // an IANA name such as America/Chicago
}

// AdminForm is the first administrator, as typed at set-up.
type AdminForm struct {
	GivenName, FamilyName string
	Username              string
	Password              string
}

// TwoStep is the 2-step verification a staff member chose: a sheet of
// backup codes always, and an authenticator app when they confirmed one.
type TwoStep struct {
	Enrolment   *auth.Enrolment // nil for backup codes only
	ConfirmCode string
	BackupCodes []string
}

// NeedsSetUp says whether the store was never set up: no install kind
// (neither a clinic's nor the demo's) and no staff account. Such a store
// offers only the set-up and the demo.
func (s *Service) NeedsSetUp(ctx context.Context) (bool, error) {
	kind, err := s.store.Setting(ctx, app.SettingInstallKind)
	switch {
	case err == nil && kind != "":
		return false, nil
	case err != nil && !errors.Is(err, app.ErrNotFound):
		return false, err
	}
	n, err := s.store.StaffCount(ctx)
	return n == 0, err
}

// CheckClinic checks the clinic's details, every field at once.
func CheckClinic(f ClinicForm) error {
	var errs []error
	if strings.TrimSpace(f.Name) == "" {
		errs = append(errs, app.Invalid(app.FieldClinicName, "is empty; type the clinic's name as it goes on letters"))
	}
	if strings.TrimSpace(f.Address) == "" {
		errs = append(errs, app.Invalid(app.FieldClinicAddress, "is empty; type the clinic's street, city, state and ZIP code"))
	}
	if _, err := app.ParsePhone(f.Phone); err != nil {
		errs = append(errs, err)
	}
	if strings.TrimSpace(f.TimeZone) == "" {
		errs = append(errs, app.Invalid(app.FieldTimeZone, "is empty; pick the clinic's time zone, like America/Chicago"))
	} else if _, err := auth.LoadZone(strings.TrimSpace(f.TimeZone)); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// CheckAdmin checks the first administrator's name, username and
// password, every field at once.
func CheckAdmin(f AdminForm) error {
	var errs []error
	if strings.TrimSpace(f.GivenName) == "" {
		errs = append(errs, app.Invalid(app.FieldGivenName, "is empty; type your given (first) name"))
	}
	if strings.TrimSpace(f.FamilyName) == "" {
		errs = append(errs, app.Invalid(app.FieldFamilyName, "is empty; type your family (last) name"))
	}
	u := strings.TrimSpace(f.Username)
	if err := auth.UsernameForm(u); err != nil {
		errs = append(errs, err)
	}
	if err := auth.CheckPassword(f.Password, u, f.GivenName, f.FamilyName); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// SetUpClinic sets the store up for a clinic: its details, and the first
// administrator with the password and 2-step verification they chose, all
// at once. A store that is set up already is refused with ErrSetUpAlready,
// and nothing is written.
func (s *Service) SetUpClinic(ctx context.Context, c ClinicForm, a AdminForm, t TwoStep) (app.Account, error) {
	if err := errors.Join(CheckClinic(c), CheckAdmin(a)); err != nil {
		return app.Account{}, err
	}
	if need, err := s.NeedsSetUp(ctx); err != nil {
		return app.Account{}, err
	} else if !need {
		return app.Account{}, ErrSetUpAlready
	}
	if len(t.BackupCodes) != auth.BackupCodeCount {
		return app.Account{}, errors.New("desk: a sheet of backup codes is always issued")
	}
	now := s.now().UTC()
	phone, _ := app.ParsePhone(c.Phone)
	username := strings.TrimSpace(a.Username)
	r := ClinicSetUp{
		Settings: map[string]string{
			app.SettingInstallKind:   app.InstallClinic,
			app.SettingClinicName:    strings.TrimSpace(c.Name),
			app.SettingClinicAddress: strings.TrimSpace(c.Address),
			auth.SettingTimeZone:     strings.TrimSpace(c.TimeZone),
		},
		Admin: NewStaff{GivenName: strings.TrimSpace(a.GivenName), FamilyName: strings.TrimSpace(a.FamilyName),
			Username: username, Role: app.RoleAdmin, PasswordHash: auth.HashPassword(a.Password, s.argon), At: now},
		Audit: app.AuditEvent{At: now, ActorID: username, Action: "clinic.setup", RecordType: "clinic",
			Detail: "clinic set up with its first administrator"},
	}
	if phone != "" {
		r.Settings[app.SettingClinicPhone] = phone
	}
	var err error
	if t.Enrolment != nil {
		step, err := auth.CheckTOTP(t.Enrolment.Secret, t.ConfirmCode, s.now(), 0)
		if err != nil {
			return app.Account{}, err
		}
		r.TOTPSecret, r.TOTPStep = s.keys.Seal([]byte(t.Enrolment.Secret)), step
	}
	// The clinic's signing key for case packets is made with the clinic,
	// so that every packet it ever writes is signed by the one key.
	if r.PacketKey, err = newPacketKey(s.keys); err != nil {
		return app.Account{}, err
	}
	for _, code := range t.BackupCodes {
		r.BackupHashes = append(r.BackupHashes, s.keys.BackupHash(code))
	}
	acct, err := s.store.SetUpClinic(ctx, r)
	switch {
	case errors.Is(err, app.ErrConflict):
		return app.Account{}, ErrSetUpAlready
	case errors.Is(err, app.ErrAlreadyExists):
		return app.Account{}, app.Invalid(app.FieldUsername, "%s is taken; choose another", username)
	}
	return acct, err
}

// Settings is the clinic's settings with their values (administrators).
func (d *Desk) Settings(ctx context.Context) ([]settings.Value, error) {
	if _, err := d.check(ctx, true); err != nil {
		return nil, err
	}
	return d.svc.settings.List(ctx)
}

// SetSetting changes a setting by the catalogue's rule (administrators),
// and audits it with the new value: settings hold no secret.
func (d *Desk) SetSetting(ctx context.Context, key, value string) error {
	if key == app.SettingKiosk {
		return d.setKiosk(ctx, value) // its own audit action (kiosk.go)
	}
	a, err := d.check(ctx, true)
	if err != nil {
		return err
	}
	if err := d.svc.settings.Set(ctx, key, value); err != nil {
		return err
	}
	e := d.event(a, "setting.set", "setting", key, strings.TrimSpace(value))
	return d.svc.store.Audit(ctx, &e)
}
