package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Wiping the kiosk's folder leaves it empty and private, whatever a visit
// left in it, and follows no link out of it.
func TestWipeKioskFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", KioskFolderName)
	if err := WipeKioskFolder(dir); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "keep.txt")
	if err := os.WriteFile(outside, []byte("someone else's"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "notice.pdf"), []byte("José Muñoz"), 0o644)
	os.Symlink(filepath.Dir(outside), filepath.Join(dir, "link"))
	if err := WipeKioskFolder(dir); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	st, err := os.Stat(dir)
	if err != nil || len(left) != 0 || st.Mode().Perm() != 0o700 {
		t.Fatalf("after the wipe: %v %v %v", err, left, st.Mode())
	}
	if _, err := os.Stat(outside); err != nil {
		t.Fatalf("the wipe followed a link: %v", err)
	}
	if WipeKioskFolder("") == nil || WipeKioskFolder("/") == nil {
		t.Fatal("an empty or root folder was wiped")
	}
}

// The event keeps the clock time when no zone is recorded.
func TestEventTextFloating(t *testing.T) {
	a := Appointment{Kind: AppointmentBiometrics, StartsAt: time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC), PlaceName: "ASC", PlaceAddress: "1 Main St"}
	got := EventText(a)
	if !strings.Contains(got, "DTSTART:20261206T093000\r\n") || !strings.HasPrefix(got, "BEGIN:VEVENT\r\n") || !strings.HasSuffix(got, "END:VEVENT\r\n") {
		t.Fatalf("%q", got)
	}
}

// BenchmarkWipeKioskFolder is the end of a visit's wipe of the kiosk's
// folder with a print job's folder left in it.
func BenchmarkWipeKioskFolder(b *testing.B) {
	dir := filepath.Join(b.TempDir(), KioskFolderName)
	for b.Loop() {
		os.MkdirAll(filepath.Join(dir, "print-1"), 0o700)
		os.WriteFile(filepath.Join(dir, "print-1", "notice.pdf"), make([]byte, 40<<10), 0o600)
		if err := WipeKioskFolder(dir); err != nil {
			b.Fatal(err)
		}
	}
}
