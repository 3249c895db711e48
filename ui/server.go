package ui

import (
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"

	"casedesk/app"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ServerSetUp moves a clinic never set up to a store on a database server
// (PostgreSQL), for a clinic whose computers share one store: the first
// run's "This clinic uses a database server".
type ServerSetUp struct {
	// Check connects to the server at address (a postgres:// address
	// without a password) and reports what it finds, writing nothing.
	Check func(ctx context.Context, address, password string) (ServerReport, error)
	// Use opens the store on the server and, once it is open, keeps the
	// choice for the next start and the password in the system keyring
	// (never in a file). unkept: the keyring did not keep the password.
	Use func(ctx context.Context, address, password string) (svc Services, closer func(), unkept bool, err error)
}

// ErrSetUpAlready refuses to move a store that was set up to a server: the
// card shows only on a store never set up, and Use checks it again.
var ErrSetUpAlready = errors.New("the store on this computer is set up already, so it stays in use")

// ServerReport is what "Test the connection" found (see data.CheckServer).
type ServerReport struct {
	Reached, TLS, Verified bool
	SSLMode                string
	Superuser              bool
	Certificate            string // why TLS refused the server's certificate, when it did
	Collation              string
	CollationOK            bool
	ServerVersion          string
	VersionOK              bool
	Schema, Latest         int
}

// sslModes are the choices of the connection's security, safest first: the
// first is the default.
var sslModes = []string{"verify-full", "verify-ca", "require", "disable"}

// sslModeName says a mode in words.
func sslModeName(mode string) string {
	switch mode {
	case "verify-full":
		return i18n.T("Encrypted, with the server's certificate and name checked (verify-full, recommended)")
	case "verify-ca":
		return i18n.T("Encrypted, with the certificate checked but not the name (verify-ca)")
	case "require":
		return i18n.T("Encrypted, nothing checked (require)")
	}
	return i18n.T("Not encrypted (disable): only for a server on this computer")
}

// serverForm is the screen that asks for the server: its address, the
// security of the connection, the password; it tests the connection and
// uses the server.
type serverForm struct {
	setUp  *ServerSetUp
	runner Runner
	win    fyne.Window // for the CA file's dialog; nil in tests
	done   func(svc Services, closer func(), unkept bool)
	leave  func()

	host, port, database, user, caFile, password *widget.Entry
	mode                                         *widget.Select
	test, use, back, choose                      *widget.Button
	working                                      *widget.ProgressBarInfinite
	report                                       *fyne.Container // what the test found, a line each
	msg                                          *widget.Label
	busy                                         bool
	// ctx ends when the screen is left: what the work then finds is not
	// applied, and a store it opened is closed.
	ctx    context.Context
	cancel context.CancelFunc

	scroll  *container.Scroll
	content fyne.CanvasObject
}

// newServerForm builds the screen. done gets the store on the server once
// it is open; leave goes back to the welcome screen.
func newServerForm(setUp *ServerSetUp, runner Runner, win fyne.Window, done func(Services, func(), bool), leave func()) *serverForm {
	f := &serverForm{setUp: setUp, runner: runner, win: win, done: done, leave: leave}
	f.ctx, f.cancel = context.WithCancel(context.Background())
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		return e
	}
	f.host = entry("db.clinic.example")
	f.port = entry("5432")
	f.port.SetText("5432")
	f.database = entry("casedesk")
	f.database.SetText("casedesk")
	f.user = entry("casedesk")
	f.user.SetText("casedesk")
	f.caFile = entry(i18n.T("The CA certificate file (.crt or .pem)"))
	f.password = widget.NewPasswordEntry()
	names := make([]string, len(sslModes))
	for i, m := range sslModes {
		names[i] = sslModeName(m)
	}
	f.mode = widget.NewSelect(names, nil)
	f.mode.SetSelectedIndex(0)
	f.choose = widget.NewButtonWithIcon(i18n.T("Choose…"), theme.FolderOpenIcon(), f.chooseCA)
	f.choose.Hidden = win == nil

	form := widget.NewForm(
		widget.NewFormItem(i18n.T("Server"), f.host),
		widget.NewFormItem(i18n.T("Port"), f.port),
		widget.NewFormItem(i18n.T("Database"), f.database),
		widget.NewFormItem(i18n.T("User name"), f.user),
		widget.NewFormItem(i18n.T("Security"), f.mode),
		&widget.FormItem{Text: i18n.T("CA file"), Widget: container.NewBorder(nil, nil, nil, f.choose, f.caFile),
			HintText: i18n.T("The certificate of the authority that signed the server's; empty when this computer already trusts it.")},
		&widget.FormItem{Text: i18n.T("Password"), Widget: f.password,
			HintText: i18n.T("Kept only in this computer's keyring: never in a file or a setting, and never shown.")},
	)
	f.test = widget.NewButtonWithIcon(i18n.T("Test the connection"), theme.SearchIcon(), f.runTest)
	// Return in a box tests the connection: it writes nothing.
	for _, e := range []*widget.Entry{f.host, f.port, f.database, f.user, f.caFile, f.password} {
		e.OnSubmitted = func(string) { f.runTest() }
	}
	f.use = widget.NewButtonWithIcon(i18n.T("Use this server"), theme.ConfirmIcon(), f.runUse)
	f.use.Importance = widget.HighImportance
	f.back = widget.NewButtonWithIcon(i18n.T("Back"), theme.NavigateBackIcon(), func() {
		f.cancel()
		f.password.SetText("")
		f.leave()
	})
	f.working = widget.NewProgressBarInfinite()
	f.working.Stop()
	f.working.Hide()
	f.report = container.NewVBox()
	f.msg = note()
	title := widget.NewLabelWithStyle(i18n.T("This clinic uses a database server"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := wrapped(i18n.T("Type what the person who looks after the clinic's server gave you. Test the connection first; nothing is written to the server before “Use this server”."))
	body := container.NewVBox(title, intro, form, container.NewHBox(f.back, f.test, f.use), f.working, f.msg, f.report)
	f.scroll = page(column(body))
	f.content = container.NewPadded(f.scroll)
	return f
}

// Content is the screen's root object.
func (f *serverForm) Content() fyne.CanvasObject { return f.content }

// chooseCA picks the CA file in a dialog.
func (f *serverForm) chooseCA() {
	if f.win == nil {
		return
	}
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		f.caFile.SetText(r.URI().Path())
		_ = r.Close()
	}, f.win)
}

// address is the server's postgres:// address from the form, without the
// password; or, when something typed cannot be used, what to fix.
func (f *serverForm) address() (string, []string) {
	var fix []string
	host := strings.TrimSpace(f.host.Text)
	switch {
	case host == "":
		fix = append(fix, i18n.T("Type the server's name or IP address."))
	case strings.ContainsAny(host, "/@?# ") || strings.Contains(host, "://"):
		fix = append(fix, i18n.T("Type only the server's name or IP address in Server, like db.clinic.example."))
	}
	port, err := strconv.Atoi(strings.TrimSpace(f.port.Text))
	if err != nil || port < 1 || port > 65535 {
		fix = append(fix, i18n.T("The port is a number from 1 to 65535; PostgreSQL's usual one is 5432."))
	}
	db, user := strings.TrimSpace(f.database.Text), strings.TrimSpace(f.user.Text)
	if db == "" {
		fix = append(fix, i18n.T("Type the database's name."))
	}
	if user == "" {
		fix = append(fix, i18n.T("Type the user name CaseDesk signs in to the server with."))
	}
	mode := sslModes[max(f.mode.SelectedIndex(), 0)]
	ca := strings.TrimSpace(f.caFile.Text)
	if ca != "" && mode == "disable" {
		fix = append(fix, i18n.T("A CA file is for an encrypted connection: choose a security that checks the certificate, or empty the CA file."))
	} else if fi, err := os.Stat(ca); ca != "" && (err != nil || !fi.Mode().IsRegular() || fi.Size() > 1<<20) {
		// Not an ordinary file of at most 1 MB (a FIFO or a device would
		// hang the check: the store reads it before any time limit applies,
		// and refuses it too).
		fix = append(fix, i18n.T("The CA file %s cannot be read: choose it again.", ca))
	}
	if len(fix) > 0 {
		return "", fix
	}
	u := url.URL{Scheme: "postgres", User: url.User(user), Host: net.JoinHostPort(host, strconv.Itoa(port)), Path: "/" + db}
	q := url.Values{"sslmode": {mode}}
	if ca != "" {
		q.Set("sslrootcert", ca)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// start checks the form and starts work; false when there was something
// to fix (said on the screen) or work is under way.
func (f *serverForm) start() (string, bool) {
	if f.busy {
		return "", false
	}
	address, fix := f.address()
	if fix != nil {
		f.report.Objects = nil
		f.report.Refresh()
		tell(f.msg, i18n.T("Nothing was tried. Fix this first:")+"\n"+strings.Join(fix, "\n"), true)
		return "", false
	}
	f.busy = true
	f.test.Disable()
	f.use.Disable()
	f.msg.Hide()
	f.working.Show()
	f.working.Start()
	return address, true
}

// finish ends the work started.
func (f *serverForm) finish() {
	f.busy = false
	f.test.Enable()
	f.use.Enable()
	f.working.Stop()
	f.working.Hide()
}

// runTest tests the connection off the UI goroutine and says what it found.
func (f *serverForm) runTest() {
	address, ok := f.start()
	if !ok {
		return
	}
	password, check := f.password.Text, f.setUp.Check
	f.runner.run(f.ctx, func(ctx context.Context) func() {
		r, err := check(ctx, address, password)
		return func() {
			f.finish()
			f.showReport(address, r, err)
		}
	})
}

// showReport says, a line each, what the test found.
func (f *serverForm) showReport(address string, r ServerReport, err error) {
	f.report.Objects = nil
	// What was found stands below the buttons: brought into view.
	defer func() {
		f.scroll.Refresh()
		f.scroll.ScrollToBottom()
	}()
	line := func(text string, bad bool) {
		l := wrapped(text)
		if bad {
			l.Importance = widget.DangerImportance
		}
		f.report.Add(l)
	}
	if !r.Reached && r.Certificate != "" {
		line(i18n.T("Not reached: the server's certificate could not be verified (%s). Choose the CA file of the authority that signed it, and check that Server is the name on the certificate.", r.Certificate), true)
		f.report.Refresh()
		return
	}
	if !r.Reached {
		line(i18n.T("Not reached. %s", app.StoreMessage(address, err)), true)
		f.report.Refresh()
		return
	}
	line(i18n.T("Reached: the server (PostgreSQL %s) took the user name and password.", r.ServerVersion), false)
	switch {
	case r.Verified:
		line(i18n.T("The connection is encrypted, and the server's certificate and name were verified."), false)
	case r.TLS:
		line(i18n.T("The connection is encrypted, but the server's certificate was not verified: choose verify-full, and the CA file when the server's certificate is the clinic's own."), true)
	default:
		line(i18n.T("The connection is not encrypted: anyone on the network could read it. Choose verify-full unless the server is this computer."), true)
	}
	if r.Superuser {
		line(i18n.T("Warning: this user is a superuser on the server. CaseDesk should not use one: make it a user of its own, as the README's section “Creating the database and a least-privilege role” shows."), true)
	} else {
		line(i18n.T("The user is not a superuser, as it should be."), false)
	}
	if r.CollationOK {
		line(i18n.T("The database sorts text as C, as CaseDesk needs."), false)
	} else {
		line(i18n.T("The database sorts text as %s, but CaseDesk needs C. Ask for the database to be made again with: CREATE DATABASE casedesk OWNER casedesk TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';", r.Collation), true)
	}
	if !r.VersionOK {
		line(i18n.T("PostgreSQL %s is too old: CaseDesk needs version 13 or newer.", r.ServerVersion), true)
	}
	switch {
	case r.Schema == 0:
		line(i18n.T("The database is empty: CaseDesk makes its tables when you use it."), false)
	case r.Schema == r.Latest:
		line(i18n.T("The database holds a CaseDesk store (schema %d), as this CaseDesk writes it.", r.Schema), false)
	case r.Schema < r.Latest:
		line(i18n.T("The database holds a CaseDesk store of an earlier version (schema %d); CaseDesk brings it up to schema %d when you use it.", r.Schema, r.Latest), false)
	default:
		line(i18n.T("The database was written by a newer CaseDesk (schema %d): install that version to use this server.", r.Schema), true)
	}
	f.report.Refresh()
}

// runUse opens the store on the server off the UI goroutine and, once it
// is open, hands it to the window. What was typed stays when it fails.
func (f *serverForm) runUse() {
	address, ok := f.start()
	if !ok {
		return
	}
	password, use, left := f.password.Text, f.setUp.Use, f.ctx
	// Applied whatever happens, so that a store opened after the screen
	// was left is closed rather than lost.
	f.runner.run(context.Background(), func(context.Context) func() {
		svc, closer, unkept, err := use(left, address, password)
		return func() {
			if left.Err() != nil {
				if err == nil {
					closer() // the screen was left meanwhile: nobody uses it
				}
				return
			}
			f.finish()
			if err != nil {
				f.report.Objects = nil
				f.report.Refresh()
				why := app.StoreMessage(address, err)
				if errors.Is(err, ErrSetUpAlready) {
					why = i18n.T("This computer's store was set up meanwhile, so it stays in use.")
				}
				tell(f.msg, i18n.T("CaseDesk did not switch to the server; what you typed is kept. %s", why), true)
				return
			}
			f.password.SetText("")
			f.cancel()
			f.done(svc, closer, unkept)
		}
	})
}

// serverNote is what the welcome screen says once the window uses the server.
func serverNote(unkept bool) string {
	if unkept {
		return i18n.T("CaseDesk now uses the clinic's database server. This computer's keyring could not keep the password, so next time CaseDesk takes it from a .pgpass file readable by you only (see the README, “Using a database server”).")
	}
	return i18n.T("CaseDesk now uses the clinic's database server; it opens it at every start.")
}
