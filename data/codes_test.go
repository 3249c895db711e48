package data

import (
	"bytes"
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

var testKey = bytes.Repeat([]byte{42}, 32)

// clock is a settable clock for expiry.
type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time      { return time.Unix(c.t.Load(), 0).UTC() }
func (c *clock) add(d time.Duration) { c.t.Add(int64(d / time.Second)) }

func newCodes(t *testing.T) (*Store, *auth.Codes, *clock, app.Person) {
	t.Helper()
	s := openTest(t)
	c := &clock{}
	c.t.Store(time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC).Unix())
	p := mustPerson(t, s, "José", "Muñoz")
	return s, auth.NewCodes(s, auth.NewKeysForTest(testKey), c.now, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}), c, p
}

var rightID = auth.Identity{FamilyName: "munoz ", DateOfBirth: "03/14/1985", ZIP: "62701-1234", CountryOfBirth: "mexico"}

func setup(t *testing.T, username string) auth.Setup {
	t.Helper()
	codes, err := auth.NewBackupCodes()
	if err != nil {
		t.Fatal(err)
	}
	return auth.Setup{Username: username, Password: "correct horse battery", BackupCodes: codes}
}

func TestIssueCheckRedeem(t *testing.T) {
	s, codes, clk, p := newCodes(t)
	ctx := context.Background()
	is, err := codes.Issue(ctx, p.ID, "staff-1", auth.ForSetUp)
	if err != nil {
		t.Fatal(err)
	}
	if len(is.Account.Number) != 12 || is.Expires != app.NewDate(2026, 12, 23) {
		t.Fatalf("issued %+v", is)
	}
	// A second issue is a resend: the first code stops, the account number stays.
	again, err := codes.Issue(ctx, p.ID, "staff-1", auth.ForSetUp)
	if err != nil || again.Account.Number != is.Account.Number || again.Code == is.Code {
		t.Fatalf("resend: %+v %v", again, err)
	}
	if _, err := codes.Check(ctx, is.Code.String(), rightID); !errors.Is(err, auth.ErrCodeRevoked) {
		t.Fatalf("the replaced code: %v", err)
	}
	// Typed loosely: lower case, spaces, O for 0.
	typed := strings.ToLower(strings.ReplaceAll(again.Code.String(), "-", " "))
	ticket, err := codes.Check(ctx, typed, rightID)
	if err != nil {
		t.Fatal(err)
	}
	enrol, err := auth.NewEnrolment("jose.munoz")
	if err != nil {
		t.Fatal(err)
	}
	st := setup(t, "jose.munoz")
	st.Enrolment = &enrol
	st.ConfirmCode, _ = totp.GenerateCode(enrol.Secret, clk.now())
	acct, err := codes.Redeem(ctx, ticket, st)
	if err != nil {
		t.Fatal(err)
	}
	if acct.Username != "jose.munoz" || acct.Number != is.Account.Number {
		t.Fatalf("account %+v", acct)
	}
	var hash string
	var secret []byte
	var backups int
	s.db.QueryRow(`SELECT password_hash, totp_secret FROM accounts WHERE id = ?`, acct.ID).Scan(&hash, &secret)
	s.db.QueryRow(`SELECT count(*) FROM backup_codes WHERE account_id = ?`, acct.ID).Scan(&backups)
	if ok, _ := auth.VerifyPassword("correct horse battery", hash); !ok || backups != 10 {
		t.Fatalf("password verifies %v, %d backup codes", ok, backups)
	}
	if bytes.Contains(secret, []byte(enrol.Secret)) || len(secret) == 0 {
		t.Fatal("the authenticator secret is not sealed")
	}
	if _, err := codes.Check(ctx, again.Code.String(), rightID); !errors.Is(err, auth.ErrCodeUsed) {
		t.Fatalf("a used code: %v", err)
	}
	// The record of the notice is kept, without the code.
	ns, _ := s.notices(ctx, `WHERE person_id = ? AND kind = 'account_access'`, p.ID)
	if len(ns) != 2 || ns[0].Fields["account_number"] != string(is.Account.Number) {
		t.Fatalf("notice records %+v", ns)
	}
	assertNoSecrets(t, s, []string{string(is.Code), string(again.Code), is.Code.String(), again.Code.String(), enrol.Secret,
		"correct horse battery", st.BackupCodes[0], strings.ReplaceAll(st.BackupCodes[0], "-", "")})
}

// assertNoSecrets scans every audit row and notice for secrets.
func assertNoSecrets(t *testing.T, s *Store, secrets []string) {
	t.Helper()
	rows, err := s.db.Query(`SELECT action || ' ' || detail || ' ' || record_id FROM audit_events
		UNION ALL SELECT fields FROM notices`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var line string
		rows.Scan(&line)
		n++
		for _, secret := range secrets {
			if secret != "" && strings.Contains(strings.ToUpper(line), strings.ToUpper(secret)) {
				t.Errorf("a secret is in %q", line)
			}
		}
	}
	if n < 5 {
		t.Fatalf("only %d audit rows and notices to scan", n)
	}
}

func TestWrongCodeOrIdentityIsOneMessage(t *testing.T) {
	_, codes, _, p := newCodes(t)
	ctx := context.Background()
	is, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	other, _ := app.NewAccessCode(nil)
	_, e1 := codes.Check(ctx, other.String(), rightID)
	_, e2 := codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Munos", DateOfBirth: "03/14/1985", ZIP: "62701", CountryOfBirth: "Mexico"})
	_, e3 := codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Muñoz", DateOfBirth: "03/15/1985", ZIP: "62701", CountryOfBirth: "Mexico"})
	_, e4 := codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Muñoz", DateOfBirth: "1985-03-14", ZIP: "62702", CountryOfBirth: "Mexico"})
	// The notice prints the name and ZIP code; the country of birth, which
	// it does not print, is checked too.
	_, e5 := codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Muñoz", DateOfBirth: "1985-03-14", ZIP: "62701", CountryOfBirth: "Guatemala"})
	for i, err := range []error{e1, e2, e3, e4, e5} {
		if !errors.Is(err, auth.ErrCodeOrIdentity) {
			t.Errorf("case %d: %v", i+1, err)
		}
		if auth.CodeMessage(err) != auth.CodeMessage(e1) {
			t.Errorf("case %d has its own message", i+1)
		}
	}
	// Typing mistakes in the fields themselves are explained.
	var in *app.InputError
	if _, err := codes.Check(ctx, "123", rightID); !errors.As(err, &in) {
		t.Errorf("short code: %v", err)
	}
}

func TestFiveFailuresLockTheCode(t *testing.T) {
	s, codes, _, p := newCodes(t)
	ctx := context.Background()
	is, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	wrong := auth.Identity{FamilyName: "Smith", DateOfBirth: "03/14/1985", ZIP: "62701", CountryOfBirth: "Mexico"}
	for i := 1; i <= 5; i++ {
		_, err := codes.Check(ctx, is.Code.String(), wrong)
		want := auth.ErrCodeOrIdentity
		if i == 5 {
			want = auth.ErrCodeLocked
		}
		if !errors.Is(err, want) {
			t.Fatalf("try %d: %v", i, err)
		}
	}
	if _, err := codes.Check(ctx, is.Code.String(), rightID); !errors.Is(err, auth.ErrCodeLocked) {
		t.Fatalf("the right identity after the lock: %v", err)
	}
	if msg := auth.CodeMessage(auth.ErrCodeLocked); !strings.Contains(msg, "Ask the clinic for a new access code") {
		t.Errorf("lock message %q", msg)
	}
	var locked int
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'access_code.locked'`).Scan(&locked)
	if locked != 1 {
		t.Errorf("%d lock audit rows", locked)
	}
	// Staff reissue: the new code works.
	again, _ := codes.Issue(ctx, p.ID, "staff-1", auth.ForSetUp)
	if _, err := codes.Check(ctx, again.Code.String(), rightID); err != nil {
		t.Fatal(err)
	}
}

func TestExpiryAndRevoke(t *testing.T) {
	s, codes, clk, p := newCodes(t)
	ctx := context.Background()
	if err := s.SetSetting(ctx, auth.SettingCodeExpiryDays, "365"); err != nil {
		t.Fatal(err)
	}
	is, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	if is.Expires != is.Issued.AddDays(auth.MaxCodeExpiryDays) {
		t.Fatalf("a 365-day setting gave %v; the most is 90 days", is.Expires)
	}
	clk.add(90 * 24 * time.Hour) // the last day still works
	if _, err := codes.Check(ctx, is.Code.String(), rightID); err != nil {
		t.Fatalf("on the last day: %v", err)
	}
	ticket, _ := codes.Check(ctx, is.Code.String(), rightID)
	clk.add(24 * time.Hour)
	if _, err := codes.Check(ctx, is.Code.String(), rightID); !errors.Is(err, auth.ErrCodeExpired) {
		t.Fatalf("the day after: %v", err)
	}
	// A ticket taken before expiry cannot be redeemed after it.
	if _, err := codes.Redeem(ctx, ticket, setup(t, "late.user")); !errors.Is(err, auth.ErrCodeUsed) {
		t.Fatalf("redeem after expiry: %v", err)
	}
	fresh, _ := codes.Issue(ctx, p.ID, "staff-1", auth.ForSetUp)
	if n, err := codes.Revoke(ctx, p.ID, "staff-1"); err != nil || n != 1 {
		t.Fatalf("revoke: %d %v", n, err)
	}
	if _, err := codes.Check(ctx, fresh.Code.String(), rightID); !errors.Is(err, auth.ErrCodeRevoked) {
		t.Fatalf("revoked: %v", err)
	}
}

func TestUsernameRules(t *testing.T) {
	_, codes, _, p := newCodes(t)
	ctx := context.Background()
	is, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	ticket, _ := codes.Check(ctx, is.Code.String(), rightID)
	if _, err := codes.Redeem(ctx, ticket, setup(t, "Ana.Lopez")); err != nil {
		t.Fatal(err)
	}
	for name, phrase := range map[string]string{"ab": "at least 3", "ana lopez": "letters", "ANA.LOPEZ": "taken"} {
		var in *app.InputError
		if err := codes.CheckUsername(ctx, auth.Ticket{}, name); !errors.As(err, &in) || !strings.Contains(in.Msg, phrase) {
			t.Errorf("%q: %v", name, err)
		}
	}
}

// TestFiftyConcurrentRedemptionsMakeOneAccount: fifty redemptions of one
// code at once, from five stores on the same store file or database (five
// seats, each with its own connections), set up exactly one account.
func TestFiftyConcurrentRedemptionsMakeOneAccount(t *testing.T) {
	s, codes, clk, p := newCodes(t)
	ctx := context.Background()
	is, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	ticket, err := codes.Check(ctx, is.Code.String(), rightID)
	if err != nil {
		t.Fatal(err)
	}
	seats := []*auth.Codes{codes}
	for range 4 {
		other, err := Open(ctx, s.Path())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { other.Close() })
		if err := other.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
			t.Fatal(err)
		}
		seats = append(seats, auth.NewCodes(other, auth.NewKeysForTest(testKey), clk.now, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}))
	}
	var wg sync.WaitGroup
	var won, lost atomic.Int32
	start := make(chan struct{})
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := setup(t, "user"+string(rune('a'+i%26))+string(rune('a'+i/26)))
			<-start
			_, err := seats[i%len(seats)].Redeem(ctx, ticket, st)
			switch {
			case err == nil:
				won.Add(1)
			case errors.Is(err, auth.ErrCodeUsed):
				lost.Add(1)
			default:
				t.Errorf("redemption %d: %v", i, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	var named, redeemed, backups int
	s.db.QueryRow(`SELECT count(*) FROM accounts WHERE username IS NOT NULL`).Scan(&named)
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'access_code.redeemed'`).Scan(&redeemed)
	s.db.QueryRow(`SELECT count(*) FROM backup_codes`).Scan(&backups)
	if won.Load() != 1 || lost.Load() != 49 || named != 1 || redeemed != 1 || backups != 10 {
		t.Fatalf("won %d, lost %d, accounts with a username %d, redemptions %d, backup codes %d",
			won.Load(), lost.Load(), named, redeemed, backups)
	}
}

// TestCodeStateOnlyAfterIdentity: a used, replaced or expired code says so
// only to someone with the person's identity; to anyone else it is the one
// message of a wrong code.
func TestCodeStateOnlyAfterIdentity(t *testing.T) {
	s, codes, clk, p := newCodes(t)
	ctx := context.Background()
	wrong := rightID
	wrong.FamilyName = "Smith"
	first, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	second, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp) // first is now replaced
	if _, err := codes.Check(ctx, first.Code.String(), wrong); !errors.Is(err, auth.ErrCodeOrIdentity) {
		t.Fatalf("a replaced code, wrong identity: %v", err)
	}
	if _, err := codes.Check(ctx, first.Code.String(), rightID); !errors.Is(err, auth.ErrCodeRevoked) {
		t.Fatalf("a replaced code, right identity: %v", err)
	}
	ticket, _ := codes.Check(ctx, second.Code.String(), rightID)
	if _, err := codes.Redeem(ctx, ticket, setup(t, "jose.munoz")); err != nil {
		t.Fatal(err)
	}
	if _, err := codes.Check(ctx, second.Code.String(), wrong); !errors.Is(err, auth.ErrCodeOrIdentity) {
		t.Fatalf("a used code, wrong identity: %v", err)
	}
	if _, err := codes.Check(ctx, second.Code.String(), rightID); !errors.Is(err, auth.ErrCodeUsed) {
		t.Fatalf("a used code, right identity: %v", err)
	}
	p2 := mustPerson(t, s, "Ana", "Lopez")
	third, _ := codes.Issue(ctx, p2.ID, "", auth.ForSetUp)
	clk.add(40 * 24 * time.Hour)
	ana := auth.Identity{FamilyName: "Lopez", DateOfBirth: "03/14/1985", ZIP: "62701", CountryOfBirth: "Mexico"}
	if _, err := codes.Check(ctx, third.Code.String(), rightID); !errors.Is(err, auth.ErrCodeOrIdentity) {
		t.Fatalf("an expired code, wrong identity: %v", err)
	}
	if _, err := codes.Check(ctx, third.Code.String(), ana); !errors.Is(err, auth.ErrCodeExpired) {
		t.Fatalf("an expired code, right identity: %v", err)
	}
}

// TestConcurrentWrongChecksStopAtTheLimit: twenty wrong checks at once take
// no more than the five tries a code has.
func TestConcurrentWrongChecksStopAtTheLimit(t *testing.T) {
	s, codes, _, p := newCodes(t)
	ctx := context.Background()
	is, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	wrong := rightID
	wrong.DateOfBirth = "01/01/1990"
	var wg sync.WaitGroup
	var mismatch, locked atomic.Int32
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := codes.Check(ctx, is.Code.String(), wrong)
			switch {
			case errors.Is(err, auth.ErrCodeOrIdentity):
				mismatch.Add(1)
			case errors.Is(err, auth.ErrCodeLocked):
				locked.Add(1)
			default:
				t.Errorf("check: %v", err)
			}
		}()
	}
	wg.Wait()
	var attempts, failed int
	s.db.QueryRow(`SELECT attempts FROM access_codes`).Scan(&attempts)
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action IN ('access_code.failed', 'access_code.locked')`).Scan(&failed)
	if attempts != auth.MaxCodeAttempts || failed != auth.MaxCodeAttempts || mismatch.Load() != auth.MaxCodeAttempts-1 || locked.Load() != 16 {
		t.Fatalf("attempts %d, audited %d, mismatches %d, locked %d", attempts, failed, mismatch.Load(), locked.Load())
	}
	// A right check gives its try back: only wrong ones count.
	_, codes2, _, p2 := newCodes(t)
	is2, _ := codes2.Issue(ctx, p2.ID, "", auth.ForSetUp)
	for range 7 {
		if _, err := codes2.Check(ctx, is2.Code.String(), rightID); err != nil {
			t.Fatalf("a right check: %v", err)
		}
	}
}

// TestReissueIsAnExplicitReset: a code for a person whose account is set up
// is refused unless staff ask for a reset; the reset is audited, says so to
// the person, and replaces the password and 2-step on redemption.
func TestReissueIsAnExplicitReset(t *testing.T) {
	s, codes, clk, p := newCodes(t)
	ctx := context.Background()
	is, _ := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	ticket, _ := codes.Check(ctx, is.Code.String(), rightID)
	st := setup(t, "jose.munoz")
	if _, err := codes.Redeem(ctx, ticket, st); err != nil {
		t.Fatal(err)
	}
	count := func(q string) (n int) { s.db.QueryRow(q).Scan(&n); return }
	before := count(`SELECT count(*) FROM access_codes`)
	if _, err := codes.Issue(ctx, p.ID, "staff-1", auth.ForSetUp); !errors.Is(err, auth.ErrAccountSetUp) {
		t.Fatalf("a set-up code for a set-up account: %v", err)
	}
	if count(`SELECT count(*) FROM access_codes`) != before {
		t.Fatal("the refused issue wrote a code")
	}
	reset, err := codes.Issue(ctx, p.ID, "staff-1", auth.ForReset)
	if err != nil || !reset.Reset {
		t.Fatalf("reset: %+v %v", reset, err)
	}
	if count(`SELECT count(*) FROM audit_events WHERE action = 'account.reset_issued' AND actor_id = 'staff-1'`) != 1 {
		t.Fatal("the reset was not audited")
	}
	ticket, err = codes.Check(ctx, reset.Code.String(), rightID)
	if err != nil || !ticket.Reset || ticket.Username != "jose.munoz" {
		t.Fatalf("reset ticket: %+v %v", ticket, err)
	}
	// The person may keep their own username.
	if err := codes.CheckUsername(ctx, ticket, "Jose.Munoz"); err != nil {
		t.Fatalf("their own username: %v", err)
	}
	next := setup(t, "jose.munoz")
	next.Password = "a new passphrase for me"
	if _, err := codes.Redeem(ctx, ticket, next); err != nil {
		t.Fatal(err)
	}
	si := auth.NewSignIn(s, auth.NewKeysForTest(testKey), clk.now, cheapArgon)
	if _, err := si.Password(ctx, "jose.munoz", st.Password); !errors.Is(err, auth.ErrSignIn) {
		t.Fatalf("the old password after the reset: %v", err)
	}
	c, err := si.Password(ctx, "jose.munoz", next.Password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := si.Code(ctx, c, st.BackupCodes[0]); !errors.Is(err, auth.ErrSecondFactor) {
		t.Fatalf("an old backup code after the reset: %v", err)
	}
	if count(`SELECT count(*) FROM audit_events WHERE action = 'account.reset'`) != 1 {
		t.Fatal("the redemption of the reset was not audited")
	}
}

// TestIssueNeedsTheWholeIdentity: the wizard asks for the country of birth,
// so a code is issued only to a person whose record has it.
func TestIssueNeedsTheWholeIdentity(t *testing.T) {
	s, codes, _, _ := newCodes(t)
	ctx := context.Background()
	p := app.Person{GivenName: "Li", FamilyName: "Wei", DateOfBirth: app.NewDate(1990, 1, 2),
		Address: app.Address{Line1: "2 Oak St", City: "Springfield", State: "IL", ZIP: "62701"}}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	var inc *auth.IncompleteIdentityError
	if _, err := codes.Issue(ctx, p.ID, "", auth.ForSetUp); !errors.As(err, &inc) || !strings.Contains(err.Error(), "country of birth") {
		t.Fatalf("no country of birth: %v", err)
	}
}

// TestExpiryFollowsTheClinicsDay: the issue date and the last day are the
// clinic's, not UTC's (a code issued at 10 pm in New York is issued that
// day, and works until midnight there on its last day).
func TestExpiryFollowsTheClinicsDay(t *testing.T) {
	s, codes, clk, p := newCodes(t)
	ctx := context.Background()
	if err := s.SetSetting(ctx, auth.SettingTimeZone, "America/New_York"); err != nil {
		t.Fatal(err)
	}
	clk.t.Store(time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC).Unix()) // 10 pm on the 23rd in New York
	is, err := codes.Issue(ctx, p.ID, "", auth.ForSetUp)
	if err != nil {
		t.Fatal(err)
	}
	if is.Issued != app.NewDate(2026, 11, 23) || is.Expires != app.NewDate(2026, 12, 23) {
		t.Fatalf("issued %v, expires %v", is.Issued, is.Expires)
	}
	clk.t.Store(time.Date(2026, 12, 24, 4, 30, 0, 0, time.UTC).Unix()) // 11:30 pm on the 23rd in New York
	if _, err := codes.Check(ctx, is.Code.String(), rightID); err != nil {
		t.Fatalf("late on the last day in New York: %v", err)
	}
	clk.t.Store(time.Date(2026, 12, 24, 5, 0, 1, 0, time.UTC).Unix()) // just past midnight there
	if _, err := codes.Check(ctx, is.Code.String(), rightID); !errors.Is(err, auth.ErrCodeExpired) {
		t.Fatalf("the day after in New York: %v", err)
	}
	var in *app.InputError
	if _, err := auth.LoadZone("Mars/Olympus"); !errors.As(err, &in) {
		t.Fatalf("a made-up zone: %v", err)
	}
}

// A drawn account number that another account holds is drawn again; any
// other failure of the insert is not retried.
func TestAccountNumberClashDrawsAgain(t *testing.T) {
	s, codes, _, p := newCodes(t)
	ctx := context.Background()
	first, err := codes.Issue(ctx, p.ID, "staff-1", auth.ForSetUp)
	if err != nil {
		t.Fatal(err)
	}
	q := mustPerson(t, s, "Ana", "López")
	draws := []app.AccountNumber{first.Account.Number, first.Account.Number, "000000000042"}
	n := 0
	acct, err := s.IssueAccessCode(ctx, auth.IssueRecord{PersonID: q.ID, CodeHash: "hash", IssuedBy: "staff-1",
		At: time.Now(), ExpiresAt: time.Now().Add(time.Hour),
		NewNumber: func() (app.AccountNumber, error) { n++; return draws[n-1], nil },
		Notice: func(a app.Account) app.Notice {
			return app.Notice{PersonID: q.ID, Kind: app.NoticeAccountAccess, NoticeDate: app.NewDate(2026, 11, 23), CreatedAt: time.Now()}
		}})
	if err != nil || string(acct.Number) != "000000000042" || n != 3 {
		t.Fatalf("after two clashes: %+v, %d draws, %v", acct, n, err)
	}
	r := mustPerson(t, s, "Luis", "Ortega")
	_, err = s.IssueAccessCode(ctx, auth.IssueRecord{PersonID: r.ID, CodeHash: "hash", IssuedBy: "staff-1",
		At: time.Now(), ExpiresAt: time.Now().Add(time.Hour),
		NewNumber: func() (app.AccountNumber, error) { return "", errors.New("no randomness") },
		Notice:    func(a app.Account) app.Notice { return app.Notice{} }})
	if err == nil || !strings.Contains(err.Error(), "no randomness") {
		t.Fatalf("a failing draw: %v", err)
	}
}
