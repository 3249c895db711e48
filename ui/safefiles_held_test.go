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

// A file dialog reads each file it lists whose name does not tell its kind
// (a .db, a .db-shm) to choose its icon. The store the window has open, and
// its log and index, are never opened so: closing them would drop the
// locks SQLite holds on them (see files.Held). Other files are read.
func TestFileDialogsNeverOpenTheOpenStore(t *testing.T) {
	test.NewTempApp(t)
	guardFiles()
	dir := t.TempDir()
	store := filepath.Join(dir, "casedesk.db")
	for _, name := range []string{"casedesk.db", "casedesk.db-wal", "casedesk.db-shm", "notes.db"} {
		os.WriteFile(filepath.Join(dir, name), []byte("SQLite format 3\x00"), 0o600)
	}
	release := files.Hold(store)
	defer release()
	for _, p := range []string{store, store + "-wal", store + "-shm"} {
		u := storage.NewFileURI(p)
		r, err := storage.Reader(u)
		if !errors.Is(err, files.ErrInUse) {
			if r != nil {
				r.Close()
			}
			t.Errorf("%s opened for reading: %v", p, err)
		}
		u.MimeType() // the icon's question: answered without the file
		if err := storage.Copy(u, storage.NewFileURI(p+".copy")); !errors.Is(err, files.ErrInUse) {
			t.Errorf("%s copied: %v", p, err)
		}
		if err := storage.Move(u, storage.NewFileURI(p+".moved")); !errors.Is(err, files.ErrInUse) {
			t.Errorf("%s moved: %v", p, err)
		}
	}
	r, err := storage.Reader(storage.NewFileURI(filepath.Join(dir, "notes.db")))
	if err != nil {
		t.Fatalf("another file: %v", err)
	}
	r.Close()
}
