package settings

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"casedesk/app"
	"casedesk/app/i18n"
)

// onOff accepts "on" and "off": a kiosk is one or the other, and a typo
// must not leave a clinic guessing which.
func onOff(v string) error {
	if v != "on" && v != "off" {
		return errors.New(i18n.T("%q is neither on nor off", v))
	}
	return nil
}

// tagPattern is a language tag as the translation files are named: two or
// three lowercase letters, and maybe a region ("pt-br").
var tagPattern = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})?$`)

func languageTag(v string) error {
	if !tagPattern.MatchString(v) {
		return errors.New(i18n.T("%q is not a language tag like en or es", v))
	}
	return nil
}

// Kiosk says whether this computer is the clinic's kiosk: the kiosk
// setting is "on". Unset, unreadable or anything else is off, as a store
// is on a staff desk.
func (s *Service) Kiosk(ctx context.Context) bool {
	v, err := s.store.Setting(ctx, app.SettingKiosk)
	return err == nil && strings.TrimSpace(v) == "on"
}

// ClinicLanguage is the language a kiosk returns to after each visit: the
// clinic.language setting, or "en" when it is unset or not a tag.
func (s *Service) ClinicLanguage(ctx context.Context) string {
	v, err := s.store.Setting(ctx, app.SettingClinicLanguage)
	if v = strings.TrimSpace(v); err != nil || languageTag(v) != nil {
		return "en"
	}
	return v
}
