package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/portal"
	"casedesk/app/settings"
)

const adminPassword = "copper kettle winter 19"

// The recovery key sheet holds this store's data key, and only an
// administrator who types their password again gets it.
func TestRecoverySheetIsTheDataKey(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	sheet, err := r.desk.For(admin).RecoverySheet(ctx, adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	key, err := auth.ParseRecoveryKey(strings.Join(sheet.Groups, " "))
	if err != nil {
		t.Fatal(err)
	}
	k, err := auth.KeysFromRecovered(key)
	if err != nil || k.KeyCheck() != r.c.keys.KeyCheck() {
		t.Fatalf("the sheet's key is not the store's: %v", err)
	}
	if fromQR, err := auth.ParseRecoveryKey(sheet.QR); err != nil || string(fromQR) != string(key) {
		t.Errorf("the QR code holds another key: %v", err)
	}
	if sheet.Clinic != clinicForm.Name || sheet.Fingerprint != desk.Fingerprint(r.c.keys.KeyCheck()) || sheet.Issued.IsZero() {
		t.Errorf("sheet: %+v", sheet)
	}
	rows, err := r.desk.For(admin).AuditLog(ctx, desk.AuditFilter{Action: "recovery_key."})
	if err != nil || len(rows) != 1 || rows[0].ActorID != "rosa.admin" {
		t.Fatalf("audit: %+v %v", rows, err)
	}
	for _, g := range sheet.Groups {
		if strings.Contains(rows[0].Detail, g) {
			t.Errorf("the audit row carries the key: %q", rows[0].Detail)
		}
	}
	// The command line may print it without a password: its user can read
	// the key where this computer keeps it.
	if _, err := r.desk.CommandLine("maria").RecoverySheet(ctx, ""); err != nil {
		t.Errorf("command line: %v", err)
	}
}

// An attacker at an administrator's unlocked desk does not get the key
// without the password, and guessing it locks the account as sign-in does.
func TestRecoverySheetRefusals(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	staff := r.staffSession(t, admin, "tomas", app.RoleStaff)

	if _, err := r.desk.For(staff).RecoverySheet(ctx, "velvet harbor lantern 7"); !errors.Is(err, desk.ErrNotAdmin) {
		t.Errorf("a staff member with their own password: %v", err)
	}
	ended := portal.NewSession(app.Account{ID: admin.AccountID, PersonID: admin.PersonID, Username: admin.Username, Role: admin.Role}, time.Now(), portal.DesktopIdle)
	ended.End()
	if _, err := r.desk.For(ended).RecoverySheet(ctx, adminPassword); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("a signed-out session: %v", err)
	}
	bare := desk.New(r.c.Store.Desk(), r.codes, r.c.keys, r.c.Notices(), settings.New(r.c.Store), nil, cheapArgon)
	if _, err := bare.For(admin).RecoverySheet(ctx, adminPassword); err == nil {
		t.Error("a desk with no password check gave the key")
	}
	for i := 0; i < auth.MaxSignInFailures; i++ {
		_, err := r.desk.For(admin).RecoverySheet(ctx, "not the password")
		if i < auth.MaxSignInFailures-1 && !errors.Is(err, auth.ErrWrongPassword) {
			t.Fatalf("try %d: %v", i+1, err)
		}
		if i == auth.MaxSignInFailures-1 && !errors.Is(err, auth.ErrLocked) {
			t.Fatalf("the last try did not lock: %v", err)
		}
	}
	if _, err := r.desk.For(admin).RecoverySheet(ctx, adminPassword); !errors.Is(err, auth.ErrLocked) {
		t.Errorf("the right password while locked: %v", err)
	}
	rows, _ := r.desk.CommandLine("maria").AuditLog(ctx, desk.AuditFilter{Action: "recovery_key."})
	if len(rows) != 0 {
		t.Errorf("a refused try made a sheet: %+v", rows)
	}
	failed, _ := r.desk.CommandLine("maria").AuditLog(ctx, desk.AuditFilter{Action: "signin.failed"})
	if len(failed) < auth.MaxSignInFailures-1 {
		t.Errorf("%d failed tries audited", len(failed))
	}
}
