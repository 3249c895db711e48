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

	"casedesk/data"
	"casedesk/data/pgtest"

	"github.com/jackc/pgx/v5"
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
	parallel(t)
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
	// The checks below read the store over the server's socket, where the
	// role needs no password (the window and the set-up use TLS and pgpass).
	check := srv.URL(name)
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
	w.until("a sign-in", func() bool { return signedIn(t, check) })
	w.settle(700 * time.Millisecond) // the desk loaded
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
	// The form is scrolled to its foot, where the message stands above Save.
	wants := []string{"did not answer", "nothing was saved", "What you typed is kept", "Peru", "45 Oak Ave", "62704"}
	text := w.reads("server-04-unreachable", wants...)
	for _, want := range wants {
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
	if id := clientNamed(t, check, "Quispe Huaman"); id != "" {
		t.Fatal("the client was saved while the server was down")
	}
	w.key("Return")
	w.until("client added", func() bool { return clientNamed(t, check, "Quispe Huaman") != "" })
	w.shot("server-05-saved")
	if strings.Contains(w.p.stderr.String(), pgtest.AppPassword) {
		t.Fatal("the window printed the server's password")
	}
	w.quit()
}

// TestSmokeServerFirstRun is the window's first run on a clinic's server,
// by keyboard only: "This clinic uses a database server", its form filled
// in (verify-full with the cluster's CA file), "Test the connection", then
// "Use this server": the store is made on the server, the choice is kept
// in server.json without the password, and the next start with no --db
// opens the server.
func TestSmokeServerFirstRun(t *testing.T) {
	parallel(t)
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
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	env := []string{"CASEDESK_KEY_FILE=" + filepath.Join(dir, "keys", "casedesk.key"), "HOME=" + dir, "XDG_CONFIG_HOME=" + config}
	display := startX(t)
	shots := shotsDir(t)
	w := open(t, display, shots, "^CaseDesk$", env)
	// Past the language, "Larger text", the clinic's two buttons, the
	// household's two and the demo's, to the server's card.
	w.key(welcomeTabs("Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "space")...)
	time.Sleep(700 * time.Millisecond)
	w.typ("localhost") // the cursor waits in Server
	w.key("Tab", "ctrl+a")
	w.typ(fmt.Sprint(srv.Port))
	w.key("Tab", "ctrl+a")
	w.typ(name)
	w.key("Tab", "ctrl+a")
	w.typ(pgtest.App)
	w.key("Tab", "Tab") // past the security: verify-full
	w.typ(srv.CA())
	w.key("Tab", "Tab") // past "Choose…"
	w.typ(pgtest.AppPassword)
	w.key("Return") // tests the connection
	wants := []string{"Reached", "certificate and name were verified", "not a superuser", "sorts text as C", "database is empty"}
	text := w.reads("server-first-01-tested", wants...)
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("the test does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, pgtest.AppPassword) {
		t.Fatal("the window shows the password")
	}
	w.key("Tab", "Tab", "Tab", "space") // Back, Test the connection, Use this server
	choice := filepath.Join(config, "CaseDesk", "server.json")
	w.until("the choice kept", func() bool { _, err := os.Stat(choice); return err == nil })
	if text := w.reads("server-first-02-welcome", "now uses the clinic's database server"); !strings.Contains(text, "now uses the clinic's database server") {
		t.Errorf("the welcome screen does not say the server is in use:\n%s", text)
	}
	b, err := os.ReadFile(choice)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(choice); fi.Mode().Perm() != 0o600 || strings.Contains(string(b), pgtest.AppPassword) || !strings.Contains(string(b), "sslmode=verify-full") {
		t.Fatalf("server.json (%v): %s", fi.Mode(), b)
	}
	if strings.Contains(w.p.stderr.String(), pgtest.AppPassword) {
		t.Fatal("the window printed the password")
	}
	w.quit()
	// The store is on the server now, and the next start opens it.
	report, err := data.CheckServer(ctx, srv.TLSURL(name), pgtest.AppPassword)
	if err != nil || report.Schema != report.Latest {
		t.Fatalf("the server's store: %+v, %v", report, err)
	}
	pgpass := filepath.Join(dir, "pgpass") // no keyring here: the password from a private file
	line := fmt.Sprintf("localhost:%d:%s:%s:%s\n", srv.Port, name, pgtest.App, pgtest.AppPassword)
	if err := os.WriteFile(pgpass, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	w = open(t, display, shots, "^CaseDesk$", append(env, "PGPASSFILE="+pgpass))
	text = w.reads("server-first-03-next-start", "legal aid")
	// A clinic's server offers its set-up, and no household, demo or server.
	for _, not := range []string{"This clinic uses a database server", "This is my own computer", "Just exploring"} {
		if strings.Contains(text, not) {
			t.Errorf("the store on the server offers %q:\n%s", not, text)
		}
	}
	if !strings.Contains(text, "legal aid") {
		t.Errorf("the store on the server does not offer the clinic's set-up:\n%s", text)
	}
	w.until("a seat on the server", func() bool { return seatsOn(t, srv, name) > 0 })
	w.quit()
}

// seatsOn is how many of CaseDesk's connections the database has.
func seatsOn(t *testing.T, srv *pgtest.Server, db string) int {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, srv.AdminURL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'casedesk' AND datname = $1", db).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
