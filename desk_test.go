package main

// The clinic's desk services over a real store: set-up, who may call what,
// and a clinic's day from a new client to the applicant's reply.

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/portal"
	"casedesk/app/settings"
)

var cheapArgon = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// deskRig is a store with its desk, codes and portal services.
type deskRig struct {
	c      *clinic
	desk   *desk.Service
	codes  *auth.Codes
	acct   *auth.Account
	portal *portal.Portal
}

func newDeskRig(t *testing.T) *deskRig {
	t.Helper()
	ctx := context.Background()
	c, err := openClinic(ctx, filepath.Join(t.TempDir(), "casedesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	codes := auth.NewCodes(c.Store, c.keys, nil, cheapArgon)
	acct := auth.NewAccount(c.Store, c.keys, nil, cheapArgon)
	d := desk.New(c.Store.Desk(), codes, c.keys, c.Notices(), settings.New(c.Store), nil, cheapArgon)
	d.CheckPasswordsWith(acct.ConfirmPassword)
	return &deskRig{c: c, codes: codes, acct: acct, portal: portal.New(c.Store, acct, nil), desk: d}
}

func backupSheet(t *testing.T) []string {
	codes, err := auth.NewBackupCodes()
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

var clinicForm = desk.ClinicForm{Name: "Clínica Legal del Sur", Address: "120 Main St\nSpringfield, IL 62701", Phone: "(217) 555-0100", TimeZone: "America/Chicago"}

// setUp sets the rig's store up and returns the administrator's session.
func (r *deskRig) setUp(t *testing.T) *portal.Session {
	t.Helper()
	a, err := r.desk.SetUpClinic(context.Background(), clinicForm,
		desk.AdminForm{GivenName: "Rosa", FamilyName: "Delgado", Username: "rosa.admin", Password: "copper kettle winter 19"},
		desk.TwoStep{BackupCodes: backupSheet(t)})
	if err != nil {
		t.Fatal(err)
	}
	return portal.NewSession(a, time.Now(), portal.DesktopIdle)
}

// staffSession adds a staff member and signs them in through the first
// sign-in, as the window does.
func (r *deskRig) staffSession(t *testing.T, admin *portal.Session, username string, role app.Role) *portal.Session {
	t.Helper()
	ctx := context.Background()
	_, pw, err := r.desk.For(admin).AddStaff(ctx, desk.StaffForm{GivenName: "Tomás", FamilyName: "Herrera", Username: username, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := r.acct.Password(ctx, username, pw)
	if err != nil || !ch.MustChange {
		t.Fatalf("one-time password: %v %+v", err, ch)
	}
	a, err := r.acct.FirstSignIn(ctx, ch, auth.Setup{Username: username, Password: "velvet harbor lantern 7", BackupCodes: backupSheet(t)})
	if err != nil {
		t.Fatal(err)
	}
	return portal.NewSession(a, time.Now(), portal.DesktopIdle)
}

func TestDeskSetUpOnlyOnce(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	if need, err := r.desk.NeedsSetUp(ctx); !need || err != nil {
		t.Fatalf("a new store needs set-up: %v %v", need, err)
	}
	// Every wrong field is named at once, and nothing is written.
	_, err := r.desk.SetUpClinic(ctx, desk.ClinicForm{Phone: "12", TimeZone: "Mars/Olympus"},
		desk.AdminForm{Username: "x", Password: "password"}, desk.TwoStep{BackupCodes: backupSheet(t)})
	got := map[app.Field]bool{}
	for _, e := range app.InputErrors(err) {
		got[e.Code] = true
	}
	for _, f := range []app.Field{app.FieldClinicName, app.FieldClinicAddress, app.FieldPhone, app.FieldTimeZone,
		app.FieldGivenName, app.FieldFamilyName, app.FieldUsername, app.FieldPassword} {
		if !got[f] {
			t.Errorf("no message for %s in %v", f, err)
		}
	}
	if need, _ := r.desk.NeedsSetUp(ctx); !need {
		t.Fatal("a refused set-up wrote something")
	}
	admin := r.setUp(t)
	if need, _ := r.desk.NeedsSetUp(ctx); need {
		t.Fatal("still needs set-up")
	}
	if name, _ := r.c.Setting(ctx, app.SettingClinicName); name != clinicForm.Name {
		t.Errorf("clinic name %q", name)
	}
	_, err = r.desk.SetUpClinic(ctx, clinicForm, desk.AdminForm{GivenName: "Eve", FamilyName: "Mallory", Username: "eve.admin",
		Password: "another long passphrase"}, desk.TwoStep{BackupCodes: backupSheet(t)})
	if !errors.Is(err, desk.ErrSetUpAlready) {
		t.Fatalf("a second set-up: %v", err)
	}
	if ch, err := r.acct.Password(ctx, "eve.admin", "another long passphrase"); err == nil {
		t.Fatalf("a second administrator was made: %+v", ch)
	}
	if m, err := r.desk.For(admin).Me(ctx); err != nil || m.Role != app.RoleAdmin || m.Name != "Rosa Delgado" {
		t.Fatalf("the administrator: %+v %v", m, err)
	}
}

// TestDeskRefusesWhoIsNotStaff: every desk call checks the caller in the
// service: an applicant's session, a signed-out one, a disabled staff
// member's and a staff member who has not replaced the one-time password
// are refused; administrators' calls refuse other staff.
func TestDeskRefusesWhoIsNotStaff(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	staff := r.staffSession(t, admin, "tomas.h", app.RoleStaff)
	gone := r.staffSession(t, admin, "gone.staff", app.RoleStaff)
	cl, err := r.desk.For(staff).AddClient(ctx, desk.ClientForm{GivenName: "José", FamilyName: "Muñoz", DateOfBirth: "03/14/1985",
		CountryOfBirth: "Mexico", Line1: "1 Elm St", City: "Springfield", State: "IL", ZIP: "62701"}, false)
	if err != nil {
		t.Fatal(err)
	}
	is, err := r.desk.For(staff).IssueCode(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := r.codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Munoz", DateOfBirth: "1985-03-14", ZIP: "62701", CountryOfBirth: "Mexico"})
	if err != nil {
		t.Fatal(err)
	}
	applicantAcct, err := r.codes.Redeem(ctx, ticket, auth.Setup{Username: "jose.munoz", Password: "river lamp orange 42", BackupCodes: backupSheet(t)})
	if err != nil {
		t.Fatal(err)
	}
	applicant := portal.NewSession(applicantAcct, time.Now(), portal.DesktopIdle)
	// An applicant's session claiming to be staff is still refused: the
	// role is read from the store.
	forged := portal.NewSession(applicantAcct, time.Now(), portal.DesktopIdle)
	forged.Role = app.RoleAdmin
	ended := r.staffSession(t, admin, "ended.staff", app.RoleStaff)
	ended.End()
	if err := r.desk.For(admin).DisableStaff(ctx, gone.AccountID); err != nil {
		t.Fatal(err)
	}
	_, oneTime, err := r.desk.For(admin).AddStaff(ctx, desk.StaffForm{GivenName: "Nina", FamilyName: "Park", Username: "nina.p", Role: app.RoleStaff})
	if err != nil {
		t.Fatal(err)
	}
	ch, _ := r.acct.Password(ctx, "nina.p", oneTime)
	if _, err := r.acct.Code(ctx, ch, "000000"); !errors.Is(err, auth.ErrChallenge) {
		t.Errorf("a one-time password signed in without set-up: %v", err)
	}

	calls := map[string]func(d *desk.Desk) error{
		"search": func(d *desk.Desk) error { _, err := d.Search(ctx, "munoz", false); return err },
		"client": func(d *desk.Desk) error { _, err := d.Client(ctx, cl.ID); return err },
		"add": func(d *desk.Desk) error {
			_, err := d.AddClient(ctx, desk.ClientForm{GivenName: "A", FamilyName: "B", DateOfBirth: "1/1/1990"}, true)
			return err
		},
		"edit":   func(d *desk.Desk) error { _, err := d.EditClient(ctx, cl.ID, desk.FormOf(cl)); return err },
		"code":   func(d *desk.Desk) error { _, err := d.IssueCode(ctx, cl.ID); return err },
		"revoke": func(d *desk.Desk) error { _, err := d.RevokeCode(ctx, cl.ID); return err },
		"unlock": func(d *desk.Desk) error { return d.Unlock(ctx, cl.ID) },
		"reset": func(d *desk.Desk) error {
			_, err := d.ResetAccount(ctx, cl.ID, desk.IdentityCheck{Document: "passport", InPerson: true})
			return err
		},
		"case":  func(d *desk.Desk) error { _, err := d.AddCase(ctx, desk.CaseForm{PersonID: cl.ID}); return err },
		"inbox": func(d *desk.Desk) error { _, _, err := d.Inbox(ctx, false); return err },
		"send": func(d *desk.Desk) error {
			_, err := d.Send(ctx, desk.MessageForm{PersonID: cl.ID, Subject: "Hi", Body: "x"})
			return err
		},
		"audit":     func(d *desk.Desk) error { _, err := d.AuditLog(ctx, desk.AuditFilter{}); return err },
		"times":     func(d *desk.Desk) error { _, err := d.ProcessingTimes(ctx); return err },
		"staff":     func(d *desk.Desk) error { _, err := d.Staff(ctx); return err },
		"addstaff":  func(d *desk.Desk) error { _, _, err := d.AddStaff(ctx, desk.StaffForm{}); return err },
		"settings":  func(d *desk.Desk) error { _, err := d.Settings(ctx); return err },
		"setting":   func(d *desk.Desk) error { return d.SetSetting(ctx, app.SettingClinicName, "Other") },
		"disable":   func(d *desk.Desk) error { return d.DisableStaff(ctx, staff.AccountID) },
		"resetpass": func(d *desk.Desk) error { _, err := d.ResetStaff(ctx, staff.AccountID); return err },
	}
	adminOnly := map[string]bool{"staff": true, "addstaff": true, "settings": true, "setting": true, "disable": true, "resetpass": true}
	notYet := portal.NewSession(app.Account{ID: "", PersonID: cl.ID}, time.Now(), portal.DesktopIdle)
	for name, call := range calls {
		for who, s := range map[string]*portal.Session{"applicant": applicant, "forged": forged, "disabled": gone, "no account": notYet} {
			if err := call(r.desk.For(s)); !errors.Is(err, desk.ErrNotStaff) {
				t.Errorf("%s as %s: %v", name, who, err)
			}
		}
		if err := call(r.desk.For(ended)); !errors.Is(err, portal.ErrSignedOut) {
			t.Errorf("%s signed out: %v", name, err)
		}
		if err := call(r.desk.For(nil)); !errors.Is(err, desk.ErrNotStaff) {
			t.Errorf("%s without a session: %v", name, err)
		}
		if adminOnly[name] {
			if err := call(r.desk.For(staff)); !errors.Is(err, desk.ErrNotAdmin) {
				t.Errorf("%s as staff: %v", name, err)
			}
		}
	}
	if n, _ := r.c.CountAudit(ctx, "setting.set"); n != 0 {
		t.Errorf("a refused call wrote %d audit rows", n)
	}
	// Nobody disables themselves or the last administrator.
	if err := r.desk.For(admin).DisableStaff(ctx, admin.AccountID); !errors.Is(err, desk.ErrSelf) {
		t.Errorf("disable self: %v", err)
	}
	// A disabled staff member cannot sign in, answered as a wrong password.
	if _, err := r.acct.Password(ctx, "gone.staff", "velvet harbor lantern 7"); !errors.Is(err, auth.ErrSignIn) {
		t.Errorf("a disabled staff member signed in: %v", err)
	}
}

// TestDeskClinicDay is a day at the desk through the services: a client
// with an accented name, a likely duplicate, searches, a case, an approval
// with its notice, an access code redeemed, the applicant's reply in the
// clinic's inbox, and an audit row naming the staff member for each write.
func TestDeskClinicDay(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	d := r.desk.For(r.staffSession(t, admin, "tomas.h", app.RoleStaff))

	form := desk.ClientForm{GivenName: "Nguyễn", MiddleName: "Thị", FamilyName: "Ánh", DateOfBirth: "07/02/1990", CountryOfBirth: "Vietnam",
		ANumber: "A12345678", Line1: "44 Oak Ave", City: "Springfield", State: "IL", ZIP: "62704", Phone: "217 555 0199", Language: "en"}
	// Bad input names each field, and nothing is written.
	bad := form
	bad.DateOfBirth, bad.ZIP, bad.Email = "31/31/1990", "6270", "not-an-address"
	if _, err := d.AddClient(ctx, bad, false); len(app.InputErrors(err)) != 3 {
		t.Fatalf("bad client: %v", err)
	}
	cl, err := d.AddClient(ctx, form, false)
	if err != nil {
		t.Fatal(err)
	}
	// The same name and date of birth again: a warning, then added on confirm.
	again := form
	again.ANumber, again.GivenName, again.MiddleName, again.FamilyName = "", "NGUYEN", "thi", "anh"
	var dup *desk.DuplicateError
	if _, err := d.AddClient(ctx, again, false); !errors.As(err, &dup) || len(dup.Matches) != 1 || dup.Matches[0].ID != cl.ID {
		t.Fatalf("likely duplicate not warned: %v", err)
	}
	// The same A-number is refused even when confirmed.
	other := desk.ClientForm{GivenName: "Ana", FamilyName: "López", DateOfBirth: "1/2/1970", ANumber: "a-012-345-678"}
	if _, err := d.AddClient(ctx, other, true); !app.IsInput(err, app.FieldANumber) {
		t.Fatalf("a taken A-number: %v", err)
	}
	if _, err := d.AddClient(ctx, again, true); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"nguyen anh", "ÁNH", "A012345678", "a 12345678"} {
		found, err := d.Search(ctx, q, false)
		if err != nil || len(found) == 0 || found[0].ID != cl.ID && (len(found) < 2 || found[1].ID != cl.ID) {
			t.Errorf("search %q: %v %v", q, found, err)
		}
	}
	// Edits keep the earlier details and audit the fields, never values.
	edit := form
	edit.Phone = "(217) 555-0142"
	if _, err := d.EditClient(ctx, cl.ID, edit); err != nil {
		t.Fatal(err)
	}
	if _, err := d.EditClient(ctx, cl.ID, edit); !errors.Is(err, app.ErrUnchanged) {
		t.Errorf("an unchanged edit: %v", err)
	}

	c, err := d.AddCase(ctx, desk.CaseForm{PersonID: cl.ID, Role: desk.AsApplicant, Receipt: "ioe-09-123-45678", FormType: "I-485", Filed: "01/15/2026"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddCase(ctx, desk.CaseForm{PersonID: cl.ID, Role: desk.AsApplicant, Receipt: "IOE0912345678", FormType: "I-485", Filed: "01/15/2026"}); !app.IsInput(err, app.FieldReceipt) {
		t.Errorf("a receipt number twice: %v", err)
	}
	if found, _ := d.Search(ctx, "IOE0912345678", false); len(found) != 1 || found[0].ID != cl.ID {
		t.Errorf("search by receipt: %v", found)
	}

	// The client sets up their account with a code issued at the desk.
	is, err := d.IssueCode(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := d.Client(ctx, cl.ID)
	if err != nil || pg.Account.State != desk.CodeIssued || len(pg.Cases) != 1 || len(pg.History) != 1 {
		t.Fatalf("client page: %+v %v", pg.Account, err)
	}
	ticket, err := r.codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "anh", DateOfBirth: "1990-07-02", ZIP: "62704", CountryOfBirth: "vietnam"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := r.codes.Redeem(ctx, ticket, auth.Setup{Username: "anh.nguyen", Password: "river lamp orange 42", BackupCodes: backupSheet(t)})
	if err != nil {
		t.Fatal(err)
	}
	if found, _ := d.Search(ctx, a.Number.String(), false); len(found) != 1 || found[0].ID != cl.ID {
		t.Errorf("search by account number: %v", found)
	}

	// A status change with its notice.
	if _, err := d.RecordStatus(ctx, desk.StatusForm{CaseID: c.ID, Status: "approved", Date: "01/01/2020", Notice: app.NoticeApproval}); !app.IsInput(err, app.FieldDate) {
		t.Errorf("a change before the case was received: %v", err)
	}
	rec, err := d.RecordStatus(ctx, desk.StatusForm{CaseID: c.ID, Status: "approved", Date: time.Now().Format("01/02/2006"), Note: "Approved at interview", Notice: app.NoticeApproval})
	if err != nil || rec.Notice == nil {
		t.Fatalf("record: %+v %v", rec, err)
	}
	session := portal.NewSession(a, time.Now(), portal.DesktopIdle)
	dash, err := r.portal.Dashboard(ctx, session)
	if err != nil || len(dash.Cases) != 1 || dash.Cases[0].StatusCode != "approved" {
		t.Fatalf("the applicant does not see the approval: %+v %v", dash.Cases, err)
	}
	notices, _ := r.portal.Notices(ctx, session)
	var approval bool
	for _, n := range notices {
		approval = approval || n.Kind == app.NoticeApproval
	}
	if !approval {
		t.Error("the applicant does not see the approval notice")
	}
	msgs, _ := r.portal.Messages(ctx, session)
	if len(msgs) == 0 || !strings.Contains(msgs[len(msgs)-1].Subject+msgs[0].Subject, "new status") {
		t.Fatalf("no inbox note of the change: %+v", msgs)
	}
	// The applicant replies; the clinic sees it unread, then read.
	if _, err := r.portal.Reply(ctx, session, msgs[0].ID, "Thank you! When does the card come?"); err != nil {
		t.Fatal(err)
	}
	items, unread, err := d.Inbox(ctx, false)
	if err != nil || unread != 1 || len(items) != 1 || items[0].PersonName == "" || !items[0].ClinicReadAt.IsZero() {
		t.Fatalf("clinic inbox: %d unread, %+v, %v", unread, items, err)
	}
	if _, err := d.Read(ctx, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := d.Unread(ctx); n != 0 {
		t.Errorf("still %d unread after reading", n)
	}
	// The applicant's own unread count is theirs: reading at the clinic changes nothing there.
	if _, err := d.Send(ctx, desk.MessageForm{ReplyTo: items[0].ID, Body: "In about two weeks."}); err != nil {
		t.Fatal(err)
	}
	if dash, _ := r.portal.Dashboard(ctx, session); dash.Unread != 2 {
		t.Errorf("the applicant's unread count: %d", dash.Unread)
	}

	// Every write is audited with the staff member's username, never a secret.
	log, err := d.AuditLog(ctx, desk.AuditFilter{Actor: "tomas.h"})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]bool{}
	for _, e := range log {
		actions[e.Action] = true
		for _, secret := range []string{"A012345678", "1990-07-02", is.Code.String(), "river lamp"} {
			if strings.Contains(e.Detail, secret) {
				t.Errorf("audit row %s holds a secret: %q", e.Action, e.Detail)
			}
		}
	}
	for _, want := range []string{"client.add", "client.edit", "case.add", "case.status", "message.send"} {
		if !actions[want] {
			t.Errorf("no %s row by tomas.h in %v", want, actions)
		}
	}
	about, _ := d.AuditLog(ctx, desk.AuditFilter{PersonID: cl.ID})
	if len(about) < 4 {
		t.Errorf("only %d audit rows about the client", len(about))
	}
}
