package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"

	"github.com/jackc/pgx/v5"
)

// Moving a clinic from its store file to a database server: every table is
// copied, in one transaction on the server, with PostgreSQL's COPY; then,
// in the same transaction, each table's rows are counted and checksummed on
// the server the same way they were as they left the file, and only when
// every table matches is the transaction committed. Anything else rolls it
// back: the server's database is left as it was found, empty. The store
// file is read, never written to; its write lock is held for the whole
// move so that no CaseDesk writes to it either (migrate_hold.go).

// MigrateOptions choose how Migrate reaches the server.
type MigrateOptions struct {
	// ServerPassword is the server role's password, as in OpenOptions.
	ServerPassword string
	// Actor is who the audit row on the server names.
	Actor string
	// KeyCheck, when set, is the key check of the data key the person
	// moving the clinic holds: a store file that keeps another is refused
	// with app.ErrWrongKey before anything is copied, since no seat could
	// then open the copy.
	KeyCheck string
	// Progress, when set, is told each table once it is copied.
	Progress func(table string, rows int64)
	// beforeCommit, set by Migrate, runs just before the server commits:
	// an error (the store file changed, say) rolls the move back.
	beforeCommit func(ctx context.Context) error
	// fault, in tests, runs in the move's transaction after each table is
	// copied: an error fails the move there.
	fault func(ctx context.Context, tx pgx.Tx, table string) error
}

// TableCheck is one table as Migrate copied and verified it: its rows and
// the checksum both sides agreed on (see rowHasher).
type TableCheck struct {
	Table    string
	Rows     int64
	Checksum string // SHA-256, hex
}

// Migrated is what Migrate did.
type Migrated struct {
	Tables []TableCheck
	Took   time.Duration
}

// Migrate copies the store file from into the empty database on the server
// to (a postgres:// address), verifying every table before the copy is
// committed. The file must be a store of this CaseDesk's schema that no
// CaseDesk has open; the server's database must hold no rows
// (app.ErrServerNotEmpty). A difference after the copy is
// app.ErrMigrateMismatch. On any failure the server's database holds no
// rows; the file is untouched either way.
func Migrate(ctx context.Context, from, to string, opt MigrateOptions) (Migrated, error) {
	start := time.Now()
	if app.IsServerAddress(from) || !app.IsServerAddress(to) {
		return Migrated{}, errors.New("migrate copies a store file (--from) to a database server (--to postgres://…)")
	}
	from, err := sourcePath(from)
	if err != nil {
		return Migrated{}, err
	}
	hold, err := holdSource(ctx, from)
	if err != nil {
		return Migrated{}, err
	}
	defer hold.Close()
	src, err := openSource(ctx, from)
	if err != nil {
		return Migrated{}, err
	}
	defer src.Close()
	if err := hold.begin(); err != nil {
		return Migrated{}, err
	}
	opt.beforeCommit = hold.unchanged
	if opt.KeyCheck != "" {
		var kept string
		err := src.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, keyCheckSetting).Scan(&kept)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return Migrated{}, mapErr(err)
		}
		if kept != "" && kept != opt.KeyCheck {
			return Migrated{}, app.ErrWrongKey
		}
	}
	dst, err := openServer(ctx, to, OpenOptions{ServerPassword: opt.ServerPassword})
	if err != nil {
		return Migrated{}, err
	}
	defer dst.Close()
	tables, err := migrationPlan(ctx, src, dst)
	if err != nil {
		return Migrated{}, err
	}
	conn, err := dst.db.Conn(ctx)
	if err != nil {
		return Migrated{}, mapErr(err)
	}
	defer conn.Close()
	var out Migrated
	err = conn.Raw(func(dc any) error {
		pc := dc.(*pgConn).Conn.Conn()
		out.Tables, err = copyAll(ctx, pc, src, tables, opt, dst.stamp())
		return err
	})
	if err != nil {
		return Migrated{}, mapErr(err)
	}
	out.Took = time.Since(start)
	return out, nil
}

// openSource opens the store file at path (a real path, held by
// holdSource) read-only, after checking that it is a store of this
// CaseDesk's schema that no CaseDesk has open: the copy must be of a store
// at rest. immutable=1 lets SQLite read it without
// taking locks or making a shared-memory file beside it, so the folder is
// left exactly as it was.
func openSource(ctx context.Context, path string) (*sql.DB, error) {
	if err := atRest(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&immutable=1")
	if err != nil {
		return nil, err
	}
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		db.Close()
		return nil, mapErr(err)
	}
	if v != latestVersion() {
		db.Close()
		if v > latestVersion() {
			return nil, checkVersion(v)
		}
		return nil, fmt.Errorf("the store %s has schema %d, older than this CaseDesk's %d: open it once with this CaseDesk (it updates it, after a backup), close it, then move it",
			path, v, latestVersion())
	}
	if err := quickCheck(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// notOpen refuses a store that a running CaseDesk has open: one of its
// open markers (check_marker.go) is locked by its owner.
func notOpen(path string) error {
	if !fileLocks {
		return nil // no marker can show that its owner lives
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), base+markerInfix) || !e.Type().IsRegular() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		free, err := lockMarker(f)
		f.Close()
		if err != nil {
			return err
		}
		if !free {
			return fmt.Errorf("%w: close CaseDesk on every computer that uses %s, then move it", app.ErrStoreInUse, path)
		}
	}
	return nil
}
