package desk

import (
	"context"
	"io"
	"strconv"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"
)

// A report is saved as a PDF on the clinic's letterhead or as a CSV file;
// either is audited with the period only.

// SaveReportPDF saves the report, with its chart, table and definitions,
// as a PDF at path on the clinic's letterhead; a file there is replaced
// only when replace is set. Saving is audited with the period, which is
// all it names.
func (d *Desk) SaveReportPDF(ctx context.Context, r Report, path string, replace bool) error {
	a, err := d.check(ctx, false)
	if err != nil {
		return err
	}
	lh, err := d.svc.notices.Letterhead(ctx)
	if err != nil {
		return err
	}
	doc := r.Doc()
	if err := notice.SaveFile(ctx, path, replace, func(w io.Writer) error {
		return notice.Write(ctx, w, lh, []notice.Doc{doc}, nil)
	}); err != nil {
		return err
	}
	e := d.event(a, "report.saved", "", "", "PDF "+r.Period.From.ISO()+" to "+r.Period.Last().ISO())
	return d.svc.store.Audit(ctx, &e)
}

// Doc is the report as a document to print.
func (r Report) Doc() notice.FunderReport {
	doc := notice.FunderReport{Clinic: r.Clinic, Period: r.Period.String(), Zone: r.Zone, Made: app.DateOf(r.Made),
		Total: fig(r.Total), All: outcomes(r.All)}
	for _, m := range r.Months {
		doc.Months = append(doc.Months, fig(m))
	}
	for _, f := range r.ByForm {
		doc.Forms = append(doc.Forms, outcomes(f))
	}
	for _, def := range Definitions() {
		doc.Definitions = append(doc.Definitions, [2]string{def.Figure, def.Means})
	}
	return doc
}

func fig(m MonthFigures) notice.ReportFigures {
	return notice.ReportFigures{Label: m.Label, ClientsServed: m.ClientsServed, NewCases: m.NewCases, NoticesPrinted: m.NoticesPrinted}
}

func outcomes(f FormOutcomes) notice.ReportOutcomes {
	return notice.ReportOutcomes{Form: f.Form, Approved: f.Approved, Denied: f.Denied, Withdrawn: f.Withdrawn, Pending: f.Pending}
}

// SaveReportCSV saves the report's figures as a CSV file at path: the
// figures month by month, the table by form and outcome, and what each
// figure means. Audited like SaveReportPDF.
func (d *Desk) SaveReportCSV(ctx context.Context, r Report, path string, replace bool) error {
	a, err := d.check(ctx, false)
	if err != nil {
		return err
	}
	header := []string{i18n.T("Report for funders"), r.Clinic, r.Period.String(), i18n.T("time zone %s", r.Zone)}
	_, err = writeCSVFile(ctx, path, replace, header, func(c *csvOut) error { return r.writeCSV(c) })
	if err != nil {
		return err
	}
	e := d.event(a, "report.saved", "", "", "CSV "+r.Period.From.ISO()+" to "+r.Period.Last().ISO())
	return d.svc.store.Audit(ctx, &e)
}

// reportRows are the figures of the report CSV, by row.
var reportRows = []struct {
	name string
	of   func(SpanCounts) int
}{
	{"Clients served", func(c SpanCounts) int { return c.ClientsServed }},
	{"New cases", func(c SpanCounts) int { return c.NewCases }},
	{"Notices printed", func(c SpanCounts) int { return c.NoticesPrinted }},
}

func (r Report) writeCSV(c *csvOut) error {
	if err := c.row(); err != nil {
		return err
	}
	head := []string{i18n.T("Figure")}
	for _, m := range r.Months {
		head = append(head, m.Label)
	}
	head = append(head, i18n.T("Total"))
	if err := c.row(head...); err != nil {
		return err
	}
	for _, row := range reportRows {
		cells := []string{i18n.T(row.name)}
		for _, m := range r.Months {
			cells = append(cells, strconv.Itoa(row.of(m.SpanCounts)))
		}
		cells = append(cells, strconv.Itoa(row.of(r.Total.SpanCounts)))
		if err := c.row(cells...); err != nil {
			return err
		}
	}
	if err := c.row(); err != nil {
		return err
	}
	if err := c.row(i18n.T("Form"), i18n.T("Approved"), i18n.T("Denied"), i18n.T("Withdrawn"), i18n.T("Pending"), i18n.T("Active cases")); err != nil {
		return err
	}
	for _, f := range append(append([]FormOutcomes(nil), r.ByForm...), r.All) {
		if err := c.row(f.Form, strconv.Itoa(f.Approved), strconv.Itoa(f.Denied), strconv.Itoa(f.Withdrawn),
			strconv.Itoa(f.Pending), strconv.Itoa(f.Total())); err != nil {
			return err
		}
	}
	if err := c.row(); err != nil {
		return err
	}
	if err := c.row(i18n.T("Figure"), i18n.T("What it counts")); err != nil {
		return err
	}
	for _, def := range Definitions() {
		if err := c.row(def.Figure, def.Means); err != nil {
			return err
		}
	}
	return nil
}
