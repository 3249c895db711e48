package settings

import (
	"context"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
)

type mapStore map[string]string

func (m mapStore) Setting(_ context.Context, key string) (string, error) {
	v, ok := m[key]
	if !ok {
		return "", app.ErrNotFound
	}
	return v, nil
}

func (m mapStore) SetSetting(_ context.Context, key, value string) error { m[key] = value; return nil }

func TestSetKeepsOnlyWhatTheRuleAllows(t *testing.T) {
	ctx := context.Background()
	m := mapStore{}
	s := New(m)
	refused := []struct{ key, value string }{
		{app.SettingSessionIdleMinutes, "0"},
		{app.SettingSessionIdleMinutes, "61"},
		{app.SettingSessionIdleMinutes, "ten"},
		{auth.SettingCodeExpiryDays, "91"},
		{auth.SettingTimeZone, "Mars/Olympus"},
		{app.SettingClinicName, "   "},
	}
	for _, r := range refused {
		err := s.Set(ctx, r.key, r.value)
		if !app.IsInput(err, app.FieldValue) || !strings.Contains(err.Error(), "it is ") {
			t.Errorf("%s=%q: %v", r.key, r.value, err)
		}
	}
	if err := s.Set(ctx, "clinic.colour", "blue"); !app.IsInput(err, app.FieldSetting) || !strings.Contains(err.Error(), app.SettingClinicName) {
		t.Errorf("unknown setting: %v", err)
	}
	if len(m) != 0 {
		t.Fatalf("refused values were stored: %v", m)
	}
	if err := s.Set(ctx, app.SettingSessionIdleMinutes, " 2 "); err != nil || m[app.SettingSessionIdleMinutes] != "2" {
		t.Fatalf("2 minutes: %v %v", err, m)
	}
	if err := s.Set(ctx, auth.SettingTimeZone, "America/Chicago"); err != nil {
		t.Fatal(err)
	}
	vs, err := s.List(ctx)
	if err != nil || len(vs) != len(Catalogue) {
		t.Fatalf("list: %v %v", vs, err)
	}
	for _, v := range vs {
		want := v.Key == app.SettingSessionIdleMinutes || v.Key == auth.SettingTimeZone
		if v.Set != want {
			t.Errorf("%s set=%v", v.Key, v.Set)
		}
	}
}

// The window reads the idle limit by the same rule that settings set checks.
func TestSessionIdleFollowsTheRule(t *testing.T) {
	ctx := context.Background()
	for v, want := range map[string]time.Duration{"": 0, "2": 2 * time.Minute, " 60 ": time.Hour, "61": 0, "0": 0, "x": 0} {
		m := mapStore{}
		if v != "" {
			m[app.SettingSessionIdleMinutes] = v
		}
		if got := New(m).SessionIdle(ctx); got != want {
			t.Errorf("%q: %v, want %v", v, got, want)
		}
	}
}
