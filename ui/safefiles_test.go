package ui

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"casedesk/app/files"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// A save dialog opens its file for writing (emptying it) before the screen
// sees the name: none of CaseDesk's own files may be opened so, whatever
// it is called; any other file may.
func TestSaveDialogsNeverEmptyCaseDeskFiles(t *testing.T) {
	test.NewTempApp(t)
	guardFiles()
	guardFiles() // once is enough; twice changes nothing
	dir := t.TempDir()
	own := map[string]string{
		"casedesk.db":                  "SQLite format 3\x00 and the rest of a store",
		"clinic-store.pdf":             "SQLite format 3\x00 renamed, still a store",
		"casedesk.db-wal":              "a write-ahead log",
		"casedesk-2026-11-27.cdbackup": "CASEDESK BACKUP\x00 sealed",
		"casedesk.key":                 "a data key",
	}
	for name, content := range own {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o600)
		w, err := storage.Writer(storage.NewFileURI(p))
		if !errors.Is(err, files.ErrProtected) {
			if w != nil {
				w.Close()
			}
			t.Errorf("%s opened for writing: %v", name, err)
		}
		if b, _ := os.ReadFile(p); string(b) != content {
			t.Errorf("%s was changed", name)
		}
	}
	other := filepath.Join(dir, "report.pdf")
	os.WriteFile(other, []byte("%PDF-1.4 an old report"), 0o600)
	w, err := storage.Writer(storage.NewFileURI(other))
	if err != nil {
		t.Fatalf("an ordinary file: %v", err)
	}
	w.Close()
}
