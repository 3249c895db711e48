package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"casedesk/app"
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
		return checkStoreID(id)
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
	if err != nil {
		return "", err
	}
	return checkStoreID(id)
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
	id, err := s.Setting(ctx, storeIDSetting)
	if err != nil {
		return "", err
	}
	return checkStoreID(id)
}

// storeIDForm is the form of every id newID makes: a UUID in lower-case
// hex, 8-4-4-4-12.
var storeIDForm = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// checkStoreID refuses a store id of another form than the ones CaseDesk
// makes. The id comes from the database, which anyone with the role's
// password can write, and a seat names its key file and keyring entry
// after it: "x/../casedesk" would name the computer's own key file.
func checkStoreID(id string) (string, error) {
	if storeIDForm.MatchString(id) {
		return id, nil
	}
	return "", fmt.Errorf("%w: the database's store id is not one CaseDesk made, so CaseDesk did not use it. Restore the database from a backup, or ask whoever looks after the server who changed its settings table", app.ErrStoreDamaged)
}

// notOwnSetting refuses a key the store keeps for itself: its id (every
// seat finds its key by it), its key check, and any other key that starts
// with app.InternalSettingPrefix. Only the store's own code writes those.
func notOwnSetting(key string) error {
	if key == keyCheckSetting || key == storeIDSetting || strings.HasPrefix(key, app.InternalSettingPrefix) {
		return fmt.Errorf("%w: %s is kept by the store itself and cannot be set", app.ErrConflict, key)
	}
	return nil
}
