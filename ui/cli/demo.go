package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/demo"
)

const demoUsage = `Usage:
  casedesk demo [--people N] [--seed S] [--force]

demo builds the demo clinic, made-up people with their cases, notices,
appointments and messages, in its own file beside the store (or in the
store --db names, when nothing was ever put in it), with 5 access codes for
trying the set-up wizard.
`

// demoCommand is "demo": build the demo clinic, in its own file beside the
// store unless --db names one.
func demoCommand(ctx context.Context, env Env, args []string) error {
	var opt demo.Options
	var force bool
	c, err := flags(env, "demo", demoUsage, args, func(fs *flag.FlagSet) {
		fs.IntVar(&opt.People, "people", 2000, "how many people (the reference data set is 50000)")
		fs.Uint64Var(&opt.Seed, "seed", 1, "the same seed builds the same clinic")
		fs.BoolVar(&force, "force", false, "replace a store that is not empty (it is backed up first)")
	})
	if err != nil {
		return err
	}
	if len(c.words) > 0 {
		return usage(fmt.Sprintf("casedesk demo: unexpected %q\n\n%s", c.words[0], demoUsage))
	}
	db := c.db
	if opt.People < 1 || opt.People > 1_000_000 {
		return failed("demo", "--people must be between 1 and 1000000, not %d", opt.People)
	}
	if !dbGiven(args) {
		db = demo.Path(db) // the demo clinic has a file of its own
	}
	start := time.Now()
	in, err := demo.Install(ctx, env.Demo, db, opt, force, func(done, total int) {
		fmt.Fprintf(env.Stderr, "\rBuilding the demo clinic: %d of %d people (%d%%)", done, total, done*100/total)
	})
	if in.Kept != "" {
		fmt.Fprintf(env.Stdout, "The previous store was backed up to %s\n", in.Kept)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr)
		return demoFailed(db, err)
	}
	fmt.Fprintln(env.Stderr)
	n := in.Counts
	fmt.Fprintf(env.Stdout, "Built %s in %s: %d people, %d cases, %d status events, %d notices, %d appointments, %d messages.\n",
		db, time.Since(start).Round(10*time.Millisecond), n.People, n.Cases, n.Events, n.Notices, n.Appointments, n.Messages)
	if len(in.Codes.Issued) == 0 && len(in.Codes.Staff) == 0 {
		return nil
	}
	dir, err := in.Codes.Write(ctx, db)
	if err != nil {
		return failed("demo", "the clinic is built, but its demo access notices could not be written: %v", err)
	}
	fmt.Fprintf(env.Stdout, "%d demo access codes and their Account Access Notices are in %s\n", len(in.Codes.Issued), dir)
	if len(in.Codes.Staff) > 0 {
		fmt.Fprintf(env.Stdout, "To try the clinic's desk, sign in as %s with the one-time password listed in %s\n",
			in.Codes.Staff[0].Username, filepath.Join(dir, "codes.txt"))
	}
	return nil
}

// demoFailed says why the demo clinic was not built, and that nothing changed.
func demoFailed(db string, err error) error {
	var full *demo.FullError
	switch {
	case errors.Is(err, demo.ErrRealStore):
		// Demo data never enters a real store, not even with --force.
		return failed("demo", "%s is a clinic's own store (it has been set up), so the demo clinic is not built "+
			"into it; nothing was changed. Leave out --db to build the demo in its own file, %s.", db, demo.Path(db))
	case errors.As(err, &full):
		return failed("demo", "%s already holds %d people and %d cases; nothing was changed.\n"+
			"Use --force to replace it (a backup is made first), or --db to build elsewhere.", db, full.People, full.Cases)
	case errors.Is(err, context.Canceled):
		return failed("demo", "stopped; the store was not changed.")
	}
	return failed("demo", "%s The store was not changed.", app.StoreMessage(db, err))
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
