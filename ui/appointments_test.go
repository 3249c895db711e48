package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestAppointmentsTab: an upcoming appointment says what to bring and goes
// to the calendar.
func TestAppointmentsTab(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.home(t)
	a := h.appts
	if text := labels(a.list); !strings.Contains(text, "Bring:") || !strings.Contains(text, "photo identity document") {
		t.Errorf("appointments:\n%s", text)
	}
	test.Tap(a.toCalendar[0])
	if !strings.Contains(h.status.Text, "appointment-2030-05-04-biometrics.ics") {
		t.Fatalf("calendar: %q", h.status.Text)
	}
	if b, err := os.ReadFile(filepath.Join(r.svc.PDFFolder, "appointment-2030-05-04-biometrics.ics")); err != nil || !strings.Contains(string(b), "BEGIN:VCALENDAR") {
		t.Fatalf("no calendar file: %v", err)
	}
}
