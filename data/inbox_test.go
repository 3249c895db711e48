package data

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"casedesk/app"
)

func TestClinicInbox(t *testing.T) {
	s := openTest(t)
	d := s.Desk()
	ctx := context.Background()
	p := newClient("Ana", "López", app.NewDate(1990, 1, 2), "")
	mustClient(t, s, p)
	sent := &app.Message{PersonID: p.ID, Subject: "Welcome", Body: "Hello", SentAt: deskAt}
	if err := d.SendMessage(ctx, sent, ev("message.sent")); err != nil {
		t.Fatal(err)
	}
	var replies []string
	for i := range 3 {
		m := &app.Message{PersonID: p.ID, Subject: fmt.Sprint("Question ", i), Body: "?", SentAt: deskAt.Add(time.Duration(i+1) * time.Minute),
			ReadAt: deskAt.Add(time.Duration(i+1) * time.Minute), ReplyTo: sent.ID}
		if err := s.AddMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
		replies = append(replies, m.ID)
	}
	if n, _ := d.ClinicUnread(ctx); n != 3 {
		t.Errorf("ClinicUnread = %d", n)
	}
	inbox, err := d.ClinicInbox(ctx, true, 0)
	if err != nil || len(inbox) != 3 || inbox[0].ID != replies[2] || inbox[0].PersonName != "Ana López" || !inbox[0].ClinicReadAt.IsZero() {
		t.Fatalf("ClinicInbox = %+v, %v", inbox, err)
	}
	if err := d.MarkClinicRead(ctx, replies[0], deskAt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkClinicRead(ctx, sent.ID, deskAt); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("MarkClinicRead(the clinic's own) = %v", err)
	}
	if err := d.MarkClinicRead(ctx, "nope", deskAt); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("MarkClinicRead(none) = %v", err)
	}
	if n, _ := d.ClinicUnread(ctx); n != 2 {
		t.Errorf("ClinicUnread after = %d", n)
	}
	all, _ := d.ClinicInbox(ctx, false, 10)
	if len(all) != 3 || !all[2].ClinicReadAt.Equal(deskAt.Add(time.Hour)) {
		t.Errorf("ClinicInbox(all) = %+v", all)
	}
	if unread, _ := d.ClinicInbox(ctx, true, 1); len(unread) != 1 || unread[0].ID != replies[2] {
		t.Errorf("ClinicInbox(unread, 1) = %+v", unread)
	}
	// The client's side: the clinic's message is unread, their own replies read.
	dash, _ := s.Dashboard(ctx, p.ID, deskAt)
	if dash.Unread != 1 {
		t.Errorf("client's unread = %d", dash.Unread)
	}
	conv, _ := d.MessagesOfPerson(ctx, p.ID)
	if len(conv) != 4 || conv[0].ID != sent.ID || conv[3].ID != replies[2] {
		t.Errorf("desk MessagesOfPerson not oldest first: %+v", conv)
	}
	if portal, _ := s.MessagesOfPerson(ctx, p.ID); len(portal) != 4 || portal[0].ID != replies[2] {
		t.Errorf("portal MessagesOfPerson not newest first: %+v", portal)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'message.sent' AND record_id = ?`, sent.ID); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	// Without its audit row nothing is sent.
	if err := d.SendMessage(ctx, &app.Message{PersonID: p.ID, Subject: "x", Body: "y"}, app.AuditEvent{}); err == nil {
		t.Error("sent without an audit row")
	}
	if n := count(t, s, `SELECT count(*) FROM messages`); n != 4 {
		t.Errorf("%d messages", n)
	}
}

// A version-7 store opened now keeps every message's read state: the
// client's side as it was, the clinic's own messages read by the clinic,
// the clients' messages waiting in the clinic's inbox.
func TestMigrationFromSevenKeepsReadState(t *testing.T) {
	sqliteOnly(t, "an older store file (a database on a server starts at today's schema)")
	ctx := context.Background()
	s := olderStore(t, 7)
	at := formatTime(deskAt)
	for _, q := range []string{
		`INSERT INTO people (id, given_name, family_name, created_at, updated_at) VALUES ('p1', 'Ana', 'López', '` + at + `', '` + at + `')`,
		`INSERT INTO people_fts (person_id, name) VALUES ('p1', 'ana lopez')`,
		`INSERT INTO messages (id, person_id, from_staff, subject, body, sent_at, read_at) VALUES
			('m1', 'p1', 1, 'Read by the client', 'b', '2026-01-01 10:00:00', '2026-01-02 10:00:00'),
			('m2', 'p1', 1, 'Unread by the client', 'b', '2026-01-03 10:00:00', ''),
			('m3', 'p1', 0, 'The client asks', 'b', '2026-01-04 10:00:00', '2026-01-04 10:00:00')`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	if version != latestVersion() || version < 8 {
		t.Errorf("user_version %d", version)
	}
	var state []string
	rows, _ := s.db.Query(`SELECT id || ':' || read_at || ':' || clinic_read_at FROM messages ORDER BY id`)
	for rows.Next() {
		var v string
		rows.Scan(&v)
		state = append(state, v)
	}
	rows.Close()
	want := []string{"m1:2026-01-02 10:00:00:2026-01-01 10:00:00", "m2::2026-01-03 10:00:00", "m3:2026-01-04 10:00:00:"}
	if !slices.Equal(state, want) {
		t.Errorf("messages %q, want %q", state, want)
	}
	if n, _ := s.ClinicUnread(ctx); n != 1 {
		t.Errorf("ClinicUnread = %d", n)
	}
	if c, err := s.Client(ctx, "p1"); err != nil || c.FamilyName != "López" || c.AssignedTo != "" {
		t.Errorf("the older person is a client: %+v, %v", c, err)
	}
	for _, table := range []string{"person_history", "audit_events_record", "audit_events_actor", "messages_clinic_unread"} {
		if !hasObject(t, s, table) {
			t.Errorf("%s missing", table)
		}
	}
	if dash, _ := s.Dashboard(ctx, "p1", deskAt); dash.Unread != 1 {
		t.Errorf("client's unread %d", dash.Unread)
	}
	if !strings.Contains(migrations()[7].name, "desk") {
		t.Errorf("migration 8 is %s", migrations()[7].name)
	}
}
