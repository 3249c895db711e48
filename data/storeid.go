package data

import (
	"context"
	"database/sql"
	"errors"
)

// storeIDSetting is the settings row where a store keeps its own id: a
// random name made once, the same for every seat. A seat keeps the
// clinic's data key under it, not under the server's address, which each
// seat may spell differently (a name, an IP address, another port).
const storeIDSetting = "store.id"

// StoreID returns the store's id, making it the first time it is asked
// for. Seats asking at once all get the one id that was kept: the insert
// never replaces one that is there.
func (s *Store) StoreID(ctx context.Context) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, storeIDSetting).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", mapErr(err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
			storeIDSetting, newID()); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, storeIDSetting).Scan(&id)
	})
	return id, err
}

// KeyCheck returns the key check of the data key the store is sealed
// with, or app.ErrNotFound when no key was ever given to it (see UseKeys).
// A seat being enrolled compares the recovery key's check with it, writing
// nothing.
func (s *Store) KeyCheck(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, keyCheckSetting).Scan(&v)
	return v, mapErr(err)
}

// KeptStoreID is the store's id when it has one, else app.ErrNotFound; it
// never makes one. A seat without a key asks it, so that being told it is a
// new seat writes nothing.
func (s *Store) KeptStoreID(ctx context.Context) (string, error) {
	return s.Setting(ctx, storeIDSetting)
}
