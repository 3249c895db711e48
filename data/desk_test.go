package data

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
)

func names(people []app.Person) []string {
	var out []string
	for _, p := range people {
		out = append(out, p.FullName())
	}
	return out
}

func newClient(given, family string, dob app.Date, a app.ANumber) *desk.Client {
	return &desk.Client{Person: app.Person{GivenName: given, FamilyName: family, DateOfBirth: dob, ANumber: a,
		Address: app.Address{Line1: "1 Main St", City: "Springfield", State: "IL", ZIP: "62701"}}}
}

func mustClient(t *testing.T, s *Store, c *desk.Client) {
	t.Helper()
	if err := s.CreateClient(context.Background(), c, ev("client.created")); err != nil {
		t.Fatal(err)
	}
}

// A staff member's own person row is never a client, whatever asks.
func TestStaffRowsAreNeverClients(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	client := newClient("José", "Muñoz", app.NewDate(1985, 3, 14), "A012345678")
	mustClient(t, s, client)
	mustCase(t, s, "EAC2190012345", client.ID)
	staff := mustStaff(t, s, "José", "Muñoz", "jose", app.RoleStaff)
	if _, err := s.SetUpClinic(ctx, clinicSetUp(1)); !errors.Is(err, app.ErrConflict) {
		t.Fatalf("set-up with staff: %v", err)
	}
	if n := count(t, s, `SELECT count(*) FROM name_prefixes WHERE person_id = ?`, staff.PersonID); n != 0 {
		t.Errorf("staff row has %d search entries", n)
	}
	if res, _ := s.SearchPeople(ctx, "jose munoz", 10); len(res) != 1 || res[0].ID != client.ID {
		t.Errorf("SearchPeople = %v", names(res))
	}
	if _, err := s.Client(ctx, staff.PersonID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("Client(staff) = %v", err)
	}
	if res, _ := s.RecentClients(ctx, 10); len(res) != 1 || res[0].ID != client.ID {
		t.Errorf("RecentClients = %v", names(res))
	}
	if res, _ := s.LikelyDuplicates(ctx, app.Person{GivenName: "Jose", FamilyName: "Munoz"}); len(res) != 0 {
		t.Errorf("LikelyDuplicates without a date of birth = %v", names(res))
	}
	if res, _ := s.LikelyDuplicates(ctx, app.Person{GivenName: "Jose", FamilyName: "Munoz", DateOfBirth: app.NewDate(1985, 3, 14)}); len(res) != 1 || res[0].ID != client.ID {
		t.Errorf("LikelyDuplicates = %v", names(res))
	}
	if ids, _ := s.PeopleWithoutAccounts(ctx, 10); len(ids) != 1 || ids[0] != client.ID {
		t.Errorf("PeopleWithoutAccounts = %v", ids)
	}
	// Even a staff row given a client's ZIP, a case and no account stays out.
	s.db.Exec(`UPDATE people SET zip = '62701' WHERE id = ?`, staff.PersonID)
	if res, _ := s.AccountHoldersAtZIP(ctx, "62701", 10); len(res) != 0 {
		t.Errorf("AccountHoldersAtZIP = %v", names(res))
	}
	cred, _ := s.CredentialsByID(ctx, staff.AccountID)
	if _, err := s.AccountByNumber(ctx, cred.Account.Number); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("AccountByNumber(staff) = %v", err)
	}
	if got, err := s.ClientByANumber(ctx, "A012345678"); err != nil || got.ID != client.ID {
		t.Errorf("ClientByANumber = %+v, %v", got, err)
	}
	if res, _ := s.ClientsAssignedTo(ctx, staff.AccountID, 10); len(res) != 0 {
		t.Errorf("ClientsAssignedTo = %v", names(res))
	}
	if sum, _ := s.Summary(ctx); sum.People != 1 || sum.Accounts != 1 {
		t.Errorf("Summary = %+v", sum)
	}
	if err := s.UpdateClient(ctx, desk.Client{Person: app.Person{ID: staff.PersonID, GivenName: "X", FamilyName: "Y"}}, ev("client.updated")); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("UpdateClient(staff) = %v", err)
	}
}

func TestClientsAndTheirHistory(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	bo := mustStaff(t, s, "Bo", "Chen", "bo", app.RoleStaff)
	ana := newClient("Ana", "López", app.NewDate(1990, 1, 2), "A000123456")
	ana.AssignedTo = bo.AccountID
	mustClient(t, s, ana)
	got, err := s.Client(ctx, ana.ID)
	if err != nil || got.AssignedTo != bo.AccountID || got.ANumber != "A000123456" || got.DateOfBirth != app.NewDate(1990, 1, 2) {
		t.Fatalf("Client = %+v, %v", got, err)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'client.created' AND record_id = ?`, ana.ID); n != 1 {
		t.Errorf("%d audit rows", n)
	}

	// Another client with Ana's A-number: refused, nothing written.
	before := count(t, s, `SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM name_prefixes) + (SELECT count(*) FROM audit_events)`)
	if err := s.CreateClient(ctx, newClient("Other", "Person", app.Date{}, "A000123456"), ev("client.created")); !errors.Is(err, app.ErrAlreadyExists) {
		t.Errorf("taken A-number: %v", err)
	}
	if after := count(t, s, `SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM name_prefixes) + (SELECT count(*) FROM audit_events)`); after != before {
		t.Errorf("rows %d → %d", before, after)
	}
	if err := s.CreateClient(ctx, &desk.Client{Person: app.Person{GivenName: "A", FamilyName: "B"}, AssignedTo: "nobody"}, ev("client.created")); !errors.Is(err, app.ErrConflict) {
		t.Errorf("assigned to nobody: %v", err)
	}

	ben := newClient("Ben", "Adams", app.Date{}, "")
	ben.AssignedTo = bo.AccountID
	mustClient(t, s, ben)
	if res, _ := s.ClientsAssignedTo(ctx, bo.AccountID, 0); !slices.Equal(names(res), []string{"Ben Adams", "Ana López"}) {
		t.Errorf("ClientsAssignedTo = %v", names(res))
	}

	s.now = func() time.Time { return deskAt.Add(time.Hour) }
	changed := *ana
	changed.FamilyName, changed.ANumber, changed.AssignedTo = "García", "A000999999", ""
	e := ev("client.updated")
	e.At = deskAt.Add(time.Hour)
	if err := s.UpdateClient(ctx, changed, e); err != nil {
		t.Fatal(err)
	}
	changed.GivenName = "Anita"
	e.At = deskAt.Add(2 * time.Hour)
	if err := s.UpdateClient(ctx, changed, e); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.SearchPeople(ctx, "lopez", 10); len(res) != 0 {
		t.Errorf("old name still found: %v", names(res))
	}
	if res, _ := s.SearchPeople(ctx, "anita garc", 10); len(res) != 1 {
		t.Errorf("new name not found: %v", names(res))
	}
	if _, err := s.ClientByANumber(ctx, "A000123456"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("old A-number: %v", err)
	}
	if res, _ := s.RecentClients(ctx, 1); len(res) != 1 || res[0].ID != ana.ID {
		t.Errorf("RecentClients = %v", names(res))
	}
	hist, err := s.ClientHistory(ctx, ana.ID)
	if err != nil || len(hist) != 2 {
		t.Fatalf("ClientHistory = %+v, %v", hist, err)
	}
	if hist[0].GivenName != "Ana" || hist[0].FamilyName != "García" || hist[0].AssignedTo != "" || !hist[0].ChangedAt.Equal(deskAt.Add(2*time.Hour)) ||
		hist[1].FamilyName != "López" || hist[1].ANumber != "A000123456" || hist[1].DateOfBirth != app.NewDate(1990, 1, 2) ||
		hist[1].AssignedTo != bo.AccountID || hist[1].ChangedBy != "admin" || hist[1].Address.ZIP != "62701" {
		t.Errorf("ClientHistory = %+v", hist)
	}
	// The history keeps the sealed fields sealed. (Their ciphertext is in
	// hexadecimal, which may hold any run of digits by chance, but never a
	// dash or the A-number's form.)
	if n := count(t, s, `SELECT count(*) FROM person_history WHERE details LIKE '%A000123456%' OR details LIKE '%1990-01-02%' OR details LIKE '%01/02/1990%'`); n != 0 {
		t.Errorf("%d history rows hold an A-number or date of birth in plain text", n)
	}

	// Ben takes Ana's new A-number: refused, Ben unchanged, no history row.
	ben.ANumber = "A000999999"
	if err := s.UpdateClient(ctx, *ben, ev("client.updated")); !errors.Is(err, app.ErrAlreadyExists) {
		t.Errorf("taken A-number: %v", err)
	}
	if hist, _ := s.ClientHistory(ctx, ben.ID); len(hist) != 0 {
		t.Errorf("history of a refused change: %+v", hist)
	}
}

func TestLikelyDuplicates(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	dob := app.NewDate(1980, 5, 6)
	first := newClient("José", "Muñoz", dob, "")
	mustClient(t, s, first)
	same := newClient("JOSE", "MUNOZ", dob, "")
	mustClient(t, s, same)
	mustClient(t, s, newClient("José", "Muñoz", app.NewDate(1981, 5, 6), ""))                  // another birthday
	mustClient(t, s, newClient("José Luis", "Muñoz", dob, ""))                                 // another name
	mustClient(t, s, &desk.Client{Person: app.Person{GivenName: "José", FamilyName: "Muñoz"}}) // no birthday
	byA := newClient("Someone", "Else", app.Date{}, "A055555555")
	mustClient(t, s, byA)

	res, err := s.LikelyDuplicates(ctx, first.Person)
	if err != nil || len(res) != 1 || res[0].ID != same.ID {
		t.Errorf("LikelyDuplicates(first) = %v, %v", names(res), err)
	}
	probe := app.Person{GivenName: "jose", FamilyName: "muñoz", DateOfBirth: dob, ANumber: "A055555555"}
	res, _ = s.LikelyDuplicates(ctx, probe)
	var ids []string
	for _, p := range res {
		ids = append(ids, p.ID)
	}
	slices.Sort(ids)
	want := []string{first.ID, same.ID, byA.ID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("LikelyDuplicates(probe) = %v", names(res))
	}
	probe.ID = byA.ID
	if res, _ := s.LikelyDuplicates(ctx, probe); len(res) != 2 {
		t.Errorf("LikelyDuplicates finds the person themself: %v", names(res))
	}
}

// LikelyDuplicates on the reference clinic's size opens only the people
// who share the name's words.
func TestLikelyDuplicatesAmongFiftyThousand(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("builds 50,000 people and times a lookup: not in -short or under the race detector")
	}
	s := openTest(t)
	ctx := context.Background()
	b, err := s.BeginBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	given := []string{"José", "María", "Ana", "Luis", "Nguyễn", "Olga", "Łukasz", "Fatima", "Juan", "Carmen"}
	family := []string{"García", "López", "Muñoz", "Pérez", "Żółć", "Smith", "Chen", "Kim", "Rossi", "Ali"}
	for i := range 50000 {
		p := app.Person{GivenName: given[i%10] + fmt.Sprint(i/1000), FamilyName: family[(i/10)%10],
			DateOfBirth: app.NewDate(1950+i%50, time.Month(1+i%12), 1+i%28), CreatedAt: deskAt}
		if err := b.Person(&p); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	probe := app.Person{GivenName: "José7", FamilyName: "García", DateOfBirth: app.NewDate(1950+7000%50, time.Month(1+7000%12), 1+7000%28)}
	start := time.Now()
	res, err := s.LikelyDuplicates(ctx, probe)
	took := time.Since(start)
	if err != nil || len(res) != 1 {
		t.Fatalf("LikelyDuplicates = %v, %v", names(res), err)
	}
	if took > 250*time.Millisecond {
		t.Errorf("LikelyDuplicates took %v", took)
	}
	t.Logf("LikelyDuplicates among 50,000 people: %v", took)
}

func TestLiveAccessCode(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := newClient("Ana", "López", app.NewDate(1990, 1, 2), "")
	mustClient(t, s, p)
	if _, err := s.LiveAccessCode(ctx, p.ID, deskAt); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("no code: %v", err)
	}
	exp := deskAt.Add(30 * 24 * time.Hour)
	issued(t, s, p.ID, exp)
	if got, err := s.LiveAccessCode(ctx, p.ID, deskAt); err != nil || !got.Equal(exp) {
		t.Errorf("LiveAccessCode = %v, %v", got, err)
	}
	if _, err := s.LiveAccessCode(ctx, p.ID, exp); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("expired: %v", err)
	}
	if _, err := s.RevokeAccessCodes(ctx, p.ID, "bo", deskAt); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LiveAccessCode(ctx, p.ID, deskAt); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("revoked: %v", err)
	}
}
