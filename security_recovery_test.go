package main

// Attacks on the recovery key: the sheet's key never reaches the audit
// log, the terminal, an export or a file anyone else can read; and the
// window's restore never replaces a store in use.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/ui"
)

func TestSecurityRecoveryKeyLeavesNoTrace(t *testing.T) {
	d, _, _ := clinicWithCase(t)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "sheet.pdf")
	out := d.write("recovery_key.sheet", "recovery-key", "--pdf", pdf)
	if fi, err := os.Stat(pdf); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the sheet's file: %v %v", fi, err)
	}
	_, keys := openWithKeys(t, d.db)
	groups := keys.RecoveryGroups()
	auditCSV := filepath.Join(dir, "audit.csv")
	d.write("export.audit", "export", "audit", auditCSV)
	audit, _ := os.ReadFile(auditCSV)
	printed := d.read("audit")
	for name, text := range map[string]string{"the command's output": out, "the audit export": string(audit), "the audit list": printed} {
		for _, g := range groups {
			if strings.Contains(strings.ToUpper(text), g) {
				t.Errorf("%s holds the key's group %s", name, g)
			}
		}
		if strings.Contains(text, keys.RecoveryQR()) {
			t.Errorf("%s holds the key's QR text", name)
		}
	}
	if !strings.Contains(pdfText(t, pdf), groups[0]) {
		t.Error("the sheet does not hold the key (the test is looking in the wrong place)")
	}
	// Nothing but the sheet in the folder, and no sheet left in the temp folder.
	if names := dirNames(t, dir); names != "audit.csv,sheet.pdf" {
		t.Errorf("folder: %s", names)
	}
	tmp, _ := os.ReadDir(os.TempDir())
	for _, e := range tmp {
		if strings.Contains(e.Name(), "recovery") {
			t.Errorf("a recovery file is left in %s: %s", os.TempDir(), e.Name())
		}
	}
	// A second sheet never overwrites the first without --force.
	d.refused(1, "there already", "recovery-key", "--pdf", pdf)
}

// A household's store, and a clinic's store in use, are never replaced by
// the window's restore, whatever backup and key are given.
func TestSecurityWindowRestoreNeverOverAStoreInUse(t *testing.T) {
	ctx := context.Background()
	useConfigDir(t, fixedKeyring(0x12))
	src := filepath.Join(t.TempDir(), "casedesk.db")
	keys := clinicStore(t, src)
	bak := sealedOf(t, src, t.TempDir())
	key, err := auth.ParseRecoveryKey(strings.Join(keys.RecoveryGroups(), " "))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"household", app.InstallClinic, app.InstallDemo} {
		db := filepath.Join(t.TempDir(), "casedesk.db")
		c, err := openClinic(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.OpenKeys(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c.SetSetting(ctx, app.SettingInstallKind, kind); err != nil {
			t.Fatal(err)
		}
		svc := c.services()
		if svc.RestoreBackup != nil {
			if _, closer, _, err := svc.RestoreBackup(ctx, bak, key); !errors.Is(err, ui.ErrStoreInUse) || closer != nil {
				t.Errorf("%s store: %v", kind, err)
			}
		}
		if v, err := c.Setting(ctx, app.SettingInstallKind); err != nil || v != kind {
			t.Errorf("%s store after the refused restore: %q %v", kind, v, err)
		}
		c.Close()
		if matches, _ := filepath.Glob(db + ".before-restore-*"); len(matches) != 0 {
			t.Errorf("%s store was moved aside: %v", kind, matches)
		}
	}
}

// Restoring another clinic's backup (with its recovery key) into a second
// store on a computer whose own store is in use must not leave that store
// unreadable.
func TestSecurityRestoreElsewhereKeepsTheStoreInUseReadable(t *testing.T) {

	ctx := context.Background()
	useConfigDir(t, fixedKeyring(0x21))
	dbA := filepath.Join(t.TempDir(), "casedesk.db")
	keysA := clinicStore(t, dbA)
	bak := sealedOf(t, dbA, t.TempDir())

	useConfigDir(t, fixedKeyring(0x43))
	inUse := filepath.Join(t.TempDir(), "casedesk.db")
	clinicStore(t, inUse)
	keyFile := filepath.Join(t.TempDir(), "key.txt")
	os.WriteFile(keyFile, []byte(strings.Join(keysA.RecoveryGroups(), " ")), 0o600)
	other := filepath.Join(t.TempDir(), "second", "casedesk.db")
	code, out, errOut := runCLI(t, "restore", "--db", other, bak, "--recovery-key-file", keyFile)
	t.Logf("restore: %d %q %q", code, out, errOut)
	c, err := openClinic(ctx, inUse)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatalf("the store in use no longer opens: %v", err)
	}
}

// A wrong password typed for the recovery sheet is counted and audited,
// but the audit row never holds what was typed, nor the key.
func TestSecurityRecoverySheetFailuresAuditedWithoutSecrets(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	typed := "copper kettle winter 18" // one character from the real one
	if _, err := r.desk.For(admin).RecoverySheet(ctx, typed); !errors.Is(err, auth.ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := r.desk.For(admin).RecoverySheet(ctx, ""); err == nil {
		t.Fatal("an empty password gave the sheet")
	}
	groups := r.c.keys.RecoveryGroups()
	n := 0
	err := r.c.EachAuditEvent(ctx, func(e app.AuditEvent) error {
		text := e.ActorID + e.Action + e.RecordType + e.RecordID + e.Detail
		if e.Action == "signin.failed" {
			n++
		}
		if strings.Contains(text, typed) || strings.Contains(text, "kettle") {
			t.Errorf("an audit row holds the password typed: %+v", e)
		}
		for _, g := range groups {
			if strings.Contains(strings.ToUpper(text), g) {
				t.Errorf("an audit row holds a key group: %+v", e)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 1 {
		t.Error("the wrong password was not audited")
	}
}
