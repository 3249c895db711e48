package data

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/portal"
)

// DeskStore is the store as the clinic's desk sees it. It is the Store
// itself, apart from three calls whose desk form differs from the
// applicant's portal form of the same name: a client's appointments (no
// clock), their messages (oldest first, as a conversation reads) and
// setting a processing time (with its audit row).
type DeskStore struct{ *Store }

// Desk returns the store as the clinic's desk sees it.
func (s *Store) Desk() DeskStore { return DeskStore{s} }

// The ports the store implements.
var (
	_ desk.Store        = DeskStore{}
	_ auth.AccountStore = (*Store)(nil)
	_ portal.Store      = (*Store)(nil)
)

// defaultListLimit bounds a list asked for without a limit.
const defaultListLimit = 200

func listLimit(limit int) int {
	if limit <= 0 {
		return defaultListLimit
	}
	return limit
}

// errNoAudit refuses a write that came without its audit row.
var errNoAudit = errors.New("data: a write needs its audit row (an action)")

// auditRow appends e in tx, giving it an id and a time when it has none,
// and recordID when it names no record (one this write just made).
func (s *Store) auditRow(ctx context.Context, tx execer, e app.AuditEvent, recordID string) error {
	if e.Action == "" {
		return errNoAudit
	}
	if e.ID == "" {
		e.ID = newID()
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	if e.RecordID == "" {
		e.RecordID = recordID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (id, at, actor_id, action, record_type, record_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, e.ID, formatTime(e.At), e.ActorID, e.Action, e.RecordType, e.RecordID, e.Detail)
	return err
}

// stampOr is t, or the store's clock when t is zero.
func (s *Store) stampOr(t time.Time) time.Time {
	if t.IsZero() {
		return s.now()
	}
	return t
}

// blob binds a sealed value, nil as NULL.
func blob(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// AppointmentsOfPerson lists a client's appointments: upcoming ones first
// (soonest first), then past ones (latest first), by the store's clock.
func (d DeskStore) AppointmentsOfPerson(ctx context.Context, personID string) ([]app.Appointment, error) {
	return d.Store.AppointmentsOfPerson(ctx, personID, d.now())
}

// MessagesOfPerson lists every message with a person, oldest first.
func (d DeskStore) MessagesOfPerson(ctx context.Context, personID string) ([]app.Message, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE person_id = ?
		ORDER BY sent_at, id`, personID)
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

// SetProcessingTime records how long a form takes at an office, with its
// audit row.
func (d DeskStore) SetProcessingTime(ctx context.Context, t app.ProcessingTime, e app.AuditEvent) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, upsertProcessingTime, t.FormType, t.Office, t.MinMonths, t.MaxMonths, t.AsOf.ISO(), t.Source); err != nil {
			return err
		}
		return d.auditRow(ctx, tx, e, t.FormType+" "+t.Office)
	})
}
