package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelpListsCommands(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}} {
		code, out, errOut := runCLI(t, args...)
		text := out + errOut
		if code != 0 || !strings.Contains(text, "demo") || !strings.Contains(text, "backup") || !strings.Contains(text, "restore") || !strings.Contains(text, "--db") {
			t.Errorf("%v: code %d, %q", args, code, text)
		}
	}
	if code, _, errOut := runCLI(t, "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
}

func TestDemoBackupRestoreVerbs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "casedesk.db")
	code, out, errOut := runCLI(t, "demo", "--people", "30", "--db", db)
	if code != 0 || !strings.Contains(out, "30 people") || !strings.Contains(errOut, "30 of 30 people (100%)") {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
	// A store that is not empty is refused without --force, and left alone.
	before, _ := os.ReadFile(db)
	if code, _, errOut := runCLI(t, "demo", "--people", "5", "--db", db); code != 1 || !strings.Contains(errOut, "already holds 30 people") {
		t.Errorf("demo on a full store: %d %q", code, errOut)
	}
	if after, _ := os.ReadFile(db); string(before) != string(after) {
		t.Error("a refused demo changed the store")
	}
	if code, _, errOut := runCLI(t, "demo", "--people", "0", "--db", db); code != 2 || !strings.Contains(errOut, "between 1 and") {
		t.Errorf("--people 0: %d %q", code, errOut)
	}

	bak := filepath.Join(dir, "backup.db")
	if code, out, errOut := runCLI(t, "backup", "--db", db, bak); code != 0 || !strings.Contains(out, "checked") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "backup", "--db", db); code != 2 || !strings.Contains(errOut, "name the backup file") {
		t.Errorf("backup without a file: %d %q", code, errOut)
	}

	code, out, _ = runCLI(t, "demo", "--people", "5", "--force", "--db", db)
	if code != 0 || !strings.Contains(out, "backed up to") || !strings.Contains(out, "5 people") {
		t.Fatalf("demo --force: %d %q", code, out)
	}

	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("junk", 100)), 0o600)
	if code, _, errOut := runCLI(t, "restore", "--db", db, junk); code != 1 || !strings.Contains(errOut, "not a CaseDesk backup") || !strings.Contains(errOut, "Your store was not changed") {
		t.Errorf("restore from junk: %d %q", code, errOut)
	}
	code, out, errOut = runCLI(t, "restore", "--db", db, bak)
	if code != 0 || !strings.Contains(out, "Restored") || !strings.Contains(out, "kept at") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	// The restored store is the 30-person one again.
	if code, _, errOut := runCLI(t, "demo", "--people", "5", "--db", db); code != 1 || !strings.Contains(errOut, "already holds 30 people") {
		t.Errorf("after restore: %d %q", code, errOut)
	}
}

func TestVerbsExplainABadStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(db, []byte(strings.Repeat("these are my notes ", 20)), 0o600)
	code, _, errOut := runCLI(t, "demo", "--db", db)
	if code != 1 || !strings.Contains(errOut, "is not a CaseDesk store") {
		t.Errorf("demo on a text file: %d %q", code, errOut)
	}
}
