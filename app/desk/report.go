package desk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
	"casedesk/app/notice"
)

// A funders' report is aggregate numbers only: any signed-in staff member
// may make one. What each number means is written out in Definitions, in
// the README and on the report itself, so a funder can read it.

// MaxReportMonths bounds a report's period: its chart has one bar pair a month.
const MaxReportMonths = 36

// Period is the calendar days [From, To) in the clinic's time zone.
type Period struct{ From, To app.Date }

// Last is the period's last day.
func (p Period) Last() app.Date { return p.To.AddDays(-1) }

// String is "January 1, 2026 to December 31, 2026".
func (p Period) String() string {
	return i18n.T("%s to %s", p.From.String(), p.Last().String())
}

// The periods the window offers, relative to today.
const (
	ThisMonth    = "this-month"
	LastMonth    = "last-month"
	ThisYear     = "this-year"
	LastYear     = "last-year"
	Last12Months = "last-12-months"
)

// PeriodChoices are the named periods, in the order the window lists them.
var PeriodChoices = []string{ThisMonth, LastMonth, ThisYear, LastYear, Last12Months}

// NamedPeriod is the named period around today. "This month" and "this
// year" run to their ends, so they hold days still to come.
func NamedPeriod(name string, today app.Date) (Period, error) {
	t := today.Time()
	month := app.NewDate(t.Year(), t.Month(), 1)
	switch name {
	case ThisMonth:
		return MonthPeriod(t.Year(), t.Month()), nil
	case LastMonth:
		l := month.AddDays(-1).Time()
		return MonthPeriod(l.Year(), l.Month()), nil
	case ThisYear:
		return YearPeriod(t.Year()), nil
	case LastYear:
		return YearPeriod(t.Year() - 1), nil
	case Last12Months:
		next := app.DateOf(month.Time().AddDate(0, 1, 0))
		return Period{From: app.DateOf(next.Time().AddDate(-1, 0, 0)), To: next}, nil
	}
	return Period{}, app.Invalid(app.FieldDate, "%q is not a period; choose one of %s", name, strings.Join(PeriodChoices, ", "))
}

// MonthPeriod is one calendar month.
func MonthPeriod(year int, m time.Month) Period {
	from := app.NewDate(year, m, 1)
	return Period{From: from, To: app.DateOf(from.Time().AddDate(0, 1, 0))}
}

// YearPeriod is one calendar year.
func YearPeriod(year int) Period {
	return Period{From: app.NewDate(year, 1, 1), To: app.NewDate(year+1, 1, 1)}
}

// ParsePeriod reads a period as people type it: from the first day to the
// last day, both counted.
func ParsePeriod(from, to string) (Period, error) {
	f, ferr := app.ParseDate(from)
	if strings.TrimSpace(from) == "" {
		ferr = app.Invalid(app.FieldDate, "the first day is empty; type it like 01/01/2026")
	}
	l, lerr := app.ParseDate(to)
	if strings.TrimSpace(to) == "" {
		lerr = app.Invalid(app.FieldDate, "the last day is empty; type it like 12/31/2026")
	}
	if err := errors.Join(ferr, lerr); err != nil {
		return Period{}, err
	}
	return checkPeriod(Period{From: f, To: l.AddDays(1)})
}

// ParseMonth reads YYYY-MM; ParseYear reads YYYY.
func ParseMonth(s string) (Period, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return Period{}, app.Invalid(app.FieldDate, "%q is not a month; type it like 2026-03", s)
	}
	return MonthPeriod(t.Year(), t.Month()), nil
}

// ParseYear reads a year such as 2026.
func ParseYear(s string) (Period, error) {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || y < 1900 || y > 9999 {
		return Period{}, app.Invalid(app.FieldDate, "%q is not a year; type it like 2026", s)
	}
	return YearPeriod(y), nil
}

func checkPeriod(p Period) (Period, error) {
	if !p.From.Before(p.To) {
		return Period{}, app.Invalid(app.FieldDate, "the last day, %s, is before the first, %s; swap them", p.Last(), p.From)
	}
	if len(months(p)) > MaxReportMonths {
		return Period{}, app.Invalid(app.FieldDate, "%s is more than %d months; choose at most 3 years", p, MaxReportMonths)
	}
	return p, nil
}

// months splits p into calendar months, the first and last cut to p.
func months(p Period) []Period {
	var out []Period
	for from := p.From; from.Before(p.To); {
		t := from.Time()
		to := app.DateOf(app.NewDate(t.Year(), t.Month(), 1).Time().AddDate(0, 1, 0))
		if p.To.Before(to) {
			to = p.To
		}
		out = append(out, Period{From: from, To: to})
		if len(out) > MaxReportMonths {
			break
		}
		from = to
	}
	return out
}

// Outcome is how a case stands for a funder.
type Outcome string

// The outcomes.
const (
	Approved  Outcome = "approved"
	Denied    Outcome = "denied"
	Withdrawn Outcome = "withdrawn"
	Pending   Outcome = "pending"
)

// OutcomeOf classifies a status from the catalog: approved (the approvals,
// and the cards and documents USCIS makes only once a case is approved),
// denied (the denials, a revoked approval, a status ended, and a filing
// USCIS rejected), withdrawn (the withdrawal acknowledged), and pending:
// anything else, the case still waiting on USCIS.
func OutcomeOf(code string) Outcome {
	st, ok := app.StatusByCode(code)
	if !ok {
		return Pending
	}
	switch {
	case code == "withdrawal_acknowledged":
		return Withdrawn
	case strings.HasPrefix(code, "approved"), code == "approval_certified", st.Group == app.GroupCard:
		return Approved
	case strings.HasPrefix(code, "denied"), code == "approval_revoked", code == "revocation_notice_sent",
		code == "automatically_revoked", code == "status_termination_mailed", st.Group == app.GroupRejected:
		return Denied
	}
	return Pending
}

// MonthFigures are one month's figures (or the whole period's).
type MonthFigures struct {
	Period
	Label string // "Jan 2026"; "Jan 15–31, 2026" for a part of a month
	SpanCounts
}

// FormOutcomes counts one form's active cases by outcome.
type FormOutcomes struct {
	Form                                 string
	Approved, Denied, Withdrawn, Pending int
}

// Total is the form's active cases.
func (f FormOutcomes) Total() int { return f.Approved + f.Denied + f.Withdrawn + f.Pending }

func (f *FormOutcomes) add(o Outcome, n int) {
	switch o {
	case Approved:
		f.Approved += n
	case Denied:
		f.Denied += n
	case Withdrawn:
		f.Withdrawn += n
	default:
		f.Pending += n
	}
}

// Report is a funders' report of a period.
type Report struct {
	Clinic string
	Period Period
	Zone   string // the clinic's time zone, which the months follow
	Made   time.Time
	Months []MonthFigures
	Total  MonthFigures
	ByForm []FormOutcomes // by form; forms with no active case left out
	All    FormOutcomes   // every form
}

// Definition is what one of a report's figures means.
type Definition struct{ Figure, Means string }

// Definitions say what each figure counts, for the report and the README.
func Definitions() []Definition {
	return []Definition{
		{i18n.T("Clients served"), i18n.T("Distinct clients who, in the period, had a status change dated on a case they are the applicant, petitioner or beneficiary of, had an appointment (not cancelled), or were added as clients. A client is counted once in a month and once in the total, however many of these they had.")},
		{i18n.T("New cases"), i18n.T("Cases USCIS received in the period (the date received on the case).")},
		{i18n.T("Active cases"), i18n.T("Cases with a status change dated in the period, or open at its start (their latest status before it is not a final one). The table counts these by form.")},
		{i18n.T("Outcome"), i18n.T("Each active case's status at the end of the period: approved (approved, or a card or document made after approval), denied (denied, approval revoked, status ended, or the filing rejected), withdrawn (withdrawal acknowledged), or pending (anything else).")},
		{i18n.T("Notices printed"), i18n.T("Notices printed from CaseDesk's window in the period, at the desk or by clients at home, as the audit log records them; a notice printed twice counts twice.")},
	}
}

// zone is the clinic's time zone (its setting, else the computer's).
func (d *Desk) zone(ctx context.Context) *time.Location {
	v, err := d.svc.store.Setting(ctx, auth.SettingTimeZone)
	if err != nil || strings.TrimSpace(v) == "" {
		return time.Local
	}
	loc, err := auth.LoadZone(v)
	if err != nil {
		return time.Local
	}
	return loc
}

// span is p in zone: its dates and the instants of their midnights.
func span(p Period, zone *time.Location) Span {
	at := func(d app.Date) time.Time {
		t := d.Time()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, zone)
	}
	return Span{From: p.From, To: p.To, FromAt: at(p.From), ToAt: at(p.To)}
}

// Today is the clinic's today, in its time zone: what the named periods
// count from.
func (d *Desk) Today(ctx context.Context) app.Date { return app.DateOf(d.svc.now().In(d.zone(ctx))) }

// Report counts a period's figures, month by month and in all.
func (d *Desk) Report(ctx context.Context, p Period) (Report, error) {
	if _, err := d.check(ctx, false); err != nil {
		return Report{}, err
	}
	p, err := checkPeriod(p)
	if err != nil {
		return Report{}, err
	}
	zone := d.zone(ctx)
	r := Report{Period: p, Zone: zone.String(), Made: d.svc.now()}
	if zone == time.Local {
		r.Zone = i18n.T("%s, this computer's zone", d.svc.now().In(zone).Format("MST"))
	}
	if r.Clinic, err = d.svc.store.Setting(ctx, app.SettingClinicName); err != nil && !errors.Is(err, app.ErrNotFound) {
		return Report{}, err
	}
	ms := months(p)
	spans := make([]Span, 0, len(ms)+1)
	for _, m := range ms {
		spans = append(spans, span(m, zone))
	}
	// Clients served are distinct in the whole period: not the sum of the months.
	counts, err := d.svc.store.SpanCounts(ctx, append(spans, span(p, zone)), ActionNoticePrinted)
	if err != nil {
		return Report{}, err
	}
	if len(counts) != len(spans)+1 {
		return Report{}, fmt.Errorf("the store counted %d spans of %d", len(counts), len(spans)+1)
	}
	for i, m := range ms {
		r.Months = append(r.Months, MonthFigures{Period: m, Label: monthLabel(m), SpanCounts: counts[i]})
	}
	r.Total = MonthFigures{Period: p, SpanCounts: counts[len(ms)]}
	r.Total.Label = i18n.T("Total")
	groups, err := d.svc.store.CaseStatusAt(ctx, span(p, zone))
	if err != nil {
		return Report{}, err
	}
	byForm := map[string]*FormOutcomes{}
	for _, g := range groups {
		st, known := app.StatusByCode(g.Status)
		if !g.InSpan && known && st.Final {
			continue // closed before the period began
		}
		f := byForm[g.Form]
		if f == nil {
			f = &FormOutcomes{Form: g.Form}
			byForm[g.Form] = f
		}
		f.add(OutcomeOf(g.Status), g.Cases)
		r.All.add(OutcomeOf(g.Status), g.Cases)
	}
	for _, form := range formOrder(byForm) {
		r.ByForm = append(r.ByForm, *byForm[form])
	}
	r.All.Form = i18n.T("All forms")
	return r, nil
}

// formOrder lists the forms as app.Forms does, then any others by name.
func formOrder(m map[string]*FormOutcomes) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range app.Forms {
		if m[f.Type] != nil && !seen[f.Type] {
			out = append(out, f.Type)
			seen[f.Type] = true
		}
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func monthLabel(m Period) string {
	f, l := m.From.Time(), m.Last().Time()
	whole := f.Day() == 1 && l.AddDate(0, 0, 1).Day() == 1
	if whole {
		return f.Format("Jan 2006")
	}
	return fmt.Sprintf("%s %d–%d, %d", f.Format("Jan"), f.Day(), l.Day(), f.Year())
}

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

// ReportCSVFigures are the row names of the report CSV's figures.
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
