package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/settings"
)

// BenchmarkFunderReportYear is a funders' report of the last twelve months,
// as the desk makes it: on the reference store when CASEDESK_BENCH_DB names
// it (the bar: at most a second), else on a small store made here so the
// benchmark still runs.
func BenchmarkFunderReportYear(b *testing.B) {
	var s *Store
	if os.Getenv("CASEDESK_BENCH_DB") != "" {
		s = benchStore(b)
	} else {
		s = smallReportStore(b)
	}
	d := desk.New(s.Desk(), nil, nil, notice.NewService(s, nil), settings.New(s), nil, auth.DefaultArgon2).CommandLine("bench")
	ctx := context.Background()
	p, err := desk.NamedPeriod(desk.Last12Months, d.Today(ctx))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := d.Report(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		if r.Total.ClientsServed == 0 {
			b.Fatal("no client served in a year")
		}
	}
}

// smallReportStore is a store of 500 clients, each with a case and its
// events over the last two years.
func smallReportStore(b *testing.B) *Store {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "small.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		b.Fatal(err)
	}
	today := app.DateOf(time.Now())
	statuses := []string{"received", "biometrics_scheduled", "approved", "denied", "card_mailed", "withdrawal_acknowledged"}
	for i := range 500 {
		p := app.Person{GivenName: "Client", FamilyName: fmt.Sprint("Number", i), CreatedAt: time.Now().AddDate(0, 0, -i)}
		if err := s.CreatePerson(ctx, &p); err != nil {
			b.Fatal(err)
		}
		received := today.AddDays(-i * 700 / 500)
		c := app.Case{Receipt: app.Receipt(fmt.Sprintf("IOE%010d", i)), FormType: []string{"I-485", "N-400", "I-130", "I-765"}[i%4],
			ApplicantID: p.ID, ReceivedDate: received}
		if err := s.CreateCase(ctx, &c, &app.CaseEvent{StatusCode: "received", Date: received}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.db.Exec(`INSERT INTO case_events (id, case_id, status_code, event_date, created_at) VALUES (?, ?, ?, ?, ?)`,
			newID(), c.ID, statuses[i%len(statuses)], received.AddDays(60).ISO(), s.stamp()); err != nil {
			b.Fatal(err)
		}
		if _, err := s.db.Exec(`UPDATE cases SET status_code = ?, status_date = ? WHERE id = ?`, statuses[i%len(statuses)], received.AddDays(60).ISO(), c.ID); err != nil {
			b.Fatal(err)
		}
	}
	return s
}
