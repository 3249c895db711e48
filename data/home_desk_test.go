package data

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/portal"
)

// The whole way with the desk's own service: a staff member writes a
// client's packet at the clinic, the code is read off its printed notice,
// and a home store in another folder, with another data key, sets up the
// client's account with exactly their cases; after a status change at the
// clinic, the next packet brings it home.
func TestDeskPacketOpensAtHome(t *testing.T) {
	ctx := context.Background()
	p := newPacketDesk(t)
	client, other := clientWithCases(t, p.s, 3)
	staff := p.as(p.staff.AccountID, app.RoleStaff)
	path := filepath.Join(t.TempDir(), "munoz.cdpacket")
	w, err := staff.WritePacket(ctx, client.ID, path)
	if err != nil {
		t.Fatal(err)
	}
	code := noticeCode(t, p, w)
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	h := newHomeRig(t)
	id := auth.Identity{FamilyName: "nunez", DateOfBirth: "03/14/1985", ZIP: "62701", CountryOfBirth: "Mexico"}
	tk, err := h.svc.Check(ctx, file, string(code), id)
	if err != nil {
		t.Fatal(err)
	}
	acct, applied, err := h.svc.Redeem(ctx, tk, homeSetup(t))
	if err != nil {
		t.Fatal(err)
	}
	if applied.NewCases != 3 || applied.Clinic != w.Clinic {
		t.Fatalf("applied %+v", applied)
	}
	cases, err := h.s.CasesOfPerson(ctx, acct.PersonID)
	if err != nil || len(cases) != 3 {
		t.Fatalf("the client's cases at home: %d %v", len(cases), err)
	}
	if n := count(t, h.s, `SELECT count(*) FROM cases WHERE receipt_number = 'EAC2190099999'`); n != 0 {
		t.Fatal("the other client's own case came home")
	}
	if n := count(t, h.s, `SELECT count(*) FROM people WHERE id = ? AND sealed IS NULL`, other.ID); n != 1 {
		t.Fatal("the other client is not at home by name only")
	}

	ev := app.CaseEvent{CaseID: cases[0].ID, StatusCode: "approved", Date: app.NewDate(2025, 9, 1)}
	if err := p.s.RecordEvent(ctx, &ev); err != nil {
		t.Fatal(err)
	}
	path2 := filepath.Join(t.TempDir(), "munoz-2.cdpacket")
	w2, err := staff.WritePacket(ctx, client.ID, path2)
	if err != nil {
		t.Fatal(err)
	}
	file2, _ := os.ReadFile(path2)
	s := portal.NewSession(acct, h.clk.now(), 0)
	a, err := h.svc.Update(ctx, s, file2, string(noticeCode(t, p, w2)))
	if err != nil || a.UpdatedCases != 1 || a.NewEvents != 1 {
		t.Fatalf("second packet: %+v %v", a, err)
	}
	got, err := h.s.Case(ctx, cases[0].ID)
	if err != nil || got.StatusCode != "approved" {
		t.Fatalf("the status change did not come home: %+v %v", got, err)
	}
}
