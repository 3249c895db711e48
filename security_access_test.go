package main

// Attacks on who may call the import, export, report, backup and
// recovery-key services: every one is refused in the service itself, and a
// refused call leaves no file and no audit row.

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/portal"
)

// auditCount is how many audit rows the rig's store holds.
func auditCount(t *testing.T, r *deskRig) int {
	t.Helper()
	n := 0
	if err := r.c.EachAuditEvent(context.Background(), func(app.AuditEvent) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// intruders are the sessions that must never reach the new calls: an
// applicant, an applicant claiming to be an administrator, a disabled
// staff member, a signed-out one, one timed out, and no session at all.
func intruders(t *testing.T, r *deskRig, admin *portal.Session) map[string]*portal.Session {
	t.Helper()
	ctx := context.Background()
	cl, err := r.desk.For(admin).AddClient(ctx, desk.ClientForm{GivenName: "José", FamilyName: "Muñoz", DateOfBirth: "03/14/1985",
		CountryOfBirth: "Mexico", Line1: "1 Elm St", City: "Springfield", State: "IL", ZIP: "62701"}, false)
	if err != nil {
		t.Fatal(err)
	}
	is, err := r.desk.For(admin).IssueCode(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := r.codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Munoz", DateOfBirth: "1985-03-14", ZIP: "62701", CountryOfBirth: "Mexico"})
	if err != nil {
		t.Fatal(err)
	}
	acct, err := r.codes.Redeem(ctx, ticket, auth.Setup{Username: "jose.munoz", Password: "river lamp orange 42", BackupCodes: backupSheet(t)})
	if err != nil {
		t.Fatal(err)
	}
	forged := portal.NewSession(acct, time.Now(), portal.DesktopIdle)
	forged.Role = app.RoleAdmin
	gone := r.staffSession(t, admin, "gone.staff", app.RoleStaff)
	if err := r.desk.For(admin).DisableStaff(ctx, gone.AccountID); err != nil {
		t.Fatal(err)
	}
	goneAdmin := r.staffSession(t, admin, "gone.admin", app.RoleAdmin)
	if err := r.desk.For(admin).DisableStaff(ctx, goneAdmin.AccountID); err != nil {
		t.Fatal(err)
	}
	ended := r.staffSession(t, admin, "ended.admin", app.RoleAdmin)
	ended.End()
	// An administrator's session left idle far past its timeout.
	idle := r.staffSession(t, admin, "idle.admin", app.RoleAdmin)
	stale := portal.NewSession(app.Account{ID: idle.AccountID, PersonID: idle.PersonID, Username: idle.Username, Role: app.RoleAdmin},
		time.Now().Add(-48*time.Hour), portal.DesktopIdle)
	return map[string]*portal.Session{
		"applicant": portal.NewSession(acct, time.Now(), portal.DesktopIdle), "forged applicant": forged,
		"disabled staff": gone, "disabled admin": goneAdmin, "signed-out admin": ended, "timed-out admin": stale, "no session": nil,
	}
}

func TestSecurityNewCallsRefuseIntruders(t *testing.T) {
	useConfigDir(t, newMemKeyring())
	r := newDeskRig(t)
	ctx := context.Background()
	r.desk.WithBackups(r.c.backups())
	admin := r.setUp(t)
	staff := r.staffSession(t, admin, "tomas.h", app.RoleStaff)
	who := intruders(t, r, admin)
	out := t.TempDir()

	f, err := desk.ParseCSV([]byte("Given name,Family name,Date of birth\nAna,Ruiz,01/02/1990\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := desk.DefaultMapping(desk.ImportClients, f.Header)
	plan, err := r.desk.For(admin).DryRun(ctx, desk.ImportClients, f, m)
	if err != nil || plan.Count(desk.ActionAdd) != 1 {
		t.Fatalf("admin's dry run: %v", err)
	}
	rep, err := r.desk.For(admin).Report(ctx, desk.YearPeriod(time.Now().Year()))
	if err != nil {
		t.Fatal(err)
	}
	before := auditCount(t, r)
	clientsBefore, _ := r.c.Desk().AllClients(ctx)

	adminCalls := map[string]func(d *desk.Desk) error{
		"dry run":       func(d *desk.Desk) error { _, err := d.DryRun(ctx, desk.ImportClients, f, m); return err },
		"dry run cases": func(d *desk.Desk) error { _, err := d.DryRun(ctx, desk.ImportCases, f, m); return err },
		// The admin's own plan, handed to someone else's desk.
		"apply": func(d *desk.Desk) error { _, err := d.Apply(ctx, plan, nil); return err },
		"export clients": func(d *desk.Desk) error {
			_, err := d.ExportClients(ctx, filepath.Join(out, "c.csv"), true)
			return err
		},
		"export cases":   func(d *desk.Desk) error { _, err := d.ExportCases(ctx, filepath.Join(out, "k.csv"), true); return err },
		"export audit":   func(d *desk.Desk) error { _, err := d.ExportAudit(ctx, filepath.Join(out, "a.csv"), true); return err },
		"backup now":     func(d *desk.Desk) error { _, err := d.BackUpNow(ctx); return err },
		"backup to":      func(d *desk.Desk) error { return d.BackUpTo(ctx, filepath.Join(out, "b.cdbackup"), false) },
		"backup folder":  func(d *desk.Desk) error { return d.SetBackupFolder(ctx, out) },
		"recovery sheet": func(d *desk.Desk) error { _, err := d.RecoverySheet(ctx, adminPassword); return err },
		"recovery sheet, staff password": func(d *desk.Desk) error {
			_, err := d.RecoverySheet(ctx, "velvet harbor lantern 7")
			return err
		},
	}
	staffCalls := map[string]func(d *desk.Desk) error{
		"report":        func(d *desk.Desk) error { _, err := d.Report(ctx, desk.YearPeriod(2026)); return err },
		"report pdf":    func(d *desk.Desk) error { return d.SaveReportPDF(ctx, rep, filepath.Join(out, "r.pdf"), true) },
		"report csv":    func(d *desk.Desk) error { return d.SaveReportCSV(ctx, rep, filepath.Join(out, "r.csv"), true) },
		"backup status": func(d *desk.Desk) error { _, err := d.BackupStatus(ctx); return err },
	}
	for name, call := range adminCalls {
		for w, s := range who {
			if err := call(r.desk.For(s)); err == nil {
				t.Errorf("%s as %s: allowed", name, w)
			}
		}
		if err := call(r.desk.For(staff)); !errors.Is(err, desk.ErrNotAdmin) {
			t.Errorf("%s as plain staff: %v", name, err)
		}
	}
	for name, call := range staffCalls {
		for w, s := range who {
			if err := call(r.desk.For(s)); err == nil {
				t.Errorf("%s as %s: allowed", name, w)
			}
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused calls left %d files", len(entries))
	}
	if dir := filepath.Join(filepath.Dir(r.c.Path()), "CaseDesk Backups"); dirHasFiles(dir) {
		t.Errorf("a refused call made a backup in %s", dir)
	}
	if after := auditCount(t, r); after != before {
		t.Errorf("refused calls wrote %d audit rows", after-before)
	}
	if clients, _ := r.c.Desk().AllClients(ctx); len(clients) != len(clientsBefore) {
		t.Errorf("a refused apply imported %d clients", len(clients)-len(clientsBefore))
	}
	// The admin's plan is still good for the admin: a refused apply did
	// not mark it applied.
	if res, err := r.desk.For(admin).Apply(ctx, plan, nil); err != nil || res.Added != 1 {
		t.Errorf("admin's apply after the refusals: %+v %v", res, err)
	}
}

func dirHasFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) > 0
}

// A plan made by one administrator is applied at most once, whoever applies it.
func TestSecurityPlanAppliedOnce(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	other := r.staffSession(t, admin, "second.admin", app.RoleAdmin)
	f, err := desk.ParseCSV([]byte("Given name,Family name,Date of birth\nAna,Ruiz,01/02/1990\n"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := r.desk.For(admin).DryRun(ctx, desk.ImportClients, f, desk.DefaultMapping(desk.ImportClients, f.Header))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.desk.For(admin).Apply(ctx, plan, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := r.desk.For(other).Apply(ctx, plan, nil); !errors.Is(err, desk.ErrPlanApplied) {
		t.Errorf("a second apply: %v", err)
	}
	if _, err := r.desk.For(admin).Apply(ctx, &desk.Plan{Kind: desk.ImportClients}, nil); err == nil {
		t.Error("a plan not made by a dry run was applied")
	}
}

// A staff member saving a funders' report (or an administrator an export)
// and choosing "replace" on the store's own file must not replace the
// store: the save dialog lets anyone at the desk pick any file.
func TestSecuritySavesNeverReplaceTheStore(t *testing.T) {

	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	staff := r.staffSession(t, admin, "tomas.h", app.RoleStaff)
	rep, err := r.desk.For(staff).Report(ctx, desk.YearPeriod(time.Now().Year()))
	if err != nil {
		t.Fatal(err)
	}
	db := r.c.Path()
	errCSV := r.desk.For(staff).SaveReportCSV(ctx, rep, db, true)
	errPDF := r.desk.For(staff).SaveReportPDF(ctx, rep, db, true)
	_, errExp := r.desk.For(admin).ExportAudit(ctx, db, true)
	if b, _ := os.ReadFile(db); !bytes.HasPrefix(b, []byte("SQLite format 3\x00")) {
		t.Fatalf("the store's file was replaced (report CSV: %v, report PDF: %v, export: %v)", errCSV, errPDF, errExp)
	}
}
