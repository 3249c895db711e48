package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
)

// Sign-in limits (DESIGN.md "Sign in").
const (
	MaxSignInFailures = 5
	LockFor           = 30 * time.Minute
	// challengeTTL is how long the second step may wait after the password.
	challengeTTL = 5 * time.Minute
)

// Credentials are what the store holds to check a sign-in.
type Credentials struct {
	Account      app.Account
	PasswordHash string
	TOTPSecret   []byte // sealed; nil without an authenticator
	TOTPLastStep int64
}

// SignInStore is what sign-in needs from the case store.
type SignInStore interface {
	// CredentialsByUsername finds an account by username, ignoring case.
	CredentialsByUsername(ctx context.Context, username string) (Credentials, error)
	// CredentialsByID finds an account by id.
	CredentialsByID(ctx context.Context, accountID string) (Credentials, error)
	// FailSignIn counts a failed try and, on the try that reaches max,
	// locks the account until lockUntil; it returns the count.
	FailSignIn(ctx context.Context, accountID string, max int, lockUntil, at time.Time) (int, error)
	// SignedIn resets the failure count and stamps the sign-in.
	SignedIn(ctx context.Context, accountID string, at time.Time) error
	// UseTOTPStep records an accepted authenticator step; app.ErrConflict
	// when that step (or a later one) was already used.
	UseTOTPStep(ctx context.Context, accountID string, step int64) error
	// UseBackupCode marks an unused backup code with this hash used;
	// app.ErrNotFound when there is none.
	UseBackupCode(ctx context.Context, accountID, hash string, at time.Time) error
	// Unlock clears a lock and the failure count.
	Unlock(ctx context.Context, accountID, by string, at time.Time) error
	Audit(ctx context.Context, e *app.AuditEvent) error
}

// SignIn checks usernames, passwords and second factors.
type SignIn struct {
	store  SignInStore
	keys   *Keys
	now    func() time.Time
	dummy  func() string // a hash to check against when there is no such user
	mu     sync.Mutex
	issued map[string]challenge
}

type challenge struct {
	accountID string
	expires   time.Time
}

// NewSignIn returns the sign-in service. now is the clock (nil: time.Now);
// argon are the password costs new hashes use (for the dummy check).
func NewSignIn(store SignInStore, keys *Keys, now func() time.Time, argon Argon2Params) *SignIn {
	if now == nil {
		now = time.Now
	}
	// Made on first use: hashing costs 19 MiB and tens of milliseconds,
	// which the window's start should not pay.
	dummy := sync.OnceValue(func() string { return HashPassword("not a password anyone has", argon) })
	return &SignIn{store: store, keys: keys, now: now, issued: map[string]challenge{}, dummy: dummy}
}

// Errors of signing in. ErrSignIn is one error for an unknown username and
// a wrong password (or second-step code): it never says which.
var (
	ErrSignIn       = errors.New("the username or password is not right")
	ErrSecondFactor = errors.New("the code is not right")
	ErrLocked       = errors.New("account locked")
	ErrNoAccount    = errors.New("account not set up")
	ErrChallenge    = errors.New("sign-in step expired")
)

// LockedError says until when an account is locked.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return ErrLocked.Error() }
func (e *LockedError) Unwrap() error { return ErrLocked }

// SignInMessage explains a sign-in error to the person at the screen.
func SignInMessage(err error) string {
	var le *LockedError
	switch {
	case errors.As(err, &le):
		return i18n.T("This account is locked for a while after too many failed tries. Try again after %s, or ask the clinic to unlock it.",
			le.Until.Local().Format("3:04 PM"))
	case errors.Is(err, ErrSignIn):
		return i18n.T("The username or password is not right. Check them and try again; after 5 failed tries the account locks for 30 minutes.")
	case errors.Is(err, ErrSecondFactor):
		return i18n.T("That code did not work. Type the 6 digits your authenticator app shows now, or one of your unused backup codes.")
	case errors.Is(err, ErrWrongPassword):
		return i18n.T("The current password is not right. Type the password you sign in with now.")
	case errors.Is(err, ErrRecovery):
		return i18n.T("Those details or that backup code do not match our records. Check them and try again; each backup code works once.")
	case errors.Is(err, ErrChallenge):
		return i18n.T("The sign-in took too long. Start again with your username and password.")
	}
	var in *app.InputError
	if errors.As(err, &in) {
		return in.Error()
	}
	return i18n.T("Signing in failed: %v", err)
}

// Challenge is a passed first step: the second asks for a code.
type Challenge struct {
	ID      string
	HasTOTP bool
}

// Password is the first step: username and password. An unknown username
// costs the same hashing as a wrong password and gets the same error.
func (s *SignIn) Password(ctx context.Context, username, password string) (Challenge, error) {
	now := s.now()
	cred, err := s.store.CredentialsByUsername(ctx, strings.TrimSpace(username))
	if errors.Is(err, app.ErrNotFound) || (err == nil && cred.PasswordHash == "") {
		VerifyPassword(password, s.dummy()) // the same work as a real check
		s.audit(ctx, "", "signin.failed", "", "unknown username")
		return Challenge{}, ErrSignIn
	}
	if err != nil {
		return Challenge{}, err
	}
	ok, err := VerifyPassword(password, cred.PasswordHash)
	if err != nil {
		return Challenge{}, err
	}
	if now.Before(cred.Account.LockedUntil) {
		s.audit(ctx, cred.Account.ID, "signin.refused", cred.Account.ID, "account locked")
		return Challenge{}, &LockedError{Until: cred.Account.LockedUntil}
	}
	if !ok {
		return Challenge{}, s.fail(ctx, cred.Account.ID, ErrSignIn, "wrong password")
	}
	id := make([]byte, 16)
	rand.Read(id)
	c := Challenge{ID: hex.EncodeToString(id), HasTOTP: cred.TOTPSecret != nil}
	s.mu.Lock()
	for k, v := range s.issued {
		if now.After(v.expires) {
			delete(s.issued, k)
		}
	}
	s.issued[c.ID] = challenge{accountID: cred.Account.ID, expires: now.Add(challengeTTL)}
	s.mu.Unlock()
	return c, nil
}

// fail counts a failed try, locking the account on the fifth in a row.
func (s *SignIn) fail(ctx context.Context, accountID string, err error, detail string) error {
	now := s.now()
	n, ferr := s.store.FailSignIn(ctx, accountID, MaxSignInFailures, now.Add(LockFor), now)
	if ferr != nil {
		return ferr
	}
	s.audit(ctx, accountID, "signin.failed", accountID, detail)
	if n >= MaxSignInFailures {
		s.audit(ctx, accountID, "account.locked", accountID, "after 5 failed tries")
		return &LockedError{Until: now.Add(LockFor)}
	}
	return err
}

func (s *SignIn) audit(ctx context.Context, actor, action, record, detail string) {
	s.store.Audit(ctx, &app.AuditEvent{At: s.now(), ActorID: actor, Action: action, RecordType: "account", RecordID: record, Detail: detail})
}

// Code is the second step: a current authenticator code or an unused
// backup code. Each works once. The account it returns carries the
// previous sign-in time in LastSignInAt.
func (s *SignIn) Code(ctx context.Context, c Challenge, typed string) (app.Account, error) {
	now := s.now()
	s.mu.Lock()
	ch, ok := s.issued[c.ID]
	s.mu.Unlock()
	if !ok || now.After(ch.expires) {
		return app.Account{}, ErrChallenge
	}
	cred, err := s.store.CredentialsByID(ctx, ch.accountID)
	if err != nil {
		return app.Account{}, err
	}
	if now.Before(cred.Account.LockedUntil) {
		return app.Account{}, &LockedError{Until: cred.Account.LockedUntil}
	}
	method, err := s.checkCode(ctx, cred, typed, now)
	if err != nil {
		return app.Account{}, s.fail(ctx, cred.Account.ID, ErrSecondFactor, "wrong code")
	}
	s.mu.Lock()
	delete(s.issued, c.ID)
	s.mu.Unlock()
	if err := s.store.SignedIn(ctx, cred.Account.ID, now); err != nil {
		return app.Account{}, err
	}
	s.audit(ctx, cred.Account.ID, "signin.ok", cred.Account.ID, method)
	acct := cred.Account
	acct.FailedAttempts = 0 // LastSignInAt stays the previous visit's, to show what changed since
	return acct, nil
}

// checkCode accepts an authenticator code (six digits) or a backup code.
func (s *SignIn) checkCode(ctx context.Context, cred Credentials, typed string, now time.Time) (string, error) {
	digits := strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(typed))
	if len(digits) == 6 && cred.TOTPSecret != nil {
		secret, err := s.keys.Open(cred.TOTPSecret)
		if err != nil {
			return "", err
		}
		step, err := CheckTOTP(string(secret), digits, now, cred.TOTPLastStep)
		if err != nil {
			return "", err
		}
		if err := s.store.UseTOTPStep(ctx, cred.Account.ID, step); err != nil {
			return "", err
		}
		return "authenticator code", nil
	}
	if NormalBackupCode(typed) == "" {
		return "", ErrSecondFactor
	}
	if err := s.store.UseBackupCode(ctx, cred.Account.ID, s.keys.BackupHash(typed), now); err != nil {
		return "", err
	}
	return "backup code", nil
}

// Unlock lets staff clear a lock.
func (s *SignIn) Unlock(ctx context.Context, accountID, by string) error {
	return s.store.Unlock(ctx, accountID, by, s.now())
}
