//go:build smoke

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"casedesk/data/pgtest"
)

// TestSmokeServerRestart is a desk on a clinic's database server that
// stops mid-session, by keyboard only:
//   - the clinic is set up on the server from the command line, over TLS
//     with sslmode=verify-full, the password from a .pgpass file at 0600;
//   - the window opens the server with --db; the administrator signs in
//     with a backup code and starts adding a client;
//   - the server stops; Save says the server did not answer and keeps what
//     was typed, and nothing is saved;
//   - the server starts again; the same Save adds the client.
func TestSmokeServerRestart(t *testing.T) {
	srv, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	name, err := srv.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	addr := srv.TLSURL(name)
	dir := t.TempDir()
	pgpass := filepath.Join(dir, "pgpass")
	line := fmt.Sprintf("localhost:%d:%s:%s:%s\n", srv.Port, name, pgtest.App, pgtest.AppPassword)
	if err := os.WriteFile(pgpass, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", pgpass) // for the checks below, in this process
	env := []string{"CASEDESK_KEY_FILE=" + filepath.Join(dir, "keys", "casedesk.key"), "HOME=" + dir, "PGPASSFILE=" + pgpass,
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config")}

	setup := exec.Command(binary(t), "setup", "--db", addr, "--clinic-name", "Clinica Legal del Sur",
		"--clinic-address", `120 Main St\nSpringfield, IL 62701`, "--clinic-phone", "217-555-0100", "--time-zone", "America/Chicago",
		"--admin-given", "Rosa", "--admin-family", "Delgado", "--admin-username", "rosa.admin")
	setup.Env = append(os.Environ(), env...)
	setup.Stdin = strings.NewReader("copper kettle winter 19\n")
	out, err := setup.CombinedOutput()
	if err != nil {
		t.Fatalf("setup on the server: %v\n%s", err, out)
	}
	if strings.Contains(string(out), pgtest.AppPassword) {
		t.Fatal("setup printed the server's password")
	}
	codes := regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}`).FindAllString(string(out), -1)
	if len(codes) == 0 {
		t.Fatalf("setup printed no backup codes:\n%s", out)
	}

	display := startX(t)
	shots := shotsDir(t)
	w := open(t, display, shots, "^CaseDesk$", env, "--db", addr)
	w.shot("server-01-welcome")
	w.key(welcomeTabs("Tab", "space")...) // "Sign in"
	time.Sleep(700 * time.Millisecond)
	w.typ("rosa.admin")
	w.key("Tab")
	w.typ("copper kettle winter 19")
	w.key("Return")
	time.Sleep(1500 * time.Millisecond)
	w.typ(codes[0])
	w.key("Return")
	w.until("a sign-in", func() bool { return signedIn(t, addr) })
	time.Sleep(1500 * time.Millisecond)
	w.shot("server-02-desk")

	// A client, typed in full (Ctrl+N: the cursor in the given name).
	w.key("ctrl+n")
	w.typ("Marisol")
	w.key("Tab", "Tab")
	w.typ("Quispe Huaman")
	w.key("Tab", "Tab")
	w.typ("03/04/1985")
	w.key("Tab")
	w.typ("Peru")
	w.key("Tab", "Tab")
	w.typ("45 Oak Ave")
	w.key("Tab", "Tab")
	w.typ("Springfield")
	w.key("Tab")
	w.typ("IL")
	w.key("Tab")
	w.typ("62704")
	w.shot("server-03-typed")

	// The server stops; Return saves.
	if err := srv.StopServer(); err != nil {
		t.Fatal(err)
	}
	w.key("Return")
	time.Sleep(2 * time.Second)
	png := filepath.Join(shots, "server-04-unreachable.png")
	screenshot(t, display, png)
	text := strings.Join(strings.Fields(ocr(t, png)), " ")
	// The form is scrolled to its foot, where the message stands above Save.
	for _, want := range []string{"did not answer", "nothing was saved", "What you typed is kept", "Peru", "45 Oak Ave", "62704"} {
		if !strings.Contains(text, want) {
			t.Errorf("with the server down, the window does not show %q:\n%s", want, text)
		}
	}
	select {
	case <-w.p.done:
		t.Fatalf("CaseDesk exited with the server down: %v\n%s", w.p.err, w.p.stderr.String())
	default:
	}

	// The server is back; the same Return saves.
	if err := srv.StartServer(); err != nil {
		t.Fatal(err)
	}
	if id := clientNamed(t, addr, "Quispe Huaman"); id != "" {
		t.Fatal("the client was saved while the server was down")
	}
	w.key("Return")
	w.until("client added", func() bool { return clientNamed(t, addr, "Quispe Huaman") != "" })
	w.shot("server-05-saved")
	if strings.Contains(w.p.stderr.String(), pgtest.AppPassword) {
		t.Fatal("the window printed the server's password")
	}
	w.quit()
}
