package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
)

// Runner is how the screens work off the UI goroutine. Its zero value is
// the desktop's: each piece of work in a goroutine of its own, and each
// clock (an idle limit, a session's) ticking once a second in another.
//
// Tests set both fields. The test driver runs fyne.Do at once on the
// calling goroutine, so work run in line on the test's goroutine touches
// the widgets from that one goroutine only, and needs no lock; a clock
// that does not tick leaves the test to call tick itself.
type Runner struct {
	// Go starts work; nil starts it in a goroutine of its own.
	Go func(work func())
	// Clock calls tick on the UI goroutine about once a second until stop
	// is closed; nil does it from a goroutine of its own.
	Clock func(stop <-chan struct{}, tick func())
}

// run calls load off the UI goroutine with ctx, then applies what load
// returned in one fyne.Do (evebuddy's update(ctx) shape). Once ctx has
// ended (a sign-out ends the session's), nothing is applied: the screen
// the work was for is gone, and what the work found must not come back
// onto its widgets. A nil apply means nothing to show.
func (r Runner) run(ctx context.Context, load func(ctx context.Context) (apply func())) {
	work := func() {
		apply := load(ctx)
		if apply == nil {
			return
		}
		fyne.Do(func() {
			if ctx.Err() == nil {
				apply()
			}
		})
	}
	if r.Go == nil {
		go work()
		return
	}
	r.Go(work)
}

// clock calls tick on the UI goroutine about once a second until stop is
// closed.
func (r Runner) clock(stop <-chan struct{}, tick func()) {
	if r.Clock != nil {
		r.Clock(stop, tick)
		return
	}
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(tick)
			}
		}
	}()
}
