package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"

	"casedesk/app/desk"
)

var exportUsage = `Usage:
  casedesk export clients|cases|audit FILE [--force]

export writes every client, every case (with its applicant's A-number, name
and date of birth) or the whole audit log to FILE as a CSV file that
spreadsheet programs open as it is: UTF-8 with a byte-order mark, lines
ended by CRLF. A cell that begins with =, +, -, @, a tab or a carriage
return gets a ' in front, so that a spreadsheet shows it and never runs it
as a formula. The file is readable by this computer's user alone. A file
already at FILE is kept unless --force is given. Each export is written to
the audit log with how many rows it holds.
`

// exportCommand is "export": clients, cases or the audit log to CSV.
func exportCommand(ctx context.Context, env Env, args []string) error {
	var force bool
	c, err := flags(env, "export", exportUsage, args, func(fs *flag.FlagSet) {
		fs.BoolVar(&force, "force", false, "replace FILE when it is there")
	})
	if err != nil {
		return err
	}
	if len(c.words) != 2 {
		return usage("casedesk export: name what to export and the file\n\n" + exportUsage)
	}
	what, file := c.words[0], c.words[1]
	var export func(*desk.Desk, context.Context, string, bool) (int, error)
	var noun string
	switch what {
	case "clients":
		export, noun = (*desk.Desk).ExportClients, "clients"
	case "cases":
		export, noun = (*desk.Desk).ExportCases, "cases"
	case "audit":
		export, noun = (*desk.Desk).ExportAudit, "audit rows"
	default:
		return usage(fmt.Sprintf("casedesk export: %q is not clients, cases or audit\n\n%s", what, exportUsage))
	}
	s, d, err := openDesk(ctx, env, "export", c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := export(d, ctx, file, force)
	if err != nil {
		return fileFailed("export", file, err)
	}
	fmt.Fprintf(env.Stdout, "Wrote %d %s to %s.\n", n, noun, file)
	return nil
}

// fileFailed explains why a file could not be written.
func fileFailed(cmd, file string, err error) error {
	if errors.Is(err, fs.ErrExist) {
		return failed(cmd, "%s is already there; nothing was written. Add --force to replace it, or name another file.", file)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return failed(cmd, "could not write %s: %v. Check the folder exists and you may write in it.", file, pe.Err)
	}
	return deskFailed(cmd, err, "")
}
