package data

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casedesk/app"
	"casedesk/app/auth"
)

func TestChangePasswordAndNewBackupCodes(t *testing.T) {
	s, _, clk, secret, oldCodes := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	cred, _ := s.CredentialsByUsername(ctx, "jose.munoz")
	id := cred.Account.ID

	if err := acc.ChangePassword(ctx, id, "not my password", "a brand new passphrase"); !errors.Is(err, auth.ErrWrongPassword) {
		t.Fatalf("wrong current password: %v", err)
	}
	var in *app.InputError
	if err := acc.ChangePassword(ctx, id, goodPassword, "password1"); !errors.As(err, &in) {
		t.Fatalf("a common new password: %v", err)
	}
	if err := acc.ChangePassword(ctx, id, goodPassword, "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Password(ctx, "jose.munoz", goodPassword); !errors.Is(err, auth.ErrSignIn) {
		t.Fatalf("the old password still works: %v", err)
	}

	if n, _ := acc.BackupCodesLeft(ctx, id); n != 10 {
		t.Fatalf("%d backup codes left", n)
	}
	codes, err := acc.NewBackupCodes(ctx, id, "a brand new passphrase")
	if err != nil || len(codes) != 10 {
		t.Fatalf("new codes: %v %v", codes, err)
	}
	c, err := acc.Password(ctx, "jose.munoz", "a brand new passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Code(ctx, c, oldCodes[0]); !errors.Is(err, auth.ErrSecondFactor) {
		t.Fatalf("an old backup code still works: %v", err)
	}
	if _, err := acc.Code(ctx, c, codes[0]); err != nil {
		t.Fatalf("a new backup code: %v", err)
	}
	if n, _ := acc.BackupCodesLeft(ctx, id); n != 9 {
		t.Fatalf("%d backup codes left after one was used", n)
	}
	// Recent activity: the sign-ins and failures, newest first.
	act, err := acc.Activity(ctx, id)
	if err != nil || len(act) < 3 || act[0].Action != "signin.ok" {
		t.Fatalf("activity: %+v %v", act, err)
	}
	code, _ := totp.GenerateCode(secret, clk.now())
	assertNoSecrets(t, s, append(codes, "a brand new passphrase", code))
}

func TestForgotPasswordAndUsername(t *testing.T) {
	s, _, clk, secret, codes := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	app6 := func() string { c, _ := totp.GenerateCode(secret, clk.now()); return c }

	// A backup-code sheet alone does not reset an account that has an
	// authenticator app: its code is needed too.
	reset := auth.Reset{Username: "jose.munoz", BackupCode: codes[0], NewPassword: "river lamp orange 42"}
	if _, err := acc.ResetPassword(ctx, reset); !errors.Is(err, auth.ErrRecovery) {
		t.Fatalf("the sheet alone: %v", err)
	}
	// The password rules are checked only once the codes are right.
	var in *app.InputError
	weak := auth.Reset{Username: "jose.munoz", BackupCode: codes[0], AuthenticatorCode: app6(), NewPassword: "short"}
	if _, err := acc.ResetPassword(ctx, weak); !errors.As(err, &in) {
		t.Fatalf("a short password with the right codes: %v", err)
	}
	weak.BackupCode = "00000-00000"
	if _, err := acc.ResetPassword(ctx, weak); !errors.Is(err, auth.ErrRecovery) {
		t.Fatalf("a short password with a wrong code: %v", err)
	}
	reset.AuthenticatorCode = app6()
	sheet, err := acc.ResetPassword(ctx, reset)
	if err != nil || len(sheet.Codes) != 10 || sheet.AccountNumber == "" || sheet.Username != "" {
		t.Fatalf("reset: %+v %v", sheet, err)
	}
	si := auth.NewSignIn(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	c, err := si.Password(ctx, "jose.munoz", "river lamp orange 42")
	if err != nil {
		t.Fatalf("the new password: %v", err)
	}
	// The old sheet has ended: none of its codes signs in; the new one does.
	for _, old := range codes[1:] {
		if _, err := si.Code(ctx, c, old); err == nil {
			t.Fatal("a code of the old sheet still signs in")
		}
		if err := si.Unlock(ctx, mustAccount(t, s).ID, "test"); err != nil {
			t.Fatal(err)
		}
		c, _ = si.Password(ctx, "jose.munoz", "river lamp orange 42")
	}
	if _, err := si.Code(ctx, c, sheet.Codes[0]); err != nil {
		t.Fatalf("a code of the new sheet: %v", err)
	}

	// Forgot username: identity (accents ignored), a backup code and the app's code.
	clk.add(time.Minute)
	r := auth.Reminder{FamilyName: "MUNOZ", DateOfBirth: "1985-03-14", ZIP: "62701", BackupCode: sheet.Codes[1], AuthenticatorCode: app6()}
	got, err := acc.RecoverUsername(ctx, r)
	if err != nil || got.Username != "jose.munoz" || len(got.Codes) != 10 {
		t.Fatalf("username: %+v %v", got, err)
	}
	r.BackupCode = sheet.Codes[2] // the sheet ended with the reminder
	clk.add(time.Minute)
	r.AuthenticatorCode = app6()
	if _, err := acc.RecoverUsername(ctx, r); !errors.Is(err, auth.ErrRecovery) {
		t.Fatalf("a code of the ended sheet: %v", err)
	}
	var audited int
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action IN ('account.password_reset', 'account.username_recovered')`).Scan(&audited)
	if audited != 2 {
		t.Errorf("%d recoveries audited", audited)
	}
	if !strings.Contains(auth.SignInMessage(auth.ErrRecovery), "backup code") {
		t.Errorf("recovery message %q", auth.SignInMessage(auth.ErrRecovery))
	}
	assertNoSecrets(t, s, append(append(codes, sheet.Codes...), got.Codes...))
}

func mustAccount(t *testing.T, s *Store) app.Account {
	t.Helper()
	cred, err := s.CredentialsByUsername(context.Background(), "jose.munoz")
	if err != nil {
		t.Fatal(err)
	}
	return cred.Account
}

// TestRecoveryAnswersAStrangerAsAClient: every recovery answer, the limit
// included, is the same for a real and an unknown username or identity;
// recovery failures are limited and audited but never lock sign-in.
func TestRecoveryAnswersAStrangerAsAClient(t *testing.T) {
	s, si, clk, secret, codes := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	answers := func(user string) []string {
		var out []string
		for i := range auth.MaxRecoveryFailures + 1 {
			// "password" is refused by the rules for a real user, but the
			// rules are never reached with a wrong code.
			_, err := acc.ResetPassword(ctx, auth.Reset{Username: user, BackupCode: "ABCDE-FGHJK", AuthenticatorCode: "123456", NewPassword: "password"})
			out = append(out, auth.SignInMessage(err))
			if i == auth.MaxRecoveryFailures-1 {
				var le *auth.RecoveryLimitError
				if !errors.As(err, &le) {
					t.Fatalf("%s: the fifth failure: %v", user, err)
				}
			}
		}
		return out
	}
	real, unknown := answers("jose.munoz"), answers("nobody.here")
	if strings.Join(real, "|") != strings.Join(unknown, "|") {
		t.Fatalf("real and unknown usernames answered differently:\n%q\n%q", real, unknown)
	}
	// The limit holds even with the right codes, and sign-in is not locked.
	code, _ := totp.GenerateCode(secret, clk.now())
	var le *auth.RecoveryLimitError
	if _, err := acc.ResetPassword(ctx, auth.Reset{Username: "jose.munoz", BackupCode: codes[0], AuthenticatorCode: code, NewPassword: "river lamp orange 42"}); !errors.As(err, &le) {
		t.Fatalf("past the limit with the right codes: %v", err)
	}
	if _, err := si.Password(ctx, "jose.munoz", goodPassword); err != nil {
		t.Fatalf("sign-in after failed recoveries: %v", err)
	}
	if mustAccount(t, s).FailedAttempts != 0 {
		t.Fatal("recovery failures counted toward sign-in")
	}
	// Forgot username with a real and a made-up identity: same answers, and
	// five wrong codes lock nothing but the reminder.
	remind := func(id auth.Reminder) []string {
		var out []string
		for range auth.MaxRecoveryFailures + 1 {
			_, err := acc.RecoverUsername(ctx, id)
			out = append(out, auth.SignInMessage(err))
		}
		return out
	}
	client := remind(auth.Reminder{FamilyName: "Muñoz", DateOfBirth: "03/14/1985", ZIP: "62701", BackupCode: "ABCDE-FGHJK"})
	stranger := remind(auth.Reminder{FamilyName: "Ivanova", DateOfBirth: "03/14/1985", ZIP: "62701", BackupCode: "ABCDE-FGHJK"})
	if strings.Join(client, "|") != strings.Join(stranger, "|") {
		t.Fatalf("a client and a stranger answered differently:\n%q\n%q", client, stranger)
	}
	if _, err := si.Password(ctx, "jose.munoz", goodPassword); err != nil {
		t.Fatalf("sign-in after failed reminders: %v", err)
	}
	var failed, refused int
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'recovery.failed'`).Scan(&failed)
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'recovery.refused'`).Scan(&refused)
	if failed != 4*auth.MaxRecoveryFailures || refused < 4 {
		t.Fatalf("audited %d failed and %d refused recoveries", failed, refused)
	}
	// A day later the limit is over.
	clk.add(auth.RecoveryWindow)
	code, _ = totp.GenerateCode(secret, clk.now())
	if _, err := acc.ResetPassword(ctx, auth.Reset{Username: "jose.munoz", BackupCode: codes[0], AuthenticatorCode: code, NewPassword: "river lamp orange 42"}); err != nil {
		t.Fatalf("a day later: %v", err)
	}
	assertNoSecrets(t, s, []string{codes[0], code, "river lamp orange 42"})
}

// TestTwoRecoveriesWithOneCode: of two recoveries at once with the same
// codes, one wins.
func TestTwoRecoveriesWithOneCode(t *testing.T) {
	s, _, clk, secret, codes := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	code, _ := totp.GenerateCode(secret, clk.now())
	var wg sync.WaitGroup
	var won atomic.Int32
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := acc.ResetPassword(ctx, auth.Reset{Username: "jose.munoz", BackupCode: codes[0], AuthenticatorCode: code,
				NewPassword: "river lamp orange " + string(rune('a'+i))})
			if err == nil {
				won.Add(1)
			} else if !errors.Is(err, auth.ErrRecovery) {
				t.Errorf("recovery %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Fatalf("%d recoveries won", won.Load())
	}
	_ = s
}

func TestManageAuthenticator(t *testing.T) {
	s, _, clk, oldSecret, backups := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	cred, _ := s.CredentialsByUsername(ctx, "jose.munoz")
	id := cred.Account.ID
	if err := acc.RemoveAuthenticator(ctx, id, "wrong password"); !errors.Is(err, auth.ErrWrongPassword) {
		t.Fatalf("remove with a wrong password: %v", err)
	}
	if err := acc.RemoveAuthenticator(ctx, id, goodPassword); err != nil {
		t.Fatal(err)
	}
	if has, _ := acc.HasAuthenticator(ctx, id); has {
		t.Fatal("still has an authenticator")
	}
	c, _ := acc.Password(ctx, "jose.munoz", goodPassword)
	code, _ := totp.GenerateCode(oldSecret, clk.now())
	if c.HasTOTP {
		t.Fatal("the sign-in still asks for the app")
	}
	if _, err := acc.Code(ctx, c, code); !errors.Is(err, auth.ErrSecondFactor) {
		t.Fatalf("the removed app's code: %v", err)
	}
	if _, err := acc.Code(ctx, c, backups[5]); err != nil {
		t.Fatalf("a backup code after removing the app: %v", err)
	}
	e, _ := auth.NewEnrolment("jose.munoz")
	if err := acc.SetAuthenticator(ctx, id, goodPassword, e, "000000"); !errors.Is(err, auth.ErrWrongCode) {
		t.Fatalf("a wrong confirming code: %v", err)
	}
	code, _ = totp.GenerateCode(e.Secret, clk.now())
	if err := acc.SetAuthenticator(ctx, id, goodPassword, e, code); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Minute)
	c, _ = acc.Password(ctx, "jose.munoz", goodPassword)
	code, _ = totp.GenerateCode(e.Secret, clk.now())
	if _, err := acc.Code(ctx, c, code); !c.HasTOTP || err != nil {
		t.Fatalf("the new app: %v", err)
	}
}

// TestRecoveryTimingAlike: a recovery for an unknown username takes about
// as long as one for a real username with a wrong code.
func TestRecoveryTimingAlike(t *testing.T) {
	s, _, clk, _, _ := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	measure := func(user string) time.Duration {
		return medianTime(9, func(i int) {
			if i%4 == 3 {
				clk.add(auth.RecoveryWindow) // stay under the limit: the limit's own answer is tested elsewhere
			}
			acc.ResetPassword(ctx, auth.Reset{Username: user, BackupCode: "ABCDE-FGHJK", AuthenticatorCode: "123456", NewPassword: "river lamp orange 42"})
		})
	}
	unknown, known := measure("nobody.here"), measure("jose.munoz")
	t.Logf("median: unknown username %v, real username %v", unknown, known)
	if unknown*3 < known || known*3 < unknown {
		t.Errorf("median time: unknown username %v, real username %v", unknown, known)
	}
}
