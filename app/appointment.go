package app

import (
	"fmt"
	"strings"
	"time"

	"casedesk/app/i18n"
)

// WhatToBring lists what to bring to an appointment of a kind, in the
// current language.
func WhatToBring(kind AppointmentKind) []string { return WhatToBringIn(i18n.Current(), kind) }

// WhatToBringIn is WhatToBring in language l: a notice is in its reader's
// language, whatever the screen's.
func WhatToBringIn(l *i18n.Lang, kind AppointmentKind) []string {
	bring := []string{
		l.T("the appointment notice"),
		l.T("a photo identity document: passport, state ID card or driver's license"),
	}
	switch kind {
	case AppointmentBiometrics:
		bring = append(bring, l.T("your Permanent Resident Card or Employment Authorization Document, if you have one"))
	case AppointmentInterview:
		bring = append(bring,
			l.T("the original of every document you filed copies of"),
			l.T("certified translations of documents not in English"),
			l.T("an interpreter, if you need one and USCIS has not arranged one"))
	case AppointmentOath:
		bring = append(bring, l.T("your Permanent Resident Card, which you will hand in"))
	}
	return bring
}

// AppointmentTitle names an appointment's kind.
func AppointmentTitle(kind AppointmentKind) string {
	switch kind {
	case AppointmentBiometrics:
		return i18n.T("USCIS biometrics appointment")
	case AppointmentInterview:
		return i18n.T("USCIS interview")
	case AppointmentOath:
		return i18n.T("USCIS oath ceremony")
	}
	return i18n.T("USCIS appointment")
}

// ICS is the appointment as an iCalendar file (RFC 5545) that calendar apps
// import: one event, an hour long, with the place and what to bring, and a
// reminder the day before. stamp is when the file is made. The times are
// the place's clock time with its zone (TZID and the VTIMEZONE that
// defines it), so a calendar shows the time the notice shows; an
// appointment with no zone recorded gets a floating time, the same clock
// time wherever the calendar is.
func ICS(a Appointment, stamp time.Time) []byte {
	desc := i18n.T("Bring:") + "\n- " + strings.Join(WhatToBring(a.Kind), "\n- ") +
		"\n\n" + i18n.T("Arrive on time; arriving late can mean the appointment is lost.")
	start, end := a.Local(), a.Local().Add(time.Hour)
	lines := []string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//CaseDesk//Appointments//EN",
		"CALSCALE:GREGORIAN",
	}
	startLine, endLine := "DTSTART:"+start.Format(icsLocal), "DTEND:"+end.Format(icsLocal)
	if loc := a.Location(); loc != nil {
		lines = append(lines, vtimezone(a.TimeZone, start, end)...)
		startLine = "DTSTART;TZID=" + a.TimeZone + ":" + start.Format(icsLocal)
		endLine = "DTEND;TZID=" + a.TimeZone + ":" + end.Format(icsLocal)
	}
	lines = append(lines,
		"BEGIN:VEVENT",
		"UID:"+a.ID+"@casedesk",
		"DTSTAMP:"+stamp.UTC().Format(icsUTC),
		startLine,
		endLine,
		"SUMMARY:"+icsText(AppointmentTitle(a.Kind)),
		"LOCATION:"+icsText(strings.TrimSpace(a.PlaceName+", "+a.PlaceAddress)),
		"DESCRIPTION:"+icsText(desc),
		"BEGIN:VALARM",
		"TRIGGER:-P1D",
		"ACTION:DISPLAY",
		"DESCRIPTION:"+icsText(AppointmentTitle(a.Kind)),
		"END:VALARM",
		"END:VEVENT",
		"END:VCALENDAR",
	)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(fold(l))
	}
	return []byte(b.String())
}

const (
	icsUTC   = "20060102T150405Z"
	icsLocal = "20060102T150405"
)

// vtimezone defines the zone tzid for the times given (in that zone): one
// observance for each zone period they fall in, each starting at the
// change of clocks that began it (RFC 5545 §3.6.5).
func vtimezone(tzid string, times ...time.Time) []string {
	lines := []string{"BEGIN:VTIMEZONE", "TZID:" + tzid}
	seen := map[int64]bool{}
	for _, t := range times {
		begin, _ := t.ZoneBounds()
		if seen[begin.Unix()] {
			continue
		}
		seen[begin.Unix()] = true
		name, to := t.Zone()
		from, onset := to, "19700101T000000"
		if !begin.IsZero() {
			_, from = begin.Add(-time.Second).Zone()
			// The onset on the clocks of the period before it.
			onset = begin.UTC().Add(time.Duration(from) * time.Second).Format(icsLocal)
		}
		kind := "STANDARD"
		if t.IsDST() {
			kind = "DAYLIGHT"
		}
		lines = append(lines, "BEGIN:"+kind, "DTSTART:"+onset,
			"TZOFFSETFROM:"+icsOffset(from), "TZOFFSETTO:"+icsOffset(to), "TZNAME:"+name, "END:"+kind)
	}
	return append(lines, "END:VTIMEZONE")
}

// icsOffset writes seconds east of UTC as iCalendar's ±HHMM.
func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}

// icsText escapes text for an iCalendar value.
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`).Replace(s)
}

// fold ends a content line with CRLF, folding it at 75 octets without
// splitting a UTF-8 character.
func fold(line string) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}

// ICSName is a file name for the appointment's calendar file.
func ICSName(a Appointment) string {
	return fmt.Sprintf("appointment-%s-%s.ics", a.Local().Format("2006-01-02"), a.Kind)
}
