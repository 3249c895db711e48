package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
)

// isStaff is the condition of an account a staff member signs in with.
const isStaff = `role IN ('staff', 'admin')`

// staffQuery reads staff members; the caller adds the rest of the WHERE
// clause and the order.
const staffQuery = `SELECT a.id, a.person_id, p.given_name, p.middle_name, p.family_name,
	coalesce(a.username, ''), a.role, a.disabled_at, a.must_change_password,
	a.totp_secret IS NOT NULL OR EXISTS (SELECT 1 FROM backup_codes b WHERE b.account_id = a.id AND b.used_at = ''),
	a.locked_until, a.last_sign_in_at, a.created_at
	FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.` + isStaff

func scanStaff(r scanner) (desk.StaffMember, error) {
	var m desk.StaffMember
	var p app.Person
	var role, disabled, locked, last, created string
	err := r.Scan(&m.AccountID, &m.PersonID, &p.GivenName, &p.MiddleName, &p.FamilyName, &m.Username, &role,
		&disabled, &m.MustChange, &m.HasTwoStep, &locked, &last, &created)
	if err != nil {
		return desk.StaffMember{}, mapErr(err)
	}
	m.Name, m.Role, m.Disabled = p.FullName(), app.Role(role), disabled != ""
	m.LockedUntil, m.LastSignInAt, m.CreatedAt = parseTime(locked), parseTime(last), parseTime(created)
	return m, nil
}

// StaffAccount returns a staff member by account id; app.ErrNotFound for
// an applicant's account or none.
func (s *Store) StaffAccount(ctx context.Context, accountID string) (desk.StaffMember, error) {
	return scanStaff(s.db.QueryRowContext(ctx, staffQuery+` AND a.id = ?`, accountID))
}

// ListStaff lists every staff member, disabled ones included, by name.
func (s *Store) ListStaff(ctx context.Context) ([]desk.StaffMember, error) {
	rows, err := s.db.QueryContext(ctx, staffQuery+` ORDER BY p.family_name, p.given_name, a.username`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []desk.StaffMember
	for rows.Next() {
		m, err := scanStaff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, mapErr(rows.Err())
}

// StaffCount says how many staff accounts exist, disabled ones included.
func (s *Store) StaffCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE `+isStaff).Scan(&n)
	return n, mapErr(err)
}

// CreateStaff writes a staff member's own person row (no search entry)
// and an account with the one-time password's hash, must-change set and
// no 2-step yet, with the audit row.
func (s *Store) CreateStaff(ctx context.Context, r desk.NewStaff) (desk.StaffMember, error) {
	var m desk.StaffMember
	err := s.tx(ctx, func(tx *sql.Tx) error {
		acct, err := s.insertStaff(ctx, tx, r, true)
		if err != nil {
			return err
		}
		if err := s.auditRow(ctx, tx, r.Audit, acct.ID); err != nil {
			return err
		}
		m, err = scanStaff(tx.QueryRowContext(ctx, staffQuery+` AND a.id = ?`, acct.ID))
		return err
	})
	return m, err
}

// insertStaff writes a staff member's person row and account.
func (s *Store) insertStaff(ctx context.Context, tx *sql.Tx, r desk.NewStaff, mustChange bool) (app.Account, error) {
	if r.Role != app.RoleStaff && r.Role != app.RoleAdmin {
		return app.Account{}, fmt.Errorf("%w: %q is not a staff role", app.ErrConflict, r.Role)
	}
	if r.Username == "" || r.PasswordHash == "" {
		return app.Account{}, fmt.Errorf("%w: a staff account needs a username and a password", app.ErrConflict)
	}
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE username = ?`, r.Username).Scan(&taken); err != nil {
		return app.Account{}, err
	}
	if taken > 0 {
		return app.Account{}, fmt.Errorf("%w: the username is taken", app.ErrAlreadyExists)
	}
	at := s.stampOr(r.At)
	p := app.Person{ID: newID(), GivenName: r.GivenName, FamilyName: r.FamilyName, Language: "en", CreatedAt: at}
	if err := insertPersonRow(ctx, tx, s.sealer, &p, personRow{staff: true}); err != nil {
		return app.Account{}, err
	}
	// The accounts table gives every account a number; the demo and
	// clients' accounts draw theirs the same way (see newAccount).
	for range 10 {
		num, err := app.NewAccountNumber(nil)
		if err != nil {
			return app.Account{}, err
		}
		a := app.Account{ID: newID(), PersonID: p.ID, Username: r.Username, Number: num, Role: r.Role, CreatedAt: at}
		res, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, person_id, username, account_number, password_hash, role,
			must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`+numberFree,
			a.ID, a.PersonID, a.Username, string(a.Number), r.PasswordHash, string(a.Role), mustChange, formatTime(at))
		if inserted, err := oneInserted(res, err); inserted || err != nil {
			return a, err
		}
	}
	return app.Account{}, errors.New("no free online account number after 10 draws")
}

// SetUpClinic writes the clinic's settings and its first administrator at
// once, only on a store with no install kind and no staff account yet
// (app.ErrConflict otherwise, writing nothing). The write transaction is
// IMMEDIATE, so of set-ups at once exactly one finds the store empty.
func (s *Store) SetUpClinic(ctx context.Context, r desk.ClinicSetUp) (app.Account, error) {
	var acct app.Account
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var kinds, staff int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM settings WHERE key = ?),
			(SELECT count(*) FROM accounts WHERE `+isStaff+`)`, app.SettingInstallKind).Scan(&kinds, &staff); err != nil {
			return err
		}
		if kinds > 0 || staff > 0 {
			return fmt.Errorf("%w: this store was already set up", app.ErrConflict)
		}
		keys := make([]string, 0, len(r.Settings))
		for k := range r.Settings {
			if strings.HasPrefix(k, app.InternalSettingPrefix) {
				return fmt.Errorf("%w: %s is kept by the store itself", app.ErrConflict, k)
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, upsertSetting, k, r.Settings[k]); err != nil {
				return err
			}
		}
		if r.PacketKey != "" {
			if _, err := tx.ExecContext(ctx, upsertSetting, desk.SettingPacketKey, r.PacketKey); err != nil {
				return err
			}
		}
		admin := r.Admin
		if admin.Role == "" {
			admin.Role = app.RoleAdmin
		}
		var err error
		if acct, err = s.insertStaff(ctx, tx, admin, false); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET totp_secret = ?, totp_last_step = ? WHERE id = ?`,
			blob(r.TOTPSecret), r.TOTPStep, acct.ID); err != nil {
			return err
		}
		if err := insertBackupCodes(ctx, tx, acct.ID, r.BackupHashes, s.stampOr(admin.At)); err != nil {
			return err
		}
		if admin.Audit.Action != "" {
			if err := s.auditRow(ctx, tx, admin.Audit, acct.ID); err != nil {
				return err
			}
		}
		return s.auditRow(ctx, tx, r.Audit, acct.ID)
	})
	return acct, err
}

// insertBackupCodes replaces an account's backup codes with hashes.
func insertBackupCodes(ctx context.Context, tx execer, accountID string, hashes []string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM backup_codes WHERE account_id = ?`, accountID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO backup_codes (id, account_id, code_hash, created_at) VALUES (?, ?, ?, ?)`,
			newID(), accountID, h, formatTime(at)); err != nil {
			return err
		}
	}
	return nil
}

// DisableStaff marks a staff account disabled (the first time is kept);
// app.ErrNotFound for an account that is not staff, app.ErrConflict for
// the last enabled administrator. The count of administrators is made in
// the write itself, so two administrators disabling each other at once
// cannot leave the clinic with none.
func (s *Store) DisableStaff(ctx context.Context, accountID string, e app.AuditEvent) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET disabled_at = CASE WHEN disabled_at = '' THEN ? ELSE disabled_at END
			WHERE id = ? AND `+isStaff+` AND (role <> 'admin' OR EXISTS (
				SELECT 1 FROM accounts o WHERE o.role = 'admin' AND o.disabled_at = '' AND o.id <> ?))`,
			formatTime(s.stampOr(e.At)), accountID, accountID)
		if err := oneRow(res, err); errors.Is(err, app.ErrNotFound) {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE id = ? AND `+isStaff, accountID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%w: the last administrator", app.ErrConflict)
			}
			return err
		} else if err != nil {
			return err
		}
		return s.auditRow(ctx, tx, e, accountID)
	})
}

// ResetStaff gives a staff account a new one-time password (must-change
// set), removes its authenticator and backup codes and unlocks it, with
// the audit row; app.ErrNotFound for an account that is not staff.
func (s *Store) ResetStaff(ctx context.Context, accountID, passwordHash string, e app.AuditEvent) error {
	if passwordHash == "" {
		return fmt.Errorf("%w: a reset needs a one-time password", app.ErrConflict)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, must_change_password = 1,
			totp_secret = NULL, totp_last_step = 0, failed_attempts = 0, failures_in_row = 0, locked_until = ''
			WHERE id = ? AND `+isStaff, passwordHash, accountID)
		if err := oneRow(res, err); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM backup_codes WHERE account_id = ?`, accountID); err != nil {
			return err
		}
		return s.auditRow(ctx, tx, e, accountID)
	})
}

// CompleteFirstSetUp writes a staff member's first sign-in: their own
// password, must-change cleared, their authenticator when they set one up
// and a new sheet of backup codes. Only while the account still has the
// one-time password r.OldHash, must change it and is not disabled:
// app.ErrConflict otherwise, writing nothing.
func (s *Store) CompleteFirstSetUp(ctx context.Context, r auth.FirstSetUp) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, must_change_password = 0,
			totp_secret = ?, totp_last_step = ?
			WHERE id = ? AND password_hash = ? AND must_change_password = 1 AND disabled_at = ''`,
			r.PasswordHash, blob(r.TOTPSecret), r.TOTPStep, r.AccountID, r.OldHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: the one-time password was already replaced or reset", app.ErrConflict)
		}
		return insertBackupCodes(ctx, tx, r.AccountID, r.BackupHashes, s.stampOr(r.At))
	})
}

// oneRow turns an UPDATE that changed no row into app.ErrNotFound.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return app.ErrNotFound
	}
	return nil
}
