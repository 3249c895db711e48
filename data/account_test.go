package data

import (
	"context"
	"errors"
	"strings"
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
	s, _, clk, _, codes := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)

	// Wrong username or wrong code: one error; a refused password keeps the code.
	if err := acc.ResetPassword(ctx, "nobody", codes[0], "river lamp orange 42"); !errors.Is(err, auth.ErrRecovery) {
		t.Fatalf("unknown username: %v", err)
	}
	if err := acc.ResetPassword(ctx, "jose.munoz", "00000-00000", "river lamp orange 42"); !errors.Is(err, auth.ErrRecovery) {
		t.Fatalf("wrong code: %v", err)
	}
	var in *app.InputError
	if err := acc.ResetPassword(ctx, "jose.munoz", codes[0], "short"); !errors.As(err, &in) {
		t.Fatalf("a short password: %v", err)
	}
	if err := acc.ResetPassword(ctx, "jose.munoz", codes[0], "river lamp orange 42"); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if _, err := acc.Password(ctx, "jose.munoz", "river lamp orange 42"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
	if err := acc.ResetPassword(ctx, "jose.munoz", codes[0], "another fine passphrase"); !errors.Is(err, auth.ErrRecovery) {
		t.Fatalf("a used code twice: %v", err)
	}

	// Forgot username: identity (accents ignored) and a backup code.
	name, err := acc.RecoverUsername(ctx, auth.Identity{FamilyName: "MUNOZ", DateOfBirth: "1985-03-14", ZIP: "62701"}, codes[1])
	if err != nil || name != "jose.munoz" {
		t.Fatalf("username: %q %v", name, err)
	}
	if _, err := acc.RecoverUsername(ctx, auth.Identity{FamilyName: "Muñoz", DateOfBirth: "1985-03-15", ZIP: "62701"}, codes[2]); !errors.Is(err, auth.ErrRecovery) {
		t.Fatalf("a wrong date of birth: %v", err)
	}
	if _, err := acc.RecoverUsername(ctx, auth.Identity{FamilyName: "Muñoz", DateOfBirth: "1985-03-14", ZIP: "62701"}, codes[1]); !errors.Is(err, auth.ErrRecovery) {
		t.Fatalf("a used code: %v", err)
	}
	var audited int
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action IN ('account.password_reset', 'account.username_recovered')`).Scan(&audited)
	if audited != 2 {
		t.Errorf("%d recoveries audited", audited)
	}
	if !strings.Contains(auth.SignInMessage(auth.ErrRecovery), "backup code") {
		t.Errorf("recovery message %q", auth.SignInMessage(auth.ErrRecovery))
	}
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
