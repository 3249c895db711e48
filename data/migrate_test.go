package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/demo"
	"casedesk/data/pgtest"

	"github.com/jackc/pgx/v5"
)

// migrateCluster is a throwaway cluster for the migration tests, stopped
// when the test ends. The tests move a store file, so they run with the
// SQLite suite (on the PostgreSQL run every store is on the server).
func migrateCluster(t *testing.T) *pgtest.Server {
	t.Helper()
	sqliteOnly(t, "migrate moves a store file to a server, and starts a cluster of its own")
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

// demoStoreFile makes a closed store file holding the demo clinic of
// people people, sealed with the test key, with a throttle and audit rows.
func demoStoreFile(t testing.TB, people int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
		demo.Options{People: people, Seed: 7, Today: app.NewDate(2026, 11, 1)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateThrottle(ctx, "recovery", "somebody", app.DailyRule(time.Now(), 5, time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, &app.AuditEvent{Action: "test.event", Detail: "before the move"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// folderState is every file of dir with the SHA-256 of its bytes.
func folderState(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}

func sameFolder(t *testing.T, dir string, before map[string][32]byte) {
	t.Helper()
	after := folderState(t, dir)
	for name, sum := range before {
		if a, ok := after[name]; !ok || a != sum {
			t.Errorf("%s changed or went away", name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s appeared beside the store file", name)
		}
	}
}

// serverRows counts the rows of every table of the database but its schema's.
func serverRows(t *testing.T, srv *pgtest.Server, db string) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.AdminURL(db))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, n := range names {
		var k int64
		if err := c.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{n}.Sanitize()).Scan(&k); err != nil {
			t.Fatal(err)
		}
		out[n] = k
	}
	return out
}

func allEmpty(t *testing.T, counts map[string]int64, schema bool) {
	t.Helper()
	if schema && len(counts) < 10 {
		t.Fatalf("only %d tables on the server", len(counts))
	}
	for n, k := range counts {
		if k != 0 {
			t.Errorf("the server's table %s holds %d rows; want none", n, k)
		}
	}
}

func TestMigrateTheDemoClinic(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 300)
	before := folderState(t, filepath.Dir(from))
	db, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var progress []string
	res, err := Migrate(ctx, from, srv.URL(db), MigrateOptions{Actor: "tester",
		Progress: func(table string, rows int64) { progress = append(progress, table) }})
	if err != nil {
		t.Fatal(err)
	}
	sameFolder(t, filepath.Dir(from), before)
	if res.Took <= 0 {
		t.Error("no time taken reported")
	}

	// Every table of the file is there, with its count, and each count is
	// the file's as SQLite counts it.
	src, err := openSource(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var fileTables []string
	if err := scanStrings(ctx, src, &fileTables, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`); err != nil {
		t.Fatal(err)
	}
	got := map[string]TableCheck{}
	for _, c := range res.Tables {
		got[c.Table] = c
		if len(c.Checksum) != 64 {
			t.Errorf("%s: checksum %q", c.Table, c.Checksum)
		}
	}
	if len(got) != len(fileTables) || len(progress) != len(fileTables) {
		t.Errorf("%d tables checked, %d reported as copied; the file has %d", len(got), len(progress), len(fileTables))
	}
	server := serverRows(t, srv, db)
	for _, n := range fileTables {
		var want int64
		if err := src.QueryRow("SELECT count(*) FROM " + quoteSQLite(n)).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got[n].Rows != want {
			t.Errorf("%s: %d rows checked, the file has %d", n, got[n].Rows, want)
		}
		extra := int64(0)
		if n == "audit_events" {
			extra = 1 // store.migrated
		}
		if server[n] != want+extra {
			t.Errorf("%s: the server holds %d rows, the file %d", n, server[n], want)
		}
	}
	for _, n := range []string{"people", "cases", "case_events", "notices", "settings", "audit_events", "throttles", "name_prefixes", "appointments", "messages"} {
		if got[n].Rows == 0 {
			t.Errorf("%s: no rows moved; the demo clinic has some", n)
		}
	}
	// Checksummed again on the server, afterwards and apart from the move,
	// every table but the audit log (one row more) gives the sum reported.
	again := checksumsOnServer(t, src, srv.URL(db))
	for n, c := range got {
		if n != "audit_events" && again[n] != c.Checksum {
			t.Errorf("%s: the server checksums to %s now, the move reported %s", n, again[n], c.Checksum)
		}
	}

	// The store on the server opens with the clinic's key, reads the
	// sealed fields, and has the audit row.
	s, err := Open(ctx, srv.URL(db))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatalf("the clinic's key on the server: %v", err)
	}
	other := make([]byte, 32)
	other[0] = 9
	if err := s.UseKeys(ctx, auth.NewKeysForTest(other)); !errors.Is(err, app.ErrWrongKey) {
		t.Errorf("another key on the server: %v, want ErrWrongKey", err)
	}
	if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	var id string
	if err := src.QueryRow(`SELECT id FROM people WHERE sealed IS NOT NULL LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	p, err := s.Person(ctx, id)
	if err != nil || p.DateOfBirth.IsZero() {
		t.Errorf("a sealed date of birth on the server: %+v, %v", p.DateOfBirth, err)
	}
	if n, err := s.CountAudit(ctx, "store.migrated"); err != nil || n != 1 {
		t.Errorf("%d store.migrated rows, %v", n, err)
	}
	var detail string
	s.db.QueryRow(`SELECT detail FROM audit_events WHERE action = 'store.migrated'`).Scan(&detail)
	if !strings.Contains(detail, "people 3") || strings.Contains(detail, p.FamilyName) {
		t.Errorf("the audit row says %q", detail)
	}

	// Into a database that holds rows: refused, nothing added.
	t.Run("not empty", func(t *testing.T) {
		counts := serverRows(t, srv, db)
		_, err := Migrate(ctx, from, srv.URL(db), MigrateOptions{})
		if !errors.Is(err, app.ErrServerNotEmpty) {
			t.Fatalf("into a database that holds a clinic: %v", err)
		}
		if after := serverRows(t, srv, db); !mapsEqual(after, counts) {
			t.Errorf("rows changed: %v, then %v", counts, after)
		}
		sameFolder(t, filepath.Dir(from), before)
	})
}

// checksumsOnServer checksums every table on the server at url.
func checksumsOnServer(t *testing.T, src *sql.DB, url string) map[string]string {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plan, err := migrationPlan(ctx, src, s)
	if err != nil {
		t.Fatal(err)
	}
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if err := registerCitext(ctx, tx); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, tb := range plan {
		_, sum, err := serverChecksum(ctx, tx, tb)
		if err != nil {
			t.Fatal(err)
		}
		out[tb.name] = sum
	}
	return out
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestMigrateFailureLeavesTheServerEmpty(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 40)
	before := folderState(t, filepath.Dir(from))
	for _, c := range []struct {
		name  string
		fault func(ctx context.Context, tx pgx.Tx, table string) error
		want  error
	}{
		{"a failure half way", func(_ context.Context, _ pgx.Tx, table string) error {
			if table == "cases" {
				return errors.New("the network went down")
			}
			return nil
		}, nil},
		{"a copy that does not match", func(ctx context.Context, tx pgx.Tx, table string) error {
			if table == "people" {
				_, err := tx.Exec(ctx, `UPDATE people SET city = city || 'x' WHERE id = (SELECT min(id) FROM people)`)
				return err
			}
			return nil
		}, app.ErrMigrateMismatch},
		{"a row too many", func(ctx context.Context, tx pgx.Tx, table string) error {
			if table == "settings" {
				_, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ('slipped.in', 'x')`)
				return err
			}
			return nil
		}, app.ErrMigrateMismatch},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, err := srv.NewDatabase(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(ctx, srv.URL(db)) // the schema, as a first seat makes it
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			schema := serverSchema(t, srv, db)
			_, err = Migrate(ctx, from, srv.URL(db), MigrateOptions{fault: c.fault})
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			allEmpty(t, serverRows(t, srv, db), true)
			if after := serverSchema(t, srv, db); after != schema {
				t.Errorf("the indexes and foreign keys changed:\n%s\nthen\n%s", schema, after)
			}
			sameFolder(t, filepath.Dir(from), before)
			// The same database takes the clinic afterwards.
			if _, err := Migrate(ctx, from, srv.URL(db), MigrateOptions{}); err != nil {
				t.Fatalf("again, without the fault: %v", err)
			}
		})
	}
}

func TestMigrateRefusesAStoreInUse(t *testing.T) {
	srv := migrateCluster(t)
	ctx := context.Background()
	from := demoStoreFile(t, 5)
	s, err := Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	db, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Migrate(ctx, from, srv.URL(db), MigrateOptions{})
	if !errors.Is(err, app.ErrStoreInUse) {
		t.Errorf("a store open in CaseDesk: %v, want ErrStoreInUse", err)
	}
	s.Close()
	allEmpty(t, serverRows(t, srv, db), false)
	// A file that is not a store, and the wrong way round.
	junk := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a store ", 20)), 0o600)
	if _, err := Migrate(ctx, junk, srv.URL(db), MigrateOptions{}); !errors.Is(err, app.ErrStoreNotSQLite) {
		t.Errorf("a file that is not a store: %v", err)
	}
	if _, err := Migrate(ctx, srv.URL(db), from, MigrateOptions{}); err == nil {
		t.Error("from a server to a file: no error")
	}
}

// serverSchema lists the database's indexes and constraints with their definitions.
func serverSchema(t *testing.T, srv *pgtest.Server, db string) string {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.AdminURL(db))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var out string
	if err := c.QueryRow(ctx, `SELECT (SELECT string_agg(indexdef, E'\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public')
		|| E'\n' || (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\n' ORDER BY conname)
			FROM pg_constraint WHERE connamespace = 'public'::regnamespace)`).Scan(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "FOREIGN KEY") || !strings.Contains(out, "case_events_case") {
		t.Fatalf("no foreign keys or indexes: %s", out)
	}
	return out
}
