package data

import (
	"context"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/portal"
)

// The ports the store implements.
var (
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
