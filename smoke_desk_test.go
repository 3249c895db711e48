//go:build smoke

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/data"
)

// TestSmokeClinicSetUp sets a clinic up on an empty store in the real
// window, by keyboard only: the clinic's details, the first administrator,
// backup codes only, the sheet kept; the desk opens, and a client entered
// on the command line meanwhile is found by the desk's search as typed,
// without accents.
func TestSmokeClinicSetUp(t *testing.T) {
	display := startX(t)
	shots := shotsDir(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "store", "casedesk.db")
	env := []string{"CASEDESK_KEY_FILE=" + filepath.Join(dir, "keys", "casedesk.key"), "HOME=" + dir}
	proc := startApp(t, display, env, "--db", db)
	win := xdo(t, display, "search", "--sync", "--onlyvisible", "--name", "^CaseDesk$")
	time.Sleep(1500 * time.Millisecond)
	xdo(t, display, "windowfocus", "--sync", win)
	xdo(t, display, "key", "Tab", "space") // "Set up this computer for a clinic"
	time.Sleep(800 * time.Millisecond)
	typ := func(s string) { xdo(t, display, "type", "--delay", "20", s) }
	key := func(k ...string) { xdo(t, display, append([]string{"key", "--delay", "60"}, k...)...) }
	typ("Clinica Legal del Sur")
	key("Tab")
	typ("120 Main St")
	key("Return")
	typ("Springfield, IL 62701")
	key("Tab") // Tab leaves the address, which takes several lines
	typ("217 555 0100")
	key("Tab", "Return") // the time zone is filled in
	time.Sleep(500 * time.Millisecond)
	typ("Rosa")
	key("Tab")
	typ("Delgado")
	key("Tab")
	typ("rosa.admin")
	key("Tab")
	typ("copper kettle winter 19")
	key("Tab")
	typ("copper kettle winter 19")
	screenshot(t, display, filepath.Join(shots, "setup-admin.png"))
	key("Return")
	time.Sleep(800 * time.Millisecond)
	key("shift+Tab", "Down", "space") // "Printed backup codes only"
	key("Tab", "Tab", "Tab", "space") // "Set up the clinic"
	deadline := time.Now().Add(20 * time.Second)
	for !clinicSetUp(t, db) {
		if time.Now().After(deadline) {
			screenshot(t, display, filepath.Join(shots, "setup-failed.png"))
			t.Fatalf("the clinic was not set up\n%s", proc.stderr.String())
		}
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(800 * time.Millisecond)
	screenshot(t, display, filepath.Join(shots, "setup-codes.png"))

	// A client entered on the command line while the window is open.
	add := exec.Command(binary(t), "people", "add", "--db", db, "--given", "José", "--family", "Muñoz", "--date-of-birth", "03/14/1985",
		"--country-of-birth", "Mexico", "--street", "1 Elm St", "--city", "Springfield", "--state", "IL", "--zip", "62701")
	add.Env = append(os.Environ(), env...)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("people add: %v\n%s", err, out)
	}

	key("Tab", "Tab", "Tab", "space") // "I printed the sheet or wrote the codes down"
	key("Tab", "space")               // "Open the desk"
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, display, filepath.Join(shots, "desk-open.png"))
	typ("munoz") // the cursor waits in the search
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, display, filepath.Join(shots, "desk-search.png"))
	select {
	case <-proc.done:
		t.Fatalf("CaseDesk exited: %v\n%s", proc.err, proc.stderr.String())
	default:
	}
}

// clinicSetUp reports whether the store at db has a clinic with its
// name and one administrator.
func clinicSetUp(t *testing.T, db string) bool {
	if _, err := os.Stat(db); err != nil {
		return false
	}
	ctx := context.Background()
	s, err := data.Open(ctx, db)
	if err != nil {
		return false
	}
	defer s.Close()
	name, _ := s.Setting(ctx, app.SettingClinicName)
	kind, _ := s.Setting(ctx, app.SettingInstallKind)
	staff, err := s.ListStaff(ctx)
	return err == nil && name == "Clinica Legal del Sur" && kind == app.InstallClinic && len(staff) == 1 && staff[0].Role == app.RoleAdmin
}
