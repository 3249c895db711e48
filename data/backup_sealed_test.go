package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/backup"
)

// sealedStore makes a store at dir/casedesk.db with one client and a
// sealed backup of it in another folder; the store is closed.
func sealedStore(t *testing.T) (path, bak string) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "casedesk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustPerson(t, s, "Olga", "Petrova")
	bak = filepath.Join(t.TempDir(), "casedesk-2026-11-27.cdbackup")
	if err := s.SealedBackup(ctx, bak, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	mustPerson(t, s, "After", "Backup")
	s.Close()
	return path, bak
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// A sealed backup shows nothing of the store, is private, leaves no plain
// copy anywhere, and restores with its key only.
func TestSealedBackupRestores(t *testing.T) {
	sqliteOnly(t, "its backups (a server is backed up with pg_dump)")
	ctx := context.Background()
	path, bak := sealedStore(t)
	b, err := os.ReadFile(bak)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte(backup.Magic)) || bytes.Contains(b, []byte("Petrova")) || bytes.Contains(b, []byte(sqliteHeader)) {
		t.Error("the backup is not sealed")
	}
	if fi, _ := os.Stat(bak); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", fi.Mode().Perm())
	}
	for _, dir := range []string{filepath.Dir(path), filepath.Dir(bak)} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".backup") || strings.HasSuffix(e.Name(), ".partial") {
				t.Errorf("left behind: %s", e.Name())
			}
		}
	}
	for _, k := range []backup.Key{nil, auth.NewKeysForTest(bytes.Repeat([]byte{7}, 32))} {
		if _, err := Restore(ctx, path, bak, k); !errors.Is(err, backup.ErrOtherKey) {
			t.Errorf("restored with key %v: %v", k, err)
		}
	}
	r, err := Restore(ctx, path, bak, auth.NewKeysForTest(testKey))
	if err != nil {
		t.Fatal(err)
	}
	if r.Plain || r.Kept == "" {
		t.Errorf("restored: %+v", r)
	}
	s := openPath(t, path)
	if sum, _ := s.Summary(ctx); sum.People != 1 {
		t.Errorf("restored store has %d people, want 1", sum.People)
	}
	if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		t.Errorf("restored store refuses its key: %v", err)
	}
}

// A backup changed in any way (one byte flipped in the header, the middle
// or the last chunk; cut short; added to) is refused and the store is not
// touched: same bytes, nothing kept aside, nothing left beside it.
func TestTamperedBackupLeavesStore(t *testing.T) {
	sqliteOnly(t, "its backups (a server is backed up with pg_dump)")
	ctx := context.Background()
	path, bak := sealedStore(t)
	// Enough rows for several chunks.
	s := openPath(t, path)
	s.SetSetting(ctx, "test.filler", strings.Repeat("casedesk ", 40000))
	if err := s.SealedBackup(ctx, bak, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	good, _ := os.ReadFile(bak)
	if len(good) < 4*(64<<10) {
		t.Fatalf("backup only %d bytes", len(good))
	}
	before := fileSum(t, path)
	flip := func(i int) []byte { b := bytes.Clone(good); b[i] ^= 0x80; return b }
	cases := map[string][]byte{
		"header":     flip(len(backup.Magic) + 20),
		"first":      flip(200),
		"middle":     flip(len(good) / 2),
		"last chunk": flip(len(good) - 5),
		"truncated":  good[:len(good)-100],
		"cut at end": good[:len(good)-(len(good)-110)%(64<<10+16)],
		"appended":   append(bytes.Clone(good), []byte("more")...),
	}
	for name, b := range cases {
		bad := filepath.Join(t.TempDir(), "bad.cdbackup")
		os.WriteFile(bad, b, 0o600)
		_, err := Restore(ctx, path, bad, auth.NewKeysForTest(testKey))
		if !errors.Is(err, backup.ErrTampered) {
			t.Errorf("%s: %v", name, err)
		}
		if fileSum(t, path) != before {
			t.Fatalf("%s: the store changed", name)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		for _, e := range entries {
			if e.Name() != "casedesk.db" {
				t.Errorf("%s: left beside the store: %s", name, e.Name())
			}
		}
	}
}

// A plain copy made by an earlier CaseDesk restores only when asked for
// by name (RestorePlain), and says so.
func TestPlainBackupStillRestores(t *testing.T) {
	sqliteOnly(t, "its backups (a server is backed up with pg_dump)")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s := openPath(t, path)
	mustPerson(t, s, "Olga", "Petrova")
	bak := filepath.Join(t.TempDir(), "old-backup.db")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	if _, err := Restore(ctx, path, bak, nil); !errors.Is(err, backup.ErrNotSealed) {
		t.Fatalf("a plain copy restored without being asked for: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("a refused plain copy changed the store")
	}
	r, err := RestorePlain(ctx, path, bak, nil)
	if err != nil || !r.Plain {
		t.Fatalf("%+v %v", r, err)
	}
}

// The day's backup is made on the first start of the clinic's day and not
// again that day; the next day makes the next one. Its time is recorded.
func TestDailyBackupOncePerDay(t *testing.T) {
	sqliteOnly(t, "its backups (a server is backed up with pg_dump)")
	ctx := context.Background()
	s := openTest(t)
	now := time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)
	svc := backup.New(s, auth.NewKeysForTest(testKey), func() time.Time { return now })
	dir := backup.DefaultFolder(s.Path())
	got, err := svc.Daily(ctx)
	if err != nil || filepath.Base(got) != "casedesk-2026-11-27.cdbackup" {
		t.Fatalf("first start: %q %v", got, err)
	}
	now = now.Add(6 * time.Hour)
	if got, err := svc.Daily(ctx); got != "" || err != nil {
		t.Errorf("second start the same day made %q %v", got, err)
	}
	files, _ := backup.List(dir, time.UTC)
	if len(files) != 1 {
		t.Errorf("%d backups after one day", len(files))
	}
	st, _ := svc.Status(ctx)
	if !st.Last.Equal(time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)) || st.Folder != dir || st.Stale(now) {
		t.Errorf("status: %+v", st)
	}
	if !st.Stale(now.Add(3 * 24 * time.Hour)) {
		t.Error("not stale after 3 days")
	}
	now = now.Add(18 * time.Hour)
	if got, err := svc.Daily(ctx); filepath.Base(got) != "casedesk-2026-11-28.cdbackup" || err != nil {
		t.Errorf("next day: %q %v", got, err)
	}
	// A folder that cannot be written records why.
	s.SetSetting(ctx, app.SettingBackupFolder, filepath.Join(t.TempDir(), "gone", "\x00"))
	if _, err := svc.Make(ctx); err == nil {
		t.Error("backup into a bad folder succeeded")
	}
	if st, _ := svc.Status(ctx); st.Failed == "" || st.FailAt.IsZero() {
		t.Errorf("failure not recorded: %+v", st)
	}
}

// Opening a store older than this CaseDesk runs the hook before any
// migration, with the old schema; a hook that fails leaves the store as it was.
func TestBackupBeforeMigration(t *testing.T) {
	sqliteOnly(t, "its backups (a server is backed up with pg_dump)")
	ctx := context.Background()
	old := olderStore(t, 7)
	old.SetSetting(ctx, "clinic.name", "Old Clinic")
	path := old.Path()
	old.db.Close()
	bakDir := t.TempDir()
	var seen int
	refuse := OpenOptions{BeforeMigrate: func(ctx context.Context, s *Store, from, to int) error {
		return errors.New("no backup")
	}}
	if _, err := OpenWith(ctx, path, refuse); err == nil {
		t.Fatal("opened though the backup failed")
	}
	if v, _ := fileVersion(path); v != 7 {
		t.Fatalf("store migrated to %d though the backup failed", v)
	}
	keys := auth.NewKeysForTest(testKey)
	opt := OpenOptions{BeforeMigrate: func(ctx context.Context, s *Store, from, to int) error {
		seen = from
		return s.SealedBackup(ctx, filepath.Join(bakDir, "before.cdbackup"), keys)
	}}
	s, err := OpenWith(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if seen != 7 {
		t.Errorf("hook saw version %d", seen)
	}
	h, err := backup.ReadHeaderFile(filepath.Join(bakDir, "before.cdbackup"))
	if err != nil || h.Schema != 7 {
		t.Fatalf("backup before migration: %+v %v", h, err)
	}
	// Up to date now: no hook.
	seen = 0
	s, err = OpenWith(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if seen != 0 {
		t.Error("hook ran on an up-to-date store")
	}
	// The old backup restores, and is migrated on the way.
	r, err := Restore(ctx, path, filepath.Join(bakDir, "before.cdbackup"), keys)
	if err != nil {
		t.Fatal(err)
	}
	_ = r
	if v, _ := fileVersion(path); v != latestVersion() {
		t.Errorf("restored store at version %d", v)
	}
}

// openSealedAll opens every backup CaseDesk made in dir, whole.
func openSealedAll(t *testing.T, dir string, k backup.Key) int {
	t.Helper()
	files, err := backup.List(dir, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		in, err := os.Open(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = backup.Open(in, io.Discard, k)
		in.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	return len(files)
}

// Started once a day (some days not at all) for 120 days on a fake clock,
// the store's automatic backups keep to retention: at most 14 daily and 8
// weekly, the newest always there, every one of them opens, and a file
// CaseDesk did not make is left alone.
func TestAutomaticBackupsKeepToRetention(t *testing.T) {
	sqliteOnly(t, "its backups (a server is backed up with pg_dump)")
	ctx := context.Background()
	s := openTest(t)
	mustPerson(t, s, "Olga", "Petrova")
	day := time.Date(2026, 8, 1, 8, 0, 0, 0, time.Local)
	keys := auth.NewKeysForTest(testKey)
	svc := backup.New(s, keys, func() time.Time { return day })
	dir := backup.DefaultFolder(s.Path())
	os.MkdirAll(dir, 0o700)
	mine := filepath.Join(dir, "casedesk-notes.txt")
	os.WriteFile(mine, []byte("the clinic's own file"), 0o600)
	var last string
	for i := range 120 {
		if i%7 == 6 {
			day = day.AddDate(0, 0, 1)
			continue // closed on Sundays
		}
		made, err := svc.Daily(ctx)
		if err != nil || made == "" {
			t.Fatalf("day %d: %q %v", i, made, err)
		}
		if again, _ := svc.Daily(ctx); again != "" {
			t.Fatalf("day %d: a second backup %s", i, again)
		}
		last = filepath.Base(made)
		day = day.AddDate(0, 0, 1)
	}
	files, _ := backup.List(dir, time.Local)
	if len(files) > backup.KeepDays+backup.KeepWeeks || len(files) < backup.KeepDays {
		t.Errorf("%d backups kept", len(files))
	}
	if files[0].Name != last {
		t.Errorf("newest kept %s, made last %s", files[0].Name, last)
	}
	if n := openSealedAll(t, dir, keys); n != len(files) {
		t.Errorf("%d of %d open", n, len(files))
	}
	if _, err := os.Stat(mine); err != nil {
		t.Error("retention removed a file CaseDesk did not make")
	}
}
