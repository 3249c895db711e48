package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"

	"github.com/jackc/pgx/v5/pgconn"
)

// The clinic with several seats: eight computers, each with its own Store
// on one database, record status changes on their own cases and on cases
// they share, set up accounts with access codes (two seats at once on one
// code), mark messages read and count failed tries, all at once. No seat
// may ever see an error (the server's serialization failures and
// deadlocks are the store's to retry), and every write a seat was told
// was made must be in the store, counted once.

// How long the seats work: the issue's minute on the server, a few
// seconds on a store file (one writer at a time: the same code paths, and
// a short run finds the same mistakes there).
const (
	seatsOnServer = 60 * time.Second
	seatsOnFile   = 3 * time.Second
)

func seatsFor() time.Duration {
	if onServer() {
		return seatsOnServer
	}
	return seatsOnFile
}

const (
	seatCount   = 8
	sharedCases = 3
	tallyKeys   = 2
)

// seatTally is what the seats were told was written.
type seatTally struct {
	mu        sync.Mutex
	events    map[string][]string // case id → event ids recorded
	messages  map[string]string   // message id → its person, each marked read
	throttles [tallyKeys]int      // tries counted per throttle key
	signIn    int                 // failed sign-ins counted on the shared account
	issued    map[string]bool     // people given a code
	won       map[string]int      // person → redemptions that set the account up
	lostRaces int                 // redemptions that found the code used: a right answer
	errs      []error
}

func (st *seatTally) fail(seat int, what string, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.errs = append(st.errs, fmt.Errorf("seat %d, %s: %w", seat, what, err))
}

// seat is one computer: its own Store and the auth services over it.
type seat struct {
	n     int
	s     *Store
	codes *auth.Codes
}

func TestSeatsAtOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	first, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Close() })
	if err := first.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	clk := &clock{}
	clk.t.Store(time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC).Unix())
	keys := auth.NewKeysForTest(testKey)
	argon := auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

	var seats []seat
	for n := range seatCount {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.UseKeys(ctx, keys); err != nil {
			t.Fatal(err)
		}
		seats = append(seats, seat{n, s, auth.NewCodes(s, keys, clk.now, argon)})
	}

	// Each seat's own client and case, the shared cases, and an account
	// whose failed sign-ins every seat counts.
	own := make([]app.Case, seatCount)
	for n := range own {
		p := mustPerson(t, first, "Seat", fmt.Sprintf("Owner%c", 'a'+n))
		own[n] = mustCase(t, first, fmt.Sprintf("EAC21900100%02d", n), p.ID)
	}
	sharedClient := mustPerson(t, first, "Shared", "Client")
	shared := make([]app.Case, sharedCases)
	for k := range shared {
		shared[k] = mustCase(t, first, fmt.Sprintf("EAC21900200%02d", k), sharedClient.ID)
	}
	locked := mustPerson(t, first, "Tried", "Often")
	tried, err := seats[0].codes.Issue(ctx, locked.ID, "", auth.ForSetUp)
	if err != nil {
		t.Fatal(err)
	}

	st := &seatTally{events: map[string][]string{}, messages: map[string]string{}, issued: map[string]bool{}, won: map[string]int{}}
	for _, c := range append(append([]app.Case(nil), own...), shared...) {
		st.events[c.ID] = nil
	}
	toRead := make(chan [2]string, 256)   // messages another seat marks read too
	tickets := make(chan auth.Ticket, 64) // checked codes another seat redeems too
	retriesBefore := serverRetries.Load()
	start := time.Now()
	end := start.Add(seatsFor())
	var wg sync.WaitGroup
	for _, se := range seats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(end); i++ {
				se.round(ctx, t, st, i, own[se.n], shared[(se.n+i)%sharedCases], tried.Account.ID, toRead, tickets)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	// What the seats passed on and nobody took yet: done by the first seat.
	close(toRead)
	for m := range toRead {
		seats[0].markRead(ctx, st, m[0], m[1])
	}
	close(tickets)
	for tk := range tickets {
		seats[0].redeem(ctx, t, st, tk)
	}

	st.mu.Lock()
	defer st.mu.Unlock()
	for _, err := range st.errs[:min(len(st.errs), 10)] {
		t.Error(err)
	}
	if len(st.errs) > 0 {
		t.Fatalf("%d errors shown to seats", len(st.errs))
	}

	// Every status change a seat was told was recorded is there, once,
	// with its audit row; nothing else is.
	changes := 0
	for caseID, ids := range st.events {
		evs, err := first.Events(ctx, caseID)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, e := range evs {
			have[e.ID] = true
		}
		for _, id := range ids {
			if !have[id] {
				t.Errorf("case %s: status change %s was recorded and is lost", caseID, id)
			}
		}
		if len(evs) != 1+len(ids) {
			t.Errorf("case %s: %d status changes, the seats recorded %d (and the first)", caseID, len(evs), len(ids))
		}
		changes += len(ids)
	}
	if n := countWhere(t, first, `audit_events WHERE action = 'case.status_recorded'`); n != changes {
		t.Errorf("%d audit rows of status changes, %d recorded", n, changes)
	}
	// Every message recorded with a change was read, by the seats that
	// marked it (two at once, often), and counted as read once.
	if n := countWhere(t, first, `messages WHERE read_at = ''`); n != 0 {
		t.Errorf("%d messages marked read are unread", n)
	}
	if n := countWhere(t, first, `messages`); n != len(st.messages) {
		t.Errorf("%d messages, %d recorded", n, len(st.messages))
	}
	// Every try counted is in its tally.
	tries := st.signIn
	for k, want := range st.throttles {
		var got int
		if err := first.db.QueryRow(`SELECT failures FROM throttles WHERE kind = 'seats' AND key_hash = ?`, fmt.Sprint(k)).Scan(&got); err != nil || got != want {
			t.Errorf("throttle %d: %d failures counted, %d tries told counted (%v)", k, got, want, err)
		}
		tries += want
	}
	var signIn int
	if err := first.db.QueryRow(`SELECT failed_attempts FROM accounts WHERE id = ?`, tried.Account.ID).Scan(&signIn); err != nil || signIn != st.signIn {
		t.Errorf("the account's failed sign-ins: %d, %d told counted (%v)", signIn, st.signIn, err)
	}
	// Every code redeemed made exactly one account, by exactly one seat.
	for person := range st.issued {
		if st.won[person] != 1 {
			t.Errorf("the code of %s: %d redemptions set the account up", person, st.won[person])
		}
	}
	named := countWhere(t, first, `accounts WHERE username IS NOT NULL`)
	redeemed := countWhere(t, first, `audit_events WHERE action = 'access_code.redeemed'`)
	if named != len(st.issued) || redeemed != len(st.issued) {
		t.Errorf("%d accounts set up, %d redemptions audited, %d codes issued", named, redeemed, len(st.issued))
	}
	writes := changes + len(st.messages) + tries + 2*len(st.issued)
	t.Logf("%d seats for %s on %s: %d status changes, %d messages read, %d failed tries counted, %d codes issued and redeemed (%d redemptions found the code used); %.0f changes a second; %d transactions the server ended were run again",
		seatCount, took.Round(time.Second), backendName(), changes, len(st.messages), tries, len(st.issued), st.lostRaces,
		float64(writes)/took.Seconds(), serverRetries.Load()-retriesBefore)
}

func backendName() string {
	if onServer() {
		return "PostgreSQL"
	}
	return "SQLite"
}

func countWhere(t *testing.T, s *Store, from string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM ` + from).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// round is one round of a seat's work.
func (se seat) round(ctx context.Context, t *testing.T, st *seatTally, i int, own, shared app.Case, accountID string,
	toRead chan [2]string, tickets chan auth.Ticket) {
	// A status change on the seat's own case and one on a shared case,
	// each with a message to the client, which the client reads (on a
	// shared case, at the same time as on another seat).
	for k, c := range []app.Case{own, shared} {
		msg, ok := se.recordStatus(ctx, st, c, i)
		if !ok {
			continue
		}
		if k == 1 {
			select {
			case toRead <- [2]string{c.ApplicantID, msg}:
			default:
			}
		}
		se.markRead(ctx, st, c.ApplicantID, msg)
	}
	select {
	case m := <-toRead:
		se.markRead(ctx, st, m[0], m[1])
	default:
	}
	// Failed tries counted on keys and an account all seats share.
	key := (se.n + i) % tallyKeys
	if _, err := se.s.UpdateThrottle(ctx, "seats", fmt.Sprint(key), countTry); err != nil {
		st.fail(se.n, "counting a try", err)
	} else {
		st.mu.Lock()
		st.throttles[key]++
		st.mu.Unlock()
	}
	if _, err := se.s.UpdateSignInTally(ctx, accountID, countTry); err != nil {
		st.fail(se.n, "counting a failed sign-in", err)
	} else {
		st.mu.Lock()
		st.signIn++
		st.mu.Unlock()
	}
	// Every fourth round, a code for a new client: issued and checked
	// here, redeemed here and, at the same time, by the next seat that
	// takes it.
	if i%4 == 0 {
		se.issueAndRedeem(ctx, t, st, i, tickets)
	}
	select {
	case tk := <-tickets:
		se.redeem(ctx, t, st, tk)
	default:
	}
}

// countTry counts a failed try and never locks: the seats count how many.
func countTry(t app.Tally) app.Tally {
	t.Failures++
	t.InRow++
	return t
}

func (se seat) recordStatus(ctx context.Context, st *seatTally, c app.Case, i int) (string, bool) {
	ev := app.CaseEvent{ID: newID(), CaseID: c.ID, StatusCode: "actively_reviewed",
		Date: app.NewDate(2025, 2, 1).AddDays(i % 300), RecordedBy: fmt.Sprint("seat ", se.n)}
	msg := &app.Message{PersonID: c.ApplicantID, CaseID: c.ID, Subject: "Your case was updated", Body: "Seat " + fmt.Sprint(se.n)}
	err := se.s.RecordStatus(ctx, desk.StatusRecord{Event: ev, Message: msg,
		Audit: app.AuditEvent{ActorID: fmt.Sprint("seat-", se.n), Action: "case.status_recorded", RecordType: "case"}})
	if err != nil {
		st.fail(se.n, "recording a status change", err)
		return "", false
	}
	st.mu.Lock()
	st.events[c.ID] = append(st.events[c.ID], ev.ID)
	st.messages[msg.ID] = c.ApplicantID
	st.mu.Unlock()
	return msg.ID, true
}

func (se seat) markRead(ctx context.Context, st *seatTally, personID, messageID string) {
	if err := se.s.MarkRead(ctx, personID, messageID, time.Now()); err != nil {
		st.fail(se.n, "marking a message read", err)
	}
}

func (se seat) issueAndRedeem(ctx context.Context, t *testing.T, st *seatTally, i int, tickets chan auth.Ticket) {
	p := app.Person{GivenName: "New", FamilyName: "Client", DateOfBirth: app.NewDate(1985, 3, 14), CountryOfBirth: "Mexico",
		Address: app.Address{Line1: "1 Main St", City: "Springfield", State: "IL", ZIP: "62701"}, Language: "en"}
	if err := se.s.CreatePerson(ctx, &p); err != nil {
		st.fail(se.n, "adding a client", err)
		return
	}
	is, err := se.codes.Issue(ctx, p.ID, fmt.Sprint("seat-", se.n), auth.ForSetUp)
	if err != nil {
		st.fail(se.n, "issuing a code", err)
		return
	}
	tk, err := se.codes.Check(ctx, is.Code.String(), auth.Identity{FamilyName: "Client", DateOfBirth: "03/14/1985", ZIP: "62701", CountryOfBirth: "Mexico"})
	if err != nil {
		st.fail(se.n, "checking a code", err)
		return
	}
	st.mu.Lock()
	st.issued[p.ID] = true
	st.mu.Unlock()
	select {
	case tickets <- tk:
	default:
	}
	se.redeem(ctx, t, st, tk)
}

var redemptions atomic.Int64

func (se seat) redeem(ctx context.Context, t *testing.T, st *seatTally, tk auth.Ticket) {
	_, err := se.codes.Redeem(ctx, tk, setup(t, fmt.Sprintf("seat%d.%d", se.n, redemptions.Add(1))))
	st.mu.Lock()
	defer st.mu.Unlock()
	switch {
	case err == nil:
		st.won[tk.Person.ID]++
	case errors.Is(err, auth.ErrCodeUsed):
		st.lostRaces++
	default:
		st.errs = append(st.errs, fmt.Errorf("seat %d, redeeming a code: %w", se.n, err))
	}
}

// TestWritesRunAgainKeepNothing: each write that can race, its first run
// ended by the server as a serialization failure ends it, writes what one
// run writes and tells the caller what one run did.
func TestWritesRunAgainKeepNothing(t *testing.T) {
	if !onServer() {
		t.Skip("a store on a server runs a write again: runs with CASEDESK_TEST_SERVER=1")
	}
	ctx := context.Background()
	s, codes, _, p := newCodes(t)
	var runs atomic.Int32
	endFirst := func() {
		runs.Store(0)
		serverEndsRun = func() error {
			if runs.Add(1) == 1 {
				return &pgconn.PgError{Code: "40001", Message: "could not serialize access (the test ended it)"}
			}
			return nil
		}
	}
	t.Cleanup(func() { serverEndsRun = nil })
	ranTwice := func(what string, err error) {
		t.Helper()
		if err != nil || runs.Load() != 2 {
			t.Fatalf("%s: %v after %d runs, want done after 2", what, err, runs.Load())
		}
		serverEndsRun = nil
	}
	count := func(what string, from string, want int) {
		t.Helper()
		if n := countWhere(t, s, from); n != want {
			t.Errorf("%s: %d, want %d", what, n, want)
		}
	}

	endFirst()
	is, err := codes.Issue(ctx, p.ID, "staff-1", auth.ForSetUp)
	ranTwice("issuing a code", err)
	count("accounts", `accounts`, 1)
	count("codes", `access_codes`, 1)
	count("access notices", `notices WHERE kind = '`+string(app.NoticeAccountAccess)+`'`, 1)
	count("accounts audited", `audit_events WHERE action = 'account.created'`, 1)

	tk, err := codes.Check(ctx, is.Code.String(), rightID)
	if err != nil {
		t.Fatal(err)
	}
	endFirst()
	acct, err := codes.Redeem(ctx, tk, setup(t, "jose.munoz"))
	ranTwice("redeeming the code", err)
	count("backup codes", `backup_codes`, auth.BackupCodeCount)
	count("redemptions audited", `audit_events WHERE action = 'access_code.redeemed'`, 1)

	c1 := mustCase(t, s, "EAC2190012345", p.ID)
	mustCase(t, s, "EAC2190012346", p.ID)
	endFirst()
	err = s.RecordStatus(ctx, desk.StatusRecord{Event: app.CaseEvent{CaseID: c1.ID, StatusCode: "actively_reviewed", Date: app.NewDate(2025, 3, 1)},
		Message: &app.Message{PersonID: p.ID, CaseID: c1.ID, Subject: "Updated", Body: "Your case moved."},
		Audit:   app.AuditEvent{ActorID: "staff-1", Action: "case.status_recorded", RecordType: "case"}})
	ranTwice("recording a status change", err)
	count("status changes", `case_events WHERE case_id = '`+c1.ID+`'`, 2)
	count("messages", `messages`, 1)
	count("status changes audited", `audit_events WHERE action = 'case.status_recorded'`, 1)

	endFirst()
	tally, err := s.UpdateThrottle(ctx, "rerun", "k", countTry)
	ranTwice("counting a try", err)
	if tally.Failures != 1 {
		t.Errorf("a try counted: %d failures", tally.Failures)
	}
	endFirst()
	tally, err = s.UpdateSignInTally(ctx, acct.ID, countTry)
	ranTwice("counting a failed sign-in", err)
	if tally.Failures != 1 {
		t.Errorf("a failed sign-in counted: %d failures", tally.Failures)
	}

	endFirst()
	updated, err := s.ChangeAddress(ctx, p.ID, app.Address{Line1: "2 Oak Ave", City: "Springfield", State: "IL", ZIP: "62702"}, "staff-1", time.Now())
	ranTwice("changing the address", err)
	if len(updated) != 2 {
		t.Errorf("the address change updated %v, want the two pending cases once each", updated)
	}
	count("earlier addresses", `address_changes`, 1)

	endFirst()
	_, err = s.CreateStaff(ctx, desk.NewStaff{GivenName: "Rosa", FamilyName: "Diaz", Username: "rosa", Role: app.RoleStaff,
		PasswordHash: "hash", Audit: app.AuditEvent{ActorID: "admin", Action: "staff.created", RecordType: "account"}})
	ranTwice("adding a staff member", err)
	count("staff accounts", `accounts WHERE username = 'rosa'`, 1)
	count("staff added audited", `audit_events WHERE action = 'staff.created'`, 1)

	// A packet's file is put in place once, however often its record is
	// written: a second rename would find no file to move.
	publishes := 0
	endFirst()
	err = s.Desk().RecordPacket(ctx, desk.PacketRecord{ID: newID(), PersonID: p.ID, Seq: 1, MadeBy: "staff-1",
		Notice: app.Notice{PersonID: p.ID, Kind: app.NoticeAccountAccess, NoticeDate: app.NewDate(2026, 11, 23)},
		Audit:  app.AuditEvent{ActorID: "staff-1", Action: "packet.written", RecordType: "person"}},
		func() error { publishes++; return nil })
	ranTwice("recording a packet", err)
	if publishes != 1 {
		t.Errorf("the packet's file was put in place %d times", publishes)
	}
	count("packets", `packets`, 1)
}

// TestImportHoldsNewClientsBack: while an import that adds clients runs
// on the server, another seat's new client waits for it, as it waits for
// SQLite's one writer: the import's check that nobody added the clients it
// adds holds until its commit.
func TestImportHoldsNewClientsBack(t *testing.T) {
	if !onServer() {
		t.Skip("SQLite has one writer: runs with CASEDESK_TEST_SERVER=1")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	var seats [2]*Store
	for i := range seats {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
			t.Fatal(err)
		}
		seats[i] = s
	}
	dob := app.NewDate(1980, 1, 2)
	added := make(chan error, 1)
	var waited bool
	batch := desk.ImportBatch{
		Records: []desk.ImportRecord{{NewClient: newClient("Ana", "Ruiz", dob, ""), Audit: ev("client.imported")}},
		Summary: ev("import.applied"),
	}
	err := seats[0].Import(ctx, batch, func(done, _ int) {
		if done != 0 {
			return
		}
		// The import has checked its names: the other seat adds one of them.
		go func() { added <- seats[1].CreateClient(ctx, newClient("Ana", "Ruiz", dob, ""), ev("client.created")) }()
		select {
		case err := <-added:
			t.Errorf("a client added while the import ran, before it committed: %v", err)
		case <-time.After(500 * time.Millisecond):
			waited = true
		}
	})
	if err != nil || !waited {
		t.Fatalf("the import: %v (the other seat waited: %v)", err, waited)
	}
	if err := <-added; err != nil {
		t.Fatalf("the other seat's client, after the import: %v", err)
	}
}

// TestReadTxIsOneMoment: what a read transaction reads (a client's packet
// records) is one moment's, though another seat writes in between.
func TestReadTxIsOneMoment(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "casedesk.db")
	var seats [2]*Store
	for i := range seats {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		seats[i] = s
	}
	p := mustPerson(t, seats[0], "Ana", "García")
	c := mustCase(t, seats[0], "EAC2190012345", p.ID)
	err := seats[0].readTx(ctx, func(tx *sql.Tx) error {
		var first, second int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM case_events WHERE case_id = ?`, c.ID).Scan(&first); err != nil {
			return err
		}
		if err := seats[1].RecordEvent(ctx, &app.CaseEvent{CaseID: c.ID, StatusCode: "actively_reviewed", Date: app.NewDate(2025, 3, 1)}); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM case_events WHERE case_id = ?`, c.ID).Scan(&second); err != nil {
			return err
		}
		if first != 1 || second != 1 {
			t.Errorf("one read transaction counted %d, then %d status changes, want 1 both times", first, second)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// BenchmarkSeatsRecordStatus: eight seats (eight stores on one database)
// record status changes at once, each on its own case or all on one case
// (where every change crosses another and the server ends many): the time
// per change, and how many runs the server ended per change.
func BenchmarkSeatsRecordStatus(b *testing.B) {
	for _, shared := range []bool{false, true} {
		name := "OwnCases"
		if shared {
			name = "OneCase"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			path := filepath.Join(b.TempDir(), "casedesk.db")
			var seats []*Store
			for range seatCount {
				s, err := Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { s.Close() })
				if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
					b.Fatal(err)
				}
				seats = append(seats, s)
			}
			cases := make([]app.Case, seatCount)
			for i := range cases {
				p := app.Person{GivenName: "Seat", FamilyName: fmt.Sprint("Client", i)}
				if err := seats[0].CreatePerson(ctx, &p); err != nil {
					b.Fatal(err)
				}
				r, _ := app.ParseReceipt(fmt.Sprintf("EAC21900300%02d", i))
				cases[i] = app.Case{Receipt: r, FormType: "I-485", ApplicantID: p.ID, ReceivedDate: app.NewDate(2025, 1, 10)}
				if err := seats[0].CreateCase(ctx, &cases[i], &app.CaseEvent{StatusCode: "received", Date: cases[i].ReceivedDate}); err != nil {
					b.Fatal(err)
				}
			}
			var next atomic.Int32
			retries := serverRetries.Load()
			b.SetParallelism((seatCount + 1) / 2) // GOMAXPROCS × this ≥ 8 goroutines on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				n := int(next.Add(1)-1) % seatCount
				s, c := seats[n], cases[n]
				if shared {
					c = cases[0]
				}
				for i := 0; pb.Next(); i++ {
					err := s.RecordStatus(ctx, desk.StatusRecord{
						Event: app.CaseEvent{CaseID: c.ID, StatusCode: "actively_reviewed", Date: app.NewDate(2025, 2, 1).AddDays(i % 300)},
						Audit: app.AuditEvent{ActorID: "seat", Action: "case.status_recorded", RecordType: "case"}})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(serverRetries.Load()-retries)/float64(b.N), "reruns/op")
		})
	}
}
