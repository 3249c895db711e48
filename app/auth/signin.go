package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
)

// Sign-in limits: 5 failed tries lock an account for 30 minutes.
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
	// MustChange: the password is a one-time password a clinic
	// administrator gave a staff member; the first sign-in replaces it
	// and sets up 2-step verification (see FirstSignIn).
	MustChange bool
	// Disabled: a staff member an administrator disabled; they cannot
	// sign in, and are answered as a wrong password is.
	Disabled bool
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
	// UpdateThrottle keeps the tallies of things that are not an account
	// (a username nobody has, a recovery), by a keyed hash.
	UpdateThrottle(ctx context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error)
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
	// passwordHash is the hash the first step matched: a password changed
	// or reset since ends the challenge.
	passwordHash string
	mustChange   bool
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
	ErrChallenge    = errors.New("sign-in step expired")
	// ErrCodeJustUsed is an authenticator code that is right but whose
	// 30-second step was used already, often a moment ago to confirm the
	// app. It is refused like any wrong code (each code works once) and
	// counts as a failed try, but it says to wait for the next code. It
	// is an ErrSecondFactor too.
	ErrCodeJustUsed = fmt.Errorf("%w: the authenticator code was already used", ErrSecondFactor)
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
			i18n.Current().Time(le.Until.Local()))
	case errors.Is(err, ErrSignIn):
		return i18n.T("The username or password is not right. Check them and try again; after 5 failed tries the account locks for 30 minutes.")
	case errors.Is(err, ErrCodeJustUsed):
		return i18n.T("That code was just used, and each code works once. Wait until your authenticator app shows the next code, then type that one.")
	case errors.Is(err, ErrSecondFactor):
		return i18n.T("That code did not work. Type the 6 digits your authenticator app shows now, or one of your unused backup codes.")
	case errors.Is(err, ErrWrongPassword):
		return i18n.T("The current password is not right. Type the password you sign in with now.")
	case errors.Is(err, ErrRecovery):
		return i18n.T("Those details or codes do not match our records. Check them and try again: an unused backup code and, if you set up an authenticator app, the 6 digits it shows now.")
	case errors.Is(err, ErrChallenge):
		return i18n.T("The sign-in took too long. Start again with your username and password.")
	case errors.Is(err, app.ErrServerUnreachable):
		return i18n.T("CaseDesk could not reach the clinic's database server, so you are not signed in yet. Try again in a moment; if it goes on, tell the clinic's staff.")
	}
	var rl *RecoveryLimitError
	if errors.As(err, &rl) {
		return i18n.T("Too many tries to recover an account with these details. Try again after %s, or ask the clinic for help: they check who you are in person.",
			app.DayTime(rl.Until.Local()))
	}
	var in *app.InputError
	if errors.As(err, &in) {
		return in.Error()
	}
	return i18n.T("Signing in failed: %v", err)
}

// Challenge is a passed first step: the second asks for a code. HasTOTP
// says whether the account has an authenticator app; without one, the
// code is always a backup code. It is known only once the password was right.
type Challenge struct {
	ID      string
	HasTOTP bool
	// MustChange: the password was a one-time password; the second step
	// is FirstSignIn (a new password and 2-step set-up), not Code.
	MustChange bool
}

// CodeStepMessage explains an error of the second step to the person at
// the screen, for the account's set-up: without an authenticator app, a
// code that did not work is a backup code, and the message speaks of no app.
func CodeStepMessage(err error, c Challenge) string {
	if !c.HasTOTP && errors.Is(err, ErrSecondFactor) {
		return i18n.T("That backup code did not work. Type one of your unused backup codes, like 0NA60-VAP5S; each works once.")
	}
	return SignInMessage(err)
}

// Password is the first step: username and password. A try is taken
// before the password is compared and given back when it is right, so
// tries at once cannot pass the limit. An unknown username costs the same
// hashing, is counted by the same rule and gets the same answers, "locked"
// included.
func (s *SignIn) Password(ctx context.Context, username, password string) (Challenge, error) {
	now := s.now()
	cred, err := s.store.CredentialsByUsername(ctx, strings.TrimSpace(username))
	known := err == nil && cred.PasswordHash != "" && !cred.Disabled
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return Challenge{}, err
	}
	var t app.Tally
	var locked bool
	if known {
		t, err = s.store.UpdateSignInTally(ctx, cred.Account.ID, app.Take(now, s.lockout(now), &locked))
	} else {
		t, err = s.store.UpdateThrottle(ctx, signInKind, s.keys.MAC(signInKind, foldUsername(username)), app.Take(now, s.lockout(now), &locked))
	}
	if err != nil {
		return Challenge{}, err
	}
	hash := s.dummy()
	if known {
		hash = cred.PasswordHash
	}
	ok, err := VerifyPassword(password, hash) // the same work, locked or not, known or not
	if err != nil {
		return Challenge{}, err
	}
	id := cred.Account.ID
	if locked {
		s.audit(ctx, id, "signin.refused", id, "account locked")
		return Challenge{}, &LockedError{Until: t.LockedUntil}
	}
	if !known || !ok {
		detail := "wrong password"
		if !known {
			detail = "unknown username"
		}
		s.audit(ctx, id, "signin.failed", id, detail)
		return Challenge{}, s.locked(ctx, id, t, now, ErrSignIn)
	}
	if _, err := s.store.UpdateSignInTally(ctx, id, app.GiveBack(MaxSignInFailures, MaxFailuresInRow)); err != nil {
		return Challenge{}, err
	}
	rnd := make([]byte, 16)
	rand.Read(rnd)
	c := Challenge{ID: hex.EncodeToString(rnd), HasTOTP: cred.TOTPSecret != nil, MustChange: cred.MustChange}
	s.mu.Lock()
	for k, v := range s.issued {
		if now.After(v.expires) {
			delete(s.issued, k)
		}
	}
	s.issued[c.ID] = challenge{accountID: id, expires: now.Add(challengeTTL), passwordHash: cred.PasswordHash, mustChange: cred.MustChange}
	s.mu.Unlock()
	return c, nil
}

// lockout is sign-in's rule at now.
func (s *SignIn) lockout(now time.Time) func(app.Tally) app.Tally {
	return app.LockoutRule(now, MaxSignInFailures, MaxFailuresInRow, LockFor)
}

// take reserves a try on an account before a check (a second-step code, a
// password typed again); a LockedError while the account is locked.
func (s *SignIn) take(ctx context.Context, accountID string, now time.Time) (app.Tally, error) {
	var locked bool
	t, err := s.store.UpdateSignInTally(ctx, accountID, app.Take(now, s.lockout(now), &locked))
	if err != nil {
		return t, err
	}
	if locked {
		s.audit(ctx, accountID, "signin.refused", accountID, "account locked")
		return t, &LockedError{Until: t.LockedUntil}
	}
	return t, nil
}

// passed gives back the try of a check that passed.
func (s *SignIn) passed(ctx context.Context, accountID string) error {
	_, err := s.store.UpdateSignInTally(ctx, accountID, app.GiveBack(MaxSignInFailures, MaxFailuresInRow))
	return err
}

// failed audits a check that failed on the try t took, saying when it locked.
func (s *SignIn) failed(ctx context.Context, accountID string, t app.Tally, err error, detail string) error {
	s.audit(ctx, accountID, "signin.failed", accountID, detail)
	return s.locked(ctx, accountID, t, s.now(), err)
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
	if cred.PasswordHash != ch.passwordHash || cred.Disabled || cred.MustChange { // changed since the first step, or not this step
		s.mu.Lock()
		delete(s.issued, c.ID)
		s.mu.Unlock()
		return app.Account{}, ErrChallenge
	}
	t, err := s.take(ctx, cred.Account.ID, now)
	if err != nil {
		return app.Account{}, err
	}
	method, err := s.checkCode(ctx, cred, typed, now)
	if errors.Is(err, ErrCodeReplayed) {
		return app.Account{}, s.failed(ctx, cred.Account.ID, t, ErrCodeJustUsed, "authenticator code already used")
	}
	if err != nil {
		return app.Account{}, s.failed(ctx, cred.Account.ID, t, ErrSecondFactor, "wrong code")
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
		err = s.store.UseTOTPStep(ctx, cred.Account.ID, step)
		if errors.Is(err, app.ErrConflict) {
			return "", ErrCodeReplayed // a sign-in at the same moment used it first
		}
		if err != nil {
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
