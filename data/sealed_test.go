package data

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
)

func TestDatesOfBirthAndANumbersAreSealed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	keys := auth.NewKeysForTest(testKey)
	// Without a key, a protected field is never written in plain text.
	p := app.Person{GivenName: "Olga", FamilyName: "Petrova", DateOfBirth: app.NewDate(1979, 2, 28), ANumber: "A087654321"}
	if err := s.CreatePerson(ctx, &p); !errors.Is(err, ErrNoKey) {
		t.Fatalf("without a key: %v", err)
	}
	// A version-1 row, in plain text, as an older CaseDesk wrote it.
	if _, err := s.db.Exec(`INSERT INTO people (id, given_name, family_name, date_of_birth, a_number, created_at, updated_at)
		VALUES ('old', 'José', 'Muñoz', '1985-03-14', 'A012345678', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`); err != nil {
		t.Fatal(err)
	}
	if err := s.UseKeys(ctx, keys); err != nil {
		t.Fatal(err)
	}
	p.ID = ""
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]app.Person{"old": {DateOfBirth: app.NewDate(1985, 3, 14), ANumber: "A012345678"}, p.ID: p} {
		got, err := s.Person(ctx, id)
		if err != nil || got.DateOfBirth != want.DateOfBirth || got.ANumber != want.ANumber {
			t.Errorf("%s: %v %v %v", id, got.DateOfBirth, got.ANumber, err)
		}
	}
	if got, err := s.PersonByANumber(ctx, "A012345678"); err != nil || got.ID != "old" {
		t.Errorf("by A-number: %+v %v", got, err)
	}
	dup := app.Person{GivenName: "Other", FamilyName: "Person", ANumber: "A087654321"}
	if err := s.CreatePerson(ctx, &dup); !errors.Is(err, app.ErrAlreadyExists) {
		t.Errorf("a second person with one A-number: %v", err)
	}
	s.Close()

	// Nothing protected is left in the file in plain text (the WAL is checkpointed at close).
	for _, f := range []string{path, path + "-wal"} {
		b, _ := os.ReadFile(f)
		for _, secret := range []string{"A012345678", "A087654321", "1985-03-14", "1979-02-28", "012345678"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %s in plain text", filepath.Base(f), secret)
			}
		}
	}

	// Another install's key cannot read them, and the store refuses it.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var sealed []byte
	if err := s.db.QueryRow(`SELECT sealed FROM people WHERE id = 'old'`).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	other := auth.NewKeysForTest(bytes.Repeat([]byte{9}, 32))
	if _, err := other.Open(sealed); !errors.Is(err, auth.ErrUnsealable) {
		t.Errorf("with the wrong key: %v", err)
	}
	if err := s.UseKeys(ctx, other); !errors.Is(err, app.ErrWrongKey) {
		t.Errorf("the store took the wrong key: %v", err)
	}
}

// A store takes the key it was first used with and refuses any other,
// changing nothing: a second key would leave rows sealed under two keys.
func TestStoreRefusesAnotherKey(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mine, other := auth.NewKeysForTest(testKey), auth.NewKeysForTest(bytes.Repeat([]byte{9}, 32))
	if err := s.UseKeys(ctx, mine); err != nil {
		t.Fatal(err)
	}
	mustPerson(t, s, "Olga", "Petrova")
	// A version-1 row in plain text, which UseKeys would seal.
	if _, err := s.db.Exec(`INSERT INTO people (id, given_name, family_name, date_of_birth, a_number, created_at, updated_at)
		VALUES ('old', 'José', 'Muñoz', '1985-03-14', 'A012345678', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`); err != nil {
		t.Fatal(err)
	}
	before := contentsAt(t, s, path)

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	err = s.UseKeys(ctx, other)
	if !errors.Is(err, app.ErrWrongKey) {
		t.Fatalf("another key: %v", err)
	}
	if msg := app.StoreMessage(path, err); !strings.Contains(msg, "different data key") || !strings.Contains(msg, "computer where it was set up") {
		t.Errorf("message: %q", msg)
	}
	var dob string
	if err := s.db.QueryRow(`SELECT date_of_birth FROM people WHERE id = 'old'`).Scan(&dob); err != nil || dob != "1985-03-14" {
		t.Errorf("the plain row was changed under the wrong key: %q %v", dob, err)
	}
	// Nothing is sealed with the refused key afterwards either.
	p := app.Person{GivenName: "Ana", FamilyName: "Silva", DateOfBirth: app.NewDate(1990, 1, 2)}
	if err := s.CreatePerson(ctx, &p); !errors.Is(err, ErrNoKey) {
		t.Errorf("a person was sealed with the refused key: %v", err)
	}
	if after := contentsAt(t, s, path); !bytes.Equal(before, after) {
		t.Error("refusing the key changed the store")
	}

	// The right key is still taken, and seals the old row.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.UseKeys(ctx, mine); err != nil {
		t.Fatalf("the store's own key: %v", err)
	}
	if got, err := s.Person(ctx, "old"); err != nil || got.ANumber != "A012345678" {
		t.Errorf("old row: %+v %v", got, err)
	}
}

// A store sealed before it kept a key check takes only the key its sealed
// rows open with, and keeps the check from then on.
func TestStoreWithoutAKeyCheckRefusesAKeyItsRowsRefuse(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	mustPerson(t, s, "Olga", "Petrova")
	if _, err := s.db.Exec(`DELETE FROM settings WHERE key = ?`, keyCheckSetting); err != nil {
		t.Fatal(err)
	}
	if err := s.UseKeys(ctx, auth.NewKeysForTest(bytes.Repeat([]byte{9}, 32))); !errors.Is(err, app.ErrWrongKey) {
		t.Fatalf("a key the rows refuse: %v", err)
	}
	if _, err := s.Setting(ctx, keyCheckSetting); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a refused key left a check: %v", err)
	}
	if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Setting(ctx, keyCheckSetting); err != nil || v != auth.NewKeysForTest(testKey).KeyCheck() {
		t.Errorf("check: %q %v", v, err)
	}
}

// The key check is CaseDesk's own: no one sets it as a setting.
func TestKeyCheckIsNotASetting(t *testing.T) {
	s := openTest(t)
	if err := s.SetSetting(context.Background(), keyCheckSetting, "0000"); err == nil {
		t.Error("the key check was set as a setting")
	}
	if err := s.UseKeys(context.Background(), auth.NewKeysForTest(testKey)); err != nil {
		t.Errorf("after the attempt: %v", err)
	}
}

// contentsAt closes s and returns what the store holds: the file's bytes,
// or on a server every table's rows (the audit log and try counts but
// for; see dumpTables).
func contentsAt(t *testing.T, s *Store, path string) []byte {
	t.Helper()
	if s.pg {
		out := dumpTables(t, s)
		s.Close()
		return []byte(out)
	}
	s.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
