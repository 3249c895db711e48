package data

import (
	"context"
	"database/sql"

	"casedesk/app"
)

const caseColumns = `id, receipt_number, form_type, form_title, applicant_id,
	coalesce(petitioner_id, ''), coalesce(beneficiary_id, ''), received_date, priority_date,
	office, status_code, status_date, updated_at, source, source_name, source_date`

func scanCase(r scanner) (app.Case, error) {
	var c app.Case
	var receipt, received, priority, statusDate, updated, sourceDate string
	err := r.Scan(&c.ID, &receipt, &c.FormType, &c.FormTitle, &c.ApplicantID, &c.PetitionerID,
		&c.BeneficiaryID, &received, &priority, &c.Office, &c.StatusCode, &statusDate, &updated,
		&c.Source.Kind, &c.Source.Clinic, &sourceDate)
	if err != nil {
		return app.Case{}, mapErr(err)
	}
	c.Receipt = app.Receipt(receipt)
	c.ReceivedDate, c.PriorityDate, c.StatusDate = parseDate(received), parseDate(priority), parseDate(statusDate)
	c.UpdatedAt = parseTime(updated)
	c.Source.On = parseDate(sourceDate)
	return c, nil
}

// CreateCase stores a case together with its first status event, in one
// transaction. The case's status is the event's.
func (s *Store) CreateCase(ctx context.Context, c *app.Case, first *app.CaseEvent) error {
	s.newCase(c, first)
	return s.tx(ctx, func(tx *sql.Tx) error { return insertCaseWithEvent(ctx, tx, c, first) })
}

// newCase gives a new case and its first event their ids, office, status and times.
func (s *Store) newCase(c *app.Case, first *app.CaseEvent) {
	if c.ID == "" {
		c.ID = newID()
	}
	if c.Office == "" {
		c.Office = c.Receipt.Office()
	}
	c.StatusCode, c.StatusDate, c.UpdatedAt = first.StatusCode, first.Date, s.now()
	first.CaseID = c.ID
	if first.ID == "" {
		first.ID = newID()
	}
	if first.CreatedAt.IsZero() {
		first.CreatedAt = c.UpdatedAt
	}
}

func insertCaseWithEvent(ctx context.Context, tx execer, c *app.Case, first *app.CaseEvent) error {
	if err := insertCase(ctx, tx, c); err != nil {
		return err
	}
	return insertEvent(ctx, tx, first)
}

func insertCase(ctx context.Context, tx execer, c *app.Case) error {
	return casesTable.exec(ctx, tx, caseArgs(c))
}

func insertEvent(ctx context.Context, tx execer, e *app.CaseEvent) error {
	return eventsTable.exec(ctx, tx, eventArgs(e))
}

// CaseByReceipt finds a case by its canonical receipt number.
func (s *Store) CaseByReceipt(ctx context.Context, r app.Receipt) (app.Case, error) {
	return scanCase(s.db.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE receipt_number = ?`, string(r)))
}

// Case finds a case by id.
func (s *Store) Case(ctx context.Context, id string) (app.Case, error) {
	return scanCase(s.db.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = ?`, id))
}

// RecordEvent adds a status change to a case's history. The case's current
// status follows the event unless the case already has a later one (events
// may be entered out of order).
func (s *Store) RecordEvent(ctx context.Context, e *app.CaseEvent) error {
	if e.ID == "" {
		e.ID = newID()
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = s.now()
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return addEvent(ctx, tx, e) })
}

// addEvent inserts a status event and moves the case's status to it
// unless the case already has a later one.
func addEvent(ctx context.Context, tx execer, e *app.CaseEvent) error {
	if err := insertEvent(ctx, tx, e); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE cases SET
		status_code = CASE WHEN status_date <= ?2 THEN ?1 ELSE status_code END,
		status_date = CASE WHEN status_date < ?2 THEN ?2 ELSE status_date END, updated_at = ?3 WHERE id = ?4`,
		e.StatusCode, e.Date.ISO(), formatTime(e.CreatedAt), e.CaseID)
	return err
}

// Events returns a case's status history, oldest first.
func (s *Store) Events(ctx context.Context, caseID string) ([]app.CaseEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, case_id, status_code, event_date, note, recorded_by, created_at
		FROM case_events WHERE case_id = ? ORDER BY event_date, created_at, id`, caseID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.CaseEvent
	for rows.Next() {
		var e app.CaseEvent
		var date, created string
		if err := rows.Scan(&e.ID, &e.CaseID, &e.StatusCode, &date, &e.Note, &e.RecordedBy, &created); err != nil {
			return nil, mapErr(err)
		}
		e.Date, e.CreatedAt = parseDate(date), parseTime(created)
		out = append(out, e)
	}
	return out, mapErr(rows.Err())
}

// CasesOfPerson returns every case in which the person is applicant,
// petitioner or beneficiary, most recently changed first.
func (s *Store) CasesOfPerson(ctx context.Context, personID string) ([]app.Case, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE applicant_id = ?1
		UNION SELECT `+caseColumns+` FROM cases WHERE petitioner_id = ?1
		UNION SELECT `+caseColumns+` FROM cases WHERE beneficiary_id = ?1
		UNION SELECT `+caseColumns+` FROM cases WHERE id IN (SELECT case_id FROM case_links WHERE person_id = ?1)
		ORDER BY status_date DESC, receipt_number`, personID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}
