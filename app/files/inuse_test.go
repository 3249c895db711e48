package files

import (
	"os"
	"path/filepath"
	"testing"
)

// A held store, its log, index and journal are Held, under their names or
// another name for the same file; nothing else is, and nothing after the
// release.
func TestHeldStoreFiles(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "casedesk.db")
	for _, name := range []string{"casedesk.db", "casedesk.db-wal", "casedesk.db-shm", "other.db", "casedesk.db.pdf"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("not read"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "link-to-store")
	if err := os.Symlink(store, link); err != nil {
		t.Fatal(err)
	}
	if Held(store) {
		t.Fatal("held before Hold")
	}
	release := Hold(store)
	again := Hold(store) // a second Store on the same file
	for _, p := range []string{store, store + "-wal", store + "-shm", store + "-journal", link,
		filepath.Join(dir, ".", "casedesk.db")} {
		if !Held(p) {
			t.Errorf("%s is not held", p)
		}
	}
	for _, p := range []string{filepath.Join(dir, "other.db"), store + ".pdf", dir} {
		if Held(p) {
			t.Errorf("%s is held", p)
		}
	}
	// Kind does not read a held file: this one holds no SQLite header.
	if k := Kind(store); k != "store" {
		t.Errorf("Kind of the held store: %q", k)
	}
	release()
	release() // once is enough
	if !Held(store) {
		t.Error("released while a second Store holds it")
	}
	again()
	if Held(store) || Held(link) {
		t.Error("held after every release")
	}
	if k := Kind(store); k != "" {
		t.Errorf("Kind of a released file that is no store: %q", k)
	}
}
