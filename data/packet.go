package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/packet"
)

var _ desk.PacketStore = DeskStore{}

// PacketKey is the clinic's signing key as kept; app.ErrNotFound until
// one is made.
func (d DeskStore) PacketKey(ctx context.Context) (string, error) {
	return d.Setting(ctx, desk.SettingPacketKey)
}

// KeepPacketKey keeps v as the clinic's signing key unless one is kept
// already, and returns the one kept. Insert-if-absent and the read back
// are one IMMEDIATE transaction, so of desks making the key at once every
// one reads the key that was kept first.
func (d DeskStore) KeepPacketKey(ctx context.Context, v string) (string, error) {
	var kept string
	err := d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
			desk.SettingPacketKey, v); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, desk.SettingPacketKey).Scan(&kept)
	})
	return kept, err
}

// PacketRecords reads a client's records for their case packet, in one
// read: the person whole; every case in which they are applicant,
// petitioner or beneficiary, with its status events; the other people
// those cases name; and the notices and appointments addressed to them.
func (d DeskStore) PacketRecords(ctx context.Context, personID string) (packet.Records, error) {
	var r packet.Records
	err := d.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if r.Person, err = d.scanPerson(tx.QueryRowContext(ctx, selectPerson+` AND staff = 0`, personID)); err != nil {
			return err
		}
		if r.Cases, err = queryAll(ctx, tx, scanCase, `SELECT `+caseColumns+` FROM cases
			WHERE applicant_id = ?1 OR petitioner_id = ?1 OR beneficiary_id = ?1
			ORDER BY received_date, receipt_number`, personID); err != nil {
			return err
		}
		named := map[string]bool{personID: true}
		for _, c := range r.Cases {
			for _, id := range []string{c.ApplicantID, c.PetitionerID, c.BeneficiaryID} {
				if id == "" || named[id] {
					continue
				}
				named[id] = true
				p, err := d.scanPerson(tx.QueryRowContext(ctx, selectPerson, id))
				if err != nil {
					return err
				}
				r.People = append(r.People, p)
			}
			ev, err := queryAll(ctx, tx, scanEvent, `SELECT id, case_id, status_code, event_date, note, recorded_by, created_at
				FROM case_events WHERE case_id = ? ORDER BY event_date, created_at, id`, c.ID)
			if err != nil {
				return err
			}
			r.Events = append(r.Events, ev...)
		}
		if r.Notices, err = queryAll(ctx, tx, scanNotice, `SELECT `+noticeColumns+` FROM notices
			WHERE person_id = ? ORDER BY notice_date, created_at, id`, personID); err != nil {
			return err
		}
		r.Appointments, err = queryAll(ctx, tx, scanAppointment, `SELECT `+appointmentColumns+` FROM appointments
			WHERE person_id = ? ORDER BY starts_at, id`, personID)
		return err
	})
	return r, err
}

// PacketCount is how many packets the clinic wrote for the client.
func (d DeskStore) PacketCount(ctx context.Context, personID string) (int64, error) {
	var n int64
	err := d.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM packets WHERE person_id = ?`, personID).Scan(&n)
	return n, mapErr(err)
}

// RecordPacket writes the packet's row, the record of its notice and its
// audit row at once, calling publish last, before the commit.
// app.ErrConflict when the client's packet r.Seq is recorded already.
func (d DeskStore) RecordPacket(ctx context.Context, r desk.PacketRecord, publish func() error) error {
	if r.Audit.Action == "" {
		return errNoAudit
	}
	counts, err := json.Marshal(map[string]int{"cases": r.Counts.Cases, "events": r.Counts.Events,
		"notices": r.Counts.Notices, "appointments": r.Counts.Appointments, "people": r.Counts.People})
	if err != nil {
		return err
	}
	// On a server the transaction may run again after publish put the
	// file in place (its commit ended by another seat's write): the file
	// is there, and is not published twice.
	published := false
	return d.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO packets (id, person_id, seq, made_at, made_by, counts) VALUES (?, ?, ?, ?, ?, ?)`,
			r.ID, r.PersonID, r.Seq, formatTime(d.stampOr(r.MadeAt)), r.MadeBy, string(counts))
		if err := mapErr(err); errors.Is(err, app.ErrAlreadyExists) {
			return fmt.Errorf("%w: the client's packet %d was written meanwhile", app.ErrConflict, r.Seq)
		} else if err != nil {
			return err
		}
		n := r.Notice
		if n.ID == "" {
			n.ID = newID()
		}
		if n.CreatedAt.IsZero() {
			n.CreatedAt = d.now()
		}
		if err := insertNotice(ctx, tx, &n); err != nil {
			return err
		}
		if err := d.auditRow(ctx, tx, r.Audit, r.PersonID); err != nil || published {
			return err
		}
		if err := publish(); err != nil {
			return err
		}
		published = true
		return nil
	})
}

// readTx runs fn in a transaction that only reads, so that what it reads
// is one moment's records.
func (s *Store) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	opt := &sql.TxOptions{ReadOnly: true}
	if s.pg {
		// At PostgreSQL's READ COMMITTED each statement reads its own
		// moment; REPEATABLE READ reads the first one's throughout, as a
		// SQLite read transaction does, and never fails for it.
		opt.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opt)
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback()
	return mapErr(fn(tx))
}

// queryAll reads every row of a query with scan.
func queryAll[T any](ctx context.Context, tx *sql.Tx, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, mapErr(rows.Err())
}

func scanEvent(r scanner) (app.CaseEvent, error) {
	var e app.CaseEvent
	var date, created string
	if err := r.Scan(&e.ID, &e.CaseID, &e.StatusCode, &date, &e.Note, &e.RecordedBy, &created); err != nil {
		return app.CaseEvent{}, mapErr(err)
	}
	e.Date, e.CreatedAt = parseDate(date), parseTime(created)
	return e, nil
}
