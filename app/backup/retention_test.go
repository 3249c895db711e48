package backup

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"casedesk/app/files"
)

// Over ~120 days of daily backups (some days two, some days none) on a
// fake clock, the folder keeps the newest of each of the last 14 days and
// of each of the last 8 ISO weeks, and no file CaseDesk did not make is
// touched.
func TestRetention(t *testing.T) {
	dir := t.TempDir()
	loc := time.UTC
	start := time.Date(2026, 8, 1, 9, 0, 0, 0, loc)
	foreign := []string{"casedesk.db", "notes.txt", "casedesk-2026-08-01.cdbackup.bak", "casedesk-old.cdbackup", ".casedesk-x.partial"}
	for _, n := range foreign {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600)
	}
	var day time.Time
	for i := range 120 {
		day = start.AddDate(0, 0, i)
		if i%9 == 4 {
			continue // CaseDesk was not started that day
		}
		os.WriteFile(FreeName(dir, day), []byte(Magic), 0o600)
		if i%10 == 0 { // "Back up now" later that day
			os.WriteFile(FreeName(dir, day.Add(5*time.Hour)), []byte(Magic), 0o600)
		}
		if _, err := Prune(dir, loc); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := List(dir, loc)
	days, weeks := map[string]int{}, map[[2]int]int{}
	for _, f := range files {
		days[f.At.Format("2006-01-02")]++
		y, w := f.At.ISOWeek()
		weeks[[2]int{y, w}]++
	}
	for d, n := range days {
		if n > 1 {
			t.Errorf("%s: %d backups kept", d, n)
		}
	}
	// The 14 latest days that had a backup are all there.
	var want []string
	for d := day; len(want) < KeepDays; d = d.AddDate(0, 0, -1) {
		if int(d.Sub(start).Hours()/24)%9 != 4 {
			want = append(want, d.Format("2006-01-02"))
		}
	}
	for _, d := range want {
		if days[d] != 1 {
			t.Errorf("day %s not kept", d)
		}
	}
	if len(weeks) != KeepWeeks {
		t.Errorf("%d weeks kept, want %d", len(weeks), KeepWeeks)
	}
	// Each kept week's file is the newest of that week.
	for _, f := range files {
		y, w := f.At.ISOWeek()
		for _, g := range files {
			gy, gw := g.At.ISOWeek()
			if gy == y && gw == w && g.At.After(f.At) && !contains(want, f.At.Format("2006-01-02")) {
				t.Errorf("%s kept though %s is newer in its week", f.Name, g.Name)
			}
		}
	}
	if len(files) > KeepDays+KeepWeeks {
		t.Errorf("%d files kept", len(files))
	}
	for _, n := range foreign {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s, not made by CaseDesk, was removed", n)
		}
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	sort.Strings(names)
	t.Logf("kept: %v", names)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A second backup the same day gets a name of its own.
func TestFreeName(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 11, 27, 14, 3, 9, 0, time.UTC)
	if got := filepath.Base(FreeName(dir, at)); got != "casedesk-2026-11-27.cdbackup" {
		t.Errorf("first: %s", got)
	}
	os.WriteFile(filepath.Join(dir, "casedesk-2026-11-27.cdbackup"), nil, 0o600)
	if got := filepath.Base(FreeName(dir, at)); got != "casedesk-2026-11-27-140309.cdbackup" {
		t.Errorf("second: %s", got)
	}
}

// files.Kind tells a sealed backup by its first bytes; they must be Magic.
func TestFilesKnowTheMagic(t *testing.T) {
	p := filepath.Join(t.TempDir(), "casedesk-2026-11-27.cdbackup")
	os.WriteFile(p, []byte(Magic+"rest"), 0o600)
	if k := files.Kind(p); k != "backup" {
		t.Errorf("files.Kind says %q of a sealed backup", k)
	}
}
