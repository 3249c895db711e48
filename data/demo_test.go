package data

import (
	"context"
	"testing"

	"casedesk/app"
	"casedesk/app/demo"
)

func TestDemoClinicInAStore(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	n, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
		demo.Options{People: 300, Seed: 3, Today: app.NewDate(2026, 11, 1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Summary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.People != n.People || sum.Cases != n.Cases || sum.Events != n.Events || sum.Notices != n.Notices ||
		sum.Appointments != n.Appointments || sum.Messages != n.Messages || sum.ClinicName != demo.ClinicName {
		t.Errorf("store holds %+v, demo built %+v", sum, n)
	}
	if !s.pg { // a server checks every reference as each row goes in
		if err := check(ctx, s.db, "PRAGMA integrity_check"); err != nil {
			t.Fatal(err)
		}
		var dangling int
		s.db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&dangling)
		if dangling != 0 {
			t.Errorf("%d dangling references", dangling)
		}
	}
	if !hasObject(t, s, "case_events_case") {
		t.Error("the index case_events_case is missing")
	}
	// The loaded people are searchable without their accents.
	var accented string
	accentedQuery := "SELECT family_name FROM people WHERE family_name GLOB '*[^a-zA-Z -]*' LIMIT 1"
	if s.pg {
		accentedQuery = "SELECT family_name FROM people WHERE family_name ~ '[^a-zA-Z -]' LIMIT 1"
	}
	s.db.QueryRow(accentedQuery).Scan(&accented)
	res, err := s.SearchPeople(ctx, app.FoldName(accented), 5)
	if accented == "" || err != nil || len(res) == 0 || !app.SameName(res[0].FamilyName, accented) {
		t.Errorf("search for %q without accents: %d, %v", accented, len(res), err)
	}
	// A second load into a store that holds cases keeps its indexes and adds to it.
	if _, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
		demo.Options{People: 5, Seed: 99, Today: app.NewDate(2026, 11, 1)}, nil); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Summary(ctx)
	if after.People != sum.People+5 {
		t.Errorf("after a second load: %d people", after.People)
	}
}
