package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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

func noticesVerb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, noticesUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	var id, receipt, date, out, printer string
	var history, print bool
	db, rest, code, ok := flags("notices "+sub, args, stderr, func(fs *flag.FlagSet) {
		switch sub {
		case "list":
			fs.StringVar(&receipt, "receipt", "", "the case's receipt number")
			fs.StringVar(&date, "date", "", "the notice date")
		case "export", "batch":
			if sub == "export" {
				fs.StringVar(&id, "notice", "", "one notice's id (see notices list)")
				fs.StringVar(&receipt, "receipt", "", "every notice of this case")
				fs.BoolVar(&history, "history", false, "with --receipt: add the case history report")
			} else {
				fs.StringVar(&date, "date", "", "the notice date (default today)")
			}
			fs.StringVar(&out, "out", "", "the PDF to write (default: a name from the selection, in the current folder)")
			fs.BoolVar(&print, "print", false, "print the PDF once it is written")
			fs.StringVar(&printer, "printer", "", "with --print: the printer (default: the system default)")
		}
	})
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "casedesk notices %s: unexpected %q\n\n%s", sub, rest[0], noticesUsage)
		return 2
	}
	var sel notice.Selection
	var err error
	switch sub {
	case "list", "export", "batch":
	default:
		fmt.Fprintf(stderr, "casedesk notices: unknown command %q\n\n%s", sub, noticesUsage)
		return 2
	}
	if receipt != "" {
		if sel.Receipt, err = app.ParseReceipt(receipt); err != nil {
			fmt.Fprintln(stderr, "casedesk notices:", err)
			return 2
		}
		sel.History = history
	}
	if date != "" {
		if sel.Date, err = app.ParseDate(date); err != nil {
			fmt.Fprintln(stderr, "casedesk notices:", err)
			return 2
		}
	}
	sel.NoticeID = strings.TrimSpace(id)
	picked := 0
	for _, set := range []bool{sel.NoticeID != "", sel.Receipt != "", !sel.Date.IsZero()} {
		if set {
			picked++
		}
	}
	switch {
	case sub == "batch" && picked == 0:
	case picked != 1:
		fmt.Fprintf(stderr, "casedesk notices %s: choose exactly one of the options that pick notices\n\n%s", sub, noticesUsage)
		return 2
	}

	s, ok := openStore(ctx, db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	svc := notice.NewService(s, nil)
	if sub == "batch" && sel.Date.IsZero() {
		sel.Date = svc.Today()
	}
	if sub == "list" {
		return listNotices(ctx, svc, sel, stdout, stderr)
	}
	if out == "" {
		out = sel.FileName()
	}
	shown := false
	n, err := svc.Export(ctx, sel, out, func(done, total int) {
		// On a terminal, a counter that rewrites itself; in a log, nothing.
		if total > 1 && isTerminal(stderr) && (done == total || done%10 == 0) {
			fmt.Fprintf(stderr, "\r%d of %d documents", done, total)
			shown = true
		}
	})
	if shown {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "casedesk notices:", notice.ExportMessage(sel, err))
		if errors.Is(err, notice.ErrNothing) && !sel.Date.IsZero() {
			if day, derr := svc.Day(ctx, sel.Date); derr == nil && !day.Latest.IsZero() {
				fmt.Fprintf(stderr, "The latest earlier date with notices is %s (--date %s).\n", day.Latest, day.Latest.ISO())
			}
		}
		return 1
	}
	abs, _ := filepath.Abs(out)
	fmt.Fprintf(stdout, "Wrote %d document(s) to %s\n", n, abs)
	if print {
		return printFile(ctx, abs, printer, stdout, stderr)
	}
	return 0
}

func listNotices(ctx context.Context, svc *notice.Service, sel notice.Selection, stdout, stderr io.Writer) int {
	docs, err := svc.Docs(ctx, sel)
	if err != nil {
		fmt.Fprintln(stderr, "casedesk notices:", notice.ExportMessage(sel, err))
		return 1
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tNOTICE\tNAME")
	for _, d := range docs {
		if n, ok := notice.Stored(d); ok {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.ID, n.NoticeDate.ISO(), d.Title(), n.Fields["name"])
		}
	}
	tw.Flush()
	return 0
}

func printVerb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var printer string
	var list bool
	_, rest, code, ok := flags("print", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&printer, "printer", "", "the printer (default: the system default)")
		fs.BoolVar(&list, "list", false, "list the printers instead")
	})
	if !ok {
		return code
	}
	if list {
		ps, err := printing.New().Printers(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "casedesk print:", (&printing.Error{Reason: err}).Why())
			return 1
		}
		if len(ps) == 0 {
			fmt.Fprintln(stdout, "No printers are set up on this computer.")
		}
		for _, p := range ps {
			mark := ""
			if p.Default {
				mark = " (default)"
			}
			fmt.Fprintln(stdout, p.Name+mark)
		}
		return 0
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "casedesk print: name one PDF, e.g. casedesk print [--printer P] notices-2026-11-23.pdf")
		return 2
	}
	abs, err := filepath.Abs(rest[0])
	if err != nil {
		fmt.Fprintln(stderr, "casedesk print:", err)
		return 2
	}
	return printFile(ctx, abs, printer, stdout, stderr)
}

func printFile(ctx context.Context, file, printer string, stdout, stderr io.Writer) int {
	if _, err := os.Stat(file); err != nil {
		fmt.Fprintf(stderr, "casedesk print: there is no file %s\n", file)
		return 1
	}
	job, err := printing.New().Print(ctx, file, printer)
	if err != nil {
		fmt.Fprintln(stderr, "casedesk print:", err)
		return 1
	}
	if job != "" {
		fmt.Fprintf(stdout, "Sent %s to the printer (job %s).\n", filepath.Base(file), job)
	} else {
		fmt.Fprintf(stdout, "Sent %s to the printer.\n", filepath.Base(file))
	}
	return 0
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
