package main

import (
	"errors"
	"strings"
	"testing"
)

// A run of BenchmarkServer as go test prints it: sub-benchmarks by their
// full names, the load only in the run that built the clinic.
const serverRun = `BenchmarkServer/Load-2         	       1	      1933 ns/op	   1559169 rows	     22468 rows/s	        69.39 s
BenchmarkServer/Dump-2         	       1	      2000 ns/op	        12.5 s	       201.0 dump-MB	       830.2 db-MB
BenchmarkServer/ReceiptLookupSQLite-2         	   43720	     34930 ns/op	    2680 B/op	      73 allocs/op
BenchmarkServer/ReceiptLookup-2               	   28095	     38956 ns/op	    3247 B/op	      74 allocs/op
BenchmarkServer/Dashboard-2                   	    6315	    159190 ns/op	    8692 B/op	     167 allocs/op
BenchmarkServer/DeskSearchSQLite-2            	     840	   1321337 ns/op	         1.867 p95-ms	  412505 B/op	    6732 allocs/op
BenchmarkServer/DeskSearch-2                  	     876	   1194447 ns/op	         3.692 p95-ms	  413552 B/op	    6736 allocs/op
BenchmarkServer/Seats1-2                      	       1	5002004902 ns/op	       779.7 changes/s	       779.7 changes/s/seat	         4.044 p95-ms
BenchmarkServer/Seats8-2                      	       1	5014978596 ns/op	      1470 changes/s	       183.8 changes/s/seat	        17.48 p95-ms
BenchmarkReceiptLookup-2   	   30000	     36000 ns/op
`

func TestMediansReadSubBenchmarks(t *testing.T) {
	m := medians(serverRun + strings.ReplaceAll(serverRun, "38956 ns/op", "50000 ns/op") + strings.ReplaceAll(serverRun, "38956 ns/op", "40000 ns/op"))
	if got := m["Server/ReceiptLookup"]["ns/op"]; got != 40000 {
		t.Errorf("Server/ReceiptLookup: median %v ns/op, want 40000", got)
	}
	if got := m["Server/Seats8"]["changes/s"]; got != 1470 {
		t.Errorf("Server/Seats8: %v changes/s, want 1470", got)
	}
	if got := m["ReceiptLookup"]["ns/op"]; got != 36000 {
		t.Errorf("ReceiptLookup (no sub-benchmark): %v ns/op, want 36000", got)
	}
}

func TestServerBars(t *testing.T) {
	var r report
	serverBars(&r, medians(serverRun), nil)
	if r.missed {
		t.Fatalf("a bar is missed on figures that meet them all: %v", r.lines)
	}
	want := map[string]string{
		"build the reference clinic on the server":   "69.4 s",
		"pg_dump -Fc of it":                          "12.5 s",
		"receipt lookup on the server":               "39.0 µs",
		"desk search as you type on the server, p95": "3.69 ms",
		"applicant's dashboard on the server":        "159 µs",
		"8 seats recording status changes":           "1470 /s",
	}
	for _, l := range r.lines {
		if w, ok := want[l[0]]; ok {
			if l[1] != w {
				t.Errorf("%s: %s, want %s", l[0], l[1], w)
			}
			delete(want, l[0])
		}
		if strings.HasPrefix(l[0], "migrate") {
			t.Errorf("the migration's bar is printed though BenchmarkMigrateReference did not run")
		}
	}
	for what := range want {
		t.Errorf("%s is not printed", what)
	}
}

func TestServerBarsMissed(t *testing.T) {
	slow := strings.NewReplacer("38956 ns/op", "120000 ns/op", "1470 changes/s", "450 changes/s").Replace(serverRun)
	slow += "BenchmarkMigrateReference-2   1   75000000000 ns/op\n"
	var r report
	serverBars(&r, medians(slow), nil)
	missed := map[string]bool{}
	for _, l := range r.lines {
		if l[4] == "MISSED" {
			missed[l[0]] = true
		}
	}
	for _, what := range []string{"receipt lookup on the server", "8 seats recording status changes", "migrate the reference clinic from SQLite"} {
		if !missed[what] {
			t.Errorf("%s is not marked missed: %v", what, r.lines)
		}
	}
	if len(missed) != 3 || !r.missed {
		t.Errorf("missed %v (report missed: %v), want exactly those three", missed, r.missed)
	}

	// No server: every server bar is missed, and says why.
	var none report
	serverBars(&none, nil, errors.New("initdb is missing"))
	if !none.missed || len(none.lines) != 4 || !strings.Contains(none.lines[0][5], "initdb is missing") {
		t.Errorf("without a server: %v", none.lines)
	}
}
