package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var importFixtures = filepath.Join("app", "desk", "testdata", "import")

// "import clients" prints the dry run and writes nothing; --apply imports
// the good rows; a second run finds every row unchanged; refused rows
// make the exit status 1; --template writes the columns.
func TestCLIImport(t *testing.T) {
	d, _, _ := clinicWithCase(t)
	excel := filepath.Join(importFixtures, "excel-utf8-bom-crlf.csv")

	out := d.read("import", "clients", excel)
	if !strings.Contains(out, "4 to add, 0 to update, 0 unchanged, 0 refused") || !strings.Contains(out, "7     add     Zoë O'Brien-Ávila") ||
		!strings.Contains(out, "Nothing was written") {
		t.Errorf("dry run:\n%s", out)
	}
	out = d.write("import.clients", "import", "clients", excel, "--apply")
	if !strings.Contains(out, "Imported: 4 added, 0 updated; 0 unchanged, 0 refused.") {
		t.Errorf("apply:\n%s", out)
	}
	out = d.write("import.clients", "import", "clients", excel, "--apply")
	if !strings.Contains(out, "0 to add, 0 to update, 4 unchanged, 0 refused") {
		t.Errorf("again:\n%s", out)
	}
	// The clinic's case IOE0912345678 is María José Núñez's, not the file's client's.
	code, out, errOut := runCLI(t, "import", "cases", filepath.Join(importFixtures, "cases-excel-utf8.csv"), "--apply", "--db", d.db)
	if code != 1 || !strings.Contains(out, "Imported: 3 added") || !strings.Contains(out, "IOE0912345678 is another client's case") ||
		!strings.Contains(errOut, "1 rows were refused") {
		t.Errorf("cases: %d\n%s\n%s", code, out, errOut)
	}

	// A refused row: the dry run says which and exits 1; --apply imports the others.
	refused := filepath.Join(importFixtures, "refused-row.csv")
	before := readDeskState(t, d.db)
	code, out, errOut = runCLI(t, "import", "clients", refused, "--db", d.db)
	if code != 1 || !strings.Contains(errOut, "2 rows would be refused") || !strings.Contains(out, "5     refused  Dora Vega   A-number: A-number is the same as on line 2") {
		t.Errorf("dry run with refused rows: %d\n%s\n%s", code, out, errOut)
	}
	if !reflect.DeepEqual(before, readDeskState(t, d.db)) {
		t.Error("the dry run wrote to the store")
	}
	code, out, errOut = runCLI(t, "import", "clients", refused, "--apply", "--db", d.db)
	if code != 1 || !strings.Contains(errOut, "2 rows were refused and not imported") ||
		!strings.Contains(out, "3     refused  Bea Soto    Date of birth: Date of birth has no day 30") ||
		!strings.Contains(out, "State: State") || !strings.Contains(out, "Imported: 2 added") {
		t.Errorf("apply with refused rows: %d\n%s\n%s", code, out, errOut)
	}

	// A Latin-1 file is refused whole, naming its line.
	code, _, errOut = runCLI(t, "import", "clients", filepath.Join(importFixtures, "latin1.csv"), "--db", d.db)
	if code != 1 || !strings.Contains(errOut, "Line 3: the file is not UTF-8") || !strings.Contains(errOut, "Save it as UTF-8") {
		t.Errorf("latin-1: %d %q", code, errOut)
	}

	// The clinic's own headers, mapped by hand.
	own := filepath.Join(t.TempDir(), "own.csv")
	os.WriteFile(own, []byte("Nombre de pila,Apellido,Nacido\nLuz,Mar,05/06/1990\n"), 0o600)
	code, out, errOut = runCLI(t, "import", "clients", own, "--db", d.db)
	if code != 1 || !strings.Contains(errOut, "no column for Given name, Date of birth") {
		t.Errorf("unmapped: %d %q %q", code, out, errOut)
	}
	out = d.read("import", "clients", own, "--map", "Given name=Nombre de pila", "--map", "date of birth=Nacido")
	if !strings.Contains(out, "1 to add") {
		t.Errorf("mapped:\n%s", out)
	}

	tmpl := filepath.Join(t.TempDir(), "clients.csv")
	if code, out, errOut := runCLI(t, "import", "clients", "--template", tmpl); code != 0 || !strings.Contains(out, tmpl) {
		t.Fatalf("template: %d %q %q", code, out, errOut)
	}
	b, err := os.ReadFile(tmpl)
	fi, _ := os.Stat(tmpl)
	if err != nil || !strings.HasPrefix(string(b), "\ufeffGiven name,Middle name,Family name,") || fi.Mode().Perm() != 0o600 {
		t.Errorf("template %q %v", b, fi.Mode())
	}
}

// A wrong command line is status 2, before any store is opened.
func TestCLIImportBadCalls(t *testing.T) {
	excel := filepath.Join(importFixtures, "excel-utf8-bom-crlf.csv")
	for _, c := range []struct {
		args   []string
		phrase string
	}{
		{[]string{"import"}, "casedesk import clients FILE"},
		{[]string{"import", "people", excel}, `unknown command "people"`},
		{[]string{"import", "clients"}, "name one CSV file"},
		{[]string{"import", "clients", excel, excel}, "name one CSV file"},
		{[]string{"import", "clients", excel, "--map", "Given name"}, "write it COLUMN=HEADER"},
		{[]string{"import", "clients", excel, "--map", "Shoe size=City"}, "not a column of a clients file"},
		{[]string{"import", "clients", excel, "--map", "City=Town"}, "the file has no column \"Town\""},
		{[]string{"import", "cases", "--template", "x.csv", "--apply"}, "does not take --apply"},
	} {
		code, _, errOut := runCLI(t, append(c.args, "--db", filepath.Join(t.TempDir(), "none.db"))...)
		if code != 2 || !strings.Contains(errOut, c.phrase) {
			t.Errorf("%q: %d %q; want 2 and %q", c.args, code, errOut, c.phrase)
		}
	}
}
