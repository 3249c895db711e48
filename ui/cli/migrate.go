package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"casedesk/app"
)

const migrateUsage = `Usage:
  casedesk migrate --from casedesk.db --to postgres://…

migrate moves a clinic from its store file to a database on a PostgreSQL
server, where several computers (seats) share it. Close CaseDesk on every
computer that uses the store file first. The database must be new and
empty (see the README for how to make it). Everything is copied in one
transaction, then every table's rows are counted and checksummed on both
sides; only when all of them match is the copy kept. On any failure the
database is left empty. The store file is only read, never changed: keep
it, with its backups, until the clinic has worked from the server a while.
--from defaults to --db, and that to the usual store.
`

// Migrator moves a clinic's store file to a database server; the Stores
// main hands the command line is one.
type Migrator interface {
	Migrate(ctx context.Context, from, to, actor string, progress func(table string, rows int64)) (Migrated, error)
}

// Migrated is what a move did.
type Migrated struct {
	Server string // the server's address, without its password
	Tables []MigratedTable
	Took   time.Duration
	// SeatKey says where this computer now keeps the clinic's data key for
	// the server, in words.
	SeatKey string
	// SeatKeyErr, when set, says why it could not keep it there.
	SeatKeyErr error
}

// MigratedTable is one table as both sides counted and checksummed it.
type MigratedTable struct {
	Table    string
	Rows     int64
	Checksum string
}

// migrateCommand is "migrate".
func migrateCommand(ctx context.Context, env Env, args []string) error {
	var from, to string
	c, err := flags(env, "migrate", migrateUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "the store file to move (default: --db)")
		fs.StringVar(&to, "to", "", "the empty database on the server: postgres://user@host/db?sslmode=verify-full")
	})
	if err != nil {
		return err
	}
	if len(c.words) != 0 || to == "" {
		return usage(migrateUsage)
	}
	if from == "" {
		from = c.db
	}
	// --to is refused like --db when it carries its password: the address
	// would stay in the shell's history, and it is printed below.
	if err := app.CheckStoreAddress(to); err != nil {
		return failed("migrate", "--to: %v", err)
	}
	if err := app.CheckStoreAddress(from); err != nil {
		return failed("migrate", "--from: %v", err)
	}
	shown := app.RedactAddress(to)
	m, ok := env.Stores.(Migrator)
	if !ok {
		return failed("migrate", "this CaseDesk cannot move a clinic")
	}
	fmt.Fprintf(env.Stderr, "Moving the clinic from %s …\n", from)
	res, err := m.Migrate(ctx, from, to, env.Actor, func(table string, rows int64) {
		fmt.Fprintf(env.Stderr, "  copied %s (%d rows)\n", table, rows)
	})
	switch {
	case errors.Is(err, app.ErrServerNotEmpty):
		return failed("migrate", "nothing was moved: %v. A clinic moves only into a new, empty database: make one (see the README), or name another with --to.", err)
	case errors.Is(err, app.ErrMigrateMismatch):
		return failed("migrate", "nothing was kept on the server: %v. The store file was not changed; run migrate again, and if it fails the same way, keep working from the store file and report the message.", err)
	case errors.Is(err, app.ErrStoreInUse):
		return failed("migrate", "nothing was moved: %v.", err)
	case errors.Is(err, app.ErrWrongKey):
		return failed("migrate", "nothing was moved: the store %s is sealed with a data key this computer does not hold. Move it from the computer where it was set up, or restore that computer's key first.", from)
	case err != nil:
		return failed("migrate", "nothing was moved, and the database on the server holds no rows: %s", app.StoreMessage(shown, err))
	}
	fmt.Fprintf(env.Stdout, "Moved the clinic from %s to %s in %.1f s.\n\n", from, res.Server, res.Took.Seconds())
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "table\trows\tchecksum (SHA-256, the same in the file and on the server)")
	var total int64
	tables := slices.Clone(res.Tables)
	slices.SortFunc(tables, func(a, b MigratedTable) int { return strings.Compare(a.Table, b.Table) })
	for _, t := range tables {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", t.Table, t.Rows, t.Checksum)
		total += t.Rows
	}
	fmt.Fprintf(tw, "%s\t%d\t\n", "all", total)
	tw.Flush()
	fmt.Fprintf(env.Stdout, "\nEvery table has the same rows and checksum on the server as in %s, which was not changed.\n", from)
	if res.SeatKeyErr != nil {
		fmt.Fprintf(env.Stdout, "This computer could not keep the clinic's data key for the server (%v); enrol it like any other seat, below.\n", res.SeatKeyErr)
	} else {
		fmt.Fprintf(env.Stdout, "This computer is the clinic's first seat: it keeps the clinic's data key for the server in %s.\n", res.SeatKey)
	}
	fmt.Fprintf(env.Stdout, "From now on open CaseDesk with: casedesk --db %s\n", res.Server)
	fmt.Fprintf(env.Stdout, "To add another computer, install CaseDesk on it and run\n  casedesk seat enrol --db %s\n"+
		"then type the key from the clinic's Recovery Key sheet (the data key did not change, so the sheet the clinic has is the one;\n"+
		"print it again with: casedesk recovery-key --print --db %s).\n", res.Server, res.Server)
	if shown != to {
		fmt.Fprintln(env.Stdout, "The address you typed holds the database password; keep it in a .pgpass file instead (see the README).")
	}
	return nil
}
