package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestAppointmentsTab: an upcoming appointment says what to bring and goes
// to the calendar, at the time on the clock where it is held, whatever the
// zone of the computer showing it.
func TestAppointmentsTab(t *testing.T) {
	old := time.Local
	time.Local, _ = time.LoadLocation("Asia/Kolkata")
	t.Cleanup(func() { time.Local = old })
	r := newHomeRig(t)
	h, _, _ := r.home(t)
	a := h.appts
	if text := labels(a.list); !strings.Contains(text, "Bring:") || !strings.Contains(text, "photo identity document") ||
		!strings.Contains(text, "May 4, 2030 at 9:30 AM CDT") {
		t.Errorf("appointments:\n%s", text)
	}
	test.Tap(a.toCalendar[0])
	if !strings.Contains(h.status.Text, "appointment-2030-05-04-biometrics.ics") {
		t.Fatalf("calendar: %q", h.status.Text)
	}
	if b, err := os.ReadFile(filepath.Join(r.svc.PDFFolder, "appointment-2030-05-04-biometrics.ics")); err != nil || !strings.Contains(string(b), "DTSTART;TZID=America/Chicago:20300504T093000") {
		t.Fatalf("no calendar file: %v", err)
	}
}
