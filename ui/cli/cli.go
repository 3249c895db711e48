// Package cli is CaseDesk's command line, for clinics that script their
// work: one file per group of commands. It works only through what main
// hands it in Env, and each command returns an error that main prints once.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/demo"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/printing"
	"casedesk/app/settings"
)

// Env is what the commands work with; main builds it.
type Env struct {
	Stdout, Stderr io.Writer
	// Stdin is where setup reads the administrator's password and
	// messages send a body given as "-".
	Stdin io.Reader
	// DefaultStore is the store a command uses when --db names none.
	DefaultStore string
	// Stores opens and restores case stores.
	Stores Stores
	// Demo makes and opens the stores the demo clinic lives in.
	Demo demo.Files
	// Printing sends PDFs to printers.
	Printing *printing.Service
	// Actor is who the audit log names for a command.
	Actor string
}

// Stores reaches the case stores; main implements it.
type Stores interface {
	// Open opens the store at path, checked.
	Open(ctx context.Context, path string) (Store, error)
	// Restore replaces the store with the backup, once the whole backup
	// was checked, and says how it went.
	Restore(ctx context.Context, r RestoreRequest) (Restored, error)
}

// Store is an open case store with the services commands use.
type Store interface {
	auth.UnlockStore
	Notices() *notice.Service
	Settings() *settings.Service
	// Codes loads the install's data key and returns the access-code service.
	Codes(ctx context.Context) (*auth.Codes, error)
	// Desk loads the install's data key and returns the desk's services.
	Desk(ctx context.Context) (*desk.Service, error)
	CaseByReceipt(ctx context.Context, r app.Receipt) (app.Case, error)
	Close() error
}

// command is one verb: what it does, and how.
type command struct {
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

// commands are the verbs, in the order help lists them.
var commands = []struct {
	name string
	command
}{
	{"demo", command{"build the demo clinic: demo --people N [--seed S] [--force]", demoCommand}},
	{"setup", command{"set a new store up for a clinic, with its first administrator: setup --clinic-name N …", setupCommand}},
	{"people", command{"add, change, find and show clients: people add|edit|list|show …", peopleCommand}},
	{"cases", command{"add cases and record status changes: cases add|status|list …", casesCommand}},
	{"appointments", command{"schedule, move or cancel appointments: appointments add|reschedule|cancel …", appointmentsCommand}},
	{"import", command{"bring clients or cases in from a CSV file, dry run first: import clients|cases FILE [--apply]", importCommand}},
	{"messages", command{"write to a client, read the clinic's inbox: messages send|inbox|read …", messagesCommand}},
	{"staff", command{"add, disable, reset and list staff accounts: staff add|disable|reset|list …", staffCommand}},
	{"audit", command{"read the audit log by client, staff member, kind and days: audit [--person WHO] …", auditCommand}},
	{"export", command{"write clients, cases or the audit log to a CSV file: export clients|cases|audit FILE [--force]", exportCommand}},
	{"report", command{"the funders' report of a period: report [--year Y | --month M | --from D --to D] [--pdf F] [--csv F]", reportCommand}},
	{"processing-times", command{"keep how long forms take: processing-times set|list …", processingCommand}},
	{"codes", command{"issue or revoke online access codes: codes issue|revoke …", codesCommand}},
	{"packet", command{"write a client's case packet to take home, with its notice: packet (--person ID | --receipt R) --out FILE.cdpacket …", packetCommand}},
	{"accounts", command{"unlock an account after 5 failed sign-ins: accounts unlock --username U", accountsCommand}},
	{"notices", command{"list notices, or export them to PDF: notices list|export|batch …", noticesCommand}},
	{"print", command{"print a PDF: print [--printer P] FILE, or print --list", printCommand}},
	{"settings", command{"show or change settings: settings list | settings set KEY VALUE", settingsCommand}},
	{"backup", command{"make a sealed backup into the backup folder, or into FILE: backup [FILE]", backupCommand}},
	{"restore", command{"replace the store with a checked backup: restore FILE [--recovery-key-file F | --recovery-qr IMAGE]", restoreCommand}},
	{"migrate", command{"move the clinic from its store file to an empty database on a server: migrate --from casedesk.db --to postgres://…", migrateCommand}},
	{"seat", command{"make this computer a seat of the clinic's database on a server, with the recovery key: seat enrol --db postgres://…", seatCommand}},
	{"recovery-key", command{"print the clinic's Recovery Key sheet, which opens backups on another computer: recovery-key --print | --pdf FILE", recoveryCommand}},
	{"help", command{"show this help", nil}}, // run by Run: it lists the others
}

// CommandAt is where the command stands in args, after any flags that come
// before it (casedesk --db P settings list), or -1 when args name none: then
// they are the window's.
func CommandAt(args []string) int {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--db" || a == "-db":
			i++ // its value
		case a == "--":
			if i+1 < len(args) {
				return i + 1
			}
			return -1
		case !strings.HasPrefix(a, "-") || a == "-":
			return i
		}
	}
	return -1
}

// Run runs the command that args name (see CommandAt). The flags before
// the command are read as the command's own, wherever they stand.
func Run(ctx context.Context, env Env, args []string) error {
	i := CommandAt(args)
	if i < 0 {
		return usage("casedesk: name a command\n\n")
	}
	name, before := args[i], args[:i]
	if len(before) > 0 && before[len(before)-1] == "--" {
		before = before[:len(before)-1]
	}
	args = append(append([]string{}, before...), args[i+1:]...)
	for _, c := range commands {
		if c.name == name {
			if c.run == nil {
				Usage(env.Stdout, env.DefaultStore)
				return nil
			}
			err := c.run(ctx, env, args)
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "casedesk: unknown command %q\n\n", name)
	Usage(&b, env.DefaultStore)
	return &Error{Msg: b.String(), BadCall: true}
}

// Usage writes how to call CaseDesk.
func Usage(w io.Writer, defaultStore string) {
	fmt.Fprintf(w, `CaseDesk keeps immigration cases, notices and appointments on this computer.

Usage:
  casedesk [--db PATH]            open the window
  casedesk COMMAND [--db PATH] …  run a command

Commands:
`)
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintf(w, "\nEvery command takes --db PATH (default %s).\n", defaultStore)
	fmt.Fprint(w, `--db may name a clinic's PostgreSQL database server instead of a file:
  --db 'postgres://casedesk@db.clinic.example/casedesk?sslmode=verify-full&sslrootcert=/path/ca.crt'
The password is never part of it: it comes from the system keyring or a
.pgpass file readable only by you (see the README, "Using a database server").
The window with no --db opens the server chosen at its first run, if any.
`)
}

// Error is a command's failure in words for the person at the terminal.
type Error struct {
	Msg string
	// BadCall: the command line itself was wrong (exit status 2): an
	// unknown command or flag, words missing or too many, flags that do not
	// go together. A value that is refused (a date with no such day, a
	// setting out of range, a receipt number of the wrong length) is not a
	// bad call: like any work that fails, it is status 1.
	BadCall bool
}

func (e *Error) Error() string { return e.Msg }

// ExitCode is the process's exit status after err: 0 when nil, 2 when the
// command line was wrong, 1 otherwise (a value refused included).
func ExitCode(err error) int {
	var e *Error
	switch {
	case err == nil:
		return 0
	case errors.As(err, &e) && e.BadCall:
		return 2
	}
	return 1
}

// failed is a command's failure, named after the command: the work failed
// or a value given was refused.
func failed(cmd string, format string, args ...any) error {
	return &Error{Msg: "casedesk " + cmd + ": " + fmt.Sprintf(format, args...)}
}

// badCall is a wrong command line, named after the command: never a
// value that was refused (see Error.BadCall).
func badCall(cmd string, format string, args ...any) error {
	return &Error{Msg: "casedesk " + cmd + ": " + fmt.Sprintf(format, args...), BadCall: true}
}

// usage is a wrong command line answered with the command's usage.
func usage(text string) error { return &Error{Msg: text, BadCall: true} }

// call is a command line once its flags are read.
type call struct {
	db    string   // the store, from --db or the default
	words []string // what is not a flag, in order
	fs    *flag.FlagSet
}

// flags parses a command's flags wherever they stand among its words, as
// people type them (casedesk settings set KEY VALUE --db P); "--" ends the
// flags. help is the command's usage, shown with the flags on --help or a
// mistake. A request for help returns flag.ErrHelp, which Run treats as done.
func flags(env Env, name, help string, args []string, define func(*flag.FlagSet)) (call, error) {
	c := call{fs: flag.NewFlagSet("casedesk "+name, flag.ContinueOnError)}
	fs := c.fs
	fs.SetOutput(env.Stderr)
	fs.StringVar(&c.db, "db", env.DefaultStore, "the store file, or a postgres:// address")
	if define != nil {
		define(fs)
	}
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, help)
		fmt.Fprintf(env.Stderr, "\nFlags, before or after the other words:\n")
		fs.PrintDefaults()
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return c, err
			}
			return c, &Error{BadCall: true} // the flag package said what was wrong
		}
		if err := app.CheckStoreAddress(c.db); err != nil {
			return c, failed(name, "--db: %v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return c, nil
		}
		if ended := len(args) - len(rest); ended > 0 && args[ended-1] == "--" {
			c.words = append(c.words, rest...)
			return c, nil
		}
		c.words, args = append(c.words, rest[0]), rest[1:]
	}
}

// only refuses the flags given that are not among allowed (nor --db):
// codes revoke takes no --out.
func (c call) only(cmd string, allowed ...string) error {
	var wrong []string
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name != "db" && !slices.Contains(allowed, f.Name) {
			wrong = append(wrong, "--"+f.Name)
		}
	})
	if len(wrong) > 0 {
		return badCall(cmd, "%s does not take %s", cmd, strings.Join(wrong, ", "))
	}
	return nil
}

// open opens the store at db for the command cmd.
func open(ctx context.Context, env Env, cmd, db string) (Store, error) {
	s, err := env.Stores.Open(ctx, db)
	if err != nil {
		return nil, failed(cmd, "%s", app.StoreMessage(db, err))
	}
	return s, nil
}

// isTerminal reports whether w is a terminal, where progress may redraw itself.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
