package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"casedesk/app"
	"casedesk/app/notice"
	"casedesk/app/printing"
)

const noticesUsage = `Usage:
  casedesk notices list   (--receipt R | --date D)
  casedesk notices export (--notice ID | --receipt R [--history]) [--out FILE] [--print] [--printer P]
  casedesk notices batch  [--date D] [--out FILE] [--print] [--printer P]

list shows notices with their ids; export writes one notice, or every notice
of a case, into one PDF; batch writes every notice dated D (default today) into
one PDF for a mailing day. Dates are 2026-03-14 or 03/14/2026.
`

// noticesCommand is "notices list", "notices export" and "notices batch".
func noticesCommand(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage(noticesUsage)
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "list", "export", "batch":
	default:
		return usage(fmt.Sprintf("casedesk notices: unknown command %q\n\n%s", sub, noticesUsage))
	}
	var id, receipt, date, out, printer string
	var history, print bool
	db, rest, err := flags(env, "notices "+sub, args, func(fs *flag.FlagSet) {
		switch sub {
		case "list":
			fs.StringVar(&receipt, "receipt", "", "the case's receipt number")
			fs.StringVar(&date, "date", "", "the notice date")
		case "export":
			fs.StringVar(&id, "notice", "", "one notice's id (see notices list)")
			fs.StringVar(&receipt, "receipt", "", "every notice of this case")
			fs.BoolVar(&history, "history", false, "with --receipt: add the case history report")
		case "batch":
			fs.StringVar(&date, "date", "", "the notice date (default today)")
		}
		if sub != "list" {
			fs.StringVar(&out, "out", "", "the PDF to write (default: a name from the selection, in the current folder)")
			fs.BoolVar(&print, "print", false, "print the PDF once it is written")
			fs.StringVar(&printer, "printer", "", "with --print: the printer (default: the system default)")
		}
	})
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usage(fmt.Sprintf("casedesk notices %s: unexpected %q\n\n%s", sub, rest[0], noticesUsage))
	}
	sel, err := selection(sub, id, receipt, date, history)
	if err != nil {
		return err
	}
	s, err := open(ctx, env, "notices", db)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := s.Notices()
	if sub == "batch" && sel.Date.IsZero() {
		sel.Date = svc.Today()
	}
	if sub == "list" {
		return listNotices(ctx, env, svc, sel)
	}
	if out == "" {
		out = sel.FileName()
	}
	shown := false
	n, err := svc.Export(ctx, sel, out, func(done, total int) {
		// On a terminal, a counter that rewrites itself; in a log, nothing.
		if total > 1 && isTerminal(env.Stderr) && (done == total || done%10 == 0) {
			fmt.Fprintf(env.Stderr, "\r%d of %d documents", done, total)
			shown = true
		}
	})
	if shown {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		msg := notice.ExportMessage(sel, err)
		if errors.Is(err, notice.ErrNothing) && !sel.Date.IsZero() {
			if day, derr := svc.Day(ctx, sel.Date); derr == nil && !day.Latest.IsZero() {
				msg += fmt.Sprintf("\nThe latest earlier date with notices is %s (--date %s).", day.Latest, day.Latest.ISO())
			}
		}
		return failed("notices", "%s", msg)
	}
	abs, _ := filepath.Abs(out)
	fmt.Fprintf(env.Stdout, "Wrote %d document(s) to %s\n", n, abs)
	if print {
		return printFile(ctx, env, abs, printer)
	}
	return nil
}

// selection reads which notices a notices command picks; exactly one way
// of picking, except that batch may name none (today's notices).
func selection(sub, id, receipt, date string, history bool) (notice.Selection, error) {
	var sel notice.Selection
	var err error
	if receipt != "" {
		if sel.Receipt, err = app.ParseReceipt(receipt); err != nil {
			return sel, badCall("notices", "%v", err)
		}
		sel.History = history
	}
	if date != "" {
		if sel.Date, err = app.ParseDate(date); err != nil {
			return sel, badCall("notices", "%v", err)
		}
	}
	sel.NoticeID = strings.TrimSpace(id)
	picked := 0
	for _, set := range []bool{sel.NoticeID != "", sel.Receipt != "", !sel.Date.IsZero()} {
		if set {
			picked++
		}
	}
	if picked != 1 && (sub != "batch" || picked != 0) {
		return sel, usage(fmt.Sprintf("casedesk notices %s: choose exactly one of the options that pick notices\n\n%s", sub, noticesUsage))
	}
	return sel, nil
}

func listNotices(ctx context.Context, env Env, svc *notice.Service, sel notice.Selection) error {
	docs, err := svc.Docs(ctx, sel)
	if err != nil {
		return failed("notices", "%s", notice.ExportMessage(sel, err))
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tNOTICE\tNAME")
	for _, d := range docs {
		if n, ok := notice.Stored(d); ok {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.ID, n.NoticeDate.ISO(), d.Title(), n.Fields["name"])
		}
	}
	return tw.Flush()
}

// printCommand is "print FILE" and "print --list".
func printCommand(ctx context.Context, env Env, args []string) error {
	var printer string
	var list bool
	_, rest, err := flags(env, "print", args, func(fs *flag.FlagSet) {
		fs.StringVar(&printer, "printer", "", "the printer (default: the system default)")
		fs.BoolVar(&list, "list", false, "list the printers instead")
	})
	if err != nil {
		return err
	}
	if list {
		ps, err := env.Printing.Printers(ctx)
		if err != nil {
			return failed("print", "%s", (&printing.Error{Reason: err}).Why())
		}
		if len(ps) == 0 {
			fmt.Fprintln(env.Stdout, "No printers are set up on this computer.")
		}
		for _, p := range ps {
			mark := ""
			if p.Default {
				mark = " (default)"
			}
			fmt.Fprintln(env.Stdout, p.Name+mark)
		}
		return nil
	}
	if len(rest) != 1 {
		return badCall("print", "name one PDF, e.g. casedesk print [--printer P] notices-2026-11-23.pdf")
	}
	abs, err := filepath.Abs(rest[0])
	if err != nil {
		return badCall("print", "%v", err)
	}
	return printFile(ctx, env, abs, printer)
}

// printFile sends a PDF to the printer (the system default when printer is "").
func printFile(ctx context.Context, env Env, file, printer string) error {
	if _, err := os.Stat(file); err != nil {
		return failed("print", "there is no file %s", file)
	}
	job, err := env.Printing.Print(ctx, file, printer)
	if err != nil {
		return failed("print", "%v", err)
	}
	if job != "" {
		fmt.Fprintf(env.Stdout, "Sent %s to the printer (job %s).\n", filepath.Base(file), job)
	} else {
		fmt.Fprintf(env.Stdout, "Sent %s to the printer.\n", filepath.Base(file))
	}
	return nil
}
