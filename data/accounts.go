package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
)

const accountColumns = `id, person_id, coalesce(username, ''), account_number, role, failed_attempts,
	locked_until, created_at, last_sign_in_at`

func scanAccount(r scanner) (app.Account, error) {
	var a app.Account
	var number, role, locked, created, last string
	if err := r.Scan(&a.ID, &a.PersonID, &a.Username, &number, &role, &a.FailedAttempts, &locked, &created, &last); err != nil {
		return app.Account{}, mapErr(err)
	}
	a.Number, a.Role = app.AccountNumber(number), app.Role(role)
	a.LockedUntil, a.CreatedAt, a.LastSignInAt = parseTime(locked), parseTime(created), parseTime(last)
	return a, nil
}

// AccountOfPerson returns a person's account.
func (s *Store) AccountOfPerson(ctx context.Context, personID string) (app.Account, error) {
	return scanAccount(s.db.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE person_id = ?`, personID))
}

// UsernameTaken reports whether an account has the username, ignoring case.
func (s *Store) UsernameTaken(ctx context.Context, username string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE username = ?`, username).Scan(&n)
	return n > 0, mapErr(err)
}

// audit appends an audit row inside a transaction.
func audit(ctx context.Context, tx execer, at time.Time, actor, action, recordType, recordID, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (id, at, actor_id, action, record_type, record_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, newID(), formatTime(at), actor, action, recordType, recordID, detail)
	return err
}

// IssueAccessCode writes a new access code: live codes of the person are
// revoked, the account is made with a new online account number if the
// person has none, and the Account Access Notice is kept as a record.
func (s *Store) IssueAccessCode(ctx context.Context, r auth.IssueRecord) (app.Account, error) {
	var acct app.Account
	err := s.tx(ctx, func(tx *sql.Tx) error {
		at := formatTime(r.At)
		if err := revokeLive(ctx, tx, r.PersonID, r.IssuedBy, r.At); err != nil {
			return err
		}
		var err error
		acct, err = scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE person_id = ?`, r.PersonID))
		if errors.Is(err, app.ErrNotFound) {
			if acct, err = newAccount(ctx, tx, r); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_codes (id, person_id, code_hash, expires_at, issued_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, r.PersonID, r.CodeHash, formatTime(r.ExpiresAt), r.IssuedBy, at); err != nil {
			return err
		}
		if r.Notice != nil {
			n := r.Notice(acct)
			n.ID = newID()
			if err := insertNotice(ctx, tx, &n); err != nil {
				return err
			}
		}
		return audit(ctx, tx, r.At, r.IssuedBy, "access_code.issued", "person", r.PersonID,
			fmt.Sprintf("code %s, expires %s", id, r.ExpiresAt.Format(time.DateOnly)))
	})
	return acct, err
}

// newAccount makes the account row, drawing account numbers until one is free.
func newAccount(ctx context.Context, tx *sql.Tx, r auth.IssueRecord) (app.Account, error) {
	for range 10 {
		num, err := r.NewNumber()
		if err != nil {
			return app.Account{}, err
		}
		a := app.Account{ID: newID(), PersonID: r.PersonID, Number: num, Role: app.RoleApplicant, CreatedAt: r.At}
		_, err = tx.ExecContext(ctx, `INSERT INTO accounts (id, person_id, account_number, role, created_at) VALUES (?, ?, ?, ?, ?)`,
			a.ID, a.PersonID, string(a.Number), string(a.Role), formatTime(r.At))
		if err == nil {
			return a, audit(ctx, tx, r.At, r.IssuedBy, "account.created", "account", a.ID, "online account number assigned")
		}
		if !strings.Contains(err.Error(), "account_number") {
			return app.Account{}, err
		}
	}
	return app.Account{}, errors.New("no free online account number after 10 draws")
}

func revokeLive(ctx context.Context, tx execer, personID, by string, at time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE access_codes SET revoked_at = ?
		WHERE person_id = ? AND revoked_at = '' AND redeemed_at = ''`, formatTime(at), personID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return audit(ctx, tx, at, by, "access_code.revoked", "person", personID, fmt.Sprintf("%d code(s)", n))
	}
	return nil
}

// RevokeAccessCodes revokes every live code of a person and says how many.
func (s *Store) RevokeAccessCodes(ctx context.Context, personID, by string, at time.Time) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM access_codes
			WHERE person_id = ? AND revoked_at = '' AND redeemed_at = ''`, personID).Scan(&n); err != nil {
			return err
		}
		return revokeLive(ctx, tx, personID, by, at)
	})
	return n, err
}

// AccessCodeByHash finds a code by its keyed hash.
func (s *Store) AccessCodeByHash(ctx context.Context, hash string) (auth.CodeRecord, error) {
	var c auth.CodeRecord
	var exp, rev, red string
	err := s.db.QueryRowContext(ctx, `SELECT id, person_id, expires_at, attempts, revoked_at, redeemed_at
		FROM access_codes WHERE code_hash = ?`, hash).Scan(&c.ID, &c.PersonID, &exp, &c.Attempts, &rev, &red)
	if err != nil {
		return auth.CodeRecord{}, mapErr(err)
	}
	c.ExpiresAt, c.RevokedAt, c.RedeemedAt = parseTime(exp), parseTime(rev), parseTime(red)
	return c, nil
}

// FailAccessCode counts a wrong try on a code and returns the new count;
// the try that reaches the limit is audited as the lock.
func (s *Store) FailAccessCode(ctx context.Context, id string, at time.Time) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `UPDATE access_codes SET attempts = attempts + 1 WHERE id = ? RETURNING attempts`, id).Scan(&n); err != nil {
			return err
		}
		action := "access_code.failed"
		if n == auth.MaxCodeAttempts {
			action = "access_code.locked"
		}
		return audit(ctx, tx, at, "", action, "access_code", id, fmt.Sprintf("try %d", n))
	})
	return n, err
}

// RedeemAccessCode sets up the account if, and only if, the code is still
// live when the transaction takes the write lock: of many at once, one wins.
func (s *Store) RedeemAccessCode(ctx context.Context, r auth.Redemption) (app.Account, error) {
	var acct app.Account
	err := s.tx(ctx, func(tx *sql.Tx) error {
		at := formatTime(r.At)
		res, err := tx.ExecContext(ctx, `UPDATE access_codes SET redeemed_at = ?
			WHERE id = ? AND person_id = ? AND redeemed_at = '' AND revoked_at = '' AND attempts < ? AND expires_at >= ?`,
			at, r.CodeID, r.PersonID, auth.MaxCodeAttempts, at)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: the access code is no longer live", app.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET username = ?, password_hash = ?, totp_secret = ?, totp_last_step = ?,
			failed_attempts = 0, locked_until = '' WHERE person_id = ?`,
			r.Username, r.PasswordHash, r.TOTPSecret, r.TOTPStep, r.PersonID); err != nil {
			return err
		}
		if acct, err = scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE person_id = ?`, r.PersonID)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM backup_codes WHERE account_id = ?`, acct.ID); err != nil {
			return err
		}
		for _, h := range r.BackupHashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO backup_codes (id, account_id, code_hash, created_at) VALUES (?, ?, ?, ?)`,
				newID(), acct.ID, h, at); err != nil {
				return err
			}
		}
		method := "backup codes"
		if r.TOTPSecret != nil {
			method = "authenticator app and backup codes"
		}
		if err := audit(ctx, tx, r.At, acct.ID, "access_code.redeemed", "access_code", r.CodeID, ""); err != nil {
			return err
		}
		return audit(ctx, tx, r.At, acct.ID, "account.set_up", "account", acct.ID, "2-step: "+method)
	})
	return acct, err
}

// PeopleWithoutAccounts returns up to limit people who have a case of their
// own and no account yet, oldest first: the demo gives them access codes.
func (s *Store) PeopleWithoutAccounts(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id FROM people p
		WHERE EXISTS (SELECT 1 FROM cases c WHERE c.applicant_id = p.id)
		  AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.id)
		ORDER BY p.id LIMIT ?`, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, mapErr(err)
		}
		ids = append(ids, id)
	}
	return ids, mapErr(rows.Err())
}

func (s *Store) credentials(ctx context.Context, where string, arg any) (auth.Credentials, error) {
	var c auth.Credentials
	var number, role, locked, created, last string
	err := s.db.QueryRowContext(ctx, `SELECT id, person_id, coalesce(username, ''), account_number, role, failed_attempts,
		locked_until, created_at, last_sign_in_at, password_hash, totp_secret, totp_last_step FROM accounts WHERE `+where, arg).
		Scan(&c.Account.ID, &c.Account.PersonID, &c.Account.Username, &number, &role, &c.Account.FailedAttempts,
			&locked, &created, &last, &c.PasswordHash, &c.TOTPSecret, &c.TOTPLastStep)
	if err != nil {
		return auth.Credentials{}, mapErr(err)
	}
	c.Account.Number, c.Account.Role = app.AccountNumber(number), app.Role(role)
	c.Account.LockedUntil, c.Account.CreatedAt, c.Account.LastSignInAt = parseTime(locked), parseTime(created), parseTime(last)
	return c, nil
}

// CredentialsByUsername finds an account by username, ignoring case.
func (s *Store) CredentialsByUsername(ctx context.Context, username string) (auth.Credentials, error) {
	return s.credentials(ctx, "username = ?", username)
}

// CredentialsByID finds an account by id.
func (s *Store) CredentialsByID(ctx context.Context, accountID string) (auth.Credentials, error) {
	return s.credentials(ctx, "id = ?", accountID)
}

// FailSignIn counts a failed sign-in and locks the account until lockUntil
// on the try that reaches max. A lock that has run out starts the count afresh.
func (s *Store) FailSignIn(ctx context.Context, accountID string, max int, lockUntil, at time.Time) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var failed int
		var locked string
		if err := tx.QueryRowContext(ctx, `SELECT failed_attempts, locked_until FROM accounts WHERE id = ?`, accountID).Scan(&failed, &locked); err != nil {
			return err
		}
		if locked != "" && !at.Before(parseTime(locked)) {
			failed, locked = 0, ""
		}
		n = failed + 1
		if n >= max {
			locked = formatTime(lockUntil)
		}
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE id = ?`, n, locked, accountID)
		return err
	})
	return n, err
}

// SignedIn resets the failure count and stamps the sign-in.
func (s *Store) SignedIn(ctx context.Context, accountID string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE accounts SET failed_attempts = 0, locked_until = '', last_sign_in_at = ? WHERE id = ?`,
		formatTime(at), accountID)
	return mapErr(err)
}

// UseTOTPStep records an accepted authenticator step, refusing a step at or
// before the last one used: of two sign-ins with one code, one wins.
func (s *Store) UseTOTPStep(ctx context.Context, accountID string, step int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, accountID, step)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("%w: authenticator code already used", app.ErrConflict)
	}
	return nil
}

// UseBackupCode marks an unused backup code used.
func (s *Store) UseBackupCode(ctx context.Context, accountID, hash string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE backup_codes SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at = ''`,
		formatTime(at), accountID, hash)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return app.ErrNotFound
	}
	return nil
}

// Unlock clears an account's lock and failure count.
func (s *Store) Unlock(ctx context.Context, accountID, by string, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_attempts = 0, locked_until = '' WHERE id = ?`, accountID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.ErrNotFound
		}
		return audit(ctx, tx, at, by, "account.unlocked", "account", accountID, "")
	})
}

// SetPassword stores a new password hash.
func (s *Store) SetPassword(ctx context.Context, accountID, hash string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, failed_attempts = 0, locked_until = '' WHERE id = ?`, hash, accountID)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return app.ErrNotFound
	}
	return nil
}

// ReplaceBackupCodes swaps every backup code of an account for new ones.
func (s *Store) ReplaceBackupCodes(ctx context.Context, accountID string, hashes []string, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
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
	})
}

// BackupCodesLeft counts an account's unused backup codes.
func (s *Store) BackupCodesLeft(ctx context.Context, accountID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM backup_codes WHERE account_id = ? AND used_at = ''`, accountID).Scan(&n)
	return n, mapErr(err)
}

// SignInActivity returns an account's recent sign-ins and failed tries, newest first.
func (s *Store) SignInActivity(ctx context.Context, accountID string, limit int) ([]app.AuditEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor_id, action, record_type, record_id, detail FROM audit_events
		WHERE record_type = 'account' AND record_id = ? AND (action LIKE 'signin.%' OR action = 'account.locked')
		ORDER BY at DESC, id DESC LIMIT ?`, accountID, limit)
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

// SetTOTP stores (or, with nil, removes) the sealed authenticator secret.
func (s *Store) SetTOTP(ctx context.Context, accountID string, sealed []byte, step int64, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE accounts SET totp_secret = ?, totp_last_step = ? WHERE id = ?`, sealed, step, accountID)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return app.ErrNotFound
	}
	return nil
}
