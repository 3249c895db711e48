package data

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
)

// AddCase stores a case with its first status event and the audit row.
// app.ErrAlreadyExists when the receipt number is taken.
func (s *Store) AddCase(ctx context.Context, c *app.Case, first *app.CaseEvent, e app.AuditEvent) error {
	s.newCase(c, first)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := insertCaseWithEvent(ctx, tx, c, first); err != nil {
			return err
		}
		return s.auditRow(ctx, tx, e, c.ID)
	})
}

// RecordStatus writes, at once, a status event (the case's status becomes
// the latest event's), the notice and the message when given, and the
// audit row: all of them or none.
func (s *Store) RecordStatus(ctx context.Context, r desk.StatusRecord) error {
	ev := r.Event
	if ev.ID == "" {
		ev.ID = newID()
	}
	ev.CreatedAt = s.stampOr(ev.CreatedAt)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := addEvent(ctx, tx, &ev); err != nil {
			return err
		}
		if err := s.notifyClient(ctx, tx, r.Notice, r.Message); err != nil {
			return err
		}
		return s.auditRow(ctx, tx, r.Audit, ev.CaseID)
	})
}

// notifyClient stores what a clinic's write sends the client: a notice
// and an inbox message, each when given. The message is the clinic's.
func (s *Store) notifyClient(ctx context.Context, tx execer, n *app.Notice, m *app.Message) error {
	if n != nil {
		if n.ID == "" {
			n.ID = newID()
		}
		n.CreatedAt = s.stampOr(n.CreatedAt)
		if err := insertNotice(ctx, tx, n); err != nil {
			return err
		}
	}
	if m != nil {
		s.fromClinic(m)
		if err := insertMessage(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// fromClinic readies a message the clinic sends.
func (s *Store) fromClinic(m *app.Message) {
	if m.ID == "" {
		m.ID = newID()
	}
	m.SentAt = s.stampOr(m.SentAt)
	m.FromStaff, m.ReadAt = true, time.Time{}
}

// SaveAppointment writes an appointment, a new one when its ID is empty
// (assigning it) or else the one with that ID and person (app.ErrNotFound
// when there is none), with its notice, message and audit row.
func (s *Store) SaveAppointment(ctx context.Context, r desk.AppointmentRecord) error {
	a := r.Appointment
	if a == nil {
		return errors.New("data: no appointment to save")
	}
	if a.Status == "" {
		a.Status = "scheduled"
	}
	isNew := a.ID == ""
	if isNew {
		a.ID = newID()
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if isNew {
			if err := insertAppointment(ctx, tx, a); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE appointments SET kind = ?, starts_at = ?, time_zone = ?,
				place_name = ?, place_address = ?, status = ? WHERE id = ? AND person_id = ?`,
				string(a.Kind), formatTime(a.StartsAt), a.TimeZone, a.PlaceName, a.PlaceAddress, a.Status, a.ID, a.PersonID)
			if err := oneRow(res, err); err != nil {
				return err
			}
		}
		if err := s.notifyClient(ctx, tx, r.Notice, r.Message); err != nil {
			return err
		}
		return s.auditRow(ctx, tx, r.Audit, a.ID)
	})
	if err != nil && isNew {
		a.ID = "" // nothing was kept: the appointment is still new
	}
	return err
}

// ProcessingTimes lists every processing time, by form and office.
func (s *Store) ProcessingTimes(ctx context.Context) ([]app.ProcessingTime, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT form_type, office, min_months, max_months, as_of, source
		FROM processing_times ORDER BY form_type, office`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.ProcessingTime
	for rows.Next() {
		var p app.ProcessingTime
		var asOf string
		if err := rows.Scan(&p.FormType, &p.Office, &p.MinMonths, &p.MaxMonths, &asOf, &p.Source); err != nil {
			return nil, mapErr(err)
		}
		p.AsOf = parseDate(asOf)
		out = append(out, p)
	}
	return out, mapErr(rows.Err())
}
