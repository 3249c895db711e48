package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"casedesk/app"
)

// Store ids of the form a store makes (data.Store.StoreID).
const (
	storeA = "0191e0a5-7a3b-7c2d-8e4f-0123456789ab"
	storeB = "0191e0a5-7a3b-7c2d-8e4f-0123456789ac"
	storeS = "0191e0a5-7a3b-7c2d-8e4f-0123456789ad"
	storeF = "0191e0a5-7a3b-7c2d-8e4f-0123456789ae"
)

// seatHome gives the test a configuration folder of its own.
func seatHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("AppData", filepath.Join(home, "AppData"))
	t.Setenv("CASEDESK_KEY_FILE", "")
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "CaseDesk")
}

// The first seat makes the key under the store's id; a computer with no
// key for a store that has one makes none; each store has its own entry.
func TestSeatKeys(t *testing.T) {
	config := seatHome(t)
	ctx := context.Background()
	kr := &mapKeyring{}
	if _, _, err := SeatKeys(ctx, kr, storeA, true); !errors.Is(err, app.ErrNewSeat) {
		t.Fatalf("a new seat: %v, want ErrNewSeat", err)
	}
	if len(kr.m) != 0 {
		t.Fatalf("a new seat wrote to the keyring: %v", kr.m)
	}
	if entries, _ := os.ReadDir(config); len(entries) != 0 {
		t.Fatalf("a new seat made files: %v", entries)
	}
	k, note, err := SeatKeys(ctx, kr, storeA, false)
	if err != nil || !k.Created || k.Source != FromKeyring || note != "" {
		t.Fatalf("the first seat: %+v %q %v", k, note, err)
	}
	if kr.m["casedesk/data-key store "+storeA] == "" || kr.m["casedesk/data-key"] != "" {
		t.Fatalf("the keyring: %v", kr.m)
	}
	again, _, err := SeatKeys(ctx, kr, storeA, true)
	if err != nil || again.Created || again.KeyCheck() != k.KeyCheck() {
		t.Fatalf("the same seat again: %+v %v", again, err)
	}
	other, _, err := SeatKeys(ctx, kr, storeB, false)
	if err != nil || other.KeyCheck() == k.KeyCheck() {
		t.Fatalf("another store's key: %v", err)
	}
}

// Without a keyring service the seat's key is a 0600 file in the
// configuration folder, said once.
func TestSeatKeysWithoutAKeyring(t *testing.T) {
	config := seatHome(t)
	ctx := context.Background()
	k, note, err := SeatKeys(ctx, noService, storeA, false)
	file := filepath.Join(config, "casedesk-store-"+storeA+".key")
	if err != nil || k.Source != FromFile || k.File != file || !strings.Contains(note, file) {
		t.Fatalf("%+v %q %v", k, note, err)
	}
	if fi, err := os.Stat(file); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("the key file: %v %v", fi, err)
	}
	again, note, err := SeatKeys(ctx, noService, storeA, true)
	if err != nil || again.KeyCheck() != k.KeyCheck() || note != "" {
		t.Fatalf("again: %v %q", err, note)
	}
	// A keyring that does not answer is never replaced by a new key.
	seatHome(t)
	stuck := &fakeKeyring{err: errors.New("org.freedesktop.DBus.Error.NoReply")}
	if _, _, err := SeatKeys(ctx, stuck, storeA, false); !errors.Is(err, app.ErrKeyring) {
		t.Errorf("a keyring that does not answer: %v", err)
	}
}

// seatStore is the clinic's database as enrolling sees it.
type seatStore struct {
	id, check string
	tally     app.Tally
	audit     []app.AuditEvent
	takes     int
}

func (s *seatStore) StoreID(context.Context) (string, error) { return s.id, nil }
func (s *seatStore) KeyCheck(context.Context) (string, error) {
	if s.check == "" {
		return "", app.ErrNotFound
	}
	return s.check, nil
}
func (s *seatStore) UpdateThrottle(_ context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	if kind != seatEnrolKind || key != s.id {
		return app.Tally{}, errors.New("another throttle")
	}
	s.takes++
	s.tally = rule(s.tally)
	return s.tally, nil
}
func (s *seatStore) Audit(_ context.Context, e *app.AuditEvent) error {
	s.audit = append(s.audit, *e)
	return nil
}

func TestEnrolSeat(t *testing.T) {
	seatHome(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	clinic := NewKeysForTest(testKey(3))
	st := &seatStore{id: storeA, check: clinic.KeyCheck()}
	kr := &mapKeyring{}

	// A mistyped group is named and takes no try.
	groups := clinic.RecoveryGroups()
	typo := append([]string(nil), groups...)
	typo[0] = typo[0][:4] + "Z"
	if typo[0] == groups[0] {
		typo[0] = typo[0][:4] + "Y"
	}
	var re *RecoveryKeyError
	if _, err := EnrolSeat(ctx, st, kr, strings.Join(typo, " "), "tester", now); !errors.As(err, &re) || st.takes != 0 {
		t.Fatalf("a mistyped key: %v, %d tries taken", err, st.takes)
	}
	// Two different wrong keys: the same answer, each counted and audited
	// without the key, nothing kept.
	var answers []string
	for _, seed := range []byte{4, 200} {
		wrong := NewKeysForTest(testKey(seed)).RecoveryGroups()
		_, err := EnrolSeat(ctx, st, kr, strings.Join(wrong, ""), "tester", now)
		if !errors.Is(err, app.ErrSeatKeyWrong) {
			t.Fatalf("a wrong key: %v", err)
		}
		answers = append(answers, SeatEnrolMessage(err))
		for _, e := range st.audit {
			if strings.Contains(e.Detail, wrong[0]) || strings.Contains(e.Detail, groups[0]) {
				t.Errorf("the audit row holds the key: %q", e.Detail)
			}
		}
	}
	if answers[0] != answers[1] || !strings.Contains(answers[0], "nothing was saved") {
		t.Errorf("two wrong keys answered %q and %q", answers[0], answers[1])
	}
	if len(kr.m) != 0 || st.tally.Failures != 2 || len(st.audit) != 2 || st.audit[0].Action != "seat.enrol_failed" {
		t.Fatalf("after two wrong keys: keyring %v, tally %+v, audit %+v", kr.m, st.tally, st.audit)
	}

	// The right key is kept, gives its try back and is audited.
	k, err := EnrolSeat(ctx, st, kr, strings.Join(groups, "-"), "tester", now)
	if err != nil || k.KeyCheck() != clinic.KeyCheck() || k.Source != FromKeyring {
		t.Fatalf("the right key: %+v %v", k, err)
	}
	if kr.m["casedesk/data-key store "+storeA] == "" || st.tally.Failures != 2 || st.audit[len(st.audit)-1].Action != "seat.enrolled" {
		t.Fatalf("after the right key: %v %+v", kr.m, st.tally)
	}
	got, _, err := SeatKeys(ctx, kr, storeA, true)
	if err != nil || got.KeyCheck() != clinic.KeyCheck() {
		t.Fatalf("the enrolled key does not load: %v", err)
	}

	// The limit: the fifth wrong key of the day locks, the right key too,
	// until the day is over.
	for i := 3; i <= MaxSeatEnrolFailures; i++ {
		_, err = EnrolSeat(ctx, st, &mapKeyring{}, strings.Join(NewKeysForTest(testKey(byte(i+100))).RecoveryGroups(), " "), "tester", now)
	}
	var le *SeatLimitError
	if !errors.As(err, &le) || !errors.Is(err, app.ErrSeatKeyWrong) {
		t.Fatalf("the fifth wrong key: %v", err)
	}
	fresh := &mapKeyring{}
	if _, err := EnrolSeat(ctx, st, fresh, strings.Join(groups, " "), "tester", now.Add(time.Hour)); !errors.As(err, &le) || len(fresh.m) != 0 {
		t.Fatalf("the right key while locked: %v %v", err, fresh.m)
	}
	if st.audit[len(st.audit)-1].Action != "seat.enrol_refused" || !strings.Contains(SeatEnrolMessage(err), "Too many") {
		t.Errorf("a refused try: %+v", st.audit[len(st.audit)-1])
	}
	if _, err := EnrolSeat(ctx, st, fresh, strings.Join(groups, " "), "tester", now.Add(SeatEnrolWindow)); err != nil {
		t.Fatalf("the next day: %v", err)
	}

	// A database with no key yet has nothing to enrol into.
	if _, err := EnrolSeat(ctx, &seatStore{id: storeB}, kr, strings.Join(groups, " "), "tester", now); !errors.Is(err, ErrNothingToEnrol) {
		t.Errorf("a database without a key: %v", err)
	}
}

// A seat key replaced by an enrolment is kept aside, never lost.
func TestSaveSeatKeyKeepsTheOldOneAside(t *testing.T) {
	config := seatHome(t)
	ctx := context.Background()
	kr := &mapKeyring{}
	if _, err := SaveSeatKey(ctx, kr, storeS, testKey(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := SaveSeatKey(ctx, kr, storeS, testKey(2)); err != nil {
		t.Fatal(err)
	}
	aside := 0
	for name, v := range kr.m {
		if strings.HasPrefix(name, "casedesk/data-key store "+storeS+" replaced ") && v == encodeKey(testKey(1)) {
			aside++
		}
	}
	if aside != 1 || kr.m["casedesk/data-key store "+storeS] != encodeKey(testKey(2)) {
		t.Errorf("the keyring: %v", kr.m)
	}
	// In a file, the old file is moved aside.
	if _, err := SaveSeatKey(ctx, noService, storeF, testKey(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := SaveSeatKey(ctx, noService, storeF, testKey(2)); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(config, "casedesk-store-"+storeF+".key.replaced-*"))
	if len(old) != 1 {
		t.Errorf("the old key file was not kept aside: %v", old)
	}
}

// A store id of another form than a store makes names no key file and no
// keyring entry: it is refused, and nothing is written.
func TestSeatRefusesAStoreIDOfAnotherForm(t *testing.T) {
	config := seatHome(t)
	ctx := context.Background()
	kr := &mapKeyring{}
	for _, id := range []string{"", "store-a", "x/../casedesk", "..", strings.ToUpper(storeA), storeA + "\n", storeA[:35] + "/", "0191e0a5/7a3b-7c2d-8e4f-0123456789ab"} {
		if _, _, err := SeatKeyFile(id); !errors.Is(err, app.ErrStoreDamaged) {
			t.Errorf("SeatKeyFile(%q): %v", id, err)
		}
		if _, _, err := SeatKeys(ctx, kr, id, false); !errors.Is(err, app.ErrStoreDamaged) {
			t.Errorf("SeatKeys(%q): %v", id, err)
		}
		if _, err := SaveSeatKey(ctx, kr, id, testKey(1)); !errors.Is(err, app.ErrStoreDamaged) {
			t.Errorf("SaveSeatKey(%q): %v", id, err)
		}
		clinic := NewKeysForTest(testKey(3))
		st := &seatStore{id: id, check: clinic.KeyCheck()}
		if _, err := EnrolSeat(ctx, st, kr, strings.Join(clinic.RecoveryGroups(), " "), "tester", time.Now()); !errors.Is(err, app.ErrStoreDamaged) {
			t.Errorf("EnrolSeat with %q: %v", id, err)
		}
		for _, e := range st.audit {
			if e.Action == "seat.enrolled" {
				t.Errorf("EnrolSeat with %q was audited as enrolled", id)
			}
		}
	}
	if len(kr.m) != 0 {
		t.Errorf("the keyring: %v", kr.m)
	}
	if entries, err := os.ReadDir(config); err == nil {
		t.Errorf("the configuration folder was made: %v", entries)
	}
	if _, _, err := SeatKeyFile(storeA); err != nil {
		t.Errorf("a store's own id: %v", err)
	}
}
