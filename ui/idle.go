package ui

import (
	"sync"
	"time"

	"casedesk/app/i18n"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// idleGuard runs the idle limit of a screen that holds what someone typed
// or something personal before anyone is signed in (the set-up wizard,
// sign-in and recovery): with no typing or tapping for the limit it calls
// expire, which wipes the screen. Like the signed-in home screen, it warns
// 30 seconds ahead with a button to stay.
type idleGuard struct {
	runner Runner
	limit  time.Duration
	now    func() time.Time
	expire func()

	mu      sync.Mutex
	last    time.Time
	stopped bool
	stopC   chan struct{}

	warn *widget.Label
	bar  *fyne.Container // the warning and "Stay", hidden until needed
}

// newIdleGuard makes a guard for limit (zero means the desktop limit),
// whose clock r runs.
func newIdleGuard(r Runner, limit time.Duration, expire func()) *idleGuard {
	if limit <= 0 {
		limit = portal.DesktopIdle
	}
	g := &idleGuard{runner: r, limit: limit, now: time.Now, expire: expire, stopC: make(chan struct{})}
	g.warn = widget.NewLabel("")
	g.warn.Wrapping = fyne.TextWrapWord
	g.warn.Importance = widget.WarningImportance
	stay := widget.NewButton(i18n.T("I am still here"), g.touch)
	g.bar = container.NewBorder(nil, nil, nil, container.NewHBox(layout.NewSpacer(), stay), g.warn)
	g.bar.Hide()
	g.last = g.now()
	return g
}

// start runs the clock until stop or expiry.
func (g *idleGuard) start() {
	g.touch()
	g.runner.clock(g.stopC, func() { g.tick(g.now()) })
}

// touch counts as activity and hides the warning.
func (g *idleGuard) touch() {
	g.mu.Lock()
	if now := g.now(); now.After(g.last) {
		g.last = now
	}
	g.mu.Unlock()
	if g.bar.Visible() {
		g.bar.Hide()
	}
}

// stop ends the clock; it is safe to call more than once.
func (g *idleGuard) stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.stopped {
		g.stopped = true
		close(g.stopC)
	}
}

// tick warns near the limit and expires the screen at it.
func (g *idleGuard) tick(now time.Time) {
	g.mu.Lock()
	if g.stopped {
		g.mu.Unlock()
		return
	}
	idle := now.Sub(g.last)
	g.mu.Unlock()
	switch {
	case idle >= g.limit:
		g.stop()
		g.bar.Hide()
		g.expire()
	case idle >= g.limit-portal.WarnAhead:
		left := (g.limit - idle).Round(time.Second)
		g.warn.SetText(i18n.T("Nothing has happened for a while. In %s this screen closes and forgets what was typed, to keep it private.", seconds(int(left.Seconds()))))
		g.bar.Show()
	default:
		g.bar.Hide()
	}
}

// minutes says the limit in words ("1 minute", "15 minutes") for the
// message after it fired.
func (g *idleGuard) minutes() string { return minutes(g.limit) }

// minutes says d in whole minutes, at least one: "1 minute", "15 minutes".
func minutes(d time.Duration) string {
	return i18n.N(max(1, int(d.Minutes())), "%d minute", "%d minutes")
}

// seconds says n seconds in words: "1 second", "30 seconds".
func seconds(n int) string { return i18n.N(n, "%d second", "%d seconds") }

// watch makes typing in the entries count as activity, keeping what each
// entry already does on a change.
func (g *idleGuard) watch(entries ...*widget.Entry) { afterChange(g.touch, entries...) }

// afterChange makes every change to the entries call f too, after what
// each entry already does on a change.
func afterChange(f func(), entries ...*widget.Entry) {
	for _, e := range entries {
		prev := e.OnChanged
		e.OnChanged = func(s string) {
			if prev != nil {
				prev(s)
			}
			f()
		}
	}
}

// whileUnchanged is a problem that lasts while e holds what it holds now:
// msg, until the person changes that field.
func whileUnchanged(msg string, e *widget.Entry) func() string {
	typed := e.Text
	return func() string {
		if e.Text == typed {
			return msg
		}
		return ""
	}
}
