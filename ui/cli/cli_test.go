package cli

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/settings"
)

// fakeStores hands out one fake store, or fails to open.
type fakeStores struct {
	store   *fakeStore
	openErr error
	kept    string
}

func (f *fakeStores) Open(context.Context, string) (Store, error) {
	if f.openErr != nil {
		return nil, f.openErr
	}
	return f.store, nil
}

func (f *fakeStores) Restore(context.Context, RestoreRequest) (Restored, error) {
	return Restored{Kept: f.kept}, nil
}

// fakeStore keeps settings in a map; anything else it is asked fails the test.
type fakeStore struct {
	t        *testing.T
	settings map[string]string
	closed   bool
}

func (s *fakeStore) Setting(_ context.Context, key string) (string, error) {
	v, ok := s.settings[key]
	if !ok {
		return "", app.ErrNotFound
	}
	return v, nil
}
func (s *fakeStore) SetSetting(_ context.Context, key, value string) error {
	s.settings[key] = value
	return nil
}
func (s *fakeStore) Settings() *settings.Service { return settings.New(s) }
func (s *fakeStore) Close() error                { s.closed = true; return nil }

func (s *fakeStore) CredentialsByUsername(context.Context, string) (auth.Credentials, error) {
	return auth.Credentials{}, app.ErrNotFound
}
func (s *fakeStore) Unlock(context.Context, string, string, time.Time) error {
	s.t.Error("Unlock was called")
	return nil
}
func (s *fakeStore) Notices() *notice.Service { s.t.Error("Notices was called"); return nil }
func (s *fakeStore) Codes(context.Context) (*auth.Codes, error) {
	s.t.Error("Codes was called")
	return nil, errors.New("no codes here")
}
func (s *fakeStore) Desk(context.Context) (*desk.Service, error) {
	s.t.Error("Desk was called")
	return nil, errors.New("no desk here")
}
func (s *fakeStore) CaseByReceipt(context.Context, app.Receipt) (app.Case, error) {
	return app.Case{}, app.ErrNotFound
}
func (s *fakeStore) Backup(context.Context, string) error { return nil }

func newEnv(t *testing.T) (Env, *fakeStores, *strings.Builder) {
	var out strings.Builder
	st := &fakeStores{store: &fakeStore{t: t, settings: map[string]string{}}}
	return Env{Stdout: &out, Stderr: &out, DefaultStore: "/nowhere/casedesk.db", Stores: st}, st, &out
}

func TestUnknownCommandAndHelp(t *testing.T) {
	env, _, out := newEnv(t)
	err := Run(context.Background(), env, []string{"frobnicate"})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), `unknown command "frobnicate"`) || !strings.Contains(err.Error(), "restore") {
		t.Errorf("unknown command: %d %v", ExitCode(err), err)
	}
	if err := Run(context.Background(), env, []string{"help"}); err != nil || !strings.Contains(out.String(), "/nowhere/casedesk.db") {
		t.Errorf("help: %v %q", err, out)
	}
	if err := Run(context.Background(), env, []string{"codes", "issue", "--help"}); err != nil {
		t.Errorf("--help is not a failure: %v", err)
	}
}

// A value the settings catalogue refuses never reaches the store, and the
// message says what the setting takes (status 1: the command line was
// right, the value is not); a good one is stored trimmed.
func TestSettingsFollowTheCatalogue(t *testing.T) {
	env, st, out := newEnv(t)
	ctx := context.Background()
	err := Run(ctx, env, []string{"settings", "set", app.SettingSessionIdleMinutes, "0"})
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "from 1 to 60") || !strings.Contains(err.Error(), "nothing was saved") || len(st.store.settings) != 0 {
		t.Fatalf("idle 0: %d %v %v", ExitCode(err), err, st.store.settings)
	}
	if err := Run(ctx, env, []string{"settings", "set", app.SettingSessionIdleMinutes, " 5 "}); err != nil || st.store.settings[app.SettingSessionIdleMinutes] != "5" {
		t.Fatalf("idle 5: %v %v", err, st.store.settings)
	}
	if err := Run(ctx, env, []string{"settings", "list"}); err != nil || !strings.Contains(out.String(), "(not set)") || !st.store.closed {
		t.Fatalf("list: %v %q, closed %v", err, out, st.store.closed)
	}
}

// A value that is refused is status 1 with the reason, as at the desk's
// verbs, whichever command takes it; status 2 is kept for a command line
// that is wrong in itself. None of these reaches a store's desk, codes or
// notices (the fake store fails the test if they are asked for).
func TestABadValueIsNotABadCall(t *testing.T) {
	for _, c := range []struct {
		args   []string
		code   int
		phrase string
	}{
		{[]string{"settings", "set", "colour", "blue"}, 1, `"colour" does not exist`},
		{[]string{"settings", "set", app.SettingSessionIdleMinutes, "ten"}, 1, "from 1 to 60"},
		{[]string{"codes", "issue", "--receipt", "EAC123"}, 1, "needs exactly 10"},
		{[]string{"notices", "batch", "--date", "02/30/2026"}, 1, "no day 30"},
		{[]string{"notices", "export", "--receipt", "EAC123"}, 1, "needs exactly 10"},
		{[]string{"demo", "--people", "0"}, 1, "between 1 and 1000000"},
		{[]string{"settings", "set", "colour"}, 2, "casedesk settings set KEY VALUE"},
		{[]string{"settings", "change", "colour", "blue"}, 2, "casedesk settings set KEY VALUE"},
		{[]string{"codes", "issue"}, 2, "--person or --receipt"},
		{[]string{"notices", "batch", "--date", "02/30/2026", "--receipt", "EAC123"}, 2, "notices batch does not take --receipt"},
		{[]string{"demo", "--people", "many"}, 2, "invalid value"},
	} {
		env, st, _ := newEnv(t)
		err := Run(context.Background(), env, c.args)
		if ExitCode(err) != c.code || !strings.Contains(errText(err)+stderrOf(env), c.phrase) || len(st.store.settings) != 0 {
			t.Errorf("%q: %d %v; want %d and %q", c.args, ExitCode(err), err, c.code, c.phrase)
		}
	}
}

// A store that cannot be opened is explained in words, and nothing else runs.
func TestAStoreThatWillNotOpen(t *testing.T) {
	env, st, _ := newEnv(t)
	st.openErr = app.ErrStoreNotSQLite
	err := Run(context.Background(), env, []string{"accounts", "unlock", "--username", "ana"})
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "casedesk accounts:") || !strings.Contains(err.Error(), "is not a CaseDesk store") {
		t.Errorf("%d %v", ExitCode(err), err)
	}
}

func TestUnlockOfNobody(t *testing.T) {
	env, _, _ := newEnv(t)
	err := Run(context.Background(), env, []string{"accounts", "unlock", "--username", "nobody"})
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "no account with the username nobody") {
		t.Errorf("%d %v", ExitCode(err), err)
	}
}

func TestRestoreSaysWhatItKept(t *testing.T) {
	env, st, out := newEnv(t)
	st.kept = "/nowhere/casedesk.db.before-restore"
	if err := Run(context.Background(), env, []string{"restore", "backup.db"}); err != nil || !strings.Contains(out.String(), "kept at "+st.kept) {
		t.Errorf("%v %q", err, out)
	}
	if err := Run(context.Background(), env, []string{"restore"}); ExitCode(err) != 2 {
		t.Errorf("restore without a file: %v", err)
	}
}

// Flags stand where people type them: before the command, between its
// words and after them; the store that --db names is the one used.
func TestFlagsAnywhere(t *testing.T) {
	for _, args := range [][]string{
		{"settings", "set", app.SettingSessionIdleMinutes, "7", "--db", "/tmp/a.db"},
		{"--db", "/tmp/a.db", "settings", "set", app.SettingSessionIdleMinutes, "7"},
		{"settings", "--db=/tmp/a.db", "set", app.SettingSessionIdleMinutes, "7"},
		{"-db", "/tmp/a.db", "--", "settings", "set", app.SettingSessionIdleMinutes, "7"},
	} {
		env, st, _ := newEnv(t)
		var opened string
		env.Stores = openedAt{st, &opened}
		if err := Run(context.Background(), env, args); err != nil || opened != "/tmp/a.db" || st.store.settings[app.SettingSessionIdleMinutes] != "7" {
			t.Errorf("%q: %v, opened %q, %v", args, err, opened, st.store.settings)
		}
	}
	env, _, _ := newEnv(t)
	for _, c := range []struct {
		args   []string
		phrase string
	}{
		{[]string{"codes", "revoke", "--person", "p1", "--out", "x.pdf"}, "codes revoke does not take --out"},
		{[]string{"notices", "list", "--receipt", "EAC2190000001", "--print"}, "notices list does not take --print"},
		{[]string{"--db", "/tmp/a.db", "frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"demo", "now"}, `unexpected "now"`},
		{[]string{"settings", "set", "only-a-key"}, "casedesk settings set KEY VALUE"},
	} {
		err := Run(context.Background(), env, c.args)
		if ExitCode(err) != 2 || !strings.Contains(err.Error(), c.phrase) {
			t.Errorf("%q: %d %v; want 2 and %q", c.args, ExitCode(err), err, c.phrase)
		}
	}
}

// openedAt records which store was opened.
type openedAt struct {
	*fakeStores
	path *string
}

func (o openedAt) Open(ctx context.Context, path string) (Store, error) {
	*o.path = path
	return o.fakeStores.Open(ctx, path)
}

func TestCommandAt(t *testing.T) {
	for args, want := range map[string]int{
		"":                        -1,
		"--db x":                  -1,
		"--db x settings list":    2,
		"settings list":           0,
		"-db=x demo":              1,
		"--help":                  -1,
		"-- help":                 1,
		"--db x --":               -1,
		"--db settings":           -1, // settings is the value of --db: the window on that store
		"--db x --bogus settings": 3,
	} {
		if got := CommandAt(strings.Fields(args)); got != want {
			t.Errorf("%q: %d, want %d", args, got, want)
		}
	}
}
