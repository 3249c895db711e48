package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"

	"casedesk/app"
	"casedesk/app/i18n"
)

// Keyring is the slice of a system keyring CaseDesk uses. Get answers
// keyring.ErrNotFound when the keyring has no such secret. An error that
// wraps ErrNoKeyring means the computer has no keyring service at all; any
// other error, or no answer, means the keyring is there but did not answer.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
}

// ErrNoKeyring means the computer has no keyring service at all (a headless
// Linux machine, an SSH session): the one case where the data key goes in a
// file instead.
var ErrNoKeyring = errors.New("this computer has no keyring service")

// SystemKeyring is the operating system's keyring (Secret Service, macOS
// Keychain, Windows Credential Manager) through go-keyring.
type SystemKeyring struct{}

// Get reads a secret.
func (SystemKeyring) Get(service, user string) (string, error) {
	if err := systemService(); err != nil {
		return "", err
	}
	s, err := keyring.Get(service, user)
	return s, noKeyring(err)
}

// Set stores a secret.
func (SystemKeyring) Set(service, user, secret string) error {
	if err := systemService(); err != nil {
		return err
	}
	return noKeyring(keyring.Set(service, user, secret))
}

// noKeyring marks go-keyring's answer on a system it does not support.
func noKeyring(err error) error {
	if errors.Is(err, keyring.ErrUnsupportedPlatform) {
		return fmt.Errorf("%w: %v", ErrNoKeyring, err)
	}
	return err
}

const (
	keyringService = "casedesk"
	keyringUser    = "data-key"
	// keyringTimeout bounds every keyring call: a locked keyring can wait
	// for a password prompt nobody sees.
	keyringTimeout = 3 * time.Second
)

// ErrKeyringTimeout means the keyring did not answer in time.
var ErrKeyringTimeout = errors.New("the keyring did not answer in time")

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

// keyringGet reads the data key from the keyring, within the time limit.
func keyringGet(ctx context.Context, kr Keyring) (string, error) {
	return withTimeout(ctx, keyringTimeout, func() (string, error) { return kr.Get(keyringService, keyringUser) })
}

// keyringSet stores the data key in the keyring, within the time limit.
func keyringSet(ctx context.Context, kr Keyring, key []byte) error {
	_, err := withTimeout(ctx, keyringTimeout, func() (struct{}, error) {
		return struct{}{}, kr.Set(keyringService, keyringUser, encodeKey(key))
	})
	return err
}

// keyringError reports a keyring that is there but did not answer. It may
// hold the key, so no other key is made in its place.
func keyringError(err error) error {
	return &app.KeyError{Err: app.ErrKeyring, Cause: err,
		Msg: i18n.T("The keyring did not answer; unlock it or try again. CaseDesk did not make a new key, so nothing is lost.")}
}
