package portal

import (
	"testing"
	"time"

	"casedesk/app"
)

func TestSessionIdleWarningAndLimits(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	s := NewSession(app.Account{ID: "a1", PersonID: "p1"}, start, 0)
	if s.Idle != DesktopIdle {
		t.Fatalf("default idle %v", s.Idle)
	}
	for _, c := range []struct {
		after time.Duration
		want  State
	}{{0, Active}, {14 * time.Minute, Active}, {14*time.Minute + 30*time.Second, Warning}, {15 * time.Minute, Over}} {
		if got := s.State(start.Add(c.after)); got != c.want {
			t.Errorf("after %v: %v, want %v", c.after, got, c.want)
		}
	}
	// "Stay signed in" during the warning extends.
	s.Touch(start.Add(14*time.Minute + 40*time.Second))
	if got := s.State(start.Add(20 * time.Minute)); got != Active {
		t.Errorf("after extending: %v", got)
	}
	// Nothing revives an ended session.
	s.Touch(start.Add(2 * time.Hour))
	if got := s.State(start.Add(2 * time.Hour)); got != Over {
		t.Errorf("touched after the end: %v", got)
	}
	// The kiosk's two minutes, with the warning 30 s ahead (at least 20 s).
	k := NewSession(app.Account{ID: "a2", PersonID: "p2"}, start, KioskIdle)
	if k.State(start.Add(89*time.Second)) != Active || k.State(start.Add(90*time.Second)) != Warning || k.State(start.Add(2*time.Minute)) != Over {
		t.Error("kiosk timings")
	}
	// However active, 12 hours is the end.
	a := NewSession(app.Account{ID: "a3", PersonID: "p3"}, start, 0)
	for m := time.Duration(0); m < 12*time.Hour; m += 10 * time.Minute {
		a.Touch(start.Add(m))
	}
	if a.State(start.Add(12*time.Hour)) != Over || !a.SignOutAt().Equal(start.Add(12*time.Hour)) {
		t.Errorf("absolute limit: %v, sign-out at %v", a.State(start.Add(12*time.Hour)), a.SignOutAt())
	}
}
