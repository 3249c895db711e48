package auth

import (
	"context"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
)

// FirstSetUp is what a staff member's first sign-in writes at once: the
// password they chose in place of the one-time password, and their 2-step
// verification. The store writes it only while the account still has the
// one-time password OldHash (app.ErrConflict otherwise).
type FirstSetUp struct {
	AccountID    string
	OldHash      string
	PasswordHash string
	TOTPSecret   []byte // sealed; nil for backup codes only
	TOTPStep     int64
	BackupHashes []string
	At           time.Time
}

// ErrSamePassword is a new password equal to the one-time password.
var ErrSamePassword = errors.New("the new password is the one-time password")

// FirstSignIn finishes the sign-in of a staff member whose password is a
// one-time password (c.MustChange): it sets the password they chose and
// their 2-step verification (a sheet of backup codes always, and an
// authenticator app when they confirmed one with a code), and signs them
// in. Nothing is written unless all of it is right. The first step's tries
// and lock rules were applied by Password; the code confirming a new
// authenticator is the person's own and is not counted.
func (a *Account) FirstSignIn(ctx context.Context, c Challenge, s Setup) (app.Account, error) {
	now := a.now()
	a.mu.Lock()
	ch, ok := a.issued[c.ID]
	a.mu.Unlock()
	if !ok || now.After(ch.expires) || !ch.mustChange {
		return app.Account{}, ErrChallenge
	}
	cred, err := a.store.CredentialsByID(ctx, ch.accountID)
	if err != nil {
		return app.Account{}, err
	}
	if cred.PasswordHash != ch.passwordHash || cred.Disabled || !cred.MustChange {
		a.forget(c.ID)
		return app.Account{}, ErrChallenge
	}
	p, err := a.store.Person(ctx, cred.Account.PersonID)
	if err != nil {
		return app.Account{}, err
	}
	if err := CheckPassword(s.Password, cred.Account.Username, p.GivenName, p.MiddleName, p.FamilyName); err != nil {
		return app.Account{}, err
	}
	if same, err := VerifyPassword(s.Password, cred.PasswordHash); err != nil {
		return app.Account{}, err
	} else if same {
		return app.Account{}, app.Invalid(app.FieldPassword, "is the one-time password you were given; choose a password of your own")
	}
	if len(s.BackupCodes) != BackupCodeCount {
		return app.Account{}, errors.New("auth: a sheet of backup codes is always issued")
	}
	r := FirstSetUp{AccountID: cred.Account.ID, OldHash: cred.PasswordHash, PasswordHash: HashPassword(s.Password, a.argon2), At: now.UTC()}
	if s.Enrolment != nil {
		step, err := CheckTOTP(s.Enrolment.Secret, s.ConfirmCode, now, 0)
		if err != nil {
			return app.Account{}, err
		}
		r.TOTPSecret, r.TOTPStep = a.keys.Seal([]byte(s.Enrolment.Secret)), step
	}
	for _, code := range s.BackupCodes {
		r.BackupHashes = append(r.BackupHashes, a.keys.BackupHash(code))
	}
	if err := a.store.CompleteFirstSetUp(ctx, r); err != nil {
		if errors.Is(err, app.ErrConflict) {
			a.forget(c.ID)
			return app.Account{}, ErrChallenge
		}
		return app.Account{}, err
	}
	a.forget(c.ID)
	if err := a.store.SignedIn(ctx, cred.Account.ID, now); err != nil {
		return app.Account{}, err
	}
	method := "one-time password replaced; backup codes"
	if r.TOTPSecret != nil {
		method += " and authenticator app"
	}
	a.audit(ctx, cred.Account.ID, "signin.first", cred.Account.ID, method)
	acct := cred.Account
	acct.FailedAttempts = 0
	return acct, nil
}

// forget ends a challenge.
func (s *SignIn) forget(id string) {
	s.mu.Lock()
	delete(s.issued, id)
	s.mu.Unlock()
}

// OneTimePasswordMessage is what a staff member signing in with a one-time
// password is told.
func OneTimePasswordMessage() string {
	return i18n.T("You signed in with a one-time password. Choose a password of your own, then set up 2-step verification.")
}
