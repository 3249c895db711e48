package data

import (
	"context"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
)

// defaultAuditLimit bounds an audit log asked for without a limit.
const defaultAuditLimit = 500

// aboutPerson are the record ids of the audit rows about a person: the
// person, their account, their access codes, and their cases by id and by
// receipt number (the portal's rows name a case by its receipt number).
const aboutPerson = `SELECT CAST(?1 AS TEXT)
	UNION ALL SELECT id FROM accounts WHERE person_id = ?1
	UNION ALL SELECT id FROM access_codes WHERE person_id = ?1
	UNION ALL SELECT id FROM cases WHERE applicant_id = ?1 OR petitioner_id = ?1 OR beneficiary_id = ?1
	UNION ALL SELECT receipt_number FROM cases WHERE applicant_id = ?1 OR petitioner_id = ?1 OR beneficiary_id = ?1
	UNION ALL SELECT case_id FROM case_links WHERE person_id = ?1
	UNION ALL SELECT c.receipt_number FROM case_links l JOIN cases c ON c.id = l.case_id WHERE l.person_id = ?1`

// AuditLog lists audit rows newest first, narrowed by f: about a person
// (see aboutPerson), written by the actor (a username or an account id:
// rows name either), whose action starts with f.Action, at or after From
// and before To; at most f.Limit (500 when 0).
func (s *Store) AuditLog(ctx context.Context, f desk.AuditFilter) ([]app.AuditEvent, error) {
	var where []string
	var args []any
	if f.PersonID != "" {
		// The person's id is ?1 of aboutPerson, so it goes first.
		where = append(where, `record_id IN (`+aboutPerson+`)`)
		args = append(args, f.PersonID)
	}
	var actors []string
	for _, a := range []string{f.Actor, f.ActorAccountID} {
		if a != "" {
			actors = append(actors, "?")
			args = append(args, a)
		}
	}
	if len(actors) > 0 {
		where = append(where, `actor_id IN (`+strings.Join(actors, ", ")+`)`)
	}
	if f.Action != "" {
		where = append(where, `action LIKE ? ESCAPE '\'`)
		args = append(args, likePrefix(f.Action))
	}
	if !f.From.IsZero() {
		where = append(where, `at >= ?`)
		args = append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `at < ?`)
		args = append(args, formatTime(f.To))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultAuditLimit
	}
	q := `SELECT id, at, actor_id, action, record_type, record_id, detail FROM audit_events`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []app.AuditEvent
	for rows.Next() {
		var e app.AuditEvent
		var at string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Action, &e.RecordType, &e.RecordID, &e.Detail); err != nil {
			return nil, mapErr(err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, mapErr(rows.Err())
}

// likePrefix is a LIKE pattern for values starting with p, its own % and _
// taken literally.
func likePrefix(p string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(p) + "%"
}
