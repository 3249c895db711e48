package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/demo"
	"casedesk/app/portal"
)

// twoPeople loads a small demo clinic and returns two people who each have
// a case, a notice, an appointment and a message.
func twoPeople(t *testing.T) (*Store, [2]string, time.Time) {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	today := app.NewDate(2026, 11, 1)
	if _, err := demo.Load(ctx, func(ctx context.Context) (demo.Batch, error) { return s.BeginBulk(ctx) },
		demo.Options{People: 60, Seed: 3, Today: today}, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT p.id FROM people p
		WHERE EXISTS (SELECT 1 FROM cases WHERE applicant_id = p.id)
		  AND EXISTS (SELECT 1 FROM notices WHERE person_id = p.id)
		  AND EXISTS (SELECT 1 FROM appointments WHERE person_id = p.id)
		  AND EXISTS (SELECT 1 FROM messages WHERE person_id = p.id)
		ORDER BY p.id LIMIT 2`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != 2 {
		t.Fatalf("the demo has %d people with every kind of record", len(ids))
	}
	return s, [2]string{ids[0], ids[1]}, today.Time().Add(12 * time.Hour)
}

func TestPortalAnswersOnlyAboutTheSignedInPerson(t *testing.T) {
	s, people, now := twoPeople(t)
	ctx := context.Background()
	p := portal.New(s, nil, func() time.Time { return now })
	me := portal.NewSession(app.Account{ID: "acct-a", PersonID: people[0]}, now, 0)

	// What is mine is there.
	d, err := p.Dashboard(ctx, me)
	if err != nil || len(d.Cases) == 0 {
		t.Fatalf("dashboard: %+v %v", d, err)
	}
	// A pending case says how long such cases take; a decided one does not.
	finals := 0
	for _, c := range d.Cases {
		if st, _ := c.Status(); st.Final {
			finals++
		}
	}
	if finals == 0 || finals == len(d.Cases) {
		t.Fatalf("the person needs a pending and a decided case: %d of %d decided", finals, len(d.Cases))
	}
	for _, c := range d.Cases {
		view, err := p.Case(ctx, me, c.ID)
		st, _ := c.Status()
		if err != nil || len(view.Events) == 0 || (view.Processing == nil) != st.Final ||
			(view.Processing != nil && view.Processing.MaxMonths < view.Processing.MinMonths) {
			t.Fatalf("my case %s (%s): %+v %v", c.Receipt, c.StatusCode, view.Processing, err)
		}
	}
	myNotices, _ := p.Notices(ctx, me)
	myAppts, _ := p.Appointments(ctx, me)
	myMsgs, _ := p.Messages(ctx, me)
	if len(myNotices) == 0 || len(myAppts) == 0 || len(myMsgs) == 0 {
		t.Fatalf("mine: %d notices, %d appointments, %d messages", len(myNotices), len(myAppts), len(myMsgs))
	}
	if _, err := p.Notice(ctx, me, myNotices[0].ID); err != nil {
		t.Errorf("my notice: %v", err)
	}
	if _, err := p.Appointment(ctx, me, myAppts[0].ID); err != nil {
		t.Errorf("my appointment: %v", err)
	}
	m, err := p.Read(ctx, me, myMsgs[0].ID)
	if err != nil || m.ReadAt.IsZero() {
		t.Errorf("reading my message: %+v %v", m, err)
	}

	// What is the other person's is not found, by id, for every kind.
	other, _ := s.CasesOfPerson(ctx, people[1])
	otherNotices, _ := s.NoticesOfPerson(ctx, people[1])
	otherAppts, _ := s.AppointmentsOfPerson(ctx, people[1], now)
	otherMsgs, _ := s.MessagesOfPerson(ctx, people[1])
	for _, c := range other {
		if owned := c.ApplicantID == people[0] || c.PetitionerID == people[0] || c.BeneficiaryID == people[0]; owned {
			continue // a case both share
		}
		if _, err := p.Case(ctx, me, c.ID); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("another person's case: %v", err)
		}
	}
	if _, err := p.Notice(ctx, me, otherNotices[0].ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("another person's notice: %v", err)
	}
	if _, err := p.Appointment(ctx, me, otherAppts[0].ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("another person's appointment: %v", err)
	}
	var unread app.Message
	for _, m := range otherMsgs {
		if m.ReadAt.IsZero() {
			unread = m
		}
	}
	if unread.ID == "" {
		unread = otherMsgs[0]
	}
	if _, err := p.Read(ctx, me, unread.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("another person's message: %v", err)
	}
	if got, _ := s.Message(ctx, unread.ID); !got.ReadAt.Equal(unread.ReadAt) {
		t.Error("reading another person's message marked it read")
	}
	// Replies go to the clinic about my own messages only.
	if _, err := p.Reply(ctx, me, unread.ID, "Thank you"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a reply to another person's message: %v", err)
	}
	var in *app.InputError
	if _, err := p.Reply(ctx, me, myMsgs[0].ID, "   "); !errors.As(err, &in) {
		t.Errorf("an empty reply: %v", err)
	}
	r, err := p.Reply(ctx, me, myMsgs[0].ID, "I will bring the medical exam on Monday.")
	if err != nil || r.FromStaff || !strings.HasPrefix(r.Subject, "Re: ") || r.ReplyTo != myMsgs[0].ID {
		t.Errorf("reply: %+v %v", r, err)
	}
	// The reply is kept as part of the conversation it answers.
	if all, _ := p.Messages(ctx, me); all[0].ID != r.ID || all[0].ReplyTo != myMsgs[0].ID {
		t.Errorf("messages after the reply: %+v", all[0])
	}
	if d2, _ := p.Dashboard(ctx, me); d2.Unread > d.Unread {
		t.Errorf("my own reply counts as unread: %d", d2.Unread)
	}
	// An id that exists nowhere looks the same as someone else's.
	if _, err := p.Notice(ctx, me, "no-such-id"); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("no such notice: %v", err)
	}

	// A signed-out session gets nothing.
	over := portal.NewSession(app.Account{ID: "acct-a", PersonID: people[0]}, now.Add(-time.Hour), 0)
	if _, err := p.Dashboard(ctx, over); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("an ended session: %v", err)
	}
	if _, err := p.Case(ctx, nil, d.Cases[0].ID); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("no session: %v", err)
	}
}

func TestAddressChangeUpdatesPendingCases(t *testing.T) {
	s, people, now := twoPeople(t)
	ctx := context.Background()
	p := portal.New(s, nil, func() time.Time { return now })
	me := portal.NewSession(app.Account{ID: "acct-a", PersonID: people[0]}, now, 0)
	cases, _ := s.CasesOfPerson(ctx, people[0])
	pending := 0
	for _, c := range cases {
		if st, ok := c.Status(); !ok || !st.Final {
			pending++
		}
	}
	var in *app.InputError
	for _, bad := range []portal.Contact{
		{Line1: "", City: "Austin", State: "TX", ZIP: "78701"},
		{Line1: "1 Main St", City: "Austin", State: "XX", ZIP: "78701"},
		{Line1: "王府井大街 1号", City: "Austin", State: "TX", ZIP: "78701"},
	} {
		if _, err := p.ChangeAddress(ctx, me, bad); !errors.As(err, &in) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if _, err := p.ChangeAddress(ctx, me, portal.Contact{Line1: "1 Elm St", City: "Dallas", State: "TX", ZIP: "90210"}); !app.IsInput(err, app.FieldZIP) {
		t.Errorf("Dallas TX 90210: %v", err)
	}
	before, _ := p.Me(ctx, me)
	affects, err := p.CheckAddress(ctx, me, portal.Contact{Line1: "77 Elm St", Line2: "Apt 2", City: "Austin", State: "tx", ZIP: "78701"})
	if err != nil || len(affects) != pending {
		t.Fatalf("pending cases %v (want %d): %v", affects, pending, err)
	}
	updated, err := p.ChangeAddress(ctx, me, portal.Contact{Line1: "77 Elm St", Line2: "Apt 2", City: "Austin", State: "tx", ZIP: "78701"})
	if err != nil || len(updated) != pending || fmt.Sprint(updated) != fmt.Sprint(affects) {
		t.Fatalf("updated %v (want %v): %v", updated, affects, err)
	}
	me2, _ := p.Me(ctx, me)
	hist, _ := p.AddressHistory(ctx, me)
	// The history keeps the address that was replaced: the original one.
	if me2.Address.Line1 != "77 Elm St" || me2.Address.State != "TX" || len(hist) != 1 || hist[0].Address != before.Address {
		t.Fatalf("person %+v, history %+v, was %+v", me2.Address, hist, before.Address)
	}
	// The same address again changes and records nothing.
	if _, err := p.ChangeAddress(ctx, me, portal.Contact{Line1: " 77 Elm St", Line2: "Apt 2", City: "Austin ", State: "TX", ZIP: "78701"}); !errors.Is(err, app.ErrUnchanged) {
		t.Errorf("unchanged: %v", err)
	}
	if _, err := p.ChangeAddress(ctx, me, portal.Contact{Line1: "5 Oak Rd", City: "Houston", State: "TX", ZIP: "77036"}); err != nil {
		t.Fatal(err)
	}
	if hist, _ = p.AddressHistory(ctx, me); len(hist) != 2 || hist[0].Address.Line1 != "77 Elm St" || hist[1].Address != before.Address {
		t.Fatalf("after a second change: %+v", hist)
	}
	if err := p.UpdateContact(ctx, me, "555-0100", ""); !errors.As(err, &in) {
		t.Errorf("short phone: %v", err)
	}
	if err := p.UpdateContact(ctx, me, "(512) 555-0100", "ana@example.org"); err != nil {
		t.Fatal(err)
	}
	if me3, _ := p.Me(ctx, me); me3.Phone != "(512) 555-0100" || me3.Email != "ana@example.org" {
		t.Errorf("contact %q %q", me3.Phone, me3.Email)
	}
	// The other person is untouched.
	other, _ := s.Person(ctx, people[1])
	if other.Address.Line1 == "77 Elm St" {
		t.Error("the other person's address changed")
	}
}

func TestAddPaperFiledCase(t *testing.T) {
	s, people, now := twoPeople(t)
	ctx := context.Background()
	p := portal.New(s, nil, func() time.Time { return now })
	me := portal.NewSession(app.Account{ID: "acct-a", PersonID: people[0]}, now, 0)
	mine, _ := s.Person(ctx, people[0])
	// The clinic entered a paper filing under a second record of the same person.
	twin := app.Person{GivenName: mine.GivenName, FamilyName: strings.ToUpper(mine.FamilyName), DateOfBirth: mine.DateOfBirth,
		Address: app.Address{Line1: "PO Box 1", City: "Austin", State: "TX", ZIP: "78701"}}
	if err := s.CreatePerson(ctx, &twin); err != nil {
		t.Fatal(err)
	}
	paper := mustCase(t, s, "EAC2690000001", twin.ID)
	others, _ := s.CasesOfPerson(ctx, people[1])
	owned, _ := s.CasesOfPerson(ctx, people[0])

	// A twin: same family name and date of birth, another given name.
	sibling := app.Person{GivenName: "Other" + mine.GivenName, FamilyName: mine.FamilyName, DateOfBirth: mine.DateOfBirth,
		Address: mine.Address}
	if err := s.CreatePerson(ctx, &sibling); err != nil {
		t.Fatal(err)
	}
	siblings := mustCase(t, s, "EAC2690000002", sibling.ID)

	var in *app.InputError
	if _, err := p.AddCase(ctx, me, "EAC26900", portal.AsApplicant); !errors.As(err, &in) {
		t.Errorf("a typo: %v", err)
	}
	_, unknown := p.AddCase(ctx, me, "EAC2690009999", portal.AsApplicant)
	_, mismatch := p.AddCase(ctx, me, string(others[0].Receipt), portal.AsApplicant)
	if !errors.Is(unknown, portal.ErrCaseNotAdded) || !errors.Is(mismatch, portal.ErrCaseNotAdded) ||
		portal.AddCaseMessage("X", unknown) != portal.AddCaseMessage("X", mismatch) {
		t.Errorf("unknown %v, someone else's %v: they must look the same", unknown, mismatch)
	}
	if _, err := p.AddCase(ctx, me, string(siblings.Receipt), portal.AsApplicant); !errors.Is(err, portal.ErrCaseNotAdded) {
		t.Errorf("a twin's case: %v", err)
	}
	if _, err := p.AddCase(ctx, me, "EAC2690000001", portal.AsBeneficiary); !errors.Is(err, portal.ErrCaseNotAdded) {
		t.Errorf("the paper case in a role nobody has: %v", err)
	}
	if _, err := p.AddCase(ctx, me, string(owned[0].Receipt), portal.AsApplicant); !errors.Is(err, portal.ErrAlreadyLinked) {
		t.Errorf("my own case: %v", err)
	}
	c, err := p.AddCase(ctx, me, "eac-26-900-00001", portal.AsApplicant)
	if err != nil || c.ID != paper.ID {
		t.Fatalf("the paper case: %+v %v", c, err)
	}
	if _, err := p.AddCase(ctx, me, "EAC2690000001", portal.AsApplicant); !errors.Is(err, portal.ErrAlreadyLinked) {
		t.Errorf("added twice: %v", err)
	}
	d, _ := p.Dashboard(ctx, me)
	found := false
	for _, dc := range d.Cases {
		found = found || dc.ID == paper.ID
	}
	if _, err := p.Case(ctx, me, paper.ID); err != nil || !found {
		t.Errorf("the added case: on the dashboard %v, page %v", found, err)
	}
	if _, err := p.Case(ctx, me, siblings.ID); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("the twin's case is readable: %v", err)
	}
	var audited int
	s.db.QueryRow(`SELECT count(*) FROM audit_events WHERE action LIKE 'case.link%' AND actor_id = 'acct-a'`).Scan(&audited)
	if audited != 7 { // every attempt but the typo
		t.Errorf("%d attempts audited, want 7", audited)
	}
}

// TestAddCaseLimit: five failed attempts a day, then "ask your clinic",
// even for a case that would match; the next day it works.
func TestAddCaseLimit(t *testing.T) {
	s, people, now := twoPeople(t)
	ctx := context.Background()
	clock := now
	p := portal.New(s, nil, func() time.Time { return clock })
	me := portal.NewSession(app.Account{ID: "acct-a", PersonID: people[0]}, now, 0)
	mine, _ := s.Person(ctx, people[0])
	twin := app.Person{GivenName: mine.GivenName, FamilyName: mine.FamilyName, DateOfBirth: mine.DateOfBirth, Address: mine.Address}
	if err := s.CreatePerson(ctx, &twin); err != nil {
		t.Fatal(err)
	}
	mustCase(t, s, "EAC2690000001", twin.ID)
	for i := 1; i <= portal.MaxCaseLinkFailures; i++ {
		_, err := p.AddCase(ctx, me, fmt.Sprintf("EAC269000%04d", 1000+i), portal.AsApplicant)
		var lim *portal.CaseLinkLimitError
		if i < portal.MaxCaseLinkFailures && !errors.Is(err, portal.ErrCaseNotAdded) || i == portal.MaxCaseLinkFailures && !errors.As(err, &lim) {
			t.Fatalf("try %d: %v", i, err)
		}
	}
	_, err := p.AddCase(ctx, me, "EAC2690000001", portal.AsApplicant)
	if !strings.Contains(portal.AddCaseMessage("EAC2690000001", err), "Ask your clinic") {
		t.Fatalf("past the limit: %v", err)
	}
	clock = clock.Add(portal.CaseLinkWindow)
	me = portal.NewSession(app.Account{ID: "acct-a", PersonID: people[0]}, clock, 0)
	if _, err := p.AddCase(ctx, me, "EAC2690000001", portal.AsApplicant); err != nil {
		t.Fatalf("the next day: %v", err)
	}
}

// A store from before kept each new address; opened now, its history lists
// the addresses that were replaced, the rows' times kept.
func TestEarlierAddressesFromAnOlderStore(t *testing.T) {
	sqliteOnly(t, "an older store file (a database on a server starts at today's schema)")
	ctx := context.Background()
	s := olderStore(t, 5)
	p := olderPerson(t, s, "Ana", "López")
	legacy := []struct {
		line1 string
		at    time.Month
	}{{"1 First St", time.January}, {"2 Second St", time.February}, {"3 Third St", time.March}}
	for i, r := range legacy {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO address_changes (id, person_id, address_line1, city, state, zip, changed_at)
			VALUES (?, ?, ?, 'Austin', 'TX', '78701', ?)`, fmt.Sprint("legacy-", i), p.ID, r.line1, formatTime(time.Date(2026, r.at, 1, 0, 0, 0, 0, time.UTC))); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s2, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	hist, err := s2.AddressHistory(ctx, p.ID)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history %+v, %v", hist, err)
	}
	// Replaced on March 1: the second address; on February 1: the first.
	if hist[0].Address.Line1 != "2 Second St" || hist[0].At.Month() != 3 || hist[1].Address.Line1 != "1 First St" || hist[1].At.Month() != 2 {
		t.Errorf("history %+v", hist)
	}
}

// olderStore makes a store as CaseDesk left it at schema version upTo.
func olderStore(t *testing.T, upTo int) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "older.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{db: db, path: path, now: time.Now}
	t.Cleanup(func() { s.Close() })
	if err := s.migrateTo(context.Background(), upTo); err != nil {
		t.Fatal(err)
	}
	return s
}

// Notices of one day are listed the one recorded last first, whatever
// their ids: an approval recorded, then an Account Access Notice issued
// the same day, are listed access notice first, every time.
func TestNoticesOfADayInTheOrderRecorded(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := mustPerson(t, s, "Inés", "Peña")
	day := app.NewDate(2026, 11, 26)
	at := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	var want []string
	for i, kind := range []app.NoticeKind{app.NoticeReceipt, app.NoticeApproval, app.NoticeTransfer, app.NoticeCard} {
		id := []string{"d", "b", "c", "a"}[i] // ids in no order of their own
		n := app.Notice{ID: id, PersonID: p.ID, Kind: kind, NoticeDate: day, CreatedAt: at.Add(time.Duration(i) * time.Minute)}
		if err := s.AddNotice(ctx, &n); err != nil {
			t.Fatal(err)
		}
		want = append([]string{id}, want...)
	}
	got, err := s.NoticesOfPerson(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range got {
		ids = append(ids, n.ID)
	}
	if strings.Join(ids, "") != strings.Join(want, "") {
		t.Fatalf("notices of one day in the order %v, want %v (the one recorded last first)", ids, want)
	}
}
