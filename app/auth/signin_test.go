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

// oneAccount is a sign-in store with one account, in memory.
type oneAccount struct {
	cred   Credentials
	used   map[string]bool // backup-code hash → used
	tally  app.Tally
	others map[string]app.Tally
}

func (s *oneAccount) CredentialsByUsername(_ context.Context, u string) (Credentials, error) {
	if !strings.EqualFold(u, s.cred.Account.Username) {
		return Credentials{}, app.ErrNotFound
	}
	return s.cred, nil
}
func (s *oneAccount) CredentialsByID(context.Context, string) (Credentials, error) {
	return s.cred, nil
}
func (s *oneAccount) UpdateSignInTally(_ context.Context, _ string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	s.tally = rule(s.tally)
	return s.tally, nil
}
func (s *oneAccount) UpdateThrottle(_ context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	if s.others == nil {
		s.others = map[string]app.Tally{}
	}
	t := rule(s.others[kind+key])
	s.others[kind+key] = t
	return t, nil
}
func (s *oneAccount) SignedIn(context.Context, string, time.Time) error { return nil }
func (s *oneAccount) UseTOTPStep(_ context.Context, _ string, step int64) error {
	if step <= s.cred.TOTPLastStep {
		return app.ErrConflict
	}
	s.cred.TOTPLastStep = step
	return nil
}
func (s *oneAccount) UseBackupCode(_ context.Context, _ string, hash string, _ time.Time) error {
	if used, ok := s.used[hash]; !ok || used {
		return app.ErrNotFound
	}
	s.used[hash] = true
	return nil
}
func (s *oneAccount) Unlock(context.Context, string, string, time.Time) error { return nil }
func (s *oneAccount) Audit(context.Context, *app.AuditEvent) error            { return nil }

// TestCodeJustUsedIsSaid: the authenticator code whose step confirmed the
// app is refused as a failed try, with its own error and message; a wrong
// code keeps the message of a wrong code.
func TestCodeJustUsedIsSaid(t *testing.T) {
	keys := NewKeysForTest(bytes.Repeat([]byte{7}, 32))
	e, err := NewEnrolment("ana")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 15, 0, 10, 0, time.UTC)
	code, _ := totpCode(e.Secret, now)
	step, err := CheckTOTP(e.Secret, code, now, 0) // the wizard's confirmation
	if err != nil {
		t.Fatal(err)
	}
	st := &oneAccount{used: map[string]bool{}, cred: Credentials{Account: app.Account{ID: "a1", Username: "ana"},
		PasswordHash: HashPassword("river lamp orange 42", cheap), TOTPSecret: keys.Seal([]byte(e.Secret)), TOTPLastStep: step}}
	si := NewSignIn(st, keys, func() time.Time { return now.Add(5 * time.Second) }, cheap)
	ctx := context.Background()
	c, err := si.Password(ctx, "ana", "river lamp orange 42")
	if err != nil || !c.HasTOTP {
		t.Fatalf("password: %+v %v", c, err)
	}
	_, err = si.Code(ctx, c, code)
	if !errors.Is(err, ErrCodeJustUsed) || !errors.Is(err, ErrSecondFactor) || st.tally.Failures != 1 {
		t.Fatalf("the code that confirmed the app: %v, %d failures", err, st.tally.Failures)
	}
	if msg := SignInMessage(err); !strings.Contains(msg, "just used") || msg == SignInMessage(ErrSecondFactor) {
		t.Errorf("message %q", msg)
	}
	wrong := code[:5] + string('0'+(code[5]-'0'+1)%10)
	if _, err := si.Code(ctx, c, wrong); errors.Is(err, ErrCodeJustUsed) || !errors.Is(err, ErrSecondFactor) || st.tally.Failures != 2 {
		t.Fatalf("a wrong code: %v, %d failures", err, st.tally.Failures)
	}
}

// A sign-in the server's absence stopped says so, without the driver's words.
func TestSignInMessageWhenTheServerIsAway(t *testing.T) {
	err := fmt.Errorf("%w: dial unix /run/postgresql/.s.PGSQL.5432: connect: no such file", app.ErrServerUnreachable)
	msg := SignInMessage(err)
	if !strings.Contains(msg, "database server") || strings.Contains(msg, "dial") || msg == SignInMessage(ErrSignIn) {
		t.Errorf("message: %q", msg)
	}
}
