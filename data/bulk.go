package data

import (
	"context"
	"database/sql"
	"errors"

	"casedesk/app"
)

// Bulk writes many records in one transaction: either all of them reach the
// store or none do. It prepares each statement once; use it for the demo
// clinic and imports, not for single edits.
type Bulk struct {
	s     *Store
	conn  *sql.Conn
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	ctx   context.Context
}

// BeginBulk starts a bulk write. Call Commit or Rollback exactly once.
func (s *Store) BeginBulk(ctx context.Context) (*Bulk, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, mapErr(err)
	}
	// A large page cache keeps index pages in memory while millions of rows
	// go in; it is reset before the connection returns to the pool.
	if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
		conn.Close()
		return nil, mapErr(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, mapErr(err)
	}
	return &Bulk{s: s, conn: conn, tx: tx, stmts: map[string]*sql.Stmt{}, ctx: ctx}, nil
}

// ExecContext runs query through a statement prepared once per bulk write.
func (b *Bulk) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := b.stmts[query]
	if !ok {
		var err error
		if st, err = b.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		b.stmts[query] = st
	}
	return st.ExecContext(ctx, args...)
}

// Person adds a person (assigning an id when empty).
func (b *Bulk) Person(p *app.Person) error {
	if p.ID == "" {
		p.ID = newID()
	}
	return mapErr(insertPerson(b.ctx, b, p))
}

// Case adds a case; its status fields must already be set.
func (b *Bulk) Case(c *app.Case) error {
	if c.ID == "" {
		c.ID = newID()
	}
	return mapErr(insertCase(b.ctx, b, c))
}

// Event adds a status event.
func (b *Bulk) Event(e *app.CaseEvent) error {
	if e.ID == "" {
		e.ID = newID()
	}
	return mapErr(insertEvent(b.ctx, b, e))
}

// Notice adds a notice.
func (b *Bulk) Notice(n *app.Notice) error {
	if n.ID == "" {
		n.ID = newID()
	}
	return mapErr(insertNotice(b.ctx, b, n))
}

// Appointment adds an appointment.
func (b *Bulk) Appointment(a *app.Appointment) error {
	if a.ID == "" {
		a.ID = newID()
	}
	return mapErr(insertAppointment(b.ctx, b, a))
}

// Message adds a message.
func (b *Bulk) Message(m *app.Message) error {
	if m.ID == "" {
		m.ID = newID()
	}
	return mapErr(insertMessage(b.ctx, b, m))
}

// Setting sets a setting within the bulk write.
func (b *Bulk) Setting(key, value string) error {
	_, err := b.ExecContext(b.ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return mapErr(err)
}

// Commit makes every record of the bulk write durable at once.
func (b *Bulk) Commit() error {
	err := mapErr(b.tx.Commit())
	return errors.Join(err, b.release())
}

// Rollback discards every record of the bulk write.
func (b *Bulk) Rollback() error {
	err := b.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		err = nil
	}
	return errors.Join(err, b.release())
}

func (b *Bulk) release() error {
	for _, st := range b.stmts {
		st.Close()
	}
	// context.Background: the reset must run even when b.ctx was cancelled.
	_, err := b.conn.ExecContext(context.Background(), "PRAGMA cache_size = -2000")
	return errors.Join(err, b.conn.Close())
}
