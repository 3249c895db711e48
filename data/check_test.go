package data

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"casedesk/app"
)

// A store's open checks, with the time of the last passed check as the
// witness: it changes only when a quick_check ran and passed.

// setCheckedAt records a passed check at t, as Open would have.
func setCheckedAt(t *testing.T, s *Store, at time.Time) string {
	t.Helper()
	v := at.UTC().Format(timeLayout)
	if _, err := s.db.Exec(upsertSetting, checkedAtSetting, v); err != nil {
		t.Fatal(err)
	}
	return v
}

// checkedAt reopens the store at path, reads the time of its last passed
// check and closes it again.
func checkedAt(t *testing.T, path string) string {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.Setting(context.Background(), checkedAtSetting)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// abandon leaves s as a process that ended without closing the store
// would: SQLite's files as they are, the marker still there, unlocked.
func abandon(t *testing.T, s *Store) {
	t.Helper()
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	if s.marker.f != nil {
		s.marker.f.Close()
		s.marker.f = nil
	}
	s.marker = nil
}

// markers lists the open markers beside the store at path.
func markers(t *testing.T, path string) []string {
	t.Helper()
	m, err := filepath.Glob(path + markerInfix + "*")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// storeWithPeople makes a store at path holding n people whose last check
// passed an hour ago, and leaves it open.
func storeWithPeople(t *testing.T, path string, n int) (*Store, string) {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		mustPerson(t, s, fmt.Sprintf("Given%d", i), "Family")
	}
	return s, setCheckedAt(t, s, time.Now().Add(-time.Hour))
}

func TestCleanCloseSkipsTheCheck(t *testing.T) {
	sqliteOnly(t, "its integrity checks and open markers")
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, stamp := storeWithPeople(t, path, 3)
	m := markers(t, path)
	if len(m) != 1 {
		t.Fatalf("markers while open: %v", m)
	}
	if fi, err := os.Stat(m[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("marker %v, %v", fi, err)
	}
	if b, _ := os.ReadFile(m[0]); strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
		t.Errorf("marker holds %q", b)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if m := markers(t, path); len(m) != 0 {
		t.Errorf("a clean close left %v", m)
	}
	if got := checkedAt(t, path); got != stamp {
		t.Errorf("after a clean close the store was checked again: %s, was %s", got, stamp)
	}
}

// The writer child of the kill test (see TestMain) is killed after its
// first commit: the next Open checks the store and clears the marker.
func TestKilledProcessLeavesTheStoreToBeChecked(t *testing.T) {
	sqliteOnly(t, "its integrity checks and open markers")
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, stamp := storeWithPeople(t, path, 1)
	s.Close()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "CASEDESK_CRASH_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !bufio.NewScanner(out).Scan() {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the child committed nothing")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if m := markers(t, path); len(m) != 1 {
		t.Fatalf("markers after the kill: %v", m)
	}
	if got := checkedAt(t, path); got == stamp {
		t.Error("the store was not checked after its writer was killed")
	}
	if m := markers(t, path); len(m) != 0 {
		t.Errorf("markers after a passed check and a clean close: %v", m)
	}
}

// One Store closing cleanly does not hide another's crash, and a Store
// that is open is not taken for one that crashed.
func TestEveryOpenHasItsOwnMarker(t *testing.T) {
	sqliteOnly(t, "its integrity checks and open markers")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	a, stamp := storeWithPeople(t, path, 1)
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := b.Setting(ctx, checkedAtSetting); v != stamp {
		t.Errorf("a second open beside a live one checked the store: %s", v)
	}
	abandon(t, b)
	a.Close()
	if m := markers(t, path); len(m) != 1 {
		t.Fatalf("markers: %v", m)
	}
	if got := checkedAt(t, path); got == stamp {
		t.Error("the crash of one open was hidden by the clean close of the other")
	}
}

// A marker still locked but whose process is gone is being taken over by
// another opener that is checking the store: this open checks it too, and
// leaves that marker to its holder.
func TestMarkerOfAGoneProcessCountsEvenWhileHeld(t *testing.T) {
	sqliteOnly(t, "its integrity checks and open markers")
	if !fileLocks {
		t.Skip("no file locks here: every other marker counts as left over")
	}
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, stamp := storeWithPeople(t, path, 1)
	s.Close()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	held := path + markerInfix + "held"
	if err := os.WriteFile(held, []byte(strconv.Itoa(gone.Process.Pid)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(held)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ok, err := lockMarker(f); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if got := checkedAt(t, path); got == stamp {
		t.Error("not checked beside the marker of a process that is gone")
	}
	if m := markers(t, path); len(m) != 1 || m[0] != held {
		t.Errorf("markers: %v", m)
	}
	// The same marker with a live process is a live open: no check.
	os.WriteFile(held, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600)
	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	stamp = setCheckedAt(t, s, time.Now().Add(-time.Hour))
	s.Close()
	if got := checkedAt(t, path); got != stamp {
		t.Error("checked beside a live open")
	}
}

func TestScheduledCheckRunsAfterTheInterval(t *testing.T) {
	sqliteOnly(t, "its integrity checks and open markers")
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, _ := storeWithPeople(t, path, 1)
	s.Close()
	now := time.Now()
	for _, tt := range []struct {
		last  time.Time
		check bool
	}{
		{now.Add(-checkInterval + time.Hour), false},
		{now.Add(-checkInterval - time.Minute), true},
		{now.Add(-30 * 24 * time.Hour), true},
		{now.Add(48 * time.Hour), true}, // a clock that was set wrong
		{now.Add(time.Minute), false},   // one a little ahead
	} {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		stamp := setCheckedAt(t, s, tt.last)
		s.Close()
		if got := checkedAt(t, path); (got != stamp) != tt.check {
			t.Errorf("last check %s ago: checked %v, want %v", now.Sub(tt.last).Round(time.Minute), got != stamp, tt.check)
		}
	}
	// A store that never recorded a check (from before this rule) is checked.
	s, _ = Open(context.Background(), path)
	s.db.Exec(`DELETE FROM settings WHERE key = ?`, checkedAtSetting)
	s.Close()
	if _, err := time.Parse(timeLayout, checkedAt(t, path)); err != nil {
		t.Errorf("a store without a recorded check: %v", err)
	}
}

// damagePeople overwrites the root page of the people table, which opening
// a store does not read but quick_check does.
func damagePeople(t *testing.T, s *Store) {
	t.Helper()
	var root, size int
	s.db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'people'`).Scan(&root)
	s.db.QueryRow(`PRAGMA page_size`).Scan(&size)
	if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(s.path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0x5a}, size), int64(root-1)*int64(size)); err != nil {
		t.Fatal(err)
	}
}

// refusedUntouched opens a damaged store: refused with ErrStoreDamaged and
// the file byte for byte as it was, twice over.
func refusedUntouched(t *testing.T, path string) {
	t.Helper()
	for range 2 {
		before, _ := os.ReadFile(path)
		if _, err := Open(context.Background(), path); !errors.Is(err, app.ErrStoreDamaged) {
			t.Fatalf("Open = %v, want %v", err, app.ErrStoreDamaged)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Fatal("Open changed the damaged file")
		}
		// The read-only check may leave an empty log (SQLite makes one
		// to read a store in WAL mode); nothing may be written to it.
		if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
			t.Errorf("Open wrote %d bytes of log beside the damaged file", fi.Size())
		}
	}
}

func TestDamageAfterUncleanShutdownIsRefusedUntouched(t *testing.T) {
	sqliteOnly(t, "its integrity checks and open markers")
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, _ := storeWithPeople(t, path, 300)
	damagePeople(t, s)
	abandon(t, s)
	refusedUntouched(t, path)
	if m := markers(t, path); len(m) != 1 {
		t.Errorf("the left-over marker must stay until a check passes: %v", m)
	}
}

func TestDamageIsFoundByTheScheduledCheck(t *testing.T) {
	sqliteOnly(t, "its integrity checks and open markers")
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, _ := storeWithPeople(t, path, 300)
	setCheckedAt(t, s, time.Now().Add(-checkInterval-time.Hour))
	damagePeople(t, s)
	s.Close()
	refusedUntouched(t, path)
	if m := markers(t, path); len(m) != 0 {
		t.Errorf("markers: %v", m)
	}
}

// Between checks a store that was closed cleanly is trusted: damage done
// to it meanwhile shows when SQLite reads the damaged page, or at the next
// scheduled check. This is the price of an open that costs the same at any
// size; the test keeps it visible.
func TestCleanStoreIsTrustedUntilItsCheckIsDue(t *testing.T) {
	sqliteOnly(t, "its integrity checks and open markers")
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, _ := storeWithPeople(t, path, 300)
	damagePeople(t, s)
	s.Close()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("a store closed cleanly and checked an hour ago: %v", err)
	}
	defer s.Close()
	if _, err := s.SearchPeople(context.Background(), "given", 5); !errors.Is(err, app.ErrStoreDamaged) {
		t.Errorf("reading the damaged page: %v, want %v", err, app.ErrStoreDamaged)
	}
}
