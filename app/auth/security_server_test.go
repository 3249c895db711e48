package auth

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Attacks on a seat's key for a clinic's database on a server: each test
// fails when the attack works.

// secHostileIDs are store ids a database's settings row could hold: the id
// comes from the server, and anyone with the role's password (every seat)
// or a store file moved there can write it.
var secHostileIDs = []string{"x/../casedesk", "../../../../../tmp/casedesk-sec", "a/b", "..", `a\..\..\b`, "x/../../CaseDesk/casedesk"}

// A seat's key file is in the configuration folder, named for its store,
// whatever id the server gives.
func TestSecSeatKeyFileStaysInItsFolder(t *testing.T) {
	config := seatHome(t)
	for _, id := range secHostileIDs {
		file, _, err := SeatKeyFile(id)
		if err != nil {
			continue // refused: fine
		}
		if filepath.Dir(file) != config || !strings.HasPrefix(filepath.Base(file), "casedesk-store-") {
			t.Errorf("store id %q: the seat's key file is %s, outside %s or not a store's", id, file, config)
		}
	}
}

// Enrolling against a database whose store id names the install's own key
// file leaves that file alone: the computer's own store still opens.
func TestSecEnrolCannotReplaceTheInstallKey(t *testing.T) {
	config := seatHome(t)
	ctx := context.Background()
	install := filepath.Join(config, "casedesk.key")
	own, err := LoadKeys(ctx, noService, install)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(install)
	if err != nil {
		t.Fatal(err)
	}
	clinic := NewKeysForTest(testKey(9))
	st := &seatStore{id: "x/../casedesk", check: clinic.KeyCheck()}
	_, err = EnrolSeat(ctx, st, noService, strings.Join(clinic.RecoveryGroups(), " "), "tester", time.Now())
	after, rerr := os.ReadFile(install)
	if rerr != nil || !bytes.Equal(before, after) {
		t.Errorf("the install's key file changed (enrol: %v, read: %v)", err, rerr)
	}
	again, err := LoadKeys(ctx, noService, install)
	if err != nil || again.KeyCheck() != own.KeyCheck() {
		t.Errorf("the install's key after the enrolment: %v", err)
	}
}

// A hostile store id makes no folder and writes no file outside the
// configuration folder.
func TestSecHostileStoreIDWritesNothingOutside(t *testing.T) {
	seatHome(t)
	ctx := context.Background()
	outside := t.TempDir()
	id := "../../../../../../../../.." + outside + "/made/here"
	if _, _, err := SeatKeys(ctx, noService, id, false); err == nil {
		if _, serr := os.Stat(filepath.Join(outside, "made")); serr == nil {
			t.Errorf("a store id wrote outside the configuration folder: %s", filepath.Join(outside, "made"))
		}
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 0 {
		t.Errorf("a store id wrote outside the configuration folder: %v", entries)
	}
}

// A wrong recovery key, and a mistyped or enormous one, write nothing on
// this computer: no key file, no folder, no keyring entry; only a
// well-formed wrong key takes one of the day's tries.
func TestSecWrongEnrolKeyWritesNothingHere(t *testing.T) {
	config := seatHome(t)
	ctx := context.Background()
	clinic := NewKeysForTest(testKey(4))
	st := &seatStore{id: "store-w", check: clinic.KeyCheck()}
	kr := &mapKeyring{}
	wrong := strings.Join(NewKeysForTest(testKey(5)).RecoveryGroups(), " ")
	huge := strings.Repeat(strings.Join(clinic.RecoveryGroups(), " ")+" ", 20000) // about 1.6 MB
	mistyped := strings.Replace(strings.Join(clinic.RecoveryGroups(), " "), "A", "B", 1)
	for _, typed := range []string{wrong, huge, mistyped, "", strings.Repeat("-", 1<<20)} {
		start := time.Now()
		if _, err := EnrolSeat(ctx, st, kr, typed, "tester", time.Now()); err == nil {
			t.Errorf("a key of %d bytes was taken", len(typed))
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("a key of %d bytes took %s", len(typed), d)
		}
	}
	if len(kr.m) != 0 {
		t.Errorf("the keyring after wrong keys: %v", kr.m)
	}
	if entries, _ := os.ReadDir(config); len(entries) != 0 {
		t.Errorf("files after wrong keys: %v", entries)
	}
	if st.takes != 1 {
		t.Errorf("%d tries taken; only the well-formed wrong key takes one", st.takes)
	}
}
