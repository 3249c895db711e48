package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/data"
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
	if code, _, errOut := runCLI(t, "demo", "--people", "0", "--db", db); code != 1 || !strings.Contains(errOut, "between 1 and") {
		t.Errorf("--people 0: %d %q", code, errOut)
	}

	bak := filepath.Join(dir, "backup.db")
	if code, out, errOut := runCLI(t, "backup", "--db", db, bak); code != 0 || !strings.Contains(out, "checked") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	// Without a file, the backup goes into a folder beside the store: the demo clinic's own.
	if code, out, errOut := runCLI(t, "backup", "--db", db); code != 0 || !strings.Contains(out, filepath.Join(dir, "CaseDesk Demo Backups", "casedesk-")) {
		t.Errorf("backup without a file: %d %q %q", code, out, errOut)
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

// TestDemoNeverEntersARealStore: a store that was set up (its clinic name
// set, even with no clients yet) is refused, even with --force, and left
// byte for byte as it was.
func TestDemoNeverEntersARealStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "clinic.db")
	if code, _, errOut := runCLI(t, "settings", "set", "--db", db, "clinic.name", "Clínica Sur"); code != 0 {
		t.Fatalf("settings: %d %q", code, errOut)
	}
	before, _ := os.ReadFile(db)
	for _, args := range [][]string{{"demo", "--people", "5", "--db", db}, {"demo", "--people", "5", "--force", "--db", db}} {
		code, _, errOut := runCLI(t, args...)
		if code != 1 || !strings.Contains(errOut, "not built into it") || !strings.Contains(errOut, "casedesk-demo.db") {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
	}
	if after, _ := os.ReadFile(db); string(before) != string(after) {
		t.Error("a refused demo changed the clinic's store")
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

func TestMain(m *testing.M) {
	// The data key of CLI tests lives in a temporary file, never in the
	// keyring of the machine running them.
	dir, err := os.MkdirTemp("", "casedesk-keys")
	if err != nil {
		panic(err)
	}
	os.Setenv("CASEDESK_KEY_FILE", filepath.Join(dir, "casedesk.key"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

func TestCodesAndNoticesVerbs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "casedesk.db")
	code, out, errOut := runCLI(t, "demo", "--people", "40", "--db", db)
	if code != 0 || !strings.Contains(out, "5 demo access codes") {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
	list, err := os.ReadFile(filepath.Join(dir, "demo-codes", "codes.txt"))
	if err != nil || strings.Count(string(list), " code ") != 5 {
		t.Fatalf("demo codes list: %q %v", list, err)
	}
	// A receipt from the store, its notices exported with the history.
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.SearchPeople(context.Background(), "a", 1)
	cs, _ := s.CasesOfPerson(context.Background(), p[0].ID)
	s.Close()
	receipt := string(cs[0].Receipt)
	pdf := filepath.Join(dir, "case.pdf")
	code, out, errOut = runCLI(t, "notices", "export", "--db", db, "--receipt", strings.ToLower(receipt), "--history", "--out", pdf)
	if code != 0 || !strings.Contains(out, "Wrote") {
		t.Fatalf("export: %d %q %q", code, out, errOut)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, receipt) || !strings.Contains(text, "Every status change") {
		t.Fatalf("the case PDF lacks its receipt or history:\n%s", text)
	}
	// One notice, by its id from the list, named for what it is.
	code, out, errOut = runCLI(t, "notices", "list", "--receipt", receipt, "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) < 2 {
		t.Fatalf("list: %d %q %q", code, out, errOut)
	}
	id := strings.Fields(lines[1])[0]
	t.Chdir(dir)
	code, out, errOut = runCLI(t, "notices", "export", "--notice", id, "--db", db)
	if code != 0 || !strings.Contains(out, receipt) || strings.Contains(out, id) {
		t.Fatalf("export one notice: %d %q %q", code, out, errOut)
	}
	// Codes: issue by receipt, with the notice, then revoke.
	notice := filepath.Join(dir, "access.pdf")
	code, out, errOut = runCLI(t, "codes", "issue", "--db", db, "--receipt", receipt, "--out", notice)
	if code != 0 || !strings.Contains(out, "online account number") {
		t.Fatalf("codes issue: %d %q %q", code, out, errOut)
	}
	text := pdfText(t, notice)
	issued := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(text)
	if issued == "" || !strings.Contains(text, "never ask for this code") {
		t.Fatalf("the Account Access Notice:\n%s", text)
	}
	// The code is on the notice and nowhere in what the command printed.
	if strings.Contains(out+errOut, issued) || strings.Contains(out+errOut, strings.ReplaceAll(issued, "-", "")) {
		t.Fatalf("the code %s was printed: %q %q", issued, out, errOut)
	}
	if code, out, _ := runCLI(t, "codes", "revoke", "--db", db, "--receipt", receipt); code != 0 || !strings.Contains(out, "Revoked 1") {
		t.Fatalf("codes revoke: %d %q", code, out)
	}
	// Settings: set one, see it listed.
	if code, out, errOut := runCLI(t, "settings", "set", "--db", db, "session.idle_minutes", "2"); code != 0 || !strings.Contains(out, "Set session.idle_minutes") {
		t.Fatalf("settings set: %d %q %q", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "settings", "list", "--db", db); code != 0 || !strings.Contains(out, "session.idle_minutes") || !strings.Contains(out, " 2\n") {
		t.Fatalf("settings list: %d %q", code, out)
	}
	// The clinic's time zone: a real one is kept, a made-up one explained.
	if code, _, errOut := runCLI(t, "settings", "set", "--db", db, "clinic.time_zone", "America/Chicago"); code != 0 {
		t.Fatalf("time zone: %d %q", code, errOut)
	}
	// A person whose account is set up gets a new code only as a reset.
	personID := setUpAccount(t, db, receipt)
	code, out, errOut = runCLI(t, "codes", "issue", "--db", db, "--person", personID, "--out", notice)
	if code != 1 || !strings.Contains(errOut, "already set up") || !strings.Contains(errOut, "--reset-account") {
		t.Fatalf("a code for a set-up account: %d %q %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "codes", "issue", "--db", db, "--person", personID, "--reset-account", "--out", notice)
	if code != 0 || !strings.Contains(out, "resets the account") || !strings.Contains(pdfText(t, notice), "resets your existing account") {
		t.Fatalf("a reset code: %d %q %q", code, out, errOut)
	}
	// Five wrong passwords lock the account; staff unlock it by username.
	for range 5 {
		signIn(t, db, "cli.reset.test", "wrong password here")
	}
	if err := signIn(t, db, "cli.reset.test", "river lamp orange 42"); !errors.Is(err, auth.ErrLocked) {
		t.Fatalf("after 5 failures: %v", err)
	}
	if code, out, errOut := runCLI(t, "accounts", "unlock", "--db", db, "--username", " CLI.Reset.Test "); code != 0 || !strings.Contains(out, "Unlocked cli.reset.test") {
		t.Fatalf("unlock: %d %q %q", code, out, errOut)
	}
	if err := signIn(t, db, "cli.reset.test", "river lamp orange 42"); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	// Bad input is explained.
	for _, c := range []struct {
		args   []string
		code   int
		phrase string
	}{
		{[]string{"codes", "issue", "--db", db}, 2, "--person or --receipt"},
		{[]string{"codes", "issue", "--db", db, "--receipt", "EAC123"}, 1, "needs exactly 10"},
		{[]string{"codes", "issue", "--db", db, "--person", "nobody"}, 1, "no such person"},
		{[]string{"notices", "export", "--db", db, "--receipt", "EAC2190000001"}, 1, "no case with receipt number EAC2190000001"},
		{[]string{"notices", "batch", "--db", db, "--date", "02/30/2026"}, 1, "no day 30"},
		{[]string{"notices", "batch", "--db", db, "--date", "2099-01-01"}, 1, "latest earlier date with notices"},
		{[]string{"notices", "list", "--db", db}, 2, "exactly one"},
		{[]string{"print", filepath.Join(dir, "missing.pdf")}, 1, "there is no file"},
		{[]string{"accounts", "unlock", "--db", db, "--username", "nobody"}, 1, "no account with the username nobody"},
		{[]string{"accounts", "unlock", "--db", db}, 2, "Usage"},
		{[]string{"settings", "set", "--db", db, "session.idle_minutes", "0"}, 1, "from 1 to 60"},
		{[]string{"settings", "set", "--db", db, "colour", "blue"}, 1, "Setting \"colour\" does not exist"},
		{[]string{"settings", "set", "--db", db, "clinic.time_zone", "Mars/Olympus"}, 1, "like America/Chicago"},
	} {
		code, _, errOut := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.phrase) {
			t.Errorf("%v: %d %q; want %d and %q", c.args, code, errOut, c.code, c.phrase)
		}
	}
}

// setUpAccount redeems a new code for the applicant of receipt, as the
// wizard would, and returns the person's id.
func setUpAccount(t *testing.T, db, receipt string) string {
	t.Helper()
	ctx := context.Background()
	s, keys := openWithKeys(t, db)
	r, _ := app.ParseReceipt(receipt)
	c, err := s.CaseByReceipt(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	codes := auth.NewCodes(s, keys, nil, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	is, err := codes.Issue(ctx, c.ApplicantID, "", auth.ForSetUp)
	if err != nil {
		t.Fatal(err)
	}
	p := is.Person
	ticket, err := codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: p.FamilyName, DateOfBirth: p.DateOfBirth.ISO(),
		ZIP: p.Address.ZIP.Five(), CountryOfBirth: p.CountryOfBirth})
	if err != nil {
		t.Fatal(err)
	}
	backups, _ := auth.NewBackupCodes()
	if _, err := codes.Redeem(ctx, ticket, auth.Setup{Username: "cli.reset.test", Password: "river lamp orange 42", BackupCodes: backups}); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// signIn checks username and password as the sign-in screen does.
func signIn(t *testing.T, db, username, password string) error {
	t.Helper()
	ctx := context.Background()
	s, keys := openWithKeys(t, db)
	_, err := auth.NewSignIn(s, keys, nil, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}).Password(ctx, username, password)
	return err
}

// openWithKeys opens the store at db with the install's data key in use,
// until the test ends.
func openWithKeys(t *testing.T, db string) (*data.Store, *auth.Keys) {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	keys, _, err := auth.InstallKeys(ctx, systemKeyring, db)
	if err == nil {
		err = s.UseKeys(ctx, keys)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s, keys
}

// Without a display (over ssh, say) the window is refused in one line that
// points to the commands, instead of a stack trace; a word that is not a
// command is an error, never a silent window.
func TestNoDisplayIsExplained(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	db := filepath.Join(t.TempDir(), "casedesk.db")
	code, _, errOut := runCLI(t, "--db", db)
	if code != 1 || !strings.Contains(errOut, "needs a graphical display") || !strings.Contains(errOut, "casedesk help") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("no display: %d %q", code, errOut)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a store was made without a window: %v", err)
	}
	code, _, errOut = runCLI(t, "--db", db, "sttings", "list")
	if code != 2 || !strings.Contains(errOut, `unknown command "sttings"`) {
		t.Errorf("a misspelt command: %d %q", code, errOut)
	}
}
