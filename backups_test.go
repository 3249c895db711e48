package main

// Sealed backups end to end: restoring on a second computer with and
// without the clinic's recovery key, the day's backup made by the first
// command of the day, the backup made before a migration, and who may
// make backups at the desk.

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/app/desk"
	"casedesk/data"
)

// memKeyring is a computer's keyring, in memory.
type memKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func newMemKeyring() *memKeyring { return &memKeyring{m: map[string]string{}} }

func (k *memKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (k *memKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[service+"/"+user] = secret
	return nil
}

func (k *memKeyring) len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.m)
}

// clinicStore makes a clinic's store at db with one client, on the
// computer useConfigDir set up, and returns its keys.
func clinicStore(t *testing.T, db string) *auth.Keys {
	t.Helper()
	ctx := context.Background()
	c, err := openClinic(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SetSetting(ctx, app.SettingInstallKind, app.InstallClinic); err != nil {
		t.Fatal(err)
	}
	_, err = c.deskService().CommandLine("test").AddClient(ctx, desk.ClientForm{GivenName: "Olga", FamilyName: "Petrova", DateOfBirth: "03/14/1985",
		CountryOfBirth: "Ukraine", Line1: "1 Elm St", City: "Springfield", State: "IL", ZIP: "62701"}, false)
	if err != nil {
		t.Fatal(err)
	}
	return c.keys
}

// A backup made on one computer restores on a second one (a fresh home
// folder and keyring) only with the clinic's recovery key: without it, or
// with a group mistyped, or with another clinic's key, nothing changes;
// with it (typed or from the QR code) the store is restored and the key
// put in the second computer's keyring.
func TestRestoreOnAnotherComputer(t *testing.T) {
	ctx := context.Background()
	// Computer A's data key is a fixed one, so that the QR code part below
	// reads the same picture every run.
	krA := newMemKeyring()
	krA.Set("casedesk", "data-key", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x5a}, 32)))
	useConfigDir(t, krA)
	dbA := filepath.Join(t.TempDir(), "casedesk.db")
	keysA := clinicStore(t, dbA)
	bak := filepath.Join(t.TempDir(), "usb", "casedesk-2026-11-27.cdbackup")
	os.MkdirAll(filepath.Dir(bak), 0o700)
	if code, out, errOut := runCLI(t, "backup", "--db", dbA, bak); code != 0 || !strings.Contains(out, "sealed") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	if b, _ := os.ReadFile(bak); bytes.Contains(b, []byte("Petrova")) || !bytes.HasPrefix(b, []byte(backup.Magic)) {
		t.Fatal("the backup is not sealed")
	}

	krB := newMemKeyring()
	useConfigDir(t, krB)
	dbB := filepath.Join(t.TempDir(), "CaseDesk", "casedesk.db") // a folder not made yet
	keyFile := func(text string) string {
		p := filepath.Join(t.TempDir(), "key.txt")
		os.WriteFile(p, []byte(text), 0o600)
		return p
	}
	groups := keysA.RecoveryGroups()
	typo := append([]string(nil), groups...)
	typo[3] = strings.Map(func(r rune) rune {
		if r == '0' {
			return '1'
		}
		return '0'
	}, typo[3][:1]) + typo[3][1:]
	other := auth.NewKeysForTest(bytes.Repeat([]byte{9}, 32))
	for _, c := range []struct {
		args   []string
		phrase string
	}{
		{nil, "sealed with another computer's data key"},
		{[]string{"--recovery-key-file", keyFile(strings.Join(typo, " "))}, "Group 4"},
		{[]string{"--recovery-key-file", keyFile(strings.Join(groups[:12], " "))}, "13 groups"},
		{[]string{"--recovery-key-file", keyFile(strings.Join(other.RecoveryGroups(), " "))}, "another clinic's data"},
	} {
		code, _, errOut := runCLI(t, append([]string{"restore", "--db", dbB, bak}, c.args...)...)
		if code != 1 || !strings.Contains(errOut, c.phrase) {
			t.Errorf("%v: %d %q, want %q", c.args, code, errOut, c.phrase)
		}
		if _, err := os.Stat(dbB); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v: a store appeared", c.args)
		}
		if krB.len() != 0 {
			t.Fatalf("%v: a key was put in the keyring", c.args)
		}
	}

	code, out, errOut := runCLI(t, "restore", "--db", dbB, bak, "--recovery-key-file", keyFile(strings.ToLower(strings.Join(groups, "-"))))
	if code != 0 || !strings.Contains(out, "Restored") || !strings.Contains(out, "recovery key is now this computer's data key") {
		t.Fatalf("restore with the key: %d %q %q", code, out, errOut)
	}
	keysB, _, err := auth.InstallKeys(ctx, systemKeyring, dbB)
	if err != nil || keysB.KeyCheck() != keysA.KeyCheck() {
		t.Fatalf("the second computer's key: %v", err)
	}
	c, err := openClinic(ctx, dbB)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	people, err := c.deskService().CommandLine("test").Search(ctx, "Petrova", false)
	if err != nil || len(people) != 1 || people[0].DateOfBirth != app.NewDate(1985, 3, 14) {
		t.Errorf("restored client: %+v %v", people, err)
	}
	if n, _ := c.CountAudit(ctx, "backup.restored"); n != 1 {
		t.Errorf("%d backup.restored rows", n)
	}
	c.Close()

	// A third computer reads the key from a photo of the sheet's QR code.
	useConfigDir(t, newMemKeyring())
	png, err := keysA.RecoveryQRImage(400)
	if err != nil {
		t.Fatal(err)
	}
	qr := filepath.Join(t.TempDir(), "sheet.png")
	os.WriteFile(qr, png, 0o600)
	dbC := filepath.Join(t.TempDir(), "casedesk.db")
	if code, out, errOut := runCLI(t, "restore", "--db", dbC, bak, "--recovery-qr", qr); code != 0 || !strings.Contains(out, "Restored") {
		t.Fatalf("restore with the QR code: %d %q %q", code, out, errOut)
	}
}

// The first command of the day makes the day's backup in the backup
// folder; the next one that day does not make another.
func TestFirstCommandOfTheDayBacksUp(t *testing.T) {
	useConfigDir(t, newMemKeyring())
	db := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, db)
	dir := backup.DefaultFolder(db)
	for range 2 {
		if code, _, errOut := runCLI(t, "settings", "list", "--db", db); code != 0 {
			t.Fatalf("settings list: %d %q", code, errOut)
		}
	}
	files, err := backup.List(dir, time.Local)
	if err != nil || len(files) != 1 || files[0].Name != backup.DailyName(time.Now()) {
		t.Fatalf("backups: %+v %v", files, err)
	}
	// The folder setting takes only a folder that is there.
	if code, _, errOut := runCLI(t, "settings", "set", "--db", db, app.SettingBackupFolder, filepath.Join(dir, "nowhere")); code == 0 || !strings.Contains(errOut, "there is no folder") {
		t.Errorf("a folder that is not there: %d %q", code, errOut)
	}
	usb := t.TempDir()
	if code, _, errOut := runCLI(t, "settings", "set", "--db", db, app.SettingBackupFolder, usb); code != 0 {
		t.Fatalf("settings set: %d %q", code, errOut)
	}
	if code, out, errOut := runCLI(t, "backup", "--db", db); code != 0 || !strings.Contains(out, usb) {
		t.Fatalf("backup into the folder: %d %q %q", code, out, errOut)
	}
	if files, _ := backup.List(usb, time.Local); len(files) != 1 {
		t.Errorf("%d backups in the chosen folder", len(files))
	}
}

// Before a migration the store is backed up, into the backup folder.
func TestBackupBeforeMigrationFromMain(t *testing.T) {
	ctx := context.Background()
	useConfigDir(t, newMemKeyring())
	db := filepath.Join(t.TempDir(), "casedesk.db")
	keys := clinicStore(t, db)
	s, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := backupBeforeMigrate(ctx, s, 8, 9); err != nil {
		t.Fatal(err)
	}
	files, _ := backup.List(backup.DefaultFolder(db), time.Local)
	if len(files) != 1 {
		t.Fatalf("%d backups", len(files))
	}
	f, _ := os.Open(filepath.Join(backup.DefaultFolder(db), files[0].Name))
	defer f.Close()
	var plain bytes.Buffer
	if _, err := backup.Open(f, &plain, keys); err != nil || !bytes.HasPrefix(plain.Bytes(), []byte("SQLite format 3")) {
		t.Errorf("the backup before the migration: %v", err)
	}
}

// Only an administrator makes a backup or chooses the folder; every staff
// member sees when the last one ran; a signed-out session and an applicant
// get nothing. The audit row names no path.
func TestDeskBackupsWhoMay(t *testing.T) {
	useConfigDir(t, newMemKeyring())
	r := newDeskRig(t)
	ctx := context.Background()
	r.desk.WithBackups(r.c.backups())
	admin := r.setUp(t)
	staff := r.staffSession(t, admin, "tomas.h", app.RoleStaff)
	ended := r.staffSession(t, admin, "gone.h", app.RoleStaff)
	ended.End()
	usb := t.TempDir()
	for name, s := range map[string]*desk.Desk{"staff": r.desk.For(staff), "signed out": r.desk.For(ended), "nobody": r.desk.For(nil)} {
		if _, err := s.BackUpNow(ctx); err == nil {
			t.Errorf("%s made a backup", name)
		}
		if err := s.BackUpTo(ctx, filepath.Join(usb, "x.cdbackup"), false); err == nil {
			t.Errorf("%s made a backup into a file", name)
		}
		if err := s.SetBackupFolder(ctx, usb); err == nil {
			t.Errorf("%s chose the backup folder", name)
		}
	}
	if _, err := r.desk.For(staff).BackUpNow(ctx); !errors.Is(err, desk.ErrNotAdmin) {
		t.Errorf("staff: %v", err)
	}
	if _, err := r.desk.For(ended).BackupStatus(ctx); err == nil {
		t.Error("a signed-out session read the backup status")
	}
	if entries, _ := os.ReadDir(usb); len(entries) != 0 {
		t.Fatalf("refused calls left %d files", len(entries))
	}
	ad := r.desk.For(admin)
	if err := ad.SetBackupFolder(ctx, usb); err != nil {
		t.Fatal(err)
	}
	made, err := ad.BackUpNow(ctx)
	if err != nil || filepath.Dir(made) != usb {
		t.Fatalf("admin's backup: %q %v", made, err)
	}
	st, err := r.desk.For(staff).BackupStatus(ctx)
	if err != nil || st.Last.IsZero() || st.Stale(time.Now()) || st.Folder != usb {
		t.Errorf("staff sees: %+v %v", st, err)
	}
	log, err := ad.AuditLog(ctx, desk.AuditFilter{Action: "backup.made"})
	if err != nil || len(log) != 1 {
		t.Fatalf("audit: %+v %v", log, err)
	}
	if strings.Contains(log[0].Detail+log[0].RecordID, usb) || log[0].ActorID != "rosa.admin" {
		t.Errorf("audit row: %+v", log[0])
	}
}

// The window's first start of the day makes the day's backup beside it,
// in the background; a second start that day makes none; closing the
// store waits for a backup still running.
func TestWindowStartBacksUpInBackground(t *testing.T) {
	ctx := context.Background()
	useConfigDir(t, newMemKeyring())
	db := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, db)
	for range 2 {
		c, err := openClinic(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.OpenKeys(ctx); err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		c.dailyInBackground(&stderr)
		c.daily.wg.Wait()
		if err := c.Close(); err != nil || stderr.Len() > 0 {
			t.Fatalf("close: %v %q", err, stderr.String())
		}
	}
	files, _ := backup.List(backup.DefaultFolder(db), time.Local)
	if len(files) != 1 {
		t.Errorf("%d backups after two starts in a day", len(files))
	}
}

// When the backup folder cannot be written (the USB drive is not plugged
// in), the backup before a migration is made beside the store instead.
func TestBackupBeforeMigrationWithoutTheDrive(t *testing.T) {
	ctx := context.Background()
	useConfigDir(t, newMemKeyring())
	db := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, db)
	s, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetSetting(ctx, app.SettingBackupFolder, "/nowhere/usb\x00")
	if err := backupBeforeMigrate(ctx, s, 8, 9); err != nil {
		t.Fatal(err)
	}
	found, _ := filepath.Glob(db + ".before-update-*" + backup.Ext)
	if len(found) != 1 {
		t.Fatalf("beside the store: %v", found)
	}
	if h, err := backup.ReadHeaderFile(found[0]); err != nil || h.Schema == 0 {
		t.Errorf("%+v %v", h, err)
	}
}
