package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/data/pgtest"

	"github.com/jackc/pgx/v5"
)

// Attacks on the store on a database server: each test fails when the
// attack works.

const secSecret = "S3cr3tPw"

// passwordForms are addresses that carry secSecret as a password, in
// every spelling an operator might paste.
var passwordForms = []string{
	"postgres://clinic:" + secSecret + "@db.example/casedesk",
	"postgresql://clinic:" + secSecret + "@db.example/casedesk",
	"POSTGRES://clinic:" + secSecret + "@db.example/casedesk",
	"postgres://clinic@db.example/casedesk?password=" + secSecret,
	"postgres://clinic@db.example/casedesk?sslmode=require&password=" + secSecret,
	"postgres://clinic@db.example/casedesk?pass%77ord=" + secSecret,
	"postgres://clinic:" + secSecret + "%40x@db.example/casedesk",
	"postgres://clinic:" + secSecret + "@h1:5432,h2:5432/casedesk",
	"postgres://clinic@db.example/casedesk?sslmode=require;password=" + secSecret,
	"postgres://clinic@db.example/casedesk?Password=" + secSecret,
}

// Redact never shows the password, whatever the form.
func TestSecRedactHidesEveryPasswordForm(t *testing.T) {
	for _, f := range passwordForms {
		if got := app.RedactAddress(f); strings.Contains(got, secSecret) {
			t.Errorf("app.RedactAddress(%q) = %q: the password shows", f, got)
		}
	}
}

// The check of an address refuses every form that carries the password.
func TestSecCheckStoreAddressRefusesEveryPasswordForm(t *testing.T) {
	for _, f := range passwordForms {
		if err := app.CheckStoreAddress(f); err == nil {
			t.Errorf("CheckStoreAddress(%q) accepted an address with a password", f)
		}
	}
}

// Errors from opening a bad or unreachable address never quote the password.
func TestSecOpenErrorsNeverQuoteThePassword(t *testing.T) {
	ctx := context.Background()
	bad := []string{
		"postgres://clinic:" + secSecret + "@localhost:99999/casedesk",
		"postgres://clinic:" + secSecret + "@localhost/casedesk?sslmode=bogus",
		"postgres://clinic:" + secSecret + "@localhost/casedesk?connect_timeout=abc",
		"postgres://clinic:" + secSecret + "@127.0.0.1:1/casedesk?connect_timeout=1&sslmode=disable",
		"postgres://clinic@127.0.0.1:1/casedesk?connect_timeout=1&sslmode=disable&password=" + secSecret,
		"postgres://clinic:" + secSecret + "@[::1/casedesk",
	}
	for _, a := range bad {
		s, err := Open(ctx, a)
		if err == nil {
			s.Close()
			t.Errorf("%s opened", app.RedactAddress(a))
			continue
		}
		if strings.Contains(err.Error(), secSecret) {
			t.Errorf("opening %s: the error quotes the password: %v", app.RedactAddress(a), err)
		}
	}
	if !onServer() {
		return
	}
	// A wrong password from the keyring: refused, and not quoted.
	name, err := testServer.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	tls := testServer.TLSURL(name)
	_, err = OpenWith(ctx, tls, OpenOptions{ServerPassword: secSecret})
	if err == nil || strings.Contains(err.Error(), secSecret) || !errors.Is(err, app.ErrServerSignIn) {
		t.Errorf("a wrong password: %v", err)
	}
}

// secStores opens n stores on the database that stands for one store
// file (one database on the server), the first with the clinic's key.
func secStores(t *testing.T, n int) []*Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	var out []*Store
	for i := 0; i < n; i++ {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out = append(out, s)
	}
	if err := out[0].UseKeys(context.Background(), auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	return out
}

func secHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("CASEDESK_KEY_FILE", "")
}

func wrongRecoveryKey(i int) string {
	k := make([]byte, 32)
	for j := range k {
		k[j] = byte(i*7 + j + 1)
	}
	return strings.Join(auth.NewKeysForTest(k).RecoveryGroups(), " ")
}

// Wrong recovery keys typed at once from several seats (several Stores on
// one database) take no more than the day's 5 tries, and leave no more
// than 5 rows of failed tries.
func TestSecEnrolLimitHoldsAtOnce(t *testing.T) {
	secHome(t)
	ctx := context.Background()
	stores := secStores(t, 4)
	now := time.Now()
	const tries = 24
	var wg sync.WaitGroup
	var mu sync.Mutex
	compared, limited := 0, 0
	for i := 0; i < tries; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := auth.EnrolSeat(ctx, stores[i%len(stores)], nil, wrongRecoveryKey(i), "attacker", now)
			var le *auth.SeatLimitError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.As(err, &le):
				limited++
			case errors.Is(err, app.ErrSeatKeyWrong):
				compared++
			default:
				t.Errorf("try %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	if compared > auth.MaxSeatEnrolFailures-1 || compared+limited != tries {
		t.Errorf("%d wrong keys compared, %d refused by the limit: the limit is %d", compared, limited, auth.MaxSeatEnrolFailures)
	}
	var failed int
	if err := stores[0].db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events WHERE action = 'seat.enrol_failed'`).Scan(&failed); err != nil {
		t.Fatal(err)
	}
	if failed > auth.MaxSeatEnrolFailures {
		t.Errorf("%d failed-try audit rows, more than the %d tries", failed, auth.MaxSeatEnrolFailures)
	}
	// The right key, typed after, is refused too: the day is over for enrolment.
	right := strings.Join(auth.NewKeysForTest(testKey).RecoveryGroups(), " ")
	if _, err := auth.EnrolSeat(ctx, stores[1], nil, right, "attacker", now); !errors.Is(err, app.ErrSeatKeyWrong) {
		t.Errorf("the right key after the limit: %v", err)
	}
}

// secTables is every table's rows as text, but for the throttles and the
// audit log (which a wrong try is meant to write).
func secTables(t *testing.T, s *Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if s.pg {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	out := map[string]string{}
	for _, n := range names {
		if n == "throttles" || n == "audit_events" {
			continue
		}
		r, err := s.db.QueryContext(ctx, "SELECT * FROM "+n)
		if err != nil {
			continue // a virtual table the driver cannot read whole
		}
		cols, _ := r.Columns()
		var b strings.Builder
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		r.Close()
		out[n] = b.String()
	}
	return out
}

// A wrong recovery key writes nothing but its try and its audit row, and
// no audit row holds the key typed.
func TestSecWrongEnrolKeyWritesNothing(t *testing.T) {
	secHome(t)
	ctx := context.Background()
	s := secStores(t, 1)[0]
	if _, err := s.StoreID(ctx); err != nil {
		t.Fatal(err)
	}
	mustPerson(t, s, "Ana", "Lopez")
	before := secTables(t, s)
	typed := wrongRecoveryKey(3)
	if _, err := auth.EnrolSeat(ctx, s, nil, typed, "attacker", time.Now()); !errors.Is(err, app.ErrSeatKeyWrong) {
		t.Fatalf("a wrong key: %v", err)
	}
	after := secTables(t, s)
	for n, v := range before {
		if after[n] != v {
			t.Errorf("a wrong recovery key changed table %s", n)
		}
	}
	rows, err := s.AuditLog(ctx, desk.AuditFilter{Action: "seat.", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Fields(typed)[0]
	for _, e := range rows {
		if strings.Contains(e.Detail, first) || strings.Contains(e.ActorID, first) {
			t.Errorf("an audit row holds the key typed: %+v", e)
		}
	}
}

// The settings key, the value and the audit filter reach SQL only as
// arguments: text made to end a string and run a statement is kept as
// text.
func TestSecInjectionThroughSettingsAndAuditFilter(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	evil := `x'); DELETE FROM settings; DROP TABLE audit_events; -- ? $1 ?2 $$`
	if err := s.SetSetting(ctx, evil, evil); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Setting(ctx, evil); err != nil || v != evil {
		t.Fatalf("the setting read back: %q %v", v, err)
	}
	if err := s.Audit(ctx, &app.AuditEvent{At: time.Now(), ActorID: "a", Action: "test.one", RecordType: "store", RecordID: "1", Detail: evil}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []desk.AuditFilter{
		{Action: `%' OR 1=1 --`, Limit: 10},
		{Action: `%`, Limit: 10},
		{Actor: `' OR ''='`, Limit: 10},
		{PersonID: `?`, Limit: 10},
	} {
		rows, err := s.AuditLog(ctx, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		if len(rows) != 0 {
			t.Errorf("the filter %+v matched %d rows: it was read as SQL or a pattern", f, len(rows))
		}
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events`).Scan(&n); err != nil || n == 0 {
		t.Errorf("the audit log after: %d rows, %v", n, err)
	}
}

// The seats' role, whose password every seat holds, cannot empty, rewrite
// or unguard the append-only audit log (nor notices, nor throttles), in
// the set-up the README recommends; TRUNCATE is refused even to the
// tables' owner.
func TestSecAppRoleCannotRewriteTheAuditLog(t *testing.T) {
	if !onServer() {
		t.Skip("only on a database server (CASEDESK_TEST_SERVER=1)")
	}
	ctx := context.Background()
	// The README's set-up: the tables belong to an owner role that only
	// upgrades them; the seats sign in as a role that may read and write
	// rows, and only read and append to the audit log.
	_, ownerURL, seatURL := twoRoles(t)
	s, err := Open(ctx, seatURL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Audit(ctx, &app.AuditEvent{At: time.Now(), ActorID: "a", Action: "test.one", RecordType: "store", RecordID: "1"}); err != nil {
		t.Fatal(err)
	}
	c, err := pgx.Connect(ctx, seatURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	for _, q := range []string{
		`DELETE FROM audit_events`,
		`UPDATE audit_events SET detail = 'x'`,
		`TRUNCATE audit_events`,
		`TRUNCATE notices`,
		`TRUNCATE throttles`,
		`ALTER TABLE audit_events DISABLE TRIGGER ALL`,
		`ALTER TABLE notices DISABLE TRIGGER notices_immutable`,
		`DROP TRIGGER audit_events_no_delete ON audit_events`,
		`DROP TABLE throttles`,
		`CREATE OR REPLACE FUNCTION casedesk_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
	} {
		if _, err := c.Exec(ctx, q); err == nil {
			t.Errorf("the seats' role ran %q", q)
		}
	}
	// TRUNCATE passes by the row triggers: a statement trigger refuses it
	// even to the tables' owner.
	owner, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	for _, q := range []string{`TRUNCATE audit_events`, `TRUNCATE notices`, `DELETE FROM audit_events`, `UPDATE audit_events SET detail = 'x'`} {
		if _, err := owner.Exec(ctx, q); err == nil {
			t.Errorf("the owner ran %q", q)
		}
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events`).Scan(&n); err != nil || n == 0 {
		t.Errorf("the audit log after: %d rows, %v", n, err)
	}
}

// A store file that a running CaseDesk has open is refused however it is
// named: through a symbolic link from another folder, the open markers
// beside the real file must still be seen, or the copy misses what the
// running CaseDesk keeps in its -wal file while calling itself verified.
func TestSecMigrateRefusesAStoreInUseThroughALink(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 5)
	s, err := Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustPerson(t, s, "Late", "Arrival") // kept in the -wal file while s is open
	var people int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM people`).Scan(&people); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "clinic.db")
	if err := os.Symlink(from, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	db, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Migrate(ctx, link, srv.URL(db), MigrateOptions{KeyCheck: auth.NewKeysForTest(testKey).KeyCheck()})
	if errors.Is(err, app.ErrStoreInUse) {
		return
	}
	moved := int64(-1)
	for _, c := range m.Tables {
		if c.Table == "people" {
			moved = c.Rows
		}
	}
	t.Errorf("a store open in CaseDesk, through a link: err %v; %d people moved of the %d the running CaseDesk holds", err, moved, people)
}

// A server database that a first seat already opened (its own key, its own
// id) does not take a store file: the file's key check would fight the
// seat's, and the seat's id would stay.
func TestSecMigrateRefusesADatabaseAFirstSeatKeyed(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 5)
	db, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, srv.URL(db))
	if err != nil {
		t.Fatal(err)
	}
	other := make([]byte, 32)
	other[0] = 9
	if err := s.UseKeys(ctx, auth.NewKeysForTest(other)); err != nil {
		t.Fatal(err)
	}
	id, err := s.StoreID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Migrate(ctx, from, srv.URL(db), MigrateOptions{KeyCheck: auth.NewKeysForTest(testKey).KeyCheck()})
	if !errors.Is(err, app.ErrServerNotEmpty) {
		t.Errorf("into a database a seat keyed: %v, want ErrServerNotEmpty", err)
	}
	s, err = Open(ctx, srv.URL(db))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.StoreID(ctx); got != id {
		t.Errorf("the store id changed: %s then %s", id, got)
	}
	if kc, _ := s.KeyCheck(ctx); kc != auth.NewKeysForTest(other).KeyCheck() {
		t.Error("the key check changed")
	}
}

// A store file sealed with another key than the mover's is refused before
// anything reaches the server.
func TestSecMigrateRefusesAFileOfAnotherKey(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 3)
	db, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	other := make([]byte, 32)
	other[5] = 1
	if _, err := Migrate(ctx, from, srv.URL(db), MigrateOptions{KeyCheck: auth.NewKeysForTest(other).KeyCheck()}); !errors.Is(err, app.ErrWrongKey) {
		t.Errorf("a file of another key: %v", err)
	}
	allEmpty(t, serverRows(t, srv, db), false)
}

// The store's own settings (its id, its key check) are not changed by any
// of the store's setting writes.
func TestSecStoreOwnSettingsCannotBeSet(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, err := s.StoreID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kc, _ := s.KeyCheck(ctx)
	for _, k := range []string{storeIDSetting, keyCheckSetting} {
		if err := s.SetSetting(ctx, k, "planted"); err == nil {
			t.Errorf("SetSetting(%s) was taken", k)
		}
		if err := s.SetSettingAudited(ctx, k, "planted", app.AuditEvent{At: time.Now(), Action: "settings.changed"}); err == nil {
			t.Errorf("SetSettingAudited(%s) was taken", k)
		}
	}
	if got, _ := s.StoreID(ctx); got != id {
		t.Errorf("the store id is now %q", got)
	}
	if got, _ := s.KeyCheck(ctx); got != kc {
		t.Errorf("the key check is now %q", got)
	}
}

// Seats opening an empty database at once, each with a key of its own,
// end with one key kept: every other seat is told its key is wrong and
// seals nothing.
func TestSecFirstSeatsAtOnceKeepOneKey(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	const seats = 6
	stores := make([]*Store, seats)
	for i := range stores {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var wg sync.WaitGroup
	errs := make([]error, seats)
	for i := range stores {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			k := make([]byte, 32)
			k[0] = byte(i + 1)
			errs[i] = stores[i].UseKeys(ctx, auth.NewKeysForTest(k))
		}(i)
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, app.ErrWrongKey), errors.Is(err, app.ErrAlreadyExists):
			if stores[i].sealer != nil {
				t.Errorf("seat %d keeps a key the database refused", i)
			}
		default:
			t.Errorf("seat %d: %v", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d seats kept their own key", won)
	}
}

// A CA file that never ends (a FIFO nobody writes to, a device) does not
// hang the server form's check or the store's opening: they answer within
// their own time limits, and the context given.
func TestSecCAFileThatNeverEndsDoesNotHang(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "ca.crt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	// Whatever happens, release a reader left waiting on the FIFO.
	defer func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}()
	address := "postgres://casedesk@127.0.0.1:1/casedesk?sslmode=verify-full&sslrootcert=" + fifo
	for _, c := range []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"CheckServer", func(ctx context.Context) error { _, err := CheckServer(ctx, address, "pw"); return err }},
		{"OpenWith", func(ctx context.Context) error {
			s, err := OpenWith(ctx, address, OpenOptions{ServerPassword: "pw"})
			if err == nil {
				s.Close()
			}
			return err
		}},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		done := make(chan error, 1)
		go func() { done <- c.run(ctx) }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: a FIFO as the CA file was taken", c.name)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("%s: still waiting on the CA file after 10 s, with a context of 2 s", c.name)
			if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
			<-done
		}
		cancel()
	}
}

// A password file others may read is refused, on the store's opening and
// on the server form's check alike, before the password in it is sent.
func TestSecPasswordFileOthersCanReadIsRefused(t *testing.T) {
	if !onServer() {
		t.Skip("only on a database server (CASEDESK_TEST_SERVER=1)")
	}
	ctx := context.Background()
	name, err := testServer.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	pass := filepath.Join(home, ".pgpass")
	if err := os.WriteFile(pass, []byte("*:*:*:*:"+pgtest.AppPassword+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(pass, 0o644); err != nil {
		t.Fatal(err)
	}
	address := testServer.TLSURL(name)
	for _, env := range []string{"", pass} {
		t.Setenv("PGPASSFILE", env)
		if s, err := Open(ctx, address); err == nil {
			s.Close()
			t.Errorf("PGPASSFILE=%q: a password file at 0644 was used to open the store", env)
		} else if !errors.Is(err, app.ErrServerSetUp) {
			t.Errorf("PGPASSFILE=%q: %v, want ErrServerSetUp", env, err)
		}
		if r, err := CheckServer(ctx, address, ""); err == nil || r.Reached {
			t.Errorf("PGPASSFILE=%q: the check used a password file at 0644: %v", env, err)
		}
	}
	// Private, it is used.
	t.Setenv("PGPASSFILE", "")
	if err := os.Chmod(pass, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, address)
	if err != nil {
		t.Fatalf("a private password file: %v", err)
	}
	s.Close()
}

// While a store file is being moved, CaseDesk cannot open it and write to
// it: a change made during the copy would be in neither the copy nor a
// refusal, and the move would still call itself verified.
func TestSecStoreCannotBeWrittenWhileItMoves(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 5)
	db, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var wrote error = errors.New("not tried")
	var during *Store
	defer func() {
		if during != nil {
			during.Close()
		}
	}()
	_, err = Migrate(ctx, from, srv.URL(db), MigrateOptions{
		KeyCheck: auth.NewKeysForTest(testKey).KeyCheck(),
		Progress: func(table string, _ int64) {
			if during != nil || wrote == nil {
				return
			}
			s, oerr := Open(ctx, from)
			if oerr != nil {
				wrote = oerr
				return
			}
			during = s
			if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
				wrote = err
				return
			}
			p := app.Person{GivenName: "During", FamilyName: "TheMove", DateOfBirth: app.NewDate(1990, 1, 1), CountryOfBirth: "Perú",
				Address: app.Address{Line1: "1 Main St", City: "Springfield", State: "IL", ZIP: "62701"}, Language: "es"}
			wrote = s.CreatePerson(ctx, &p)
		},
	})
	if wrote == nil {
		t.Errorf("a person was written to the store file while it moved (the move: %v)", err)
	}
}

// An address pasted with a space or a line break before it, or with one
// slash or a short scheme, is not taken as a store file's path: CaseDesk
// would otherwise make folders named after it, password and all, and a new
// empty store in them, where the clinic would work thinking it is on its
// server.
func TestSecMistypedServerAddressIsNotAStoreFile(t *testing.T) {
	sqliteOnly(t, "a path on the PostgreSQL run stands for a database on the test's server")
	t.Chdir(t.TempDir())
	ctx := context.Background()
	for _, a := range []string{
		" postgres://clinic:" + secSecret + "@db.example/casedesk",
		"\npostgres://clinic:" + secSecret + "@db.example/casedesk",
		"postgres:/clinic:" + secSecret + "@db.example/casedesk",
		"postgress://clinic:" + secSecret + "@db.example/casedesk",
		"pg://clinic:" + secSecret + "@db.example/casedesk",
	} {
		checked := app.CheckStoreAddress(a)
		s, err := Open(ctx, a)
		if err == nil {
			s.Close()
		}
		if checked == nil && err == nil {
			t.Errorf("%q was taken as a store file", a)
		}
	}
	var made []string
	filepath.WalkDir(".", func(p string, _ os.DirEntry, _ error) error {
		if strings.Contains(p, secSecret) {
			made = append(made, p)
		}
		return nil
	})
	if len(made) > 0 {
		t.Errorf("files named with the password: %q", made)
	}
}

// A server on another computer is not reached without encryption, or with
// encryption whose certificate nobody checks, without a word: the
// clinic's records and the sign-in would cross the network readable, or
// to whoever answers in the server's place. (The window's form warns; the
// --db address and server.json do not.)
func TestSecRemoteServerWithoutVerifiedTLSIsRefused(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []string{"?sslmode=disable", "?sslmode=prefer", "?sslmode=require", ""} {
		sep := "?"
		if mode != "" {
			sep = "&"
		}
		a := "postgres://casedesk@192.0.2.1:5432/casedesk" + mode + sep + "connect_timeout=1"
		checked := app.CheckStoreAddress(a)
		s, err := OpenWith(ctx, a, OpenOptions{ServerPassword: "pw"})
		if err == nil {
			s.Close()
		}
		if checked == nil && (err == nil || errors.Is(err, app.ErrServerUnreachable)) {
			t.Errorf("%s: tried without a verified certificate (%v)", mode, err)
		}
	}
}
