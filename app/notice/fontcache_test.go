package notice

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// Our fpdf parses each font once per process and keeps the compressed cuts
// of recent documents (third_party/fpdf/CASEDESK.md). These tests check
// that what it keeps never shows in the bytes.

// TestWarmSameAsCold renders each sample document in a process of its own,
// where no font has been parsed or cut yet, and compares it with the same
// document rendered here once the cache holds it and others.
func TestWarmSameAsCold(t *testing.T) {
	docs := sample()
	if dir := os.Getenv("CASEDESK_COLD_RENDER"); dir != "" {
		i, _ := strconv.Atoi(os.Getenv("CASEDESK_COLD_DOC"))
		if err := os.WriteFile(filepath.Join(dir, "cold.pdf"), render(t, docs[i].doc), 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	var all []Doc
	for _, s := range docs {
		all = append(all, s.doc)
	}
	render(t, all...)
	for i, s := range docs {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestWarmSameAsCold$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CASEDESK_COLD_RENDER="+dir, "CASEDESK_COLD_DOC="+strconv.Itoa(i),
			"GORACE=atexit_sleep_ms=0") // under -race a process otherwise waits a second before it exits
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("rendering %s in a new process: %v\n%s", s.doc.Title(), err, out)
		}
		cold, err := os.ReadFile(filepath.Join(dir, "cold.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if warm := render(t, s.doc); !bytes.Equal(warm, cold) {
				t.Fatalf("%s: rendered warm, %d bytes; in a new process, %d bytes: they differ", s.doc.Title(), len(warm), len(cold))
			}
		}
	}
}

// TestConcurrentRenders renders the sample documents from several
// goroutines at once, as the desk and a batch export can: each must come
// out as it does alone. Run with -race.
func TestConcurrentRenders(t *testing.T) {
	docs := sample()
	want := make([][]byte, len(docs))
	for i, s := range docs {
		want[i] = render(t, s.doc)
	}
	var wg sync.WaitGroup
	bad := make([]bool, 4*len(docs))
	for j := range bad {
		wg.Go(func() {
			i := j % len(docs)
			bad[j] = !bytes.Equal(render(t, docs[i].doc), want[i])
		})
	}
	// A batch of all of them, and previews, alongside.
	var all []Doc
	for _, s := range docs {
		all = append(all, s.doc)
	}
	wg.Go(func() { render(t, all...) })
	wg.Wait()
	for j, b := range bad {
		if b {
			t.Errorf("%s rendered alongside others differs from the same alone", docs[j%len(docs)].doc.Title())
		}
	}
}
