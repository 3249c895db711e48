package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app/auth"
	"casedesk/app/backup"

	"fyne.io/fyne/v2/test"
)

// TestRestoreScreen: the backup is chosen, the recovery key asked for only
// when the backup needs it, a mistyped group named before anything is
// tried, and the key typed or read from a photo handed to the restore;
// the key is forgotten once it is used.
func TestRestoreScreen(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	keys := auth.NewKeysForTest(bytes.Repeat([]byte{7}, 32))
	var tries [][]byte
	svc := Services{Runner: inline, RestoreBackup: func(_ context.Context, from string, key []byte) (Services, func(), string, error) {
		tries = append(tries, key)
		switch {
		case key == nil:
			return Services{}, nil, "", backup.ErrNeedRecoveryKey
		case !bytes.Equal(key, bytes.Repeat([]byte{7}, 32)):
			return Services{}, nil, "", backup.ErrRecoveryOtherClinic
		}
		return Services{StorePath: "restored.db"}, func() {}, "The clinic's store was restored.", nil
	}}
	var done string
	r := NewRestore(svc, w.Canvas(), func(s Services, _ func(), msg string) { done = s.StorePath + ": " + msg }, func(string) {})
	r.pick = func(_ string, _ []string, picked func(string)) { picked("/media/usb/casedesk-2026-11-27.cdbackup") }
	w.SetContent(r.Content())
	r.Start()
	if !r.restore.Disabled() {
		t.Fatal("Restore is offered before a backup is chosen")
	}
	test.Tap(r.choose)
	test.Tap(r.restore)
	if !r.keyBox.Visible() || !strings.Contains(r.message.Text, "sealed on another computer") || len(tries) != 1 {
		t.Fatalf("the key was not asked for: %q", r.message.Text)
	}

	groups := keys.RecoveryGroups()
	typo := append([]string(nil), groups...)
	typo[6] = typo[6][:2] + swapChar(typo[6][2]) + typo[6][3:]
	test.Type(r.key, strings.Join(typo, " "))
	test.Tap(r.restore)
	if !strings.Contains(r.message.Text, "Group 7") || len(tries) != 1 {
		t.Fatalf("a mistyped group: %q, %d tries", r.message.Text, len(tries))
	}
	r.key.SetText(strings.Join(auth.NewKeysForTest(bytes.Repeat([]byte{8}, 32)).RecoveryGroups(), " "))
	test.Tap(r.restore)
	if !strings.Contains(r.message.Text, "another clinic's data") || done != "" {
		t.Fatalf("another clinic's key: %q", r.message.Text)
	}

	// The key read from a photo of the sheet.
	png, err := keys.RecoveryQRImage(300)
	if err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(t.TempDir(), "sheet.png")
	os.WriteFile(photo, png, 0o600)
	r.pick = func(_ string, _ []string, picked func(string)) { picked(photo) }
	test.Tap(r.photo)
	if r.fromQR == nil || r.key.Text != "" || !strings.Contains(r.keyNote.Text, "sheet.png") {
		t.Fatalf("the photo: %q", r.keyNote.Text)
	}
	test.Tap(r.restore)
	if done != "restored.db: The clinic's store was restored." {
		t.Fatalf("done: %q (%q)", done, r.message.Text)
	}
	if r.fromQR != nil || r.key.Text != "" {
		t.Error("the recovery key stayed on the screen")
	}
}

// swapChar is another Crockford character than c.
func swapChar(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}
