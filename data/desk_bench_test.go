package data

// The desk's bars, on the reference store: search as you type, a client's
// page, and a status change recorded with its notice. They go through the
// desk's services, as the window does, with the data key the reference
// store was built with.

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/settings"
)

func benchDesk(b *testing.B) (*Store, *desk.Desk) {
	b.Helper()
	s := benchStore(b)
	ctx := context.Background()
	keys, _, err := auth.InstallKeys(ctx, auth.SystemKeyring{}, s.Path())
	if err == nil {
		err = s.UseKeys(ctx, keys)
	}
	if err != nil {
		b.Skipf("the reference store's data key is not here: %v", err)
	}
	svc := desk.New(s.Desk(), auth.NewCodes(s, keys, nil, auth.DefaultArgon2), keys, notice.NewService(s, nil), settings.New(s), nil, auth.DefaultArgon2)
	return s, svc.CommandLine("bench")
}

// BenchmarkDeskSearch is the desk's search as a name is typed, letter by
// letter, with the desk's limit of results; p95 is the bar.
func BenchmarkDeskSearch(b *testing.B) {
	s, d := benchDesk(b)
	names := sample(b, s, "SELECT family_name FROM people WHERE staff = 0 ORDER BY random() LIMIT 300")
	var queries []string
	for _, n := range names {
		f := app.FoldName(n)
		for k := 1; k <= 5 && k <= len([]rune(f)); k++ {
			queries = append(queries, prefix(f, k))
		}
	}
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
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkDeskClientPage is a client's page after a click: details,
// cases, account, appointments, messages and earlier details.
func BenchmarkDeskClientPage(b *testing.B) {
	s, d := benchDesk(b)
	ids := sample(b, s, "SELECT applicant_id FROM cases ORDER BY random() LIMIT 500")
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := d.Client(ctx, ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkDeskRecordStatus records a status change with its notice (and
// the client's inbox note) on a random case. It writes to the reference
// store, as a clinic's day does.
func BenchmarkDeskRecordStatus(b *testing.B) {
	s, d := benchDesk(b)
	cases := sample(b, s, "SELECT id FROM cases ORDER BY random() LIMIT 500")
	ctx := context.Background()
	today := time.Now().Format("01/02/2006")
	rng := rand.New(rand.NewPCG(3, 4))
	i := 0
	for b.Loop() {
		id := cases[(i+rng.IntN(7))%len(cases)]
		if _, err := d.RecordStatus(ctx, desk.StatusForm{CaseID: id, Status: "approved", Date: today, Notice: app.NoticeApproval,
			Note: strings.Repeat("x", 10)}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
