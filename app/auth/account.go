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
	// AccountHoldersAtZIP finds the people with an account set up whose
	// mailing ZIP code starts with zip5; the caller compares names.
	AccountHoldersAtZIP(ctx context.Context, zip5 string, limit int) ([]app.Person, error)
	AccountOfPerson(ctx context.Context, personID string) (app.Account, error)
	Person(ctx context.Context, id string) (app.Person, error)
	BackupCodeUnused(ctx context.Context, accountID, hash string) (bool, error)
	RecoverAccount(ctx context.Context, r Recovered) error
	// CompleteFirstSetUp writes a staff member's first sign-in (see
	// FirstSetUp); app.ErrConflict when the one-time password was
	// already replaced or reset.
	CompleteFirstSetUp(ctx context.Context, r FirstSetUp) error
}

// Account changes and recovers accounts: change the password and make new
// backup codes after the password is typed again (wrong passwords count
// toward sign-in's lock); forgotten password and username with a backup
// code (counted apart, see MaxRecoveryFailures).
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
	t, err := a.take(ctx, accountID, a.now())
	if err != nil {
		return Credentials{}, err
	}
	ok, err := VerifyPassword(password, cred.PasswordHash)
	if err != nil {
		return Credentials{}, err
	}
	if !ok {
		return Credentials{}, a.failed(ctx, accountID, t, ErrWrongPassword, "wrong password (re-entered)")
	}
	return cred, a.passed(ctx, accountID)
}

// ConfirmPassword checks the account's password typed again before a
// sensitive step (such as printing the clinic's recovery key). A wrong
// password counts as a failed sign-in try: the account locks after as many
// as sign-in allows, and each failure is audited.
func (a *Account) ConfirmPassword(ctx context.Context, accountID, password string) error {
	_, err := a.reauth(ctx, accountID, password)
	return err
}

// ErrWrongPassword means the re-entered current password is not right.
var ErrWrongPassword = errors.New("the current password is not right")

// ChangePassword sets a new password after the current one is typed again.
func (a *Account) ChangePassword(ctx context.Context, accountID, current, next string) error {
	cred, err := a.reauth(ctx, accountID, current)
	if err != nil {
		return err
	}
	p, err := a.store.Person(ctx, cred.Account.PersonID)
	if err != nil {
		return err
	}
	if err := CheckPassword(next, cred.Account.Username, p.GivenName, p.MiddleName, p.FamilyName); err != nil {
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

// Recovery limits: failed recoveries are counted apart from sign-in (they
// never lock it), per username or identity typed, whether or not anyone
// has it, so the limit answers a stranger and a client alike.
const (
	MaxRecoveryFailures = 5
	RecoveryWindow      = 24 * time.Hour
	recoveryKind        = "recovery"
	recoveryUser        = "recovery username"
	recoveryIdentity    = "recovery identity"
)

// ErrRecovery is one error for every wrong answer while recovering an account.
var ErrRecovery = errors.New("the details or the codes do not match")

// RecoveryLimitError means too many recoveries failed for these details.
type RecoveryLimitError struct{ Until time.Time }

func (e *RecoveryLimitError) Error() string { return "too many failed recoveries" }

// Reset is what "Forgot your password?" asks for.
type Reset struct {
	Username   string
	BackupCode string
	// AuthenticatorCode is needed when the account has an authenticator
	// app: a backup-code sheet alone must not take over such an account.
	AuthenticatorCode string
	NewPassword       string
}

// Reminder is what "Forgot your username?" asks for.
type Reminder struct {
	FamilyName, DateOfBirth, ZIP  string
	BackupCode, AuthenticatorCode string
}

// Sheet is the new backup-code sheet a recovery issues, shown once: the
// codes and what the printed sheet carries. Username is set by a username
// reminder, for the screen only; the printed sheet never carries it.
type Sheet struct {
	Codes         []string
	Name          string
	AccountNumber app.AccountNumber
	Username      string
	// Authenticator: the account signs in with an authenticator app too;
	// without one, every sign-in takes a backup code.
	Authenticator bool
	Language      string // the person's, which the printed sheet is in
}

// Recovered is what the store writes, in one transaction, when a recovery
// succeeds: the proving backup code (and authenticator step) used, the
// sheet replaced by a new one, the new password when there is one.
type Recovered struct {
	AccountID       string
	BackupHash      string
	TOTPStep        int64 // zero when no authenticator code was needed
	PasswordHash    string
	NewBackupHashes []string
	At              time.Time
	Action, Detail  string // the audit row
}

// ResetPassword is "forgot password": the username, an unused backup code
// and, when the account has an authenticator app, its current code, set a
// new password. The sheet the backup code came from ends and a new one is
// returned, to be shown once and printed. An unknown username and a wrong
// code get the same answer after the same work; the password rules are
// checked only once the codes are right, so a refusal says nothing to a
// stranger.
func (a *Account) ResetPassword(ctx context.Context, r Reset) (Sheet, error) {
	now := a.now()
	key := a.keys.MAC(recoveryUser, foldUsername(r.Username))
	t, err := a.recoveryTake(ctx, key, now)
	if err != nil {
		return Sheet{}, err
	}
	cred, err := a.store.CredentialsByUsername(ctx, strings.TrimSpace(r.Username))
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return Sheet{}, err
	}
	known := err == nil && cred.PasswordHash != ""
	pr, ok, err := a.prove(ctx, cred, known, r.BackupCode, r.AuthenticatorCode, now)
	if err != nil {
		return Sheet{}, err
	}
	if !ok {
		return Sheet{}, a.recoveryFailed(ctx, t, cred.Account.ID, now, "password reset")
	}
	// The codes were right: the try is given back whatever comes next.
	if err := a.recoveryPassed(ctx, key); err != nil {
		return Sheet{}, err
	}
	p, err := a.store.Person(ctx, cred.Account.PersonID)
	if err != nil {
		return Sheet{}, err
	}
	if err := CheckPassword(r.NewPassword, cred.Account.Username, p.GivenName, p.MiddleName, p.FamilyName); err != nil {
		return Sheet{}, err
	}
	codes, err := a.recover(ctx, pr, Recovered{AccountID: cred.Account.ID, PasswordHash: HashPassword(r.NewPassword, a.argon2),
		Action: "account.password_reset"})
	if err != nil {
		return Sheet{}, err
	}
	return Sheet{Codes: codes, Name: p.FullName(), AccountNumber: cred.Account.Number, Authenticator: cred.TOTPSecret != nil,
		Language: p.Language}, nil
}

// RecoverUsername is "forgot username": family name, date of birth and ZIP
// as the clinic has them, an unused backup code and, when the account has
// an authenticator app, its current code, give the username. As with a
// reset, the sheet ends and a new one is returned.
func (a *Account) RecoverUsername(ctx context.Context, r Reminder) (Sheet, error) {
	dob, err := app.ParseDateOfBirth(r.DateOfBirth)
	if err != nil {
		return Sheet{}, err
	}
	zip, err := app.ParseZIP(r.ZIP)
	if err != nil {
		return Sheet{}, err
	}
	now := a.now()
	key := a.keys.MAC(recoveryIdentity, app.NameKey(r.FamilyName)+"|"+dob.ISO()+"|"+zip.Five())
	t, err := a.recoveryTake(ctx, key, now)
	if err != nil {
		return Sheet{}, err
	}
	people, err := a.store.AccountHoldersAtZIP(ctx, zip.Five(), 2000)
	if err != nil {
		return Sheet{}, err
	}
	tried := false
	for _, p := range people {
		if !app.SameName(p.FamilyName, r.FamilyName) || p.DateOfBirth.ISO() != dob.ISO() || p.Address.ZIP.Five() != zip.Five() {
			continue
		}
		acct, err := a.store.AccountOfPerson(ctx, p.ID)
		if errors.Is(err, app.ErrNotFound) || (err == nil && acct.Username == "") {
			continue
		}
		if err != nil {
			return Sheet{}, err
		}
		cred, err := a.store.CredentialsByID(ctx, acct.ID)
		if err != nil {
			return Sheet{}, err
		}
		tried = true
		pr, ok, err := a.prove(ctx, cred, cred.PasswordHash != "", r.BackupCode, r.AuthenticatorCode, now)
		if err != nil {
			return Sheet{}, err
		}
		if ok {
			if err := a.recoveryPassed(ctx, key); err != nil {
				return Sheet{}, err
			}
			codes, err := a.recover(ctx, pr, Recovered{AccountID: acct.ID, Action: "account.username_recovered"})
			if err != nil {
				return Sheet{}, err
			}
			return Sheet{Codes: codes, Name: p.FullName(), AccountNumber: acct.Number, Username: acct.Username,
				Authenticator: cred.TOTPSecret != nil, Language: p.Language}, nil
		}
	}
	if !tried { // the same lookup of a backup code as for a real account
		if _, _, err := a.prove(ctx, Credentials{}, false, r.BackupCode, r.AuthenticatorCode, now); err != nil {
			return Sheet{}, err
		}
	}
	return Sheet{}, a.recoveryFailed(ctx, t, "", now, "username reminder")
}

// proof is what showed a recovery is the account holder's.
type proof struct {
	backupHash string
	step       int64
	method     string
}

// prove checks a backup code (without using it up) and, for an account
// with an authenticator app, the app's current code. For an unknown
// account (known false) it does the same lookup and reports false.
func (a *Account) prove(ctx context.Context, cred Credentials, known bool, backup, code string, now time.Time) (proof, bool, error) {
	pr := proof{backupHash: a.keys.BackupHash(backup), method: "with a backup code"}
	unused, err := a.store.BackupCodeUnused(ctx, cred.Account.ID, pr.backupHash)
	if err != nil {
		return proof{}, false, err
	}
	ok := known && unused && NormalBackupCode(backup) != ""
	if known && cred.TOTPSecret != nil {
		secret, err := a.keys.Open(cred.TOTPSecret)
		if err != nil {
			return proof{}, false, err
		}
		digits := strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code))
		step, err := CheckTOTP(string(secret), digits, now, cred.TOTPLastStep)
		ok = ok && err == nil
		pr.step, pr.method = step, "with a backup code and an authenticator code"
	}
	return pr, ok, nil
}

// recover writes a proven recovery with a new backup-code sheet and
// returns the sheet.
func (a *Account) recover(ctx context.Context, pr proof, r Recovered) ([]string, error) {
	codes, err := NewBackupCodes()
	if err != nil {
		return nil, err
	}
	for _, c := range codes {
		r.NewBackupHashes = append(r.NewBackupHashes, a.keys.BackupHash(c))
	}
	r.BackupHash, r.TOTPStep, r.At = pr.backupHash, pr.step, a.now().UTC()
	r.Detail = pr.method + "; the backup-code sheet was replaced"
	if err := a.store.RecoverAccount(ctx, r); err != nil {
		if errors.Is(err, app.ErrConflict) { // another recovery used the code first
			return nil, ErrRecovery
		}
		return nil, err
	}
	return codes, nil
}

// recoveryTake takes a try for a recovery before its codes are checked, so
// that recoveries at once cannot pass the limit; while the details are over
// the limit it refuses. Recovery tries never touch sign-in's count.
func (a *Account) recoveryTake(ctx context.Context, key string, now time.Time) (app.Tally, error) {
	var locked bool
	t, err := a.store.UpdateThrottle(ctx, recoveryKind, key, app.Take(now, app.DailyRule(now, MaxRecoveryFailures, RecoveryWindow), &locked))
	if err != nil {
		return t, err
	}
	if locked {
		a.audit(ctx, "", "recovery.refused", "", "too many failed recoveries")
		return t, &RecoveryLimitError{Until: t.LockedUntil}
	}
	return t, nil
}

// recoveryPassed gives back the try of a recovery whose codes were right.
func (a *Account) recoveryPassed(ctx context.Context, key string) error {
	_, err := a.store.UpdateThrottle(ctx, recoveryKind, key, app.GiveBack(MaxRecoveryFailures, 0))
	return err
}

// recoveryFailed audits a failed recovery on the try t took, and says when
// it reached the limit.
func (a *Account) recoveryFailed(ctx context.Context, t app.Tally, accountID string, now time.Time, what string) error {
	a.audit(ctx, "", "recovery.failed", accountID, what+": the details or codes did not match")
	if t.Locked(now) {
		return &RecoveryLimitError{Until: t.LockedUntil}
	}
	return ErrRecovery
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
