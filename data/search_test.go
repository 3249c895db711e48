package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
)

// searchFamilies searches and lists the family names found, in order.
func searchFamilies(t *testing.T, s *Store, q string, limit int) []string {
	t.Helper()
	res, err := s.SearchPeople(context.Background(), q, limit)
	if err != nil {
		t.Fatalf("SearchPeople(%q): %v", q, err)
	}
	var fam []string
	for _, p := range res {
		fam = append(fam, p.GivenName+" "+p.FamilyName)
	}
	return fam
}

// A person stored without its names in the search (a member of the clinic's
// staff, say) is never found, whatever is typed.
func TestSearchFindsOnlyIndexedPeople(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	mustPerson(t, s, "Rosa", "Delgado")
	staff := app.Person{ID: newID(), GivenName: "Rosa", FamilyName: "Delgado", CreatedAt: time.Now()}
	if err := s.tx(ctx, func(tx *sql.Tx) error { return insertPersonRow(ctx, tx, s.sealer, &staff, personRow{staff: true}) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Person(ctx, staff.ID); err != nil {
		t.Fatalf("the row itself: %v", err)
	}
	for _, q := range []string{"rosa", "delgado", "del ros", "r", "d"} {
		res, err := s.SearchPeople(ctx, q, 100)
		if err != nil || len(res) != 1 || res[0].ID == staff.ID {
			t.Errorf("SearchPeople(%q) = %d people, %v; want the client alone", q, len(res), err)
		}
	}
}

func TestSearchEveryWordMustStartAName(t *testing.T) {
	s := openTest(t)
	mustPerson(t, s, "José", "Muñoz")
	mustPerson(t, s, "Josefina", "Muñiz-Ortega")
	mustPerson(t, s, "Mun", "Jo")
	for _, tt := range []struct{ q, want string }{
		{"muno jos", "[José Muñoz]"},
		{"jos muno", "[José Muñoz]"},
		{"JOSÉ MUÑ", "[Josefina Muñiz-Ortega José Muñoz]"},
		{"ortega", "[Josefina Muñiz-Ortega]"},
		{"orte jose mu", "[Josefina Muñiz-Ortega]"},
		{"jos z", "[]"},        // z is inside Muñoz, not at a name's start
		{"unoz", "[]"},         // no name starts with it
		{"muñoz jose x", "[]"}, // every typed word must match
		{"mun jo", "[Mun Jo Josefina Muñiz-Ortega José Muñoz]"},
		{"j", "[Mun Jo Josefina Muñiz-Ortega José Muñoz]"},
	} {
		if got := fmt.Sprint(searchFamilies(t, s, tt.q, 10)); got != tt.want {
			t.Errorf("SearchPeople(%q) = %s, want %s", tt.q, got, tt.want)
		}
	}
}

// Results come newest first, each person once however many of the names
// match; the limit counts people.
func TestSearchNewestFirstEachPersonOnce(t *testing.T) {
	s := openTest(t)
	for _, n := range [][2]string{
		{"Mariana", "Ruiz"}, {"María Mariana", "Mar"}, {"Ana", "Martínez"}, {"María", "Ruiz"}, {"Marco", "Ruiz"}, {"Ana", "Mar"},
	} {
		mustPerson(t, s, n[0], n[1])
	}
	for _, tt := range []struct {
		q     string
		limit int
		want  string
	}{
		{"mar", 10, "[Ana Mar Marco Ruiz María Ruiz Ana Martínez María Mariana Mar Mariana Ruiz]"},
		{"mar", 3, "[Ana Mar Marco Ruiz María Ruiz]"},
		{"maria", 10, "[María Ruiz María Mariana Mar Mariana Ruiz]"}, // maria starts mariana too
		{"ruiz mari", 10, "[María Ruiz Mariana Ruiz]"},
		{"mar", 0, "[]"},
	} {
		for range 2 {
			if got := fmt.Sprint(searchFamilies(t, s, tt.q, tt.limit)); got != tt.want {
				t.Errorf("SearchPeople(%q, %d) = %s, want %s", tt.q, tt.limit, got, tt.want)
			}
		}
	}
}

// The search reads the rows of one prefix in key order and stops at its
// limit: SQLite neither sorts nor counts every match, which is what makes
// it cost the same at any size.
func TestSearchPlanSortsNothing(t *testing.T) {
	sqliteOnly(t, "SQLite's query plan (TestServerSearchPlanSortsNothing checks PostgreSQL's)")
	s := openTest(t)
	for i := range 50 {
		mustPerson(t, s, fmt.Sprint("Given", i), "García")
	}
	s.db.Exec("ANALYZE")
	for _, q := range []string{"ga", "garcía", "gar giv", "giv garc", "g i v e n"} {
		query, args := searchQuery(strings.Fields(app.FoldName(q)), 20, false)
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		text := strings.Join(plan, "; ")
		if strings.Contains(text, "TEMP B-TREE") || !strings.HasPrefix(text, "SEARCH k USING PRIMARY KEY (prefix=?)") {
			t.Errorf("%s: plan %s", q, text)
		}
	}
}

// On PostgreSQL too, the search walks the prefix's rows backwards along
// the primary key and stops at its limit: no sort of every match. (For a
// query of several one-letter words, which it guesses rare, PostgreSQL
// may instead read the one letter's rows and sort those that match: a
// bounded read, which the desk-search benchmark's p95 covers.)
func TestServerSearchPlanSortsNothing(t *testing.T) {
	if !onServer() {
		t.Skip("PostgreSQL's plan: runs with CASEDESK_TEST_SERVER=1")
	}
	s := openTest(t)
	b, err := s.BeginBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		p := app.Person{GivenName: fmt.Sprint("Given", i), FamilyName: []string{"García", "Nguyễn", "Okafor"}[i%3]}
		if err := b.Person(&p); err != nil {
			t.Fatal(err)
		}
		if err := indexName(context.Background(), b, &p); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	s.db.Exec("ANALYZE")
	for _, q := range []string{"ga", "garcía", "gar giv", "giv garc", "nguy", "okafor given1"} {
		query, args := searchQuery(strings.Fields(app.FoldName(q)), 20, true)
		rows, err := s.db.Query("EXPLAIN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			rows.Scan(&line)
			plan = append(plan, strings.TrimSpace(line))
		}
		rows.Close()
		text := strings.Join(plan, "; ")
		walk := strings.Index(text, "Scan Backward using name_prefixes_pkey")
		if walk < 0 || strings.Contains(text[walk:], "Sort") {
			t.Errorf("%s: plan %s", q, text)
		}
	}
}

// olderPerson stores a person in a store older than migration 9, as
// CaseDesk did then: the row, and the folded names in people_fts.
func olderPerson(t *testing.T, s *Store, given, family string) app.Person {
	t.Helper()
	ctx := context.Background()
	if s.sealer == nil {
		if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
			t.Fatal(err)
		}
	}
	p := app.Person{ID: newID(), GivenName: given, FamilyName: family, CreatedAt: time.Now()}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := insertPersonRow(ctx, tx, s.sealer, &p, personRow{}); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO people_fts (person_id, name) VALUES (?, ?)`, p.ID, searchName(&p))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Migration 9 moves every indexed name of an older store to
// name_prefixes, and only those.
func TestNameSearchFromAnOlderStore(t *testing.T) {
	sqliteOnly(t, "an older store file (a database on a server starts at today's schema)")
	ctx := context.Background()
	s := olderStore(t, 7)
	olderPerson(t, s, "José Luis", "Muñoz Muñoz")
	olderPerson(t, s, "Nguyễn Thị", "Ánh")
	olderPerson(t, s, "Ольга", "Петрова-Ли")
	staff := app.Person{ID: newID(), GivenName: "José", FamilyName: "Staff", CreatedAt: time.Now()}
	if err := s.tx(ctx, func(tx *sql.Tx) error { return insertPersonRow(ctx, tx, s.sealer, &staff, personRow{}) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ q, want string }{
		{"muno jos", "[José Luis Muñoz Muñoz]"},
		{"lu", "[José Luis Muñoz Muñoz]"},
		{"anh nguy", "[Nguyễn Thị Ánh]"},
		{"jos", "[José Luis Muñoz Muñoz]"},
		{"staff", "[]"},
		{"ли ольга", "[Ольга Петрова-Ли]"},
	} {
		if got := fmt.Sprint(searchFamilies(t, s2, tt.q, 10)); got != tt.want {
			t.Errorf("SearchPeople(%q) = %s, want %s", tt.q, got, tt.want)
		}
	}
	// The same rows as indexName writes: SQLite's substr and firstRunes
	// count letters alike.
	got, want := map[string]bool{}, map[string]bool{}
	rows, err := s2.db.Query(`SELECT prefix, name FROM name_prefixes`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var pre, name string
		rows.Scan(&pre, &name)
		got[pre+"|"+name] = true
	}
	rows.Close()
	for _, name := range []string{"jose luis munoz munoz", "nguyen thi anh", "ольга петрова ли"} {
		for _, w := range strings.Fields(name) {
			for n := 1; n <= prefixLen && n <= len([]rune(w)); n++ {
				want[firstRunes(w, n)+"|"+name] = true
			}
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("migrated rows %v\nwant %v", got, want)
	}
	var fts int
	s2.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'people_fts'`).Scan(&fts)
	if fts != 0 {
		t.Error("people_fts is still there")
	}
}
