package data

// Benchmarks of the performance bars listed in the README. They run on the reference
// data set (casedesk demo --people 50000) named by CASEDESK_BENCH_DB;
// `make bench` builds it and prints each figure beside its bar.

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"casedesk/app"
)

func benchStore(b *testing.B) *Store {
	b.Helper()
	path := os.Getenv("CASEDESK_BENCH_DB")
	if path == "" {
		b.Skip("set CASEDESK_BENCH_DB to the reference store (make bench does)")
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func sample(b *testing.B, s *Store, query string) []string {
	b.Helper()
	rows, err := s.db.Query(query)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		rows.Scan(&v)
		out = append(out, v)
	}
	if len(out) == 0 {
		b.Fatal("the reference store is empty")
	}
	return out
}

// BenchmarkBareSelect is the floor for a lookup: a prepared SELECT by key.
func BenchmarkBareSelect(b *testing.B) {
	s := benchStore(b)
	receipts := sample(b, s, "SELECT receipt_number FROM cases ORDER BY random() LIMIT 1000")
	st, err := s.db.Prepare("SELECT id FROM cases WHERE receipt_number = ?")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var id string
	i := 0
	for b.Loop() {
		if err := st.QueryRow(receipts[i%len(receipts)]).Scan(&id); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkReceiptLookup(b *testing.B) {
	s := benchStore(b)
	receipts := sample(b, s, "SELECT receipt_number FROM cases ORDER BY random() LIMIT 1000")
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := s.CaseByReceipt(ctx, app.Receipt(receipts[i%len(receipts)])); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkDashboard(b *testing.B) {
	s := benchStore(b)
	// Applicants only: the clinic's staff are people too, with no cases.
	people := sample(b, s, "SELECT id FROM people WHERE id IN (SELECT applicant_id FROM cases) ORDER BY random() LIMIT 1000")
	ctx := context.Background()
	now := time.Now()
	i := 0
	for b.Loop() {
		d, err := s.Dashboard(ctx, people[i%len(people)], now)
		if err != nil || len(d.Cases) == 0 {
			b.Fatalf("dashboard: %d cases, %v", len(d.Cases), err)
		}
		i++
	}
}

// BenchmarkNameSearch types what staff type: the first two to five letters
// of a family name, sometimes with a given name's start, without accents.
// It reports the 95th percentile, the figure the bar (10 ms) is set on.
func BenchmarkNameSearch(b *testing.B) {
	s := benchStore(b)
	names := sample(b, s, "SELECT given_name || '|' || family_name FROM people WHERE staff = 0 ORDER BY random() LIMIT 500")
	rng := rand.New(rand.NewPCG(1, 2))
	var queries []string
	for _, n := range names {
		given, family, _ := strings.Cut(n, "|")
		q := prefix(app.FoldName(family), 2+rng.IntN(4))
		if rng.IntN(3) == 0 {
			q = prefix(app.FoldName(given), 3) + " " + q
		}
		queries = append(queries, q)
	}
	ctx := context.Background()
	var lat []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		res, err := s.SearchPeople(ctx, queries[i%len(queries)], 20)
		lat = append(lat, time.Since(start))
		if err != nil || len(res) == 0 {
			b.Fatalf("search %q: %d, %v", queries[i%len(queries)], len(res), err)
		}
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}

func prefix(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// BenchmarkBulkInsertFloor is the floor for building the reference clinic:
// as many rows as the reference store holds (the rows the build wrote),
// trivial ones, into one table of a new file, one prepared statement, one
// transaction. It reports the row count and the rate beside the time.
func BenchmarkBulkInsertFloor(b *testing.B) {
	sum, err := benchStore(b).Summary(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	rows := sum.People + sum.Cases + sum.Events + sum.Notices + sum.Appointments + sum.Messages
	path := filepath.Join(b.TempDir(), "floor.db")
	for b.Loop() {
		if err := insertFloor(path, rows); err != nil {
			b.Fatal(err)
		}
		removeStore(path)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func insertFloor(path string, rows int) error {
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b TEXT, c TEXT)"); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.Prepare("INSERT INTO t (id, a, b, c) VALUES (?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer st.Close()
	for range rows {
		if _, err := st.Exec(newID(), "case", "2025-01-01", "received"); err != nil {
			return err
		}
	}
	return tx.Commit()
}
