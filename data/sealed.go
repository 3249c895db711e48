package data

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"strings"

	"casedesk/app"
)

// Sealer seals and opens the fields that identify a person beyond their
// name (dates of birth, A-numbers) and makes the keyed hash an A-number is found by. KeyCheck is a
// keyed hash of a constant, the same for one key and different for any
// other. The install's auth.Keys is one.
type Sealer interface {
	Seal(plaintext []byte) []byte
	Open(sealed []byte) ([]byte, error)
	MAC(purpose, value string) string
	KeyCheck() string
}

// keyCheckSetting is the settings row where a store keeps the key check of
// the data key it is sealed with. It is CaseDesk's own: SetSetting refuses it.
const keyCheckSetting = "store.key_check"

// ErrNoKey means a protected field was to be written without the data key.
var ErrNoKey = errors.New("the store has no data key to seal dates of birth and A-numbers with")

const aNumberPurpose = "a-number"

// seal returns the sealed form of a date of birth and A-number, and the
// A-number's keyed hash; nils when there is nothing to seal.
func seal(sl Sealer, dob app.Date, a app.ANumber) (sealed []byte, mac any, err error) {
	if dob.IsZero() && a == "" {
		return nil, nil, nil
	}
	if sl == nil {
		return nil, nil, ErrNoKey
	}
	sealed = sl.Seal([]byte(dob.ISO() + "|" + string(a)))
	if a != "" {
		mac = sl.MAC(aNumberPurpose, string(a))
	}
	return sealed, mac, nil
}

// unseal reads what seal made. Without a key the fields read as unset: a
// store opened only to count or print (benchmarks, notices) needs neither.
func unseal(sl Sealer, sealed []byte) (app.Date, app.ANumber, error) {
	if sealed == nil || sl == nil {
		return app.Date{}, "", nil
	}
	plain, err := sl.Open(sealed)
	if err != nil {
		return app.Date{}, "", err
	}
	dob, a, _ := strings.Cut(string(plain), "|")
	return parseDate(dob), app.ANumber(a), nil
}

// UseKeys gives the store its data key and seals, in one transaction, any
// date of birth or A-number a version-1 store still holds in plain text.
// A store keeps the key check of the first key it is given and refuses any
// other key with app.ErrWrongKey, writing nothing.
func (s *Store) UseKeys(ctx context.Context, sl Sealer) error {
	if err := s.tx(ctx, func(tx *sql.Tx) error { return checkKey(ctx, tx, sl) }); err != nil {
		return err
	}
	s.sealer = sl
	var plainRows int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE date_of_birth != '' OR a_number IS NOT NULL`).Scan(&plainRows); err != nil {
		return mapErr(err)
	}
	if plainRows == 0 {
		return nil
	}
	if s.pg {
		// A server's rows from before sealing: there are none (a database
		// on a server starts at today's schema, and migrate seals on the way).
		return s.tx(ctx, func(tx *sql.Tx) error { return sealPlain(ctx, tx, sl) })
	}
	// secure_delete overwrites the old plain text instead of leaving it in
	// free pages of the file.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
		return mapErr(err)
	}
	defer conn.ExecContext(context.Background(), "PRAGMA secure_delete = OFF")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := sealPlain(ctx, tx, sl); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// checkKey compares sl with the key check the store keeps, and keeps sl's
// when there is none yet. A store sealed before there were key checks takes
// only a key that opens what it has sealed.
func checkKey(ctx context.Context, tx *sql.Tx, sl Sealer) error {
	var kept string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, keyCheckSetting).Scan(&kept)
	switch {
	case err == nil:
		if subtle.ConstantTimeCompare([]byte(kept), []byte(sl.KeyCheck())) != 1 {
			return app.ErrWrongKey
		}
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	var sealed []byte
	err = tx.QueryRowContext(ctx, `SELECT sealed FROM people WHERE sealed IS NOT NULL
		UNION ALL SELECT totp_secret FROM accounts WHERE totp_secret IS NOT NULL LIMIT 1`).Scan(&sealed)
	switch {
	case err == nil:
		if _, err := sl.Open(sealed); err != nil {
			return app.ErrWrongKey
		}
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, keyCheckSetting, sl.KeyCheck())
	return err
}

// sealPlain seals the plain-text fields of version-1 rows.
func sealPlain(ctx context.Context, tx *sql.Tx, sl Sealer) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, date_of_birth, coalesce(a_number, '') FROM people
		WHERE date_of_birth != '' OR a_number IS NOT NULL`)
	if err != nil {
		return err
	}
	type plain struct{ id, dob, a string }
	var rowsToSeal []plain
	for rows.Next() {
		var p plain
		if err := rows.Scan(&p.id, &p.dob, &p.a); err != nil {
			rows.Close()
			return err
		}
		rowsToSeal = append(rowsToSeal, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range rowsToSeal {
		sealed, mac, err := seal(sl, parseDate(p.dob), app.ANumber(p.a))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET sealed = ?, a_number_mac = ?, date_of_birth = '', a_number = NULL
			WHERE id = ?`, sealed, mac, p.id); err != nil {
			return err
		}
	}
	return nil
}

// PersonByANumber finds a person by A-number, through its keyed hash.
func (s *Store) PersonByANumber(ctx context.Context, a app.ANumber) (app.Person, error) {
	if s.sealer == nil {
		return app.Person{}, ErrNoKey
	}
	return s.scanPerson(s.db.QueryRowContext(ctx, `SELECT `+strings.ReplaceAll(personColumns, "$", "")+
		` FROM people WHERE a_number_mac = ?`, s.sealer.MAC(aNumberPurpose, string(a))))
}
