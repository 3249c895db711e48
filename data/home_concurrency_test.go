package data

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/packet"
)

// Of eight applies of one packet at once, exactly one writes; the others
// are told it is already applied, and nothing is written twice.
func TestOnePacketAppliedOnceAtATime(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	s, _ := h.setUp(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))
	n := app.Notice{CaseID: c.cases[0].ID, PersonID: c.client.ID, Kind: app.NoticeApproval, NoticeDate: app.NewDate(2025, 6, 1)}
	if err := c.s.AddNotice(ctx, &n); err != nil {
		t.Fatal(err)
	}
	next := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	// Each try, once counted, waits for the others to be counted too (or
	// 300 ms), so that all eight are in flight at once wherever the
	// service lets them be.
	svc := home.New(&gathering{Store: h.s, n: 8, all: make(chan struct{})}, auth.NewKeysForTest(homeKey), h.clk.now, cheapArgon)
	var wg sync.WaitGroup
	var mu sync.Mutex
	applied, older := 0, 0
	for range 8 {
		wg.Go(func() {
			a, err := svc.Update(ctx, s, next, string(packetCode))
			mu.Lock()
			defer mu.Unlock()
			var o *home.OlderError
			switch {
			case err == nil && a.NewNotices == 1:
				applied++
			case errors.As(err, &o):
				older++
			default:
				t.Errorf("apply at once: %+v %v", a, err)
			}
		})
	}
	wg.Wait()
	if applied != 1 || older != 7 {
		t.Fatalf("%d applied, %d told it was older", applied, older)
	}
	if got := count(t, h.s, `SELECT count(*) FROM notices WHERE id = ?`, n.ID); got != 1 {
		t.Fatalf("the new notice is there %d times", got)
	}
}

// gathering holds each of the first n throttle calls, once made, until
// all n have been made or 300 ms have passed.
type gathering struct {
	*Store
	n    int
	mu   sync.Mutex
	came int
	all  chan struct{}
}

func (g *gathering) UpdateThrottle(ctx context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error) {
	tally, err := g.Store.UpdateThrottle(ctx, kind, key, rule)
	g.mu.Lock()
	g.came++
	first := g.came <= g.n
	if g.came == g.n {
		close(g.all)
	}
	g.mu.Unlock()
	if first {
		select {
		case <-g.all:
		case <-time.After(300 * time.Millisecond):
		}
	}
	return tally, err
}

// Ten wrong codes at once take five tries at most and lock the packet.
func TestWrongCodesAtOnceTakeFiveTries(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	b := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { _, _ = h.svc.Check(ctx, b, "AAAA-BBBB-CCCC", clientID) })
	}
	wg.Wait()
	if n := count(t, h.s, `SELECT coalesce(sum(failures), 0) FROM throttles WHERE kind = 'packet code'`); n != home.MaxTries {
		t.Fatalf("%d tries counted", n)
	}
	if _, err := h.svc.Check(ctx, b, string(packetCode), clientID); !errors.Is(err, auth.ErrCodeLocked) {
		t.Fatalf("after ten wrong tries at once: %v", err)
	}
}

// Two set-ups at once from one packet make one household; a set-up
// without a checked packet writes nothing.
func TestOneSetUpAtATime(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	b := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	if _, _, err := h.svc.Redeem(ctx, home.Ticket{}, homeSetup(t)); err == nil {
		t.Fatal("a set-up without a checked packet")
	}
	var tickets [2]home.Ticket
	for i := range tickets {
		var err error
		if tickets[i], err = h.svc.Check(ctx, b, string(packetCode), clientID); err != nil {
			t.Fatal(err)
		}
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range tickets {
		wg.Go(func() {
			st := homeSetup(t)
			st.Username = []string{"first.one", "second.one"}[i]
			_, _, errs[i] = h.svc.Redeem(ctx, tickets[i], st)
		})
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !errors.Is(errors.Join(errs...), home.ErrSetUpAlready) {
		t.Fatalf("two set-ups at once: %v / %v", errs[0], errs[1])
	}
	if n := count(t, h.s, `SELECT count(*) FROM accounts`); n != 1 {
		t.Fatalf("%d accounts", n)
	}
	if n := count(t, h.s, `SELECT count(*) FROM clinic_pins`); n != 1 {
		t.Fatalf("%d pins", n)
	}
}
