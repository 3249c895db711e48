package main

// Attacks on sealed backups and restore: a changed, cut, reordered or
// lengthened backup, another clinic's backup, a plain store handed in
// place of a sealed backup, plain copies left on disk, and retention
// removing files CaseDesk did not make.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/app/desk"
	"casedesk/ui/cli"
)

// fixedKeyring is a computer's keyring holding the data key made of b.
func fixedKeyring(b byte) *memKeyring {
	kr := newMemKeyring()
	kr.Set("casedesk", "data-key", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, 32)))
	return kr
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// sealedOf makes a sealed backup of the clinic store at db into dir.
func sealedOf(t *testing.T, db, dir string) string {
	t.Helper()
	bak := filepath.Join(dir, "casedesk-2026-11-27.cdbackup")
	if code, out, errOut := runCLI(t, "backup", "--db", db, bak); code != 0 {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	return bak
}

// Every changed form of a sealed backup, and another clinic's backup, is
// refused, and leaves the store, its folder and the keyring as they were.
func TestSecurityTamperedBackupsRefused(t *testing.T) {
	ctx := context.Background()
	other := fixedKeyring(0x11)
	useConfigDir(t, other)
	otherDB := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, otherDB)
	otherBak := sealedOf(t, otherDB, t.TempDir())

	kr := fixedKeyring(0x22)
	useConfigDir(t, kr)
	storeDir := t.TempDir()
	db := filepath.Join(storeDir, "casedesk.db")
	clinicStore(t, db)
	good := sealedOf(t, db, t.TempDir())
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	h, err := backup.ReadHeaderFile(good)
	if err != nil {
		t.Fatal(err)
	}
	hdr := len(backup.Magic) + 2 + 4 + 8 + 32 + 2 + len(h.KeyCheck)
	const frame = 64<<10 + 16
	chunks := (len(b) - hdr + frame - 1) / frame
	t.Logf("backup of %d bytes, %d chunks", len(b), chunks)
	// The last chunk's length: a whole frame when the data fills its
	// frames exactly (one store size in 16 does).
	last := (len(b) - hdr) % frame
	if last == 0 {
		last = frame
	}

	variants := map[string][]byte{
		"a byte flipped in the data": flip(b, hdr+100),
		"a byte flipped in the tag":  flip(b, len(b)-1),
		"the date in the header":     flip(b, len(backup.Magic)+2+4+7),
		"the schema in the header":   flip(b, len(backup.Magic)+2+3),
		"the salt in the header":     flip(b, len(backup.Magic)+2+4+8),
		"cut in the middle":          b[:hdr+(len(b)-hdr)/2],
		"cut to the header":          b[:hdr],
		"cut by one byte":            b[:len(b)-1],
		"a byte added":               append(bytes.Clone(b), 0),
		"the last chunk twice":       append(bytes.Clone(b), b[len(b)-last:]...),
	}
	if chunks >= 2 {
		variants["cut after the first chunk"] = b[:hdr+frame]
		sw := bytes.Clone(b[:hdr])
		sw = append(sw, b[hdr+frame:hdr+2*frame]...)
		sw = append(sw, b[hdr:hdr+frame]...)
		sw = append(sw, b[hdr+2*frame:]...)
		if chunks == 2 {
			sw = append(bytes.Clone(b[:hdr]), b[hdr+frame:]...)
			sw = append(sw, b[hdr:hdr+frame]...)
		}
		variants["two chunks swapped"] = sw
		variants["the first chunk dropped"] = append(bytes.Clone(b[:hdr]), b[hdr+frame:]...)
	}
	otherB, _ := os.ReadFile(otherBak)
	variants["another clinic's backup"] = otherB
	oh, _ := backup.ReadHeaderFile(otherBak)
	// Another clinic's backup given this clinic's key check in its header.
	variants["another clinic's, relabelled"] = bytes.Replace(otherB, []byte(oh.KeyCheck), []byte(h.KeyCheck), 1)

	sum := fileSum(t, db)
	key, _ := kr.Get("casedesk", "data-key")
	listing := dirNames(t, storeDir)
	for name, v := range variants {
		p := filepath.Join(t.TempDir(), "casedesk-2026-11-27.cdbackup")
		if err := os.WriteFile(p, v, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := restore(ctx, cli.RestoreRequest{Path: db, From: p, Actor: "test"}); err == nil {
			t.Errorf("%s: restored", name)
		}
		if fileSum(t, db) != sum {
			t.Fatalf("%s: the store changed", name)
		}
		if now := dirNames(t, storeDir); now != listing {
			t.Errorf("%s: the store's folder was %s, is %s", name, listing, now)
		}
		if k, _ := kr.Get("casedesk", "data-key"); k != key || kr.len() != 1 {
			t.Fatalf("%s: the keyring changed", name)
		}
	}
	// The good one still restores.
	if _, err := restore(ctx, cli.RestoreRequest{Path: db, From: good, Actor: "test"}); err != nil {
		t.Fatalf("the untouched backup: %v", err)
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x01
	return c
}

func dirNames(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, ",")
}

// A thief who can write to the backup drive cannot open the sealed backup,
// but can read the key check in its header, build a plain store of their
// own with that key check and an administrator they know the password of,
// and leave it in the sealed backup's place. Restoring it must be refused:
// otherwise the "tampered backup refused" promise is void.
func TestSecurityPlainStoreInPlaceOfASealedBackup(t *testing.T) {
	ctx := context.Background()
	victim := fixedKeyring(0x33)
	useConfigDir(t, victim)
	db := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, db)
	sealed := sealedOf(t, db, t.TempDir())
	h, err := backup.ReadHeaderFile(sealed)
	if err != nil {
		t.Fatal(err)
	}

	// The forger's own computer and store, with their administrator.
	useConfigDir(t, fixedKeyring(0x44))
	r := newDeskRig(t)
	if _, err := r.desk.SetUpClinic(ctx, clinicForm,
		desk.AdminForm{GivenName: "Mal", FamilyName: "Lory", Username: "mallory", Password: "quiet forger ladder 88"},
		desk.TwoStep{BackupCodes: backupSheet(t)}); err != nil {
		t.Fatal(err)
	}
	forged := r.c.Path()
	r.c.Close()
	sdb, err := sql.Open("sqlite", forged)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`UPDATE settings SET value = ? WHERE key = 'store.key_check'`, h.KeyCheck); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	if err := os.Rename(forged, sealed); err != nil {
		t.Fatal(err)
	}

	// Back on the clinic's computer, an administrator restores "the backup".
	useConfigDir(t, victim)
	sum := fileSum(t, db)
	_, rerr := restore(ctx, cli.RestoreRequest{Path: db, From: sealed, Actor: "rosa"})
	if rerr == nil {
		c, err := openClinic(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		kerr := c.OpenKeys(ctx)
		_, perr := auth.NewAccount(c.Store, c.keys, nil, cheapArgon).Password(ctx, "mallory", "quiet forger ladder 88")
		t.Fatalf("a forged plain store replaced the clinic's (keys open: %v; forger's admin present: %v)", kerr == nil, perr == nil)
	}
	if fileSum(t, db) != sum {
		t.Fatal("a refused restore changed the store")
	}
}

// A sealed backup is 0600 and no plain copy of the store is left in the
// store's folder or the backup folder, after a backup that worked and
// after ones that failed.
func TestSecurityNoPlainCopyLeft(t *testing.T) {
	ctx := context.Background()
	useConfigDir(t, fixedKeyring(0x55))
	storeDir := t.TempDir()
	db := filepath.Join(storeDir, "casedesk.db")
	clinicStore(t, db)
	c, err := openClinic(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	folder := t.TempDir()
	if err := c.SetSetting(ctx, app.SettingBackupFolder, folder); err != nil {
		t.Fatal(err)
	}
	made, err := c.backups().Make(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(made); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode: %v %v", fi.Mode(), err)
	}
	to := filepath.Join(t.TempDir(), "elsewhere.cdbackup")
	if err := c.backups().MakeTo(ctx, to); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(to); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup to a file, mode: %v %v", fi.Mode(), err)
	}
	// Failures: a folder that is not there, one CaseDesk may not write in,
	// a cancelled backup.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for name, f := range map[string]func() error{
		"no folder":  func() error { return c.backups().MakeTo(ctx, filepath.Join(t.TempDir(), "gone", "x.cdbackup")) },
		"cancelled":  func() error { _, err := c.backups().Make(cancelled); return err },
		"onto a dir": func() error { return c.backups().MakeTo(ctx, folder) },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: the backup worked", name)
		}
		for _, dir := range []string{storeDir, folder, filepath.Dir(to)} {
			plainIn(t, name, dir)
		}
	}
	if _, err := c.Setting(ctx, app.SettingInstallKind); err != nil {
		t.Fatalf("the store after the failed backups: %v", err)
	}
}

// plainIn fails when dir holds an SQLite file that is not the store.
func plainIn(t *testing.T, when, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() == "casedesk.db" || !e.Type().IsRegular() {
			continue
		}
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if bytes.HasPrefix(b, []byte("SQLite format 3")) {
			t.Errorf("%s: a plain copy of the store is left: %s", when, filepath.Join(dir, e.Name()))
		}
	}
}

// Retention removes only the backups CaseDesk made: never a file with
// another name, a symbolic link (nor what it points to) or a folder.
func TestSecurityRetentionLeavesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "precious.txt")
	os.WriteFile(outside, []byte("keep me"), 0o600)
	day := time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 200; i++ {
		os.WriteFile(filepath.Join(dir, backup.DailyName(day.AddDate(0, 0, i))), []byte(backup.Magic), 0o600)
	}
	others := []string{"casedesk-2019-01-01.cdbackup.txt", "casedesk-2019-01-02.cdbackup.bak", "Casedesk-2019-01-03.cdbackup",
		"casedesk-2019-01-04.CDBACKUP", "casedesk-2019-01-05.cdbackup ", "xcasedesk-2019-01-06.cdbackup", "casedesk-2019-01-07-1.cdbackup",
		"casedesk-2019-1-8.cdbackup", "casedesk.db"}
	for _, n := range others {
		os.WriteFile(filepath.Join(dir, n), []byte("not ours"), 0o600)
	}
	os.Symlink(outside, filepath.Join(dir, "casedesk-2019-02-01.cdbackup"))
	os.Mkdir(filepath.Join(dir, "casedesk-2019-02-02.cdbackup"), 0o700)
	os.WriteFile(filepath.Join(dir, "casedesk-2019-02-02.cdbackup", "inside"), []byte("x"), 0o600)
	n, err := backup.Prune(dir, time.UTC)
	if err != nil || n == 0 {
		t.Fatalf("pruned %d: %v", n, err)
	}
	for _, name := range append(others, "casedesk-2019-02-01.cdbackup", filepath.Join("casedesk-2019-02-02.cdbackup", "inside")) {
		if _, err := os.Lstat(filepath.Join(dir, name)); err != nil {
			t.Errorf("retention removed %s", name)
		}
	}
	if b, err := os.ReadFile(outside); err != nil || string(b) != "keep me" {
		t.Error("retention removed what a link pointed to")
	}
}

// A file named like a backup that is not one CaseDesk sealed (a person's
// own file, or another install's backup in a shared folder) is not
// CaseDesk's to remove.
func TestSecurityRetentionLeavesForeignFilesNamedLikeBackups(t *testing.T) {

	dir := t.TempDir()
	day := time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 120; i++ {
		os.WriteFile(filepath.Join(dir, backup.DailyName(day.AddDate(0, 0, i))), []byte(backup.Magic), 0o600)
	}
	foreign := filepath.Join(dir, "casedesk-2019-06-01.cdbackup")
	os.WriteFile(foreign, []byte("a spreadsheet someone saved under this name"), 0o600)
	if _, err := backup.Prune(dir, time.UTC); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(foreign); err != nil {
		t.Fatal("retention removed a file it did not make")
	}
}

// The backup folder must be a full path to a folder that exists and can
// be written in.
func TestSecurityBackupFolderChecked(t *testing.T) {
	useConfigDir(t, newMemKeyring())
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o600)
	for _, dir := range []string{"", "   ", "backups", "./backups", "../backups", filepath.Join(t.TempDir(), "gone"), file, "\x00"} {
		if err := r.desk.For(admin).SetBackupFolder(ctx, dir); err == nil {
			t.Errorf("backup folder %q accepted", dir)
		}
	}
	if v, err := r.c.Setting(ctx, app.SettingBackupFolder); err == nil && v != "" {
		t.Errorf("a refused folder was kept: %q", v)
	}
	if n, _ := r.c.CountAudit(ctx, "setting.set"); n != 0 {
		t.Errorf("refused folders wrote %d audit rows", n)
	}
}

// "casedesk backup FILE" naming the store itself, or its write-ahead log,
// must not put a sealed backup in the store's place.
func TestSecurityBackupOntoTheStoreItself(t *testing.T) {

	ctx := context.Background()
	useConfigDir(t, fixedKeyring(0x66))
	db := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, db)
	code, _, _ := runCLI(t, "backup", "--db", db, db)
	c, err := openClinic(ctx, db)
	if err != nil {
		t.Fatalf("the store no longer opens after \"backup %s\" (exit %d): %v", db, code, err)
	}
	defer c.Close()
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if people, err := c.deskService().CommandLine("test").Search(ctx, "Petrova", false); err != nil || len(people) != 1 {
		t.Fatalf("the store's client after a backup onto it: %v %v", people, err)
	}
}

// "casedesk backup FILE" over a file already there keeps it unless told
// otherwise, as the exports do.
func TestSecurityBackupToKeepsAnExistingFile(t *testing.T) {

	useConfigDir(t, fixedKeyring(0x77))
	db := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, db)
	precious := filepath.Join(t.TempDir(), "thesis.docx")
	os.WriteFile(precious, []byte("years of work"), 0o600)
	code, _, _ := runCLI(t, "backup", "--db", db, precious)
	if b, _ := os.ReadFile(precious); string(b) != "years of work" {
		t.Fatalf("a backup replaced a file already there (exit %d)", code)
	}
}
