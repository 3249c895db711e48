package data

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/household"
)

func householdSetUp(username string) household.SetUpRecord {
	at := time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)
	return household.SetUpRecord{
		Settings: map[string]string{app.SettingInstallKind: app.InstallHousehold},
		Owner: app.Person{GivenName: "Ana", FamilyName: "Muñoz", DateOfBirth: app.NewDate(1985, 3, 14), ANumber: "A012345678",
			Address: app.Address{Line1: "1200 Oak Ave", City: "Springfield", State: "IL", ZIP: "62701"}, Language: "es"},
		Username: username, PasswordHash: "$argon2id$test", BackupHashes: []string{"h1", "h2"}, At: at,
		Audit: app.AuditEvent{At: at, ActorID: username, Action: "household.setup", RecordType: "household"},
	}
}

// Of eight set-ups at once, exactly one finds the store never set up; the
// others write nothing.
func TestSetUpHouseholdOnce(t *testing.T) {
	s := openTest(t)
	h := s.Household()
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, refused := 0, 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := h.SetUpHousehold(ctx, householdSetUp("owner"+string(rune('a'+i))))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, app.ErrConflict):
				refused++
			default:
				t.Errorf("set-up: %v", err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || refused != 7 {
		t.Fatalf("%d set-ups won, %d refused", won, refused)
	}
	var accounts, people, members, codes int
	s.db.QueryRow(`SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM people), (SELECT count(*) FROM household_members),
		(SELECT count(*) FROM backup_codes)`).Scan(&accounts, &people, &members, &codes)
	if accounts != 1 || people != 1 || members != 1 || codes != 2 {
		t.Fatalf("%d accounts, %d people, %d members, %d codes", accounts, people, members, codes)
	}
	// The owner's date of birth and A-number are sealed, and read back.
	var plain int
	s.db.QueryRow(`SELECT count(*) FROM people WHERE date_of_birth <> '' OR a_number IS NOT NULL`).Scan(&plain)
	if none, err := h.Members(ctx, ""); err != nil || plain != 0 || len(none) != 0 {
		t.Fatalf("plain %d, %d members of nobody, %v", plain, len(none), err)
	}
	var owner string
	s.db.QueryRow(`SELECT person_id FROM household_members`).Scan(&owner)
	if ms, err := h.Members(ctx, owner); err != nil || len(ms) != 1 || ms[0].Person.DateOfBirth.ISO() != "1985-03-14" || ms[0].Person.ANumber != "A012345678" || ms[0].Relationship != household.Self {
		t.Fatalf("members %+v %v", ms, err)
	}
}

// A clinic's store, or one with any account, is not set up as a household.
func TestSetUpHouseholdRefusedOnAClinic(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.SetSetting(ctx, app.SettingInstallKind, app.InstallClinic); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Household().SetUpHousehold(ctx, householdSetUp("ana")); !errors.Is(err, app.ErrConflict) {
		t.Fatalf("on a clinic: %v", err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM accounts`).Scan(&n)
	if n != 0 {
		t.Fatal("an account was written")
	}
}

// A checklist item of one case is not ticked or removed through another.
func TestRFEItemsBelongToTheirCase(t *testing.T) {
	s := openTest(t)
	h := s.Household()
	ctx := context.Background()
	acct, err := h.SetUpHousehold(ctx, householdSetUp("ana"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []app.Case
	for _, r := range []app.Receipt{"EAC2190012345", "WAC2190012345"} {
		c := app.Case{Receipt: r, FormType: "I-485", ApplicantID: acct.PersonID, ReceivedDate: app.NewDate(2026, 1, 2), Source: app.CaseSource{Kind: app.SourceYou}}
		ev := app.CaseEvent{StatusCode: "evidence_requested", Date: app.NewDate(2026, 2, 1)}
		if err := h.AddFollowedCase(ctx, acct.PersonID, &c, &ev, app.AuditEvent{Action: "household.case.add"}); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	e := app.AuditEvent{Action: "household.rfe.item.add"}
	if err := h.AddRFEItem(ctx, cases[0].ID, household.RFEItem{Text: "Birth certificate"}, e); err != nil {
		t.Fatal(err)
	}
	r, err := h.RFE(ctx, cases[0].ID)
	if err != nil || len(r.Items) != 1 {
		t.Fatalf("%+v %v", r, err)
	}
	if err := h.TickRFEItem(ctx, cases[1].ID, r.Items[0].ID, true, e); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("ticked through another case: %v", err)
	}
	if err := h.RemoveRFEItem(ctx, cases[1].ID, r.Items[0].ID, e); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("removed through another case: %v", err)
	}
	if err := h.SetRFEDue(ctx, cases[0].ID, app.NewDate(2026, 3, 1), time.Now(), e); err != nil {
		t.Fatal(err)
	}
	due, err := h.RFEsOfPerson(ctx, acct.PersonID)
	if err != nil || len(due) != 1 || due[0].Receipt != "EAC2190012345" || due[0].Status != "evidence_requested" || len(due[0].Items) != 1 {
		t.Fatalf("rfes %+v %v", due, err)
	}
	// A write without its audit row writes nothing.
	if err := h.AddRFEItem(ctx, cases[0].ID, household.RFEItem{Text: "Photos"}, app.AuditEvent{}); err == nil {
		t.Fatal("a write with no audit action passed")
	}
	if r, _ := h.RFE(ctx, cases[0].ID); len(r.Items) != 1 {
		t.Fatal("the unaudited item was written")
	}
}
