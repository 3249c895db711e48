package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/household"
)

// HouseholdStore is the store as a household's own CaseDesk sees it.
type HouseholdStore struct{ *Store }

// Household returns the store as a household's own CaseDesk sees it.
func (s *Store) Household() HouseholdStore { return HouseholdStore{s} }

var _ household.Store = HouseholdStore{}

// SetUpHousehold writes, at once, install.kind, the owner's person (date
// of birth sealed), their applicant account with a new online account
// number, the 2-step verification, the owner's household row and the
// audit row, with the new account as its actor; only on a store with no install kind and no account yet
// (app.ErrConflict otherwise, writing nothing).
func (h HouseholdStore) SetUpHousehold(ctx context.Context, r household.SetUpRecord) (app.Account, error) {
	s := h.Store
	var acct app.Account
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var kinds, accounts int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM settings WHERE key = ?),
			(SELECT count(*) FROM accounts)`, app.SettingInstallKind).Scan(&kinds, &accounts); err != nil {
			return err
		}
		if kinds > 0 || accounts > 0 {
			return fmt.Errorf("%w: this store was already set up", app.ErrConflict)
		}
		for k, v := range r.Settings {
			if strings.HasPrefix(k, app.InternalSettingPrefix) {
				return fmt.Errorf("%w: %s is kept by the store itself", app.ErrConflict, k)
			}
			if _, err := tx.ExecContext(ctx, upsertSetting, k, v); err != nil {
				return err
			}
		}
		if r.Username == "" || r.PasswordHash == "" {
			return fmt.Errorf("%w: the owner's account needs a username and a password", app.ErrConflict)
		}
		at := s.stampOr(r.At)
		p := r.Owner
		p.ID, p.CreatedAt = newID(), at
		if err := insertPerson(ctx, tx, s.sealer, &p); err != nil {
			return err
		}
		if err := addHouseholdOwner(ctx, tx, p.ID, at); err != nil {
			return err
		}
		var err error
		if acct, err = insertOwnerAccount(ctx, tx, p.ID, r.Username, r.PasswordHash, at); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET totp_secret = ?, totp_last_step = ? WHERE id = ?`,
			blob(r.TOTPSecret), r.TOTPStep, acct.ID); err != nil {
			return err
		}
		if err := insertBackupCodes(ctx, tx, acct.ID, r.BackupHashes, at); err != nil {
			return err
		}
		// The set-up is the new account's own act: its id, never the
		// username (which a later rename would leave behind), is the actor.
		e := r.Audit
		e.ActorID = acct.ID
		return s.auditRow(ctx, tx, e, acct.ID)
	})
	return acct, mapErr(err)
}

// addHouseholdOwner makes a person the owner of a household: the row that
// lets their account reach the household's calls (IsOwner). Every way a
// household is set up writes it, in the set-up's transaction.
func addHouseholdOwner(ctx context.Context, tx execer, personID string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO household_members (person_id, owner_id, relationship, added_at)
		VALUES (?, ?, ?, ?)`, personID, personID, household.Self, formatTime(at))
	return err
}

// insertOwnerAccount writes the household owner's applicant account, drawing
// an online account number until a free one comes up.
func insertOwnerAccount(ctx context.Context, tx *sql.Tx, personID, username, hash string, at time.Time) (app.Account, error) {
	for range 10 {
		num, err := app.NewAccountNumber(nil)
		if err != nil {
			return app.Account{}, err
		}
		a := app.Account{ID: newID(), PersonID: personID, Username: username, Number: num, Role: app.RoleApplicant, CreatedAt: at}
		res, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, person_id, username, account_number, password_hash, role,
			created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`+numberFree,
			a.ID, a.PersonID, a.Username, string(a.Number), hash, string(a.Role), formatTime(at))
		if inserted, err := oneInserted(res, err); inserted || err != nil {
			return a, err
		}
	}
	return app.Account{}, errors.New("no free online account number after 10 draws")
}

// IsOwner says whether the account is the applicant account of the person,
// and the person the owner of a household.
func (h HouseholdStore) IsOwner(ctx context.Context, accountID, personID string) (bool, error) {
	var n int
	err := h.db.QueryRowContext(ctx, `SELECT count(*) FROM accounts a JOIN household_members m ON m.person_id = a.person_id
		WHERE a.id = ? AND a.person_id = ? AND a.role = 'applicant' AND m.owner_id = m.person_id`, accountID, personID).Scan(&n)
	return n > 0, mapErr(err)
}

// Members lists the owner first, then the family members by name.
func (h HouseholdStore) Members(ctx context.Context, ownerID string) ([]household.Member, error) {
	rows, err := h.db.QueryContext(ctx, `SELECT `+strings.ReplaceAll(personColumns, "$", "p.")+`, m.relationship
		FROM household_members m JOIN people p ON p.id = m.person_id WHERE m.owner_id = ?
		ORDER BY m.person_id <> m.owner_id, p.given_name, p.family_name, p.id`, ownerID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []household.Member
	for rows.Next() {
		var m household.Member
		var rel string
		p, err := h.scanPerson(rowWithExtra{rows, &rel})
		if err != nil {
			return nil, err
		}
		m.Person, m.Relationship = p, rel
		out = append(out, m)
	}
	return out, mapErr(rows.Err())
}

// rowWithExtra scans a person's columns and then extra ones.
type rowWithExtra struct {
	r     scanner
	extra any
}

func (r rowWithExtra) Scan(dest ...any) error { return r.r.Scan(append(dest, r.extra)...) }

// AddMember stores a family member of the owner's household, with the audit row.
func (h HouseholdStore) AddMember(ctx context.Context, ownerID string, p *app.Person, relationship string, e app.AuditEvent) error {
	if p.ID == "" {
		p.ID = newID()
	}
	p.CreatedAt = h.stampOr(p.CreatedAt)
	return h.tx(ctx, func(tx *sql.Tx) error {
		if err := insertPerson(ctx, tx, h.sealer, p); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO household_members (person_id, owner_id, relationship, added_at)
			VALUES (?, ?, ?, ?)`, p.ID, ownerID, relationship, formatTime(p.CreatedAt)); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, p.ID)
	})
}

// AddFollowedCase writes a case with its first event and the owner's link
// to it, with the audit row. app.ErrAlreadyExists when the receipt number is taken.
func (h HouseholdStore) AddFollowedCase(ctx context.Context, ownerID string, c *app.Case, first *app.CaseEvent, e app.AuditEvent) error {
	h.newCase(c, first)
	err := h.tx(ctx, func(tx *sql.Tx) error {
		if err := insertCaseWithEvent(ctx, tx, c, first); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_links (person_id, case_id, linked_at) VALUES (?, ?, ?)`,
			ownerID, c.ID, formatTime(c.UpdatedAt)); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, c.ID)
	})
	return mapErr(err)
}

// AddStatus writes a status event (the case's status follows it unless it
// has a later one) with the audit row.
func (h HouseholdStore) AddStatus(ctx context.Context, ev *app.CaseEvent, e app.AuditEvent) error {
	if ev.ID == "" {
		ev.ID = newID()
	}
	ev.CreatedAt = h.stampOr(ev.CreatedAt)
	return h.tx(ctx, func(tx *sql.Tx) error {
		if err := addEvent(ctx, tx, ev); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, ev.CaseID)
	})
}

// SaveOwnAppointment stores an appointment the owner typed, with the audit row.
func (h HouseholdStore) SaveOwnAppointment(ctx context.Context, a *app.Appointment, e app.AuditEvent) error {
	if a.ID == "" {
		a.ID = newID()
	}
	return h.tx(ctx, func(tx *sql.Tx) error {
		if err := insertAppointment(ctx, tx, a); err != nil {
			return err
		}
		return h.auditRow(ctx, tx, e, a.ID)
	})
}
