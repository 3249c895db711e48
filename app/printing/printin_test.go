package printing

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// PrintIn prints from the caller's folder and leaves nothing in it; a name
// already taken there is refused, not written over or removed; without
// CUPS nothing is written and no viewer is started.
func TestPrintIn(t *testing.T) {
	dir := t.TempDir()
	var ran []string
	run := func(_ context.Context, name string, a ...string) ([]byte, error) {
		ran = append(ran, name)
		if _, err := os.Stat(a[len(a)-1]); err != nil {
			return nil, err
		}
		return []byte("request id is PDF-8 (1 file(s))"), nil
	}
	pdf := func(w io.Writer) error { _, err := w.Write([]byte("%PDF-1.4")); return err }
	if job, err := NewWith(run, "linux").PrintIn(context.Background(), dir, "notice.pdf", pdf, ""); err != nil || job != "PDF-8" {
		t.Fatalf("got %q %v", job, err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}
	taken := filepath.Join(dir, "notice.pdf")
	os.WriteFile(taken, []byte("another"), 0o600)
	if _, err := NewWith(run, "linux").PrintIn(context.Background(), dir, "notice.pdf", pdf, ""); err == nil {
		t.Fatal("printed over a file that was there")
	}
	if b, _ := os.ReadFile(taken); string(b) != "another" {
		t.Fatalf("the file that was there became %q", b)
	}
	os.Remove(taken)
	ran = nil
	if _, err := NewWith(run, "windows").PrintIn(context.Background(), dir, "notice.pdf", pdf, ""); !errors.Is(err, ErrNotPrivate) || len(ran) != 0 {
		t.Fatalf("without CUPS: %v, ran %v", err, ran)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("without CUPS it wrote: %v", left)
	}
}
