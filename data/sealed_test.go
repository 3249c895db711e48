package data

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
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

	// Another install's key cannot read them.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.UseKeys(ctx, auth.NewKeysForTest(bytes.Repeat([]byte{9}, 32)))
	if _, err := s.Person(ctx, "old"); !errors.Is(err, auth.ErrUnsealable) {
		t.Errorf("with the wrong key: %v", err)
	}
}
