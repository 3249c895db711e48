package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/data/pgtest"
)

// A store on a server that stops in the middle of a session: every write
// and read says at once that the server is unreachable (never hangs, never
// reports a change as made that was not), nothing half-written is kept,
// and when the server is back the same Store carries on, over the
// connections it had in its pool before as well as new ones.

// unreachableWithin is how soon a stopped server must be said to be away.
const unreachableWithin = 3 * time.Second

func TestServerRestart(t *testing.T) {
	if !onServer() {
		t.Skip("a store on a server: runs with CASEDESK_TEST_SERVER=1")
	}
	ctx := context.Background()
	s := openTest(t)
	// The same database over TCP with TLS and a password, as a seat on the
	// clinic's network opens it.
	u, err := url.Parse(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	tcp, err := OpenWith(ctx, testServer.TLSURL(strings.TrimPrefix(u.Path, "/")), OpenOptions{ServerPassword: pgtest.AppPassword})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tcp.Close() })
	stopped := false
	t.Cleanup(func() {
		if stopped {
			_ = testServer.StartServer() // for the tests after this one
		}
	})
	stop := func() {
		t.Helper()
		if err := testServer.StopServer(); err != nil {
			t.Fatal(err)
		}
		stopped = true
	}
	start := func() {
		t.Helper()
		if err := testServer.StartServer(); err != nil {
			t.Fatal(err)
		}
		stopped = false
	}

	p := mustPerson(t, s, "Ana", "García")
	c := mustCase(t, s, "EAC2190012345", p.ID)
	day := 0
	event := func(st *Store) error {
		day++
		return st.RecordEvent(ctx, &app.CaseEvent{CaseID: c.ID, StatusCode: "actively_reviewed", Date: app.NewDate(2025, 3, day)})
	}
	// Both stores write, several at once, so that each pool holds more
	// than one connection when the server goes.
	var wg sync.WaitGroup
	errs := make([]error, 2*ServerPool)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := []*Store{s, tcp}[i%2]
			errs[i] = st.RecordEvent(ctx, &app.CaseEvent{CaseID: c.ID, StatusCode: "received", Date: app.NewDate(2025, 2, 1+i)})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("a write before the server stops: %v", err)
		}
	}
	before, err := s.Events(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The server stops when a change has done its work and asks to
	// commit: the commit fails, and it says so.
	lost := app.Person{ID: newID(), GivenName: "Never", FamilyName: "Committed", CreatedAt: time.Now()}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := insertPerson(ctx, tx, s.sealer, &lost); err != nil {
			return err
		}
		stop()
		return nil
	})
	if !errors.Is(err, app.ErrServerUnreachable) {
		t.Fatalf("a commit on a stopped server: %v, want the server unreachable", err)
	}

	// Stopped: every call says so at once, on each store.
	for name, st := range map[string]*Store{"socket": s, "TCP": tcp} {
		for what, call := range map[string]func() error{
			"a status change": func() error { return event(st) },
			"a read":          func() error { _, err := st.Case(ctx, c.ID); return err },
			"a message read":  func() error { return st.MarkRead(ctx, p.ID, newID(), time.Now()) },
			"a counted try": func() error {
				_, err := st.UpdateThrottle(ctx, "restart", "k", countTry)
				return err
			},
		} {
			began := time.Now()
			err := call()
			if took := time.Since(began); !errors.Is(err, app.ErrServerUnreachable) || took > unreachableWithin {
				t.Errorf("%s over the %s, the server stopped: %v after %s, want the server unreachable within %s",
					what, name, err, took.Round(time.Millisecond), unreachableWithin)
			}
		}
	}

	// Back: the same stores carry on, their first calls included.
	start()
	time.Sleep(1100 * time.Millisecond) // pooled connections are checked when idle over a second
	for name, st := range map[string]*Store{"socket": s, "TCP": tcp} {
		if err := event(st); err != nil {
			t.Fatalf("the first write over the %s once the server is back: %v", name, err)
		}
		if _, err := st.Case(ctx, c.ID); err != nil {
			t.Fatalf("the first read over the %s once the server is back: %v", name, err)
		}
	}
	if _, err := s.Person(ctx, lost.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("the change whose commit failed: %v, want nothing kept", err)
	}
	after, err := s.Events(ctx, c.ID)
	if err != nil || len(after) != len(before)+2 {
		t.Errorf("%d status changes after the restart, want %d (%v)", len(after), len(before)+2, err)
	}

	// The server stops in the middle of a change, between two of its
	// rows: neither is kept, and the change says the server is away.
	half := app.Person{ID: newID(), GivenName: "Half", FamilyName: "Written", CreatedAt: time.Now()}
	other := app.Person{ID: newID(), GivenName: "Other", FamilyName: "Half", CreatedAt: time.Now()}
	runs := 0
	err = s.tx(ctx, func(tx *sql.Tx) error {
		runs++
		if err := insertPerson(ctx, tx, s.sealer, &half); err != nil {
			return err
		}
		if runs == 1 {
			stop()
		}
		return insertPerson(ctx, tx, s.sealer, &other)
	})
	if !errors.Is(err, app.ErrServerUnreachable) || runs != 1 {
		t.Fatalf("a change the server stopped under: %v after %d runs, want the server unreachable after one", err, runs)
	}
	start()

	// A restart while the seat is idle: its pooled connections are all
	// broken, and its next change is made without a word.
	if err := testServer.Restart(0); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := event(s); err != nil {
		t.Fatalf("the first write after a restart while idle: %v", err)
	}
	for _, id := range []string{half.ID, other.ID} {
		if _, err := s.Person(ctx, id); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("a row of the change the server stopped under: %v, want nothing kept", err)
		}
	}
}

// A change the server ended while the connection was made and then broke
// before the commit is run once more on a new connection: the seat never
// hears of a restart that was over before it asked.
func TestBrokenConnectionRunsOnceMore(t *testing.T) {
	if !onServer() {
		t.Skip("a store on a server: runs with CASEDESK_TEST_SERVER=1")
	}
	ctx := context.Background()
	s := openTest(t)
	p := app.Person{ID: newID(), GivenName: "Once", FamilyName: "More", CreatedAt: time.Now()}
	runs := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		runs++
		if runs == 1 {
			// The server ends this connection, as a restart does.
			if _, err := tx.ExecContext(ctx, `SELECT pg_terminate_backend(pg_backend_pid())`); err != nil {
				return err
			}
		}
		return insertPerson(ctx, tx, s.sealer, &p)
	})
	if err != nil || runs != 2 {
		t.Fatalf("%v after %d runs, want done after 2", err, runs)
	}
	if _, err := s.Person(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
}

// A read inside a change that finds its connection broken (and says the
// server is unreachable, as every read does) runs the change once more too.
func TestBrokenConnectionUnderAReadRunsOnceMore(t *testing.T) {
	if !onServer() {
		t.Skip("a store on a server: runs with CASEDESK_TEST_SERVER=1")
	}
	ctx := context.Background()
	s := openTest(t)
	p := mustPerson(t, s, "Ana", "García")
	runs := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		runs++
		if runs == 1 {
			if _, err := tx.ExecContext(ctx, `SELECT pg_terminate_backend(pg_backend_pid())`); !errors.Is(mapErr(err), app.ErrServerUnreachable) {
				return fmt.Errorf("ending the connection: %v", err)
			}
		}
		_, err := s.scanPerson(tx.QueryRowContext(ctx, selectPerson, p.ID))
		return err
	})
	if err != nil || runs != 2 {
		t.Fatalf("%v after %d runs, want done after 2", err, runs)
	}
}

// A server that does not answer at all (an address nothing listens on,
// packets dropped) is said to be unreachable when the address's
// connect_timeout runs out, not minutes later.
func TestUnansweringServerSaidSoon(t *testing.T) {
	began := time.Now()
	_, err := Open(context.Background(), "postgres://casedesk@10.255.255.1:5432/casedesk?connect_timeout=1&sslmode=verify-full")
	if took := time.Since(began); !errors.Is(err, app.ErrServerUnreachable) || took > unreachableWithin {
		t.Fatalf("%v after %s, want the server unreachable within %s", err, took.Round(time.Millisecond), unreachableWithin)
	}
}
