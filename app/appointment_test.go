package app

import (
	"strings"
	"testing"
	"time"
)

func TestICS(t *testing.T) {
	a := Appointment{ID: "a1", Kind: AppointmentInterview, StartsAt: time.Date(2030, 5, 4, 14, 30, 0, 0, time.UTC),
		PlaceName: "USCIS Field Office", PlaceAddress: "101 W Congress Pkwy, Chicago, IL; Room 300"}
	ics := string(ICS(a, time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC)))
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "DTSTART:20300504T143000Z\r\n", "DTEND:20300504T153000Z\r\n",
		"SUMMARY:USCIS interview\r\n", `LOCATION:USCIS Field Office\, 101 W Congress Pkwy\, Chicago\, IL\; Room 300`, "TRIGGER:-P1D", "END:VCALENDAR\r\n"} {
		if !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), want) {
			t.Errorf("%q missing:\n%s", want, ics)
		}
	}
	for _, line := range strings.Split(ics, "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
	}
	if !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), `original of every document`) {
		t.Error("what to bring is missing")
	}
	if ICSName(a) != "appointment-2030-05-04-interview.ics" {
		t.Error(ICSName(a))
	}
}
