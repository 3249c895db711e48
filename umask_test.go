//go:build unix

package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"casedesk/data"
)

// Whatever umask CaseDesk is started with, what it creates is for the user
// alone: run sets 077 first. The umask is the whole process's, so this test
// does not run in parallel and puts the old one back.
func TestStartUpMakesFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	run(context.Background(), []string{"help"}, io.Discard, io.Discard)
	got := syscall.Umask(0o022)
	if got != 0o077 {
		t.Errorf("after start-up the umask is %03o", got)
	}
	syscall.Umask(got)
	dir := filepath.Join(t.TempDir(), "pdfs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "notice.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := data.Open(context.Background(), filepath.Join(dir, "casedesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []string{dir, pdf, filepath.Join(dir, "casedesk.db")} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: %v %v", f, fi.Mode(), err)
		}
	}
}
