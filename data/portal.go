package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"casedesk/app"
)

const appointmentColumns = `id, person_id, coalesce(case_id, ''), kind, starts_at, place_name, place_address, status, time_zone`

func scanAppointment(r scanner) (app.Appointment, error) {
	var a app.Appointment
	var kind, starts string
	if err := r.Scan(&a.ID, &a.PersonID, &a.CaseID, &kind, &starts, &a.PlaceName, &a.PlaceAddress, &a.Status, &a.TimeZone); err != nil {
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

const messageColumns = `id, person_id, coalesce(case_id, ''), from_staff, subject, body, sent_at, read_at, coalesce(reply_to, '')`

func scanMessage(r scanner) (app.Message, error) {
	var m app.Message
	var sent, read string
	if err := r.Scan(&m.ID, &m.PersonID, &m.CaseID, &m.FromStaff, &m.Subject, &m.Body, &sent, &read, &m.ReplyTo); err != nil {
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

// NoticesOfPerson returns the notices addressed to a person, newest first
// (of one day, the one recorded last first).
func (s *Store) NoticesOfPerson(ctx context.Context, personID string) ([]app.Notice, error) {
	return s.notices(ctx, `WHERE person_id = ? ORDER BY notice_date DESC, created_at DESC, id DESC`, personID)
}

// UpdateContact sets a person's phone and e-mail.
func (s *Store) UpdateContact(ctx context.Context, personID, phone, email string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE people SET phone = ?, email = ?, updated_at = ? WHERE id = ?`, phone, email, formatTime(at), personID)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return app.ErrNotFound
	}
	return nil
}

// ChangeAddress records a new mailing address in one transaction: the
// change in the person's address history, the person's address, and every
// case still pending (its status not final) marked updated, with an audit
// row each. It returns the receipt numbers of those cases.
func (s *Store) ChangeAddress(ctx context.Context, personID string, a app.Address, by string, at time.Time) ([]app.Receipt, error) {
	var updated []app.Receipt
	err := s.tx(ctx, func(tx *sql.Tx) error {
		updated = nil // a run the server ended and tx runs again starts afresh
		stamp := formatTime(at)
		var old app.Address
		var zip string
		if err := tx.QueryRowContext(ctx, `SELECT address_line1, address_line2, city, state, zip FROM people WHERE id = ?`, personID).
			Scan(&old.Line1, &old.Line2, &old.City, &old.State, &zip); err != nil {
			return err
		}
		old.ZIP = app.ZIP(zip)
		if old == a {
			return app.ErrUnchanged
		}
		// The history keeps the address being replaced: the first one too.
		if _, err := tx.ExecContext(ctx, `INSERT INTO address_changes (id, person_id, address_line1, address_line2, city, state, zip, changed_by, changed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, newID(), personID, old.Line1, old.Line2, old.City, old.State, string(old.ZIP), by, stamp); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET address_line1 = ?, address_line2 = ?, city = ?, state = ?, zip = ?, updated_at = ?
			WHERE id = ?`, a.Line1, a.Line2, a.City, a.State, string(a.ZIP), stamp, personID); err != nil {
			return err
		}
		open, err := pendingCases(ctx, tx, personID)
		if err != nil {
			return err
		}
		for _, p := range open {
			if _, err := tx.ExecContext(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, stamp, p.id); err != nil {
				return err
			}
			if err := audit(ctx, tx, at, by, "case.address_updated", "case", p.id, "mailing address changed"); err != nil {
				return err
			}
			updated = append(updated, p.receipt)
		}
		return audit(ctx, tx, at, by, "person.address_changed", "person", personID, fmt.Sprintf("%d pending case(s) updated", len(open)))
	})
	return updated, mapErr(err)
}

// PendingCases lists the receipt numbers of a person's cases that are not
// final: those a new mailing address applies to.
func (s *Store) PendingCases(ctx context.Context, personID string) ([]app.Receipt, error) {
	open, err := pendingCases(ctx, s.db, personID)
	out := make([]app.Receipt, len(open))
	for i, p := range open {
		out[i] = p.receipt
	}
	return out, mapErr(err)
}

type pendingCase struct {
	id      string
	receipt app.Receipt
}

// pendingCases finds the person's cases (as applicant, petitioner or
// beneficiary) whose status is not final.
func pendingCases(ctx context.Context, q querier, personID string) ([]pendingCase, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, receipt_number, status_code FROM cases
		WHERE applicant_id = ?1 OR petitioner_id = ?1 OR beneficiary_id = ?1 ORDER BY receipt_number`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var open []pendingCase
	for rows.Next() {
		var p pendingCase
		var receipt, status string
		if err := rows.Scan(&p.id, &receipt, &status); err != nil {
			return nil, err
		}
		if st, ok := app.StatusByCode(status); !ok || !st.Final {
			p.receipt = app.Receipt(receipt)
			open = append(open, p)
		}
	}
	return open, rows.Err()
}

// AddressHistory returns a person's earlier addresses, each with when a
// change replaced it, newest first.
func (s *Store) AddressHistory(ctx context.Context, personID string) ([]app.AddressChange, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT address_line1, address_line2, city, state, zip, changed_at FROM address_changes
		WHERE person_id = ? ORDER BY changed_at DESC, id DESC`, personID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.AddressChange
	for rows.Next() {
		var c app.AddressChange
		var zip, at string
		if err := rows.Scan(&c.Address.Line1, &c.Address.Line2, &c.Address.City, &c.Address.State, &zip, &at); err != nil {
			return nil, mapErr(err)
		}
		c.Address.ZIP, c.At = app.ZIP(zip), parseTime(at)
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

const upsertProcessingTime = `INSERT INTO processing_times (form_type, office, min_months, max_months, as_of, source)
	VALUES (?, ?, ?, ?, ?, ?)
	ON CONFLICT (form_type, office) DO UPDATE SET min_months = excluded.min_months, max_months = excluded.max_months,
		as_of = excluded.as_of, source = excluded.source`

// SetProcessingTime records how long a form takes at an office.
func (s *Store) SetProcessingTime(ctx context.Context, p app.ProcessingTime) error {
	_, err := s.db.ExecContext(ctx, upsertProcessingTime, p.FormType, p.Office, p.MinMonths, p.MaxMonths, p.AsOf.ISO(), p.Source)
	return mapErr(err)
}

// ProcessingTime returns how long a form takes at an office, as last recorded.
func (s *Store) ProcessingTime(ctx context.Context, form, office string) (app.ProcessingTime, error) {
	var p app.ProcessingTime
	var asOf string
	err := s.db.QueryRowContext(ctx, `SELECT form_type, office, min_months, max_months, as_of, source FROM processing_times
		WHERE form_type = ? AND office = ?`, form, office).Scan(&p.FormType, &p.Office, &p.MinMonths, &p.MaxMonths, &asOf, &p.Source)
	if err != nil {
		return app.ProcessingTime{}, mapErr(err)
	}
	p.AsOf = parseDate(asOf)
	return p, nil
}

// LinkCase adds a case to a person's own cases.
func (s *Store) LinkCase(ctx context.Context, personID, caseID string, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_links (person_id, case_id, linked_at) VALUES (?, ?, ?)`,
			personID, caseID, formatTime(at)); err != nil {
			return err
		}
		return audit(ctx, tx, at, personID, "case.linked", "case", caseID, "added by receipt number")
	})
}

// CaseLinked reports whether a person added the case to their own.
func (s *Store) CaseLinked(ctx context.Context, personID, caseID string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM case_links WHERE person_id = ? AND case_id = ?`, personID, caseID).Scan(&n)
	return n > 0, mapErr(err)
}
