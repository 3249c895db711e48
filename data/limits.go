package data

import (
	"context"
	"database/sql"
	"errors"

	"casedesk/app"
)

// UpdateThrottle reads the tally for kind and key, applies rule and stores
// the result, in one transaction: tries at once are each counted.
func (s *Store) UpdateThrottle(ctx context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	var out app.Tally
	err := s.tx(ctx, func(tx *sql.Tx) error {
		t, err := scanTally(tx.QueryRowContext(ctx, `SELECT failures, in_row, window_start, locked_until
			FROM throttles WHERE kind = ? AND key_hash = ?`, kind, key))
		if err != nil && !errors.Is(err, app.ErrNotFound) {
			return err
		}
		out = rule(t)
		_, err = tx.ExecContext(ctx, `INSERT INTO throttles (kind, key_hash, failures, in_row, window_start, locked_until)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (kind, key_hash) DO UPDATE SET failures = excluded.failures, in_row = excluded.in_row,
				window_start = excluded.window_start, locked_until = excluded.locked_until`,
			kind, key, out.Failures, out.InRow, formatTime(out.WindowStart), formatTime(out.LockedUntil))
		return err
	})
	return out, err
}

func scanTally(r scanner) (app.Tally, error) {
	var t app.Tally
	var window, locked string
	if err := r.Scan(&t.Failures, &t.InRow, &window, &locked); err != nil {
		return app.Tally{}, mapErr(err)
	}
	t.WindowStart, t.LockedUntil = parseTime(window), parseTime(locked)
	return t, nil
}

// UpdateSignInTally applies rule to an account's sign-in failures in one
// transaction and returns the result.
func (s *Store) UpdateSignInTally(ctx context.Context, accountID string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	var out app.Tally
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var t app.Tally
		var locked string
		if err := tx.QueryRowContext(ctx, `SELECT failed_attempts, failures_in_row, locked_until FROM accounts WHERE id = ?`,
			accountID).Scan(&t.Failures, &t.InRow, &locked); err != nil {
			return err
		}
		t.LockedUntil = parseTime(locked)
		out = rule(t)
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_attempts = ?, failures_in_row = ?, locked_until = ? WHERE id = ?`,
			out.Failures, out.InRow, formatTime(out.LockedUntil), accountID)
		return err
	})
	return out, mapErr(err)
}
