package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/files"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// sqliteHeader opens every SQLite 3 database file.
const sqliteHeader = "SQLite format 3\x00"

// timeLayout is how times are kept: UTC, second precision, sortable as text.
const timeLayout = "2006-01-02 15:04:05"

// serverFor is nil but when this package's own tests run against a
// database server: then it gives the database that stands for the store
// file at path (the same one each time), so that every store test opens a
// store on the server.
var serverFor func(path string) string

// Store is the case store: a SQLite file, or a database on a PostgreSQL
// server (see postgres.go). It is safe for concurrent use.
type Store struct {
	db     *sql.DB
	path   string // the file, or the server's address without its password
	pg     bool   // on a PostgreSQL server
	now    func() time.Time
	sealer Sealer // seals dates of birth and A-numbers; see UseKeys
	// marker says, while the store is open, that this Store has it open;
	// see check.go. Nil for a store that Create is building.
	marker *openMarker
	// release lets other code in this process open the store's files
	// again once SQLite has closed them (see files.Held).
	release func()
}

// dsn builds the connection string: busy_timeout first (so that the pragmas
// after it wait for a busy store instead of failing), WAL, foreign keys, FULL
// sync (a committed change survives a power cut), and immediate write
// transactions (no SQLITE_BUSY when a read turns into a write).
func dsn(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(FULL)&_txlock=immediate&_time_format=sqlite"
}

// Open opens (creating if absent) the store at path, after checking that an
// existing file is a CaseDesk store this version can read. It runs PRAGMA
// quick_check first when the last run did not close the store or the last
// check is due (see check.go). A file that fails a check is left untouched.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, OpenOptions{})
}

// OpenWith is Open with options: what to do before a migration.
func OpenWith(ctx context.Context, path string, opt OpenOptions) (*Store, error) {
	if serverFor != nil && !app.IsServerAddress(path) {
		path = serverFor(path)
	}
	if err := mistypedServer(path); err != nil {
		return nil, err
	}
	if app.IsServerAddress(path) {
		// A server's database is backed up with pg_dump (see the README);
		// its migrations each run in one transaction.
		return openServer(ctx, path, opt)
	}
	exists, err := readHeader(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	// From here on nothing in this process opens the store's files but
	// SQLite: closing another descriptor of them would drop SQLite's locks.
	release := files.Hold(path)
	// Marked open before anything can be written, so that a crash from here
	// on has the next Open check the store.
	marker, err := markOpen(path)
	if err != nil {
		release()
		return nil, err
	}
	s, err := open(ctx, path, exists, marker, opt)
	if err != nil {
		marker.release()
		release()
		return nil, err
	}
	s.release = release
	return s, nil
}

// open is Open once the store is marked open.
func open(ctx context.Context, path string, exists bool, marker *openMarker, opt OpenOptions) (*Store, error) {
	now := time.Now()
	checked := !exists // a new store has nothing to check yet
	if exists {
		var err error
		if checked, err = checkContents(ctx, path, marker.unclean, now); err != nil {
			return nil, err
		}
	}
	if err := privateStore(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, now: time.Now, marker: marker}
	if err := s.beforeMigrate(ctx, exists, opt); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, mapErr(err)
	}
	if checked {
		if err := recordCheck(ctx, db, now); err != nil {
			db.Close()
			return nil, err
		}
		marker.clearStale()
	}
	return s, nil
}

// privateStore makes the store file readable only by its owner before
// SQLite opens it: a new one is created 0600 (SQLite would make it 0644
// under the usual umask), an older one is narrowed. SQLite creates the
// write-ahead log, its index and any journal with the store file's mode, so
// they are 0600 from the start too.
func privateStore(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		fi, err := os.Stat(path + suffix)
		if err == nil && fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path+suffix, 0o600); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close closes the store. Only a clean close removes the store's open
// marker: after a failed one, the next Open checks the store.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return err
	}
	if s.pg {
		return nil
	}
	s.marker.release()
	if s.release != nil {
		s.release()
	}
	return nil
}

// Path is the store's file, or its server's address without the password.
func (s *Store) Path() string { return s.path }

// OnServer reports whether the store is on a database server.
func (s *Store) OnServer() bool { return s.pg }

type migration struct {
	version int
	name    string
	sql     string
	pg      string // PostgreSQL's own text of it, when the SQL must differ
}

// text is m's SQL for the store's database.
func (m migration) text(pg bool) string {
	if pg && m.pg != "" {
		return m.pg
	}
	return m.sql
}

// migrations are the embedded migrations in order, read once.
var migrations = sync.OnceValue(func() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("migration without a number: " + e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			panic(err)
		}
		pg, err := migrationFS.ReadFile(path.Join("migrations", "postgres", e.Name()))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			panic(err)
		}
		out = append(out, migration{v, e.Name(), string(b), string(pg)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out
})

func latestVersion() int {
	m := migrations()
	return m[len(m)-1].version
}

// migrate applies, each in its own transaction, every migration newer than
// the store, recording each one and the schema version.
func (s *Store) migrate(ctx context.Context) error { return s.migrateTo(ctx, latestVersion()) }

// migrateTo is migrate up to version upTo: tests make older stores with it.
func (s *Store) migrateTo(ctx context.Context, upTo int) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	// notOwner says plainly when a migration on a server failed because
	// the role signed in may not change the tables (the seats' role, which
	// may only read and write rows): the database must be opened once as
	// its owner. Any other error is returned as it is.
	notOwner := func(err error, version int) error {
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42501" { // insufficient_privilege
			return err
		}
		return fmt.Errorf("%w: the database's tables are at version %d and this CaseDesk needs version %d, "+
			"which the user signed in may not make; open it once as its owner (the role that owns the tables: "+
			"see the README's “Creating the database and a least-privilege role”), then the seats can use it (%s)",
			app.ErrServerSetUp, version, upTo, pe.Message)
	}
	if s.pg {
		// Seats usually sign in as a role that may only read and write the
		// tables (see the README): such a role is refused even CREATE TABLE
		// IF NOT EXISTS, so the table is made only when it is not there.
		var have bool
		if err := s.db.QueryRowContext(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&have); err != nil {
			return err
		}
		if !have {
			err := s.tx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7201)"); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, create)
				return err
			})
			if err != nil {
				return notOwner(err, 0)
			}
		}
	} else if _, err := s.db.ExecContext(ctx, create); err != nil {
		return err
	}
	var current int
	if err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return err
	}
	if s.pg && current > latestVersion() {
		return fmt.Errorf("%w (schema %d; this CaseDesk knows up to %d)", app.ErrStoreTooNew, current, latestVersion())
	}
	for _, m := range migrations() {
		if m.version <= current || m.version > upTo {
			continue
		}
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if s.pg {
				// Seats opening a new database at once: one migrates, the
				// others wait and find it done.
				if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7201)"); err != nil {
					return err
				}
				var done int
				if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&done); err != nil || done > 0 {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, m.text(s.pg)); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, s.stamp()); err != nil {
				return err
			}
			if s.pg {
				return nil
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return notOwner(err, current)
		}
		current = m.version
	}
	return nil
}

// tx runs fn in a write transaction (BEGIN IMMEDIATE through the DSN) and
// commits only when fn succeeds: nothing half-written reaches the store.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.pg {
		return s.serverTx(ctx, fn)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// stamp is the store's current time as text.
func (s *Store) stamp() string { return s.now().UTC().Format(timeLayout) }

// newID returns a UUIDv7: time-ordered, so new rows land at the end of indexes.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// nullable stores "" as NULL (optional foreign keys and unique columns).
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseDate(s string) app.Date {
	d, _ := app.ParseISODate(s)
	return d
}

// DemoPath is where the demo clinic that goes with the store at path is
// kept: a file of its own beside it, so demo data never enters a real store.
func DemoPath(path string) string { return filepath.Join(filepath.Dir(path), "casedesk-demo.db") }
