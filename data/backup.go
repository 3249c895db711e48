package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Backup writes a consistent copy of the store to dest: VACUUM INTO a
// temporary file beside dest, PRAGMA integrity_check on the copy, then an
// atomic rename. A failed backup leaves dest as it was. The temporary file
// has a name nobody can guess and is 0600 before anything is written to it
// (VACUUM INTO takes an empty file), as is the journal SQLite makes beside it.
func (s *Store) Backup(ctx context.Context, dest string) error {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	tmp, err := privateTemp(dest, ".partial")
	if err != nil {
		return err
	}
	defer removeStore(tmp)
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("backup: %w", mapErr(err))
	}
	if err := verifyCopy(ctx, tmp); err != nil {
		return fmt.Errorf("backup: the copy failed its check: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dest))
}

// privateTemp makes an empty 0600 file with a random name beside path,
// ending in suffix, and returns its name.
func privateTemp(path, suffix string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*"+suffix)
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// verifyCopy checks a store file without changing it: header, schema
// version, and a full PRAGMA integrity_check.
func verifyCopy(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	if err := checkFile(ctx, path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	return check(ctx, db, "PRAGMA integrity_check")
}

// Restore replaces the store at storePath with the backup at from, after
// checking the backup. The store must not be open. The replaced store is kept
// beside it as <name>.before-restore-<time>; its path is returned.
func Restore(ctx context.Context, storePath, from string) (kept string, err error) {
	if err := verifyCopy(ctx, from); err != nil {
		return "", err
	}
	tmp, err := privateTemp(storePath, ".restoring")
	if err != nil {
		return "", err
	}
	if err := copyFile(from, tmp); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if _, err := os.Stat(storePath); err == nil {
		// Close the old store cleanly first so that its write-ahead log is
		// folded in; a stale -wal beside a new file would corrupt it.
		if old, err := Open(ctx, storePath); err == nil {
			old.Close()
		}
		kept = storePath + ".before-restore-" + time.Now().UTC().Format("20060102-150405")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(storePath+suffix, kept+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				os.Remove(tmp)
				return "", err
			}
		}
	}
	if err := os.Rename(tmp, storePath); err != nil {
		os.Remove(tmp)
		return kept, err
	}
	if err := syncDir(filepath.Dir(storePath)); err != nil {
		return kept, err
	}
	// Opening applies any migrations a backup from an older CaseDesk needs.
	s, err := Open(ctx, storePath)
	if err != nil {
		return kept, err
	}
	return kept, s.Close()
}

// copyFile copies from into the file to, which privateTemp made.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_TRUNC|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some file systems cannot sync a directory; the rename is still made.
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}
