package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"casedesk/app"
)

// codeRecords is the access-code side of the store, in memory, counting
// the writes each check makes.
type codeRecords struct {
	person   app.Person
	codes    map[string]*CodeRecord // by hash
	tallies  map[string]app.Tally
	writes   int
	failures []string // the audit rows of failed tries: "record id, try n"
}

func (s *codeRecords) Person(_ context.Context, id string) (app.Person, error) {
	if id != s.person.ID {
		return app.Person{}, app.ErrNotFound
	}
	return s.person, nil
}
func (s *codeRecords) Setting(context.Context, string) (string, error) { return "", app.ErrNotFound }
func (s *codeRecords) IssueAccessCode(_ context.Context, r IssueRecord) (app.Account, error) {
	s.codes[r.CodeHash] = &CodeRecord{ID: "code-1", PersonID: r.PersonID, ExpiresAt: r.ExpiresAt}
	return app.Account{ID: "a1", PersonID: r.PersonID, Number: "123456789012"}, nil
}
func (s *codeRecords) RevokeAccessCodes(context.Context, string, string, time.Time) (int, error) {
	return 0, nil
}
func (s *codeRecords) AccessCodeByHash(_ context.Context, hash string) (CodeRecord, error) {
	if c, ok := s.codes[hash]; ok {
		return *c, nil
	}
	return CodeRecord{}, app.ErrNotFound
}
func (s *codeRecords) TakeAccessCodeTry(_ context.Context, id string, max int) (int, error) {
	s.writes++
	for _, c := range s.codes {
		if c.ID == id {
			if c.Attempts >= max {
				return max, app.ErrConflict
			}
			c.Attempts++
			return c.Attempts, nil
		}
	}
	return 0, app.ErrNotFound
}
func (s *codeRecords) AccessCodeTryFailed(_ context.Context, id string, n int, _ time.Time) error {
	s.writes++
	s.failures = append(s.failures, fmt.Sprintf("%s, try %d", id, n))
	return nil
}
func (s *codeRecords) ReturnAccessCodeTry(context.Context, string) error { return nil }
func (s *codeRecords) AccountOfPerson(context.Context, string) (app.Account, error) {
	return app.Account{}, app.ErrNotFound
}
func (s *codeRecords) RedeemAccessCode(context.Context, Redemption) (app.Account, error) {
	return app.Account{}, errors.New("not in this test")
}
func (s *codeRecords) UsernameTaken(context.Context, string, string) (bool, error) { return false, nil }
func (s *codeRecords) UpdateThrottle(_ context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	s.writes++
	t := rule(s.tallies[kind+"\x00"+key])
	s.tallies[kind+"\x00"+key] = t
	return t, nil
}

// TestUnknownCodeAnswersAsARealOne is the attacker's view: a code nobody
// was issued, and a real code with someone else's identity, get the same
// answer after the same writes at every try — tries left, lock and all —
// so the answers never tell whether a code exists.
func TestUnknownCodeAnswersAsARealOne(t *testing.T) {
	st := &codeRecords{codes: map[string]*CodeRecord{}, tallies: map[string]app.Tally{},
		person: app.Person{ID: "p1", FamilyName: "Muñoz", DateOfBirth: app.NewDate(1985, 3, 14), CountryOfBirth: "Mexico",
			Address: app.Address{ZIP: "62701"}}}
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	codes := NewCodes(st, NewKeysForTest(bytes.Repeat([]byte{5}, 32)), func() time.Time { return now }, cheap)
	ctx := context.Background()
	is, err := codes.Issue(ctx, "p1", "", ForSetUp)
	if err != nil {
		t.Fatal(err)
	}
	unknown, _ := app.NewAccessCode(nil)
	right := Identity{FamilyName: "Muñoz", DateOfBirth: "03/14/1985", ZIP: "62701", CountryOfBirth: "Mexico"}
	wrong := right
	wrong.FamilyName = "Smith"
	answer := func(err error) string { return CodeMessage(err) + " | " + TriesLeftMessage(err) }
	for try := 1; try <= MaxCodeAttempts+2; try++ {
		before := st.writes
		_, eu := codes.Check(ctx, unknown.String(), right)
		unknownWrites := st.writes - before
		before = st.writes
		_, er := codes.Check(ctx, is.Code.String(), wrong)
		realWrites := st.writes - before
		if answer(eu) != answer(er) || errors.Is(eu, ErrCodeLocked) != errors.Is(er, ErrCodeLocked) {
			t.Errorf("try %d: an unknown code is told %q (%v), a real one %q (%v)", try, answer(eu), eu, answer(er), er)
		}
		if unknownWrites != realWrites {
			t.Errorf("try %d: an unknown code makes %d writes, a real one %d", try, unknownWrites, realWrites)
		}
		left := TriesLeftMessage(er)
		switch try {
		case MaxCodeAttempts - 2:
			if !strings.Contains(left, "2 tries left before this code stops working") || !strings.Contains(left, "ask the clinic for a new one") {
				t.Errorf("try %d: %q", try, left)
			}
		case MaxCodeAttempts - 1:
			if !strings.Contains(left, "1 try left before this code stops working") {
				t.Errorf("try %d: %q", try, left)
			}
		case 1:
			if left != "" || !errors.Is(er, ErrCodeOrIdentity) {
				t.Errorf("try 1 warns already: %q %v", left, er)
			}
		}
		if try >= MaxCodeAttempts && !errors.Is(er, ErrCodeLocked) {
			t.Errorf("try %d is not refused as locked: %v", try, er)
		}
	}
	if len(st.failures) != 2*MaxCodeAttempts {
		t.Errorf("audited failed tries: %q", st.failures)
	}
	// The count is kept in auth, not only on the screen: the right
	// identity does not open a code that tries locked.
	if _, err := codes.Check(ctx, is.Code.String(), right); !errors.Is(err, ErrCodeLocked) {
		t.Fatalf("the right identity after the lock: %v", err)
	}
}
