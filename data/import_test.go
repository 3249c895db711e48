package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/portal"
)

// The import's tests run the desk's import over a real store, with the
// spreadsheet files kept in app/desk/testdata/import (its NOTES.md says
// how each was made).

var importFixtures = filepath.Join("..", "app", "desk", "testdata", "import")

// importAt is the desk's clock in these tests.
var importAt = time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)

// importDesks opens a store and returns the desks of an administrator, a
// plain staff member and a signed-out administrator over it.
func importDesks(t testing.TB) (s *Store, admin, staff, out *desk.Desk) {
	t.Helper()
	s = openImportStore(t)
	return s, importDesk(t, s, "admin", app.RoleAdmin), importDesk(t, s, "staff", app.RoleStaff), signedOut(t, s)
}

// openImportStore is openTest for tests and benchmarks alike.
func openImportStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "casedesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.UseKeys(context.Background(), auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	return s
}

func deskService(s *Store) *desk.Service {
	return desk.New(s.Desk(), nil, nil, nil, nil, func() time.Time { return importAt }, auth.DefaultArgon2)
}

// importDesk is the desk of a signed-in staff member with the role.
func importDesk(t testing.TB, s *Store, username string, role app.Role) *desk.Desk {
	t.Helper()
	return deskService(s).For(portal.NewSession(app.Account{ID: staffAccount(t, s, username, role)}, importAt, 0))
}

// staffAccount adds a staff member who chose their password, and returns their account id.
func staffAccount(t testing.TB, s *Store, username string, role app.Role) string {
	t.Helper()
	m, err := s.CreateStaff(context.Background(), desk.NewStaff{GivenName: "Test", FamilyName: username, Username: username,
		Role: role, PasswordHash: "x", At: deskAt, Audit: ev("staff.created")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE accounts SET must_change_password = 0 WHERE id = ?`, m.AccountID); err != nil {
		t.Fatal(err)
	}
	return m.AccountID
}

func signedOut(t testing.TB, s *Store) *desk.Desk {
	t.Helper()
	sess := portal.NewSession(app.Account{ID: staffAccount(t, s, "gone", app.RoleAdmin)}, importAt, 0)
	sess.End()
	return deskService(s).For(sess)
}

func readFixture(t testing.TB, name string) *desk.CSVFile {
	t.Helper()
	f, err := os.Open(filepath.Join(importFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file, err := desk.ReadCSV(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return file
}

// dryRun reads a fixture and runs its dry run with the default mapping.
func dryRun(t testing.TB, d *desk.Desk, kind desk.ImportKind, file *desk.CSVFile) *desk.Plan {
	t.Helper()
	p, err := d.DryRun(context.Background(), kind, file, desk.DefaultMapping(kind, file.Header))
	if err != nil {
		t.Fatal(desk.ImportMessage(err))
	}
	return p
}

func actionsOf(p *desk.Plan) string {
	var b strings.Builder
	for _, r := range p.Rows {
		fmt.Fprintf(&b, "%d:%s ", r.Line, r.Action)
	}
	return strings.TrimSpace(b.String())
}

// dump is every row of the tables an import writes, in order, as text.
func dump(t testing.TB, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT * FROM people ORDER BY id`, `SELECT * FROM person_history ORDER BY id`,
		`SELECT * FROM name_prefixes ORDER BY prefix, person_id`, `SELECT * FROM cases ORDER BY id`,
		`SELECT * FROM case_events ORDER BY id`,
	} {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

// Files as Excel, LibreOffice and a European Excel save them are read
// whole: accented names, quoted commas and semicolons, line breaks typed
// in a cell, and each row's line counts the lines its quoted breaks take.
func TestImportSpreadsheetFiles(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		file  string
		sep   rune
		lines string
		want  map[app.ANumber]string // a client's name, street and apartment as stored
	}{
		{"excel-utf8-bom-crlf.csv", ',', "2:add 3:add 4:add 7:add", map[app.ANumber]string{
			"A012345678": "María José Núñez García|1200 Main St|Apt 4, Rear|Houston|es",
			"A087654321": "François Lefèvre|45 Oak Ave||Springfield|fr",
			"A000123456": "Zoë O'Brien-Ávila||||en"}},
		{"libreoffice-utf8-lf.csv", ',', "2:add 3:add 4:add", map[app.ANumber]string{
			"A111111111": "José Muñoz|10 Calle Sol, Unit 2||El Paso|en"}},
		{"excel-semicolon-bom-crlf.csv", ';', "2:add 3:add", map[app.ANumber]string{
			"A333333333": "Guadalupe Hernández López|500 Pine St; Apt 9||Phoenix|es"}},
		{"own-headers.csv", ',', "2:add", map[app.ANumber]string{
			"A444444444": "Rosa Díaz||||en"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s, admin, _, _ := importDesks(t)
			file := readFixture(t, tc.file)
			if file.Separator != tc.sep {
				t.Errorf("separator %q, want %q", file.Separator, tc.sep)
			}
			p := dryRun(t, admin, desk.ImportClients, file)
			if got := actionsOf(p); got != tc.lines {
				for _, r := range p.Rows {
					t.Logf("line %d %s %s %+v", r.Line, r.Action, r.What, r.Problems)
				}
				t.Fatalf("dry run %s, want %s", got, tc.lines)
			}
			if n := count(t, s, `SELECT count(*) FROM people WHERE staff = 0`); n != 0 {
				t.Fatalf("the dry run wrote %d clients", n)
			}
			res, err := admin.Apply(ctx, p, nil)
			if err != nil || res.Added != len(p.Rows) {
				t.Fatalf("Apply = %+v, %v", res, err)
			}
			for a, want := range tc.want {
				c, err := s.ClientByANumber(ctx, a)
				if err != nil {
					t.Fatalf("%s: %v", a, err)
				}
				got := strings.Join([]string{c.FullName(), c.Address.Line1, c.Address.Line2, c.Address.City, c.Language}, "|")
				if got != want {
					t.Errorf("%s = %q, want %q", a, got, want)
				}
			}
		})
	}
}

// A line break typed in a name's cell is not kept in the name: notices
// print names on one line.
func TestImportLineBreakInACell(t *testing.T) {
	s, admin, _, _ := importDesks(t)
	p := dryRun(t, admin, desk.ImportClients, readFixture(t, "excel-utf8-bom-crlf.csv"))
	if _, err := admin.Apply(context.Background(), p, nil); err != nil {
		t.Fatal(err)
	}
	found, err := s.SearchPeople(context.Background(), "huong", 5)
	if err != nil || len(found) != 1 {
		t.Fatalf("search = %v, %v", names(found), err)
	}
	if got := found[0].OtherNames; got != "Huong Nguyen Hương Thị Nguyễn" {
		t.Errorf("other names %q", got)
	}
	if got := found[0].Address.Line1; got != "300 Elm St Building B" {
		t.Errorf("street %q", got)
	}
}

// A Latin-1 file is refused whole, naming the first line that is not
// UTF-8 and saying to save it as UTF-8; nothing is read garbled.
func TestImportLatin1Refused(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(importFixtures, "latin1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = desk.ParseCSV(b)
	var fe *desk.ImportFileError
	if !errors.As(err, &fe) || !errors.Is(err, desk.ErrImportFile) {
		t.Fatalf("ParseCSV = %v", err)
	}
	if fe.Line != 3 || !strings.Contains(strings.ToLower(fe.Error()), "save it as utf-8") || !strings.HasPrefix(fe.Error(), "Line 3:") {
		t.Errorf("message %q (line %d)", fe.Error(), fe.Line)
	}
}

// A refused row among good ones: the dry run names its line, its columns
// (as the file names them), what is wrong and what is valid; the good rows
// are imported and the refused ones are not.
func TestImportRefusedRowAmongGood(t *testing.T) {
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	p := dryRun(t, admin, desk.ImportClients, readFixture(t, "refused-row.csv"))
	if got := actionsOf(p); got != "2:add 3:refused 4:add 5:refused" {
		t.Fatalf("dry run %s", got)
	}
	first := p.RefusedFirst()[0]
	if first.Line != 3 || len(first.Problems) != 2 {
		t.Fatalf("first refused row %+v", first)
	}
	if pr := first.Problems[0]; pr.Column != "Date of birth" || !strings.Contains(pr.Message, "no day 30") || !strings.Contains(pr.Message, "28 days") {
		t.Errorf("problem %+v", pr)
	}
	if pr := first.Problems[1]; pr.Column != "State" || !strings.Contains(pr.Message, "State") {
		t.Errorf("problem %+v", pr)
	}
	dup := p.RefusedFirst()[1]
	if dup.Line != 5 || dup.Problems[0].Column != "A-number" || !strings.Contains(dup.Problems[0].Message, "same as on line 2") {
		t.Errorf("duplicate row %+v", dup)
	}
	if p.Count(desk.ActionAdd) != 2 || p.Count(desk.ActionRefused) != 2 || p.Writes() != 2 {
		t.Errorf("counts %s", p.Summary())
	}
	res, err := admin.Apply(ctx, p, nil)
	if err != nil || res.Added != 2 || res.Refused != 2 {
		t.Fatalf("Apply = %+v, %v", res, err)
	}
	if n := count(t, s, `SELECT count(*) FROM people WHERE staff = 0`); n != 2 {
		t.Errorf("%d clients stored, want 2", n)
	}
	if _, err := s.ClientByANumber(ctx, "A666666666"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("the refused row was stored: %v", err)
	}
	if _, err := admin.Apply(ctx, p, nil); !errors.Is(err, desk.ErrPlanApplied) {
		t.Errorf("a second Apply = %v", err)
	}
}

// Importing the same files again changes nothing: every row is unchanged,
// the tables hold the same rows byte for byte, and the only new audit rows
// are the imports' own.
func TestImportAgainChangesNothing(t *testing.T) {
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	clients := readFixture(t, "excel-utf8-bom-crlf.csv")
	cases := readFixture(t, "cases-excel-utf8.csv")
	if _, err := admin.Apply(ctx, dryRun(t, admin, desk.ImportClients, clients), nil); err != nil {
		t.Fatal(err)
	}
	pc := dryRun(t, admin, desk.ImportCases, cases)
	if got := actionsOf(pc); got != "2:add 3:add 4:add 5:add" {
		for _, r := range pc.Rows {
			t.Logf("line %d %s %+v", r.Line, r.Action, r.Problems)
		}
		t.Fatalf("cases dry run %s", got)
	}
	if _, err := admin.Apply(ctx, pc, nil); err != nil {
		t.Fatal(err)
	}
	c, err := s.CaseByReceipt(ctx, "IOE0912345678")
	if err != nil || c.StatusCode != "card_mailed" || c.StatusDate.ISO() != "2025-06-01" || c.Office != "National Benefits Center, Lee's Summit" {
		t.Errorf("case = %+v, %v", c, err)
	}
	if c, _ := s.CaseByReceipt(ctx, "WAC2290054321"); c.StatusCode != "received" || c.Office == "" {
		t.Errorf("case by name = %+v", c)
	}
	if c, _ := s.CaseByReceipt(ctx, "LIN2390011111"); c.PetitionerID == "" || c.PetitionerID != c.ApplicantID {
		t.Errorf("petition = %+v", c)
	}
	before, audits := dump(t, s), count(t, s, `SELECT count(*) FROM audit_events`)

	p := dryRun(t, admin, desk.ImportClients, clients)
	q := dryRun(t, admin, desk.ImportCases, cases)
	if p.Count(desk.ActionUnchanged) != len(p.Rows) || q.Count(desk.ActionUnchanged) != len(q.Rows) {
		t.Fatalf("second run: clients %s; cases %s", p.Summary(), q.Summary())
	}
	for _, plan := range []*desk.Plan{p, q} {
		if _, err := admin.Apply(ctx, plan, nil); err != nil {
			t.Fatal(err)
		}
	}
	if after := dump(t, s); after != before {
		t.Errorf("the second import changed the store:\n%s\n----\n%s", before, after)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events`); n != audits+2 {
		t.Errorf("%d new audit rows, want the 2 imports' own", n-audits)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action IN ('import.clients', 'import.cases') AND detail LIKE 'added 0, updated 0, unchanged %'`); n != 2 {
		t.Errorf("%d summary rows of the second run", n)
	}
}

// A changed detail updates the client, keeping the earlier details in
// their history; an empty cell keeps what the store has. The audit rows
// name fields, never a client's details.
func TestImportUpdatesAndAudits(t *testing.T) {
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	had := newClient("Ana", "Ruiz", app.NewDate(1980, 1, 2), "A555555555")
	had.Phone = "512-555-0100"
	mustClient(t, s, had)
	p := dryRun(t, admin, desk.ImportClients, readFixture(t, "refused-row.csv"))
	if r := p.Rows[0]; r.Action != desk.ActionUpdate || strings.Join(r.Changes, ",") != "address" {
		t.Fatalf("row 2 = %+v", r)
	}
	if _, err := admin.Apply(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Client(ctx, had.ID)
	if c.Address.City != "Austin" || c.Phone != "512-555-0100" {
		t.Errorf("updated client %+v", c.Person)
	}
	if h, _ := s.ClientHistory(ctx, had.ID); len(h) != 1 || h[0].Address.City != "Springfield" {
		t.Errorf("history %+v", h)
	}
	rows, err := s.db.Query(`SELECT action, detail FROM audit_events WHERE actor_id = 'admin' AND action != 'client.created' AND action != 'staff.created'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var a, d string
		rows.Scan(&a, &d)
		got = append(got, a+": "+d)
		for _, secret := range []string{"Ruiz", "Vega", "A555555555", "A777777777", "Austin", "1980"} {
			if strings.Contains(d, secret) {
				t.Errorf("audit detail %q names %q", d, secret)
			}
		}
	}
	want := "client.edit: imported from a CSV file: changed address|client.add: imported from a CSV file|import.clients: added 1, updated 1, unchanged 0, refused 2"
	if strings.Join(got, "|") != want {
		t.Errorf("audit rows\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}

// Importing is an administrator's call: a plain staff member and a
// signed-out session are refused, both the dry run and the import.
func TestImportRefusesAllButAdministrators(t *testing.T) {
	ctx := context.Background()
	s, admin, staff, out := importDesks(t)
	file := readFixture(t, "libreoffice-utf8-lf.csv")
	m := desk.DefaultMapping(desk.ImportClients, file.Header)
	if _, err := staff.DryRun(ctx, desk.ImportClients, file, m); !errors.Is(err, desk.ErrNotAdmin) {
		t.Errorf("staff dry run = %v", err)
	}
	if _, err := out.DryRun(ctx, desk.ImportClients, file, m); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("signed-out dry run = %v", err)
	}
	p := dryRun(t, admin, desk.ImportClients, file)
	if _, err := staff.Apply(ctx, p, nil); !errors.Is(err, desk.ErrNotAdmin) {
		t.Errorf("staff apply = %v", err)
	}
	if _, err := out.Apply(ctx, p, nil); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("signed-out apply = %v", err)
	}
	var none *desk.Desk
	if _, err := none.DryRun(ctx, desk.ImportClients, file, m); !errors.Is(err, desk.ErrNotStaff) {
		t.Errorf("no desk = %v", err)
	}
	if n := count(t, s, `SELECT count(*) FROM people WHERE staff = 0`); n != 0 {
		t.Errorf("%d clients written by refused calls", n)
	}
}

// A row matched by A-number updates the client when only the name (a
// married name) or only the date of birth (a corrected date) differs; when
// both differ the A-number is most likely wrong, and the row is refused
// without naming the client who has it.
func TestImportANumberOfAnotherClient(t *testing.T) {
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	ana := newClient("Ana", "Ruiz", app.NewDate(1980, 1, 2), "A555555555")
	bea := newClient("Bea", "Soto", app.NewDate(1981, 2, 3), "A666666666")
	eva := newClient("Eva", "Luna", app.NewDate(1982, 3, 4), "A777777777")
	for _, c := range []*desk.Client{ana, bea, eva} {
		mustClient(t, s, c)
	}
	file, err := desk.ParseCSV([]byte("Given name,Family name,Date of birth,A-number\n" +
		"Ana,Vega,01/02/1980,A555555555\n" + // married name
		"Bea,Soto,02/04/1981,A666666666\n" + // corrected date
		"Mallory,Evans,01/01/1970,A777777777\n")) // someone else
	if err != nil {
		t.Fatal(err)
	}
	p := dryRun(t, admin, desk.ImportClients, file)
	if got := actionsOf(p); got != "2:update 3:update 4:refused" {
		t.Fatalf("dry run %s", got)
	}
	r := p.Rows[2]
	if len(r.Problems) != 1 || r.Problems[0].Column != "A-number" || !strings.Contains(r.Problems[0].Message, "check the A-number") {
		t.Errorf("refused row %+v", r)
	}
	for _, secret := range []string{"Eva", "Luna", "1982", "03/04"} {
		if strings.Contains(r.Problems[0].Message, secret) {
			t.Errorf("the message %q names %q", r.Problems[0].Message, secret)
		}
	}
	if _, err := admin.Apply(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Client(ctx, ana.ID); c.FamilyName != "Vega" {
		t.Errorf("Ana is %s %s", c.GivenName, c.FamilyName)
	}
	if c, _ := s.Client(ctx, bea.ID); c.DateOfBirth != app.NewDate(1981, 2, 4) {
		t.Errorf("Bea was born %s", c.DateOfBirth.ISO())
	}
	if c, _ := s.Client(ctx, eva.ID); c.GivenName != "Eva" || c.FamilyName != "Luna" || c.DateOfBirth != app.NewDate(1982, 3, 4) {
		t.Errorf("Eva became %s %s, born %s", c.GivenName, c.FamilyName, c.DateOfBirth.ISO())
	}
}

// A client without an A-number added at the desk between the dry run and
// the import, with the name and date of birth of a row the dry run would
// add, fails the whole import: nothing is written, as for an A-number.
func TestImportStaleByName(t *testing.T) {
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	file, err := desk.ParseCSV([]byte("Given name,Family name,Date of birth,A-number,Street address,City,State,ZIP code\n" +
		"Bea,Soto,02/03/1981,A666666666,1 Main St,Springfield,IL,62701\n" +
		"Ana,Ruiz,01/02/1980,,1 Main St,Springfield,IL,62701\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := dryRun(t, admin, desk.ImportClients, file)
	if got := actionsOf(p); got != "2:add 3:add" {
		t.Fatalf("dry run %s", got)
	}
	mustClient(t, s, newClient("Ana", "Ruiz", app.NewDate(1980, 1, 2), ""))
	before := dump(t, s)
	if _, err := admin.Apply(ctx, p, nil); !errors.Is(err, desk.ErrImportStale) {
		t.Fatalf("Apply = %v", err)
	}
	if dump(t, s) != before {
		t.Error("a failed import changed the store")
	}
}
