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
