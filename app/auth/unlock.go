package auth

import (
	"context"
	"strings"
	"time"

	"casedesk/app"
)

// UnlockStore is what clearing a sign-in lock needs from the case store.
type UnlockStore interface {
	CredentialsByUsername(ctx context.Context, username string) (Credentials, error)
	Unlock(ctx context.Context, accountID, by string, at time.Time) error
}

// Unlock clears the lock that failed sign-ins put on the account with this
// username, for staff who have checked who is asking; by is who the audit
// log names. An unknown username is app.ErrNotFound.
func Unlock(ctx context.Context, store UnlockStore, username, by string, at time.Time) (app.Account, error) {
	cred, err := store.CredentialsByUsername(ctx, strings.TrimSpace(username))
	if err != nil {
		return app.Account{}, err
	}
	return cred.Account, store.Unlock(ctx, cred.Account.ID, by, at)
}
