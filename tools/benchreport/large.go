package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// largeFigures are the figures measured on the large clinic.
type largeFigures struct {
	deskP95    float64       // the desk's search as typed, p95 in ms
	searchP95  float64       // name search, 95th percentile, ms
	searchMean float64       // name search, mean, ns
	open       time.Duration // casedesk settings list, median
	// checkedOpen is the same command after an unclean shutdown, when the
	// store runs its full check first.
	checkedOpen time.Duration
}

// measureLarge builds the large clinic (people of them) in .bench and
// times name search and a command's open on it.
func measureLarge(bin string, people, count int) (largeFigures, error) {
	var f largeFigures
	ref, err := filepath.Abs(".bench/ref-large.db")
	if err != nil {
		return f, err
	}
	removeStore(ref)
	fmt.Printf("Building the large clinic (%d people)…\n", people)
	cmd := exec.Command(bin, "demo", "--people", strconv.Itoa(people), "--seed", "1", "--db", ref)
	cmd.Stdout = os.Stdout
	if err := cmd.Run(); err != nil {
		return f, fmt.Errorf("building the large clinic: %w", err)
	}
	out, err := goBench(ref, "^Benchmark(NameSearch|DeskSearch)$", count)
	if err != nil {
		return f, err
	}
	m := medians(out)["NameSearch"]
	f.searchP95, f.searchMean = m["p95-ms"], m["ns/op"]
	f.deskP95 = medians(out)["DeskSearch"]["p95-ms"]

	fmt.Println("Timing a command's open on the large clinic…")
	if f.open, err = timeCommand(bin, ref, 2*count-1, nil); err != nil {
		return f, err
	}
	// A marker nobody holds is what a killed process leaves beside the store.
	crashed := func() error { return os.WriteFile(ref+"-open-benchreport", []byte("0\n"), 0o600) }
	f.checkedOpen, err = timeCommand(bin, ref, 3, crashed)
	return f, err
}

// timeCommand times `casedesk settings list` on the store runs times, each
// after before (when not nil), and returns the median.
func timeCommand(bin, ref string, runs int, before func() error) (time.Duration, error) {
	var ds []time.Duration
	for range runs {
		if before != nil {
			if err := before(); err != nil {
				return 0, err
			}
		}
		start := time.Now()
		if out, err := exec.Command(bin, "settings", "list", "--db", ref).CombinedOutput(); err != nil {
			return 0, fmt.Errorf("settings list: %v\n%s", err, out)
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// thousands writes n with thousands separated by commas: 200,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
