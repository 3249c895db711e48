package data

import (
	"context"
	"database/sql"
	"time"

	"casedesk/app"
	"casedesk/app/household"
)

const attachmentColumns = `id, case_id, name, kind, size, added_at`

func scanAttachment(r scanner) (household.Attachment, error) {
	var a household.Attachment
	var kind, added string
	if err := r.Scan(&a.ID, &a.CaseID, &a.Name, &kind, &a.Size, &added); err != nil {
		return household.Attachment{}, mapErr(err)
	}
	a.Kind, a.AddedAt = household.FileKind(kind), parseTime(added)
	return a, nil
}

// AddAttachment stores a sealed letter with its case, giving a.ID, with
// the audit row.
func (h HouseholdStore) AddAttachment(ctx context.Context, a *household.Attachment, sealed []byte, e app.AuditEvent) error {
	if a.ID == "" {
		a.ID = newID()
	}
	a.AddedAt = h.stampOr(a.AddedAt)
	return h.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_attachments (id, case_id, name, kind, size, sealed, added_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.ID, a.CaseID, a.Name, string(a.Kind), a.Size, sealed, formatTime(a.AddedAt)); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, a.CaseID)
	})
}

// Attachments lists a case's letters, oldest first, without their bytes.
func (h HouseholdStore) Attachments(ctx context.Context, caseID string) ([]household.Attachment, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM case_attachments WHERE case_id = ?
		ORDER BY added_at, id`, caseID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []household.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, mapErr(rows.Err())
}

// Attachment returns a letter without its bytes, or app.ErrNotFound.
func (h HouseholdStore) Attachment(ctx context.Context, id string) (household.Attachment, error) {
	return scanAttachment(h.db.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM case_attachments WHERE id = ?`, id))
}

// UseSealed calls use with a letter's sealed bytes, read without a copy
// beyond the driver's own (sql.RawBytes), valid only until use returns;
// app.ErrNotFound when there is no such letter.
func (h HouseholdStore) UseSealed(ctx context.Context, id string, use func(sealed []byte) error) error {
	rows, err := h.db.QueryContext(ctx, `SELECT sealed FROM case_attachments WHERE id = ?`, id)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return mapErr(err)
		}
		return app.ErrNotFound
	}
	var b sql.RawBytes
	if err := rows.Scan(&b); err != nil {
		return mapErr(err)
	}
	return use(b)
}

// RemoveAttachment deletes a letter, with the audit row; app.ErrNotFound
// when there is none.
func (h HouseholdStore) RemoveAttachment(ctx context.Context, id string, e app.AuditEvent) error {
	return h.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM case_attachments WHERE id = ?`, id)
		if err := oneRow(res, err); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, "")
	})
}

// RFE returns a case's request for evidence: the due date (zero when none
// was typed) and the checklist, oldest item first.
func (h HouseholdStore) RFE(ctx context.Context, caseID string) (household.RFE, error) {
	r := household.RFE{CaseID: caseID}
	var due string
	err := h.db.QueryRowContext(ctx, `SELECT due_date FROM case_rfe WHERE case_id = ?`, caseID).Scan(&due)
	if err != nil && err != sql.ErrNoRows {
		return r, mapErr(err)
	}
	r.Due = parseDate(due)
	r.Items, err = h.rfeItems(ctx, caseID)
	return r, err
}

func (h HouseholdStore) rfeItems(ctx context.Context, caseID string) ([]household.RFEItem, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT id, text, done, added_at FROM rfe_items WHERE case_id = ? ORDER BY added_at, id`, caseID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []household.RFEItem
	for rows.Next() {
		var it household.RFEItem
		var added string
		if err := rows.Scan(&it.ID, &it.Text, &it.Done, &added); err != nil {
			return nil, mapErr(err)
		}
		it.AddedAt = parseTime(added)
		out = append(out, it)
	}
	return out, mapErr(rows.Err())
}

// SetRFEDue records a request's response due date, with the audit row.
func (h HouseholdStore) SetRFEDue(ctx context.Context, caseID string, due app.Date, at time.Time, e app.AuditEvent) error {
	return h.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_rfe (case_id, due_date, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (case_id) DO UPDATE SET due_date = excluded.due_date, updated_at = excluded.updated_at`,
			caseID, due.ISO(), formatTime(h.stampOr(at))); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, caseID)
	})
}

// AddRFEItem adds an item to a request's checklist, with the audit row.
func (h HouseholdStore) AddRFEItem(ctx context.Context, caseID string, it household.RFEItem, e app.AuditEvent) error {
	return h.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rfe_items (id, case_id, text, done, added_at) VALUES (?, ?, ?, ?, ?)`,
			newID(), caseID, it.Text, it.Done, formatTime(h.stampOr(it.AddedAt))); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, caseID)
	})
}

// TickRFEItem marks a checklist item of the case ready or not, with the
// audit row; app.ErrNotFound for an item of another case.
func (h HouseholdStore) TickRFEItem(ctx context.Context, caseID, itemID string, done bool, e app.AuditEvent) error {
	return h.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE rfe_items SET done = ? WHERE id = ? AND case_id = ?`, done, itemID, caseID)
		if err := oneRow(res, err); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, caseID)
	})
}

// RemoveRFEItem deletes a checklist item of the case, with the audit row;
// app.ErrNotFound for an item of another case.
func (h HouseholdStore) RemoveRFEItem(ctx context.Context, caseID, itemID string, e app.AuditEvent) error {
	return h.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM rfe_items WHERE id = ? AND case_id = ?`, itemID, caseID)
		if err := oneRow(res, err); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, caseID)
	})
}

// RFEsOfPerson lists the requests for evidence with a due date on the
// cases the person follows, soonest first, with their checklists.
func (h HouseholdStore) RFEsOfPerson(ctx context.Context, personID string) ([]household.RFE, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT c.id, c.receipt_number, c.status_code, r.due_date
		FROM case_rfe r JOIN cases c ON c.id = r.case_id
		WHERE c.id IN (SELECT case_id FROM case_links WHERE person_id = ?)
		ORDER BY r.due_date, c.receipt_number`, personID)
	if err != nil {
		return nil, mapErr(err)
	}
	var out []household.RFE
	for rows.Next() {
		var r household.RFE
		var receipt, due string
		if err := rows.Scan(&r.CaseID, &receipt, &r.Status, &due); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		r.Receipt, r.Due = app.Receipt(receipt), parseDate(due)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	for i := range out {
		if out[i].Items, err = h.rfeItems(ctx, out[i].CaseID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
