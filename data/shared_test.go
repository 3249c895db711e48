package data

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"casedesk/app"
	"casedesk/app/files"
)

// The window keeps its store open for hours while other processes (the
// command line, a second window) open it, read and close it. Every write
// the window made must be seen by each of them at once, and survive a
// kill of the window.
//
// What broke this: the window's own process opened and closed the store's
// files besides SQLite — a file dialog reading each file of the folder to
// choose its icon, the check of a save dialog's name, a second Open of
// the same store. Closing such a descriptor drops every POSIX lock the
// process holds on the file, so the next process to close the store took
// itself for the last, folded the log in and deleted it and its index;
// the window went on committing into the deleted log, seen by nobody,
// until a clean quit folded it back in (or a kill lost it).

// TestSharedStoreChild is the window of TestWindowWritesSeenByOthers (with
// SHARED_STORE_WINDOW set) or one command that reads the store and closes
// it (SHARED_STORE_READ, the action to count); otherwise it does nothing.
func TestSharedStoreChild(t *testing.T) {
	ctx := context.Background()
	if path := os.Getenv("SHARED_STORE_READ"); path != "" {
		s, err := Open(ctx, path)
		if err != nil {
			fmt.Println("error", err)
			return
		}
		n, err := s.CountAudit(ctx, os.Getenv("SHARED_STORE_ACTION"))
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		fmt.Println("count", n, err)
		return
	}
	path := os.Getenv("SHARED_STORE_WINDOW")
	if path == "" {
		t.Skip("run by TestWindowWritesSeenByOthers")
	}
	s, err := Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		return
	}
	fmt.Println("ready")
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(sc.Text(), " ")
		switch cmd {
		case "write":
			err := s.Audit(ctx, &app.AuditEvent{ActorID: "window", Action: arg, RecordType: "test"})
			fmt.Println("written", err)
		case "touch":
			fmt.Println("touched", touchFolder(ctx, path))
		}
	}
}

// touchFolder does to the store's folder what the window's process does
// besides SQLite: a save dialog lists the folder and reads, to choose an
// icon, every file it is allowed to read (ui/safefiles.go asks files.Held);
// the name a person gives is checked with files.Kind; a second Store opens
// the same store and closes it.
func touchFolder(ctx context.Context, path string) error {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		files.Kind(p)
		if files.Held(p) {
			continue
		}
		if f, err := os.Open(p); err == nil {
			io.ReadFull(f, make([]byte, 512))
			f.Close()
		}
	}
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	return s.Close()
}

func TestWindowWritesSeenByOthers(t *testing.T) {
	sqliteOnly(t, "its locks between processes")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	window := exec.Command(exe, "-test.run=^TestSharedStoreChild$")
	window.Env = append(os.Environ(), "SHARED_STORE_WINDOW="+path)
	in, err := window.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := window.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := window.Start(); err != nil {
		t.Fatal(err)
	}
	defer window.Process.Kill()
	replies := bufio.NewScanner(out)
	ask := func(cmd, want string) {
		t.Helper()
		if cmd != "" {
			fmt.Fprintln(in, cmd)
		}
		for replies.Scan() {
			if l := replies.Text(); strings.HasPrefix(l, want) {
				if l != want && l != want+" <nil>" {
					t.Fatalf("%s: the window says %q", cmd, l)
				}
				return
			}
		}
		t.Fatalf("%s: the window ended", cmd)
	}
	// Another process opens the store, counts the action's audit rows, closes it.
	count := func(action string) string {
		c := exec.Command(exe, "-test.run=^TestSharedStoreChild$")
		c.Env = append(os.Environ(), "SHARED_STORE_READ="+path, "SHARED_STORE_ACTION="+action)
		b, err := c.Output()
		if err != nil {
			t.Fatalf("reader: %v\n%s", err, b)
		}
		for l := range strings.Lines(string(b)) {
			if strings.HasPrefix(l, "count ") || strings.HasPrefix(l, "error ") {
				return strings.TrimSpace(l)
			}
		}
		return string(b)
	}
	ask("", "ready")
	ask("write signin.ok", "written")
	if got := count("signin.ok"); got != "count 1 <nil>" {
		t.Fatalf("before anything else: another process read %q", got)
	}
	for round := range 3 {
		ask("touch", "touched")
		// This reader closes the store after the window's process touched
		// its files: it must not take itself for the last one.
		count("signin.ok")
		action := fmt.Sprint("message.sent.", round)
		ask("write "+action, "written")
		if got := count(action); got != "count 1 <nil>" {
			t.Fatalf("round %d: the window wrote %s, another process then read %q", round, action, got)
		}
	}

	// Killed after its writes were acknowledged, the window loses none.
	ask("write profile.updated", "written")
	window.Process.Signal(syscall.SIGKILL)
	window.Wait()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, action := range []string{"signin.ok", "message.sent.0", "message.sent.2", "profile.updated"} {
		if n, err := s.CountAudit(ctx, action); n != 1 || err != nil {
			t.Errorf("after a kill of the window: %d rows of %s, %v", n, action, err)
		}
	}
	if err := check(ctx, s.db, "PRAGMA integrity_check"); err != nil {
		t.Fatal(err)
	}
}
