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
