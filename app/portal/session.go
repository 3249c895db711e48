// Package portal is the applicant's side of CaseDesk: the signed-in
// session, and the person's own cases, notices, appointments and messages.
// Every call takes the session and answers only about the session's person:
// a case, notice, appointment or message of anyone else is app.ErrNotFound,
// exactly as if it did not exist.
package portal

import (
	"context"
	"sync"
	"time"

	"casedesk/app"
)

// Session limits: an idle limit, and an absolute one however active the person is.
const (
	// DesktopIdle signs an applicant out after 15 idle minutes on a desktop.
	DesktopIdle = 15 * time.Minute
	// KioskIdle is the kiosk's idle limit.
	KioskIdle = 2 * time.Minute
	// MaxSession is the absolute limit, however active the person is.
	MaxSession = 12 * time.Hour
	// WarnAhead is how long before an idle sign-out the warning shows.
	WarnAhead = 30 * time.Second
)

// Session is a signed-in account. It is safe for use by the screen and by
// background work at once: activity is recorded under a lock.
type Session struct {
	AccountID string
	PersonID  string
	Username  string
	Number    app.AccountNumber
	// Role is the account's role at sign-in: staff and administrators
	// reach the clinic's desk, applicants their home. The desk reads the
	// role from the store again on every call.
	Role    app.Role
	Started time.Time
	Idle    time.Duration // idle limit: DesktopIdle or KioskIdle

	mu         sync.Mutex
	lastActive time.Time
	ended      bool
	ctx        context.Context
	cancel     context.CancelFunc
	// PreviousVisit is when the account last signed in before this session
	// (zero for the first time): what changed since is highlighted.
	PreviousVisit time.Time
}

// NewSession starts a session for an account that just signed in.
func NewSession(a app.Account, now time.Time, idle time.Duration) *Session {
	if idle <= 0 {
		idle = DesktopIdle
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Session{AccountID: a.ID, PersonID: a.PersonID, Username: a.Username, Number: a.Number, Role: a.Role,
		Started: now, lastActive: now, Idle: idle, PreviousVisit: a.LastSignInAt, ctx: ctx, cancel: cancel}
}

// Context is cancelled when the session ends: background work done for
// the session stops with it.
func (s *Session) Context() context.Context {
	if s.ctx == nil {
		return context.Background()
	}
	return s.ctx
}

// End signs the session out: every later call with it is refused and its
// background work is cancelled.
func (s *Session) End() {
	s.mu.Lock()
	s.ended = true
	s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// Ended reports whether End was called.
func (s *Session) Ended() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ended
}

// State is where a session stands.
type State int

const (
	// Active: nothing to do.
	Active State = iota
	// Warning: the idle sign-out is near; the person may extend.
	Warning
	// Over: sign out now.
	Over
)

// State says where the session stands at now.
func (s *Session) State(now time.Time) State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state(now)
}

func (s *Session) state(now time.Time) State {
	switch {
	case s.ended:
		return Over
	case now.Sub(s.Started) >= MaxSession, now.Sub(s.lastActive) >= s.Idle:
		return Over
	case now.Sub(s.lastActive) >= s.Idle-WarnAhead:
		return Warning
	}
	return Active
}

// LastActive is when the person last did something.
func (s *Session) LastActive() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastActive
}

// SignOutAt is when the session ends unless the person does something.
func (s *Session) SignOutAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	idle := s.lastActive.Add(s.Idle)
	if abs := s.Started.Add(MaxSession); abs.Before(idle) {
		return abs
	}
	return idle
}

// Touch records activity: typing, a tap, "Stay signed in". It cannot
// extend past the absolute limit.
func (s *Session) Touch(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state(now) != Over && now.After(s.lastActive) {
		s.lastActive = now
	}
}
