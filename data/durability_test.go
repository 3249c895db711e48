package data

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/demo"
)

// TestMain doubles as the writer child of the kill test: with
// CASEDESK_CRASH_CHILD set to a store path it commits until it is killed.
func TestMain(m *testing.M) {
	if path := os.Getenv("CASEDESK_CRASH_CHILD"); path != "" {
		crashChild(path)
		return
	}
	if path := os.Getenv("CASEDESK_BACKUP_CHILD"); path != "" {
		backupChild(path)
		return
	}
	os.Exit(runOnBackend(m))
}

// crashChild commits a person and a case (with its first event) per
// transaction and prints each receipt only after its commit returned.
func crashChild(path string) {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start, _ := strconv.Atoi(os.Getenv("CASEDESK_CRASH_START"))
	for i := start; ; i++ {
		p := app.Person{GivenName: "Crash", FamilyName: fmt.Sprint("Test", i)}
		if err := s.CreatePerson(ctx, &p); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		r := app.Receipt(fmt.Sprintf("EAC%010d", i))
		c := app.Case{Receipt: r, FormType: "I-765", ApplicantID: p.ID, ReceivedDate: app.NewDate(2025, 1, 1)}
		if err := s.CreateCase(ctx, &c, &app.CaseEvent{StatusCode: "received", Date: c.ReceivedDate}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("committed %s\n", r)
	}
}

// TestKilledWriterLosesNothing kills a committing process with SIGKILL at
// random moments; afterwards the store passes integrity_check and holds
// every commit the child reported. Rounds: CASEDESK_KILL_ROUNDS (CI: 50).
func TestKilledWriterLosesNothing(t *testing.T) {
	sqliteOnly(t, "its journal and its disk")
	rounds := 10
	if n, err := strconv.Atoi(os.Getenv("CASEDESK_KILL_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	var reported []string
	next := 0
	for round := range rounds {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "CASEDESK_CRASH_CHILD="+path, "CASEDESK_CRASH_START="+strconv.Itoa(next))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		kill := time.After(time.Duration(20+rng.IntN(300)) * time.Millisecond)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				reported = append(reported, strings.TrimPrefix(l, "committed "))
			case <-kill:
				cmd.Process.Signal(syscall.SIGKILL)
				kill = nil
			}
		}
		cmd.Wait()
		if !strings.Contains(cmd.ProcessState.String(), "killed") {
			t.Fatalf("round %d: child ended by itself: %s\n%s", round, cmd.ProcessState, stderr.String())
		}
		next += 100000

		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if err := check(context.Background(), s.db, "PRAGMA integrity_check"); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		var cases, halfMade int
		s.db.QueryRow("SELECT count(*) FROM cases").Scan(&cases)
		s.db.QueryRow("SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)").Scan(&halfMade)
		for _, r := range reported {
			if _, err := s.CaseByReceipt(context.Background(), app.Receipt(r)); err != nil {
				t.Fatalf("round %d: reported commit %s is missing: %v", round, r, err)
			}
		}
		s.Close()
		if halfMade != 0 {
			t.Fatalf("round %d: %d cases without their first event", round, halfMade)
		}
		if cases < len(reported) {
			t.Fatalf("round %d: %d cases, %d reported", round, cases, len(reported))
		}
	}
	if len(reported) < rounds {
		t.Fatalf("only %d commits reported in %d rounds: the child hardly ran", len(reported), rounds)
	}
	t.Logf("%d rounds, %d reported commits, all present", rounds, len(reported))
}

// TestFullDiskWritesNothingHalfMade fills the store with a tiny
// max_page_count: the writes fail with ErrStoreFull and nothing partial stays.
func TestFullDiskWritesNothingHalfMade(t *testing.T) {
	sqliteOnly(t, "its journal and its disk")
	s := openTest(t)
	ctx := context.Background()
	s.db.SetMaxOpenConns(1) // max_page_count is per connection
	var pages int
	s.db.QueryRow("PRAGMA page_count").Scan(&pages)
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+40)); err != nil {
		t.Fatal(err)
	}
	_, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
		demo.Options{People: 2000, Seed: 1, Today: app.NewDate(2026, 11, 1)}, nil)
	if !errors.Is(err, app.ErrStoreFull) {
		t.Fatalf("demo into a full store: %v", err)
	}
	if msg := app.StoreMessage("casedesk.db", err); !strings.Contains(msg, "full") || !strings.Contains(msg, "Nothing was saved") {
		t.Errorf("message %q", msg)
	}
	if sum, _ := s.Summary(ctx); !sum.Empty() || sum.ClinicName != "" {
		t.Fatalf("a failed demo left %+v", sum)
	}
	// One case at a time until the disk is full: each is whole or absent.
	var lastErr error
	for i := 0; i < 5000 && lastErr == nil; i++ {
		p := app.Person{GivenName: strings.Repeat("Long given name ", 20), FamilyName: fmt.Sprint("Full", i)}
		if lastErr = s.CreatePerson(ctx, &p); lastErr != nil {
			break
		}
		c := app.Case{Receipt: app.Receipt(fmt.Sprintf("WAC%010d", i)), FormType: "I-90", ApplicantID: p.ID,
			ReceivedDate: app.NewDate(2025, 1, 1)}
		lastErr = s.CreateCase(ctx, &c, &app.CaseEvent{StatusCode: "received", Date: c.ReceivedDate, Note: strings.Repeat("n", 500)})
	}
	if !errors.Is(lastErr, app.ErrStoreFull) {
		t.Fatalf("filling the store ended with %v", lastErr)
	}
	var halfMade int
	s.db.QueryRow("SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)").Scan(&halfMade)
	if halfMade != 0 {
		t.Errorf("%d cases without their event", halfMade)
	}
	if err := check(ctx, s.db, "PRAGMA integrity_check"); err != nil {
		t.Fatal(err)
	}
}
