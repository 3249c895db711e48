package settings

import (
	"context"
	"strings"
	"testing"

	"casedesk/app"
)

// The kiosk setting takes on or off and nothing else; a kiosk is on only
// when the store says "on".
func TestKioskSettingIsOnOrOff(t *testing.T) {
	ctx := context.Background()
	m := mapStore{}
	s := New(m)
	if s.Kiosk(ctx) {
		t.Fatal("an unset kiosk setting is on")
	}
	for _, bad := range []string{"yes", "ON", "1", ""} {
		if err := s.Set(ctx, app.SettingKiosk, bad); !app.IsInput(err, app.FieldValue) {
			t.Errorf("kiosk=%q: %v", bad, err)
		}
	}
	if err := s.Set(ctx, app.SettingKiosk, " on "); err != nil || !s.Kiosk(ctx) {
		t.Fatalf("kiosk on: %v %v", err, m)
	}
	if err := s.Set(ctx, app.SettingKiosk, "off"); err != nil || s.Kiosk(ctx) {
		t.Fatalf("kiosk off: %v %v", err, m)
	}
}

// The clinic's language is a tag; anything else falls back to English.
func TestClinicLanguage(t *testing.T) {
	ctx := context.Background()
	m := mapStore{}
	s := New(m)
	if got := s.ClinicLanguage(ctx); got != "en" {
		t.Fatalf("unset: %q", got)
	}
	if err := s.Set(ctx, app.SettingClinicLanguage, "Spanish"); !app.IsInput(err, app.FieldValue) {
		t.Fatalf("Spanish: %v", err)
	}
	if err := s.Set(ctx, app.SettingClinicLanguage, "es"); err != nil || s.ClinicLanguage(ctx) != "es" {
		t.Fatalf("es: %v %q", err, s.ClinicLanguage(ctx))
	}
	if err := s.Set(ctx, app.SettingClinicLanguage, "xx"); !app.IsInput(err, app.FieldValue) || !strings.Contains(err.Error(), "en, es") {
		t.Fatalf("a language with no translation: %v", err)
	}
	m[app.SettingClinicLanguage] = "../etc"
	if got := s.ClinicLanguage(ctx); got != "en" {
		t.Fatalf("a stored value that is no tag: %q", got)
	}
}
