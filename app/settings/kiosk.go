package settings

import (
	"context"
	"errors"
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

// languageTag accepts the tag of a language CaseDesk has a translation
// for: a kiosk could not return to any other.
func languageTag(v string) error {
	if !i18n.Has(v) || strings.TrimSpace(v) == "" {
		tags := make([]string, 0, 2)
		for _, l := range i18n.Languages() {
			tags = append(tags, l.Tag)
		}
		return errors.New(i18n.T("CaseDesk has no translation for %q; it has %s", v, strings.Join(tags, ", ")))
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
