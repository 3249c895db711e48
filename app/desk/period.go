package desk

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
)

// The periods of funders' reports: calendar days in the clinic's time
// zone, named relative to today or typed, split into calendar months.

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

func monthLabel(m Period) string {
	f, l := m.From.Time(), m.Last().Time()
	whole := f.Day() == 1 && l.AddDate(0, 0, 1).Day() == 1
	if whole {
		return f.Format("Jan 2006")
	}
	return fmt.Sprintf("%s %d–%d, %d", f.Format("Jan"), f.Day(), l.Day(), f.Year())
}
