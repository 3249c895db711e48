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
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// Keyring is the slice of a system keyring CaseDesk uses.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
}

// SystemKeyring is the operating system's keyring (Secret Service, macOS
// Keychain, Windows Credential Manager) through go-keyring.
type SystemKeyring struct{}

// Get reads a secret.
func (SystemKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }

// Set stores a secret.
func (SystemKeyring) Set(service, user, secret string) error {
	return keyring.Set(service, user, secret)
}

const (
	keyringService = "casedesk"
	keyringUser    = "data-key"
	// keyringTimeout bounds every keyring call: a locked keyring can wait
	// for a password prompt nobody sees.
	keyringTimeout = 3 * time.Second
)

// ErrKeyringTimeout means the keyring did not answer in time.
var ErrKeyringTimeout = errors.New("the keyring did not answer")

// withTimeout runs f, giving up after d. A call that hangs is left behind.
func withTimeout[T any](ctx context.Context, d time.Duration, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-t.C:
		var zero T
		return zero, ErrKeyringTimeout
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// KeySource says where the data key came from.
type KeySource int

const (
	// FromKeyring: the system keyring holds the key.
	FromKeyring KeySource = iota
	// FromFile: no keyring answered; the key is in a 0600 file.
	FromFile
)

// Keys are the install's secrets, derived from one 32-byte data key.
type Keys struct {
	seal    cipher.AEAD
	codeMAC []byte
	Source  KeySource
	File    string // the key file, when Source is FromFile
	Created bool   // the key was made just now
}

// LoadKeys finds the install's data key in the keyring, or in keyFile when
// no keyring answers, and makes one on first use. The keyring is preferred:
// a key already in the file stays there, so data sealed with it stays readable.
func LoadKeys(ctx context.Context, kr Keyring, keyFile string) (*Keys, error) {
	if raw, err := os.ReadFile(keyFile); err == nil {
		key, err := decodeKey(string(raw))
		if err != nil {
			return nil, fmt.Errorf("the key file %s is damaged: %w", keyFile, err)
		}
		return newKeys(key, FromFile, keyFile, false)
	}
	if kr != nil {
		s, err := withTimeout(ctx, keyringTimeout, func() (string, error) { return kr.Get(keyringService, keyringUser) })
		switch {
		case err == nil:
			key, err := decodeKey(s)
			if err != nil {
				return nil, fmt.Errorf("the data key in the keyring is damaged: %w", err)
			}
			return newKeys(key, FromKeyring, "", false)
		case errors.Is(err, keyring.ErrNotFound):
			key := newKey()
			_, err := withTimeout(ctx, keyringTimeout, func() (struct{}, error) {
				return struct{}{}, kr.Set(keyringService, keyringUser, encodeKey(key))
			})
			if err == nil {
				return newKeys(key, FromKeyring, "", true)
			}
		}
	}
	// No keyring answered: a key file only the user can read.
	key := newKey()
	if err := os.MkdirAll(filepath.Dir(keyFile), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(keyFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("making the key file %s: %w", keyFile, err)
	}
	if _, err := f.WriteString(encodeKey(key) + "\n"); err != nil {
		f.Close()
		os.Remove(keyFile)
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return newKeys(key, FromFile, keyFile, true)
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
	return &Keys{seal: aead, codeMAC: derive(key, "casedesk codes v1"), Source: src, File: file, Created: created}, nil
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
