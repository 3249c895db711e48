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
	"time"

	"casedesk/app"
	"casedesk/app/files"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// While a store file moves, nothing may write to it: a row written during
// the copy would be in neither the copy nor a refusal, and the move would
// still call itself verified. So the move holds SQLite's write lock on the
// file from before the first read until the server's transaction ends (a
// CaseDesk that opens the store meanwhile waits for it, then gives up on
// writing), and, just before the server commits, checks again that no
// CaseDesk has opened the file and that it is as it was; anything else
// rolls the move back.

// errStoreChanged is the move's refusal when the file changed under it.
var errStoreChanged = fmt.Errorf("%w: the store file changed while it was being moved: close CaseDesk on every computer and run migrate again", app.ErrStoreInUse)

// sourcePath is the store file that from names, with every symbolic link
// resolved: the open markers and the -wal file that say whether a CaseDesk
// has it open lie beside the real file, not beside a link to it.
func sourcePath(from string) (string, error) {
	real, err := filepath.EvalSymlinks(from)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%w: there is no store at %s", app.ErrNotFound, from)
	}
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}

// sourceHold is the move's hold on its store file.
type sourceHold struct {
	path    string
	db      *sql.DB
	conn    *sql.Conn // in BEGIN IMMEDIATE: SQLite's write lock; nil when the file could not be locked
	release func()    // files.Hold's
	version int64     // PRAGMA data_version when the copy began
	state   fileState
}

// fileState is what the file and its write-ahead log looked like.
type fileState struct {
	size, walSize int64
	mod, walMod   time.Time
}

func statFiles(path string) (fileState, error) {
	var st fileState
	fi, err := os.Stat(path)
	if err != nil {
		return st, err
	}
	st.size, st.mod = fi.Size(), fi.ModTime()
	if fi, err := os.Stat(path + "-wal"); err == nil {
		st.walSize, st.walMod = fi.Size(), fi.ModTime()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return st, err
	}
	return st, nil
}

// holdSource checks that path is a store at rest and takes its write lock.
// A file no CaseDesk holds and whose log is empty is locked without SQLite
// ever having to fold a log into it, so the file is not written to.
func holdSource(ctx context.Context, path string) (*sourceHold, error) {
	exists, err := readHeader(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, fmt.Errorf("%w: there is no store at %s", app.ErrNotFound, path)
	}
	if err := atRest(path); err != nil {
		return nil, err
	}
	h := &sourceHold{path: path, release: files.Hold(path)}
	// mode=rw never creates the file; no busy_timeout: a CaseDesk writing
	// right now is a store in use, not something to wait for.
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=rw&_pragma=busy_timeout(0)")
	if err != nil {
		h.Close()
		return nil, err
	}
	h.db = db
	conn, err := db.Conn(ctx)
	if err == nil {
		_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
		if err != nil {
			conn.Close()
		}
	}
	switch {
	case err == nil:
		h.conn = conn
		if err := h.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&h.version); err != nil {
			h.Close()
			return nil, mapErr(err)
		}
	case isBusy(err):
		h.Close()
		return nil, fmt.Errorf("%w: a CaseDesk is writing to %s; close CaseDesk on every computer that uses it, then move it", app.ErrStoreInUse, path)
	default:
		// A file this user cannot write (read-only media, say) cannot be
		// locked; the checks before the commit still catch a change.
		h.db.Close()
		h.db = nil
	}
	return h, nil
}

// atRest refuses a store that a CaseDesk has open, or whose log holds
// changes not yet in the file.
func atRest(path string) error {
	if err := notOpen(path); err != nil {
		return err
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("%w: %s has changes not yet written into the file (its -wal file); open it once with CaseDesk and close it, then move it",
			app.ErrStoreInUse, path)
	}
	return nil
}

// begin notes the file as the copy starts, once it is checked at rest.
func (h *sourceHold) begin() error {
	if err := atRest(h.path); err != nil {
		return err
	}
	st, err := statFiles(h.path)
	if err != nil {
		return err
	}
	h.state = st
	return nil
}

// unchanged is the check just before the server commits: no CaseDesk has
// opened the file, and nothing in it or its log changed since begin.
func (h *sourceHold) unchanged(ctx context.Context) error {
	if err := notOpen(h.path); err != nil {
		return err
	}
	st, err := statFiles(h.path)
	if err != nil {
		return err
	}
	if st != h.state {
		return errStoreChanged
	}
	if h.conn != nil {
		var v int64
		if err := h.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
			return mapErr(err)
		}
		if v != h.version {
			return errStoreChanged
		}
	}
	return nil
}

// Close lets the file go.
func (h *sourceHold) Close() {
	if h.conn != nil {
		h.conn.ExecContext(context.Background(), "ROLLBACK")
		h.conn.Close()
		h.conn = nil
	}
	if h.db != nil {
		h.db.Close()
		h.db = nil
	}
	h.release()
}

// isBusy reports whether err is SQLite's: another connection holds the lock.
func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}
