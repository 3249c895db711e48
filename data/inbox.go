package data

import (
	"context"
	"database/sql"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
)

// The clinic's inbox holds the messages clients sent (from_staff = 0);
// clinic_read_at is when the clinic read one. read_at is the client's own
// side and is never the clinic's.

// ClinicInbox lists the messages clients sent the clinic, newest first,
// with whose they are; only those the clinic has not read when unread is
// set. At most limit (200 when 0).
func (s *Store) ClinicInbox(ctx context.Context, unread bool, limit int) ([]desk.InboxItem, error) {
	where := `m.from_staff = 0`
	if unread {
		where += ` AND m.clinic_read_at = ''`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, m.person_id, coalesce(m.case_id, ''), m.from_staff, m.subject, m.body,
		m.sent_at, m.read_at, coalesce(m.reply_to, ''), m.clinic_read_at, p.given_name, p.middle_name, p.family_name
		FROM messages m JOIN people p ON p.id = m.person_id
		WHERE `+where+` ORDER BY m.sent_at DESC, m.id DESC LIMIT ?`, listLimit(limit))
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []desk.InboxItem
	for rows.Next() {
		var it desk.InboxItem
		var read string
		var p app.Person
		m, err := scanMessage(withExtra{rows, []any{&read, &p.GivenName, &p.MiddleName, &p.FamilyName}})
		if err != nil {
			return nil, err
		}
		it.Message, it.ClinicReadAt, it.PersonName = m, parseTime(read), p.FullName()
		out = append(out, it)
	}
	return out, mapErr(rows.Err())
}

// ClinicUnread counts the clients' messages the clinic has not read.
func (s *Store) ClinicUnread(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE from_staff = 0 AND clinic_read_at = ''`).Scan(&n)
	return n, mapErr(err)
}

// MarkClinicRead marks a client's message read by the clinic (the first
// time is kept); app.ErrNotFound for a message the clinic sent or none.
func (s *Store) MarkClinicRead(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE messages SET clinic_read_at = CASE WHEN clinic_read_at = '' THEN ? ELSE clinic_read_at END
		WHERE id = ? AND from_staff = 0`, formatTime(s.stampOr(at)), id)
	return mapErr(oneRow(res, err))
}

// SendMessage stores a message from the clinic (assigning m.ID), unread
// by the client, with the audit row.
func (s *Store) SendMessage(ctx context.Context, m *app.Message, e app.AuditEvent) error {
	s.fromClinic(m)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := insertMessage(ctx, tx, m); err != nil {
			return err
		}
		return s.auditRow(ctx, tx, e, m.ID)
	})
}
