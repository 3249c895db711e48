// Command casedesk is CaseDesk: the window by default, or a command for
// clinics that script their work (see ui/cli).
//
// This file is the one place that opens the store, loads the install's data
// key and wires the services: the window (ui) and the command line (ui/cli)
// get what they use from here and never reach the store (data) themselves.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/app/demo"
	"casedesk/app/desk"
	"casedesk/app/files"
	"casedesk/app/home"
	"casedesk/app/household"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/printing"
	"casedesk/app/settings"
	"casedesk/data"
	"casedesk/ui"
	"casedesk/ui/cli"

	fyneapp "fyne.io/fyne/v2/app"
)

const appID = "org.casedesk.desktop"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run starts a command, or the window when there is none, and returns the
// exit status. Every way in starts here, so the files it makes are private
// from the start.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	files.Private()
	if tag := os.Getenv("CASEDESK_LANG"); tag != "" {
		if err := i18n.SetDefault(tag); err != nil {
			fmt.Fprintln(stderr, err)
		}
	}
	if cli.CommandAt(args) >= 0 {
		env := cli.Env{Stdout: stdout, Stderr: stderr, Stdin: os.Stdin, DefaultStore: defaultStore(),
			Stores: stores{stderr}, Demo: demoFiles{stderr}, Printing: printing.New(), Actor: commandLineActor()}
		err := cli.Run(ctx, env, args)
		if msg := strings.TrimRight(errorText(err), "\n"); msg != "" {
			fmt.Fprintln(stderr, msg)
		}
		return cli.ExitCode(err)
	}
	fs := flag.NewFlagSet("casedesk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", defaultStore(), "the store file, or a postgres:// address")
	fs.Usage = func() { cli.Usage(stderr, defaultStore()) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := app.CheckStoreAddress(*db); err != nil {
		fmt.Fprintln(stderr, "casedesk: --db:", err)
		return 2
	}
	if err := ui.CanShow(); err != nil {
		fmt.Fprintln(stderr, "casedesk:", err)
		return 1
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "db" })
	return window(ctx, windowStore(given, *db))
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// window shows CaseDesk and opens the store behind it. A store that cannot
// be opened is explained in the window, not just on stderr.
func window(ctx context.Context, path string) int {
	a := fyneapp.NewWithID(appID)
	ok := ui.Run(ctx, a, path, func(ctx context.Context) (ui.Services, func(), error) {
		c, err := openClinic(ctx, path)
		if err == nil {
			if err = c.OpenKeys(ctx); err != nil {
				err = c.enrolInWindow(ctx, a, err)
			}
			if err != nil {
				c.Close()
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "casedesk:", app.StoreMessage(path, err))
			return ui.Services{}, nil, err
		}
		c.dailyInBackground(os.Stderr)
		return c.services(), func() { c.Close() }, nil
	})
	if !ok {
		return 1
	}
	return 0
}

// systemKeyring is where the data key is kept; tests put a fake here.
var systemKeyring auth.Keyring = auth.SystemKeyring{}

// clinic is an open store and, once OpenKeys has run, the install's data
// key in use.
type clinic struct {
	*data.Store
	keys *auth.Keys
	note string // when the key had to be put in a file: the sentence that says where, once

	daily backgroundBackup // the day's backup, when the window makes it
}

// openClinic opens the store at path, making a backup first when the
// store needs migrating.
func openClinic(ctx context.Context, path string) (*clinic, error) {
	s, err := data.OpenWith(ctx, path, data.OpenOptions{BeforeMigrate: backupBeforeMigrate, ServerPassword: serverPassword(ctx, path)})
	if err != nil {
		return nil, err
	}
	return &clinic{Store: s}, nil
}

// OpenKeys loads the install's data key for the store and puts it to use.
func (c *clinic) OpenKeys(ctx context.Context) error {
	if c.keys != nil {
		return nil
	}
	keys, note, err := c.loadKeys(ctx)
	if err != nil {
		return err
	}
	c.keys, c.note = keys, note
	return nil
}

// say writes the key's note to w, once.
func (c *clinic) say(w io.Writer) {
	if c.note != "" {
		fmt.Fprintln(w, c.note)
		c.note = ""
	}
}

func (c *clinic) Codes() *auth.Codes       { return auth.NewCodes(c.Store, c.keys, nil, auth.DefaultArgon2) }
func (c *clinic) Notices() *notice.Service { return notice.NewService(c.Store, nil) }

// deskService is the clinic's desk over the store.
func (c *clinic) deskService() *desk.Service {
	d := desk.New(c.Store.Desk(), c.Codes(), c.keys, c.Notices(), settings.New(c.Store), nil, auth.DefaultArgon2)
	d.CheckPasswordsWith(auth.NewAccount(c.Store, c.keys, nil, auth.DefaultArgon2).ConfirmPassword)
	if !c.OnServer() {
		// A store on a database server is backed up on the server (pg_dump):
		// the desk shows no backups of its own for it.
		d.WithBackups(c.backups())
	}
	return d.WithPackets(c.Store.Desk())
}

// householdService is a household's own CaseDesk over the store; its
// every call checks that the store is a household's.
func (c *clinic) householdService() *household.Service {
	return household.New(c.Store.Household(), c.keys, nil, auth.DefaultArgon2)
}

// BeginBulk starts the all-or-nothing write the demo clinic is built in.
func (c *clinic) BeginBulk(ctx context.Context) (demo.Batch, error) { return c.Store.BeginBulk(ctx) }

// services wires the store into what the screens use. It reads the store,
// so it runs off the UI goroutine.
func (c *clinic) services() ui.Services {
	ctx := context.Background()
	accounts := auth.NewAccount(c.Store, c.keys, nil, auth.DefaultArgon2)
	kind, _ := c.Setting(ctx, app.SettingInstallKind)
	set := settings.New(c.Store)
	d := c.deskService()
	var restore func(ctx context.Context, from string, key []byte) (ui.Services, func(), string, error)
	var packets *home.Packets
	if kind != app.InstallDemo && !c.OnServer() {
		restore = c.restoreInWindow
		packets = home.New(c.Store, c.keys, nil, auth.DefaultArgon2)
	}
	return c.forServer(ui.Services{
		RestoreBackup: restore,
		Desk:          d,
		Household:     c.householdService(),
		NeedsSetUp:    d.NeedsSetUp,
		Demo:          kind == app.InstallDemo,
		SessionIdle:   set.SessionIdle(ctx),
		// The kiosk, read when the store opens (the desk's Kiosk card
		// changes it at once); its print folder is wiped as the window opens.
		Kiosk:          set.Kiosk(ctx),
		KioskDir:       app.KioskFolder(),
		ClinicLanguage: set.ClinicLanguage(ctx),
		StorePath:      c.Path(),
		Summary:        c.Summary,
		Server:         c.serverSetUp(kind),
		KeyNote:        c.note,
		OpenDemo: func(ctx context.Context, people int, progress func(done, total int)) (ui.Services, func(), string, error) {
			beside := c.Path()
			if c.OnServer() {
				beside = defaultStore() // the demo clinic never goes on the clinic's server
			}
			d, note, err := demo.Open(ctx, demoFiles{os.Stderr}, demo.Path(beside), people, progress)
			if err != nil {
				return ui.Services{}, nil, "", err
			}
			dc := d.(sayingClinic).clinic
			if err := dc.OpenKeys(ctx); err != nil {
				dc.Close()
				return ui.Services{}, nil, "", err
			}
			return dc.services(), func() { dc.Close() }, note, nil
		},
		Notices: c.Notices(),
		Codes:   c.Codes(),
		Packets: packets,
		Cases:   c.CasesOfPerson,
		SignIn:  accounts,
		Portal:  portal.New(c.Store, accounts, nil),

		Printing:  printing.New(),
		PDFFolder: pdfFolder(),
	})
}

// demoFiles opens and makes the stores of the demo clinic.
type demoFiles struct{ stderr io.Writer }

func (f demoFiles) Open(ctx context.Context, path string) (demo.Clinic, error) {
	c, err := openClinic(ctx, path)
	if err != nil {
		return nil, err
	}
	return sayingClinic{c, f.stderr}, nil
}

func (f demoFiles) Create(ctx context.Context, path string, fill func(demo.Clinic) error) error {
	return data.Create(ctx, path, func(s *data.Store) error { return fill(sayingClinic{&clinic{Store: s}, f.stderr}) })
}

// sayingClinic is a clinic that writes the key's note to w when it loads the key.
type sayingClinic struct {
	*clinic
	w io.Writer
}

func (c sayingClinic) OpenKeys(ctx context.Context) error {
	err := c.clinic.OpenKeys(ctx)
	c.say(c.w)
	return err
}

// stores opens stores for commands. The data key is loaded only by the
// commands that use it, so a backup or a setting works without it.
type stores struct{ stderr io.Writer }

func (st stores) Open(ctx context.Context, path string) (cli.Store, error) {
	c, err := openClinic(ctx, path)
	if err != nil {
		return nil, err
	}
	sc := sayingClinic{c, st.stderr}
	sc.dailyForCommand(ctx, st.stderr)
	return command{sc}, nil
}

func (stores) Restore(ctx context.Context, r cli.RestoreRequest) (cli.Restored, error) {
	return restore(ctx, r)
}

// command is a store opened for a command.
type command struct{ sayingClinic }

func (c command) Settings() *settings.Service { return settings.New(c.Store) }

// Desk loads the data key, which the desk's writes need, and returns the desk.
func (c command) Desk(ctx context.Context) (*desk.Service, error) {
	if err := c.OpenKeys(ctx); err != nil {
		return nil, err
	}
	return c.deskService(), nil
}

// Codes loads the data key, which issuing codes needs, and returns the
// access-code service.
func (c command) Codes(ctx context.Context) (*auth.Codes, error) {
	if err := c.OpenKeys(ctx); err != nil {
		return nil, err
	}
	return c.clinic.Codes(), nil
}

// commandLineActor is who the audit log names for a command: the computer
// account that ran it, until staff sign in to the command line.
func commandLineActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "command line (" + u.Username + ")"
	}
	return "command line"
}

// defaultStore is the store in the user's config directory.
func defaultStore() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "CaseDesk", "casedesk.db")
}

// pdfFolder is where the window saves PDFs: Documents/CaseDesk in the home
// folder (or CaseDesk in the home folder when there is no Documents).
func pdfFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "CaseDesk")
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents", "CaseDesk")
	}
	return filepath.Join(home, "CaseDesk")
}

// backupsOf is the backups of the store s, sealed under k.
func backupsOf(s *data.Store, k backup.Key) *backup.Service {
	b := backup.New(s, k, nil)
	if kind, _ := s.Setting(context.Background(), app.SettingInstallKind); kind == app.InstallDemo {
		// Never in the clinic's folder, whose retention would count them.
		b.WithDefaultFolder(filepath.Join(filepath.Dir(s.Path()), "CaseDesk Demo Backups"))
	}
	return b
}

// backupBeforeMigrate backs the store up before this CaseDesk migrates it:
// into the backup folder, or when that fails (a USB stick not plugged in)
// beside the store, as <store>.before-update-<time>.cdbackup. When neither works the store is not migrated.
func backupBeforeMigrate(ctx context.Context, s *data.Store, from, to int) error {
	keys, _, err := auth.InstallKeys(ctx, systemKeyring, s.Path())
	if err != nil {
		return fmt.Errorf("%s: %w", i18n.T("CaseDesk did not update the store, because it could not load the data key to back it up first"), err)
	}
	if _, err := backupsOf(s, keys).Make(ctx); err == nil {
		return nil
	}
	// Beside the store, under a name retention never removes.
	beside := s.Path() + ".before-update-" + time.Now().UTC().Format("20060102-150405") + backup.Ext
	if err := s.SealedBackup(ctx, beside, keys); err != nil {
		return fmt.Errorf("%s: %w", i18n.T("CaseDesk did not update the store from schema %d to %d, because it could not back it up first", from, to), err)
	}
	return nil
}

// restoreFile puts the backup at from in place of the store at path,
// opened with key; a plain store file only when plain is set (see
// data.RestorePlain). It says where the replaced store is kept.
func restoreFile(ctx context.Context, path, from string, key backup.Key, plain bool) (kept string, wasPlain bool, err error) {
	do := data.Restore
	if plain {
		do = data.RestorePlain
	}
	res, err := do(ctx, path, from, key)
	return res.Kept, res.Plain, err
}

// auditIn appends e to the audit log of the store at path.
func auditIn(ctx context.Context, path string, e *app.AuditEvent) error {
	s, err := data.Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Audit(ctx, e)
}

// The store on a database server: moving a store file to one, testing
// one, and opening one from the window (main_server.go keeps the
// window's choice of server and its password, and needs no store).

// Migrate moves the clinic from the store file from to the empty database
// on the server to (data.Migrate), then keeps this computer's data key as
// its seat key for the server: the key is the same, so this computer is
// the clinic's first seat (see cli.Migrator).
func (stores) Migrate(ctx context.Context, from, to, actor string, progress func(table string, rows int64)) (cli.Migrated, error) {
	if app.IsServerAddress(from) || !app.IsServerAddress(to) {
		return cli.Migrated{}, errors.New("migrate moves a store file (--from) to a database on a server (--to postgres://…)")
	}
	// The file's key, never made here: a store this computer cannot open
	// is not moved where no seat could open it.
	keys, err := auth.PeekKeys(ctx, systemKeyring, from)
	if err != nil {
		return cli.Migrated{}, err
	}
	opt := data.MigrateOptions{Actor: actor, Progress: progress, ServerPassword: serverPassword(ctx, to)}
	if keys != nil {
		opt.KeyCheck = keys.KeyCheck()
	}
	res, err := data.Migrate(ctx, from, to, opt)
	if err != nil {
		return cli.Migrated{}, err
	}
	out := cli.Migrated{Server: app.RedactAddress(to), Took: res.Took}
	for _, t := range res.Tables {
		out.Tables = append(out.Tables, cli.MigratedTable{Table: t.Table, Rows: t.Rows, Checksum: t.Checksum})
	}
	if keys == nil {
		out.SeatKeyErr = errors.New("this computer holds no data key for the store file")
		return out, nil
	}
	out.SeatKey, out.SeatKeyErr = keepSeatKey(ctx, to, keys)
	return out, nil
}

// keepSeatKey keeps keys as this computer's key for the store on the
// server at to, and checks that the store takes it; it says where it is kept.
func keepSeatKey(ctx context.Context, to string, keys *auth.Keys) (string, error) {
	s, err := data.Open(ctx, to)
	if err != nil {
		return "", err
	}
	defer s.Close()
	id, err := s.StoreID(ctx)
	if err != nil {
		return "", err
	}
	saved, err := auth.SaveSeatKeys(ctx, systemKeyring, id, keys)
	if err != nil {
		return "", err
	}
	if err := s.UseKeys(ctx, saved); err != nil {
		return "", err
	}
	if saved.Source == auth.FromFile {
		return "the file " + saved.File + ", readable only by you", nil
	}
	return "its keyring", nil
}

// checkServer is data.CheckServer in the window's words.
func checkServer(ctx context.Context, address, password string) (ui.ServerReport, error) {
	r, err := data.CheckServer(ctx, address, password)
	return ui.ServerReport{Reached: r.Reached, TLS: r.TLS, Verified: r.Verified, SSLMode: r.SSLMode,
		Superuser: r.Superuser, Certificate: r.Certificate, Collation: r.Collation, CollationOK: r.CollationOK,
		ServerVersion: r.ServerVersion, VersionOK: r.VersionOK, Schema: r.Schema, Latest: r.Latest}, err
}

// useServer opens the store on the server at address, as the window
// opens any store, and only once it is open keeps the choice and the
// password. unkept reports a password the keyring did not keep.
func useServer(ctx context.Context, address, password string) (svc ui.Services, closer func(), unkept bool, err error) {
	if addressHasPassword(address) {
		return ui.Services{}, nil, false, fmt.Errorf("%w: type the password in its own box, not in the address", app.ErrServerAddress)
	}
	s, err := data.OpenWith(ctx, address, data.OpenOptions{ServerPassword: password})
	if err != nil {
		return ui.Services{}, nil, false, err
	}
	c := &clinic{Store: s}
	if err := c.OpenKeys(ctx); err != nil {
		c.Close()
		return ui.Services{}, nil, false, err
	}
	if err := saveServerChoice(address); err != nil {
		c.Close()
		return ui.Services{}, nil, false, fmt.Errorf("the choice of server could not be saved in %s: %w", serverChoiceFile(), err)
	}
	if password != "" {
		unkept = saveServerPassword(ctx, address, password) != nil
	}
	c.dailyInBackground(os.Stderr)
	return c.services(), func() { c.Close() }, unkept, nil
}
