package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/data/pgtest"
	"casedesk/ui"
)

// configIn points the user's configuration folder at a new temporary one.
func configIn(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	return filepath.Join(dir, "CaseDesk")
}

// The window's choice of server is kept private, without a password, and
// opened with no --db; --db still wins.
func TestServerChoiceIsKeptPrivateWithoutPassword(t *testing.T) {
	dir := configIn(t)
	const addr = "postgres://casedesk@db.clinic.example:5432/casedesk?sslmode=verify-full"
	if got := windowStore(false, defaultStore()); got != defaultStore() {
		t.Fatalf("with no choice made the window opens %s", got)
	}
	if err := saveServerChoice(addr); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "server.json"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("server.json: %v, %v", fi, err)
	}
	if got := windowStore(false, defaultStore()); got != addr {
		t.Fatalf("with no --db the window opens %s", got)
	}
	if got := windowStore(true, "/srv/clinic.db"); got != "/srv/clinic.db" {
		t.Fatalf("--db lost to the choice: %s", got)
	}
	for _, bad := range []string{"postgres://casedesk:s3cret@db/casedesk", "postgres://casedesk@db/casedesk?password=s3cret"} {
		if err := saveServerChoice(bad); err == nil {
			t.Errorf("%s was kept", bad)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "server.json"))
	if strings.Contains(string(b), "s3cret") {
		t.Fatal("a password went into server.json")
	}
	// A file edited by hand to hold a password is not used.
	if err := os.WriteFile(filepath.Join(dir, "server.json"), []byte(`{"address":"postgres://casedesk:s3cret@db/casedesk"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := windowStore(false, defaultStore()); got != defaultStore() {
		t.Fatalf("a choice with a password was used: %s", got)
	}
}

// The password lives in the keyring under the address, and only there.
func TestServerPasswordIsInTheKeyringOnly(t *testing.T) {
	configIn(t)
	kr := newMemKeyring()
	old := systemKeyring
	systemKeyring = kr
	t.Cleanup(func() { systemKeyring = old })
	ctx := context.Background()
	const addr = "postgres://casedesk@db.clinic.example/casedesk?sslmode=verify-full"
	if got := serverPassword(ctx, addr); got != "" {
		t.Fatalf("a password from an empty keyring: %q", got)
	}
	if err := saveServerPassword(ctx, addr, "s3cret"); err != nil {
		t.Fatal(err)
	}
	if got := serverPassword(ctx, addr); got != "s3cret" {
		t.Fatalf("the keyring gave %q", got)
	}
	if got := serverPassword(ctx, "/srv/clinic.db"); got != "" {
		t.Fatal("a store file asked the keyring for a server's password")
	}
	if _, _, _, err := useServer(ctx, "postgres://casedesk:s3cret@db/casedesk", ""); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("an address with its password was used, or the error shows it: %v", err)
	}
}

// "Use this server" on a real server: the store opens, the choice is kept
// without the password, and the keyring holds the password.
func TestUseServerKeepsTheChoice(t *testing.T) {
	if os.Getenv("CASEDESK_TEST_SERVER") == "" {
		t.Skip("needs a test cluster: CASEDESK_TEST_SERVER=1")
	}
	dir := configIn(t)
	kr := newMemKeyring()
	old := systemKeyring
	systemKeyring = kr
	t.Cleanup(func() { systemKeyring = old })
	srv, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	name, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	addr := srv.TLSURL(name)
	if _, _, _, err := useServer(ctx, addr, "wrong password"); err == nil {
		t.Fatal("a wrong password opened the server")
	}
	if _, err := os.Stat(filepath.Join(dir, "server.json")); err == nil || serverPassword(ctx, addr) != "" {
		t.Fatal("a failed try kept the choice or the password")
	}
	svc, closer, unkept, err := useServer(ctx, addr, pgtest.AppPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer closer()
	if svc.Household != nil || svc.Packets != nil || svc.OpenDemo != nil || svc.RestoreBackup != nil || svc.Desk == nil {
		t.Fatal("a clinic's server offers a household, packets, the demo or a restore, or no desk")
	}
	if unkept || svc.Server != nil || !strings.HasPrefix(svc.StorePath, "postgres://") {
		t.Fatalf("unkept %v, server offered %v, store %s", unkept, svc.Server != nil, svc.StorePath)
	}
	if got, ok := chosenServer(); !ok || got != addr {
		t.Fatalf("the choice kept is %q", got)
	}
	if serverPassword(ctx, addr) != pgtest.AppPassword {
		t.Fatal("the keyring does not hold the password")
	}
	b, _ := os.ReadFile(filepath.Join(dir, "server.json"))
	if strings.Contains(string(b), pgtest.AppPassword) {
		t.Fatal("the password went into server.json")
	}
}

// A store set up for a clinic never moves to a server, whatever asks:
// Use refuses before dialling anything, and nothing is kept.
func TestServerUseRefusesAStoreSetUp(t *testing.T) {
	dir := configIn(t)
	kr := newMemKeyring()
	old := systemKeyring
	systemKeyring = kr
	t.Cleanup(func() { systemKeyring = old })
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "clinic.db")
	clinicStore(t, db)
	c, err := openClinic(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	svc := c.services()
	if svc.Server == nil {
		t.Fatal("a store file has no server set-up to refuse with")
	}
	_, _, _, err = svc.Server.Use(ctx, "postgres://casedesk@127.0.0.1:1/casedesk?sslmode=disable", "s3cret")
	if !errors.Is(err, ui.ErrSetUpAlready) {
		t.Fatalf("Use on a clinic's store: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "server.json")); err == nil || kr.len() > 1 {
		t.Fatalf("a refused move kept the choice or the password (keyring holds %d)", kr.len())
	}
}
