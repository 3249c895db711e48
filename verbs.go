package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/demo"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/printing"
	"casedesk/data"
	"casedesk/ui"
)

type verb struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var verbs map[string]verb

func init() {
	verbs = map[string]verb{
		"demo":     {"build the demo clinic: demo --people N [--seed S] [--force]", demoVerb},
		"backup":   {"copy the store, checked, to FILE: backup FILE", backupVerb},
		"restore":  {"replace the store with a checked backup: restore FILE", restoreVerb},
		"notices":  {"list notices, or export them to PDF: notices list|export|batch …", noticesVerb},
		"print":    {"print a PDF: print [--printer P] FILE, or print --list", printVerb},
		"codes":    {"issue or revoke online access codes: codes issue|revoke …", codesVerb},
		"accounts": {"unlock an account after 5 failed sign-ins: accounts unlock --username U", accountsVerb},
		"settings": {"show or change settings: settings list | settings set KEY VALUE", settingsVerb},
		"help":     {"show this help", func(_ context.Context, _ []string, stdout, _ io.Writer) int { usage(stdout); return 0 }},
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `CaseDesk keeps immigration cases, notices and appointments on this computer.

Usage:
  casedesk [--db PATH]            open the window
  casedesk COMMAND [--db PATH] …  run a command

Commands:
`)
	for _, name := range []string{"demo", "codes", "accounts", "notices", "print", "settings", "backup", "restore", "help"} {
		fmt.Fprintf(w, "  %-8s %s\n", name, verbs[name].summary)
	}
	fmt.Fprintf(w, "\nEvery command takes --db PATH (default %s).\n", defaultStore())
}

// flags parses a verb's flags; it reports false when the verb should stop
// with the returned exit code.
func flags(name string, args []string, stderr io.Writer, define func(*flag.FlagSet)) (db string, rest []string, code int, ok bool) {
	fs := flag.NewFlagSet("casedesk "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&db, "db", defaultStore(), "the store file")
	if define != nil {
		define(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", nil, 0, false
		}
		return "", nil, 2, false
	}
	return db, fs.Args(), 0, true
}

func openStore(ctx context.Context, path string, stderr io.Writer) (*data.Store, bool) {
	s, err := data.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(stderr, "casedesk:", app.StoreMessage(path, err))
		return nil, false
	}
	return s, true
}

func demoVerb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var people int
	var seed uint64
	var force bool
	db, _, code, ok := flags("demo", args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&people, "people", 2000, "how many people (the reference data set is 50000)")
		fs.Uint64Var(&seed, "seed", 1, "the same seed builds the same clinic")
		fs.BoolVar(&force, "force", false, "replace a store that is not empty (it is backed up first)")
	})
	if !ok {
		return code
	}
	if people < 1 || people > 1_000_000 {
		fmt.Fprintf(stderr, "casedesk demo: --people must be between 1 and 1000000, not %d\n", people)
		return 2
	}
	progress := func(done, total int) {
		fmt.Fprintf(stderr, "\rBuilding the demo clinic: %d of %d people (%d%%)", done, total, done*100/total)
	}
	if !dbGiven(args) {
		db = data.DemoPath(db) // the demo clinic has a file of its own
	}
	opt := demo.Options{People: people, Seed: seed}
	keys, err := loadKeys(ctx, db, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "casedesk demo:", app.StoreMessage(db, err))
		return 1
	}
	var codes demoIssue
	load := func(s *data.Store) (n demo.Counts, err error) {
		n, codes, err = fillDemo(ctx, s, keys, opt, progress)
		return n, err
	}
	start := time.Now()
	var n demo.Counts
	if _, statErr := os.Stat(db); statErr == nil {
		s, ok := openStore(ctx, db, stderr)
		if !ok {
			return 1
		}
		sum, err := s.Summary(ctx)
		if err != nil {
			s.Close()
			fmt.Fprintln(stderr, "casedesk demo:", err)
			return 1
		}
		switch {
		case sum.NeverSetUp() || (sum.Demo() && sum.Empty()):
			n, err = load(s)
			s.Close()
			return demoDone(ctx, db, start, n, codes, err, stdout, stderr)
		case !sum.Demo():
			// Demo data never enters a real store, not even with --force.
			s.Close()
			fmt.Fprintf(stderr, "casedesk demo: %s is a clinic's own store (it has been set up), so the demo clinic is not built "+
				"into it; nothing was changed. Leave out --db to build the demo in its own file, %s.\n", db, data.DemoPath(db))
			return 1
		case !force:
			s.Close()
			fmt.Fprintf(stderr, "casedesk demo: %s already holds %d people and %d cases; nothing was changed.\n"+
				"Use --force to replace it (a backup is made first), or --db to build elsewhere.\n", db, sum.People, sum.Cases)
			return 1
		}
		kept := db + ".before-demo-" + time.Now().UTC().Format("20060102-150405")
		err = s.Backup(ctx, kept)
		s.Close()
		if err != nil {
			fmt.Fprintln(stderr, "casedesk demo: could not back up the store first, so nothing was changed:", err)
			return 1
		}
		fmt.Fprintf(stdout, "The previous store was backed up to %s\n", kept)
	}
	err = data.Create(ctx, db, func(s *data.Store) (err error) {
		n, err = load(s)
		return err
	})
	return demoDone(ctx, db, start, n, codes, err, stdout, stderr)
}

// dbGiven reports whether the command line names a store with --db.
func dbGiven(args []string) bool {
	for _, a := range args {
		if a == "--db" || a == "-db" || strings.HasPrefix(a, "--db=") || strings.HasPrefix(a, "-db=") {
			return true
		}
	}
	return false
}

// fillDemo builds the demo clinic into s and issues its access codes within
// the build, so the store is opened (and checked) once; the codes' notices
// are written out (demoIssue.write) once the store is in place.
func fillDemo(ctx context.Context, s *data.Store, keys *auth.Keys, opt demo.Options, progress func(done, total int)) (demo.Counts, demoIssue, error) {
	if err := s.UseKeys(ctx, keys); err != nil {
		return demo.Counts{}, demoIssue{}, err
	}
	n, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) }, opt, progress)
	if err != nil {
		return n, demoIssue{}, err
	}
	codes, err := issueDemo(ctx, s, keys, demoCodeCount)
	if err != nil {
		return n, demoIssue{}, fmt.Errorf("the demo access codes could not be made: %w", err)
	}
	return n, codes, nil
}

// openDemo opens the demo clinic that goes with the store at path, building
// it first (all or nothing) when it is not there yet, and returns its
// services and, after a build, where its demo access codes are listed.
func openDemo(ctx context.Context, path string, keys *auth.Keys, people int, progress func(done, total int)) (ui.Services, func(), string, error) {
	db := data.DemoPath(path)
	var note string
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		var codes demoIssue
		err := data.Create(ctx, db, func(s *data.Store) (err error) {
			_, codes, err = fillDemo(ctx, s, keys, demo.Options{People: people, Seed: 1}, progress)
			return err
		})
		if err != nil {
			return ui.Services{}, nil, "", err
		}
		if dir, err := codes.write(ctx, db); err == nil && len(codes.issued) > 0 {
			note = i18n.T("To try setting up an account, use one of the %d demo access codes listed, with each person's details, in %s. Their Account Access Notices are in the same folder.",
				len(codes.issued), filepath.Join(dir, "codes.txt"))
		}
	}
	s, err := data.Open(ctx, db)
	if err != nil {
		return ui.Services{}, nil, "", err
	}
	sum, err := s.Summary(ctx)
	if err == nil && sum.NeverSetUp() { // an empty file in its place: fill it
		var codes demoIssue
		if _, codes, err = fillDemo(ctx, s, keys, demo.Options{People: people, Seed: 1}, progress); err == nil {
			if dir, werr := codes.write(ctx, db); werr == nil && len(codes.issued) > 0 {
				note = i18n.T("To try setting up an account, use one of the %d demo access codes listed, with each person's details, in %s. Their Account Access Notices are in the same folder.",
					len(codes.issued), filepath.Join(dir, "codes.txt"))
			}
			sum, err = s.Summary(ctx)
		}
	}
	if err == nil && !sum.Demo() {
		err = fmt.Errorf("%s is not the demo clinic, so it was left alone", db)
	}
	if err == nil {
		err = s.UseKeys(ctx, keys)
	}
	if err != nil {
		s.Close()
		return ui.Services{}, nil, "", err
	}
	svc := services(s, keys)
	return svc, func() { s.Close() }, note, nil
}

// demoDone reports how building the demo clinic ended, and writes out the
// demo access codes of a clinic that was built.
func demoDone(ctx context.Context, db string, start time.Time, n demo.Counts, codes demoIssue, err error, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "casedesk demo: stopped; the store was not changed.")
		} else {
			fmt.Fprintln(stderr, "casedesk demo:", app.StoreMessage(db, err), "The store was not changed.")
		}
		return 1
	}
	fmt.Fprintf(stdout, "Built %s in %s: %d people, %d cases, %d status events, %d notices, %d appointments, %d messages.\n",
		db, time.Since(start).Round(10*time.Millisecond), n.People, n.Cases, n.Events, n.Notices, n.Appointments, n.Messages)
	if len(codes.issued) == 0 {
		return 0
	}
	dir, err := codes.write(ctx, db)
	if err != nil {
		fmt.Fprintln(stderr, "casedesk demo: the clinic is built, but its demo access notices could not be written:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d demo access codes and their Account Access Notices are in %s\n", len(codes.issued), dir)
	return 0
}

// demoCodeCount is how many unredeemed access codes the demo leaves.
const demoCodeCount = 5

func backupVerb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	db, rest, code, ok := flags("backup", args, stderr, nil)
	if !ok {
		return code
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "casedesk backup: name the backup file, e.g. casedesk backup ~/casedesk-2026-11-23.db")
		return 2
	}
	s, ok := openStore(ctx, db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	if err := s.Backup(ctx, rest[0]); err != nil {
		fmt.Fprintln(stderr, "casedesk backup:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (checked).\n", db, rest[0])
	return 0
}

func restoreVerb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	db, rest, code, ok := flags("restore", args, stderr, nil)
	if !ok {
		return code
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "casedesk restore: name the backup file to restore, e.g. casedesk restore ~/casedesk-2026-11-23.db")
		return 2
	}
	kept, err := data.Restore(ctx, db, rest[0])
	if err != nil {
		fmt.Fprintln(stderr, "casedesk restore:", app.BackupMessage(rest[0], err))
		return 1
	}
	fmt.Fprintf(stdout, "Restored %s from %s.\n", db, rest[0])
	if kept != "" {
		fmt.Fprintf(stdout, "The store it replaced is kept at %s\n", kept)
	}
	return 0
}

// services wires the store into what the screens use. It reads the store,
// so it runs off the UI goroutine.
func services(s *data.Store, keys *auth.Keys) ui.Services {
	accounts := auth.NewAccount(s, keys, nil, auth.DefaultArgon2)
	kind, _ := s.Setting(context.Background(), app.SettingInstallKind)
	return ui.Services{
		Demo:        kind == app.InstallDemo,
		SessionIdle: sessionIdle(s),
		StorePath:   s.Path(),
		Summary:     s.Summary,
		OpenDemo: func(ctx context.Context, people int, progress func(done, total int)) (ui.Services, func(), string, error) {
			return openDemo(ctx, s.Path(), keys, people, progress)
		},
		Notices: notice.NewService(s, nil),
		Codes:   auth.NewCodes(s, keys, nil, auth.DefaultArgon2),
		Cases:   s.CasesOfPerson,
		SignIn:  accounts,
		Portal:  portal.New(s, accounts, nil),

		Printing:  printing.New(),
		PDFFolder: pdfFolder(),
	}
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

// sessionIdle reads the session.idle_minutes setting: 1 to 60 minutes, or
// zero (the default) when unset or out of range.
func sessionIdle(s *data.Store) time.Duration {
	v, err := s.Setting(context.Background(), app.SettingSessionIdleMinutes)
	if n, perr := strconv.Atoi(strings.TrimSpace(v)); err == nil && perr == nil && n >= 1 && n <= 60 {
		return time.Duration(n) * time.Minute
	}
	return 0
}
