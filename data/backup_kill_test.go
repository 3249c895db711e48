package data

import (
	"bufio"
	"context"
	crand "crypto/rand"
	"encoding/hex"
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

	"casedesk/app/auth"
	"casedesk/app/backup"
)

// backupChild makes automatic backups of the store at path one after
// another, each on a later day of a fake clock, printing each one's name
// only once it is made, until it is killed.
func backupChild(path string) {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start, _ := strconv.Atoi(os.Getenv("CASEDESK_BACKUP_DAY"))
	day := time.Date(2026, 1, 1, 9, 0, 0, 0, time.Local).AddDate(0, 0, start)
	svc := backup.New(s, auth.NewKeysForTest(testKey), func() time.Time { return day })
	for {
		made, err := svc.Daily(ctx)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("made %s\n", filepath.Base(made))
		day = day.AddDate(0, 0, 1)
	}
}

// TestKilledBackupKeepsLastGood kills a process making automatic backups
// with SIGKILL at random moments; afterwards the store opens, passes
// integrity_check and holds what it held, every backup in the folder opens
// whole with the key, and the last one reported made is among them.
// Rounds: CASEDESK_KILL_ROUNDS.
func TestKilledBackupKeepsLastGood(t *testing.T) {
	sqliteOnly(t, "its backups (a server is backed up with pg_dump)")
	rounds := 6
	if n, err := strconv.Atoi(os.Getenv("CASEDESK_KILL_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s := openPath(t, path)
	for i := range 50 {
		mustPerson(t, s, "Kill", fmt.Sprint("Test", i))
	}
	filler := make([]byte, 3<<20) // enough that a backup takes a while
	crand.Read(filler)
	s.SetSetting(ctx, "test.filler", hex.EncodeToString(filler))
	s.Close()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := backup.DefaultFolder(path)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	var last string
	made, day := 0, 0
	for round := range rounds {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "CASEDESK_BACKUP_CHILD="+path, "CASEDESK_BACKUP_DAY="+strconv.Itoa(day))
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
		kill := time.After(time.Duration(100+rng.IntN(600)) * time.Millisecond)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				last = strings.TrimPrefix(l, "made ")
				made++
			case <-kill:
				cmd.Process.Signal(syscall.SIGKILL)
				kill = nil
			}
		}
		cmd.Wait()
		if !strings.Contains(cmd.ProcessState.String(), "killed") {
			t.Fatalf("round %d: child ended by itself: %s\n%s", round, cmd.ProcessState, stderr.String())
		}
		day += 100
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if err := check(ctx, s.db, "PRAGMA integrity_check"); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if sum, _ := s.Summary(ctx); sum.People != 50 {
			t.Fatalf("round %d: %d people", round, sum.People)
		}
		s.Close()
		if n := openSealedAll(t, dir, auth.NewKeysForTest(testKey)); last != "" && n == 0 {
			t.Fatalf("round %d: no backup left", round)
		}
		if last != "" {
			if _, err := os.Stat(filepath.Join(dir, last)); err != nil {
				t.Fatalf("round %d: the last good backup %s is gone: %v", round, last, err)
			}
		}
	}
	if made == 0 {
		t.Fatal("no backup was made in any round: the child hardly ran")
	}
	t.Logf("%d rounds, %d backups made, every one left opens", rounds, made)
}
