package data

import (
	"context"
	"database/sql"

	"casedesk/app"
	"casedesk/app/desk"
)

// The exports walk a table row by row, calling back for each: a clinic of
// fifty thousand clients is never held in memory at once.

// EachClient calls fn with every client, by family name, given name and id.
func (s *Store) EachClient(ctx context.Context, fn func(desk.Client) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+clientColumns+` FROM people p WHERE p.staff = 0
		ORDER BY p.family_name, p.given_name, p.id`)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := s.scanClient(rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// exportCaseColumns are caseColumns from the cases table aliased c.
const exportCaseColumns = `c.id, c.receipt_number, c.form_type, c.form_title, c.applicant_id,
	coalesce(c.petitioner_id, ''), coalesce(c.beneficiary_id, ''), c.received_date, c.priority_date,
	c.office, c.status_code, c.status_date, c.updated_at, c.source, c.source_name, c.source_date`

// EachCase calls fn with every case and its applicant, by date received
// and receipt number.
func (s *Store) EachCase(ctx context.Context, fn func(desk.CaseRow) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+exportCaseColumns+`, `+clientPeople+`
		FROM cases c JOIN people p ON p.id = c.applicant_id
		ORDER BY c.received_date, c.receipt_number`)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r desk.CaseRow
		var person personScan
		if r.Case, err = scanCase(withExtra{rows, person.dest()}); err != nil {
			return err
		}
		if r.Applicant, err = person.done(s); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// personScan receives personColumns beside other columns, for a row that
// holds a person after something else.
type personScan struct {
	p              app.Person
	sealed         []byte
	zip, createdAt string
}

func (x *personScan) dest() []any {
	p := &x.p
	return []any{&p.ID, &p.GivenName, &p.MiddleName, &p.FamilyName, &p.OtherNames, &x.sealed,
		&p.CountryOfBirth, &p.Address.Line1, &p.Address.Line2, &p.Address.City,
		&p.Address.State, &x.zip, &p.Phone, &p.Email, &p.Language, &x.createdAt}
}

// done is the person, the sealed fields opened, as scanPerson makes it.
func (x *personScan) done(s *Store) (app.Person, error) {
	p := x.p
	var err error
	if p.DateOfBirth, p.ANumber, err = unseal(s.sealer, x.sealed); err != nil {
		return app.Person{}, err
	}
	p.Address.ZIP = app.ZIP(x.zip)
	p.CreatedAt = parseTime(x.createdAt)
	return p, nil
}

// EachAuditEvent calls fn with every audit row, oldest first.
func (s *Store) EachAuditEvent(ctx context.Context, fn func(app.AuditEvent) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor_id, action, record_type, record_id, detail
		FROM audit_events ORDER BY at, id`)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e app.AuditEvent
		var at string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Action, &e.RecordType, &e.RecordID, &e.Detail); err != nil {
			return mapErr(err)
		}
		e.At = parseTime(at)
		if err := fn(e); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// AuditAll appends the audit rows in one transaction: all or none.
func (s *Store) AuditAll(ctx context.Context, rows []app.AuditEvent) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, e := range rows {
			if err := s.auditRow(ctx, tx, e, ""); err != nil {
				return err
			}
		}
		return nil
	})
}
