package data

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"casedesk/app/desk"
)

// A clinic's export is a file its import reads: exported clients and cases
// imported back into the same store change nothing, and imported into a
// new store they export again as the same rows.
func TestExportImportsBack(t *testing.T) {
	ctx := context.Background()
	s := reportStore(t)
	admin, _, _ := reportDesks(t, s)
	dir := t.TempDir()
	clients, cases := filepath.Join(dir, "clients.csv"), filepath.Join(dir, "cases.csv")
	if _, err := admin.ExportClients(ctx, clients, false); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExportCases(ctx, cases, false); err != nil {
		t.Fatal(err)
	}
	read := func(path string) *desk.CSVFile {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := desk.ParseCSV(b)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, c := range []struct {
		kind desk.ImportKind
		path string
	}{{desk.ImportClients, clients}, {desk.ImportCases, cases}} {
		p := dryRun(t, admin, c.kind, read(c.path))
		for _, r := range p.Rows {
			if r.Action != desk.ActionUnchanged {
				t.Errorf("%s line %d: %s %v", filepath.Base(c.path), r.Line, r.Action, r.Problems)
			}
		}
	}

	fresh := openImportStore(t)
	into := importDesk(t, fresh, "admin", "admin")
	for _, c := range []struct {
		kind desk.ImportKind
		path string
	}{{desk.ImportClients, clients}, {desk.ImportCases, cases}} {
		p := dryRun(t, into, c.kind, read(c.path))
		if _, err := into.Apply(ctx, p, func(int, int) {}); err != nil {
			t.Fatalf("%s: %v", filepath.Base(c.path), err)
		}
	}
	again := filepath.Join(dir, "again")
	os.Mkdir(again, 0o700)
	if _, err := into.ExportClients(ctx, filepath.Join(again, "clients.csv"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := into.ExportCases(ctx, filepath.Join(again, "cases.csv"), false); err != nil {
		t.Fatal(err)
	}
	added := slices.Index(desk.ExportClientColumns, "Added")
	rows := func(path string, drop int) []string {
		var out []string
		for _, r := range readCSV(t, path) {
			if drop >= 0 {
				r = slices.Delete(r, drop, drop+1)
			}
			out = append(out, strings.Join(r, "|"))
		}
		slices.Sort(out)
		return out
	}
	if a, b := rows(clients, added), rows(filepath.Join(again, "clients.csv"), added); !slices.Equal(a, b) {
		t.Errorf("clients differ:\n%s\n---\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if a, b := rows(cases, -1), rows(filepath.Join(again, "cases.csv"), -1); !slices.Equal(a, b) {
		t.Errorf("cases differ:\n%s\n---\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
}
