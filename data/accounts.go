package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// UsernameTaken reports whether an account other than exceptPersonID's has
// the username, ignoring case.
func (s *Store) UsernameTaken(ctx context.Context, username, exceptPersonID string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE username = ? AND person_id != ?`,
		username, exceptPersonID).Scan(&n)
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
// person has none, and the Account Access Notice is kept as a record. For a
// person whose account is already set up it refuses (app.ErrConflict)
// unless r.Reset says staff checked the person and chose to reset it.
func (s *Store) IssueAccessCode(ctx context.Context, r auth.IssueRecord) (app.Account, error) {
	var acct app.Account
	err := s.tx(ctx, func(tx *sql.Tx) error {
		at := formatTime(r.At)
		var err error
		acct, err = scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE person_id = ?`, r.PersonID))
		purpose := "setup"
		switch {
		case errors.Is(err, app.ErrNotFound):
			if acct, err = newAccount(ctx, tx, r); err != nil {
				return err
			}
		case err != nil:
			return err
		case acct.Username != "" && !r.Reset:
			return fmt.Errorf("%w: the account is already set up", app.ErrConflict)
		case acct.Username != "":
			purpose = "reset"
		}
		if err := revokeLive(ctx, tx, r.PersonID, r.IssuedBy, r.At); err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_codes (id, person_id, code_hash, expires_at, issued_by, created_at, purpose)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, r.PersonID, r.CodeHash, formatTime(r.ExpiresAt), r.IssuedBy, at, purpose); err != nil {
			return err
		}
		if purpose == "reset" {
			if err := audit(ctx, tx, r.At, r.IssuedBy, "account.reset_issued", "account", acct.ID,
				"staff-assisted reset: the code replaces the password and 2-step verification when redeemed"); err != nil {
				return err
			}
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
		res, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, person_id, account_number, role, created_at) VALUES (?, ?, ?, ?, ?)`+numberFree,
			a.ID, a.PersonID, string(a.Number), string(a.Role), formatTime(r.At))
		if inserted, err := oneInserted(res, err); err != nil {
			return app.Account{}, err
		} else if inserted {
			return a, audit(ctx, tx, r.At, r.IssuedBy, "account.created", "account", a.ID, "online account number assigned")
		}
	}
	return app.Account{}, errors.New("no free online account number after 10 draws")
}

// numberFree ends an account's INSERT: a drawn account number in use
// inserts nothing, and the caller draws again. Unlike a failed insert, it
// leaves a PostgreSQL transaction usable; any other clash (a username, a
// person with an account) still fails the insert.
const numberFree = ` ON CONFLICT (account_number) DO NOTHING`

// oneInserted says whether an INSERT … ON CONFLICT DO NOTHING wrote its row.
func oneInserted(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
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
	var purpose string
	err := s.db.QueryRowContext(ctx, `SELECT id, person_id, expires_at, attempts, revoked_at, redeemed_at, purpose
		FROM access_codes WHERE code_hash = ?`, hash).Scan(&c.ID, &c.PersonID, &exp, &c.Attempts, &rev, &red, &purpose)
	if err != nil {
		return auth.CodeRecord{}, mapErr(err)
	}
	c.ExpiresAt, c.RevokedAt, c.RedeemedAt = parseTime(exp), parseTime(rev), parseTime(red)
	c.Reset = purpose == "reset"
	return c, nil
}

// TakeAccessCodeTry counts a try on a code before it is compared, in one
// statement with the limit: of tries at once, no more than max are ever
// taken. It returns the count, or app.ErrConflict when none is left.
func (s *Store) TakeAccessCodeTry(ctx context.Context, id string, max int) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `UPDATE access_codes SET attempts = attempts + 1
		WHERE id = ? AND attempts < ? RETURNING attempts`, id, max).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return max, fmt.Errorf("%w: no tries left on the access code", app.ErrConflict)
	}
	return n, mapErr(err)
}

// AccessCodeTryFailed audits a try that did not match; the one that took
// the last try is audited as the lock.
func (s *Store) AccessCodeTryFailed(ctx context.Context, id string, n int, at time.Time) error {
	action := "access_code.failed"
	if n >= auth.MaxCodeAttempts {
		action = "access_code.locked"
	}
	return mapErr(audit(ctx, s.db, at, "", action, "access_code", id, fmt.Sprintf("try %d", n)))
}

// ReturnAccessCodeTry gives back the try a matching check took: only wrong
// tries count toward the lock.
func (s *Store) ReturnAccessCodeTry(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE access_codes SET attempts = attempts - 1 WHERE id = ? AND attempts > 0`, id)
	return mapErr(err)
}

// RedeemAccessCode sets up the account if, and only if, the code is still
// live when the transaction takes the write lock: of many at once, one wins.
func (s *Store) RedeemAccessCode(ctx context.Context, r auth.Redemption) (app.Account, error) {
	var acct app.Account
	err := s.tx(ctx, func(tx *sql.Tx) error {
		at := formatTime(r.At)
		var purpose string
		err := tx.QueryRowContext(ctx, `UPDATE access_codes SET redeemed_at = ?
			WHERE id = ? AND person_id = ? AND redeemed_at = '' AND revoked_at = '' AND attempts < ? AND expires_at >= ?
			RETURNING purpose`,
			at, r.CodeID, r.PersonID, auth.MaxCodeAttempts, at).Scan(&purpose)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: the access code is no longer live", app.ErrConflict)
		}
		if err != nil {
			return err
		}
		// A set-up code never replaces an account that was set up since it
		// was issued; only a reset code, issued on purpose, does.
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET username = ?, password_hash = ?, totp_secret = ?, totp_last_step = ?,
			failed_attempts = 0, failures_in_row = 0, locked_until = '' WHERE person_id = ? AND (? = 'reset' OR coalesce(username, '') = '')`,
			r.Username, r.PasswordHash, r.TOTPSecret, r.TOTPStep, r.PersonID, purpose)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: the account is already set up", app.ErrConflict)
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
		if purpose == "reset" {
			return audit(ctx, tx, r.At, acct.ID, "account.reset", "account", acct.ID,
				"staff-assisted reset: new password and 2-step: "+method)
		}
		return audit(ctx, tx, r.At, acct.ID, "account.set_up", "account", acct.ID, "2-step: "+method)
	})
	return acct, err
}

// PeopleWithoutAccounts returns up to limit people who have a case of their
// own and no account yet, oldest first: the demo gives them access codes.
func (s *Store) PeopleWithoutAccounts(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id FROM people p
		WHERE p.staff = 0 AND EXISTS (SELECT 1 FROM cases c WHERE c.applicant_id = p.id)
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
	var number, role, locked, created, last, disabled string
	err := s.db.QueryRowContext(ctx, `SELECT id, person_id, coalesce(username, ''), account_number, role, failed_attempts,
		locked_until, created_at, last_sign_in_at, password_hash, totp_secret, totp_last_step,
		must_change_password, disabled_at FROM accounts WHERE `+where, arg).
		Scan(&c.Account.ID, &c.Account.PersonID, &c.Account.Username, &number, &role, &c.Account.FailedAttempts,
			&locked, &created, &last, &c.PasswordHash, &c.TOTPSecret, &c.TOTPLastStep, &c.MustChange, &disabled)
	if err != nil {
		return auth.Credentials{}, mapErr(err)
	}
	c.Disabled = disabled != ""
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

// SignedIn resets the failure count and stamps the sign-in.
func (s *Store) SignedIn(ctx context.Context, accountID string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE accounts SET failed_attempts = 0, failures_in_row = 0, locked_until = '', last_sign_in_at = ? WHERE id = ?`,
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
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_attempts = 0, failures_in_row = 0, locked_until = '' WHERE id = ?`, accountID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.ErrNotFound
		}
		return audit(ctx, tx, at, by, "account.unlocked", "account", accountID, "")
	})
}

// SetPassword stores a new password hash; a timed lock ends with it, a
// lock only the clinic lifts does not.
func (s *Store) SetPassword(ctx context.Context, accountID, hash string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, failed_attempts = 0,
		locked_until = CASE WHEN locked_until >= ? THEN locked_until ELSE '' END WHERE id = ?`, hash, formatTime(app.Forever), accountID)
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

// BackupCodeUnused reports whether the account has an unused backup code
// with this hash, without using it up.
func (s *Store) BackupCodeUnused(ctx context.Context, accountID, hash string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM backup_codes WHERE account_id = ? AND code_hash = ? AND used_at = ''`,
		accountID, hash).Scan(&n)
	return n > 0, mapErr(err)
}

// RecoverAccount ends a recovery in one transaction: the backup code that
// proved it is used (app.ErrConflict when another recovery used it first),
// so is the authenticator step when one was typed, the whole sheet is
// replaced by a new one, the password is set when one is given, and it is
// audited.
func (s *Store) RecoverAccount(ctx context.Context, r auth.Recovered) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		at := formatTime(r.At)
		res, err := tx.ExecContext(ctx, `UPDATE backup_codes SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at = ''`,
			at, r.AccountID, r.BackupHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: the backup code was used meanwhile", app.ErrConflict)
		}
		if r.TOTPStep > 0 {
			res, err := tx.ExecContext(ctx, `UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`,
				r.TOTPStep, r.AccountID, r.TOTPStep)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("%w: the authenticator code was used meanwhile", app.ErrConflict)
			}
		}
		if r.PasswordHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, failed_attempts = 0,
				locked_until = CASE WHEN locked_until >= ? THEN locked_until ELSE '' END WHERE id = ?`,
				r.PasswordHash, formatTime(app.Forever), r.AccountID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM backup_codes WHERE account_id = ?`, r.AccountID); err != nil {
			return err
		}
		for _, h := range r.NewBackupHashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO backup_codes (id, account_id, code_hash, created_at) VALUES (?, ?, ?, ?)`,
				newID(), r.AccountID, h, at); err != nil {
				return err
			}
		}
		return audit(ctx, tx, r.At, r.AccountID, r.Action, "account", r.AccountID, r.Detail)
	})
}
