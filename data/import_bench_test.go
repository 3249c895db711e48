package data

// The import's bars: the dry run of a 10,000-row clients file (≤ 3 s) and
// its import (≤ 5 s), on a real store, through the desk's services as the
// window and the command line call them.

import (
	"context"
	"testing"

	"casedesk/app"
	"casedesk/app/desk"
)

// BenchmarkImportDryRun10k reads the file and runs its dry run against a
// store that already holds its 10,000 clients: every row is matched and
// compared, the most work a dry run does.
func BenchmarkImportDryRun10k(b *testing.B) {
	ctx := context.Background()
	s := openImportStore(b)
	admin := importDesk(b, s, "admin", app.RoleAdmin)
	raw := clientsCSV(10000)
	file, err := desk.ParseCSV(raw)
	if err != nil {
		b.Fatal(err)
	}
	p, err := admin.DryRun(ctx, desk.ImportClients, file, desk.DefaultMapping(desk.ImportClients, file.Header))
	if err == nil {
		_, err = admin.Apply(ctx, p, nil)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		file, err := desk.ParseCSV(raw)
		if err != nil {
			b.Fatal(err)
		}
		p, err := admin.DryRun(ctx, desk.ImportClients, file, desk.DefaultMapping(desk.ImportClients, file.Header))
		if err != nil || p.Count(desk.ActionUnchanged) != 10000 {
			b.Fatalf("dry run: %v", err)
		}
	}
}

// BenchmarkImport10k imports the 10,000-row file into a store that holds
// the reference clinic's kind of data already (a few clients and a case,
// so the bulk write keeps its indexes): reading, the dry run and the one
// transaction that writes every row.
func BenchmarkImport10k(b *testing.B) {
	ctx := context.Background()
	raw := clientsCSV(10000)
	for b.Loop() {
		b.StopTimer()
		s := openImportStore(b)
		admin := importDesk(b, s, "admin", app.RoleAdmin)
		c := newClient("Ana", "Ruiz", app.NewDate(1980, 1, 2), "")
		if err := s.CreateClient(ctx, c, ev("client.add")); err != nil {
			b.Fatal(err)
		}
		r, _ := app.ParseReceipt("EAC2190012345")
		if err := s.CreateCase(ctx, &app.Case{Receipt: r, FormType: "I-485", ApplicantID: c.ID, ReceivedDate: app.NewDate(2025, 1, 10)},
			&app.CaseEvent{StatusCode: "received", Date: app.NewDate(2025, 1, 10)}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		file, err := desk.ParseCSV(raw)
		if err != nil {
			b.Fatal(err)
		}
		p, err := admin.DryRun(ctx, desk.ImportClients, file, desk.DefaultMapping(desk.ImportClients, file.Header))
		if err != nil {
			b.Fatal(err)
		}
		if res, err := admin.Apply(ctx, p, nil); err != nil || res.Added != 10000 {
			b.Fatalf("import: %+v, %v", res, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
