package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"

	"github.com/jackc/pgx/v5"
)

// firstGrants are what the README has the administrator run in a new
// database before the owner's first start: only the owner may make tables
// (PostgreSQL 15's default; 13 and 14 let everyone), and the seats' role
// gets the rows of every table the owner makes.
func firstGrants(owner, seat string) string {
	return fmt.Sprintf(`REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CREATE, USAGE ON SCHEMA public TO %[1]s;
GRANT USAGE ON SCHEMA public TO %[2]s;
ALTER DEFAULT PRIVILEGES FOR ROLE %[1]s IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %[2]s;`, owner, seat)
}

// seatGrants are the README's grants after the first start: the tables'
// rows (for a database made before the default privileges), but the audit
// log only read and appended to.
func seatGrants(seat string) string {
	return fmt.Sprintf(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %[1]s;
REVOKE UPDATE, DELETE ON audit_events FROM %[1]s;`, seat)
}

var roleCount atomic.Int64

// twoRoles makes the README's strict set-up on the test cluster: an owner
// role that owns the database and makes its tables, and a seats' role with
// only seatGrants. It returns the database and the two roles' addresses.
func twoRoles(t *testing.T) (db, ownerURL, seatURL string) {
	t.Helper()
	ctx := context.Background()
	n := fmt.Sprintf("%d_%d", os.Getpid(), roleCount.Add(1))
	owner, seat := "cd_owner_"+n, "cd_seat_"+n
	for _, r := range []string{owner, seat} {
		if err := testServer.NewRole(ctx, r, "throwaway-"+r); err != nil {
			t.Fatal(err)
		}
	}
	db, err := testServer.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := testServer.Admin(ctx, "ALTER DATABASE "+db+" OWNER TO "+owner); err != nil {
		t.Fatal(err)
	}
	if err := testServer.AdminIn(ctx, db, firstGrants(owner, seat)); err != nil {
		t.Fatal(err)
	}
	ownerURL, seatURL = testServer.URLAs(owner, db), testServer.URLAs(seat, db)
	s, err := Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := testServer.AdminIn(ctx, db, seatGrants(seat)); err != nil {
		t.Fatal(err)
	}
	return db, ownerURL, seatURL
}

// A seat signed in as a role that may only read and write rows opens the
// store, writes as the desk does, and cannot empty, change or unguard the
// audit log.
func TestServerSeatRoleWritesButCannotRewriteTheAuditLog(t *testing.T) {
	if !onServer() {
		t.Skip("only on a database server (CASEDESK_TEST_SERVER=1)")
	}
	ctx := context.Background()
	_, _, seatURL := twoRoles(t)
	s, err := Open(ctx, seatURL)
	if err != nil {
		t.Fatalf("the seats' role cannot open the store: %v", err)
	}
	defer s.Close()
	if err := s.UseKeys(ctx, auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	p := mustPerson(t, s, "Ana", "López")
	if _, err := s.IssueAccessCode(ctx, auth.IssueRecord{PersonID: p.ID, CodeHash: "hash", IssuedBy: "staff-1",
		At: time.Now(), ExpiresAt: time.Now().Add(time.Hour),
		NewNumber: func() (app.AccountNumber, error) { return "000000000042", nil },
		Notice: func(a app.Account) app.Notice {
			return app.Notice{PersonID: p.ID, Kind: app.NoticeAccountAccess, NoticeDate: app.NewDate(2026, 11, 23), CreatedAt: time.Now()}
		}}); err != nil {
		t.Fatalf("issuing a code as the seats' role: %v", err)
	}
	c := mustCase(t, s, "EAC2190012345", p.ID)
	if err := s.RecordStatus(ctx, desk.StatusRecord{Event: app.CaseEvent{CaseID: c.ID, StatusCode: "rfe_sent", Date: app.NewDate(2025, 3, 1), RecordedBy: "bo"},
		Notice: &app.Notice{PersonID: p.ID, CaseID: c.ID, Kind: app.NoticeRFE, NoticeDate: app.NewDate(2025, 3, 1)},
		Audit:  ev("case.status")}); err != nil {
		t.Fatalf("recording a status as the seats' role: %v", err)
	}
	var before int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_events`).Scan(&before); err != nil || before == 0 {
		t.Fatalf("the audit log: %d rows, %v", before, err)
	}
	seatRefused(t, seatURL)
	var after int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_events`).Scan(&after); err != nil || after != before {
		t.Errorf("the audit log: %d rows before, %d after (%v)", before, after, err)
	}
}

// seatRefused fails the test when the role of url may empty, change or
// unguard the audit log, notices or throttles.
func seatRefused(t *testing.T, url string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		`DELETE FROM audit_events`,
		`UPDATE audit_events SET detail = 'x'`,
		`TRUNCATE audit_events`,
		`TRUNCATE notices`,
		`ALTER TABLE audit_events DISABLE TRIGGER ALL`,
		`ALTER TABLE notices DISABLE TRIGGER notices_immutable`,
		`DROP TRIGGER audit_events_no_delete ON audit_events`,
		`DROP TABLE throttles`,
		`CREATE OR REPLACE FUNCTION casedesk_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
	} {
		if _, err := conn.Exec(ctx, q); err == nil {
			t.Errorf("the seats' role ran %q", q)
		}
	}
}

// A database set up with one role, which owns the tables, is moved to the
// two roles as the README says; its seats' role then writes and is
// refused what changes the tables.
func TestServerOneRoleDatabaseMovedToTwoRoles(t *testing.T) {
	if !onServer() {
		t.Skip("only on a database server (CASEDESK_TEST_SERVER=1)")
	}
	ctx := context.Background()
	n := fmt.Sprintf("%d_%d", os.Getpid(), roleCount.Add(1))
	owner, seat := "cd_owner_"+n, "cd_seat_"+n
	for _, r := range []string{owner, seat} {
		if err := testServer.NewRole(ctx, r, "throwaway-"+r); err != nil {
			t.Fatal(err)
		}
	}
	db, err := testServer.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := testServer.Admin(ctx, "ALTER DATABASE "+db+" OWNER TO "+seat); err != nil {
		t.Fatal(err)
	}
	seatURL := testServer.URLAs(seat, db)
	s, err := Open(ctx, seatURL) // the one role makes the tables
	if err != nil {
		t.Fatal(err)
	}
	mustPerson(t, s, "Ana", "López")
	s.Close()
	if err := testServer.Admin(ctx, "ALTER DATABASE "+db+" OWNER TO "+owner); err != nil {
		t.Fatal(err)
	}
	if err := testServer.AdminIn(ctx, db, "REASSIGN OWNED BY "+seat+" TO "+owner+";\n"+firstGrants(owner, seat)+"\n"+seatGrants(seat)); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, seatURL)
	if err != nil {
		t.Fatalf("the seats' role after the move: %v", err)
	}
	defer s.Close()
	p := mustPerson(t, s, "Luis", "Ortega")
	mustCase(t, s, "EAC2190012346", p.ID)
	seatRefused(t, seatURL)
}

// A database behind this CaseDesk, opened by the seats' role, is refused
// with a message that says to open it once as its owner; the owner then
// brings it up to date and the seats' role opens it.
func TestServerSeatRoleCannotMigrate(t *testing.T) {
	if !onServer() {
		t.Skip("only on a database server (CASEDESK_TEST_SERVER=1)")
	}
	ctx := context.Background()
	db, ownerURL, seatURL := twoRoles(t)
	// Take the last migration back, as if this CaseDesk were newer.
	last := latestVersion()
	if err := testServer.AdminIn(ctx, db, fmt.Sprintf(`DROP TRIGGER audit_events_no_truncate ON audit_events;
		DROP TRIGGER notices_no_truncate ON notices; DELETE FROM schema_migrations WHERE version = %d`, last)); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, seatURL)
	if !errors.Is(err, app.ErrServerSetUp) || !strings.Contains(err.Error(), fmt.Sprintf("at version %d", last-1)) ||
		!strings.Contains(err.Error(), "as its owner") {
		t.Fatalf("the seats' role opening a database behind: %v", err)
	}
	s, err := Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, seatURL)
	if err != nil {
		t.Fatalf("after the owner's upgrade: %v", err)
	}
	s.Close()
}

// An empty database opened first by the seats' role is refused the same
// way: it may not make the tables.
func TestServerSeatRoleCannotMakeTheTables(t *testing.T) {
	if !onServer() {
		t.Skip("only on a database server (CASEDESK_TEST_SERVER=1)")
	}
	ctx := context.Background()
	n := fmt.Sprintf("%d_%d", os.Getpid(), roleCount.Add(1))
	owner, seat := "cd_owner_"+n, "cd_seat_"+n
	for _, r := range []string{owner, seat} {
		if err := testServer.NewRole(ctx, r, "throwaway-"+r); err != nil {
			t.Fatal(err)
		}
	}
	db, err := testServer.NewDatabase(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := testServer.Admin(ctx, "ALTER DATABASE "+db+" OWNER TO "+owner); err != nil {
		t.Fatal(err)
	}
	if err := testServer.AdminIn(ctx, db, firstGrants(owner, seat)); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, testServer.URLAs(seat, db))
	if !errors.Is(err, app.ErrServerSetUp) || !strings.Contains(err.Error(), "at version 0") {
		t.Fatalf("the seats' role opening an empty database: %v", err)
	}
}
