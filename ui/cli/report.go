package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"casedesk/app/desk"
)

var reportUsage = `Usage:
  casedesk report [--from DATE --to DATE | --year YYYY | --month YYYY-MM] [--pdf FILE] [--csv FILE] [--force]

report counts a period's figures for the clinic's funders: clients served,
new cases and notices printed, month by month and in all, and the cases
active in the period by form and by outcome (approved, denied, withdrawn,
pending). Months follow the clinic's time zone (the clinic.time_zone
setting). --from and --to are the first and the last day counted, like
01/01/2026 and 12/31/2026; without a period, the last twelve months.
The README says what each figure counts. With --pdf the report, its chart
and its definitions are saved as a PDF on the clinic's letterhead; with
--csv its figures as a CSV file; a file already there is kept unless
--force is given. Without either, the figures are printed.
`

// reportCommand is "report": the funders' report of a period.
func reportCommand(ctx context.Context, env Env, args []string) error {
	var from, to, year, month, pdf, csvFile string
	var force bool
	c, err := flags(env, "report", reportUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&from, "from", "", "the first day counted, like 01/01/2026")
		fs.StringVar(&to, "to", "", "the last day counted, like 12/31/2026")
		fs.StringVar(&year, "year", "", "a calendar year, like 2026")
		fs.StringVar(&month, "month", "", "a calendar month, like 2026-03")
		fs.StringVar(&pdf, "pdf", "", "save the report as a PDF here")
		fs.StringVar(&csvFile, "csv", "", "save the report's figures as a CSV file here")
		fs.BoolVar(&force, "force", false, "replace the files when they are there")
	})
	if err != nil {
		return err
	}
	if len(c.words) > 0 {
		return usage(fmt.Sprintf("casedesk report: unexpected %q\n\n%s", c.words[0], reportUsage))
	}
	ways := 0
	for _, v := range []bool{from != "" || to != "", year != "", month != ""} {
		if v {
			ways++
		}
	}
	if ways > 1 {
		return badCall("report", "give one period: --from and --to, --year or --month")
	}
	if (from == "") != (to == "") {
		return badCall("report", "--from and --to go together: give the first and the last day")
	}
	s, d, err := openDesk(ctx, env, "report", c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	var p desk.Period
	switch {
	case from != "":
		p, err = desk.ParsePeriod(from, to)
	case year != "":
		p, err = desk.ParseYear(year)
	case month != "":
		p, err = desk.ParseMonth(month)
	default:
		p, err = desk.NamedPeriod(desk.Last12Months, d.Today(ctx))
	}
	if err != nil {
		return failed("report", "%s", desk.Message(err))
	}
	r, err := d.Report(ctx, p)
	if err != nil {
		return deskFailed("report", err, "")
	}
	if pdf != "" {
		if err := d.SaveReportPDF(ctx, r, pdf, force); err != nil {
			return fileFailed("report", pdf, err)
		}
		fmt.Fprintf(env.Stdout, "Saved the report of %s in %s.\n", r.Period, pdf)
	}
	if csvFile != "" {
		if err := d.SaveReportCSV(ctx, r, csvFile, force); err != nil {
			return fileFailed("report", csvFile, err)
		}
		fmt.Fprintf(env.Stdout, "Saved the report's figures of %s in %s.\n", r.Period, csvFile)
	}
	if pdf != "" || csvFile != "" {
		return nil
	}
	return writeReport(env, r)
}

// writeReport prints the report's figures as tables.
func writeReport(env Env, r desk.Report) error {
	fmt.Fprintf(env.Stdout, "Report for funders, %s (months in %s)\n\n", r.Period, r.Zone)
	rows := make([][]string, 0, len(r.Months)+1)
	for _, m := range append(append([]desk.MonthFigures(nil), r.Months...), r.Total) {
		rows = append(rows, []string{m.Label, strconv.Itoa(m.ClientsServed), strconv.Itoa(m.NewCases), strconv.Itoa(m.NoticesPrinted)})
	}
	if err := table(env.Stdout, "MONTH\tCLIENTS SERVED\tNEW CASES\tNOTICES PRINTED", rows); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout)
	rows = rows[:0]
	for _, f := range append(append([]desk.FormOutcomes(nil), r.ByForm...), r.All) {
		rows = append(rows, []string{f.Form, strconv.Itoa(f.Approved), strconv.Itoa(f.Denied), strconv.Itoa(f.Withdrawn),
			strconv.Itoa(f.Pending), strconv.Itoa(f.Total())})
	}
	if err := table(env.Stdout, "FORM\tAPPROVED\tDENIED\tWITHDRAWN\tPENDING\tACTIVE CASES", rows); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "\nActive cases: a status change dated in the period, or open at its start; outcome: the status at its end.")
	return nil
}
