package app

import "time"

// Tally counts the failed tries of one thing that can be guessed at: an
// account's sign-in, a recovery for one username or identity, an account's
// attempts to link a case. The store keeps it; the rules below change it.
type Tally struct {
	Failures    int       // failures since the window or the last lock began
	InRow       int       // failures since the last success, across locks
	WindowStart time.Time // when the current counting window began (daily limits)
	LockedUntil time.Time // tries are refused until then; see Forever
}

// Forever is the lock that only a person at the clinic lifts.
var Forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// Locked reports whether the tally refuses tries at now.
func (t Tally) Locked(now time.Time) bool { return now.Before(t.LockedUntil) }

// Permanent reports whether the lock waits for the clinic.
func (t Tally) Permanent() bool { return !t.LockedUntil.Before(Forever) }

// LockoutRule is sign-in's rule: max failures in a row lock for lockFor;
// once that lock has run out the count starts again, but failures in a row
// keep adding up, and at maxInRow the lock is Forever.
//
// NIST SP 800-63B-4 §3.2.2 caps consecutive failed attempts on one account
// at 100; a timed lock alone would allow about 240 tries a day for ever.
func LockoutRule(now time.Time, max, maxInRow int, lockFor time.Duration) func(Tally) Tally {
	return func(t Tally) Tally {
		if !t.LockedUntil.IsZero() && !t.Permanent() && !now.Before(t.LockedUntil) {
			t.Failures, t.LockedUntil = 0, time.Time{}
		}
		t.Failures++
		t.InRow++
		switch {
		case t.InRow >= maxInRow:
			t.LockedUntil = Forever
		case t.Failures >= max:
			t.LockedUntil = now.Add(lockFor)
		}
		return t
	}
}

// DailyRule allows max failures in a window that begins with the first
// failure; the max-th locks until the window ends.
func DailyRule(now time.Time, max int, window time.Duration) func(Tally) Tally {
	return func(t Tally) Tally {
		// A clock set back stays in the window: only its end starts a new one.
		if t.WindowStart.IsZero() || now.Sub(t.WindowStart) >= window {
			t = Tally{InRow: t.InRow, WindowStart: now}
		}
		t.Failures++
		t.InRow++
		if t.Failures >= max {
			t.LockedUntil = t.WindowStart.Add(window)
		}
		return t
	}
}

// Take reserves a try under rule before the check it guards, so that tries
// at once are each counted before any is compared: while the tally is
// locked at now it is left as it is and locked reports true.
func Take(now time.Time, rule func(Tally) Tally, locked *bool) func(Tally) Tally {
	return func(t Tally) Tally {
		if t.Locked(now) {
			*locked = true
			return t
		}
		*locked = false
		return rule(t)
	}
}

// GiveBack returns the try a check took once it passed: only wrong tries
// count. A lock the try set goes with it when the counts fall below the
// limits again.
func GiveBack(limit, inRowLimit int) func(Tally) Tally {
	return func(t Tally) Tally {
		t.Failures = max(t.Failures-1, 0)
		t.InRow = max(t.InRow-1, 0)
		if t.Failures < limit && (inRowLimit <= 0 || t.InRow < inRowLimit) {
			t.LockedUntil = time.Time{}
		}
		return t
	}
}
