package data

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/demo"
	"casedesk/data/pgtest"
)

// BenchmarkMigrateReference moves the reference clinic (50,000 people) from
// its store file into a fresh database on a local cluster that syncs to
// disk as a real server does. Bar: 60 s. It reports the seconds of one move.
func BenchmarkMigrateReference(b *testing.B) {
	sqliteOnly(b, "the store moved is a file")
	from := referenceFile(b)
	srv, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	var took time.Duration
	var rows int64
	n := 0
	for b.Loop() {
		b.StopTimer()
		db, err := srv.NewDatabase(ctx, "")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		res, err := Migrate(ctx, from, srv.URL(db), MigrateOptions{})
		took += time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, t := range res.Tables {
			rows += t.Rows
		}
		n++
		if err := srv.DropDatabase(ctx, db); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(took.Seconds()/float64(n), "s/migrate")
	b.ReportMetric(float64(rows), "rows")
}

// referenceFile is the reference store: CASEDESK_BENCH_DB, or .bench/ref.db
// at the top of the checkout, or else one built here as `casedesk demo
// --people 50000` builds it.
func referenceFile(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("CASEDESK_BENCH_DB"); p != "" {
		return p
	}
	if p, _ := filepath.Abs(filepath.Join("..", ".bench", "ref.db")); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	path := filepath.Join(b.TempDir(), "ref.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
		demo.Options{People: 50000, Seed: 1, Today: app.NewDate(2026, 11, 1)}, nil); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}
