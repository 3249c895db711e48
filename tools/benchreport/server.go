package main

import (
	"context"
	"fmt"

	"casedesk/data/pgtest"
)

// benchServer is the PostgreSQL cluster the server's bars are measured
// on: started once for the whole run, with fsync on as a real server runs,
// so that the reference clinic is built there once (by the first run of
// BenchmarkServer) and every later run measures the same database.
type benchServer struct {
	srv *pgtest.Server
	url string // the database's address, for CASEDESK_BENCH_SERVER
}

// startServer starts the cluster and makes the database, empty.
func startServer() (*benchServer, error) {
	fmt.Println("Starting a PostgreSQL cluster for the server's bars (fsync on)…")
	srv, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		return nil, err
	}
	name, err := srv.NewDatabase(context.Background(), "")
	if err != nil {
		srv.Stop()
		return nil, err
	}
	return &benchServer{srv: srv, url: srv.URL(name)}, nil
}

// stop stops the cluster and removes it.
func (b *benchServer) stop() {
	if b != nil {
		b.srv.Stop()
	}
}

// serverBars adds the server's bars to r from the medians m: each beside
// the same figure on the reference store in the same run, where it has
// one. Without a server (why says why), each is missed, not measured.
func serverBars(r *report, m map[string]map[string]float64, why error) {
	get := func(name, unit string) float64 { return m["Server/"+name][unit] }
	if why != nil || m["Server/ReceiptLookup"] == nil {
		if why == nil {
			why = fmt.Errorf("BenchmarkServer did not run")
		}
		for _, what := range []string{"receipt lookup on the server", "desk search as you type on the server, p95",
			"applicant's dashboard on the server", "8 seats recording status changes"} {
			r.bar(what, "—", 0, false, "", "not measured: "+why.Error())
		}
		return
	}
	if s := get("Load", "s"); s > 0 {
		r.info("build the reference clinic on the server", fmt.Sprintf("%.1f s", s),
			fmt.Sprintf("demo build through Bulk, %.2fM rows, %.0fk rows/s; once per run", get("Load", "rows")/1e6, get("Load", "rows/s")/1000))
	}
	if s := get("Dump", "s"); s > 0 {
		r.info("pg_dump -Fc of it", fmt.Sprintf("%.1f s", s),
			fmt.Sprintf("a dump of %.0f MB, of a database of %.0f MB; once per run", get("Dump", "dump-MB"), get("Dump", "db-MB")))
	}
	lookup, sqlite := get("ReceiptLookup", "ns/op"), get("ReceiptLookupSQLite", "ns/op")
	r.ratio("receipt lookup on the server", fmt.Sprintf("%.1f µs", lookup/1000), lookup/sqlite, 3,
		fmt.Sprintf("the same receipts on SQLite %.1f µs; bare prepared SELECT by key on the server %.1f µs", sqlite/1000, get("BareSelect", "ns/op")/1000))
	p95 := get("DeskSearch", "p95-ms")
	r.bar("desk search as you type on the server, p95", fmt.Sprintf("%.2f ms", p95), 0, p95 <= 10, "≤ 10 ms",
		fmt.Sprintf("the same queries on SQLite %.2f ms; mean %.2f ms", get("DeskSearchSQLite", "p95-ms"), get("DeskSearch", "ns/op")/1e6))
	dash := get("Dashboard", "ns/op")
	r.bar("applicant's dashboard on the server", fmt.Sprintf("%.0f µs", dash/1000), 0, dash <= 2e6, "≤ 2 ms", "—")
	seats := get("Seats8", "changes/s")
	r.bar("8 seats recording status changes", fmt.Sprintf("%.0f /s", seats), 0, seats >= 500, "≥ 500 /s",
		fmt.Sprintf("%.0f /s a seat, p95 %.1f ms a change; one seat alone %.0f /s, p95 %.1f ms",
			get("Seats8", "changes/s/seat"), get("Seats8", "p95-ms"), get("Seats1", "changes/s"), get("Seats1", "p95-ms")))
	if mig := m["MigrateReference"]; mig != nil {
		secs := mig["s"]
		if secs == 0 {
			secs = mig["ns/op"] / 1e9
		}
		r.bar("migrate the reference clinic from SQLite", fmt.Sprintf("%.1f s", secs), 0, secs <= 60, "≤ 60 s", "—")
	}
}
