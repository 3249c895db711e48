package data

import (
	"context"
	"errors"
	"fmt"

	"casedesk/app"
	"casedesk/app/desk"
)

// AllClients lists every client with whom they are assigned to, for an
// import to match its rows against: one read of the people table, the
// sealed fields opened here once instead of one query per row.
func (s *Store) AllClients(ctx context.Context) ([]desk.Client, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+clientColumns+` FROM people p WHERE p.staff = 0 ORDER BY p.id`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []desk.Client
	for rows.Next() {
		c, err := s.scanClient(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

// importProgressEvery is how many records go in between progress reports.
const importProgressEvery = 100

// Import writes an import's records, each with its audit row, and the
// summary audit row, in one bulk transaction (see Bulk): a cancelled or
// failed import leaves the store as it was.
func (s *Store) Import(ctx context.Context, batch desk.ImportBatch, progress func(done, total int)) (err error) {
	if s.sealer == nil {
		return ErrNoKey
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	b, err := s.BeginBulk(ctx)
	if err != nil {
		return err
	}
	ended := false // Commit ends the bulk write itself, committed or rolled back
	defer func() {
		if err != nil && !ended {
			err = errors.Join(err, b.Rollback())
		}
		if err != nil && ctx.Err() != nil {
			err = ctx.Err() // the driver's own words for a cancelled statement vary
		}
	}()
	if s.pg {
		// The bulk write runs at READ COMMITTED, where nothing stops
		// another seat adding the client the check below looks for between
		// the check and the commit. This lock makes people's writers wait
		// for the import, as SQLite's one writer does; readers go on.
		if _, err := b.tx.ExecContext(ctx, "LOCK TABLE people IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return mapErr(err)
		}
	}
	if err := s.checkNewNames(ctx, b, batch.Records); err != nil {
		return err
	}
	total := len(batch.Records)
	progress(0, total)
	for i := range batch.Records {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := &batch.Records[i]
		id, err := s.importRecord(ctx, b, r)
		if err != nil {
			return mapErr(err)
		}
		if err := s.auditRow(ctx, b, r.Audit, id); err != nil {
			return mapErr(err)
		}
		if (i+1)%importProgressEvery == 0 {
			progress(i+1, total)
		}
	}
	if err := s.auditRow(ctx, b, batch.Summary, ""); err != nil {
		return mapErr(err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	ended = true
	if err := b.Commit(); err != nil {
		return err
	}
	progress(total, total)
	return nil
}

// checkNewNames refuses, with app.ErrAlreadyExists, a batch that adds a
// client without an A-number whose folded full name and date of birth a
// client in the store has. The dry run planned an add because no such
// client was there, so one was added since: only an A-number is unique in
// the store, and without this check the import would make a second record
// of one person. It reads within the import's transaction, so nothing can
// be added between the check and the write.
func (s *Store) checkNewNames(ctx context.Context, b *Bulk, records []desk.ImportRecord) error {
	adds := map[string]bool{}
	for _, r := range records {
		if c := r.NewClient; c != nil && c.ANumber == "" {
			if k := personKey(c.Person); k != "" {
				adds[k] = true
			}
		}
	}
	if len(adds) == 0 {
		return nil
	}
	have, err := s.people(b.tx.QueryContext(ctx, `SELECT `+clientPeople+` FROM people p WHERE p.staff = 0`))
	if err != nil {
		return err
	}
	for _, p := range have {
		if adds[personKey(p)] {
			return fmt.Errorf("%w: a client with the name and date of birth of one the import adds", app.ErrAlreadyExists)
		}
	}
	return nil
}

// personKey is a person's folded full name with their date of birth, as
// the import's dry run matches them; "" when either is missing.
func personKey(p app.Person) string {
	n := app.NameKey(p.FullName())
	if n == "" || p.DateOfBirth.IsZero() {
		return ""
	}
	return n + "|" + p.DateOfBirth.ISO()
}

// importRecord writes one record and returns the id of what it wrote.
func (s *Store) importRecord(ctx context.Context, b *Bulk, r *desk.ImportRecord) (string, error) {
	switch {
	case r.NewClient != nil:
		c := r.NewClient
		if c.ID == "" {
			c.ID = newID()
		}
		if c.CreatedAt.IsZero() {
			c.CreatedAt = s.stampOr(r.Audit.At)
		}
		if c.Language == "" {
			c.Language = "en"
		}
		if err := insertPersonRow(ctx, b, s.sealer, &c.Person, personRow{assignedTo: c.AssignedTo}); err != nil {
			return "", err
		}
		return c.ID, indexName(ctx, b, &c.Person)
	case r.Client != nil:
		return r.Client.ID, s.importUpdate(ctx, b, r.Client, r.Audit)
	case r.NewCase != nil:
		c := r.NewCase
		if c.ID == "" {
			c.ID = newID()
		}
		c.UpdatedAt = s.stampOr(r.Audit.At)
		if err := insertCase(ctx, b, c); err != nil {
			return "", err
		}
		return c.ID, s.importEvents(ctx, b, c.ID, r.Events, insertEvent)
	case r.Case != nil:
		c := r.Case
		at := s.stampOr(r.Audit.At)
		if _, err := b.ExecContext(ctx, `UPDATE cases SET form_type = ?, form_title = ?, office = ?, received_date = ?,
			priority_date = ?, updated_at = ? WHERE id = ?`, c.FormType, c.FormTitle, c.Office, c.ReceivedDate.ISO(),
			c.PriorityDate.ISO(), formatTime(at), c.ID); err != nil {
			return "", err
		}
		return c.ID, s.importEvents(ctx, b, c.ID, r.Events, addEvent)
	}
	return "", errors.New("data: an import record with nothing to write")
}

// importEvents writes a case's imported status events with write: a new
// case's with insertEvent, a known case's with addEvent, which makes the
// latest one the case's status.
func (s *Store) importEvents(ctx context.Context, b *Bulk, caseID string, events []app.CaseEvent, write func(context.Context, execer, *app.CaseEvent) error) error {
	for i := range events {
		e := &events[i]
		e.CaseID = caseID
		if e.ID == "" {
			e.ID = newID()
		}
		e.CreatedAt = s.stampOr(e.CreatedAt)
		if err := write(ctx, b, e); err != nil {
			return err
		}
	}
	return nil
}

// importUpdate is UpdateClient within the import's transaction.
func (s *Store) importUpdate(ctx context.Context, b *Bulk, c *desk.Client, e app.AuditEvent) error {
	at := formatTime(s.stampOr(e.At))
	if c.Language == "" {
		c.Language = "en"
	}
	return s.updateClient(ctx, b.tx, b, c, e.ActorID, at)
}
