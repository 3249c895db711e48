package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"sync"

	"github.com/zalando/go-keyring"

	"casedesk/app"
	"casedesk/app/i18n"
)

// KeySource says where the data key came from.
type KeySource int

const (
	// FromKeyring: the system keyring holds the key.
	FromKeyring KeySource = iota
	// FromFile: there is no keyring service; the key is in a 0600 file.
	FromFile
)

// Keys are the install's secrets, derived from one 32-byte data key.
type Keys struct {
	seal    cipher.AEAD
	codeMAC []byte
	backup  []byte
	data    []byte // the data key itself, for the printed recovery key
	Source  KeySource
	File    string // the key file, when Source is FromFile
	Created bool   // the key was made just now

	keyCheck string
}

// LoadKeys finds the install's data key and makes one on first use. A key
// file already there is the key: data sealed with it stays readable. Else
// the keyring holds it; only a computer with no keyring service at all
// (kr is nil, or answers ErrNoKeyring) keeps it in keyFile, readable only by
// its owner. A keyring that does not answer is reported and never replaced
// (app.ErrKeyring). Two first starts at once make one key: the making is
// serialised by a lock file beside keyFile, and the key file appears whole.
func LoadKeys(ctx context.Context, kr Keyring, keyFile string) (*Keys, error) {
	key, err := readKeyFile(keyFile)
	if err != nil || key != nil {
		return keysOrErr(key, FromFile, keyFile, false, err)
	}
	if err := keyFolder(keyFile); err != nil {
		return nil, err
	}
	if kr != nil {
		k, err := keyringKeys(ctx, kr, keyFile+".lock")
		if !errors.Is(err, ErrNoKeyring) {
			return k, err
		}
	}
	return fileKeys(ctx, keyFile)
}

// keyringKeys reads the data key from the keyring, and stores a new one
// there when it has none. The error wraps ErrNoKeyring when there is no
// keyring service.
func keyringKeys(ctx context.Context, kr Keyring, lock string) (*Keys, error) {
	s, err := keyringGet(ctx, kr)
	if errors.Is(err, keyring.ErrNotFound) {
		unlock, lerr := lockKeys(ctx, lock)
		if lerr != nil {
			return nil, lerr
		}
		defer unlock()
		// Another CaseDesk may have made the key while this one waited.
		if s, err = keyringGet(ctx, kr); errors.Is(err, keyring.ErrNotFound) {
			key := offeredKey()
			if err := keyringSet(ctx, kr, key); err != nil {
				return nil, keyringError(err)
			}
			return newKeys(key, FromKeyring, "", true)
		}
	}
	switch {
	case errors.Is(err, ErrNoKeyring):
		return nil, err
	case err != nil:
		return nil, keyringError(err)
	}
	key, err := decodeKey(s)
	if err != nil {
		return nil, &app.KeyError{Err: app.ErrKeyring, Cause: err,
			Msg: i18n.T("The data key in the keyring (service casedesk) is damaged, so CaseDesk did not use it. Put back a copy of the key; CaseDesk did not make a new one.")}
	}
	return newKeys(key, FromKeyring, "", false)
}

// fileKeys reads the data key from keyFile, or makes the file.
func fileKeys(ctx context.Context, keyFile string) (*Keys, error) {
	unlock, err := lockKeys(ctx, keyFile+".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()
	key, err := readKeyFile(keyFile)
	if err != nil || key != nil {
		return keysOrErr(key, FromFile, keyFile, false, err)
	}
	key, created, err := writeKeyFile(keyFile, newKey())
	return keysOrErr(key, FromFile, keyFile, created, err)
}

func keysOrErr(key []byte, src KeySource, file string, created bool, err error) (*Keys, error) {
	if err != nil {
		return nil, err
	}
	return newKeys(key, src, file, created)
}

func newKey() []byte {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return key
}

func encodeKey(key []byte) string { return base64.StdEncoding.EncodeToString(key) }

func decodeKey(s string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(key) != 32 {
		return nil, errors.New("not a 32-byte key")
	}
	return key, nil
}

// NewKeysForTest derives keys from a fixed key; for tests only.
func NewKeysForTest(key []byte) *Keys {
	k, err := newKeys(key, FromFile, "", false)
	if err != nil {
		panic(err)
	}
	return k
}

func newKeys(key []byte, src KeySource, file string, created bool) (*Keys, error) {
	sealKey := derive(key, "casedesk seal v1")
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keys{seal: aead, codeMAC: derive(key, "casedesk codes v1"), backup: derive(key, "casedesk backup v1"), data: key, Source: src, File: file, Created: created,
		keyCheck: hex.EncodeToString(derive(key, "casedesk key check v1"))}, nil
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Seal encrypts plaintext with AES-256-GCM; the result carries its nonce.
func (k *Keys) Seal(plaintext []byte) []byte {
	nonce := make([]byte, k.seal.NonceSize(), k.seal.NonceSize()+len(plaintext)+k.seal.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return k.seal.Seal(nonce, nonce, plaintext, nil)
}

// ErrUnsealable means sealed data does not open with this install's key.
var ErrUnsealable = errors.New("sealed data does not open with this install's key")

// Open decrypts what Seal made.
func (k *Keys) Open(sealed []byte) ([]byte, error) {
	n := k.seal.NonceSize()
	if len(sealed) < n+k.seal.Overhead() {
		return nil, ErrUnsealable
	}
	out, err := k.seal.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return nil, ErrUnsealable
	}
	return out, nil
}

// MAC is the keyed hash (HMAC-SHA256, hex) under which access codes and
// backup codes are stored; purpose keeps the two kinds apart.
func (k *Keys) MAC(purpose, value string) string {
	m := hmac.New(sha256.New, k.codeMAC)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// BackupKey is the 32-byte key backups are sealed under, derived from the
// data key: a backup opens wherever the data key is, and nowhere else.
func (k *Keys) BackupKey() []byte { return k.backup }

// KeyCheck is a keyed hash of a constant under the data key. A store keeps
// it to tell its own key from another: it says nothing about the key.
func (k *Keys) KeyCheck() string { return k.keyCheck }

// offered is the key this process last offered to the keyring. A keyring
// that times out may still store it later; so a retry offers the same key
// again instead of a new one, and whichever write lands, it is one key.
var offered struct {
	sync.Mutex
	key []byte
}

// offeredKey returns the key to offer the keyring: the one offered before,
// or a new one.
func offeredKey() []byte {
	offered.Lock()
	defer offered.Unlock()
	if offered.key == nil {
		offered.key = newKey()
	}
	return offered.key
}
