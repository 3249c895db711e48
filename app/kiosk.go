package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// KioskFolderName is the folder a kiosk prints from, under the user's cache
// folder (or the system's temporary folder when there is none).
const KioskFolderName = "casedesk-kiosk"

// KioskFolder is where a kiosk writes what it prints: a folder of its own,
// at a place it finds again after a crash, so each start-up can wipe what
// an interrupted visit left.
func KioskFolder() string {
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		base = os.TempDir()
	}
	return filepath.Join(base, KioskFolderName)
}

// WipeKioskFolder removes everything in dir, and dir itself, then makes it
// again empty and private (0700): it is called at start-up, at every
// sign-out and when an idle limit fires, so nothing printed for one visitor
// is there for the next. A dir that is a link or a file is removed, not
// followed.
func WipeKioskFolder(dir string) error {
	if dir == "" || filepath.Clean(dir) == string(filepath.Separator) {
		return errors.New("no kiosk folder to wipe")
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("the kiosk's folder %s could not be emptied: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return fmt.Errorf("the kiosk's folder %s could not be made: %w", dir, err)
	}
	// The umask may have taken bits; set what the folder must be.
	return os.Chmod(dir, 0o700)
}

// EventText is the appointment as one iCalendar event (a VEVENT alone, as
// phone cameras read it from a QR code and offer to add to the calendar):
// its title, start and end, and place. A time zone recorded with the
// appointment gives UTC times, which every phone shows in its own zone; with
// none the time is the clock time on the notice.
func EventText(a Appointment) string {
	start, end := a.Local(), a.Local().Add(time.Hour)
	startLine, endLine := "DTSTART:"+start.Format(icsLocal), "DTEND:"+end.Format(icsLocal)
	if a.Location() != nil {
		startLine, endLine = "DTSTART:"+start.UTC().Format(icsUTC), "DTEND:"+end.UTC().Format(icsUTC)
	}
	lines := []string{
		"BEGIN:VEVENT",
		"SUMMARY:" + icsText(AppointmentTitle(a.Kind)),
		startLine,
		endLine,
		"LOCATION:" + icsText(strings.TrimSpace(a.PlaceName+", "+a.PlaceAddress)),
		"END:VEVENT",
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(fold(l))
	}
	return b.String()
}
