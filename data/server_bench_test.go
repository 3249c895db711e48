package data

// The bars of a store on a database server (README, "Performance on a
// database server"): the reference clinic in a PostgreSQL database on this
// machine, with fsync on as on a real server, measured through the same
// store and desk calls as the SQLite benchmarks. BenchmarkServer runs them
// one after another as sub-benchmarks, so the cluster and the clinic are
// made once for all of them:
//
//   - Load: building the reference clinic there, and Dump: pg_dump of it
//     (only when it was built in this run; see serverDatabase)
//   - ReceiptLookupSQLite and ReceiptLookup: the same receipts looked up on
//     the reference store and on the server, one right after the other, so
//     that their ratio is of the same moment of the machine; BareSelect,
//     the server's floor for it
//   - Dashboard: the applicant's dashboard
//   - DeskSearchSQLite and DeskSearch: the desk's search as a name is
//     typed, made as BenchmarkDeskSearch makes its queries, the same ones
//     on both, p95
//   - Seats1 and Seats8: one seat, then eight (eight Store values, each
//     with its own connections), recording status changes with their
//     notices for a fixed time: the changes a second together, and each
//     change's p95

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/demo"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/settings"
	"casedesk/data/pgtest"
)

// seatTime is how long the seats record status changes, each time.
const seatTime = 5 * time.Second

// benchPeople is the size of the reference clinic: the people the
// reference store holds, which the server's clinic is built with too.
func benchPeople(b *testing.B, ref *Store) int {
	b.Helper()
	var n int
	if err := ref.db.QueryRow(`SELECT count(*) FROM people WHERE staff = 0`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkServer measures the server's bars, listed above, on the
// reference store named by CASEDESK_BENCH_DB and a clinic built like it on
// the server.
func BenchmarkServer(b *testing.B) {
	ref := benchStore(b)
	ctx := context.Background()
	keys, _, err := auth.InstallKeys(ctx, auth.SystemKeyring{}, ref.Path())
	if err != nil {
		b.Skipf("the reference store's data key is not here: %v", err)
	}
	if err := ref.UseKeys(ctx, keys); err != nil {
		b.Fatal(err)
	}
	url := serverDatabase(b)
	s := openBenchServer(b, url, keys)
	var people int
	if err := s.db.QueryRow(`SELECT count(*) FROM people`).Scan(&people); err != nil {
		b.Fatal(err)
	}
	if people == 0 {
		start := time.Now()
		n, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
			demo.Options{People: benchPeople(b, ref), Seed: 1}, nil)
		if err != nil {
			b.Fatalf("building the reference clinic on the server: %v", err)
		}
		took := time.Since(start)
		rows := n.People + n.Cases + n.Events + n.Notices + n.Appointments + n.Messages
		// ANALYZE, as autovacuum would shortly after such a load: the
		// planner's figures of the tables, not of empty ones.
		if _, err := s.db.Exec(`ANALYZE`); err != nil {
			b.Fatal(err)
		}
		b.Run("Load", func(b *testing.B) {
			b.ReportMetric(took.Seconds(), "s")
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(rows)/took.Seconds(), "rows/s")
		})
		// The backup a server's clinic makes, once with the load: how long
		// pg_dump takes, and its size beside the database's.
		b.Run("Dump", func(b *testing.B) { benchDump(b, s, url) })
	}
	receipts := sample(b, ref, "SELECT receipt_number FROM cases ORDER BY random() LIMIT 1000")
	b.Run("ReceiptLookupSQLite", func(b *testing.B) { benchLookup(b, ref, receipts) })
	b.Run("ReceiptLookup", func(b *testing.B) { benchLookup(b, s, receipts) })
	b.Run("BareSelect", func(b *testing.B) { benchBareSelect(b, s, receipts) })
	b.Run("Dashboard", func(b *testing.B) { benchDashboard(b, s) })
	queries := deskQueries(b, ref)
	b.Run("DeskSearchSQLite", func(b *testing.B) { benchTyping(b, benchDeskOf(ref, keys), queries) })
	b.Run("DeskSearch", func(b *testing.B) { benchTyping(b, benchDeskOf(s, keys), queries) })
	cases := sample(b, s, "SELECT id FROM cases ORDER BY random() LIMIT 4000")
	b.Run("Seats1", func(b *testing.B) { benchSeats(b, url, keys, cases, 1) })
	b.Run("Seats8", func(b *testing.B) { benchSeats(b, url, keys, cases, 8) })
}

// benchDump times pg_dump -Fc of the database at url, once, and reports
// its size and the database's in MB. Without pg_dump it is skipped.
func benchDump(b *testing.B, s *Store, url string) {
	dump, err := pgBin("pg_dump")
	if err != nil {
		b.Skip(err)
	}
	var dbBytes int64
	if err := s.db.QueryRow(`SELECT pg_database_size(current_database())`).Scan(&dbBytes); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "ref.dump")
	start := time.Now()
	if out, err := exec.Command(dump, "-Fc", "-f", file, "-d", url).CombinedOutput(); err != nil {
		b.Fatalf("pg_dump: %v\n%s", err, out)
	}
	took := time.Since(start)
	fi, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(took.Seconds(), "s")
	b.ReportMetric(float64(fi.Size())/1e6, "dump-MB")
	b.ReportMetric(float64(dbBytes)/1e6, "db-MB")
}

// pgBin finds one of PostgreSQL's programs: on the PATH, or in the newest
// of Debian's /usr/lib/postgresql/N/bin.
func pgBin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(found) == 0 {
		return "", fmt.Errorf("%s is not installed", name)
	}
	slices.Sort(found)
	return found[len(found)-1], nil
}

// benchLookup looks the receipts up in turn, as BenchmarkReceiptLookup.
func benchLookup(b *testing.B, s *Store, receipts []string) {
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := s.CaseByReceipt(ctx, app.Receipt(receipts[i%len(receipts)])); err != nil {
			b.Fatalf("%s: %v", receipts[i%len(receipts)], err)
		}
		i++
	}
}

// benchBareSelect is BenchmarkBareSelect on s, the same receipts: the
// floor of a lookup, a prepared SELECT of one column by key, which on a
// server is mostly the round trip.
func benchBareSelect(b *testing.B, s *Store, receipts []string) {
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

// benchDashboard is BenchmarkDashboard on s.
func benchDashboard(b *testing.B, s *Store) {
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

// deskQueries are BenchmarkDeskSearch's queries: the first one to five
// letters of 300 family names of the reference store, folded.
func deskQueries(b *testing.B, ref *Store) []string {
	names := sample(b, ref, "SELECT family_name FROM people WHERE staff = 0 ORDER BY random() LIMIT 300")
	var queries []string
	for _, n := range names {
		f := app.FoldName(n)
		for k := 1; k <= 5 && k <= len([]rune(f)); k++ {
			queries = append(queries, prefix(f, k))
		}
	}
	return queries
}

// benchDeskOf is the desk on s, as benchDesk makes it.
func benchDeskOf(s *Store, keys *auth.Keys) *desk.Desk {
	return desk.New(s.Desk(), auth.NewCodes(s, keys, nil, auth.DefaultArgon2), keys, notice.NewService(s, nil),
		settings.New(s), nil, auth.DefaultArgon2).CommandLine("bench")
}

// benchTyping is BenchmarkDeskSearch's loop: each query through the
// desk's search, its p95 reported.
func benchTyping(b *testing.B, d *desk.Desk, queries []string) {
	ctx := context.Background()
	var lat []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		res, err := d.Search(ctx, queries[i%len(queries)], false)
		lat = append(lat, time.Since(start))
		if err != nil || len(res) == 0 {
			b.Fatalf("search %q: %d, %v", queries[i%len(queries)], len(res), err)
		}
		i++
	}
	b.ReportMetric(p95ms(lat), "p95-ms")
}

func p95ms(lat []time.Duration) float64 {
	slices.Sort(lat)
	return float64(lat[len(lat)*95/100].Microseconds()) / 1000
}

// benchSeats has seats desks, each on a Store of its own (its own pool of
// connections, as on a computer of its own), record status changes with
// their notices on random cases for seatTime, all at once (recordSeats).
// It reports the changes a second of all seats together, per seat, and
// the p95 of one change.
func benchSeats(b *testing.B, url string, keys *auth.Keys, cases []string, seats int) {
	desks := make([]*desk.Desk, seats)
	for i := range desks {
		desks[i] = benchDeskOf(openBenchServer(b, url, keys), keys)
	}
	var lat []time.Duration
	var took time.Duration
	for b.Loop() {
		start := time.Now()
		l, err := recordSeats(context.Background(), desks, cases, seatTime)
		took += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, l...)
	}
	b.ReportMetric(float64(len(lat))/took.Seconds(), "changes/s")
	b.ReportMetric(float64(len(lat))/took.Seconds()/float64(seats), "changes/s/seat")
	b.ReportMetric(p95ms(lat), "p95-ms")
}

// recordSeats has each desk record "approved", with its approval notice,
// on random cases of cases until d has passed, all desks at once, and
// returns how long each change took. Two seats on the same case at once,
// as may happen at a clinic, is what the server's retries are for; a
// retry counts in its change's time.
func recordSeats(ctx context.Context, desks []*desk.Desk, cases []string, d time.Duration) ([]time.Duration, error) {
	today := time.Now().Format("01/02/2006")
	stop := time.Now().Add(d)
	var mu sync.Mutex
	var lat []time.Duration
	var errs []error
	var wg sync.WaitGroup
	for i, dk := range desks {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 5))
			var mine []time.Duration
			var err error
			for time.Now().Before(stop) {
				t := time.Now()
				if _, err = dk.RecordStatus(ctx, desk.StatusForm{CaseID: cases[rng.IntN(len(cases))], Status: "approved",
					Date: today, Notice: app.NoticeApproval, Note: strings.Repeat("x", 10)}); err != nil {
					break
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, mine...)
			errs = append(errs, err)
		})
	}
	wg.Wait()
	return lat, errors.Join(errs...)
}

// TestServerSeatsCountWhatTheyRecord checks the seats' figure: every
// change recordSeats counts is one status event, one notice and one audit
// row in the database, with four seats on three cases, so that they meet
// on the same case and the server's retries run.
func TestServerSeatsCountWhatTheyRecord(t *testing.T) {
	if !onServer() {
		t.Skip("seats share one database on a server (CASEDESK_TEST_SERVER=1)")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "seats.db")
	s := openBenchServer(t, path, auth.NewKeysForTest(testKey))
	keys := auth.NewKeysForTest(testKey)
	if _, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
		demo.Options{People: 30, Seed: 2}, nil); err != nil {
		t.Fatal(err)
	}
	var cases []string
	rows, err := s.db.Query(`SELECT id FROM cases ORDER BY id LIMIT 3`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, id)
	}
	rows.Close()
	count := func() (n [3]int) {
		t.Helper()
		for i, q := range []string{`SELECT count(*) FROM case_events`, `SELECT count(*) FROM notices`,
			`SELECT count(*) FROM audit_events WHERE action = 'case.status'`} {
			if err := s.db.QueryRow(q).Scan(&n[i]); err != nil {
				t.Fatal(err)
			}
		}
		return n
	}
	desks := make([]*desk.Desk, 4)
	for i := range desks {
		// Each on a Store of its own on the same database, as the seats.
		desks[i] = benchDeskOf(openBenchServer(t, path, keys), keys)
	}
	before := count()
	lat, err := recordSeats(ctx, desks, cases, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	after := count()
	if len(lat) == 0 {
		t.Fatal("no change was recorded in a second")
	}
	for i, what := range []string{"status events", "notices", "audit rows"} {
		if got := after[i] - before[i]; got != len(lat) {
			t.Errorf("%d changes counted, %d %s written", len(lat), got, what)
		}
	}
}

// serverDatabase is the address of the database the server's bars are
// measured on. CASEDESK_BENCH_SERVER names one (benchreport makes it on a
// cluster of its own and keeps it for all its runs, so the clinic is built
// once); without it, a durable cluster is started for this benchmark and
// removed after it.
func serverDatabase(b *testing.B) string {
	b.Helper()
	if url := os.Getenv("CASEDESK_BENCH_SERVER"); url != "" {
		return url
	}
	srv, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		b.Skipf("no PostgreSQL server to measure on: %v", err)
	}
	b.Cleanup(srv.Stop)
	name, err := srv.NewDatabase(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	return srv.URL(name)
}

// openBenchServer opens the store at url with keys in use, closed when
// the benchmark ends.
func openBenchServer(b testing.TB, url string, keys *auth.Keys) *Store {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.UseKeys(ctx, keys); err != nil {
		b.Fatal(err)
	}
	return s
}
