package data

import (
	"context"
	"time"

	"casedesk/app"
)

const appointmentColumns = `id, person_id, coalesce(case_id, ''), kind, starts_at, place_name, place_address, status`

func scanAppointment(r scanner) (app.Appointment, error) {
	var a app.Appointment
	var kind, starts string
	if err := r.Scan(&a.ID, &a.PersonID, &a.CaseID, &kind, &starts, &a.PlaceName, &a.PlaceAddress, &a.Status); err != nil {
		return app.Appointment{}, mapErr(err)
	}
	a.Kind, a.StartsAt = app.AppointmentKind(kind), parseTime(starts)
	return a, nil
}

// Appointment returns one appointment by id.
func (s *Store) Appointment(ctx context.Context, id string) (app.Appointment, error) {
	return scanAppointment(s.db.QueryRowContext(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE id = ?`, id))
}

// AppointmentsOfPerson returns a person's appointments: those from now on
// first (soonest first), then past ones (latest first).
func (s *Store) AppointmentsOfPerson(ctx context.Context, personID string, now time.Time) ([]app.Appointment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE person_id = ?
		ORDER BY starts_at < ?2, CASE WHEN starts_at >= ?2 THEN starts_at END, starts_at DESC`, personID, formatTime(now))
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.Appointment
	for rows.Next() {
		a, err := scanAppointment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, mapErr(rows.Err())
}

const messageColumns = `id, person_id, coalesce(case_id, ''), from_staff, subject, body, sent_at, read_at`

func scanMessage(r scanner) (app.Message, error) {
	var m app.Message
	var sent, read string
	if err := r.Scan(&m.ID, &m.PersonID, &m.CaseID, &m.FromStaff, &m.Subject, &m.Body, &sent, &read); err != nil {
		return app.Message{}, mapErr(err)
	}
	m.SentAt, m.ReadAt = parseTime(sent), parseTime(read)
	return m, nil
}

// Message returns one message by id.
func (s *Store) Message(ctx context.Context, id string) (app.Message, error) {
	return scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id))
}

// MessagesOfPerson returns a person's inbox, newest first.
func (s *Store) MessagesOfPerson(ctx context.Context, personID string) ([]app.Message, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE person_id = ? ORDER BY sent_at DESC, id DESC`, personID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, mapErr(rows.Err())
}

// MarkRead marks a person's message read (once; later calls change nothing).
func (s *Store) MarkRead(ctx context.Context, personID, messageID string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE messages SET read_at = ? WHERE id = ? AND person_id = ? AND read_at = ''`,
		formatTime(at), messageID, personID)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Message(ctx, messageID); err != nil {
			return err
		}
	}
	return nil
}

// NoticesOfPerson returns the notices addressed to a person, newest first.
func (s *Store) NoticesOfPerson(ctx context.Context, personID string) ([]app.Notice, error) {
	return s.notices(ctx, `WHERE person_id = ? ORDER BY notice_date DESC, id DESC`, personID)
}
