package desk

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCSVOut: any cell written and read back with encoding/csv, as a
// spreadsheet program reads it, is the cell itself, or the cell after a
// quote when it begins with a character a spreadsheet would run, less
// the carriage returns CSV's line ends take; no cell read back begins with
// one of them.
func FuzzCSVOut(f *testing.F) {
	for _, s := range []string{"Ana", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "a,b", "\"q\"", "line\nbreak", "Zoë", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		if !utf8.ValidString(cell) {
			t.Skip("the store holds UTF-8 text only")
		}
		var b bytes.Buffer
		c, err := newCSVOut(&b, "Cell")
		if err != nil {
			t.Fatal(err)
		}
		if err := c.row(cell); err != nil {
			t.Fatal(err)
		}
		if err := c.flush(); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), bom)))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%q: %v", b.String(), err)
		}
		got := ""
		if len(rows) > 1 {
			got = strings.Join(rows[1], ",")
		}
		want := strings.ReplaceAll(strings.ReplaceAll(Neutralise(cell), "\r\n", "\n"), "\r", "")
		if cell == "" || strings.TrimSpace(want) == "" && !strings.ContainsAny(cell, "\"") {
			return // a blank line is no row to csv's reader
		}
		if got != want {
			t.Errorf("%q read back as %q; want %q", cell, got, want)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Errorf("%q read back as %q, which a spreadsheet would run", cell, got)
		}
	})
}
