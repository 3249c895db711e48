package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
)

// A funders' report is aggregate numbers only: any signed-in staff member
// may make one. What each number means is written out in Definitions, in
// the README and on the report itself, so a funder can read it.

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
