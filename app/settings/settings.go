// Package settings is the catalogue of what a clinic may set: each key, what
// it does, and the rule a value must meet. The window and the command line
// read and change settings through it, so both apply one rule.
package settings

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/app/i18n"
)

// Store is where settings are kept; the case store implements it.
type Store interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Setting is one setting a clinic may change.
type Setting struct {
	Key   string
	About string // what it does, and its range and default
	check func(string) error
}

// Check reports whether v is a value the setting accepts, saying what to
// type when it is not.
func (s Setting) Check(v string) error {
	if err := s.check(strings.TrimSpace(v)); err != nil {
		return &app.InputError{Code: app.FieldValue, Field: s.Key, Msg: err.Error() + "; " + i18n.T("it is %s", s.About)}
	}
	return nil
}

// MaxIdleMinutes is the longest an applicant may be idle before being signed out.
const MaxIdleMinutes = 60

// Catalogue is every setting a clinic may change, in the order they are shown.
var Catalogue = []Setting{
	{app.SettingClinicName, "the clinic's name, on letterheads and in the window", nonEmpty},
	{app.SettingClinicAddress, `the clinic's address on letterheads; separate lines with \n`, nonEmpty},
	{app.SettingClinicPhone, "the clinic's phone number, on letterheads and the Account Access Notice", phone},
	{auth.SettingCodeExpiryDays, fmt.Sprintf("how many days a new access code works (1 to %d; 30 when unset)", auth.MaxCodeExpiryDays),
		intBetween(1, auth.MaxCodeExpiryDays)},
	{auth.SettingTimeZone, "the clinic's time zone, like America/Chicago: the day an access code is issued and its last day are the clinic's days (the computer's zone when unset)",
		func(v string) error {
			if _, err := auth.LoadZone(v); err != nil {
				var in *app.InputError
				if errors.As(err, &in) {
					return errors.New(in.Msg)
				}
				return err
			}
			return nil
		}},
	{app.SettingSessionIdleMinutes, fmt.Sprintf("minutes of no activity before an applicant is signed out (1 to %d; 15 when unset, 2 for a shared computer)", MaxIdleMinutes),
		intBetween(1, MaxIdleMinutes)},
	{app.SettingBackupFolder, "the folder where CaseDesk keeps a sealed backup of each day (the last 14 days and 8 weeks); a folder that exists, on a USB drive or another disk if you can (a CaseDesk Backups folder beside the store when unset)",
		backup.CheckFolder},
	{app.SettingKiosk, "on for the clinic's shared computer in the waiting room: full screen, only the access code and sign-in on the welcome screen, a short idle limit, nothing left behind after a visit; off for a staff desk or a household (off when unset)",
		onOff},
	{app.SettingClinicLanguage, "the language the kiosk returns to after each visit: en, es or another language CaseDesk has a translation for (en when unset)",
		languageTag},
}

// Lookup finds the setting named key in the catalogue.
func Lookup(key string) (Setting, bool) {
	for _, s := range Catalogue {
		if s.Key == key {
			return s, true
		}
	}
	return Setting{}, false
}

func phone(v string) error {
	if _, err := app.ParsePhone(v); err != nil {
		var in *app.InputError
		if errors.As(err, &in) {
			return errors.New(in.Msg)
		}
		return err
	}
	return nil
}

func nonEmpty(v string) error {
	if v == "" {
		return errors.New(i18n.T("the value is empty"))
	}
	return nil
}

func intBetween(lo, hi int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return errors.New(i18n.T("%q is not a whole number from %d to %d", v, lo, hi))
		}
		return nil
	}
}

// Service reads and changes settings by the catalogue's rules.
type Service struct{ store Store }

// New returns the settings service over store.
func New(store Store) *Service { return &Service{store: store} }

// Value is a setting with its stored value.
type Value struct {
	Setting
	Value string
	Set   bool // false: not set, so the default applies
}

// List returns every setting of the catalogue with its value.
func (s *Service) List(ctx context.Context) ([]Value, error) {
	out := make([]Value, 0, len(Catalogue))
	for _, c := range Catalogue {
		v, err := s.store.Setting(ctx, c.Key)
		switch {
		case errors.Is(err, app.ErrNotFound):
			out = append(out, Value{Setting: c})
		case err != nil:
			return nil, err
		default:
			out = append(out, Value{Setting: c, Value: v, Set: true})
		}
	}
	return out, nil
}

// Set checks value against the setting's rule and stores it, trimmed. An
// unknown key or a value the rule refuses is an *app.InputError that says
// what to type; nothing is stored then.
func (s *Service) Set(ctx context.Context, key, value string) error {
	c, ok := Lookup(key)
	if !ok {
		names := make([]string, len(Catalogue))
		for i, c := range Catalogue {
			names[i] = c.Key
		}
		return app.Invalid(app.FieldSetting, "%q does not exist; the settings are %s", key, strings.Join(names, ", "))
	}
	if err := c.Check(value); err != nil {
		return err
	}
	return s.store.SetSetting(ctx, key, strings.TrimSpace(value))
}

// SessionIdle is how long a signed-in applicant may be idle: the
// session.idle_minutes setting, or zero (the default) when it is unset or
// breaks the rule.
func (s *Service) SessionIdle(ctx context.Context) time.Duration {
	v, err := s.store.Setting(ctx, app.SettingSessionIdleMinutes)
	if err != nil {
		return 0
	}
	c, _ := Lookup(app.SettingSessionIdleMinutes)
	if c.Check(v) != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(v))
	return time.Duration(n) * time.Minute
}
