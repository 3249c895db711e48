package xvfb

import (
	"os/exec"
	"sync"
	"testing"
)

// TestStartAtOnce starts several servers at the same moment, as parallel
// smoke tests do: each gets a display of its own, and each display is its
// own server, answering.
func TestStartAtOnce(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (make test-deps installs it)", tool)
		}
	}
	const n = 4
	displays := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			d, stop, err := Start()
			if err != nil {
				errs[i] = err
				return
			}
			t.Cleanup(stop)
			displays[i] = d
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[displays[i]] {
			t.Fatalf("two servers on %s (%v)", displays[i], displays)
		}
		seen[displays[i]] = true
	}
	for _, d := range displays {
		if !ready(d) {
			t.Errorf("%s does not answer", d)
		}
	}
}
