package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/printing"
	"casedesk/data/pgtest"
	"casedesk/ui/cli"
)

// testCluster starts a throwaway PostgreSQL cluster for the test.
func testCluster(t *testing.T) *pgtest.Server {
	t.Helper()
	srv, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		if strings.Contains(err.Error(), "initdb is missing") {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	return srv
}

// runCLIWith runs a command as main does, with stdin as its standard input.
func runCLIWith(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	env := cli.Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(stdin), DefaultStore: defaultStore(),
		Stores: stores{&errOut}, Demo: demoFiles{&errOut}, Printing: printing.New(), Actor: "tester"}
	err := cli.Run(context.Background(), env, args)
	if err != nil {
		errOut.WriteString(err.Error())
	}
	return cli.ExitCode(err), out.String(), errOut.String()
}

// serverState is every row of the database, table by table, as text: to
// tell that nothing was written.
func serverState(t *testing.T, srv *pgtest.Server, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.AdminURL(db))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, n := range names {
		var s string
		q := "SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM " + pgx.Identifier{n}.Sanitize() + " t"
		if err := c.QueryRow(ctx, q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		out[n] = s
	}
	return out
}

func sameState(t *testing.T, what string, before, after map[string]string, except ...string) {
	t.Helper()
	for n, v := range before {
		if after[n] != v && !contains(except, n) {
			t.Errorf("%s wrote to the table %s", what, n)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func countAudit(t *testing.T, url, action string) (int, string) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	var details string
	c.QueryRow(ctx, `SELECT count(*), coalesce(string_agg(detail, '|'), '') FROM audit_events WHERE action = $1`, action).Scan(&n, &details)
	return n, details
}

// The first seat of an empty database makes the clinic's key; a second
// computer is told it is a new seat, writing nothing, and is enrolled only
// with the right recovery key: a mistyped one is pointed out, a wrong one
// counted, audited without the key and refused, saving nothing; the right
// one is kept in its keyring and opens the store. Wrong keys are limited.
func TestSeatsShareTheClinicsKey(t *testing.T) {
	srv := testCluster(t)
	ctx := context.Background()
	name, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	url := srv.URL(name)

	// Seat A, the first: makes the key, kept under the store's id.
	krA := newMemKeyring()
	useConfigDir(t, krA)
	a, err := openClinic(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.OpenKeys(ctx); err != nil {
		t.Fatalf("the first seat: %v", err)
	}
	keysA := a.keys
	id, _ := a.StoreID(ctx)
	if got, err := krA.Get("casedesk", "data-key store "+id); err != nil || got == "" {
		t.Fatalf("the first seat's keyring: %v (%v)", krA.m, err)
	}
	if _, err := krA.Get("casedesk", "data-key"); err == nil {
		t.Error("the server's key went in the install's keyring entry")
	}
	a.Close()
	// Again: the same key, nothing made.
	if err := reopen(t, url); err != nil {
		t.Fatalf("the first seat again: %v", err)
	}

	// Seat B: no key for this store.
	krB := newMemKeyring()
	configB := useConfigDir(t, krB)
	before := serverState(t, srv, name)
	err = reopen(t, url)
	if !errors.Is(err, app.ErrNewSeat) {
		t.Fatalf("a new seat: %v, want ErrNewSeat", err)
	}
	if msg := app.StoreMessage(url, err); !strings.Contains(msg, "new seat") || !strings.Contains(msg, "casedesk seat enrol --db") {
		t.Errorf("the message: %q", msg)
	}
	sameState(t, "a new seat", before, serverState(t, srv, name))
	if krB.len() != 0 {
		t.Errorf("a new seat's keyring: %v", krB.m)
	}
	if entries, _ := os.ReadDir(configB); len(entries) != 0 {
		t.Errorf("a new seat made files: %v", entries)
	}

	// A group mistyped: pointed out, not counted.
	groups := keysA.RecoveryGroups()
	typo := append([]string{}, groups...)
	typo[2] = typo[2][:4] + string(otherChar(typo[2][4]))
	code, _, errOut := runCLIWith(t, strings.Join(typo, " "), "seat", "enrol", "--db", url)
	if code != 1 || !strings.Contains(errOut, "Group 3") {
		t.Errorf("a mistyped group: %d %q", code, errOut)
	}
	sameState(t, "a mistyped key", before, serverState(t, srv, name))

	// Another clinic's key: refused, counted and audited, nothing saved.
	other := auth.NewKeysForTest([]byte(strings.Repeat("o", 32))).RecoveryGroups()
	code, _, errOut = runCLIWith(t, strings.Join(other, "-")+"\n", "seat", "enrol", "--db", url)
	if code != 1 || !strings.Contains(errOut, "not the recovery key") {
		t.Errorf("a wrong key: %d %q", code, errOut)
	}
	sameState(t, "a wrong key", before, serverState(t, srv, name), "throttles", "audit_events", "settings")
	after := serverState(t, srv, name)
	if after["settings"] != before["settings"] {
		t.Error("a wrong key changed the settings")
	}
	if krB.len() != 0 {
		t.Errorf("a wrong key was kept: %v", krB.m)
	}
	n, details := countAudit(t, url, "seat.enrol_failed")
	if n != 1 || strings.Contains(details, other[0]) || strings.Contains(details, groups[0]) {
		t.Errorf("%d seat.enrol_failed rows: %q", n, details)
	}

	// The right key, as the sheet prints it.
	code, out, errOut := runCLIWith(t, strings.Join(groups, " ")+"\n", "seat", "enrol", "--db", url)
	if code != 0 || !strings.Contains(out, "now a seat") || !strings.Contains(out, "keyring") {
		t.Fatalf("the right key: %d %q %q", code, out, errOut)
	}
	if got, _ := krB.Get("casedesk", "data-key store "+id); got == "" {
		t.Fatalf("the enrolled seat's keyring: %v", krB.m)
	}
	if n, _ := countAudit(t, url, "seat.enrolled"); n != 1 {
		t.Errorf("%d seat.enrolled rows", n)
	}
	b, err := openClinic(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.OpenKeys(ctx); err != nil || b.keys.KeyCheck() != keysA.KeyCheck() {
		t.Fatalf("the enrolled seat opens with %v", err)
	}
	b.Close()

	// Seat C: 5 wrong keys in a day stop enrolment, the right key too.
	krC := newMemKeyring()
	useConfigDir(t, krC)
	for i := 2; i <= auth.MaxSeatEnrolFailures; i++ { // the first was B's
		code, _, errOut := runCLIWith(t, strings.Join(other, " "), "seat", "enrol", "--db", url)
		if code != 1 {
			t.Fatalf("wrong key %d: %d %q", i, code, errOut)
		}
		if i == auth.MaxSeatEnrolFailures && !strings.Contains(errOut, "Too many wrong recovery keys") {
			t.Errorf("the last wrong key: %q", errOut)
		}
	}
	code, _, errOut = runCLIWith(t, strings.Join(groups, " "), "seat", "enrol", "--db", url)
	if code != 1 || !strings.Contains(errOut, "Too many wrong recovery keys") || krC.len() != 0 {
		t.Errorf("the right key after the limit: %d %q %v", code, errOut, krC.m)
	}
	if n, _ := countAudit(t, url, "seat.enrol_refused"); n != 1 {
		t.Errorf("%d seat.enrol_refused rows", n)
	}

	// A seat whose key is not the clinic's is told to enrol again.
	krD := newMemKeyring()
	useConfigDir(t, krD)
	krD.Set("casedesk", "data-key store "+id, base64.StdEncoding.EncodeToString([]byte(strings.Repeat("o", 32))))
	err = reopen(t, url)
	if !errors.Is(err, app.ErrWrongKey) || !strings.Contains(app.StoreMessage(url, err), "seat enrol") {
		t.Errorf("a seat with another key: %v", err)
	}

	// seat enrol is for a server's database, and reads the key from stdin only.
	file := filepath.Join(t.TempDir(), "casedesk.db")
	if code, _, errOut := runCLIWith(t, strings.Join(groups, " "), "seat", "enrol", "--db", file); code != 1 || !strings.Contains(errOut, "store file") {
		t.Errorf("a store file: %d %q", code, errOut)
	}
	if code, _, _ := runCLIWith(t, "", "seat", "enrol", "--db", url, strings.Join(groups, "")); code != 2 {
		t.Errorf("the key on the command line: %d, want 2", code)
	}
}

func otherChar(c byte) byte {
	if c == 'A' {
		return 'B'
	}
	return 'A'
}

// reopen opens the store at url as the window does, loading its key.
func reopen(t *testing.T, url string) error {
	t.Helper()
	c, err := openClinic(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.OpenKeys(context.Background())
}

// migrate moves a store file to an empty database on the server, prints
// each table's rows and checksum, leaves the file as it was, and makes
// this computer the first seat, with the store's own key.
func TestCLIMigrate(t *testing.T) {
	srv := testCluster(t)
	ctx := context.Background()
	kr := newMemKeyring()
	useConfigDir(t, kr)
	dir := t.TempDir()
	file := filepath.Join(dir, "casedesk.db")
	if code, out, errOut := runCLI(t, "demo", "--people", "40", "--db", file); code != 0 {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
	fileKeys, err := auth.PeekKeys(ctx, kr, file)
	if err != nil || fileKeys == nil {
		t.Fatalf("the file's key: %v", err)
	}
	sum := func() [32]byte {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()
	name, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	url := srv.URL(name)
	code, out, errOut := runCLIWith(t, "", "migrate", "--from", file, "--to", url)
	if code != 0 {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	for _, want := range []string{"Moved the clinic", "people", "cases", "audit_events", "checksum", "first seat", "casedesk seat enrol --db " + url} {
		if !strings.Contains(out, want) {
			t.Errorf("the output has no %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "copied people (") {
		t.Errorf("no progress: %q", errOut)
	}
	if sum() != before {
		t.Error("the store file changed")
	}
	c, err := openClinic(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.OpenKeys(ctx); err != nil || c.keys.KeyCheck() != fileKeys.KeyCheck() {
		t.Fatalf("the first seat after the move: %v", err)
	}
	sumServer, err := c.Summary(ctx)
	c.Close()
	if err != nil || sumServer.People < 40 {
		t.Errorf("on the server: %+v %v", sumServer, err)
	}
	if n, details := countAudit(t, url, "store.migrated"); n != 1 || !strings.Contains(details, "people") {
		t.Errorf("%d store.migrated rows: %q", n, details)
	}

	// Again, into the database that now holds the clinic: refused.
	code, _, errOut = runCLIWith(t, "", "migrate", "--from", file, "--to", url)
	if code != 1 || !strings.Contains(errOut, "not empty") {
		t.Errorf("into a database with rows: %d %q", code, errOut)
	}
	if sum() != before {
		t.Error("the store file changed")
	}
	if code, _, _ := runCLIWith(t, "", "migrate", "--from", file); code != 2 {
		t.Errorf("without --to: %d, want 2", code)
	}
}
