package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/ui"
)

// The window's restore onto a new computer: it asks for the recovery key,
// refuses another clinic's, leaves the store behind the window open and
// as it was until the key fits, then restores, makes the key this
// computer's and hands back the restored store. Over a store in use it
// refuses and closes nothing.
func TestRestoreInTheWindow(t *testing.T) {
	ctx := context.Background()
	// Computer A's key is set, not made: a key made in this process would
	// be offered again to computer B's keyring (see auth's offeredKey).
	krA := newMemKeyring()
	krA.Set("casedesk", "data-key", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x3c}, 32)))
	useConfigDir(t, krA)
	dbA := filepath.Join(t.TempDir(), "casedesk.db")
	keysA := clinicStore(t, dbA)
	bak := filepath.Join(t.TempDir(), "usb", "casedesk-2026-11-27.cdbackup")
	os.MkdirAll(filepath.Dir(bak), 0o700)
	if code, out, errOut := runCLI(t, "backup", "--db", dbA, bak); code != 0 {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}

	// Computer B: CaseDesk's first start made an empty store and a key of its own.
	krB := newMemKeyring()
	useConfigDir(t, krB)
	dbB := filepath.Join(t.TempDir(), "casedesk.db")
	c, err := openClinic(ctx, dbB)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	svc := c.services()
	if svc.RestoreBackup == nil {
		t.Fatal("the window offers no restore on a new computer")
	}
	ownKey, _ := krB.Get("casedesk", "data-key")

	for _, key := range [][]byte{nil, bytes.Repeat([]byte{9}, 32)} {
		_, closer, _, err := svc.RestoreBackup(ctx, bak, key)
		want := backup.ErrNeedRecoveryKey
		if key != nil {
			want = backup.ErrRecoveryOtherClinic
		}
		if !errors.Is(err, want) || closer != nil {
			t.Fatalf("key %v: %v (closer %v)", key != nil, err, closer != nil)
		}
		if need, err := svc.NeedsSetUp(ctx); err != nil || !need {
			t.Fatalf("the store behind the window was closed or changed: %v %v", need, err)
		}
	}
	if v, _ := krB.Get("casedesk", "data-key"); v != ownKey || krB.len() != 1 {
		t.Fatal("a refused restore touched the keyring")
	}

	key, err := auth.ParseRecoveryKey(strings.Join(keysA.RecoveryGroups(), " "))
	if err != nil {
		t.Fatal(err)
	}
	restored, closer, msg, err := svc.RestoreBackup(ctx, bak, key)
	if err != nil || closer == nil {
		t.Fatalf("restore with the key: %v", err)
	}
	defer closer()
	if !strings.Contains(msg, "restored") || !strings.Contains(msg, "recovery key is now this computer's data key") {
		t.Errorf("message: %q", msg)
	}
	people, err := restored.Desk.CommandLine("test").Search(ctx, "Petrova", false)
	if err != nil || len(people) != 1 {
		t.Fatalf("restored client: %+v %v", people, err)
	}
	if krB.len() != 2 {
		t.Errorf("the computer's own key was not kept aside: %d entries", krB.len())
	}
	// The restored store is in use: the window restores over it no more.
	if _, closer, _, err := restored.RestoreBackup(ctx, bak, key); !errors.Is(err, ui.ErrStoreInUse) || closer != nil {
		t.Errorf("over a store in use: %v", err)
	}
}
