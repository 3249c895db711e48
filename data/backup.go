package data

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"casedesk/app"
	"casedesk/app/backup"
	"casedesk/app/files"
)

// Backup writes a plain, checked copy of the store to dest: VACUUM INTO a
// private temporary file beside dest, PRAGMA integrity_check on the copy,
// then an atomic rename. It is for a copy kept beside the store (the demo
// clinic's store before it is rebuilt); a backup that leaves the store's
// folder is sealed (SealedBackup).
func (s *Store) Backup(ctx context.Context, dest string) error {
	if s.pg {
		return app.ErrServerBackup
	}
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

// SealedBackup writes a sealed, checked backup of the store to dest, under k:
// VACUUM INTO a private file in the store's own folder (never in the backup
// folder, which may be a USB stick: the plain copy never reaches it), then
// that copy sealed into a private temporary file beside dest, synced and
// renamed into place, while PRAGMA quick_check reads the copy on the other
// core; a copy that fails its check is not renamed into place. The plain
// copy is removed. A failed backup leaves dest as it was. (Restore runs the
// full integrity_check before it replaces anything.)
func (s *Store) SealedBackup(ctx context.Context, dest string, k backup.Key) error {
	if s.pg {
		return app.ErrServerBackup
	}
	dest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	// Whoever named dest, a backup never takes the place of a store, its
	// log or a data key.
	if kind := files.Kind(dest); kind == "store" || kind == "key" {
		return &fs.PathError{Op: "backup", Path: dest, Err: files.ErrProtected}
	}
	removeStale(filepath.Dir(s.path), "."+filepath.Base(s.path)+".", ".backup")
	removeStale(filepath.Dir(dest), ".casedesk-", ".partial")
	plain, err := privateTemp(s.path, ".backup")
	if err != nil {
		return err
	}
	defer removeStore(plain)
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", plain); err != nil {
		return fmt.Errorf("backup: %w", mapErr(err))
	}
	schema, err := fileVersion(plain)
	if err != nil {
		return err
	}
	tmp, err := privateTemp(dest, ".partial")
	if err != nil {
		return err
	}
	renamed := false
	defer func() {
		if !renamed {
			os.Remove(tmp)
		}
	}()
	checked := make(chan error, 1)
	go func() { checked <- checkFile(ctx, plain) }()
	sealErr := sealFile(plain, tmp, k, schema, s.now())
	if err := <-checked; err != nil {
		return fmt.Errorf("backup: the copy failed its check: %w", err)
	}
	if sealErr != nil {
		return fmt.Errorf("backup: %w", sealErr)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return err
	}
	renamed = true
	return syncDir(filepath.Dir(dest))
}

// sealFile seals the store file plain into the file to, which privateTemp
// made, and syncs it.
func sealFile(plain, to string, k backup.Key, schema int, now time.Time) error {
	return convertFile(plain, to, func(out io.Writer, in io.Reader) error {
		return backup.Seal(out, in, k, schema, now)
	})
}

// openSealed opens the sealed backup from into the file to, which
// privateTemp made, checking every chunk, and syncs it.
func openSealed(from, to string, k backup.Key) error {
	return convertFile(from, to, func(out io.Writer, in io.Reader) error {
		_, err := backup.Open(in, out, k)
		return err
	})
}

// convertFile writes what convert makes of the file from into the file
// to (emptied first), and syncs it.
func convertFile(from, to string, convert func(out io.Writer, in io.Reader) error) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_TRUNC|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := convert(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// fileVersion is the schema version in a store file's header.
func fileVersion(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var hdr [64]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil {
		return 0, err
	}
	return int(binary.BigEndian.Uint32(hdr[60:64])), nil
}

// removeStale removes what a backup that was stopped halfway (the power
// went, CaseDesk was killed) left in dir: files named prefix…suffix older
// than a day, so that one running now is never touched.
func removeStale(dir, prefix, suffix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, prefix) || !strings.HasSuffix(n, suffix) || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > 24*time.Hour {
			removeStore(filepath.Join(dir, n))
		}
	}
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

// Restored says how a restore went.
type Restored struct {
	Kept  string // the replaced store, kept beside it; "" when there was none
	Plain bool   // the backup was a plain copy made by an earlier CaseDesk
}

// Restore replaces the store at storePath with the sealed backup at from,
// after checking the whole backup. It is opened with k, the keys it was
// sealed under (backup.ErrOtherKey when k is nil or another key's;
// backup.ErrTampered when anything in it was changed). A file that is not
// sealed is refused (backup.ErrNotSealed): nothing tells a plain store
// someone built from a copy an earlier CaseDesk made, and a built one
// could bring its maker's administrator (see RestorePlain). The store must
// not be open.
// Nothing is replaced until the backup opened whole and passed
// PRAGMA integrity_check; the replaced store is then kept beside it as
// <name>.before-restore-<time>.
func Restore(ctx context.Context, storePath, from string, k backup.Key) (Restored, error) {
	return restore(ctx, storePath, from, k, false)
}

// RestorePlain is Restore for a plain, unsealed copy of a store, as
// CaseDesk made before backups were sealed, when the person restoring
// says it never left their hands; a sealed backup is restored as Restore
// does.
func RestorePlain(ctx context.Context, storePath, from string, k backup.Key) (Restored, error) {
	return restore(ctx, storePath, from, k, true)
}

func restore(ctx context.Context, storePath, from string, k backup.Key, plain bool) (Restored, error) {
	var r Restored
	// On a new computer the store's folder may not be there yet.
	if err := os.MkdirAll(filepath.Dir(storePath), 0o700); err != nil {
		return r, err
	}
	tmp, err := privateTemp(storePath, ".restoring")
	if err != nil {
		return r, err
	}
	placed := false
	defer func() {
		if !placed {
			removeStore(tmp)
		}
	}()
	_, err = backup.ReadHeaderFile(from)
	switch {
	case errors.Is(err, backup.ErrNotSealed) && !plain:
		if verr := verifyCopy(ctx, from); verr != nil {
			return r, verr // not a store at all: say that
		}
		return r, err
	case errors.Is(err, backup.ErrNotSealed):
		r.Plain = true
		if err := verifyCopy(ctx, from); err != nil {
			return r, err
		}
		err = copyFile(from, tmp)
	case err != nil:
		return r, err
	case k == nil:
		return r, backup.ErrOtherKey
	default:
		err = openSealed(from, tmp, k)
	}
	if err != nil {
		return r, err
	}
	if err := verifyCopy(ctx, tmp); err != nil {
		return r, err
	}
	if r.Kept, err = keepReplaced(ctx, storePath); err != nil {
		return r, err
	}
	if err := os.Rename(tmp, storePath); err != nil {
		return r, err
	}
	placed = true
	if err := syncDir(filepath.Dir(storePath)); err != nil {
		return r, err
	}
	// Opening applies any migrations a backup from an older CaseDesk needs.
	s, err := Open(ctx, storePath)
	if err != nil {
		return r, err
	}
	return r, s.Close()
}

// keepReplaced moves the store at storePath, if any, aside to
// <name>.before-restore-<time> and returns that name.
func keepReplaced(ctx context.Context, storePath string) (string, error) {
	if _, err := os.Stat(storePath); err != nil {
		return "", nil
	}
	// Close the old store cleanly first so that its write-ahead log is
	// folded in; a stale -wal beside a new file would corrupt it.
	if old, err := Open(ctx, storePath); err == nil {
		old.Close()
	}
	kept := storePath + ".before-restore-" + time.Now().UTC().Format("20060102-150405")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(storePath+suffix, kept+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return kept, nil
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

// OpenOptions are what OpenWith does besides opening.
type OpenOptions struct {
	// BeforeMigrate, when set, runs when the store is older than this
	// CaseDesk, before the first migration: main makes a backup in it. An
	// error stops the open, and the store is not changed.
	BeforeMigrate func(ctx context.Context, s *Store, from, to int) error
	// ServerPassword, for a store on a database server, is the role's
	// password from this computer's keyring; when "", the server's address
	// or a private .pgpass file gives it (see openServer).
	ServerPassword string
}

// beforeMigrate runs opt.BeforeMigrate when an existing store needs migrations.
func (s *Store) beforeMigrate(ctx context.Context, exists bool, opt OpenOptions) error {
	if !exists || opt.BeforeMigrate == nil {
		return nil
	}
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return mapErr(err)
	}
	if v == 0 || v >= latestVersion() {
		return nil
	}
	return opt.BeforeMigrate(ctx, s, v, latestVersion())
}
