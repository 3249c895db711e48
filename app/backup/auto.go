package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
)

// StaleAfter is how long without a backup before the desk warns everyone.
const StaleAfter = 3 * 24 * time.Hour

// Store is what backups need of the case store (data.Store implements it):
// a sealed, checked copy of itself at dest, and its settings.
type Store interface {
	SealedBackup(ctx context.Context, dest string, k Key) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	Path() string
}

// Service makes the store's backups into the backup folder, keeps the
// folder to retention, and records how the last one went.
type Service struct {
	store    Store
	key      Key
	now      func() time.Time
	fallback string // the folder when none was chosen
}

// New returns the backups of store, sealed under key; now is the clock
// (nil: time.Now).
func New(store Store, key Key, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, key: key, now: now, fallback: DefaultFolder(store.Path())}
}

// WithDefaultFolder makes dir the folder used until one is chosen (the
// demo clinic's backups keep out of the clinic's folder), and returns s.
func (s *Service) WithDefaultFolder(dir string) *Service {
	s.fallback = dir
	return s
}

// DefaultFolder is the backup folder of the store at storePath when none
// was chosen.
func DefaultFolder(storePath string) string {
	return filepath.Join(filepath.Dir(storePath), DefaultFolderName)
}

// Folder is the backup folder: the backup.folder setting, or DefaultFolder.
func (s *Service) Folder(ctx context.Context) (string, error) {
	v, err := s.store.Setting(ctx, app.SettingBackupFolder)
	if errors.Is(err, app.ErrNotFound) || (err == nil && strings.TrimSpace(v) == "") {
		return s.fallback, nil
	}
	return strings.TrimSpace(v), err
}

// zone is the clinic's time zone, whose date names the day's backup.
func (s *Service) zone(ctx context.Context) *time.Location {
	v, err := s.store.Setting(ctx, auth.SettingTimeZone)
	if err != nil || strings.TrimSpace(v) == "" {
		return time.Local
	}
	if loc, err := auth.LoadZone(v); err == nil {
		return loc
	}
	return time.Local
}

// Status is how the store's backups stand.
type Status struct {
	Folder string
	Last   time.Time // the last backup that succeeded; zero: none yet
	Failed string    // why the last attempt failed, when it did after Last
	FailAt time.Time
}

// Stale says whether it has been StaleAfter or more since the last backup
// (or there never was one), at now.
func (st Status) Stale(now time.Time) bool {
	return st.Last.IsZero() || now.Sub(st.Last) >= StaleAfter
}

// Status reads how the store's backups stand.
func (s *Service) Status(ctx context.Context) (Status, error) {
	var st Status
	var err error
	if st.Folder, err = s.Folder(ctx); err != nil {
		return st, err
	}
	if v, err := s.store.Setting(ctx, app.SettingBackupLast); err == nil {
		st.Last, _ = time.Parse(time.RFC3339, v)
	} else if !errors.Is(err, app.ErrNotFound) {
		return st, err
	}
	if v, err := s.store.Setting(ctx, app.SettingBackupFailed); err == nil && v != "" {
		at, reason, _ := strings.Cut(v, "\t")
		st.FailAt, _ = time.Parse(time.RFC3339, at)
		st.Failed = reason
	} else if err != nil && !errors.Is(err, app.ErrNotFound) {
		return st, err
	}
	return st, nil
}

// Due says whether the clinic's day has no backup yet.
func (s *Service) Due(ctx context.Context) (bool, error) {
	st, err := s.Status(ctx)
	if err != nil {
		return false, err
	}
	loc := s.zone(ctx)
	return st.Last.IsZero() || st.Last.In(loc).Format("2006-01-02") != s.now().In(loc).Format("2006-01-02"), nil
}

// Daily makes the day's backup when the day has none yet: on the first
// start of each day. It returns the backup's path, or "" when none was due.
func (s *Service) Daily(ctx context.Context) (string, error) {
	due, err := s.Due(ctx)
	if err != nil || !due {
		return "", err
	}
	return s.Make(ctx)
}

// Make makes a backup into the backup folder now, then removes the ones
// retention does not keep. Its success or its failure is recorded for the
// desk to show.
func (s *Service) Make(ctx context.Context) (string, error) {
	path, err := s.make(ctx)
	if err != nil {
		reason := err.Error()
		if ctx.Err() != nil {
			reason = i18n.T("CaseDesk was closed while it was making the backup")
		}
		_ = s.store.SetSetting(context.WithoutCancel(ctx), app.SettingBackupFailed, s.now().UTC().Format(time.RFC3339)+"\t"+reason)
		return "", err
	}
	return path, nil
}

func (s *Service) make(ctx context.Context) (string, error) {
	if s.key == nil {
		return "", errors.New(i18n.T("the data key is not loaded"))
	}
	dir, err := s.Folder(ctx)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("%s", i18n.T("the backup folder %s could not be made: %v", dir, err))
	}
	loc := s.zone(ctx)
	now := s.now().In(loc)
	path := FreeName(dir, now)
	if err := s.store.SealedBackup(ctx, path, s.key); err != nil {
		return "", err
	}
	if err := s.store.SetSetting(ctx, app.SettingBackupLast, s.now().UTC().Format(time.RFC3339)); err != nil {
		return path, err
	}
	_ = s.store.SetSetting(ctx, app.SettingBackupFailed, "")
	if _, err := Prune(dir, loc); err != nil {
		return path, fmt.Errorf("%s", i18n.T("the backup %s was made, but older backups could not be removed: %v", path, err))
	}
	return path, nil
}

// CheckFolder says whether dir can be the backup folder: a folder that
// exists and CaseDesk may write in.
func CheckFolder(dir string) error {
	dir = strings.TrimSpace(dir)
	if dir == "" {
		return errors.New(i18n.T("the value is empty"))
	}
	if !filepath.IsAbs(dir) {
		return errors.New(i18n.T("%s is not a full path; name the folder from the top, like /media/usb/CaseDesk or D:\\CaseDesk", dir))
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return errors.New(i18n.T("there is no folder %s; make it first (or plug in the drive it is on)", dir))
	}
	f, err := os.CreateTemp(dir, ".casedesk-check-*")
	if err != nil {
		return errors.New(i18n.T("CaseDesk may not write in %s; choose a folder you can write in", dir))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// MakeTo makes a backup at dest, a file the caller named: outside the
// backup folder, so retention does not apply. It is recorded as the last
// backup all the same.
func (s *Service) MakeTo(ctx context.Context, dest string) error {
	if s.key == nil {
		return errors.New(i18n.T("the data key is not loaded"))
	}
	if err := s.store.SealedBackup(ctx, dest, s.key); err != nil {
		return err
	}
	if err := s.store.SetSetting(ctx, app.SettingBackupLast, s.now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return s.store.SetSetting(ctx, app.SettingBackupFailed, "")
}
