//go:build smoke

package main

import (
	"flag"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The smoke tests run side by side, each in X servers of its own, a few at
// a time: CASEDESK_SMOKE_SLOTS of them (2 unless set; each window needs
// about a core while it draws). They start longest first, so that the slots
// finish close together: go test would start them in an order of its own.
// go test's -parallel must be at least the number of smoke tests for that
// order to hold (make smoke passes 8); with less, the tests go test lets run
// start as they come, longest first among them.

// smokeOrder is the order the smoke tests start in, the longest first (the
// times are of a run alone, one test at a time). A test not named here
// starts after these.
var smokeOrder = []string{
	"TestSmokeClinicDay",               // 142 s
	"TestSmokeApplicantJourney",        // 78 s
	"TestSmokePacket",                  // 55 s
	"TestSmokeHouseholdAtHome",         // 40 s
	"TestSmokeServerFirstRun",          // 27 s
	"TestSmokeServerRestart",           // 20 s
	"TestSmokeWelcomeAndDemo",          // 5 s
	"TestSmokeDamagedStoreIsExplained", // 1.5 s
}

// smokeAlone are the smoke tests that run with no other beside them: none
// now. (TestSmokeHouseholdAtHome ran alone for a while: a busy machine laid
// its case page out after the window had scrolled the focused "Attach a
// letter…" into view, which the page then pushed out of it. The window now
// scrolls a focused control into view again when its page moves it.)
var smokeAlone = map[string]bool{}

// parallel runs the rest of t beside other smoke tests once a slot is free
// and every longer test that is to run has started. Call it first.
func parallel(t *testing.T) {
	t.Helper()
	e := smokeSlots.register(t.Name())
	t.Parallel()
	waited := time.Now()
	smokeSlots.acquire(e)
	started := time.Now()
	// Registered first, so run last: the slot is held until the test's X
	// servers and windows are gone.
	t.Cleanup(func() {
		smokeSlots.release()
		t.Logf("ran for %.1f s, after %.1f s waiting for its turn", time.Since(started).Seconds(), started.Sub(waited).Seconds())
	})
}

var smokeSlots = &slots{}

// slots hands out the smoke tests' slots in smokeOrder.
type slots struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []*slotEntry // registered, not started
	running int
	alone   bool // the one running runs alone
}

type slotEntry struct {
	rank    int
	alone   bool // runs with no other test beside it
	arrived bool // past go test's own -parallel limit, waiting for a slot
	started bool
}

// register is called in the test's sequential part: every test that is to
// run has registered before any is let past t.Parallel.
func (s *slots) register(name string) *slotEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cond == nil {
		s.cond = sync.NewCond(&s.mu)
	}
	rank := slices.Index(smokeOrder, name)
	if rank < 0 {
		rank = len(smokeOrder)
	}
	e := &slotEntry{rank: rank, alone: smokeAlone[name]}
	s.pending = append(s.pending, e)
	return e
}

func (s *slots) acquire(e *slotEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.arrived = true
	s.dispatch()
	for !e.started {
		s.cond.Wait()
	}
}

func (s *slots) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running--
	s.alone = false
	s.dispatch()
}

// dispatch starts the best-ranked pending tests while slots are free. It
// waits for a better test that has not arrived yet, unless go test's own
// limit keeps it from arriving (all its places are taken). A test that
// runs alone waits for the others to end, and they for it.
func (s *slots) dispatch() {
	for s.running < slotCount() && !s.alone && len(s.pending) > 0 {
		arrived := 0
		for _, e := range s.pending {
			if e.arrived {
				arrived++
			}
		}
		onlyArrived := s.running+arrived >= goParallel()
		best := -1
		for i, e := range s.pending {
			if (e.arrived || !onlyArrived) && (best < 0 || e.rank < s.pending[best].rank) {
				best = i
			}
		}
		if best < 0 || !s.pending[best].arrived || s.pending[best].alone && s.running > 0 {
			return
		}
		s.alone = s.pending[best].alone
		s.pending[best].started = true
		s.pending = slices.Delete(s.pending, best, best+1)
		s.running++
		s.cond.Broadcast()
	}
}

// slotCount is how many smoke tests run at once.
func slotCount() int {
	if n, err := strconv.Atoi(os.Getenv("CASEDESK_SMOKE_SLOTS")); err == nil && n > 0 {
		return n
	}
	return 2
}

// goParallel is go test's -parallel.
func goParallel() int {
	if f := flag.Lookup("test.parallel"); f != nil {
		if n, err := strconv.Atoi(f.Value.String()); err == nil && n > 0 {
			return n
		}
	}
	return 1
}
