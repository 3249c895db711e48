package desk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

func TestParseCSV(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		sep      rune
		lines    []int
		fields   [][]string
	}{
		{"excel bom crlf", "\ufeffGiven name,Family name\r\nAna,Ruiz\r\nBea,Soto\r\n", ',', []int{2, 3}, [][]string{{"Ana", "Ruiz"}, {"Bea", "Soto"}}},
		{"no final line break", "a,b\n1,2", ',', []int{2}, [][]string{{"1", "2"}}},
		{"semicolons", "a;b;c\n1;\"2,5\";3\n", ';', []int{2}, [][]string{{"1", "2,5", "3"}}},
		{"commas win a tie-break", "a,b;c\n1,2;3\n", ',', []int{2}, [][]string{{"1", "2;3"}}},
		{"a quoted separator in the header", "\"Apartment, suite or unit\";City;State\nApt 4;Austin;TX\n", ';', []int{2}, [][]string{{"Apt 4", "Austin", "TX"}}},
		{"line breaks in quotes count", "a,b\n\"x\ny\nz\",1\n2,3\n", ',', []int{2, 5}, [][]string{{"x\ny\nz", "1"}, {"2", "3"}}},
		{"crlf inside quotes", "a,b\r\n\"x\r\ny\",1\r\n2,3\r\n", ',', []int{2, 4}, [][]string{{"x\ny", "1"}, {"2", "3"}}},
		{"doubled quotes", "a\n\"She said \"\"hi\"\"\"\n", ',', []int{2}, [][]string{{"She said \"hi\""}}},
		{"empty rows are skipped", "a,b\n,\n1,2\n,,\n", ',', []int{3}, [][]string{{"1", "2"}}},
		{"ragged rows", "a,b,c\n1\n1,2,3,4\n", ',', []int{2, 3}, [][]string{{"1"}, {"1", "2", "3", "4"}}},
		{"header only", "a,b\n", ',', nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseCSV([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if f.Separator != tc.sep {
				t.Errorf("separator %q", f.Separator)
			}
			if len(f.Records) != len(tc.lines) {
				t.Fatalf("%d records: %+v", len(f.Records), f.Records)
			}
			for i, r := range f.Records {
				if r.Line != tc.lines[i] || strings.Join(r.Fields, "|") != strings.Join(tc.fields[i], "|") {
					t.Errorf("record %d = line %d %q; want line %d %q", i, r.Line, r.Fields, tc.lines[i], tc.fields[i])
				}
			}
		})
	}
}

func TestParseCSVRefusesWholeFiles(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		line     int
		says     string
	}{
		{"latin-1 on line 3", "a,b\r\nAna,Ruiz\r\nJos\xe9,Mu\xf1oz\r\n", 3, "save it as UTF-8"},
		{"windows-1252 quote", "a\n\x93quoted\x94\n", 2, "Windows-1252"},
		{"bare quote", "a,b\n1,x\"y\"\n", 2, "in the middle"},
		{"unclosed quote", "a,b\n1,2\n\"open,3\n4,5\n", 3, "not closed"},
		{"empty", "\ufeff \r\n", 0, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCSV([]byte(tc.in))
			var fe *ImportFileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrImportFile) {
				t.Fatalf("err = %v", err)
			}
			if fe.Line != tc.line || !strings.Contains(strings.ToLower(fe.Error()), strings.ToLower(tc.says)) {
				t.Errorf("line %d: %q", fe.Line, fe.Error())
			}
		})
	}
}

func TestDefaultMapping(t *testing.T) {
	m := DefaultMapping(ImportClients, []string{"FIRST NAME", "Apellido", "dob", "A#", "e-mail address", "Notes", "Zip Code", "Address", "Address 2"})
	for key, want := range map[string]int{"given_name": 0, "family_name": 1, "date_of_birth": 2, "a_number": 3, "email": 4,
		"zip": 6, "street": 7, "street2": 8, "phone": -1, "middle_name": -1} {
		if m[key] != want {
			t.Errorf("%s → %d, want %d", key, m[key], want)
		}
	}
	// A header is one column's at most.
	m = DefaultMapping(ImportCases, []string{"Date", "Status date", "Received"})
	if m["received"] != 2 || m["status_date"] != 1 {
		t.Errorf("cases mapping %v", m)
	}
}

// The template is what a spreadsheet saves, and reads back with every
// column in place.
func TestTemplate(t *testing.T) {
	for _, k := range []ImportKind{ImportClients, ImportCases} {
		b := Template(k)
		if !bytes.HasPrefix(b, utf8BOM) || !bytes.HasSuffix(b, []byte("\r\n")) {
			t.Errorf("%s template %q", k, b)
		}
		f, err := ParseCSV(b)
		if err != nil {
			t.Fatal(err)
		}
		m := DefaultMapping(k, f.Header)
		for i, c := range Columns(k) {
			if m[c.Key] != i {
				t.Errorf("%s: column %s maps to %d", k, c.Key, m[c.Key])
			}
		}
	}
}

// FuzzParseCSV feeds the CSV row reader anything: it never panics, it
// refuses or reads whole, every row it reads starts on a line after the
// header and after the row before, and what it read, written out again as
// CSV, reads back the same.
func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"\ufeffGiven name,Family name\r\nMaría,Núñez\r\n",
		"a;b\n\"x;\ny\";2\n",
		"a,b\n\"unclosed\n",
		"a\nJos\xe9\n",
		"a,b\n1,x\"y\n",
		"",
		",,,\n,,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := ParseCSV(b)
		if err != nil {
			if !errors.Is(err, ErrImportFile) {
				t.Fatalf("error %v is not ErrImportFile", err)
			}
			return
		}
		last := 1
		for _, r := range file.Records {
			if r.Line <= last {
				t.Fatalf("record on line %d after line %d", r.Line, last)
			}
			last = r.Line
		}
		if len(file.Header) == 1 && file.Header[0] == "" {
			return // csv.Writer writes one empty field as an empty line, which readers skip
		}
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		w.Comma = file.Separator
		w.Write(file.Header)
		for _, r := range file.Records {
			w.Write(r.Fields)
		}
		w.Flush()
		again, err := parseCSV(out.Bytes(), file.Separator)
		if err != nil {
			t.Fatalf("written back: %v\n%q", err, out.Bytes())
		}
		if len(again.Records) != len(file.Records) {
			t.Fatalf("%d records read back, want %d", len(again.Records), len(file.Records))
		}
		for i := range again.Records {
			if strings.Join(again.Records[i].Fields, "\x00") != strings.Join(file.Records[i].Fields, "\x00") {
				t.Fatalf("record %d: %q, want %q", i, again.Records[i].Fields, file.Records[i].Fields)
			}
		}
	})
}
