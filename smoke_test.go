//go:build smoke

package main

// The real-window smoke test: the built binary in a real X server (Xvfb),
// driven with xdotool. Run it with `make smoke` (part of `make test`).

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"casedesk/data"
	"casedesk/tools/xvfb"
)

// shotsDir is where screenshots are kept for a person to look at.
func shotsDir(t *testing.T) string {
	dir := os.Getenv("CASEDESK_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func binary(t *testing.T) string {
	if b := os.Getenv("CASEDESK_BIN"); b != "" {
		return b
	}
	b := filepath.Join(t.TempDir(), "casedesk")
	out, err := exec.Command("go", "build", "-tags", "no_emoji", "-o", b, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return b
}

// proc is the app under test; done closes when it exits.
type proc struct {
	cmd    *exec.Cmd
	done   chan struct{}
	err    error
	stderr strings.Builder
}

func startApp(t *testing.T, display string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(binary(t), args...), done: make(chan struct{})}
	// The data key goes in a test file, never in the keyring of the machine.
	key := "CASEDESK_KEY_FILE=" + filepath.Join(t.TempDir(), "casedesk.key")
	p.cmd.Env = append(append(os.Environ(), "DISPLAY="+display, key), env...)
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.done })
	return p
}

func xdo(t *testing.T, display string, args ...string) string {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func screenshot(t *testing.T, display, path string) {
	t.Helper()
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	t.Logf("screenshot: %s", path)
}

func TestSmokeWelcomeAndDemo(t *testing.T) {
	parallel(t)
	display := startX(t)
	shots := shotsDir(t)
	db := filepath.Join(t.TempDir(), "casedesk.db")

	home := t.TempDir() // PDFs land in $HOME/CaseDesk
	app := startApp(t, display, []string{"HOME=" + home}, "--db", db)

	win := xdo(t, display, "search", "--sync", "--onlyvisible", "--name", "^CaseDesk$")
	if win == "" {
		t.Fatal("no CaseDesk window")
	}
	settle(t, display, 700*time.Millisecond) // the summary loads in the background
	screenshot(t, display, filepath.Join(shots, "welcome-empty.png"))

	// Keyboard only: Tab past the language, "Larger text", "Set up this
	// computer for a clinic", "Restore the clinic from a backup…", "Set up
	// my own CaseDesk" and "I have an access code and a case packet from my
	// clinic" to "Explore the demo clinic", Space to press it.
	xdo(t, display, "windowfocus", "--sync", win)
	xdo(t, display, "key", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "space")

	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case <-app.done:
			t.Fatalf("CaseDesk exited: %v\n%s", app.err, app.stderr.String())
		default:
		}
		people := countPeople(t, data.DemoPath(db)) // the demo has a store of its own
		if people == 2000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo clinic did not load (people = %d)\n%s", people, app.stderr.String())
		}
		time.Sleep(250 * time.Millisecond)
	}
	// The window says DEMO, and the welcome screen refreshes its counts.
	if !titled(t, display, "^CaseDesk.*DEMO$", 10*time.Second) {
		t.Fatal("the window closed, or its title does not say DEMO")
	}
	settle(t, display, 700*time.Millisecond)
	screenshot(t, display, filepath.Join(shots, "welcome-demo.png"))
	if n := countPeople(t, db); n > 0 {
		t.Fatalf("the demo went into the real store: it holds %d people", n)
	}

	// No printing, codes or sign-in were offered before: the welcome
	// screen of the demo clinic now offers sign-in and access codes.
}

func countPeople(t *testing.T, db string) int {
	if _, err := os.Stat(db); err != nil {
		return -1 // not created yet; opening it would create it
	}
	s, err := data.Open(context.Background(), db)
	if err != nil {
		return -1 // not created yet
	}
	defer s.Close()
	sum, err := s.Summary(context.Background())
	if err != nil {
		return -1
	}
	return sum.People
}

func TestSmokeDamagedStoreIsExplained(t *testing.T) {
	parallel(t)
	display := startX(t)
	shots := shotsDir(t)
	db := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(db, []byte(strings.Repeat("not a database ", 20)), 0o600)
	before, _ := os.ReadFile(db)

	app := startApp(t, display, []string{"HOME=" + t.TempDir()}, "--db", db)

	win := xdo(t, display, "search", "--sync", "--onlyvisible", "--name", "^CaseDesk$")
	settle(t, display, 500*time.Millisecond)
	screenshot(t, display, filepath.Join(shots, "store-error.png"))
	xdo(t, display, "windowfocus", "--sync", win)
	xdo(t, display, "key", "Tab", "space") // "Close CaseDesk"
	select {
	case <-app.done:
		if code := app.cmd.ProcessState.ExitCode(); code != 1 {
			t.Errorf("exit code %d (%v), want 1", code, app.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close CaseDesk did not close it")
	}
	if !strings.Contains(app.stderr.String(), "is not a CaseDesk store") {
		t.Errorf("stderr: %s", app.stderr.String())
	}
	after, _ := os.ReadFile(db)
	if string(before) != string(after) {
		t.Error("the file was changed")
	}
}

// startX starts a private X server for the test.
func startX(t *testing.T) string {
	t.Helper()
	display, stop, err := xvfb.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return display
}

// previewArea is where a notice's page shows in the window (at 0,0, below
// the DEMO band), as WxH+X+Y.
const previewArea = "600x400+140+180"

// ringMin is fewer pixels than the top and bottom edges of the focus ring
// have round the smallest button (ui/focus.go draws it 2 units wide).
const ringMin = 100

// ringPixels counts the pixels in the focus ring's colour (ui/theme.go) in
// the window (880×620 at 0,0): pale blue on the dark theme, navy on the
// light one, both as drawn, with their edges softened. The theme is told
// by the window's left edge, which is always its background (a preview's
// white page would make the whole window look light).
func ringPixels(t *testing.T, png string) int {
	t.Helper()
	fx := "(r>0.55 && b-r>0.06) ? 1 : 0"
	if brightness(t, png, "3x400+0+150") > 0.5 {
		fx = "(b-r>0.12 && b<0.5 && r<0.3) ? 1 : 0"
	}
	// Only runs of 20 pixels or more along a row count: the ring's top and
	// bottom edges. The soft edges of white letters on a blue button have
	// the ring's colour too, but never in such a run.
	out, err := exec.Command("convert", png, "-crop", "880x620+0+0", "-fx", fx, "-morphology", "Erode", "Rectangle:20x1",
		"-format", "%[fx:round(mean*w*h)]", "info:").Output()
	if err != nil {
		t.Fatalf("measuring %s: %v", png, err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("measuring %s: %q", png, out)
	}
	return n
}

// phone is the phone number the store has for the person of an account.
func phone(t *testing.T, db, username string) string {
	s, err := data.Open(context.Background(), db)
	if err != nil {
		return ""
	}
	defer s.Close()
	cred, err := s.CredentialsByUsername(context.Background(), username)
	if err != nil {
		return ""
	}
	p, err := s.Person(context.Background(), cred.Account.PersonID)
	if err != nil {
		return ""
	}
	return p.Phone
}

// brightness is the mean brightness, 0 to 1, of a region (WxH+X+Y) of an image.
func brightness(t *testing.T, png, region string) float64 {
	t.Helper()
	out, err := exec.Command("convert", png, "-crop", region, "-colorspace", "Gray", "-format", "%[fx:mean]", "info:").Output()
	if err != nil {
		t.Fatalf("measuring %s: %v", png, err)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatalf("measuring %s: %q", png, out)
	}
	return v
}

// signedIn reports whether the store audited a successful sign-in.
func signedIn(t *testing.T, db string) bool { return signIns(t, db) > 0 }

// signIns counts the successful sign-ins the store audited.
func signIns(t *testing.T, db string) int {
	s, err := data.Open(context.Background(), db)
	if err != nil {
		return 0
	}
	defer s.Close()
	n, _ := s.CountAudit(context.Background(), "signin.ok")
	return n
}

func usernameTaken(t *testing.T, db, username string) bool {
	s, err := data.Open(context.Background(), db)
	if err != nil {
		return false
	}
	defer s.Close()
	taken, _ := s.UsernameTaken(context.Background(), username, "")
	return taken
}

// savedBackupCode waits for the sheet saved at path and returns its first code.
func savedBackupCode(t *testing.T, path string, p *proc) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if out, err := exec.Command("pdftotext", path, "-").Output(); err == nil {
			if code := regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}`).FindString(string(out)); code != "" {
				if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
					t.Fatalf("the saved sheet is not private: %v", fi.Mode())
				}
				return code
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	out, err := exec.Command("pdftotext", path, "-").CombinedOutput()
	t.Fatalf("the backup-code sheet was not saved at %s (the folder holds %v; pdftotext: %v %.300s)\n%s", path, entries, err, out, p.stderr.String())
	return ""
}

// settle waits until the screen of display has not changed for still: what
// was asked to be drawn, or loaded in the background, is on the screen. A
// focused text field's cursor fades in and out all the while: a change
// no wider than it is no change. A screen that keeps changing (a progress
// bar) is taken as it is after 15 s.
func settle(t *testing.T, display string, still time.Duration) {
	t.Helper()
	const w, h = 1280, 800 // xvfb.Start's screen
	var last []byte
	since := time.Now()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		cmd := exec.Command("import", "-window", "root", "-depth", "8", "rgb:-")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		frame, err := cmd.Output()
		if err != nil || len(frame) != w*h*3 {
			t.Fatalf("screenshot: %v (%d bytes)", err, len(frame))
		}
		if last == nil || !cursorOnly(last, frame, w) {
			last, since = frame, time.Now()
			continue
		}
		if time.Since(since) >= still {
			return
		}
	}
	t.Logf("the screen of %s was still changing after 15 s", display)
}

// cursorOnly reports whether two frames (RGB, w pixels a row) differ at
// most where a text cursor is drawn: within 4 pixels across and 48 down.
func cursorOnly(a, b []byte, w int) bool {
	x0, y0, x1, y1 := -1, -1, -1, -1
	for i := 0; i+2 < len(a); i += 3 {
		if a[i] == b[i] && a[i+1] == b[i+1] && a[i+2] == b[i+2] {
			continue
		}
		x, y := (i/3)%w, (i/3)/w
		if x0 < 0 {
			x0, y0, x1, y1 = x, y, x, y
		}
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		if x1-x0 >= 4 || y1-y0 >= 48 {
			return false
		}
	}
	return true
}

// titled waits for a window whose title matches title (a regular
// expression) on display, for at most within.
func titled(t *testing.T, display, title string, within time.Duration) bool {
	t.Helper()
	for deadline := time.Now().Add(within); ; time.Sleep(200 * time.Millisecond) {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", title)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.Output(); err == nil && strings.TrimSpace(string(out)) != "" {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}
