package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Attacks on the window's choice of a database server (server.json): each
// test fails when the attack works.

func secConfigHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	return filepath.Dir(serverChoiceFile())
}

// A symbolic link planted at server.json is replaced, never followed: the
// file it points to is left as it was, and server.json is private.
func TestSecServerChoiceDoesNotFollowALink(t *testing.T) {
	dir := secConfigHome(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(t.TempDir(), "victim.txt")
	if err := os.WriteFile(victim, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, serverChoiceFile()); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := saveServerChoice("postgres://casedesk@db.clinic.lan/casedesk?sslmode=verify-full"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me\n" {
		t.Errorf("the file the link pointed to was written: %q", b)
	}
	fi, err := os.Lstat(serverChoiceFile())
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Errorf("server.json: %v %v", fi.Mode(), err)
	}
	if got, ok := chosenServer(); !ok || !strings.HasPrefix(got, "postgres://casedesk@db.clinic.lan") {
		t.Errorf("the choice read back: %q %v", got, ok)
	}
}

// An address with the password in it is never kept in server.json, and
// one planted there is not used.
func TestSecServerChoiceNeverKeepsAPassword(t *testing.T) {
	secConfigHome(t)
	const pw = "S3cr3tPw"
	for _, a := range []string{
		"postgres://casedesk:" + pw + "@db.clinic.lan/casedesk",
		"postgresql://casedesk@db.clinic.lan/casedesk?password=" + pw,
		"postgres://casedesk@db.clinic.lan/casedesk?pass%77ord=" + pw,
	} {
		os.Remove(serverChoiceFile())
		if err := saveServerChoice(a); err == nil {
			t.Errorf("kept %s", a)
		}
		if b, _ := os.ReadFile(serverChoiceFile()); strings.Contains(string(b), pw) {
			t.Fatalf("server.json holds the password: %s", b)
		}
		if err := writePrivate(serverChoiceFile(), []byte(`{"address": "`+a+`"}`)); err != nil {
			t.Fatal(err)
		}
		if got, ok := chosenServer(); ok {
			t.Errorf("a planted address with a password was used: %s", got)
		}
		if serverPassword(t.Context(), a) != "" {
			t.Errorf("the keyring was asked for an address with a password")
		}
	}
}

// The address forms that the store's Redact and CheckStoreAddress miss
// (a query key spelled Password, a ; before password) are not kept either.
func TestSecServerChoiceRefusesOddPasswordForms(t *testing.T) {
	secConfigHome(t)
	const pw = "S3cr3tPw"
	for _, a := range []string{
		"postgres://casedesk@db.clinic.lan/casedesk?Password=" + pw,
		"postgres://casedesk@db.clinic.lan/casedesk?sslmode=require;password=" + pw,
	} {
		if err := saveServerChoice(a); err == nil {
			t.Errorf("kept %s", a)
		}
	}
}
