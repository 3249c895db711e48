// Command benchreport runs CaseDesk's benchmarks on the reference data set
// and prints each figure beside its bar (listed in the README) and the floor
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
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"casedesk/tools/xvfb"
)

func main() {
	bin := flag.String("bin", "bin/casedesk", "the built casedesk binary")
	people := flag.Int("people", 50000, "size of the reference clinic")
	large := flag.Int("large", 200000, "size of the large clinic, where name search and opening the store are timed again (0: none)")
	count := flag.Int("count", 5, "runs of each benchmark (the median is reported)")
	guiOnly := flag.Bool("gui", false, "only measure the window (its start, and the staff desk's memory), on the reference store already built")
	flag.Parse()
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		stopServer()
		os.Exit(130)
	}()
	if err := os.MkdirAll(".bench", 0o755); err != nil {
		fail(err)
	}
	ref, _ := filepath.Abs(".bench/ref.db")

	if *guiOnly {
		if err := prepareStaff(ref); err != nil {
			fail(err)
		}
		g, err := measureGUI(*bin, ref, *count)
		if err != nil {
			fail(err)
		}
		fmt.Printf("bare window %.2f s, CaseDesk %.2f s (%.2f×), peak %d MB (bare %d MB)\n",
			g.bare.Seconds(), g.app.Seconds(), g.app.Seconds()/g.bare.Seconds(), g.peakKB/1024, g.barePeakKB/1024)
		fmt.Printf("staff desk after a sign-in and a search: peak %d MB, bare + %d MB (largest of %d runs)\n",
			g.deskPeakKB/1024, (g.deskPeakKB-g.barePeakKB)/1024, g.deskRuns)
		return
	}

	// 1. Build the reference clinic, timed.
	removeStore(ref)
	fmt.Printf("Building the reference clinic (%d people)…\n", *people)
	start := time.Now()
	cmd := exec.Command(*bin, "demo", "--people", strconv.Itoa(*people), "--seed", "1", "--db", ref)
	cmd.Stdout = os.Stdout
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("building the reference clinic: %w", err))
	}
	build := time.Since(start)
	// The staff account the desk's memory is measured with, now: the demo
	// lists its one-time password beside the store, where the large
	// clinic's build puts its own list.
	if err := prepareStaff(ref); err != nil {
		fail(err)
	}

	// 2. The store and PDF benchmarks, with their floors, and the same
	// store on a PostgreSQL server (BenchmarkServer), on a cluster kept for
	// all the runs.
	srv, noServer := startServer()
	if noServer != nil {
		fmt.Fprintln(os.Stderr, "benchreport: no PostgreSQL server, so the server's bars are not measured:", noServer)
	} else {
		serverURL = srv.url
		running.Lock()
		running.srv = srv
		running.Unlock()
	}
	out, err := goBench(ref, ".", *count)
	if err != nil {
		fail(err)
	}
	stopServer()
	serverURL = ""
	m := medians(out)

	// 2b. Name search and a command's open on the large clinic, where a
	// cost that grows with the store shows.
	var big largeFigures
	if *large > 0 {
		if big, err = measureLarge(*bin, *large, *count); err != nil {
			fail(err)
		}
	}

	// 3. GUI start and memory, at the first screen and at the staff desk,
	// beside a bare Fyne window.
	g, err := measureGUI(*bin, ref, *count)
	if err != nil {
		fail(err)
	}

	// 4. Each figure beside its bar and, where it has one, the floor
	// measured in this run and the figure's ratio to it. The bars of the
	// build, the notices and the window start are set on that ratio.
	var r report
	ns := func(name string) float64 { return m[name]["ns/op"] }
	floor := ns("BulkInsertFloor") / 1e9
	r.ratio("build the reference clinic", fmt.Sprintf("%.1f s", build.Seconds()), build.Seconds()/floor, 3.5,
		fmt.Sprintf("bulk insert of as many trivial rows (%.2fM) %.1f s, %.0fk rows/s",
			m["BulkInsertFloor"]["rows"]/1e6, floor, m["BulkInsertFloor"]["rows/s"]/1000))
	r.bar("receipt-number lookup", fmt.Sprintf("%.1f µs", ns("ReceiptLookup")/1000), ns("ReceiptLookup")/ns("BareSelect"),
		ns("ReceiptLookup") <= 50e3, "≤ 50 µs", fmt.Sprintf("bare prepared SELECT by key %.1f µs", ns("BareSelect")/1000))
	r.bar("applicant's dashboard", fmt.Sprintf("%.0f µs", ns("Dashboard")/1000), 0, ns("Dashboard") <= 1e6, "≤ 1 ms", "—")
	p95 := m["NameSearch"]["p95-ms"]
	r.bar("staff name search, p95", fmt.Sprintf("%.2f ms", p95), 0, p95 <= 10, "≤ 10 ms", fmt.Sprintf("mean %.2f ms", ns("NameSearch")/1e6))
	deskP95 := m["DeskSearch"]["p95-ms"]
	r.bar("desk search as you type, p95", fmt.Sprintf("%.2f ms", deskP95), 0, deskP95 <= 10, "≤ 10 ms",
		fmt.Sprintf("mean %.2f ms, up to %d clients shown", ns("DeskSearch")/1e6, 200))
	r.bar("a client's page after a click", fmt.Sprintf("%.2f ms", ns("DeskClientPage")/1e6), 0, ns("DeskClientPage") <= 50e6, "≤ 50 ms", "—")
	r.bar("record a status change with its notice", fmt.Sprintf("%.2f ms", ns("DeskRecordStatus")/1e6), 0, ns("DeskRecordStatus") <= 20e6, "≤ 20 ms", "—")
	r.bar("dry run of a 10,000-row client CSV", fmt.Sprintf("%.2f s", ns("ImportDryRun10k")/1e9), 0, ns("ImportDryRun10k") <= 3e9, "≤ 3 s",
		fmt.Sprintf("%.0f MB, %.2fM allocations", m["ImportDryRun10k"]["B/op"]/1e6, m["ImportDryRun10k"]["allocs/op"]/1e6))
	r.bar("import of the same file", fmt.Sprintf("%.2f s", ns("Import10k")/1e9), 0, ns("Import10k") <= 5e9, "≤ 5 s",
		fmt.Sprintf("%.0f MB, %.2fM allocations; one transaction", m["Import10k"]["B/op"]/1e6, m["Import10k"]["allocs/op"]/1e6))
	r.bar("a year's funder report", fmt.Sprintf("%.2f s", ns("FunderReportYear")/1e9), 0, ns("FunderReportYear") <= 1e9, "≤ 1 s", "—")
	if *large > 0 {
		r.ratio(fmt.Sprintf("name search at %s people, p95", thousands(*large)), fmt.Sprintf("%.2f ms", big.searchP95), big.searchP95/p95, 1.5,
			fmt.Sprintf("the same at %s people %.2f ms; mean %.2f ms", thousands(*people), p95, big.searchMean/1e6))
		r.ratio(fmt.Sprintf("desk search at %s people, p95", thousands(*large)), fmt.Sprintf("%.2f ms", big.deskP95), big.deskP95/deskP95, 1.5,
			fmt.Sprintf("the same at %s people %.2f ms", thousands(*people), deskP95))
		r.bar(fmt.Sprintf("open the store for a command, %s people", thousands(*large)), fmt.Sprintf("%.2f s", big.open.Seconds()), 0,
			big.open.Seconds() <= 0.5, "≤ 0.5 s", fmt.Sprintf("after a crash (full check) %.2f s", big.checkedOpen.Seconds()))
	}
	serverBars(&r, m, noServer)
	r.bar("write a case packet (5 cases, 40 notices)", fmt.Sprintf("%.2f s", ns("PacketWrite")/1e9), 0, ns("PacketWrite") > 0 && ns("PacketWrite") <= 1e9, "≤ 1 s",
		"Argon2id and the desk's read-back included")
	r.bar("open and apply it at home", fmt.Sprintf("%.2f s", ns("PacketApply")/1e9), 0, ns("PacketApply") > 0 && ns("PacketApply") <= 1.5e9, "≤ 1.5 s",
		"Argon2id included")
	r.ratio("one receipt notice PDF, embedded fonts", fmt.Sprintf("%.2f ms", ns("ReceiptNotice")/1e6), ns("ReceiptNotice")/ns("BarePDF"), 10,
		fmt.Sprintf("bare one-page core-font PDF %.2f ms", ns("BarePDF")/1e6))
	r.ratio("1,000 notices into one PDF", fmt.Sprintf("%.2f s", ns("Notices1000")/1e9), ns("Notices1000")/ns("BarePages1000"), 15,
		fmt.Sprintf("1,000 bare core-font pages %.3f s (%.0f pages/s)", ns("BarePages1000")/1e9, 1e12/ns("BarePages1000")))
	r.ratio("encrypted backup of the reference clinic", fmt.Sprintf("%.2f s", ns("BackupSealed")/1e9), ns("BackupSealed")/ns("BackupVacuumInto"), 2,
		fmt.Sprintf("plain VACUUM INTO of it %.2f s", ns("BackupVacuumInto")/1e9))
	r.ratio("GUI start to first screen", fmt.Sprintf("%.2f s", g.app.Seconds()), g.app.Seconds()/g.bare.Seconds(), 1.3,
		fmt.Sprintf("bare Fyne window %.2f s", g.bare.Seconds()))
	// The bars: at most the bare window's peak plus 25 MB at the first
	// screen, plus 45 MB at the staff desk after a search; same run.
	mb := func(kb int) float64 { return float64(kb) / 1024 }
	r.bar("GUI peak memory (VmHWM)", fmt.Sprintf("%.0f MB", mb(g.peakKB)), mb(g.peakKB)/mb(g.barePeakKB), g.peakKB <= g.barePeakKB+25*1024,
		fmt.Sprintf("≤ bare + 25 MB (%.0f MB)", mb(g.barePeakKB+25*1024)), fmt.Sprintf("bare Fyne window %.0f MB", mb(g.barePeakKB)))
	r.bar("GUI peak memory, staff desk after a search", fmt.Sprintf("%.0f MB", mb(g.deskPeakKB)), mb(g.deskPeakKB)/mb(g.barePeakKB),
		g.deskPeakKB <= g.barePeakKB+45*1024, fmt.Sprintf("≤ bare + 45 MB (%.0f MB)", mb(g.barePeakKB+45*1024)),
		fmt.Sprintf("bare Fyne window %.0f MB; largest of %d runs, search %q", mb(g.barePeakKB), g.deskRuns, deskSearch))
	r.print()
	if r.missed {
		os.Exit(1)
	}
}

// report collects the lines of the table benchreport prints.
type report struct {
	lines  [][6]string // what, measured, ratio to the floor, bar, mark, floor
	missed bool
}

// info adds a figure that has no bar, with a note beside it.
func (r *report) info(what, got, note string) {
	r.lines = append(r.lines, [6]string{what, got, "—", "—", "", note})
}

// ratio adds a figure whose bar is a ratio to its floor: ratio ≤ most.
func (r *report) ratio(what, got string, ratio, most float64, floor string) {
	r.bar(what, got, ratio, ratio <= most, fmt.Sprintf("≤ %g×", most), floor)
}

// bar adds a figure, its ratio to its floor (0 when it has none) and
// whether it meets its bar.
func (r *report) bar(what, got string, ratio float64, pass bool, bar, floor string) {
	mark, rs := "ok", "—"
	if !pass {
		mark, r.missed = "MISSED", true
	}
	if ratio > 0 {
		rs = fmt.Sprintf("%.1f×", ratio)
	}
	r.lines = append(r.lines, [6]string{what, got, rs, bar, mark, floor})
}

func (r *report) print() {
	const row = "%-46s %-10s %-8s %-9s %-7s %s\n"
	fmt.Printf("\n"+row, "what (median)", "measured", "ratio", "bar", "", "floor / anchor, same run")
	for _, l := range r.lines {
		fmt.Printf(row, l[0], l[1], l[2], l[3], l[4], l[5])
	}
}

// serverURL is the address of the database BenchmarkServer measures on
// while its cluster runs.
var serverURL string

// running is that cluster; stopServer stops and removes it, at the end of
// the runs, on a failure, or when benchreport is interrupted, so that no
// server is left behind.
var running struct {
	sync.Mutex
	srv *benchServer
}

func stopServer() {
	running.Lock()
	defer running.Unlock()
	running.srv.stop()
	running.srv = nil
}

func fail(err error) {
	stopServer()
	fmt.Fprintln(os.Stderr, "benchreport:", err)
	os.Exit(2)
}

// goBench runs the store and PDF benchmarks that match pattern count
// times, each time all of them in turn, so that a figure and its floor are
// measured close together rather than minutes apart. It returns the output
// of every run.
func goBench(ref, pattern string, count int) (string, error) {
	bin, err := filepath.Abs(filepath.Join(".bench", "data.test"))
	if err != nil {
		return "", err
	}
	if out, err := exec.Command("go", "test", "-c", "-o", bin, "./data/").CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the benchmarks: %v\n%s", err, out)
	}
	var all bytes.Buffer
	for i := range count {
		fmt.Printf("Running the store and PDF benchmarks (%d of %d)…\n", i+1, count)
		cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", pattern, "-test.benchmem", "-test.count", "1")
		cmd.Dir = "data" // where go test would run them
		cmd.Env = append(os.Environ(), "CASEDESK_BENCH_DB="+ref)
		if serverURL != "" {
			cmd.Env = append(cmd.Env, "CASEDESK_BENCH_SERVER="+serverURL)
		}
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, os.Stderr
		err := cmd.Run()
		fmt.Print(buf.String())
		all.Write(buf.Bytes())
		if err != nil {
			return all.String(), err
		}
	}
	return all.String(), nil
}

var benchLine = regexp.MustCompile(`^Benchmark([\w/]+?)(-\d+)?\s+\d+\s+(.*)$`)

// medians reads `go test -bench` output: benchmark → unit → median value.
// A sub-benchmark is named as go test prints it, Server/ReceiptLookup.
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

// guiFigures are the window's figures, beside a bare Fyne window's.
type guiFigures struct {
	bare, app          time.Duration // exec to a visible window, medians
	peakKB, barePeakKB int           // peak RSS at the first screen, largest of the runs
	// deskPeakKB is CaseDesk's peak RSS after a staff member signed in
	// and searched at the desk, the largest of deskRuns runs.
	deskPeakKB, deskRuns int
}

// measureGUI measures the window under Xvfb on the reference store: its
// start and peak memory at the first screen beside a bare Fyne window's
// (2×count−1 runs of each, alternately), then its peak memory after a
// staff sign-in and a search at the desk (count runs). The staff account
// is ready (prepareStaff): each run signs in as on any day after the first.
func measureGUI(bin, ref string, count int) (guiFigures, error) {
	var g guiFigures
	bareBin := filepath.Join(".bench", "barewindow")
	if out, err := exec.Command("go", "build", "-o", bareBin, "./tools/barewindow").CombinedOutput(); err != nil {
		return g, fmt.Errorf("building barewindow: %v\n%s", err, out)
	}
	display, stop, err := xvfb.Start()
	if err != nil {
		return g, err
	}
	defer stop()
	fmt.Println("Timing the window under Xvfb…")
	if g.bare, g.app, g.peakKB, g.barePeakKB, err = guiStart(display, bareBin, bin, ref, 2*count-1); err != nil {
		return g, err
	}
	shot, err := filepath.Abs(filepath.Join(".bench", "desk-search.png"))
	if err != nil {
		return g, err
	}
	for i := range count {
		fmt.Printf("Signing in to the staff desk and searching, under Xvfb (%d of %d)…\n", i+1, count)
		kb, err := deskPeak(display, bin, ref, shot)
		if err != nil {
			return g, err
		}
		g.deskPeakKB = max(g.deskPeakKB, kb)
		g.deskRuns++
	}
	fmt.Printf("The last desk run's screen is in %s.\n", shot)
	return g, nil
}

// guiStart times, alternately, a bare Fyne window and CaseDesk on the
// reference store from exec to a visible window, and reads both peak RSS.
func guiStart(display, bareBin, bin, ref string, count int) (bare, app time.Duration, peakKB, barePeakKB int, err error) {
	var bares, apps []time.Duration
	for i := 0; i < count; i++ {
		d, kb, err := timeWindow(display, "^Bare$", bareBin)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		bares = append(bares, d)
		barePeakKB = max(barePeakKB, kb)
		// The title says DEMO once the reference store (a demo clinic's)
		// is open, which on a busy machine may be before the window shows.
		d, kb, err = timeWindow(display, "^CaseDesk( — DEMO)?$", bin, "--db", ref)
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
	defer stopWindow(cmd)
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

// stopWindow ends a window as Ctrl+C would: CaseDesk closes its store
// cleanly, so that the next start is an ordinary one (after a kill, the
// store runs its full check first). One that does not end within 10 s is killed.
func stopWindow(cmd *exec.Cmd) {
	cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// removeStore deletes a store, its companions and any open markers a
// killed run left beside it.
func removeStore(path string) {
	markers, _ := filepath.Glob(path + "-open-*")
	for _, f := range append([]string{path, path + "-wal", path + "-shm"}, markers...) {
		os.Remove(f)
	}
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
