package data

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/portal"
)

// medianTime runs try n times (i counting from 0) and returns the median
// time one took.
func medianTime(n int, try func(i int)) time.Duration {
	ds := make([]time.Duration, n)
	for i := range n {
		start := time.Now()
		try(i)
		ds[i] = time.Since(start)
	}
	slices.Sort(ds)
	return ds[n/2]
}

// burst runs n tries at the same moment.
func burst(n int, try func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			try(i)
		}()
	}
	close(start)
	wg.Wait()
}

// TestSignInBurstStopsAtTheLimit: ten passwords at once, at the real hashing
// cost, are checked no more than the five tries the lock allows.
func TestSignInBurstStopsAtTheLimit(t *testing.T) {
	s, _, clk, _, _ := signedUp(t)
	ctx := context.Background()
	si := auth.NewSignIn(s, auth.NewKeysForTest(testKey), clk.now, auth.DefaultArgon2)
	burst(10, func(i int) { si.Password(ctx, "jose.munoz", fmt.Sprintf("wrong horse %d", i)) })
	var fails, checked int
	s.db.QueryRow(`SELECT failed_attempts FROM accounts`).Scan(&fails)
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'signin.failed'`).Scan(&checked)
	if fails != auth.MaxSignInFailures || checked != auth.MaxSignInFailures {
		t.Fatalf("%d failures stored and %d checked in one burst; the lock is at %d", fails, checked, auth.MaxSignInFailures)
	}
	// Unknown usernames are held to the same limit.
	burst(10, func(i int) { si.Password(ctx, "nobody.here", fmt.Sprintf("wrong horse %d", i)) })
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'signin.failed' AND detail = 'unknown username'`).Scan(&checked)
	if checked != auth.MaxSignInFailures {
		t.Fatalf("%d tries of an unknown username checked in one burst", checked)
	}
}

// slowStore is the store where a backup-code or receipt lookup takes 20 ms,
// to widen the window between a check and its count.
type slowStore struct{ *Store }

func (s slowStore) BackupCodeUnused(ctx context.Context, accountID, hash string) (bool, error) {
	time.Sleep(20 * time.Millisecond)
	return s.Store.BackupCodeUnused(ctx, accountID, hash)
}

func (s slowStore) CaseByReceipt(ctx context.Context, r app.Receipt) (app.Case, error) {
	time.Sleep(20 * time.Millisecond)
	return s.Store.CaseByReceipt(ctx, r)
}

// TestRecoveryBurstStopsAtTheLimit: twenty wrong recoveries at once check
// no more than five, and a right one among them cannot wipe their count.
func TestRecoveryBurstStopsAtTheLimit(t *testing.T) {
	s, _, clk, secret, codes := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(slowStore{s}, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	code, _ := totp.GenerateCode(secret, clk.now())
	burst(20, func(i int) {
		r := auth.Reset{Username: "jose.munoz", BackupCode: fmt.Sprintf("ABCDE-FGH%02d", i), AuthenticatorCode: "123456", NewPassword: "river lamp orange 42"}
		if i == 19 {
			r.BackupCode, r.AuthenticatorCode = codes[0], code
		}
		acc.ResetPassword(ctx, r)
	})
	var failed int
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'recovery.failed'`).Scan(&failed)
	if failed > auth.MaxRecoveryFailures {
		t.Fatalf("%d wrong recoveries checked in one burst; the limit is %d a day", failed, auth.MaxRecoveryFailures)
	}
	var tally int
	s.db.QueryRow(`SELECT coalesce(sum(failures), 0) FROM throttles WHERE kind = 'recovery'`).Scan(&tally)
	if tally != failed {
		t.Fatalf("%d failures counted for %d audited", tally, failed)
	}
}

// TestCaseLinkBurstStopsAtTheLimit: twenty attempts at once to add cases
// check no more than five, and the tally does not name the account.
func TestCaseLinkBurstStopsAtTheLimit(t *testing.T) {
	s, people, now := twoPeople(t)
	ctx := context.Background()
	p := portal.New(slowStore{s}, nil, func() time.Time { return now })
	me := portal.NewSession(app.Account{ID: "acct-a", PersonID: people[0]}, now, 0)
	burst(20, func(i int) { p.AddCase(ctx, me, fmt.Sprintf("EAC269000%04d", 1000+i), portal.AsApplicant) })
	var failed int
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'case.link_failed'`).Scan(&failed)
	if failed != portal.MaxCaseLinkFailures {
		t.Fatalf("%d case links checked in one burst; the limit is %d a day", failed, portal.MaxCaseLinkFailures)
	}
	var named int
	s.db.QueryRow(`SELECT count(*) FROM throttles WHERE key_hash LIKE '%acct-a%'`).Scan(&named)
	if named != 0 {
		t.Fatal("the tally names the account")
	}
}

// TestDailyLimitSurvivesTheClockGoingBack: a clock set back does not start
// a new day of tries.
func TestDailyLimitSurvivesTheClockGoingBack(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	var tl app.Tally
	for range 4 {
		tl = app.DailyRule(now, 5, 24*time.Hour)(tl)
	}
	tl = app.DailyRule(now.Add(-time.Second), 5, 24*time.Hour)(tl)
	if tl.Failures != 5 || !tl.Locked(now) {
		t.Fatalf("the fifth failure with the clock a second back: %d failures, locked %v", tl.Failures, tl.Locked(now))
	}
}

// TestPasswordChangeEndsAHalfDoneSignIn: a first step passed with the old
// password does not sign in once the password has changed.
func TestPasswordChangeEndsAHalfDoneSignIn(t *testing.T) {
	s, si, clk, _, backups := signedUp(t)
	ctx := context.Background()
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	c, err := si.Password(ctx, "jose.munoz", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	cred, _ := s.CredentialsByUsername(ctx, "jose.munoz")
	if err := acc.ChangePassword(ctx, cred.Account.ID, goodPassword, "river lamp orange 42"); err != nil {
		t.Fatal(err)
	}
	if _, err := si.Code(ctx, c, backups[3]); err == nil {
		t.Fatal("a first step with the old password signed in after the change")
	}
}

// TestUsernameReminderTimingByFamilyName: how long "forgot username" takes
// does not tell how many clients share a family name.
func TestUsernameReminderTimingByFamilyName(t *testing.T) {
	s, _, clk, _, _ := signedUp(t)
	ctx := context.Background()
	for i := range 200 {
		mustPerson(t, s, fmt.Sprintf("Given%d", i), "Garcia")
	}
	acc := auth.NewAccount(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	measure := func(family string) time.Duration {
		return medianTime(16, func(i int) {
			if i%4 == 3 {
				clk.add(auth.RecoveryWindow) // stay under the limit
			}
			acc.RecoverUsername(ctx, auth.Reminder{FamilyName: family, DateOfBirth: "01/01/1970", ZIP: "10001", BackupCode: "ABCDE-FGHJK"})
		})
	}
	none, some := measure("Zyxwvutsrq"), measure("Garcia")
	t.Logf("median: a name nobody has %v, 200 clients named Garcia %v", none, some)
	if some > 3*none {
		t.Errorf("a name nobody has %v, 200 clients named Garcia %v", none, some)
	}
}
