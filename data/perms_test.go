//go:build unix

package data

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// withUmask runs the test under the common umask 022, so that a file made
// with the default 0644 shows. The umask is the whole process's: tests that
// use this must not run in parallel.
func withUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
}

// A new store, its write-ahead log and its shared-memory index are 0600
// from the moment they exist.
func TestNewStoreFilesArePrivate(t *testing.T) {
	sqliteOnly(t, "its file modes")
	withUmask(t)
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s := openPath(t, path)
	mustPerson(t, s, "Olga", "Petrova")
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v", filepath.Base(f), fi.Mode().Perm())
		}
	}
}

func openPath(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// watchModes records, until stop is called, every file in dir that others
// could read, and every name seen.
func watchModes(t *testing.T, dir string) (stop func() (open, names []string)) {
	var (
		wg          sync.WaitGroup
		done        = make(chan struct{})
		open, names []string
	)
	seenOpen, seen := map[string]bool{}, map[string]bool{}
	wg.Go(func() {
		for {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				fi, err := e.Info()
				if err != nil {
					continue
				}
				if !seen[e.Name()] {
					seen[e.Name()] = true
					names = append(names, e.Name())
				}
				if fi.Mode().Perm()&0o077 != 0 && !seenOpen[e.Name()] {
					seenOpen[e.Name()] = true
					open = append(open, e.Name()+" "+fi.Mode().Perm().String())
				}
			}
			select {
			case <-done:
				return
			default:
			}
		}
	})
	return func() ([]string, []string) { close(done); wg.Wait(); return open, names }
}

// A backup's copy is never readable by others, not even half made, and its
// temporary name cannot be guessed: a file planted under the old name
// (dest.partial) is neither used nor removed.
func TestBackupCopyIsPrivate(t *testing.T) {
	sqliteOnly(t, "its file modes")
	withUmask(t)
	ctx := context.Background()
	s := openTest(t)
	// Enough data for the copy and its check to take a while.
	if err := s.SetSetting(ctx, "test.filler", strings.Repeat("casedesk ", 3<<20)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(dest+".partial", []byte("planted"), 0o600); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		stop := watchModes(t, dir)
		err := s.Backup(ctx, dest)
		open, names := stop()
		if err != nil {
			t.Fatal(err)
		}
		if len(open) > 0 {
			t.Errorf("others could read %v during the backup", open)
		}
		t.Logf("seen: %v", names)
	}
	if b, err := os.ReadFile(dest + ".partial"); err != nil || string(b) != "planted" {
		t.Errorf("the file at the predictable name was used or removed: %q %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "backup.db" && e.Name() != "backup.db.partial" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup: %v %v", fi, err)
	}
}

// Restore copies the backup into a new private file, never into one
// planted under a predictable name.
func TestRestoreCopyIsPrivate(t *testing.T) {
	sqliteOnly(t, "its file modes")
	withUmask(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "casedesk.db")
	s := openPath(t, path)
	mustPerson(t, s, "Olga", "Petrova")
	bak := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	s.Close()
	planted := path + ".restoring"
	if err := os.WriteFile(planted, []byte("planted"), 0o644); err != nil {
		t.Fatal(err)
	}
	stop := watchModes(t, dir)
	_, err := RestorePlain(ctx, path, bak, nil)
	open, _ := stop()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range open {
		if !strings.HasPrefix(o, filepath.Base(planted)+" ") {
			t.Errorf("others could read %s during the restore", o)
		}
	}
	if b, err := os.ReadFile(planted); err != nil || string(b) != "planted" {
		t.Errorf("the file at the predictable name was used: %q %v", b, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("restored store: %v %v", fi, err)
	}
}
