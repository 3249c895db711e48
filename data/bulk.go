package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"casedesk/app"
)

// Bulk writes many records in one transaction: either all of them reach the
// store or none do. It prepares each statement once; use it for the demo
// clinic and imports, not for single edits.
type Bulk struct {
	conn  *sql.Conn
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	ctx   context.Context
	pg    bool // on a server: foreign keys are checked row by row, indexes kept
	// indexes dropped for the load and rebuilt at Commit (name → CREATE statement)
	indexes []string
	// Rows of tables nothing refers to wait here and go in many at a time;
	// people and cases go in at once because other rows refer to them.
	leaves map[*table]*[]any
	sealer Sealer
}

// bulkRows is how many rows one many-row INSERT carries.
const bulkRows = 64

// BeginBulk starts a bulk write. Call Commit or Rollback exactly once.
func (s *Store) BeginBulk(ctx context.Context) (*Bulk, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, mapErr(err)
	}
	// A large page cache keeps index pages in memory while millions of rows
	// go in. Foreign keys are checked once for the whole load at Commit
	// (PRAGMA foreign_key_check) instead of row by row, which costs about
	// 40 % of the load. Both are reset before the connection returns to the pool.
	if !s.pg {
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF"); err != nil {
			conn.Close()
			return nil, mapErr(err)
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, mapErr(err)
	}
	b := &Bulk{conn: conn, tx: tx, stmts: map[string]*sql.Stmt{}, ctx: ctx, leaves: map[*table]*[]any{}, sealer: s.sealer, pg: s.pg}
	if b.pg {
		return b, nil
	}
	if err := b.deferIndexes(); err != nil {
		b.Rollback()
		return nil, mapErr(err)
	}
	return b, nil
}

// deferIndexes drops the secondary indexes of an empty store for the
// length of the load: building an index once over sorted rows is several
// times faster than updating it row by row. Commit rebuilds them inside the
// same transaction, so no reader ever sees the store without them. A store
// that already holds cases keeps its indexes (rebuilding would cost more).
func (b *Bulk) deferIndexes() error {
	var cases int
	if err := b.tx.QueryRowContext(b.ctx, "SELECT count(*) FROM (SELECT 1 FROM cases LIMIT 1)").Scan(&cases); err != nil || cases > 0 {
		return err
	}
	rows, err := b.tx.QueryContext(b.ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE '%UNIQUE%' ORDER BY name`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return err
		}
		names, b.indexes = append(names, name), append(b.indexes, create)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := b.tx.ExecContext(b.ctx, `DROP INDEX "`+name+`"`); err != nil {
			return err
		}
	}
	return nil
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
	return b.alone(func() error { return insertPerson(b.ctx, b, b.sealer, p) })
}

// Case adds a case; its status fields must already be set.
func (b *Bulk) Case(c *app.Case) error {
	if c.ID == "" {
		c.ID = newID()
	}
	return b.alone(func() error { return insertCase(b.ctx, b, c) })
}

// alone runs one record's write so that its failure (a duplicate, say)
// leaves the rest of the bulk write to go on, as SQLite does each
// statement: on PostgreSQL, whose failed statement ends the whole
// transaction otherwise, inside a savepoint of its own.
func (b *Bulk) alone(write func() error) error {
	if !b.pg {
		return mapErr(write())
	}
	if _, err := b.tx.ExecContext(b.ctx, "SAVEPOINT one"); err != nil {
		return mapErr(err)
	}
	if err := write(); err != nil {
		_, rerr := b.tx.ExecContext(b.ctx, "ROLLBACK TO SAVEPOINT one")
		return errors.Join(mapErr(err), rerr)
	}
	_, err := b.tx.ExecContext(b.ctx, "RELEASE SAVEPOINT one")
	return mapErr(err)
}

// Event adds a status event.
func (b *Bulk) Event(e *app.CaseEvent) error {
	if e.ID == "" {
		e.ID = newID()
	}
	return b.leaf(&eventsTable, eventArgs(e))
}

// Notice adds a notice.
func (b *Bulk) Notice(n *app.Notice) error {
	if n.ID == "" {
		n.ID = newID()
	}
	args, err := noticeArgs(n)
	if err != nil {
		return err
	}
	return b.leaf(&noticesTable, args)
}

// Appointment adds an appointment.
func (b *Bulk) Appointment(a *app.Appointment) error {
	if a.ID == "" {
		a.ID = newID()
	}
	return b.leaf(&appointmentsTable, appointmentArgs(a))
}

// Message adds a message.
func (b *Bulk) Message(m *app.Message) error {
	if m.ID == "" {
		m.ID = newID()
	}
	return b.leaf(&messagesTable, messageArgs(m))
}

// leaf queues a row of a table no other row refers to, writing a full batch
// with one many-row INSERT.
func (b *Bulk) leaf(t *table, args []any) error {
	buf := b.leaves[t]
	if buf == nil {
		buf = new([]any)
		b.leaves[t] = buf
	}
	*buf = append(*buf, args...)
	if len(*buf) < bulkRows*len(t.cols) {
		return nil
	}
	_, err := b.ExecContext(b.ctx, t.many, *buf...)
	*buf = (*buf)[:0]
	return mapErr(err)
}

// flush writes the rows still queued, one by one.
func (b *Bulk) flush() error {
	for t, buf := range b.leaves {
		n := len(t.cols)
		for i := 0; i < len(*buf); i += n {
			if _, err := b.ExecContext(b.ctx, t.one, (*buf)[i:i+n]...); err != nil {
				return mapErr(err)
			}
		}
		*buf = (*buf)[:0]
	}
	return nil
}

// ProcessingTime adds (or replaces) how long a form takes at an office.
func (b *Bulk) ProcessingTime(p *app.ProcessingTime) error {
	_, err := b.ExecContext(b.ctx, upsertProcessingTime, p.FormType, p.Office, p.MinMonths, p.MaxMonths, p.AsOf.ISO(), p.Source)
	return mapErr(err)
}

// Setting sets a setting within the bulk write.
func (b *Bulk) Setting(key, value string) error {
	_, err := b.ExecContext(b.ctx, upsertSetting, key, value)
	return mapErr(err)
}

// Commit makes every record of the bulk write durable at once.
func (b *Bulk) Commit() error {
	if err := b.flush(); err != nil {
		return errors.Join(err, b.Rollback())
	}
	if err := b.checkKeys(); err != nil {
		return errors.Join(err, b.Rollback())
	}
	for _, create := range b.indexes {
		if _, err := b.tx.ExecContext(b.ctx, create); err != nil {
			return errors.Join(mapErr(err), b.Rollback())
		}
	}
	err := mapErr(b.tx.Commit())
	return errors.Join(err, b.release())
}

// checkKeys fails when any row written refers to a row that does not exist.
func (b *Bulk) checkKeys() error {
	if b.pg {
		return nil // checked as each row went in
	}
	rows, err := b.tx.QueryContext(b.ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid, fkid sql.NullInt64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return mapErr(err)
		}
		return fmt.Errorf("%w: a row of %s refers to a missing row of %s", app.ErrConflict, table, parent)
	}
	return mapErr(rows.Err())
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
	if b.pg {
		return b.conn.Close()
	}
	// context.Background: the reset must run even when b.ctx was cancelled.
	_, err := b.conn.ExecContext(context.Background(), "PRAGMA cache_size = -2000; PRAGMA foreign_keys = ON")
	return errors.Join(err, b.conn.Close())
}
