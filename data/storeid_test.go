package data

import (
	"context"
	"errors"
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
