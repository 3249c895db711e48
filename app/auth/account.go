package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"casedesk/app"
)

// AccountStore is what changing and recovering an account needs beyond sign-in.
type AccountStore interface {
	SignInStore
	SetPassword(ctx context.Context, accountID, hash string, at time.Time) error
	ReplaceBackupCodes(ctx context.Context, accountID string, hashes []string, at time.Time) error
	BackupCodesLeft(ctx context.Context, accountID string) (int, error)
	SignInActivity(ctx context.Context, accountID string, limit int) ([]app.AuditEvent, error)
	// PeopleByIdentity finds people by family name (accents and case ignored).
	SearchPeople(ctx context.Context, query string, limit int) ([]app.Person, error)
	AccountOfPerson(ctx context.Context, personID string) (app.Account, error)
}

// Account changes and recovers accounts: change the password and make new
// backup codes after the password is typed again; forgotten password and
// username with a backup code. Wrong answers count toward the lock.
type Account struct {
	*SignIn
	store  AccountStore
	argon2 Argon2Params
}

// NewAccount returns the account service.
func NewAccount(store AccountStore, keys *Keys, now func() time.Time, argon Argon2Params) *Account {
	return &Account{SignIn: NewSignIn(store, keys, now, argon), store: store, argon2: argon}
}

// reauth checks the account's current password again.
func (a *Account) reauth(ctx context.Context, accountID, password string) (Credentials, error) {
	cred, err := a.store.CredentialsByID(ctx, accountID)
	if err != nil {
		return Credentials{}, err
	}
	if a.now().Before(cred.Account.LockedUntil) {
		return Credentials{}, &LockedError{Until: cred.Account.LockedUntil}
	}
	ok, err := VerifyPassword(password, cred.PasswordHash)
	if err != nil {
		return Credentials{}, err
	}
	if !ok {
		return Credentials{}, a.fail(ctx, accountID, ErrWrongPassword, "wrong password (re-entered)")
	}
	return cred, nil
}

// ErrWrongPassword means the re-entered current password is not right.
var ErrWrongPassword = errors.New("the current password is not right")

// ChangePassword sets a new password after the current one is typed again.
func (a *Account) ChangePassword(ctx context.Context, accountID, current, next string) error {
	cred, err := a.reauth(ctx, accountID, current)
	if err != nil {
		return err
	}
	if err := CheckPassword(next, cred.Account.Username); err != nil {
		return err
	}
	if err := a.store.SetPassword(ctx, accountID, HashPassword(next, a.argon2), a.now()); err != nil {
		return err
	}
	a.audit(ctx, accountID, "account.password_changed", accountID, "")
	return nil
}

// NewBackupCodes replaces the backup codes after the password is typed
// again; the old ones stop working. It returns the new sheet.
func (a *Account) NewBackupCodes(ctx context.Context, accountID, current string) ([]string, error) {
	if _, err := a.reauth(ctx, accountID, current); err != nil {
		return nil, err
	}
	codes, err := NewBackupCodes()
	if err != nil {
		return nil, err
	}
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = a.keys.BackupHash(c)
	}
	if err := a.store.ReplaceBackupCodes(ctx, accountID, hashes, a.now()); err != nil {
		return nil, err
	}
	a.audit(ctx, accountID, "account.backup_codes_replaced", accountID, "")
	return codes, nil
}

// BackupCodesLeft says how many backup codes are unused.
func (a *Account) BackupCodesLeft(ctx context.Context, accountID string) (int, error) {
	return a.store.BackupCodesLeft(ctx, accountID)
}

// Activity lists recent sign-ins and failed tries, newest first.
func (a *Account) Activity(ctx context.Context, accountID string) ([]app.AuditEvent, error) {
	return a.store.SignInActivity(ctx, accountID, 10)
}

// ResetPassword is "forgot password": the username and an unused backup
// code (which it uses up) set a new password. A wrong username or code gets
// one message.
func (a *Account) ResetPassword(ctx context.Context, username, backupCode, next string) error {
	cred, err := a.store.CredentialsByUsername(ctx, strings.TrimSpace(username))
	if errors.Is(err, app.ErrNotFound) || (err == nil && cred.PasswordHash == "") {
		return ErrRecovery
	}
	if err != nil {
		return err
	}
	if a.now().Before(cred.Account.LockedUntil) {
		return &LockedError{Until: cred.Account.LockedUntil}
	}
	if err := CheckPassword(next, cred.Account.Username); err != nil {
		return err // checked first, so a refused password does not use up the code
	}
	if err := a.store.UseBackupCode(ctx, cred.Account.ID, a.keys.BackupHash(backupCode), a.now()); err != nil {
		if errors.Is(err, app.ErrNotFound) {
			return a.fail(ctx, cred.Account.ID, ErrRecovery, "wrong backup code (password reset)")
		}
		return err
	}
	if err := a.store.SetPassword(ctx, cred.Account.ID, HashPassword(next, a.argon2), a.now()); err != nil {
		return err
	}
	a.audit(ctx, cred.Account.ID, "account.password_reset", cred.Account.ID, "with a backup code")
	return nil
}

// ErrRecovery is one error for every wrong answer while recovering an account.
var ErrRecovery = errors.New("the details or the backup code do not match")

// RecoverUsername is "forgot username": identity and an unused backup code
// (which it uses up) give the username.
func (a *Account) RecoverUsername(ctx context.Context, id Identity, backupCode string) (string, error) {
	dob, err := app.ParseDate(id.DateOfBirth)
	if err != nil {
		return "", err
	}
	zip, err := app.ParseZIP(id.ZIP)
	if err != nil {
		return "", err
	}
	people, err := a.store.SearchPeople(ctx, id.FamilyName, 200)
	if err != nil {
		return "", err
	}
	for _, p := range people {
		if !app.SameName(p.FamilyName, id.FamilyName) || p.DateOfBirth.ISO() != dob.ISO() || p.Address.ZIP.Five() != zip.Five() {
			continue
		}
		acct, err := a.store.AccountOfPerson(ctx, p.ID)
		if err != nil || acct.Username == "" {
			continue
		}
		if a.now().Before(acct.LockedUntil) {
			return "", &LockedError{Until: acct.LockedUntil}
		}
		if err := a.store.UseBackupCode(ctx, acct.ID, a.keys.BackupHash(backupCode), a.now()); err != nil {
			if errors.Is(err, app.ErrNotFound) {
				return "", a.fail(ctx, acct.ID, ErrRecovery, "wrong backup code (username reminder)")
			}
			return "", err
		}
		a.audit(ctx, acct.ID, "account.username_recovered", acct.ID, "with a backup code")
		return acct.Username, nil
	}
	return "", ErrRecovery
}

// AuthenticatorStore is what managing the authenticator app needs.
type AuthenticatorStore interface {
	SetTOTP(ctx context.Context, accountID string, sealed []byte, step int64, at time.Time) error
}

// SetAuthenticator replaces (or adds) the account's authenticator app after
// the password is typed again and a code from the new app confirms it.
func (a *Account) SetAuthenticator(ctx context.Context, accountID, password string, e Enrolment, code string) error {
	st, ok := a.store.(AuthenticatorStore)
	if !ok {
		return errors.New("auth: the store cannot keep authenticator secrets")
	}
	if _, err := a.reauth(ctx, accountID, password); err != nil {
		return err
	}
	step, err := CheckTOTP(e.Secret, code, a.now(), 0)
	if err != nil {
		return err
	}
	if err := st.SetTOTP(ctx, accountID, a.keys.Seal([]byte(e.Secret)), step, a.now()); err != nil {
		return err
	}
	a.audit(ctx, accountID, "account.authenticator_set", accountID, "")
	return nil
}

// RemoveAuthenticator stops the account's authenticator app after the
// password is typed again; backup codes remain the second step.
func (a *Account) RemoveAuthenticator(ctx context.Context, accountID, password string) error {
	st, ok := a.store.(AuthenticatorStore)
	if !ok {
		return errors.New("auth: the store cannot keep authenticator secrets")
	}
	if _, err := a.reauth(ctx, accountID, password); err != nil {
		return err
	}
	if err := st.SetTOTP(ctx, accountID, nil, 0, a.now()); err != nil {
		return err
	}
	a.audit(ctx, accountID, "account.authenticator_removed", accountID, "")
	return nil
}

// HasAuthenticator reports whether the account signs in with an authenticator app.
func (a *Account) HasAuthenticator(ctx context.Context, accountID string) (bool, error) {
	cred, err := a.store.CredentialsByID(ctx, accountID)
	return err == nil && cred.TOTPSecret != nil, err
}
