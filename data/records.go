package data

import (
	"context"
	"database/sql"
	"encoding/json"

	"casedesk/app"
)

// AddNotice stores an issued notice. Notices never change afterwards (a
// trigger refuses updates).
func (s *Store) AddNotice(ctx context.Context, n *app.Notice) error {
	if n.ID == "" {
		n.ID = newID()
	}
	if n.CreatedAt.IsZero() {
		n.CreatedAt = s.now()
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return insertNotice(ctx, tx, n) })
}

func insertNotice(ctx context.Context, tx execer, n *app.Notice) error {
	args, err := noticeArgs(n)
	if err != nil {
		return err
	}
	return noticesTable.exec(ctx, tx, args)
}

// Notice returns one notice by id.
func (s *Store) Notice(ctx context.Context, id string) (app.Notice, error) {
	return scanNotice(s.db.QueryRowContext(ctx, `SELECT `+noticeColumns+` FROM notices WHERE id = ?`, id))
}

// NoticesOfCase returns a case's notices, oldest first.
func (s *Store) NoticesOfCase(ctx context.Context, caseID string) ([]app.Notice, error) {
	return s.notices(ctx, `WHERE case_id = ? ORDER BY notice_date, created_at, id`, caseID)
}

// NoticesOn returns every notice dated d, in the order they were issued.
func (s *Store) NoticesOn(ctx context.Context, d app.Date) ([]app.Notice, error) {
	return s.notices(ctx, `WHERE notice_date = ? ORDER BY id`, d.ISO())
}

// CountNoticesOn says how many notices are dated d.
func (s *Store) CountNoticesOn(ctx context.Context, d app.Date) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM notices WHERE notice_date = ?`, d.ISO()).Scan(&n)
	return n, mapErr(err)
}

// LatestNoticeDate is the most recent date on or before d with a notice;
// the zero Date when there is none.
func (s *Store) LatestNoticeDate(ctx context.Context, d app.Date) (app.Date, error) {
	var date sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT max(notice_date) FROM notices WHERE notice_date <= ?`, d.ISO()).Scan(&date)
	if err != nil {
		return app.Date{}, mapErr(err)
	}
	return parseDate(date.String), nil
}

func (s *Store) notices(ctx context.Context, where string, args ...any) ([]app.Notice, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+noticeColumns+` FROM notices `+where, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.Notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, mapErr(rows.Err())
}

const noticeColumns = `id, coalesce(case_id, ''), person_id, kind, notice_date, due_date, fields, created_at`

func scanNotice(r scanner) (app.Notice, error) {
	var n app.Notice
	var kind, date, due, fields, created string
	if err := r.Scan(&n.ID, &n.CaseID, &n.PersonID, &kind, &date, &due, &fields, &created); err != nil {
		return app.Notice{}, mapErr(err)
	}
	n.Kind, n.NoticeDate, n.DueDate, n.CreatedAt = app.NoticeKind(kind), parseDate(date), parseDate(due), parseTime(created)
	if err := json.Unmarshal([]byte(fields), &n.Fields); err != nil {
		return app.Notice{}, err
	}
	return n, nil
}

// AddAppointment stores an appointment.
func (s *Store) AddAppointment(ctx context.Context, a *app.Appointment) error {
	if a.ID == "" {
		a.ID = newID()
	}
	if a.Status == "" {
		a.Status = "scheduled"
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return insertAppointment(ctx, tx, a) })
}

func insertAppointment(ctx context.Context, tx execer, a *app.Appointment) error {
	return appointmentsTable.exec(ctx, tx, appointmentArgs(a))
}

// AddMessage stores a message for a person's inbox.
func (s *Store) AddMessage(ctx context.Context, m *app.Message) error {
	if m.ID == "" {
		m.ID = newID()
	}
	if m.SentAt.IsZero() {
		m.SentAt = s.now()
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return insertMessage(ctx, tx, m) })
}

func insertMessage(ctx context.Context, tx execer, m *app.Message) error {
	return messagesTable.exec(ctx, tx, messageArgs(m))
}

// Audit appends an event to the audit log.
func (s *Store) Audit(ctx context.Context, e *app.AuditEvent) error {
	if e.ID == "" {
		e.ID = newID()
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit_events (id, at, actor_id, action, record_type,
		record_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.ID, formatTime(e.At), e.ActorID, e.Action, e.RecordType, e.RecordID, e.Detail)
	return mapErr(err)
}

// Setting returns a setting's value, or app.ErrNotFound when it was never set.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	return v, mapErr(err)
}

// SetSetting stores a setting. The store's own settings (its id, its key
// check, its packet signing key: app.InternalSettingPrefix) are not
// settings, save how the last backup went, which the backup service records
// here (backup.Service).
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	if key != app.SettingBackupLast && key != app.SettingBackupFailed {
		if err := notOwnSetting(key); err != nil {
			return err
		}
	}
	_, err := s.db.ExecContext(ctx, upsertSetting, key, value)
	return mapErr(err)
}

const upsertSetting = `INSERT INTO settings (key, value) VALUES (?, ?)
	ON CONFLICT (key) DO UPDATE SET value = excluded.value`

// CountAudit says how many audit rows record the action.
func (s *Store) CountAudit(ctx context.Context, action string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_events WHERE action = ?`, action).Scan(&n)
	return n, mapErr(err)
}
