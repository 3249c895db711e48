package auth

import (
	"bytes"
	"image/png"
	"testing"
	"time"

	"casedesk/app"
)

// A phone's camera reads the appointment's event back from the kiosk's QR
// code, letter for letter.
func TestEventQRReadsBack(t *testing.T) {
	a := app.Appointment{ID: "a1", Kind: app.AppointmentInterview, StartsAt: time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC),
		TimeZone: "America/Chicago", PlaceName: "USCIS Chicago Field Office", PlaceAddress: "101 W Congress Pkwy, Chicago, IL 60605"}
	text := app.EventText(a)
	pic, err := EventQR(text, 480)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(pic))
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeQR(img)
	if err != nil || got != text {
		t.Fatalf("read back %q, %v; want %q", got, err, text)
	}
	for _, want := range []string{"BEGIN:VEVENT", "DTSTART:20261206T170000Z", "DTEND:20261206T180000Z", "SUMMARY:USCIS interview", `LOCATION:USCIS Chicago Field Office\, 101 W Congress Pkwy\, Chicago\, IL 60605`, "END:VEVENT"} {
		if !bytes.Contains([]byte(unfold(got)), []byte(want)) {
			t.Errorf("the event lacks %q:\n%s", want, got)
		}
	}
}

// unfold joins iCalendar's folded lines.
func unfold(s string) string { return string(bytes.ReplaceAll([]byte(s), []byte("\r\n "), nil)) }

// BenchmarkEventQR is the QR code of an appointment at a kiosk, drawn
// off the UI goroutine when the visitor asks for it.
func BenchmarkEventQR(b *testing.B) {
	a := app.Appointment{ID: "a1", Kind: app.AppointmentInterview, StartsAt: time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC),
		TimeZone: "America/Chicago", PlaceName: "USCIS Chicago Field Office", PlaceAddress: "101 W Congress Pkwy, Chicago, IL 60605"}
	text := app.EventText(a)
	for b.Loop() {
		if _, err := EventQR(text, 440); err != nil {
			b.Fatal(err)
		}
	}
}
