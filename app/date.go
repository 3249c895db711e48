package app

import (
	"strconv"
	"strings"
	"time"

	"casedesk/app/i18n"
)

// Date is a calendar date with no time or zone, stored as ISO 8601
// (2006-01-02). The zero Date means "not set".
type Date struct{ t time.Time }

// NewDate builds a Date from its parts.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf takes the calendar date of t in t's own zone.
func DateOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

const dateExample = "03/14/1985 or 1985-03-14"

// ParseDate reads ISO (1985-03-14) or US month/day/year (3/14/1985,
// 03-14-1985). Years are four digits between 1900 and 2100.
func ParseDate(s string) (Date, error) { return parseDate(FieldDate, s) }

// ParseDateOfBirth is ParseDate for a date of birth, whose errors name it.
func ParseDateOfBirth(s string) (Date, error) { return parseDate(FieldDateOfBirth, s) }

// daysIn is how many days month m of year y has.
func daysIn(m time.Month, y int) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func parseDate(field Field, s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, Invalid(field, "is empty; type it like %s", dateExample)
	}
	sep := "/"
	if !strings.Contains(s, "/") {
		sep = "-"
	}
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return Date{}, Invalid(field, "%q is not a date; type it like %s", s, dateExample)
	}
	var y, m, d int
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 || len(p) > 4 {
			return Date{}, Invalid(field, "%q is not a date; type it like %s", s, dateExample)
		}
		nums[i] = n
	}
	if len(strings.TrimSpace(parts[0])) == 4 { // ISO: year first
		y, m, d = nums[0], nums[1], nums[2]
	} else if len(strings.TrimSpace(parts[2])) == 4 { // US: month/day/year
		m, d, y = nums[0], nums[1], nums[2]
	} else {
		return Date{}, Invalid(field, "needs a 4-digit year; type it like %s", dateExample)
	}
	if y < 1900 || y > 2100 {
		return Date{}, Invalid(field, "has the year %d; use a year from 1900 to 2100", y)
	}
	if m < 1 || m > 12 {
		return Date{}, Invalid(field, "has the month %d; months are 1 to 12 (type it like %s)", m, dateExample)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		return Date{}, Invalid(field, "has no day %d: %s has %d days", d, time.Month(m).String()+" "+strconv.Itoa(y), daysIn(time.Month(m), y))
	}
	return Date{t}, nil
}

// ParseISODate reads the store's form (2006-01-02); the empty string is the zero Date.
func ParseISODate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// ISO returns 2006-01-02, the form the store keeps; "" for the zero Date.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// String shows the date in full the way readers of the screen's language
// expect it: March 14, 1985; 14 de marzo de 1985.
func (d Date) String() string { return d.In(i18n.Current()) }

// In shows the date in full in the language l.
func (d Date) In(l *i18n.Lang) string {
	if d.IsZero() {
		return ""
	}
	return l.Date(d.t)
}

// Short shows 03/14/1985.
func (d Date) Short() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("01/02/2006")
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return d.t }

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }
