package backup

import (
	"crypto/subtle"
	"errors"

	"casedesk/app/auth"
)

// Errors of choosing the key that opens a backup.
var (
	// ErrNeedRecoveryKey: the backup was sealed with another computer's data
	// key (or this computer has none yet), and no recovery key was given.
	ErrNeedRecoveryKey = errors.New("backup: sealed with another computer's data key; the clinic's recovery key is needed")
	// ErrRecoveryOtherClinic: the recovery key given is a whole, well-typed
	// key, but not the one the backup was sealed under.
	ErrRecoveryOtherClinic = errors.New("backup: this recovery key is for another clinic's data")
	// ErrKeyInUse: restoring would put the recovered key in place of this
	// computer's own, which another store here may be sealed with.
	ErrKeyInUse = errors.New("backup: this computer's own data key may be in use by another store")
)

// Unlock chooses the keys that open a sealed backup: this computer's, when
// the backup was sealed under them, else the clinic's recovery key, asked
// for only then.
type Unlock struct {
	// Local is this computer's data key; nil when it has none yet.
	Local *auth.Keys
	// Ask asks for the clinic's recovery key and returns it as 32 bytes
	// (auth.ParseRecoveryKey or auth.ReadRecoveryQR); nil when there is
	// nobody to ask.
	Ask func() ([]byte, error)
}

// Keys returns the keys that open the backup whose header is h and, when
// they came from the recovery key, that key, to install on this computer
// once the restore succeeded. Nothing is installed here.
func (u Unlock) Keys(h Header) (keys *auth.Keys, recovered []byte, err error) {
	if u.Local != nil && subtle.ConstantTimeCompare([]byte(u.Local.KeyCheck()), []byte(h.KeyCheck)) == 1 {
		return u.Local, nil, nil
	}
	if u.Ask == nil {
		return nil, nil, ErrNeedRecoveryKey
	}
	key, err := u.Ask()
	if err != nil {
		return nil, nil, err
	}
	k, err := auth.KeysFromRecovered(key)
	if err != nil {
		return nil, nil, err
	}
	if subtle.ConstantTimeCompare([]byte(k.KeyCheck()), []byte(h.KeyCheck)) != 1 {
		return nil, nil, ErrRecoveryOtherClinic
	}
	return k, key, nil
}
