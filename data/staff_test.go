package data

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
)

var deskAt = time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)

func ev(action string) app.AuditEvent {
	return app.AuditEvent{At: deskAt, ActorID: "admin", Action: action}
}

func mustStaff(t *testing.T, s *Store, given, family, username string, role app.Role) desk.StaffMember {
	t.Helper()
	m, err := s.CreateStaff(context.Background(), desk.NewStaff{GivenName: given, FamilyName: family, Username: username,
		Role: role, PasswordHash: "one-time-" + username, At: deskAt, Audit: ev("staff.created")})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// issued gives a client an access code (and so an account with a number)
// that expires at exp.
func issued(t *testing.T, s *Store, personID string, exp time.Time) app.Account {
	t.Helper()
	a, err := s.IssueAccessCode(context.Background(), auth.IssueRecord{PersonID: personID, CodeHash: "code-" + personID,
		IssuedBy: "admin", At: deskAt, ExpiresAt: exp, NewNumber: func() (app.AccountNumber, error) { return app.NewAccountNumber(nil) }})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func clinicSetUp(n int) desk.ClinicSetUp {
	return desk.ClinicSetUp{
		Settings:     map[string]string{app.SettingInstallKind: "clinic", app.SettingClinicName: fmt.Sprint("Clinic ", n)},
		Admin:        desk.NewStaff{GivenName: "Ada", FamilyName: "Admin", Username: fmt.Sprint("admin", n), Role: app.RoleAdmin, PasswordHash: "hash", At: deskAt},
		TOTPSecret:   []byte("sealed secret"),
		TOTPStep:     7,
		BackupHashes: []string{"b1", "b2", "b3"},
		Audit:        ev("clinic.set_up"),
	}
}

func count(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSetUpClinicOnceOfMany(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { _, errs[i] = s.SetUpClinic(ctx, clinicSetUp(i)) })
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won < 0:
			won = i
		case err == nil:
			t.Fatalf("set-ups %d and %d both won", won, i)
		case !errors.Is(err, app.ErrConflict):
			t.Fatalf("set-up %d: %v", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no set-up won")
	}
	if n, _ := s.StaffCount(ctx); n != 1 {
		t.Errorf("StaffCount = %d", n)
	}
	if name, _ := s.Setting(ctx, app.SettingClinicName); name != fmt.Sprint("Clinic ", won) {
		t.Errorf("clinic name %q, set-up %d won", name, won)
	}
	cred, err := s.CredentialsByUsername(ctx, fmt.Sprint("ADMIN", won))
	if err != nil || cred.MustChange || cred.Disabled || string(cred.TOTPSecret) != "sealed secret" || cred.TOTPLastStep != 7 ||
		cred.Account.Role != app.RoleAdmin || len(cred.Account.Number) != 12 {
		t.Fatalf("admin %+v, %v", cred, err)
	}
	if left, _ := s.BackupCodesLeft(ctx, cred.Account.ID); left != 3 {
		t.Errorf("%d backup codes", left)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'clinic.set_up' AND record_id = ?`, cred.Account.ID); n != 1 {
		t.Errorf("%d set-up audit rows", n)
	}
	m, err := s.StaffAccount(ctx, cred.Account.ID)
	if err != nil || m.Name != "Ada Admin" || !m.HasTwoStep || m.MustChange {
		t.Errorf("StaffAccount = %+v, %v", m, err)
	}
}

func TestSetUpClinicWritesNothingWhenRefused(t *testing.T) {
	ctx := context.Background()
	for name, prepare := range map[string]func(*Store) desk.ClinicSetUp{
		"install kind set": func(s *Store) desk.ClinicSetUp {
			s.SetSetting(ctx, app.SettingInstallKind, "household")
			return clinicSetUp(1)
		},
		"staff exists": func(s *Store) desk.ClinicSetUp {
			mustStaff(t, s, "Sam", "Staff", "sam", app.RoleStaff)
			return clinicSetUp(1)
		},
		"the store's own setting": func(s *Store) desk.ClinicSetUp {
			r := clinicSetUp(1)
			r.Settings[keyCheckSetting] = "x"
			return r
		},
		"no audit row": func(s *Store) desk.ClinicSetUp {
			r := clinicSetUp(1)
			r.Audit = app.AuditEvent{}
			return r
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := openTest(t)
			r := prepare(s)
			before := count(t, s, `SELECT (SELECT count(*) FROM settings) + (SELECT count(*) FROM accounts) + (SELECT count(*) FROM people)
				+ (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM backup_codes)`)
			if _, err := s.SetUpClinic(ctx, r); err == nil {
				t.Fatal("set up")
			}
			after := count(t, s, `SELECT (SELECT count(*) FROM settings) + (SELECT count(*) FROM accounts) + (SELECT count(*) FROM people)
				+ (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM backup_codes)`)
			if before != after {
				t.Errorf("rows %d → %d", before, after)
			}
		})
	}
}

func TestStaffAccounts(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	zoe := mustStaff(t, s, "Zoë", "Abara", "zoe", app.RoleAdmin)
	bo := mustStaff(t, s, "Bo", "Chen", "bo", app.RoleStaff)
	if zoe.Name != "Zoë Abara" || !zoe.MustChange || zoe.HasTwoStep || zoe.Disabled || zoe.Role != app.RoleAdmin || zoe.CreatedAt != deskAt {
		t.Errorf("CreateStaff = %+v", zoe)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'staff.created' AND record_id = ?`, zoe.AccountID); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	if _, err := s.CreateStaff(ctx, desk.NewStaff{GivenName: "Z", FamilyName: "Z", Username: "ZOE", Role: app.RoleStaff,
		PasswordHash: "h", Audit: ev("staff.created")}); !errors.Is(err, app.ErrAlreadyExists) {
		t.Errorf("taken username: %v", err)
	}
	if _, err := s.CreateStaff(ctx, desk.NewStaff{GivenName: "A", FamilyName: "B", Username: "ab", Role: app.RoleApplicant,
		PasswordHash: "h", Audit: ev("staff.created")}); err == nil {
		t.Error("an applicant's role made a staff account")
	}
	if n, _ := s.StaffCount(ctx); n != 2 {
		t.Errorf("StaffCount = %d", n)
	}
	list, err := s.ListStaff(ctx)
	if err != nil || len(list) != 2 || list[0].Username != "zoe" || list[1].Username != "bo" {
		t.Errorf("ListStaff = %+v, %v", list, err)
	}
	cred, err := s.CredentialsByUsername(ctx, "Bo")
	if err != nil || !cred.MustChange || cred.Disabled || cred.PasswordHash != "one-time-bo" || cred.TOTPSecret != nil {
		t.Errorf("credentials %+v, %v", cred, err)
	}

	client := issued(t, s, mustPerson(t, s, "José", "Muñoz").ID, deskAt.Add(30*24*time.Hour))
	if _, err := s.StaffAccount(ctx, client.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("an applicant as staff: %v", err)
	}
	if err := s.DisableStaff(ctx, client.ID, ev("staff.disabled")); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("disable an applicant: %v", err)
	}
	if err := s.ResetStaff(ctx, client.ID, "h", ev("staff.reset")); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("reset an applicant: %v", err)
	}

	if err := s.DisableStaff(ctx, bo.AccountID, ev("staff.disabled")); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.StaffAccount(ctx, bo.AccountID); !m.Disabled {
		t.Error("not disabled")
	}
	if cred, _ := s.CredentialsByID(ctx, bo.AccountID); !cred.Disabled {
		t.Error("credentials not disabled")
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'staff.disabled' AND record_id = ?`, bo.AccountID); n != 1 {
		t.Errorf("%d disable audit rows", n)
	}
}

func TestFirstSetUpAndReset(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	m := mustStaff(t, s, "Bo", "Chen", "bo", app.RoleStaff)
	r := auth.FirstSetUp{AccountID: m.AccountID, OldHash: "one-time-bo", PasswordHash: "own", TOTPSecret: []byte("sealed"),
		TOTPStep: 3, BackupHashes: []string{"x1", "x2"}, At: deskAt}
	if err := s.CompleteFirstSetUp(ctx, r); err != nil {
		t.Fatal(err)
	}
	cred, _ := s.CredentialsByID(ctx, m.AccountID)
	if cred.MustChange || cred.PasswordHash != "own" || string(cred.TOTPSecret) != "sealed" || cred.TOTPLastStep != 3 {
		t.Errorf("after first set-up %+v", cred)
	}
	if left, _ := s.BackupCodesLeft(ctx, m.AccountID); left != 2 {
		t.Errorf("%d backup codes", left)
	}
	if err := s.CompleteFirstSetUp(ctx, r); !errors.Is(err, app.ErrConflict) {
		t.Errorf("second first set-up: %v", err)
	}

	// A locked account with 2-step: the reset gives a new one-time password and removes both.
	if _, err := s.db.Exec(`UPDATE accounts SET failed_attempts = 5, failures_in_row = 5, locked_until = ? WHERE id = ?`,
		formatTime(deskAt.Add(time.Hour)), m.AccountID); err != nil {
		t.Fatal(err)
	}
	if err := s.ResetStaff(ctx, m.AccountID, "one-time-2", ev("staff.reset")); err != nil {
		t.Fatal(err)
	}
	cred, _ = s.CredentialsByID(ctx, m.AccountID)
	if !cred.MustChange || cred.PasswordHash != "one-time-2" || cred.TOTPSecret != nil || cred.TOTPLastStep != 0 ||
		cred.Account.FailedAttempts != 0 || !cred.Account.LockedUntil.IsZero() {
		t.Errorf("after reset %+v", cred)
	}
	if left, _ := s.BackupCodesLeft(ctx, m.AccountID); left != 0 {
		t.Errorf("%d backup codes after reset", left)
	}
	if got, _ := s.StaffAccount(ctx, m.AccountID); got.HasTwoStep || !got.MustChange {
		t.Errorf("StaffAccount after reset %+v", got)
	}
}

// A first sign-in whose one-time password was reset meanwhile writes nothing.
func TestCompleteFirstSetUpConflictsOnAChangedHash(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	m := mustStaff(t, s, "Bo", "Chen", "bo", app.RoleStaff)
	if err := s.ResetStaff(ctx, m.AccountID, "one-time-2", ev("staff.reset")); err != nil {
		t.Fatal(err)
	}
	err := s.CompleteFirstSetUp(ctx, auth.FirstSetUp{AccountID: m.AccountID, OldHash: "one-time-bo", PasswordHash: "own",
		TOTPSecret: []byte("sealed"), BackupHashes: []string{"x1"}, At: deskAt})
	if !errors.Is(err, app.ErrConflict) {
		t.Fatalf("CompleteFirstSetUp = %v", err)
	}
	cred, _ := s.CredentialsByID(ctx, m.AccountID)
	if !cred.MustChange || cred.PasswordHash != "one-time-2" || cred.TOTPSecret != nil {
		t.Errorf("written anyway: %+v", cred)
	}
	if left, _ := s.BackupCodesLeft(ctx, m.AccountID); left != 0 {
		t.Errorf("%d backup codes written", left)
	}
	// A disabled account does not finish its set-up either.
	if err := s.DisableStaff(ctx, m.AccountID, ev("staff.disabled")); err != nil {
		t.Fatal(err)
	}
	err = s.CompleteFirstSetUp(ctx, auth.FirstSetUp{AccountID: m.AccountID, OldHash: "one-time-2", PasswordHash: "own", At: deskAt})
	if !errors.Is(err, app.ErrConflict) {
		t.Errorf("disabled: %v", err)
	}
}

// The sign-in services over this store: a one-time password leads to the
// first sign-in, which sets the password and 2-step; then the usual sign-in works.
func TestStaffFirstSignInThroughTheServices(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	clk := &clock{}
	clk.t.Store(deskAt.Unix())
	keys := auth.NewKeysForTest(testKey)
	m, err := s.CreateStaff(ctx, desk.NewStaff{GivenName: "Bo", FamilyName: "Chen", Username: "bo.chen", Role: app.RoleStaff,
		PasswordHash: auth.HashPassword("temporary one 4821", cheapArgon), At: deskAt, Audit: ev("staff.created")})
	if err != nil {
		t.Fatal(err)
	}
	acc := auth.NewAccount(s, keys, clk.now, cheapArgon)
	ch, err := acc.Password(ctx, "bo.chen", "temporary one 4821")
	if err != nil || !ch.MustChange {
		t.Fatalf("Password = %+v, %v", ch, err)
	}
	st := setup(t, "bo.chen")
	if _, err := acc.FirstSignIn(ctx, ch, st); err != nil {
		t.Fatal(err)
	}
	ch, err = acc.Password(ctx, "bo.chen", st.Password)
	if err != nil || ch.MustChange || ch.HasTOTP {
		t.Fatalf("Password after = %+v, %v", ch, err)
	}
	if _, err := acc.Code(ctx, ch, st.BackupCodes[0]); err != nil {
		t.Fatal(err)
	}
	// Disabled: answered as a wrong password.
	if err := s.DisableStaff(ctx, m.AccountID, ev("staff.disabled")); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Password(ctx, "bo.chen", st.Password); !errors.Is(err, auth.ErrSignIn) {
		t.Errorf("disabled sign-in: %v", err)
	}
}

// Two administrators disabling each other at the same moment: the count
// of administrators is made in the write, so exactly one succeeds and the
// clinic keeps an administrator.
func TestDisableStaffKeepsAnAdministratorUnderRaces(t *testing.T) {
	ctx := context.Background()
	for range 10 {
		s := openTest(t)
		a := mustStaff(t, s, "Ana", "Admin", "ana.admin", app.RoleAdmin)
		b := mustStaff(t, s, "Bo", "Admin", "bo.admin", app.RoleAdmin)
		errs := make(chan error, 2)
		for _, id := range []string{a.AccountID, b.AccountID} {
			go func() { errs <- s.DisableStaff(ctx, id, ev("staff.disable")) }()
		}
		var ok, last int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case errors.Is(err, app.ErrConflict):
				last++
			default:
				t.Fatal(err)
			}
		}
		if ok != 1 || last != 1 {
			t.Fatalf("%d disabled, %d refused as the last administrator", ok, last)
		}
		if n := count(t, s, `SELECT count(*) FROM accounts WHERE role = 'admin' AND disabled_at = ''`); n != 1 {
			t.Fatalf("%d enabled administrators left", n)
		}
	}
	// A staff member is disabled whatever the administrators' count; an
	// account that is not staff is not found.
	s := openTest(t)
	mustStaff(t, s, "Ana", "Admin", "ana.admin", app.RoleAdmin)
	st := mustStaff(t, s, "Cy", "Staff", "cy.staff", app.RoleStaff)
	if err := s.DisableStaff(ctx, st.AccountID, ev("staff.disable")); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableStaff(ctx, "no-such-account", ev("staff.disable")); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("no such account: %v", err)
	}
}
