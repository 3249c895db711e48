package desk

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"casedesk/app"
	"casedesk/app/backup"
	"casedesk/app/files"
)

// Backups is what the desk needs of the store's backups (backup.Service).
type Backups interface {
	Status(ctx context.Context) (backup.Status, error)
	Make(ctx context.Context) (string, error)
	MakeTo(ctx context.Context, dest string) error
}

// WithBackups gives the desk the store's backups, and returns it.
func (s *Service) WithBackups(b Backups) *Service {
	s.backups = b
	return s
}

// BackupStatus says when the last backup ran, and where backups go: every
// staff member sees it, since everyone should know when it is overdue.
func (d *Desk) BackupStatus(ctx context.Context) (backup.Status, error) {
	if _, err := d.check(ctx, false); err != nil {
		return backup.Status{}, err
	}
	if d.svc.backups == nil {
		return backup.Status{}, app.ErrNotFound
	}
	return d.svc.backups.Status(ctx)
}

// BackUpNow makes a backup into the backup folder now, keeping the folder
// to retention (administrators). It returns the backup's file name.
func (d *Desk) BackUpNow(ctx context.Context) (string, error) {
	a, err := d.check(ctx, true)
	if err != nil {
		return "", err
	}
	if d.svc.backups == nil {
		return "", app.ErrNotFound
	}
	path, err := d.svc.backups.Make(ctx)
	if err != nil {
		return "", err
	}
	// The folder's path may name a person (a home folder): the audit row
	// names only the file.
	e := d.event(a, "backup.made", "backup", filepath.Base(path), "into the backup folder")
	return path, d.svc.store.Audit(ctx, &e)
}

// ErrNotABackup refuses to replace a file that is not a backup with one.
var ErrNotABackup = errors.New("it is not a CaseDesk backup, and a backup replaces only another backup; name another file")

// BackUpTo makes a backup into the file dest (administrators). A file
// already at dest is kept (an error for fs.ErrExist) unless replace is
// set, and even then only another backup is replaced: never a store, its
// log or a data key (files.ErrProtected), nor any other file.
func (d *Desk) BackUpTo(ctx context.Context, dest string, replace bool) error {
	a, err := d.check(ctx, true)
	if err != nil {
		return err
	}
	if d.svc.backups == nil {
		return app.ErrNotFound
	}
	if _, err := os.Lstat(dest); err == nil {
		switch kind := files.Kind(dest); {
		case !replace:
			return &fs.PathError{Op: "backup", Path: dest, Err: fs.ErrExist}
		case kind == "store" || kind == "key":
			return &fs.PathError{Op: "backup", Path: dest, Err: files.ErrProtected}
		case kind != "backup":
			return &fs.PathError{Op: "backup", Path: dest, Err: ErrNotABackup}
		}
	}
	if err := d.svc.backups.MakeTo(ctx, dest); err != nil {
		return err
	}
	e := d.event(a, "backup.made", "backup", "", "into a file named on the command line")
	return d.svc.store.Audit(ctx, &e)
}

// SetBackupFolder chooses the folder automatic backups go to
// (administrators); it must exist and be writable.
func (d *Desk) SetBackupFolder(ctx context.Context, dir string) error {
	return d.SetSetting(ctx, app.SettingBackupFolder, dir)
}
