package app

import (
	"time"
	_ "time/tzdata" // the zones work where the system has no zone database (Windows, a minimal Linux)

	"casedesk/app/i18n"
)

// stateZones is the time zone most of each state's people live in, by its
// Postal Service code. A state that spans two zones (Texas, Florida,
// Indiana …) gets the zone of its largest cities; an office in its other
// part records its own zone with its appointments.
var stateZones = map[string]string{
	"AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix", "AR": "America/Chicago",
	"CA": "America/Los_Angeles", "CO": "America/Denver", "CT": "America/New_York", "DE": "America/New_York",
	"FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu", "ID": "America/Boise",
	"IL": "America/Chicago", "IN": "America/Indiana/Indianapolis", "IA": "America/Chicago", "KS": "America/Chicago",
	"KY": "America/New_York", "LA": "America/Chicago", "ME": "America/New_York", "MD": "America/New_York",
	"MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago", "MS": "America/Chicago",
	"MO": "America/Chicago", "MT": "America/Denver", "NE": "America/Chicago", "NV": "America/Los_Angeles",
	"NH": "America/New_York", "NJ": "America/New_York", "NM": "America/Denver", "NY": "America/New_York",
	"NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York", "OK": "America/Chicago",
	"OR": "America/Los_Angeles", "PA": "America/New_York", "RI": "America/New_York", "SC": "America/New_York",
	"SD": "America/Chicago", "TN": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver",
	"VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles", "WV": "America/New_York",
	"WI": "America/Chicago", "WY": "America/Denver", "DC": "America/New_York", "PR": "America/Puerto_Rico",
	"GU": "Pacific/Guam", "VI": "America/St_Thomas", "AS": "Pacific/Pago_Pago", "MP": "Pacific/Saipan",
}

// StateZone is the time zone of most of a state (its Postal Service code),
// or "" for a code that has none (the military "states").
func StateZone(state string) string { return stateZones[state] }

// Location is the appointment's place's time zone, or nil when the
// appointment has none recorded: then its time is a wall-clock time with no
// zone (stored as if in UTC) and is shown as it is.
func (a Appointment) Location() *time.Location {
	if a.TimeZone == "" {
		return nil
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return nil
	}
	return loc
}

// Local is when the appointment starts on the clock at its place, the same
// on every computer whatever its own time zone.
func (a Appointment) Local() time.Time {
	if loc := a.Location(); loc != nil {
		return a.StartsAt.In(loc)
	}
	return a.StartsAt.UTC()
}

// When says when the appointment starts, in words, on the clock at its
// place and with that zone's abbreviation: "December 6, 2026 at 11:00 AM CST",
// in the screen's language.
func (a Appointment) When() string { return a.WhenIn(i18n.Current()) }

// WhenIn is When in the language l: "6 de diciembre de 2026 a las 11:00 CST".
func (a Appointment) WhenIn(l *i18n.Lang) string {
	t := a.Local()
	when := l.T("%s at %s", DateOf(t).In(l), l.Time(t))
	if a.Location() != nil {
		when += " " + t.Format("MST")
	}
	return when
}

// DayTime says a moment later this year in the screen's language, for
// "try again after …": "November 20 at 3:04 PM", "20 de noviembre a las 15:04".
func DayTime(t time.Time) string {
	l := i18n.Current()
	return l.T("%s at %s", l.DayMonth(t), l.Time(t))
}
