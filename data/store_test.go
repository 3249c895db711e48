package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "casedesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.UseKeys(context.Background(), auth.NewKeysForTest(testKey)); err != nil {
		t.Fatal(err)
	}
	return s
}

func mustPerson(t *testing.T, s *Store, given, family string) app.Person {
	t.Helper()
	if s.sealer == nil { // a store the test opened itself
		if err := s.UseKeys(context.Background(), auth.NewKeysForTest(testKey)); err != nil {
			t.Fatal(err)
		}
	}
	p := app.Person{GivenName: given, FamilyName: family, DateOfBirth: app.NewDate(1985, 3, 14), CountryOfBirth: "México",
		Address: app.Address{Line1: "1 Main St", City: "Springfield", State: "IL", ZIP: "62701"}, Language: "en"}
	if err := s.CreatePerson(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustCase(t *testing.T, s *Store, receipt string, applicant string) app.Case {
	t.Helper()
	r, err := app.ParseReceipt(receipt)
	if err != nil {
		t.Fatal(err)
	}
	c := app.Case{Receipt: r, FormType: "I-485", ApplicantID: applicant, ReceivedDate: app.NewDate(2025, 1, 10)}
	if err := s.CreateCase(context.Background(), &c, &app.CaseEvent{StatusCode: "received", Date: c.ReceivedDate}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMigrationsFromEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var version, recorded int
	if s.pg {
		s.db.QueryRow("SELECT max(version) FROM schema_migrations").Scan(&version)
	} else {
		s.db.QueryRow("PRAGMA user_version").Scan(&version)
	}
	s.db.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&recorded)
	if version != latestVersion() || recorded != len(migrations()) {
		t.Fatalf("user_version %d, %d recorded; want %d, %d", version, recorded, latestVersion(), len(migrations()))
	}
	for _, table := range []string{"people", "accounts", "access_codes", "backup_codes", "cases", "case_events",
		"notices", "appointments", "messages", "address_changes", "processing_times", "audit_events", "settings", "name_prefixes"} {
		if !hasObject(t, s, table) {
			t.Errorf("table %s missing", table)
		}
	}
	if !s.pg {
		var mode string
		s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
		if mode != "wal" {
			t.Errorf("journal_mode = %s", mode)
		}
	}
	s.Close()
	if !onServer() {
		info, _ := os.Stat(path)
		if info.Mode().Perm() != 0o600 {
			t.Errorf("store file mode %v, want 0600", info.Mode().Perm())
		}
	}
	// Opening again applies nothing twice.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&recorded)
	s.Close()
	if recorded != len(migrations()) {
		t.Errorf("reopen recorded %d migrations", recorded)
	}
}

func TestOpenRefusesBadFilesAndLeavesThemUntouched(t *testing.T) {
	sqliteOnly(t, "what is in the file")
	ctx := context.Background()
	dir := t.TempDir()

	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte("shopping list: milk, eggs, and a great deal more text than a header"), 0o644)

	newer := filepath.Join(dir, "newer.db")
	s, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA user_version = 999")
	s.Close()

	damaged := filepath.Join(dir, "damaged.db")
	s, err = Open(ctx, damaged)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		mustPerson(t, s, fmt.Sprintf("Given%d", i), "Family")
	}
	s.Close()
	b, _ := os.ReadFile(damaged)
	for i := 4096 * 2; i < len(b) && i < 4096*6; i++ { // scribble over interior pages
		b[i] = 0x5a
	}
	os.WriteFile(damaged, b, 0o600)

	for _, tt := range []struct {
		path string
		want error
	}{{notDB, app.ErrStoreNotSQLite}, {newer, app.ErrStoreTooNew}, {damaged, app.ErrStoreDamaged}} {
		before, _ := os.ReadFile(tt.path)
		_, err := Open(ctx, tt.path)
		if !errors.Is(err, tt.want) {
			t.Errorf("Open(%s) = %v, want %v", filepath.Base(tt.path), err, tt.want)
		}
		after, _ := os.ReadFile(tt.path)
		if !bytes.Equal(before, after) {
			t.Errorf("Open(%s) changed the file", filepath.Base(tt.path))
		}
		if msg := app.StoreMessage(tt.path, err); !bytes.Contains([]byte(msg), []byte("left as it is")) {
			t.Errorf("message for %s: %q", filepath.Base(tt.path), msg)
		}
	}
}

func TestPeopleAndSearch(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	jose := mustPerson(t, s, "José", "Muñoz")
	mustPerson(t, s, "Nguyễn Thị", "Ánh")
	mustPerson(t, s, "Łukasz", "Żółć")
	mustPerson(t, s, "Ольга", "Петрова")
	mustPerson(t, s, "Joseph", "Miller")

	got, err := s.Person(ctx, jose.ID)
	if err != nil || got.FamilyName != "Muñoz" || got.DateOfBirth != jose.DateOfBirth || got.Address.ZIP != "62701" {
		t.Fatalf("Person = %+v, %v", got, err)
	}
	if _, err := s.Person(ctx, "no-such-id"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("missing person: %v", err)
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"munoz", []string{"Muñoz"}},
		{"MUÑ", []string{"Muñoz"}},
		{"jos", []string{"Miller", "Muñoz"}},
		{"jos mu", []string{"Muñoz"}},
		{"nguyen anh", []string{"Ánh"}},
		{"zolc", []string{"Żółć"}},
		{"лукаш", nil},
		{"ольг", []string{"Петрова"}},
		{`"bad* query(`, nil},
		{"   ", nil},
	} {
		res, err := s.SearchPeople(ctx, tt.q, 10)
		if err != nil {
			t.Errorf("SearchPeople(%q): %v", tt.q, err)
			continue
		}
		var fam []string
		for _, p := range res {
			fam = append(fam, p.FamilyName)
		}
		if fmt.Sprint(sorted(fam)) != fmt.Sprint(sorted(tt.want)) {
			t.Errorf("SearchPeople(%q) = %v, want %v", tt.q, fam, tt.want)
		}
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestCasesEventsAndConstraints(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := mustPerson(t, s, "Ana", "García")
	c := mustCase(t, s, "IOE0906929443", p.ID)

	got, err := s.CaseByReceipt(ctx, "IOE0906929443")
	if err != nil || got.ID != c.ID || got.StatusCode != "received" || got.Office != app.Receipt("IOE0906929443").Office() {
		t.Fatalf("CaseByReceipt = %+v, %v", got, err)
	}
	if _, err := s.CaseByReceipt(ctx, "EAC0000000000"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown receipt: %v", err)
	}
	// Same receipt twice → ErrAlreadyExists.
	dup := app.Case{Receipt: c.Receipt, FormType: "I-765", ApplicantID: p.ID, ReceivedDate: app.NewDate(2025, 2, 1)}
	if err := s.CreateCase(ctx, &dup, &app.CaseEvent{StatusCode: "received", Date: dup.ReceivedDate}); !errors.Is(err, app.ErrAlreadyExists) {
		t.Errorf("duplicate receipt: %v", err)
	}
	// Unknown person → ErrConflict (foreign key), and no half-made case.
	orphan := app.Case{Receipt: "EAC2190012345", FormType: "I-765", ApplicantID: "nobody", ReceivedDate: app.NewDate(2025, 2, 1)}
	if err := s.CreateCase(ctx, &orphan, &app.CaseEvent{StatusCode: "received", Date: orphan.ReceivedDate}); !errors.Is(err, app.ErrConflict) {
		t.Errorf("case for unknown person: %v", err)
	}
	if _, err := s.CaseByReceipt(ctx, "EAC2190012345"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("failed case left a row: %v", err)
	}
	// Events: a later one moves the status, an earlier one does not.
	s.RecordEvent(ctx, &app.CaseEvent{CaseID: c.ID, StatusCode: "approved", Date: app.NewDate(2025, 6, 1)})
	s.RecordEvent(ctx, &app.CaseEvent{CaseID: c.ID, StatusCode: "biometrics_scheduled", Date: app.NewDate(2025, 2, 1)})
	got, _ = s.Case(ctx, c.ID)
	if got.StatusCode != "approved" || got.StatusDate != app.NewDate(2025, 6, 1) {
		t.Errorf("status after events = %s %s", got.StatusCode, got.StatusDate.ISO())
	}
	evs, err := s.Events(ctx, c.ID)
	if err != nil || len(evs) != 3 || evs[0].StatusCode != "received" || evs[1].StatusCode != "biometrics_scheduled" || evs[2].StatusCode != "approved" {
		t.Errorf("Events = %+v, %v", evs, err)
	}
	if err := s.RecordEvent(ctx, &app.CaseEvent{CaseID: "nope", StatusCode: "approved", Date: app.NewDate(2025, 6, 1)}); !errors.Is(err, app.ErrConflict) {
		t.Errorf("event for unknown case: %v", err)
	}
}

func TestNoticesAreImmutableAndAuditAppendOnly(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := mustPerson(t, s, "Ana", "García")
	c := mustCase(t, s, "EAC2190012345", p.ID)
	n := app.Notice{CaseID: c.ID, PersonID: p.ID, Kind: app.NoticeReceipt, NoticeDate: app.NewDate(2025, 1, 12),
		Fields: map[string]string{"receipt": "EAC2190012345", "name": "Ana García"}}
	if err := s.AddNotice(ctx, &n); err != nil {
		t.Fatal(err)
	}
	got, err := s.Notice(ctx, n.ID)
	if err != nil || got.Fields["name"] != "Ana García" || got.NoticeDate != n.NoticeDate {
		t.Fatalf("Notice = %+v, %v", got, err)
	}
	if _, err := s.db.Exec("UPDATE notices SET kind = 'approval' WHERE id = ?", n.ID); err == nil {
		t.Error("a notice was updated")
	} else if !errors.Is(mapErr(err), app.ErrConflict) {
		t.Errorf("notice update maps to %v", mapErr(err))
	}
	list, err := s.NoticesOfCase(ctx, c.ID)
	if err != nil || len(list) != 1 {
		t.Errorf("NoticesOfCase = %v, %v", list, err)
	}
	if err := s.Audit(ctx, &app.AuditEvent{Action: "case.create", RecordType: "case", RecordID: c.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("DELETE FROM audit_events"); err == nil {
		t.Error("audit rows were deleted")
	}
	if _, err := s.db.Exec("UPDATE audit_events SET action = 'x'"); err == nil {
		t.Error("audit rows were changed")
	}
}

func TestDashboardAndSummary(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	p := mustPerson(t, s, "Ana", "García")
	other := mustPerson(t, s, "Luis", "Pérez")
	c1 := mustCase(t, s, "EAC2190012345", p.ID)
	mustCase(t, s, "WAC2190012345", other.ID)
	petition := app.Case{Receipt: "LIN2190012345", FormType: "I-130", ApplicantID: other.ID, PetitionerID: other.ID, BeneficiaryID: p.ID, ReceivedDate: app.NewDate(2025, 3, 1)}
	if err := s.CreateCase(ctx, &petition, &app.CaseEvent{StatusCode: "received", Date: petition.ReceivedDate}); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{now.Add(-48 * time.Hour), now.Add(72 * time.Hour), now.Add(24 * time.Hour)} {
		if err := s.AddAppointment(ctx, &app.Appointment{PersonID: p.ID, CaseID: c1.ID, Kind: app.AppointmentBiometrics, StartsAt: at, PlaceName: "ASC"}); err != nil {
			t.Fatal(err)
		}
	}
	s.AddMessage(ctx, &app.Message{PersonID: p.ID, FromStaff: true, Subject: "Hello", Body: "Welcome"})
	s.AddMessage(ctx, &app.Message{PersonID: p.ID, FromStaff: true, Subject: "Read", Body: "Old", ReadAt: now})
	s.AddMessage(ctx, &app.Message{PersonID: other.ID, FromStaff: true, Subject: "Not yours", Body: "x"})

	d, err := s.Dashboard(ctx, p.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Cases) != 2 || d.Unread != 1 || len(d.Upcoming) != 2 || !d.Upcoming[0].StartsAt.Before(d.Upcoming[1].StartsAt) {
		t.Errorf("Dashboard = %d cases, %d unread, %+v", len(d.Cases), d.Unread, d.Upcoming)
	}
	s.SetSetting(ctx, app.SettingClinicName, "Riverside Legal Aid")
	sum, err := s.Summary(ctx)
	if err != nil || sum.ClinicName != "Riverside Legal Aid" || sum.People != 2 || sum.Cases != 3 || sum.Events != 3 || sum.Appointments != 3 || sum.Messages != 3 {
		t.Errorf("Summary = %+v, %v", sum, err)
	}
}

func TestConcurrentWriters(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := mustPerson(t, s, "Ana", "García")
	c := mustCase(t, s, "EAC2190012345", p.ID)
	var wg sync.WaitGroup
	errs := make(chan error, 8*25*2)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				if g%2 == 0 {
					errs <- s.RecordEvent(ctx, &app.CaseEvent{CaseID: c.ID, StatusCode: "actively_reviewed", Date: app.NewDate(2025, 1, 1+i)})
				} else {
					pp := app.Person{GivenName: fmt.Sprintf("G%d-%d", g, i), FamilyName: "Writer"}
					errs <- s.CreatePerson(ctx, &pp)
					_, err := s.SearchPeople(ctx, "writer", 5)
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	evs, _ := s.Events(ctx, c.ID)
	if len(evs) != 1+4*25 {
		t.Errorf("%d events, want %d", len(evs), 1+4*25)
	}
	res, _ := s.SearchPeople(ctx, "writer", 1000)
	if len(res) != 4*25 {
		t.Errorf("%d writers found, want %d", len(res), 4*25)
	}
}

func TestBulkIsAllOrNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	b, err := s.BeginBulk(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := b.Person(&app.Person{GivenName: fmt.Sprint(i), FamilyName: "Bulk"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Rollback(); err != nil {
		t.Fatal(err)
	}
	if sum, _ := s.Summary(ctx); sum.People != 0 {
		t.Fatalf("rolled-back bulk left %d people", sum.People)
	}
	b, _ = s.BeginBulk(ctx)
	p := app.Person{GivenName: "Kept", FamilyName: "Bulk"}
	b.Person(&p)
	c := app.Case{Receipt: "EAC2190012345", FormType: "I-90", ApplicantID: p.ID, ReceivedDate: app.NewDate(2025, 1, 1), StatusCode: "received", StatusDate: app.NewDate(2025, 1, 1)}
	if err := b.Case(&c); err != nil {
		t.Fatal(err)
	}
	dup := c
	dup.ID = ""
	if err := b.Case(&dup); !errors.Is(err, app.ErrAlreadyExists) {
		t.Errorf("duplicate in bulk: %v", err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if sum, _ := s.Summary(ctx); sum.People != 1 || sum.Cases != 1 {
		t.Errorf("after commit: %+v", sum)
	}
	// The pooled connection is back to normal: small cache, foreign keys on.
	if !s.pg {
		s.db.SetMaxOpenConns(1)
		var cache, fk int
		s.db.QueryRow("PRAGMA cache_size").Scan(&cache)
		s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
		if cache != -2000 || fk != 1 {
			t.Errorf("cache_size left at %d, foreign_keys at %d", cache, fk)
		}
	}
	// A bulk write with a dangling reference is refused whole.
	b, _ = s.BeginBulk(ctx)
	b.Person(&app.Person{GivenName: "Lost", FamilyName: "Bulk"})
	b.Event(&app.CaseEvent{CaseID: "no-such-case", StatusCode: "received", Date: app.NewDate(2025, 1, 1)})
	if err := b.Commit(); !errors.Is(err, app.ErrConflict) {
		t.Errorf("dangling reference: %v", err)
	}
	if sum, _ := s.Summary(ctx); sum.People != 1 || sum.Events != 0 {
		t.Errorf("after refused commit: %+v", sum)
	}
}

func TestBackupAndRestore(t *testing.T) {
	sqliteOnly(t, "its backups (a server is backed up with pg_dump)")
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "casedesk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustPerson(t, s, "Before", "Backup")
	bak := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	mustPerson(t, s, "After", "Backup")
	s.Close()

	// A file that is not a store is refused and nothing is replaced.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("x"), 4096), 0o600)
	if _, err := RestorePlain(ctx, path, junk, nil); !errors.Is(err, app.ErrStoreNotSQLite) {
		t.Errorf("restore from junk: %v", err)
	}
	r, err := RestorePlain(ctx, path, bak, nil)
	kept := r.Kept
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if sum, _ := s.Summary(ctx); sum.People != 1 {
		t.Errorf("restored store has %d people, want 1", sum.People)
	}
	old, err := Open(ctx, kept)
	if err != nil {
		t.Fatalf("kept store %s: %v", kept, err)
	}
	defer old.Close()
	if sum, _ := old.Summary(ctx); sum.People != 2 {
		t.Errorf("kept store has %d people, want 2", sum.People)
	}
}
