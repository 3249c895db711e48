// Command benchreport runs CaseDesk's benchmarks on the reference data set
// and prints each figure beside its bar from QUALITY.md and the floor
// measured in the same run. It exits 1 when a bar is missed.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"casedesk/tools/xvfb"
)

func main() {
	bin := flag.String("bin", "bin/casedesk", "the built casedesk binary")
	people := flag.Int("people", 50000, "size of the reference clinic")
	count := flag.Int("count", 5, "runs of each benchmark (the median is reported)")
	guiOnly := flag.Bool("gui", false, "only time the window, on the reference store already built")
	flag.Parse()
	if err := os.MkdirAll(".bench", 0o755); err != nil {
		fail(err)
	}
	ref, _ := filepath.Abs(".bench/ref.db")

	if *guiOnly {
		bare, app, rss, bareRSS, err := guiStart(*bin, ref, 2*(*count)-1)
		if err != nil {
			fail(err)
		}
		fmt.Printf("bare window %.2f s, CaseDesk %.2f s (%.2f×), peak %d MB (bare %d MB)\n", bare.Seconds(), app.Seconds(), app.Seconds()/bare.Seconds(), rss/1024, bareRSS/1024)
		return
	}

	// 1. Build the reference clinic, timed.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(ref + suffix)
	}
	fmt.Printf("Building the reference clinic (%d people)…\n", *people)
	start := time.Now()
	cmd := exec.Command(*bin, "demo", "--people", strconv.Itoa(*people), "--seed", "1", "--db", ref)
	cmd.Stdout = os.Stdout
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("building the reference clinic: %w", err))
	}
	build := time.Since(start)
	rows := countRows(ref)

	// 2. The store benchmarks, count times each.
	fmt.Println("Running the store benchmarks…")
	out, err := goBench(ref, *count)
	if err != nil {
		fail(err)
	}
	m := medians(out)

	// 3. GUI start and memory, beside a bare Fyne window.
	fmt.Println("Timing the window under Xvfb…")
	bare, app, rss, bareRSS, err := guiStart(*bin, ref, 2*(*count)-1)
	if err != nil {
		fail(err)
	}

	ok := true
	row := func(what string, got string, pass bool, bar, floor string) {
		mark := "ok"
		if !pass {
			mark, ok = "MISSED", false
		}
		fmt.Printf("%-44s %-14s %-10s %-7s %s\n", what, got, bar, mark, floor)
	}
	fmt.Printf("\n%-44s %-14s %-10s %-7s %s\n", "what (median)", "measured", "bar", "", "floor / anchor, same run")
	floorRate := m["BulkInsertFloor"]["rows/s"]
	row("build the reference clinic", fmt.Sprintf("%.1f s", build.Seconds()), build <= 20*time.Second, "≤ 20 s",
		fmt.Sprintf("bulk insert %.0fk rows/s; %.2fM rows here → %.1f s at that rate", floorRate/1000, float64(rows)/1e6, float64(rows)/floorRate))
	us := func(name string) float64 { return m[name]["ns/op"] / 1000 }
	row("receipt-number lookup", fmt.Sprintf("%.1f µs", us("ReceiptLookup")), us("ReceiptLookup") <= 50, "≤ 50 µs",
		fmt.Sprintf("bare prepared SELECT by key %.1f µs", us("BareSelect")))
	row("applicant's dashboard", fmt.Sprintf("%.0f µs", us("Dashboard")), us("Dashboard") <= 1000, "≤ 1 ms", "—")
	p95 := m["NameSearch"]["p95-ms"]
	row("staff name search, p95", fmt.Sprintf("%.2f ms", p95), p95 <= 10, "≤ 10 ms", fmt.Sprintf("mean %.2f ms", us("NameSearch")/1000))
	ms := func(name string) float64 { return m[name]["ns/op"] / 1e6 }
	row("one receipt notice PDF, embedded fonts", fmt.Sprintf("%.1f ms", ms("ReceiptNotice")), ms("ReceiptNotice") <= 10, "≤ 10 ms",
		fmt.Sprintf("bare one-page core-font PDF %.2f ms", ms("BarePDF")))
	row("1,000 notices into one PDF", fmt.Sprintf("%.2f s", ms("Notices1000")/1000), ms("Notices1000") <= 3000, "≤ 3 s",
		fmt.Sprintf("1,000 bare core-font pages %.2f s (%.0f pages/s)", ms("BarePages1000")/1000, 1e6/ms("BarePages1000")))
	ratio := app.Seconds() / bare.Seconds()
	row("GUI start to first screen", fmt.Sprintf("%.2f s (%.2f×)", app.Seconds(), ratio), ratio <= 1.3, "≤ 1.3×",
		fmt.Sprintf("bare Fyne window %.2f s", bare.Seconds()))
	row("GUI peak memory (VmHWM)", fmt.Sprintf("%.0f MB", float64(rss)/1024), rss <= 150*1024, "≤ 150 MB", fmt.Sprintf("bare Fyne window %.0f MB", float64(bareRSS)/1024))
	if !ok {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchreport:", err)
	os.Exit(2)
}

func countRows(db string) int {
	out, err := exec.Command("go", "run", "./tools/benchreport/rows", db).Output()
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

func goBench(ref string, count int) (string, error) {
	cmd := exec.Command("go", "test", "./data/", "-run", "^$", "-bench", ".", "-benchmem", "-count", strconv.Itoa(count))
	cmd.Env = append(os.Environ(), "CASEDESK_BENCH_DB="+ref)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, os.Stderr
	err := cmd.Run()
	fmt.Print(buf.String())
	return buf.String(), err
}

var benchLine = regexp.MustCompile(`^Benchmark(\w+?)(-\d+)?\s+\d+\s+(.*)$`)

// medians reads `go test -bench` output: benchmark → unit → median value.
func medians(out string) map[string]map[string]float64 {
	all := map[string]map[string][]float64{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		mm := benchLine.FindStringSubmatch(sc.Text())
		if mm == nil {
			continue
		}
		f := strings.Fields(mm[3])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if all[mm[1]] == nil {
				all[mm[1]] = map[string][]float64{}
			}
			all[mm[1]][f[i+1]] = append(all[mm[1]][f[i+1]], v)
		}
	}
	res := map[string]map[string]float64{}
	for name, units := range all {
		res[name] = map[string]float64{}
		for unit, vs := range units {
			slices.Sort(vs)
			res[name][unit] = vs[len(vs)/2]
		}
	}
	return res
}

// guiStart times, alternately, a bare Fyne window and CaseDesk on the
// reference store from exec to a visible window, and reads CaseDesk's peak RSS.
func guiStart(bin, ref string, count int) (bare, app time.Duration, peakKB, barePeakKB int, err error) {
	bareBin := filepath.Join(".bench", "barewindow")
	if out, err := exec.Command("go", "build", "-o", bareBin, "./tools/barewindow").CombinedOutput(); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("building barewindow: %v\n%s", err, out)
	}
	display, stop, err := xvfb.Start()
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer stop()
	var bares, apps []time.Duration
	for i := 0; i < count; i++ {
		d, kb, err := timeWindow(display, "^Bare$", bareBin)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		bares = append(bares, d)
		barePeakKB = max(barePeakKB, kb)
		d, kb, err = timeWindow(display, "^CaseDesk$", bin, "--db", ref)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		apps = append(apps, d)
		peakKB = max(peakKB, kb)
	}
	slices.Sort(bares)
	slices.Sort(apps)
	return bares[len(bares)/2], apps[len(apps)/2], peakKB, barePeakKB, nil
}

func timeWindow(display, name, bin string, args ...string) (time.Duration, int, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		search := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", name)
		search.Env = cmd.Env
		if out, _ := search.Output(); len(bytes.TrimSpace(out)) > 0 {
			d := time.Since(start)
			time.Sleep(3 * time.Second) // let the first screen finish loading, then read the peak
			return d, vmHWM(cmd.Process.Pid), nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, 0, fmt.Errorf("%s: no window within 30 s\n%s", bin, stderr.String())
}

func vmHWM(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return 0
}
