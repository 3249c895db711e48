package data

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"casedesk/app"
)

// A store's id is made once, by whichever of several seats asks first, and
// every seat gets that one; asking without making it writes nothing.
func TestStoreIDIsMadeOnce(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	s.db.Exec(`DELETE FROM settings WHERE key = ?`, storeIDSetting)
	if _, err := s.KeptStoreID(ctx); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("before it is made: %v", err)
	}
	if _, err := s.KeptStoreID(ctx); !errors.Is(err, app.ErrNotFound) {
		t.Fatal("asking made it")
	}
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			id, err := s.StoreID(ctx)
			if err != nil {
				t.Error(err)
			}
			ids[i] = id
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id == "" || id != ids[0] {
			t.Fatalf("ids: %q", ids)
		}
	}
	if kept, err := s.KeptStoreID(ctx); err != nil || kept != ids[0] {
		t.Errorf("kept %q, %v", kept, err)
	}
	if err := s.SetSetting(ctx, keyCheckSetting, "x"); err == nil {
		t.Error("the key check was set as a setting")
	}
	// Nor is the store's id: seats find their key by it.
	if err := s.SetSetting(ctx, storeIDSetting, "another"); err == nil {
		t.Error("the store's id was set as a setting")
	}
	if kept, err := s.KeptStoreID(ctx); err != nil || kept != ids[0] {
		t.Errorf("after a try to set it: %q, %v", kept, err)
	}
	check, err := s.KeyCheck(ctx)
	if err != nil || check == "" || check == "x" {
		t.Errorf("the key check: %q %v", check, err)
	}
}

// A store id of another form than CaseDesk makes (a database's settings
// row anyone with the role's password can write) is refused where it is
// read: seats name their key file after it.
func TestStoreIDOfAnotherFormIsRefused(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, err := s.StoreID(ctx)
	if err != nil || !storeIDForm.MatchString(id) {
		t.Fatalf("a new store's id %q: %v", id, err)
	}
	for _, bad := range []string{"x/../casedesk", "../../etc/x", "", strings.ToUpper(id), id + "\n", "a\\..\\b"} {
		if _, err := s.db.Exec(`UPDATE settings SET value = ? WHERE key = ?`, bad, storeIDSetting); err != nil {
			t.Fatal(err)
		}
		if got, err := s.StoreID(ctx); !errors.Is(err, app.ErrStoreDamaged) || got != "" {
			t.Errorf("StoreID with %q kept: %q, %v", bad, got, err)
		}
		if got, err := s.KeptStoreID(ctx); !errors.Is(err, app.ErrStoreDamaged) || got != "" {
			t.Errorf("KeptStoreID with %q kept: %q, %v", bad, got, err)
		}
	}
}

// The store's own settings are set by none of the setting writes; how the
// last backup went is, by the backup service.
func TestOwnSettingsAreNotSettings(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, k := range []string{storeIDSetting, keyCheckSetting, checkedAtSetting, app.InternalSettingPrefix + "packet.signing_key", app.InternalSettingPrefix + "anything"} {
		if err := s.SetSetting(ctx, k, "planted"); !errors.Is(err, app.ErrConflict) {
			t.Errorf("SetSetting(%s): %v", k, err)
		}
		if err := s.SetSettingAudited(ctx, k, "planted", app.AuditEvent{Action: "settings.changed"}); !errors.Is(err, app.ErrConflict) {
			t.Errorf("SetSettingAudited(%s): %v", k, err)
		}
		if v, _ := s.Setting(ctx, k); v == "planted" {
			t.Errorf("%s was set", k)
		}
	}
	if n, _ := s.CountAudit(ctx, "settings.changed"); n != 0 {
		t.Errorf("%d audit rows for refused settings", n)
	}
	for _, k := range []string{app.SettingBackupLast, app.SettingBackupFailed} {
		if err := s.SetSetting(ctx, k, "2026-01-02T03:04:05Z"); err != nil {
			t.Errorf("the backup service's %s: %v", k, err)
		}
	}
}
