package app

import (
	"fmt"
	"strings"
	"time"

	"casedesk/app/i18n"
)

// WhatToBring lists what to bring to an appointment of a kind.
func WhatToBring(kind AppointmentKind) []string {
	bring := []string{
		i18n.T("the appointment notice"),
		i18n.T("a photo identity document: passport, state ID card or driver's license"),
	}
	switch kind {
	case AppointmentBiometrics:
		bring = append(bring, i18n.T("your Permanent Resident Card or Employment Authorization Document, if you have one"))
	case AppointmentInterview:
		bring = append(bring,
			i18n.T("the original of every document you filed copies of"),
			i18n.T("certified translations of documents not in English"),
			i18n.T("an interpreter, if you need one and USCIS has not arranged one"))
	case AppointmentOath:
		bring = append(bring, i18n.T("your Permanent Resident Card, which you will hand in"))
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
// reminder the day before. stamp is when the file is made.
func ICS(a Appointment, stamp time.Time) []byte {
	const layout = "20060102T150405Z"
	desc := i18n.T("Bring:") + "\n- " + strings.Join(WhatToBring(a.Kind), "\n- ") +
		"\n\n" + i18n.T("Arrive on time; arriving late can mean the appointment is lost.")
	lines := []string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//CaseDesk//Appointments//EN",
		"CALSCALE:GREGORIAN",
		"BEGIN:VEVENT",
		"UID:" + a.ID + "@casedesk",
		"DTSTAMP:" + stamp.UTC().Format(layout),
		"DTSTART:" + a.StartsAt.UTC().Format(layout),
		"DTEND:" + a.StartsAt.Add(time.Hour).UTC().Format(layout),
		"SUMMARY:" + icsText(AppointmentTitle(a.Kind)),
		"LOCATION:" + icsText(strings.TrimSpace(a.PlaceName+", "+a.PlaceAddress)),
		"DESCRIPTION:" + icsText(desc),
		"BEGIN:VALARM",
		"TRIGGER:-P1D",
		"ACTION:DISPLAY",
		"DESCRIPTION:" + icsText(AppointmentTitle(a.Kind)),
		"END:VALARM",
		"END:VEVENT",
		"END:VCALENDAR",
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(fold(l))
	}
	return []byte(b.String())
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
	return fmt.Sprintf("appointment-%s-%s.ics", a.StartsAt.UTC().Format("2006-01-02"), a.Kind)
}
