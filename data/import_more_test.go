package data

// The import's larger and failing cases: ten thousand rows, a cancel, a
// store changed since the dry run, a full disk, and the rules of a cases
// file.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/desk"
)

// clientsCSV is a clients file of n made-up people, as Excel saves it.
func clientsCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeffGiven name,Family name,Date of birth,A-number,Street address,Apartment,City,State,ZIP code,Phone,E-mail,Preferred language\r\n")
	given := []string{"María", "José", "Lucía", "François", "Ana", "Nguyễn", "Zoë", "Iñaki"}
	family := []string{"Núñez", "García", "Muñoz", "Lefèvre", "O'Brien", "Pérez", "Hernández", "Smith"}
	for i := range n {
		fmt.Fprintf(&b, "%s,%s %d,%d/%d/%d,A%09d,\"%d Main St, Rear\",Apt %d,Houston,TX,77002,713-555-%04d,p%d@example.org,es\r\n",
			given[i%len(given)], family[i%len(family)], i, 1+i%12, 1+i%28, 1950+i%50, 100000000+i, i+1, i%10, i%10000, i)
	}
	return b.Bytes()
}

// Ten thousand rows go in at once, and come back unchanged.
func TestImportTenThousand(t *testing.T) {
	if testing.Short() || raceDetector {
		// The race detector makes this load ten times slower; the smaller
		// imports check the same code under it, and make test runs this
		// one twice more without it.
		t.Skip("10,000 rows")
	}
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	file, err := desk.ParseCSV(clientsCSV(10000))
	if err != nil {
		t.Fatal(err)
	}
	p := dryRun(t, admin, desk.ImportClients, file)
	if p.Count(desk.ActionAdd) != 10000 {
		t.Fatalf("dry run %s", p.Summary())
	}
	var reports int
	res, err := admin.Apply(ctx, p, func(done, total int) { reports++ })
	if err != nil || res.Added != 10000 {
		t.Fatalf("Apply = %+v, %v", res, err)
	}
	if reports < 100 {
		t.Errorf("%d progress reports", reports)
	}
	if n := count(t, s, `SELECT count(*) FROM people WHERE staff = 0`); n != 10000 {
		t.Errorf("%d clients", n)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'client.add'`); n != 10000 {
		t.Errorf("%d audit rows", n)
	}
	if found, _ := s.SearchPeople(ctx, "maria nunez 8", 5); len(found) == 0 {
		t.Errorf("the imported clients are not found by name")
	}
	if again := dryRun(t, admin, desk.ImportClients, file); again.Count(desk.ActionUnchanged) != 10000 {
		t.Errorf("second dry run %s", again.Summary())
	}
}

// Cancelling in the middle of the import leaves the store as it was, and
// the same plan can then be applied.
func TestImportCancelledMidway(t *testing.T) {
	s, admin, _, _ := importDesks(t)
	// The file's row of A100000001 (line 3) gives the client another name but
	// their date of birth: an update.
	mustClient(t, s, newClient("Ana", "Ruiz", app.NewDate(1951, 2, 2), "A100000001"))
	file, err := desk.ParseCSV(clientsCSV(2000))
	if err != nil {
		t.Fatal(err)
	}
	p := dryRun(t, admin, desk.ImportClients, file)
	if p.Count(desk.ActionUpdate) != 1 {
		t.Fatalf("dry run %s", p.Summary())
	}
	before, audits := dump(t, s), count(t, s, `SELECT count(*) FROM audit_events`)
	ctx, cancel := context.WithCancel(context.Background())
	var last int
	_, err = admin.Apply(ctx, p, func(done, total int) {
		last = done
		if done >= 500 {
			cancel()
		}
	})
	if !errors.Is(err, desk.ErrImportCancelled) || last < 500 || last >= 2000 {
		t.Fatalf("Apply = %v after %d", err, last)
	}
	if dump(t, s) != before || count(t, s, `SELECT count(*) FROM audit_events`) != audits {
		t.Fatal("a cancelled import changed the store")
	}
	if _, err := admin.Apply(context.Background(), p, nil); err != nil {
		t.Fatalf("Apply after the cancel: %v", err)
	}
	if n := count(t, s, `SELECT count(*) FROM people WHERE staff = 0`); n != 2000 {
		t.Errorf("%d clients", n)
	}
}

// A client added at the desk between the dry run and the import, with an
// A-number of the file's, fails the whole import: nothing is written.
func TestImportStale(t *testing.T) {
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	p := dryRun(t, admin, desk.ImportClients, readFixture(t, "libreoffice-utf8-lf.csv"))
	mustClient(t, s, newClient("Ana", "Pérez", app.NewDate(1975, 6, 20), "A222222222"))
	before := dump(t, s)
	if _, err := admin.Apply(ctx, p, nil); !errors.Is(err, desk.ErrImportStale) {
		t.Fatalf("Apply = %v", err)
	}
	if dump(t, s) != before {
		t.Error("a failed import changed the store")
	}
}

// A case's client must be in CaseDesk; a case already there under another
// client is refused; the status the case has changes nothing, a newer one is added.
func TestImportCaseRules(t *testing.T) {
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	ana := newClient("Ana", "Ruiz", app.NewDate(1980, 1, 2), "A555555555")
	bea := newClient("Bea", "Soto", app.NewDate(1981, 2, 3), "A666666666")
	mustClient(t, s, ana)
	mustClient(t, s, bea)
	mustCase(t, s, "EAC2190099999", bea.ID)
	mustCase(t, s, "EAC2190088888", ana.ID)
	csv := "Receipt number;Form;A-number;Received date;Status;Status date\n" +
		"EAC2190012345;I-485;A999999999;01/10/2025;;\n" + // no such client
		"EAC2190099999;I-485;A555555555;01/10/2025;;\n" + // Bea's case
		"EAC2190088888;i-485;A555555555;2025-01-10;Case Was Received;01/10/2025\n" + // as it is: unchanged
		"EAC2190077777;I-765;A555555555;01/10/2025;Case Was Aprobed;\n" + // no such status
		"EAC2190077777;I-765;A555555555;01/10/2025;;\n" + // a good add, once
		"EAC2190066666;I-999;A555555555;01/10/2027;;\n" // unknown form, future date
	file, err := desk.ParseCSV([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	p := dryRun(t, admin, desk.ImportCases, file)
	if got := actionsOf(p); got != "2:refused 3:refused 4:unchanged 5:refused 6:add 7:refused" {
		for _, r := range p.Rows {
			t.Logf("line %d %s %+v", r.Line, r.Action, r.Problems)
		}
		t.Fatalf("dry run %s", got)
	}
	msgs := func(i int) string {
		var out []string
		for _, pr := range p.Rows[i].Problems {
			out = append(out, pr.Column+": "+pr.Message)
		}
		return strings.Join(out, " / ")
	}
	for i, want := range map[int]string{0: "import or add the client first", 1: "another client's case", 3: "Status: Status \"Case Was Aprobed\" is not a USCIS case status title",
		5: "Form: Form \"I-999\" is not a form"} {
		if !strings.Contains(msgs(i), want) {
			t.Errorf("row %d: %s; want %q", i, msgs(i), want)
		}
	}
	if !strings.Contains(msgs(5), "Received date: Received date January 10, 2027") || !strings.Contains(msgs(5), "in the future") {
		t.Errorf("row 7: %s", msgs(5))
	}
	if _, err := admin.Apply(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	newer := "Receipt number,Form,A-number,Received date,Status,Status date\nEAC2190088888,I-485,A555555555,01/10/2025,Case Was Approved,06/01/2026\n"
	file, _ = desk.ParseCSV([]byte(newer))
	p = dryRun(t, admin, desk.ImportCases, file)
	if r := p.Rows[0]; r.Action != desk.ActionUpdate || strings.Join(r.Changes, ",") != "status" {
		t.Fatalf("newer status row %+v", r)
	}
	if _, err := admin.Apply(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	c, _ := s.CaseByReceipt(ctx, "EAC2190088888")
	if evs, _ := s.Events(ctx, c.ID); c.StatusCode != "approved" || len(evs) != 2 || evs[1].RecordedBy != "admin" {
		t.Errorf("case %+v, events %+v", c, evs)
	}

	// A client named by given and family name finds them with a middle name too.
	luz := newClient("Luz", "Marín", app.NewDate(1990, 5, 6), "")
	luz.MiddleName = "Elena"
	mustClient(t, s, luz)
	file, _ = desk.ParseCSV([]byte("Receipt number,Form,First name,Last name,DOB,Received date\n" +
		"EAC2190055555,I-765,luz,MARIN,05/06/1990,01/10/2025\nEAC2190044444,I-765,Luz,Marín,05/07/1990,01/10/2025\n"))
	p = dryRun(t, admin, desk.ImportCases, file)
	if got := actionsOf(p); got != "2:add 3:refused" || !strings.Contains(p.Rows[1].Problems[0].Message, "no client's in CaseDesk") {
		t.Errorf("by name: %s %+v", got, p.Rows[1].Problems)
	}
}

// An import that fills the disk fails whole: nothing of it is kept, and the
// desk says the disk is full.
func TestImportIntoAFullDisk(t *testing.T) {
	sqliteOnly(t, "its disk filling up")
	ctx := context.Background()
	s, admin, _, _ := importDesks(t)
	file, err := desk.ParseCSV(clientsCSV(3000))
	if err != nil {
		t.Fatal(err)
	}
	p := dryRun(t, admin, desk.ImportClients, file)
	before, audits := dump(t, s), count(t, s, `SELECT count(*) FROM audit_events`)
	s.db.SetMaxOpenConns(1) // max_page_count is per connection
	var pages int
	s.db.QueryRow("PRAGMA page_count").Scan(&pages)
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+40)); err != nil {
		t.Fatal(err)
	}
	_, err = admin.Apply(ctx, p, nil)
	if !errors.Is(err, app.ErrStoreFull) || !strings.Contains(desk.ImportMessage(err), "Nothing was imported") {
		t.Fatalf("Apply = %v (%s)", err, desk.ImportMessage(err))
	}
	if dump(t, s) != before || count(t, s, `SELECT count(*) FROM audit_events`) != audits {
		t.Fatal("a failed import changed the store")
	}
	if err := check(ctx, s.db, "PRAGMA integrity_check"); err != nil {
		t.Fatal(err)
	}
}
