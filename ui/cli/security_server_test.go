package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
)

// Attacks on the commands for a clinic's database on a server: each test
// fails when the attack works.

const secPassword = "S3cr3tPw"

// secMigrateStores moves nothing: its Migrate fails with err.
type secMigrateStores struct {
	*fakeStores
	err error
}

func (s secMigrateStores) Migrate(ctx context.Context, from, to, actor string, progress func(string, int64)) (Migrated, error) {
	return Migrated{}, s.err
}

// A migrate --to address that holds the password is never printed back,
// whatever the move's failure.
func TestSecMigrateNeverPrintsThePasswordOfTo(t *testing.T) {
	for _, to := range []string{
		"postgres://casedesk:" + secPassword + "@db.clinic.lan/casedesk",
		"postgres://casedesk@db.clinic.lan/casedesk?password=" + secPassword,
	} {
		for _, cause := range []error{app.ErrServerUnreachable, app.ErrServerSignIn, app.ErrServerSetUp, app.ErrServerAddress, errors.New("anything else")} {
			env, st, out := newEnv(t)
			env.Stores = secMigrateStores{st, fmt.Errorf("%w: the test's failure", cause)}
			err := Run(context.Background(), env, []string{"migrate", "--from", "/nowhere/casedesk.db", "--to", to})
			if err == nil {
				t.Fatalf("%v: the move did not fail", cause)
			}
			if strings.Contains(err.Error()+out.String(), secPassword) {
				t.Errorf("--to with a password, %v: the password was printed:\n%v\n%s", cause, err, out)
			}
		}
	}
}

// secSeatStores opens a store whose enrolment refuses every key.
type secSeatStores struct{ *fakeStores }

type secSeatStore struct {
	*fakeStore
	typed string
}

func (s *secSeatStore) EnrolSeat(_ context.Context, typed, _ string) (SeatEnrolled, error) {
	s.typed = typed
	return SeatEnrolled{}, app.ErrSeatKeyWrong
}

func (s secSeatStores) Open(context.Context, string) (Store, error) {
	return &secSeatStore{fakeStore: s.store}, nil
}

// The recovery key given on standard input is never printed back, nor
// more than 4 KB of it read.
func TestSecSeatEnrolNeverEchoesTheKey(t *testing.T) {
	env, st, out := newEnv(t)
	stores := secSeatStores{st}
	env.Stores = stores
	key := make([]byte, 32)
	key[3] = 7
	typed := strings.Join(auth.NewKeysForTest(key).RecoveryGroups(), " ")
	env.Stdin = strings.NewReader(typed + "\n" + strings.Repeat("x", 1<<20))
	err := Run(context.Background(), env, []string{"seat", "enrol", "--db", "postgres://casedesk@db.clinic.lan/casedesk"})
	if err == nil {
		t.Fatal("a wrong key was taken")
	}
	for _, g := range strings.Fields(typed) {
		if strings.Contains(err.Error()+out.String(), g) {
			t.Errorf("the key's group %s was printed: %v\n%s", g, err, out)
			break
		}
	}
}
