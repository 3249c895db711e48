package app

import (
	"strings"
	"testing"
	"time"
)

func unfold(ics string) string { return strings.ReplaceAll(ics, "\r\n ", "") }

func TestICS(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	a := Appointment{ID: "a1", Kind: AppointmentInterview, StartsAt: time.Date(2030, 5, 4, 14, 30, 0, 0, chicago), TimeZone: "America/Chicago",
		PlaceName: "USCIS Field Office", PlaceAddress: "101 W Congress Pkwy, Chicago, IL; Room 300"}
	ics := unfold(string(ICS(a, time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC))))
	for _, want := range []string{"BEGIN:VCALENDAR\r\n",
		"DTSTART;TZID=America/Chicago:20300504T143000\r\n", "DTEND;TZID=America/Chicago:20300504T153000\r\n",
		// The zone: daylight time since March 10, 2030 at 2:00 AM standard time.
		"BEGIN:VTIMEZONE\r\nTZID:America/Chicago\r\nBEGIN:DAYLIGHT\r\nDTSTART:20300310T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\nTZNAME:CDT\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
		"SUMMARY:USCIS interview\r\n", `LOCATION:USCIS Field Office\, 101 W Congress Pkwy\, Chicago\, IL\; Room 300`, "TRIGGER:-P1D", "END:VCALENDAR\r\n"} {
		if !strings.Contains(ics, want) {
			t.Errorf("%q missing:\n%s", want, ics)
		}
	}
	for _, line := range strings.Split(string(ICS(a, time.Now())), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
	}
	if !strings.Contains(ics, `original of every document`) {
		t.Error("what to bring is missing")
	}
	if ICSName(a) != "appointment-2030-05-04-interview.ics" {
		t.Error(ICSName(a))
	}
	// Winter: standard time, which began on the first Sunday of November.
	a.StartsAt = time.Date(2030, 12, 6, 11, 0, 0, 0, chicago)
	ics = unfold(string(ICS(a, time.Now())))
	if !strings.Contains(ics, "BEGIN:STANDARD\r\nDTSTART:20301103T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nTZNAME:CST\r\n") ||
		!strings.Contains(ics, "DTSTART;TZID=America/Chicago:20301206T110000\r\n") {
		t.Errorf("winter:\n%s", ics)
	}
	// Phoenix has kept standard time all year since 1967.
	a.TimeZone = "America/Phoenix"
	ics = unfold(string(ICS(a, time.Now())))
	if !strings.Contains(ics, "BEGIN:STANDARD\r\nDTSTART:19671029T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0700\r\nTZNAME:MST\r\n") || strings.Contains(ics, "DAYLIGHT") {
		t.Errorf("Phoenix:\n%s", ics)
	}
	// With no zone recorded, a floating time: the same clock time anywhere.
	a.TimeZone, a.StartsAt = "", time.Date(2030, 12, 6, 11, 0, 0, 0, time.UTC)
	ics = unfold(string(ICS(a, time.Now())))
	if !strings.Contains(ics, "DTSTART:20301206T110000\r\n") || strings.Contains(ics, "VTIMEZONE") {
		t.Errorf("no zone:\n%s", ics)
	}
}

// An appointment is a time on the clock where it is held: the screen, the
// notice and the calendar say 11:00 AM on a computer in any zone.
func TestAppointmentTimeIsThePlacesClock(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	old := time.Local
	defer func() { time.Local = old }()
	for _, here := range []*time.Location{time.UTC, chicago, kolkata} {
		time.Local = here
		a := Appointment{StartsAt: time.Date(2026, 12, 6, 11, 0, 0, 0, chicago).In(here), TimeZone: "America/Chicago"}
		if got := a.When(); got != "December 6, 2026 at 11:00 AM CST" {
			t.Errorf("on a computer in %s: %q", here, got)
		}
	}
	if got := (Appointment{StartsAt: time.Date(2026, 12, 6, 11, 0, 0, 0, time.UTC)}).When(); got != "December 6, 2026 at 11:00 AM" {
		t.Errorf("no zone: %q", got)
	}
	if StateZone("TX") != "America/Chicago" || StateZone("AE") != "" {
		t.Error("state zones")
	}
	for st := range usps {
		if z := StateZone(st); z != "" {
			if _, err := time.LoadLocation(z); err != nil {
				t.Errorf("%s: %v", st, err)
			}
		}
	}
}
