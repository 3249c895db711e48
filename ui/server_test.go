package ui

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// serverFake stands in for main's test and use of a server.
type serverFake struct {
	checked, used []string // the addresses asked for
	passwords     []string
	report        ServerReport
	checkErr      error
	useErr        error
	closed        int
}

func (f *serverFake) setUp(opened Services) *ServerSetUp {
	return &ServerSetUp{
		Check: func(_ context.Context, address, password string) (ServerReport, error) {
			f.checked = append(f.checked, address)
			f.passwords = append(f.passwords, password)
			return f.report, f.checkErr
		},
		Use: func(_ context.Context, address, password string) (Services, func(), bool, error) {
			f.used = append(f.used, address)
			f.passwords = append(f.passwords, password)
			if f.useErr != nil {
				return Services{}, nil, false, f.useErr
			}
			return opened, func() { f.closed++ }, true, nil
		},
	}
}

// serverShell is the window on a store file nobody set up, which offers
// the server; opened is the store on the server that Use opens.
func serverShell(t *testing.T, f *serverFake, opened Services) (*shell, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(880, 700))
	store := &fakeStore{needSetUp: true}
	svc := store.services()
	svc.Server = f.setUp(opened)
	sh := &shell{w: win, welcome: NewWelcome(Services{StorePath: svc.StorePath}), closeStore: func() {}, focus: newFocusRing(win.Canvas())}
	sh.use(svc, func() {})
	return sh, win
}

// openServerForm taps the welcome screen's server card and returns the form.
func openServerForm(t *testing.T, sh *shell) *serverForm {
	t.Helper()
	if !sh.welcome.serverCard.Visible() {
		t.Fatal("the first run offers no database server")
	}
	b := buttonIn(sh.welcome.serverCard, "Connect to the clinic's database server…")
	if b == nil {
		t.Fatal("the server card has no button")
	}
	test.Tap(b)
	f := sh.server
	if f == nil {
		t.Fatal("no server form shown")
	}
	return f
}

// The card shows at the first run of a store file, not on a store set up,
// not at a kiosk and not when the window cannot move to a server.
func TestWelcomeOffersTheServerOnlyAtTheFirstRun(t *testing.T) {
	f := &serverFake{}
	sh, _ := serverShell(t, f, Services{})
	if !sh.welcome.serverCard.Visible() || !sh.welcome.firstRun.Visible() {
		t.Fatal("the first run offers no database server")
	}
	for name, svc := range map[string]Services{
		"set up":    func() Services { s := (&fakeStore{}).services(); s.Server = f.setUp(Services{}); return s }(),
		"no server": (&fakeStore{needSetUp: true}).services(),
		"kiosk": func() Services {
			s := (&fakeStore{needSetUp: true}).services()
			s.Server = f.setUp(Services{})
			s.Kiosk = true
			return s
		}(),
	} {
		sh.use(svc, func() {})
		if sh.welcome.serverCard.Visible() {
			t.Errorf("%s: the server is offered", name)
		}
	}
}

// Something typed wrong is said, a line each, and nothing is tried; what
// was typed stays.
func TestServerFormSaysWhatToFix(t *testing.T) {
	f := &serverFake{}
	sh, _ := serverShell(t, f, Services{})
	form := openServerForm(t, sh)
	typeIn(form.port, "0")
	form.database.SetText("")
	form.mode.SetSelectedIndex(3) // disable
	typeIn(form.caFile, "/etc/casedesk/ca.crt")
	typeIn(form.password, "s3cret pass")
	test.Tap(form.test)
	test.Tap(form.use)
	if len(f.checked)+len(f.used) != 0 {
		t.Fatal("a form with mistakes was tried")
	}
	for _, want := range []string{"Nothing was tried", "server's name or IP address", "1 to 65535", "database's name", "A CA file is for an encrypted connection"} {
		if !strings.Contains(form.msg.Text, want) {
			t.Errorf("the message does not say %q: %q", want, form.msg.Text)
		}
	}
	if form.port.Text != "0" || form.caFile.Text != "/etc/casedesk/ca.crt" || form.password.Text != "s3cret pass" {
		t.Fatal("what was typed was lost")
	}
	typeIn(form.host, "db.clinic.example/x")
	test.Tap(form.test)
	if !strings.Contains(form.msg.Text, "Type only the server's name") {
		t.Errorf("a host with a path: %q", form.msg.Text)
	}
}

// The test asks for verify-full by default, with the CA file, and never
// puts the password in the address; it says what it found in words.
func TestServerFormTestsTheConnection(t *testing.T) {
	f := &serverFake{report: ServerReport{Reached: true, TLS: true, Verified: true, SSLMode: "verify-full", Superuser: true,
		Collation: "en_US.UTF-8", ServerVersion: "16.4", VersionOK: true, Schema: 0, Latest: 40}}
	sh, _ := serverShell(t, f, Services{})
	form := openServerForm(t, sh)
	typeIn(form.host, "db.clinic.example")
	typeIn(form.caFile, "/nowhere/clinic ca.crt")
	test.Tap(form.test)
	if len(f.checked) != 0 || !strings.Contains(form.msg.Text, "The CA file /nowhere/clinic ca.crt cannot be read") {
		t.Fatalf("a CA file that is not there: %q", form.msg.Text)
	}
	ca := filepath.Join(t.TempDir(), "clinic ca.crt")
	if err := os.WriteFile(ca, []byte("-----BEGIN CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	form.caFile.SetText(ca)
	typeIn(form.password, "s3cret pass")
	test.Tap(form.test)
	if len(f.checked) != 1 {
		t.Fatalf("checked %d times", len(f.checked))
	}
	u, err := url.Parse(f.checked[0])
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != "db.clinic.example:5432" || u.Path != "/casedesk" || u.User.Username() != "casedesk" ||
		u.Query().Get("sslmode") != "verify-full" || u.Query().Get("sslrootcert") != ca {
		t.Errorf("address %s", f.checked[0])
	}
	if strings.Contains(f.checked[0], "s3cret") || f.passwords[0] != "s3cret pass" {
		t.Errorf("the password is in the address, or not given: %s", f.checked[0])
	}
	said := deskText(form.report)
	for _, want := range []string{"Reached", "PostgreSQL 16.4", "certificate and name were verified", "superuser", "Creating the database and a least-privilege role",
		"sorts text as en_US.UTF-8", "LC_COLLATE 'C'", "The database is empty"} {
		if !strings.Contains(said, want) {
			t.Errorf("the report does not say %q:\n%s", want, said)
		}
	}
	if strings.Contains(said, "s3cret") {
		t.Error("the report shows the password")
	}

	// A certificate TLS refused: said as such, not as a server that is down.
	f.report, f.checkErr = ServerReport{Certificate: "x509: certificate signed by unknown authority"}, fmt.Errorf("%w: tls", app.ErrServerUnreachable)
	test.Tap(form.test)
	said = deskText(form.report)
	if !strings.Contains(said, "certificate could not be verified (x509: certificate signed by unknown authority)") || strings.Contains(said, "did not answer") {
		t.Errorf("an unknown authority:\n%s", said)
	}

	// Not reached: said plainly, nothing else claimed.
	f.report, f.checkErr = ServerReport{}, fmt.Errorf("%w: dial tcp: connection refused", app.ErrServerUnreachable)
	form.mode.SetSelectedIndex(2)
	test.Tap(form.test)
	said = deskText(form.report)
	if !strings.Contains(said, "Not reached") || !strings.Contains(said, "did not answer") || strings.Contains(said, "Reached:") {
		t.Errorf("not reached:\n%s", said)
	}
	if q, _ := url.Parse(f.checked[len(f.checked)-1]); q.Query().Get("sslmode") != "require" {
		t.Errorf("the chosen security was not used: %s", f.checked[len(f.checked)-1])
	}
}

// "Use this server": a refusal keeps what was typed and says why; once the
// store on the server opens, the window uses it and says so.
func TestServerFormUsesTheServer(t *testing.T) {
	f := &serverFake{useErr: fmt.Errorf("%w: 28P01", app.ErrServerSignIn)}
	onServer := (&fakeStore{sum: app.Summary{ClinicName: "Clínica Sur", Settings: 1}}).services()
	onServer.StorePath = "postgres://casedesk@db.clinic.example:5432/casedesk?sslmode=verify-full"
	sh, _ := serverShell(t, f, onServer)
	form := openServerForm(t, sh)
	typeIn(form.host, "db.clinic.example")
	typeIn(form.password, "wrong")
	test.Tap(form.use)
	if !strings.Contains(form.msg.Text, "did not switch") || !strings.Contains(form.msg.Text, "refused") || form.password.Text != "wrong" || form.host.Text != "db.clinic.example" {
		t.Fatalf("a refusal: %q, typed kept %q", form.msg.Text, form.host.Text)
	}
	f.useErr = ErrSetUpAlready
	test.Tap(form.use)
	if !strings.Contains(form.msg.Text, "was set up meanwhile") || sh.svc.StorePath == onServer.StorePath {
		t.Fatalf("a store set up meanwhile: %q", form.msg.Text)
	}
	f.useErr = nil
	form.password.SetText("right")
	test.Tap(form.use)
	if sh.svc.StorePath != onServer.StorePath || !sh.atWelcome {
		t.Fatalf("the window did not switch: %s", sh.svc.StorePath)
	}
	if form.password.Text != "" {
		t.Error("the password stays in the form")
	}
	if !strings.Contains(sh.welcome.status.Text, "database server") || !strings.Contains(sh.welcome.status.Text, ".pgpass") {
		t.Errorf("the welcome screen says %q", sh.welcome.status.Text)
	}
	if sh.welcome.serverCard.Visible() || sh.welcome.clinic.Text != "Clínica Sur" {
		t.Error("the server's store shows the server card, or not its clinic")
	}
}

// Back goes to the welcome screen; a store opened after it is closed.
func TestServerFormBackClosesWhatOpensLate(t *testing.T) {
	f := &serverFake{}
	sh, _ := serverShell(t, f, Services{StorePath: "postgres://x"})
	form := openServerForm(t, sh)
	typeIn(form.host, "db.clinic.example")
	var later func()
	form.runner = Runner{Go: func(work func()) { later = work }}
	test.Tap(form.use)
	test.Tap(form.back)
	if !sh.atWelcome {
		t.Fatal("Back did not go to the welcome screen")
	}
	later()
	if f.closed != 1 || sh.svc.StorePath == "postgres://x" {
		t.Fatalf("the late store: closed %d, window on %s", f.closed, sh.svc.StorePath)
	}
}

// Return in a box tests the connection, as the button does.
func TestServerFormReturnTests(t *testing.T) {
	f := &serverFake{report: ServerReport{Reached: true, VersionOK: true, CollationOK: true, Collation: "C"}}
	sh, _ := serverShell(t, f, Services{})
	form := openServerForm(t, sh)
	typeIn(form.host, "db.clinic.example")
	form.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(f.checked) != 1 || len(f.used) != 0 || !strings.Contains(deskText(form.report), "Reached") {
		t.Fatalf("Return: checked %d, used %d", len(f.checked), len(f.used))
	}
}
