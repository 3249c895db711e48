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
Without --out, export --notice names the PDF for the notice, in the current
folder, and never replaces a file: another notice of that name goes under
"name (2).pdf", and the same notice again is the file already there.
`

// noticesCommand is "notices list", "notices export" and "notices batch".
func noticesCommand(ctx context.Context, env Env, args []string) error {
	var id, receipt, date, out, printer string
	var history, print bool
	c, err := flags(env, "notices", noticesUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&receipt, "receipt", "", "list, export: the case's receipt number")
		fs.StringVar(&date, "date", "", "list: the notice date; batch: the notice date (default today)")
		fs.StringVar(&id, "notice", "", "export: one notice's id (see notices list)")
		fs.BoolVar(&history, "history", false, "export --receipt: add the case history report")
		fs.StringVar(&out, "out", "", "export, batch: the PDF to write (default: a name from the selection, in the current folder)")
		fs.BoolVar(&print, "print", false, "export, batch: print the PDF once it is written")
		fs.StringVar(&printer, "printer", "", "with --print: the printer (default: the system default)")
	})
	if err != nil {
		return err
	}
	if len(c.words) == 0 {
		return usage(noticesUsage)
	}
	sub, db := c.words[0], c.db
	var allowed []string
	switch sub {
	case "list":
		allowed = []string{"receipt", "date"}
	case "export":
		allowed = []string{"notice", "receipt", "history", "out", "print", "printer"}
	case "batch":
		allowed = []string{"date", "out", "print", "printer"}
	default:
		return usage(fmt.Sprintf("casedesk notices: unknown command %q\n\n%s", sub, noticesUsage))
	}
	if len(c.words) > 1 {
		return usage(fmt.Sprintf("casedesk notices %s: unexpected %q\n\n%s", sub, c.words[1], noticesUsage))
	}
	if err := c.only("notices "+sub, allowed...); err != nil {
		return err
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
	if out == "" && sel.NoticeID != "" {
		return exportOne(ctx, env, svc, sel, print, printer)
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

// exportOne writes one notice under the name the window gives it, in the
// current folder. Two notices may share that name (two appointments set on
// one day for one case), so it never replaces a file: a file holding this
// very notice is the one named, and another notice goes under "name (2).pdf".
func exportOne(ctx context.Context, env Env, svc *notice.Service, sel notice.Selection, print bool, printer string) error {
	docs, err := svc.Docs(ctx, sel)
	if err == nil && len(docs) != 1 {
		err = app.ErrNotFound
	}
	var path string
	if err == nil {
		path, err = svc.SaveIn(ctx, ".", docs[0])
	}
	if err != nil {
		return failed("notices", "%s", notice.ExportMessage(sel, err))
	}
	abs, _ := filepath.Abs(path)
	fmt.Fprintf(env.Stdout, "Wrote 1 document(s) to %s\n", abs)
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
			return sel, failed("notices", "%v", err)
		}
		sel.History = history
	}
	if date != "" {
		if sel.Date, err = app.ParseDate(date); err != nil {
			return sel, failed("notices", "%v", err)
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
			// The list is the command's, in its language; the notice prints in its person's.
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.ID, n.NoticeDate.ISO(), notice.Notice(n).Title(), n.Fields["name"])
		}
	}
	return tw.Flush()
}

const printUsage = `Usage:
  casedesk print [--printer P] FILE
  casedesk print --list

print sends a PDF to the printer (the system default unless --printer
names one); --list shows the printers.
`

// printCommand is "print FILE" and "print --list".
func printCommand(ctx context.Context, env Env, args []string) error {
	var printer string
	var list bool
	c, err := flags(env, "print", printUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&printer, "printer", "", "the printer (default: the system default)")
		fs.BoolVar(&list, "list", false, "list the printers instead")
	})
	if err != nil {
		return err
	}
	rest := c.words
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
		return failed("print", "%v", err)
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
