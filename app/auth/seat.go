package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"casedesk/app"
	"casedesk/app/i18n"
)

// A seat is one computer of a clinic whose store is on a database server.
// Every seat holds the clinic's one data key in its own keyring (or, with
// no keyring service, in a 0600 file in the user's configuration folder),
// under the store's id (data.Store.StoreID): the address of the server
// differs from seat to seat, the id does not.
//
// The first seat of an empty database makes the key, as a store file's
// first start does. Any later seat finds a key check in the database and
// no key of its own: it is told it is a new seat, and is enrolled with the
// printed recovery key (EnrolSeat). It never makes a key of its own, which
// would seal what it writes so that no other seat could read it.

// seatUser is the keyring entry of the data key of the store with id storeID.
func seatUser(storeID string) string { return "data-key store " + storeID }

// checkSeatID refuses a store id of another form than the ones a store
// makes (a UUID in lower-case hex, 8-4-4-4-12) before it names a key file
// or a keyring entry. The id comes from the clinic's database, which every
// seat can write: "x/../casedesk" would name the computer's own key file,
// "../../…" any file. The store refuses such an id too (data.StoreID); this
// is the second lock.
func checkSeatID(storeID string) error {
	ok := len(storeID) == 36
	for i := 0; ok && i < len(storeID); i++ {
		c := storeID[i]
		switch i {
		case 8, 13, 18, 23:
			ok = c == '-'
		default:
			ok = '0' <= c && c <= '9' || 'a' <= c && c <= 'f'
		}
	}
	if ok {
		return nil
	}
	return &app.KeyError{Err: app.ErrStoreDamaged,
		Msg: i18n.T("The clinic's database gives a store id that CaseDesk did not make, so CaseDesk kept no key for it and changed nothing on this computer. Restore the database from a backup, or ask whoever looks after the server who changed its settings table.")}
}

// SeatKeyFile is where a seat keeps the data key of the store with id
// storeID when the computer has no keyring service: beside the install's
// own key file (KeyFileFor), never beside a store. CASEDESK_KEY_FILE's
// folder holds it when that is set.
func SeatKeyFile(storeID string) (file string, only bool, err error) {
	if err := checkSeatID(storeID); err != nil {
		return "", false, err
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", false, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
			Msg: i18n.T("CaseDesk could not find your configuration folder, where it keeps its data key. Set HOME (or XDG_CONFIG_HOME) and start CaseDesk again.")}
	}
	dir = filepath.Join(dir, "CaseDesk")
	if f := os.Getenv("CASEDESK_KEY_FILE"); f != "" {
		abs, err := filepath.Abs(f)
		if err != nil {
			return "", false, err
		}
		dir, only = filepath.Dir(abs), true
	}
	return filepath.Join(dir, "casedesk-store-"+storeID+".key"), only, nil
}

// SeatKeys loads this seat's data key for the store with id storeID. When
// the seat holds none: kept (the store already keeps a key check) makes it
// app.ErrNewSeat, changing nothing; otherwise this is the first seat of an
// empty database, and the key is made and kept here, as InstallKeys makes
// a store file's. note says, once, that the key had to go in a file.
func SeatKeys(ctx context.Context, kr Keyring, storeID string, kept bool) (k *Keys, note string, err error) {
	file, only, err := SeatKeyFile(storeID) // refuses an id of another form
	if err != nil {
		return nil, "", err
	}
	if only {
		kr = nil
	}
	if k, err = peekSeat(ctx, kr, storeID, file); err != nil || k != nil {
		return k, "", err
	}
	if kept {
		return nil, "", app.ErrNewSeat
	}
	unlock, err := lockKeyFolder(ctx, file)
	if err != nil {
		return nil, "", err
	}
	defer unlock()
	// Another CaseDesk on this computer may have made it while this one waited.
	if k, err = peekSeat(ctx, kr, storeID, file); err != nil || k != nil {
		return k, "", err
	}
	if k, err = saveSeatKey(ctx, kr, storeID, file, seatOfferedKey(storeID)); err != nil {
		return nil, "", err
	}
	k.Created = true
	if k.Source == FromFile && !only {
		note = i18n.T("This computer has no keyring, so CaseDesk keeps its data key in %s, readable only by you. Without it the store cannot be read: never keep a copy beside your backups.", k.File)
	}
	return k, note, nil
}

// SaveSeatKey keeps key as this seat's data key for the store with id
// storeID, replacing a different one (which is kept aside, never lost):
// after a migration, the key of the store file that was moved; after an
// enrolment, the recovery key.
func SaveSeatKey(ctx context.Context, kr Keyring, storeID string, key []byte) (*Keys, error) {
	if len(key) != 32 {
		return nil, errors.New("auth: a seat's key has 32 bytes")
	}
	file, only, err := SeatKeyFile(storeID) // refuses an id of another form
	if err != nil {
		return nil, err
	}
	if only {
		kr = nil
	}
	unlock, err := lockKeyFolder(ctx, file)
	if err != nil {
		return nil, err
	}
	defer unlock()
	old, err := peekSeat(ctx, kr, storeID, file)
	if err != nil && !errors.Is(err, app.ErrKeyFile) && !errors.Is(err, app.ErrKeyring) {
		return nil, err
	}
	if old != nil && string(old.data) == string(key) {
		return old, nil
	}
	stamp := time.Now().UTC().Format("20060102-150405")
	if _, serr := os.Lstat(file); serr == nil {
		// A key file is read first: a different one goes aside.
		if err := os.Rename(file, file+".replaced-"+stamp); err != nil {
			return nil, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
				Msg: i18n.T("CaseDesk could not move the key file %s aside. Nothing was changed.", file)}
		}
	} else if old != nil && old.Source == FromKeyring {
		if _, err := withTimeout(ctx, keyringTimeout, func() (struct{}, error) {
			return struct{}{}, kr.Set(keyringService, seatUser(storeID)+" replaced "+stamp, encodeKey(old.data))
		}); err != nil {
			return nil, keyringError(err)
		}
	}
	return saveSeatKey(ctx, kr, storeID, file, key)
}

// saveSeatKey puts key in the keyring, or in file when there is no
// keyring service. The caller holds the lock.
func saveSeatKey(ctx context.Context, kr Keyring, storeID, file string, key []byte) (*Keys, error) {
	if err := checkSeatID(storeID); err != nil {
		return nil, err
	}
	if kr != nil {
		_, err := withTimeout(ctx, keyringTimeout, func() (struct{}, error) {
			return struct{}{}, kr.Set(keyringService, seatUser(storeID), encodeKey(key))
		})
		switch {
		case err == nil:
			return newKeys(key, FromKeyring, "", false)
		case !errors.Is(err, ErrNoKeyring):
			return nil, keyringError(err)
		}
	}
	got, _, err := writeKeyFile(file, key)
	if err != nil {
		return nil, err
	}
	return newKeys(got, FromFile, file, false)
}

// peekSeat reads the seat's key for storeID: its file, else its keyring
// entry; nil when there is none.
func peekSeat(ctx context.Context, kr Keyring, storeID, file string) (*Keys, error) {
	if err := checkSeatID(storeID); err != nil {
		return nil, err
	}
	key, err := readKeyFile(file)
	if err != nil || key != nil {
		return keysOrErr(key, FromFile, file, false, err)
	}
	if kr == nil {
		return nil, nil
	}
	s, err := withTimeout(ctx, keyringTimeout, func() (string, error) { return kr.Get(keyringService, seatUser(storeID)) })
	switch {
	case errors.Is(err, keyring.ErrNotFound), errors.Is(err, ErrNoKeyring):
		return nil, nil
	case err != nil:
		return nil, keyringError(err)
	}
	key, err = decodeKey(s)
	if err != nil {
		return nil, &app.KeyError{Err: app.ErrKeyring, Cause: err,
			Msg: i18n.T("The data key in the keyring (service casedesk) is damaged, so CaseDesk did not use it. Put back a copy of the key; CaseDesk did not make a new one.")}
	}
	return newKeys(key, FromKeyring, "", false)
}

// seatOffered is the key this process last offered for each store: as with
// offeredKey, a keyring that timed out and stores it later gets the same key.
var seatOffered struct {
	sync.Mutex
	keys map[string][]byte
}

func seatOfferedKey(storeID string) []byte {
	seatOffered.Lock()
	defer seatOffered.Unlock()
	if seatOffered.keys == nil {
		seatOffered.keys = map[string][]byte{}
	}
	if seatOffered.keys[storeID] == nil {
		seatOffered.keys[storeID] = newKey()
	}
	return seatOffered.keys[storeID]
}

// SeatWrongKey is the error for a seat whose key is not the one the
// clinic's database at path is sealed with: enrolling it again mends it.
func SeatWrongKey(path string) error {
	return &app.KeyError{Err: app.ErrWrongKey,
		Msg: i18n.T("This computer's data key for the clinic's database %s is not the clinic's key, so CaseDesk changed nothing. Enrol this seat again with the clinic's printed Recovery Key sheet: run  casedesk seat enrol --db %s  and type the key.", path, path)}
}

// SaveSeatKeys is SaveSeatKey with the data key k holds: after a move, the
// store file's key becomes the seat's key for the server.
func SaveSeatKeys(ctx context.Context, kr Keyring, storeID string, k *Keys) (*Keys, error) {
	return SaveSeatKey(ctx, kr, storeID, k.data)
}
