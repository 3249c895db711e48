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
	// MaxFailuresInRow failed tries since the last success lock the account
	// until the clinic unlocks it (NIST SP 800-63B-4 §3.2.2 caps them at 100).
	MaxFailuresInRow = 100
	// signInKind counts the failed tries of usernames no account has,
	// exactly as an account's own are counted, so both answer alike.
	signInKind = "signin"
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
	// UpdateSignInTally applies rule to an account's failed tries in one
	// transaction and returns the result.
	UpdateSignInTally(ctx context.Context, accountID string, rule func(app.Tally) app.Tally) (app.Tally, error)
	// Throttle, UpdateThrottle and ClearThrottle keep the tallies of
	// things that are not an account (a username nobody has, a recovery).
	Throttle(ctx context.Context, kind, key string) (app.Tally, error)
	UpdateThrottle(ctx context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error)
	ClearThrottle(ctx context.Context, kind, key string) error
	// SignedIn resets the failure counts and stamps the sign-in.
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
	case errors.As(err, &le) && !le.Until.Before(app.Forever):
		return i18n.T("This account is locked after too many failed tries. Ask the clinic to unlock it; they will check who you are.")
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
		return i18n.T("Those details or codes do not match our records. Check them and try again: an unused backup code and, if you set up an authenticator app, the 6 digits it shows now.")
	case errors.Is(err, ErrChallenge):
		return i18n.T("The sign-in took too long. Start again with your username and password.")
	}
	var rl *RecoveryLimitError
	if errors.As(err, &rl) {
		return i18n.T("Too many tries to recover an account with these details. Try again after %s, or ask the clinic for help: they check who you are in person.",
			rl.Until.Local().Format("January 2 at 3:04 PM"))
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
		return Challenge{}, s.failUnknown(ctx, username, now)
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

// fail counts a failed try, locking the account on the fifth in a row
// and, at the hundredth since the last success, until the clinic unlocks it.
func (s *SignIn) fail(ctx context.Context, accountID string, err error, detail string) error {
	now := s.now()
	t, ferr := s.store.UpdateSignInTally(ctx, accountID, app.LockoutRule(now, MaxSignInFailures, MaxFailuresInRow, LockFor))
	if ferr != nil {
		return ferr
	}
	s.audit(ctx, accountID, "signin.failed", accountID, detail)
	return s.locked(ctx, accountID, t, now, err)
}

// locked says, and audits, when a failure just locked; otherwise err.
func (s *SignIn) locked(ctx context.Context, accountID string, t app.Tally, now time.Time, err error) error {
	if !t.Locked(now) {
		return err
	}
	detail := "after 5 failed tries"
	if t.Permanent() {
		detail = "after 100 failed tries in a row; the clinic unlocks it"
	}
	s.audit(ctx, accountID, "account.locked", accountID, detail)
	return &LockedError{Until: t.LockedUntil}
}

// failUnknown answers a username no account has exactly as a wrong
// password: its tries are counted and locked by the same rule, under a
// keyed hash of the username, so "locked" never tells a real account apart.
func (s *SignIn) failUnknown(ctx context.Context, username string, now time.Time) error {
	key := s.keys.MAC(signInKind, foldUsername(username))
	t, err := s.store.Throttle(ctx, signInKind, key)
	if err != nil {
		return err
	}
	if t.Locked(now) {
		s.audit(ctx, "", "signin.refused", "", "account locked")
		return &LockedError{Until: t.LockedUntil}
	}
	t, err = s.store.UpdateThrottle(ctx, signInKind, key, app.LockoutRule(now, MaxSignInFailures, MaxFailuresInRow, LockFor))
	if err != nil {
		return err
	}
	s.audit(ctx, "", "signin.failed", "", "unknown username")
	return s.locked(ctx, "", t, now, ErrSignIn)
}

// foldUsername is the form usernames are compared in: they are ASCII and
// case does not matter.
func foldUsername(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

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
