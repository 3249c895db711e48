package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// "backup FILE --force" replaces another backup, and nothing else: not a
// document, not the store.
func TestBackupForceReplacesOnlyABackup(t *testing.T) {
	useConfigDir(t, fixedKeyring(0x21))
	db := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, db)
	dir := t.TempDir()
	bak := filepath.Join(dir, "friday.cdbackup")
	if code, out, errOut := runCLI(t, "backup", "--db", db, bak); code != 0 {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "backup", "--db", db, bak); code != 1 || !strings.Contains(errOut, "--force") {
		t.Fatalf("again without --force: %d %q", code, errOut)
	}
	if code, out, errOut := runCLI(t, "backup", "--db", db, bak, "--force"); code != 0 {
		t.Fatalf("again with --force: %d %q %q", code, out, errOut)
	}
	doc := filepath.Join(dir, "minutes.txt")
	os.WriteFile(doc, []byte("the board's minutes"), 0o600)
	for _, target := range []string{doc, db} {
		before, _ := os.ReadFile(target)
		code, _, errOut := runCLI(t, "backup", "--db", db, target, "--force")
		if code != 1 || errOut == "" {
			t.Errorf("%s with --force: %d %q", filepath.Base(target), code, errOut)
		}
		if after, _ := os.ReadFile(target); string(after) != string(before) {
			t.Errorf("%s was replaced", filepath.Base(target))
		}
	}
}

// A recovered key takes the place of the computer's own only for its
// default store, or when --replace-key says no other store uses it; the
// key replaced is kept aside.
func TestRestoreReplacesTheComputersKeyOnlyWhenTold(t *testing.T) {
	useConfigDir(t, fixedKeyring(0x31))
	dbA := filepath.Join(t.TempDir(), "casedesk.db")
	keysA := clinicStore(t, dbA)
	bak := filepath.Join(t.TempDir(), "a.cdbackup")
	if code, out, errOut := runCLI(t, "backup", "--db", dbA, bak); code != 0 {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	kr := fixedKeyring(0x32) // a computer with a key of its own
	useConfigDir(t, kr)
	keyFile := filepath.Join(t.TempDir(), "key.txt")
	os.WriteFile(keyFile, []byte(strings.Join(keysA.RecoveryGroups(), " ")), 0o600)
	second := filepath.Join(t.TempDir(), "second.db")
	code, _, errOut := runCLI(t, "restore", "--db", second, bak, "--recovery-key-file", keyFile)
	if code != 1 || !strings.Contains(errOut, "--replace-key") {
		t.Fatalf("without --replace-key: %d %q", code, errOut)
	}
	if _, err := os.Stat(second); err == nil || kr.len() != 1 {
		t.Fatal("a refused restore changed something")
	}
	code, out, errOut := runCLI(t, "restore", "--db", second, bak, "--recovery-key-file", keyFile, "--replace-key")
	if code != 0 || !strings.Contains(out, "now this computer's data key") {
		t.Fatalf("with --replace-key: %d %q %q", code, out, errOut)
	}
	if kr.len() != 2 {
		t.Errorf("the computer's own key was not kept aside: %d keyring entries", kr.len())
	}
}
