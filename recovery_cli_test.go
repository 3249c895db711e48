package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"casedesk/app/auth"
	"casedesk/app/desk"
)

// TestCLIRecoveryKey: the command line writes the Recovery Key sheet of
// the store's own data key, private, never over another file.
func TestCLIRecoveryKey(t *testing.T) {
	d, _, _ := clinicWithCase(t)
	pdf := filepath.Join(t.TempDir(), "recovery-key.pdf")
	out := d.write("recovery_key.sheet", "recovery-key", "--pdf", pdf)
	if !strings.Contains(out, "Print it, lock it away") {
		t.Fatalf("out: %q", out)
	}
	fi, err := os.Stat(pdf)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the sheet: %v %v", fi, err)
	}
	groups := regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{5}\b`).FindAllString(pdfText(t, pdf), -1)
	var key []byte
	for i := 0; i+auth.RecoveryGroups <= len(groups) && key == nil; i++ {
		key, _ = auth.ParseRecoveryKey(strings.Join(groups[i:i+auth.RecoveryGroups], " "))
	}
	_, keys := openWithKeys(t, d.db)
	if key == nil {
		t.Fatalf("no recovery key read back from the sheet: %v", groups)
	}
	if k, _ := auth.KeysFromRecovered(key); k.KeyCheck() != keys.KeyCheck() {
		t.Fatal("the sheet holds another key than the store's")
	}
	if !strings.Contains(out, desk.Fingerprint(keys.KeyCheck())) {
		t.Errorf("the fingerprint is not said: %q", out)
	}
	before, _ := os.ReadFile(pdf)
	d.refused(1, "is there already", "recovery-key", "--pdf", pdf)
	if after, _ := os.ReadFile(pdf); string(after) != string(before) {
		t.Error("a refused run changed the file")
	}
	d.write("recovery_key.sheet", "recovery-key", "--pdf", pdf, "--force")
	d.refused(2, "Usage", "recovery-key")
	d.refused(2, "Usage", "recovery-key", "--pdf", pdf, "--print")
}
