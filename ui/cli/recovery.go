package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"casedesk/app"
	"casedesk/app/printing"
)

const recoveryUsage = `Usage:
  casedesk recovery-key --pdf FILE [--force]
  casedesk recovery-key --print [--printer P]

recovery-key makes the clinic's Recovery Key sheet: the data key that seals
the store and its backups, as 13 groups to type and a QR code to scan. A
backup restored on another computer opens only with it. --pdf writes the
sheet to FILE (never over a file that is there unless --force); --print
prints it without leaving a copy on this computer. Print it, lock it away
apart from this computer and from the backups, and delete any PDF of it.
`

// recoveryCommand is "recovery-key": the sheet, for the command line's
// user, who can read the key where this computer keeps it anyway.
func recoveryCommand(ctx context.Context, env Env, args []string) error {
	var pdf, printer string
	var print, force bool
	c, err := flags(env, "recovery-key", recoveryUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&pdf, "pdf", "", "write the sheet to this PDF file")
		fs.BoolVar(&force, "force", false, "--pdf: replace the file if it is there")
		fs.BoolVar(&print, "print", false, "print the sheet privately")
		fs.StringVar(&printer, "printer", "", "--print: the printer (default: the system default)")
	})
	if err != nil {
		return err
	}
	if len(c.words) != 0 || (pdf == "") == !print {
		return usage(recoveryUsage)
	}
	if pdf != "" && !force {
		if _, err := os.Lstat(pdf); err == nil {
			return failed("recovery-key", "%s is there already; name another file, or add --force to replace it.", pdf)
		}
	}
	s, err := open(ctx, env, "recovery-key", c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	svc, err := s.Desk(ctx)
	if err != nil {
		return failed("recovery-key", "%s", app.StoreMessage(c.db, err))
	}
	sheet, err := svc.CommandLine(env.Actor).RecoverySheet(ctx, "")
	if err != nil {
		return failed("recovery-key", "%v", err)
	}
	if print {
		_, err := env.Printing.PrintPrivately(ctx, "recovery-key.pdf", func(w io.Writer) error {
			return s.Notices().Render(ctx, w, sheet)
		}, printer)
		var pe *printing.Error
		switch {
		case errors.Is(err, printing.ErrNotPrivate):
			return failed("recovery-key", "this computer cannot print without leaving a copy of the sheet behind. Use --pdf FILE, print the file, then delete it.")
		case errors.As(err, &pe):
			return failed("recovery-key", "%s", pe.Why())
		case err != nil:
			return failed("recovery-key", "%v", err)
		}
		fmt.Fprintf(env.Stdout, "The Recovery Key sheet (key fingerprint %s) was sent to the printer; no copy is left on this computer.\n", sheet.Fingerprint)
		return nil
	}
	abs, err := filepath.Abs(pdf)
	if err == nil {
		if force {
			err = s.Notices().Save(ctx, abs, sheet)
		} else {
			err = s.Notices().SaveNew(ctx, abs, sheet)
		}
	}
	if errors.Is(err, fs.ErrExist) {
		return failed("recovery-key", "%s is there already; name another file, or add --force to replace it.", pdf)
	}
	if err != nil {
		return failed("recovery-key", "the sheet could not be written: %v", err)
	}
	fmt.Fprintf(env.Stdout, "The Recovery Key sheet (key fingerprint %s) is in %s, readable only by you. Print it, lock it away apart from this computer and the backups, and delete the file.\n", sheet.Fingerprint, abs)
	return nil
}
