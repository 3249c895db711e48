package data

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casedesk/app/auth"
)

var cheapArgon = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// signedUp makes an account "jose.munoz" with an authenticator and backup
// codes, and returns the sign-in service on the same store and clock.
func signedUp(t *testing.T) (*Store, *auth.SignIn, *clock, string, []string) {
	t.Helper()
	s, codes, clk, p := newCodes(t)
	ctx := context.Background()
	is, err := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := codes.Check(ctx, is.Code.String(), rightID)
	if err != nil {
		t.Fatal(err)
	}
	enrol, _ := auth.NewEnrolment("jose.munoz")
	st := setup(t, "jose.munoz")
	st.Enrolment = &enrol
	st.ConfirmCode, _ = totp.GenerateCode(enrol.Secret, clk.now())
	if _, err := codes.Redeem(ctx, ticket, st); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Minute) // past the step that confirmed the app
	return s, auth.NewSignIn(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon), clk, enrol.Secret, st.BackupCodes
}

const goodPassword = "correct horse battery"

func TestSignInWithAuthenticatorAndBackupCode(t *testing.T) {
	s, si, clk, secret, backups := signedUp(t)
	ctx := context.Background()
	c, err := si.Password(ctx, "JOSE.MUNOZ", goodPassword)
	if err != nil || !c.HasTOTP {
		t.Fatalf("password: %+v %v", c, err)
	}
	code, _ := totp.GenerateCode(secret, clk.now())
	acct, err := si.Code(ctx, c, code)
	if err != nil || acct.Username != "jose.munoz" {
		t.Fatalf("code: %+v %v", acct, err)
	}
	// The same authenticator code again is refused.
	c, _ = si.Password(ctx, "jose.munoz", goodPassword)
	if _, err := si.Code(ctx, c, code); !errors.Is(err, auth.ErrSecondFactor) {
		t.Fatalf("a replayed code: %v", err)
	}
	// A backup code, typed loosely, works once.
	c, _ = si.Password(ctx, "jose.munoz", goodPassword)
	if _, err := si.Code(ctx, c, strings.ToLower(backups[3])); err != nil {
		t.Fatalf("backup code: %v", err)
	}
	c, _ = si.Password(ctx, "jose.munoz", goodPassword)
	if _, err := si.Code(ctx, c, backups[3]); !errors.Is(err, auth.ErrSecondFactor) {
		t.Fatalf("a used backup code: %v", err)
	}
	var ok, failed int
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'signin.ok'`).Scan(&ok)
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'signin.failed'`).Scan(&failed)
	if ok != 2 || failed != 2 {
		t.Errorf("audit: %d sign-ins, %d failures", ok, failed)
	}
	// A second step left waiting too long starts over.
	c, _ = si.Password(ctx, "jose.munoz", goodPassword)
	clk.add(6 * time.Minute)
	code, _ = totp.GenerateCode(secret, clk.now())
	if _, err := si.Code(ctx, c, code); !errors.Is(err, auth.ErrChallenge) {
		t.Fatalf("a stale challenge: %v", err)
	}
	assertNoSecrets(t, s, append(backups, goodPassword, secret, code))
}

func TestUnknownUserAndWrongPasswordLookAlike(t *testing.T) {
	s, _, clk, _, _ := signedUp(t)
	ctx := context.Background()
	// The real costs: a wrong password pays for the hash and a durable
	// write of the failure; an unknown user pays for the same hash.
	cred, _ := s.CredentialsByUsername(ctx, "jose.munoz")
	if err := s.SetPassword(ctx, cred.Account.ID, auth.HashPassword(goodPassword, auth.DefaultArgon2), clk.now()); err != nil {
		t.Fatal(err)
	}
	si := auth.NewSignIn(s, auth.NewKeysForTest(testKey), clk.now, auth.DefaultArgon2)
	_, e1 := si.Password(ctx, "nobody.here", goodPassword)
	_, e2 := si.Password(ctx, "jose.munoz", "wrong horse battery")
	if !errors.Is(e1, auth.ErrSignIn) || !errors.Is(e2, auth.ErrSignIn) || auth.SignInMessage(e1) != auth.SignInMessage(e2) {
		t.Fatalf("unknown %v, wrong %v", e1, e2)
	}
	// Similar timing: both pay for one password hash.
	measure := func(user string) time.Duration {
		return medianTime(7, func(int) { si.Password(ctx, user, "wrong horse battery") })
	}
	unknown, known := measure("nobody.here"), measure("jose.munoz")
	t.Logf("median: unknown user %v, wrong password %v", unknown, known)
	if unknown*2 < known || known*2 < unknown {
		t.Errorf("median time: unknown user %v, wrong password %v", unknown, known)
	}
}

func TestFiveFailuresLockTheAccount(t *testing.T) {
	s, si, clk, secret, _ := signedUp(t)
	ctx := context.Background()
	for i := 1; i <= 4; i++ {
		if _, err := si.Password(ctx, "jose.munoz", "wrong horse battery"); !errors.Is(err, auth.ErrSignIn) {
			t.Fatalf("try %d: %v", i, err)
		}
	}
	// The fifth failure may come from the second step.
	c, _ := si.Password(ctx, "jose.munoz", goodPassword)
	_, err := si.Code(ctx, c, "000000")
	var le *auth.LockedError
	if !errors.As(err, &le) || !le.Until.Equal(clk.now().Add(30*time.Minute)) {
		t.Fatalf("fifth failure: %v", err)
	}
	// The lock survives a restart and refuses even the right password.
	path := s.Path()
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	si = auth.NewSignIn(s2, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	_, err = si.Password(ctx, "jose.munoz", goodPassword)
	if !errors.As(err, &le) {
		t.Fatalf("during the lock: %v", err)
	}
	if msg := auth.SignInMessage(err); !strings.Contains(msg, "ask the clinic to unlock") {
		t.Errorf("lock message %q", msg)
	}
	clk.add(30 * time.Minute)
	c, err = si.Password(ctx, "jose.munoz", goodPassword)
	if err != nil {
		t.Fatalf("after 30 minutes: %v", err)
	}
	code, _ := totp.GenerateCode(secret, clk.now())
	if _, err := si.Code(ctx, c, code); err != nil {
		t.Fatal(err)
	}
	// One failure after an expired lock does not lock again.
	if _, err := si.Password(ctx, "jose.munoz", "wrong horse battery"); !errors.Is(err, auth.ErrSignIn) {
		t.Fatalf("a failure after the lock ran out: %v", err)
	}
	// Staff unlock.
	for range 5 {
		si.Password(ctx, "jose.munoz", "wrong horse battery")
	}
	cred, _ := s2.CredentialsByUsername(ctx, "jose.munoz")
	if err := si.Unlock(ctx, cred.Account.ID, "staff-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := si.Password(ctx, "jose.munoz", goodPassword); err != nil {
		t.Fatalf("after the unlock: %v", err)
	}
}

// TestUnknownUsernameLocksLikeARealOne: after five failures an unknown
// username gets the same "locked" answer as a real account, so the lock
// message never tells a client of the clinic apart.
func TestUnknownUsernameLocksLikeARealOne(t *testing.T) {
	_, si, _, _, _ := signedUp(t)
	ctx := context.Background()
	answers := func(user string) []string {
		var out []string
		for range auth.MaxSignInFailures + 2 {
			_, err := si.Password(ctx, user, "wrong horse battery")
			out = append(out, auth.SignInMessage(err))
		}
		return out
	}
	real, unknown := answers("jose.munoz"), answers("nobody.here")
	if strings.Join(real, "|") != strings.Join(unknown, "|") {
		t.Fatalf("real and unknown usernames answered differently:\n%q\n%q", real, unknown)
	}
	if !strings.Contains(real[auth.MaxSignInFailures-1], "locked") {
		t.Fatalf("the fifth failure: %q", real[auth.MaxSignInFailures-1])
	}
}

// TestHundredFailuresInARowNeedTheClinic: timed locks alone would allow
// about 240 tries a day for ever; after 100 failures in a row the account
// stays locked until staff unlock it (NIST SP 800-63B-4 §3.2.2).
func TestHundredFailuresInARowNeedTheClinic(t *testing.T) {
	s, si, clk, _, _ := signedUp(t)
	ctx := context.Background()
	for i := 1; i <= auth.MaxFailuresInRow; i++ {
		_, err := si.Password(ctx, "jose.munoz", "wrong horse battery")
		var le *auth.LockedError
		if errors.As(err, &le) {
			clk.add(auth.LockFor) // wait the lock out
		}
	}
	clk.add(24 * time.Hour)
	_, err := si.Password(ctx, "jose.munoz", goodPassword)
	var le *auth.LockedError
	if !errors.As(err, &le) || !strings.Contains(auth.SignInMessage(err), "Ask the clinic to unlock it") {
		t.Fatalf("a day after 100 failures in a row: %v", err)
	}
	cred, _ := s.CredentialsByUsername(ctx, "jose.munoz")
	if err := si.Unlock(ctx, cred.Account.ID, "staff-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := si.Password(ctx, "jose.munoz", goodPassword); err != nil {
		t.Fatalf("after the clinic unlocked it: %v", err)
	}
	// A success starts the count again.
	cred, _ = s.CredentialsByUsername(ctx, "jose.munoz")
	var inRow int
	s.db.QueryRow(`SELECT failures_in_row FROM accounts WHERE id = ?`, cred.Account.ID).Scan(&inRow)
	if inRow != 0 {
		t.Fatalf("%d failures in a row after the unlock", inRow)
	}
}
