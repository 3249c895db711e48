package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"casedesk/app"
	"casedesk/app/auth"
)

// stubKeyring answers every call with err, after delay.
type stubKeyring struct {
	err   error
	delay time.Duration
}

func (s stubKeyring) Get(string, string) (string, error) { time.Sleep(s.delay); return "", s.err }
func (s stubKeyring) Set(string, string, string) error   { time.Sleep(s.delay); return s.err }

// useConfigDir points the configuration folder at a temporary one, takes
// CASEDESK_KEY_FILE away and puts kr in the keyring's place.
func useConfigDir(t *testing.T, kr auth.Keyring) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("AppData", filepath.Join(home, "AppData"))
	t.Setenv("CASEDESK_KEY_FILE", "")
	old := systemKeyring
	systemKeyring = kr
	t.Cleanup(func() { systemKeyring = old })
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "CaseDesk")
}

// Without a keyring service the key goes in the configuration folder,
// whatever --db says, and the window says so once.
func TestKeyFileInTheConfigFolderSaidOnce(t *testing.T) {
	config := useConfigDir(t, stubKeyring{err: auth.ErrNoKeyring})
	db := filepath.Join(t.TempDir(), "clinic.db")
	ctx := context.Background()
	k, note, err := auth.InstallKeys(ctx, systemKeyring, db)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(config, "casedesk.key")
	if k.File != file || !strings.Contains(note, file) || !strings.Contains(note, "no keyring") {
		t.Errorf("file %s, note %q", k.File, note)
	}
	if fi, err := os.Stat(file); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Errorf("key file: %v %v", fi, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 0 {
		t.Errorf("something was put beside the store: %v", entries)
	}
	if _, note, err := auth.InstallKeys(ctx, systemKeyring, db); err != nil || note != "" {
		t.Errorf("second start: %q %v", note, err)
	}
}

// A keyring that does not answer stops the start with a sentence to act on,
// and no key is made.
func TestKeyringThatDoesNotAnswerStopsTheStart(t *testing.T) {
	config := useConfigDir(t, stubKeyring{err: errors.New("org.freedesktop.DBus.Error.NoReply")})
	db := filepath.Join(t.TempDir(), "casedesk.db")
	_, _, err := auth.InstallKeys(context.Background(), systemKeyring, db)
	if !errors.Is(err, app.ErrKeyring) {
		t.Fatalf("%v", err)
	}
	if msg := app.StoreMessage(db, err); msg != "The keyring did not answer; unlock it or try again. CaseDesk did not make a new key, so nothing is lost." {
		t.Errorf("message: %q", msg)
	}
	if _, err := os.Stat(filepath.Join(config, "casedesk.key")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key file was made: %v", err)
	}
	code, _, errOut := runCLI(t, "demo", "--people", "3", "--db", db)
	if code != 1 || !strings.Contains(errOut, "The keyring did not answer") {
		t.Errorf("demo: %d %q", code, errOut)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a store was made without a key: %v", err)
	}
}

// The key file never lands beside the store: not through CASEDESK_KEY_FILE,
// nor when there is no configuration folder.
func TestKeyFileNeverBesideTheStore(t *testing.T) {
	useConfigDir(t, stubKeyring{err: keyring.ErrNotFound})
	dir := t.TempDir()
	db := filepath.Join(dir, "casedesk.db")
	t.Setenv("CASEDESK_KEY_FILE", filepath.Join(dir, "casedesk.key"))
	if _, _, err := auth.InstallKeys(context.Background(), systemKeyring, db); !errors.Is(err, app.ErrKeyFile) || !strings.Contains(err.Error(), "beside the store") {
		t.Errorf("beside the store: %v", err)
	}
	t.Setenv("CASEDESK_KEY_FILE", "")
	t.Setenv("HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("AppData", "")
	t.Chdir(dir)
	if _, _, err := auth.InstallKeys(context.Background(), systemKeyring, "casedesk.db"); !errors.Is(err, app.ErrKeyFile) {
		t.Errorf("without a configuration folder: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("made beside the store: %v", entries)
	}
}

// The store's key check is no setting anyone lists or sets.
func TestKeyCheckIsNoSetting(t *testing.T) {
	db := filepath.Join(t.TempDir(), "casedesk.db")
	if code, _, errOut := runCLI(t, "demo", "--people", "3", "--db", db); code != 0 {
		t.Fatalf("demo: %q", errOut)
	}
	if code, out, _ := runCLI(t, "settings", "list", "--db", db); code != 0 || strings.Contains(out, "key_check") {
		t.Errorf("settings list: %d %q", code, out)
	}
	if code, _, errOut := runCLI(t, "settings", "set", "--db", db, "store.key_check", "0"); code != 1 || !strings.Contains(errOut, "does not exist") {
		t.Errorf("settings set: %d %q", code, errOut)
	}
}
