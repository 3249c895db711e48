package ui

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Home is what a signed-in applicant sees: their cases (each with its full
// history, notices and appointments), notices to save or print,
// appointments, messages, their profile and account. Each tab is a room of
// its own that owns its widgets and forgets them on sign-out; Home puts
// them together, runs the session clock and signs out after the session's
// idle limit, with a warning that can be extended, and after 12 hours in
// any case.
type Home struct {
	svc     Services
	session *portal.Session
	signOut func(reason string)
	now     func() time.Time
	canvas  fyne.Canvas // nil in tests without a window

	person   app.Person
	out      *widget.Button // Sign out
	header   *widget.Label
	number   *widget.Label
	tabs     *container.AppTabs
	cases    *casesTab
	notices  *noticesTab
	appts    *appointmentsTab
	messages *messagesTab
	profile  *profileTab
	account  *accountTab
	packet   *packetCard       // a household's updates from its clinic (home_packet.go)
	own      *ownHome          // a household's own actions (household_home.go)
	screen   *fyne.Container   // header, body and outcome (homeLayout)
	body     *fyne.Container   // the tabs, or a case page or preview over them
	back     func()            // leaves the case page or preview shown; nil on the tabs
	keys     map[string]func() // the screen's shortcuts by name (keys.go); nil once it ends
	status   *widget.Label
	standing string // a warning that stays at the foot until its cause goes (few backup codes left)
	warning  *fyne.Container
	warnText *widget.Label

	mu      sync.Mutex
	stopped bool
	stop    chan struct{}
	content fyne.CanvasObject
}

// NewHome builds the signed-in screen for a session. signOut is called with
// the reason when the session ends (empty when the person signed out).
func NewHome(svc Services, s *portal.Session, signOut func(reason string)) *Home {
	return newHome(svc, s, nil, signOut)
}

// NewHomeIn builds the home screen for the window whose canvas is c (for
// its save dialogs and focus).
func NewHomeIn(svc Services, s *portal.Session, c fyne.Canvas, signOut func(reason string)) *Home {
	return newHome(svc, s, c, signOut)
}

func newHome(svc Services, s *portal.Session, c fyne.Canvas, signOut func(reason string)) *Home {
	h := &Home{svc: svc, session: s, canvas: c, signOut: signOut, now: time.Now, stop: make(chan struct{})}
	if svc.Now != nil {
		h.now = svc.Now
	}
	h.header = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.header.SizeName = theme.SizeNameHeadingText
	h.number = widget.NewLabel(i18n.T("Online account number %s", s.Number.String()))
	// A long name, or a narrow window, shortens them rather than widen it.
	h.header.Truncation, h.number.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	h.out = widget.NewButtonWithIcon(i18n.T("Sign out"), theme.LogoutIcon(), func() { h.end("") })

	h.cases, h.notices, h.appts, h.messages = newCasesTab(h), newNoticesTab(h), newAppointmentsTab(h), newMessagesTab(h)
	h.profile, h.account = newProfileTab(h), newAccountTab(h)
	// On a household's computer, the clinic's updates (home_packet.go).
	h.packet = newPacketCard(h)
	if svc.Packets != nil {
		h.cases.scroll.Content = container.NewVBox(h.packet.above, h.cases.scroll.Content, h.packet.below)
	}
	h.own = newOwnHome(h)
	h.cases.ownTop(h.own.box)
	h.appts.ownTop(h.own.apptsTop)
	// The notices' list, with room for the scroll bar as the other tabs.
	h.notices.item.Content = page(h.notices.list)
	h.tabs = container.NewAppTabs(h.cases.item, h.notices.item, h.appts.item, h.messages.item, h.profile.item, h.account.item)
	h.tabs.OnSelected = func(it *container.TabItem) {
		h.touch()
		h.clearStatus() // an outcome belongs to the tab that caused it
		if it == h.cases.item || it == h.messages.item {
			h.refreshFromStore() // another seat's change shows (server_refresh.go)
		}
	}
	h.body = container.NewStack(h.tabs)
	h.status = note()
	h.warnText = widget.NewLabel("")
	h.warnText.Wrapping = fyne.TextWrapWord
	stay := widget.NewButton(i18n.T("Stay signed in"), func() { h.touch(); h.warning.Hide() })
	stay.Importance = widget.HighImportance
	h.warning = container.NewBorder(nil, nil, nil, stay, h.warnText)
	h.warning.Hide()
	// The warning and the outcome in boxes that stay shown: Fyne lays a
	// screen out again when a shown part's size changes, not when a part
	// hides, which would leave the room of a hidden outcome empty.
	l := &homeLayout{name: h.header, number: h.number, out: h.out, rule: widget.NewSeparator(),
		warning: container.NewVBox(h.warning), body: h.body, status: container.NewVBox(h.status)}
	// In Tab's order: the tabs or page first, then the header, then the outcome.
	h.screen = container.New(l, l.body, l.name, l.number, l.out, l.rule, l.warning, l.status)
	// The wheel anywhere on the screen, beside the column too, scrolls the page shown.
	wheel := newWheelPass(func(ev *fyne.ScrollEvent) {
		if shown := firstScroll(h.body); shown != nil {
			shown.Scrolled(ev)
		}
	})
	h.content = container.NewStack(wheel, column(container.NewPadded(h.screen)))
	h.addKeys()
	return h
}

// Content is the screen's root object.
func (h *Home) Content() fyne.CanvasObject { return h.content }

// TypedKey takes the keys typed while no control has the focus: Escape
// leaves a case page or a preview, like its Back button (keys.go has the
// screen's shortcuts).
func (h *Home) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && h.back != nil {
		h.back()
	}
}

// Start loads the person's records and starts the session clock.
func (h *Home) Start() {
	h.load()
	h.packet.load()
	h.svc.Runner.clock(h.stop, func() { h.tick(h.now()) })
}

// run does load in the background for the session: a sign-out cancels
// it, and nothing it found is applied after.
func (h *Home) run(load func(ctx context.Context) (apply func())) {
	h.svc.Runner.run(h.session.Context(), load)
}

// touch counts as activity.
func (h *Home) touch() { h.session.Touch(h.now()) }

// touchOnTyping makes typing in the entries count as activity.
func (h *Home) touchOnTyping(entries ...*widget.Entry) {
	for _, e := range entries {
		e.OnChanged = func(string) { h.touch() }
	}
}

// tick signs out when the session is over and warns before the idle limit.
func (h *Home) tick(now time.Time) {
	switch h.session.State(now) {
	case portal.Over:
		reason := i18n.T("You were signed out because nothing happened for %s.", minutes(h.session.Idle))
		if now.Sub(h.session.Started) >= portal.MaxSession {
			reason = i18n.T("You were signed out after 12 hours. Sign in again to go on.")
		}
		h.end(reason)
	case portal.Warning:
		left := h.session.SignOutAt().Sub(now).Round(time.Second)
		h.warnText.SetText(i18n.T("Nothing has happened for a while. You will be signed out in %s to keep your information safe.", seconds(int(left.Seconds()))))
		h.warning.Show()
	default:
		h.warning.Hide()
	}
}

// end stops the clock, has every tab forget what it shows and goes back.
func (h *Home) end(reason string) {
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		return
	}
	h.stopped = true
	close(h.stop)
	h.mu.Unlock()
	h.removeKeys()
	// The session is refused from now on and its background work stops.
	h.session.End()
	// The computer may be shared: nothing personal stays in any widget.
	h.cases.reset()
	h.notices.reset()
	h.appts.reset()
	h.messages.reset()
	h.profile.reset()
	h.account.reset()
	h.packet.reset()
	h.own.reset()
	h.header.SetText("")
	h.number.SetText("")
	h.back = nil
	h.person = app.Person{}
	h.signOut(reason)
}

func (h *Home) fail(err error) {
	if errors.Is(err, portal.ErrSignedOut) {
		h.end(i18n.T("You were signed out. Sign in again to go on."))
		return
	}
	msg := i18n.T("Something went wrong: %v", err)
	if errors.Is(err, app.ErrNotFound) {
		msg = i18n.T("That is not in your account.")
	} else if trouble, ok := serverTrouble(err); ok {
		msg = trouble
	}
	tell(h.status, msg, true)
}

// say tells in l what was typed wrong, or ok when nothing went wrong;
// other failures go where fail puts them.
func (h *Home) say(l *widget.Label, err error, ok string) {
	if t, typed := inputText(err); typed {
		tell(l, t, true)
		return
	}
	if err != nil {
		h.fail(err)
		return
	}
	tell(l, ok, false)
}

// load reads everything the tabs show, in the background, and hands each
// tab its part in one go.
func (h *Home) load() {
	s := h.session
	h.run(func(ctx context.Context) func() {
		me, err := h.svc.Portal.Me(ctx, s)
		var d app.Dashboard
		var ns []app.Notice
		var as []app.Appointment
		var ms []app.Message
		if err == nil {
			d, err = h.svc.Portal.Dashboard(ctx, s)
		}
		if err == nil {
			ns, err = h.svc.Portal.Notices(ctx, s)
		}
		if err == nil {
			as, err = h.svc.Portal.Appointments(ctx, s)
		}
		if err == nil {
			ms, err = h.svc.Portal.Messages(ctx, s)
		}
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			h.person = me
			h.header.SetText(i18n.T("Welcome, %s", me.GivenName))
			h.screen.Refresh() // the name's room in the header depends on its length
			h.profile.show(me)
			h.cases.show(d)
			h.notices.show(ns)
			h.appts.show(as)
			h.messages.show(ms, d.Unread)
		}
	})
	h.account.load()
	h.own.load()
}

// messagesShown shows the Messages tab, or leaves it out on a household's
// own computer: messages pass between a clinic's store and its applicants,
// a case packet carries none, and no clinic would read a reply written
// there. The tab chosen stays chosen.
func (h *Home) messagesShown(show bool) {
	items := []*container.TabItem{h.cases.item, h.notices.item, h.appts.item, h.profile.item, h.account.item}
	if show {
		items = slices.Insert(items, 3, h.messages.item)
	}
	if slices.Equal(items, h.tabs.Items) {
		return
	}
	chosen := h.tabs.Selected()
	h.tabs.SetItems(items)
	if slices.Contains(items, chosen) {
		h.tabs.Select(chosen)
	}
}

// showPage shows a case page instead of the tabs; its Back button, Alt+Left
// and Escape return to the tabs, and the focus to from (or, when nil, to
// where it was).
func (h *Home) showPage(page fyne.CanvasObject, from fyne.Focusable) (back func()) {
	if was := h.leaveFocus(); from == nil {
		from = was
	}
	h.back = func() {
		h.touch()
		h.back = nil
		h.clearStatus()
		h.body.Objects = []fyne.CanvasObject{h.tabs}
		h.body.Refresh()
		h.returnFocus(from)
	}
	h.clearStatus() // what was said belongs to the screen left
	h.body.Objects = []fyne.CanvasObject{page}
	h.body.Refresh()
	return h.back
}

// showOver shows o over what the body shows now (the tabs or a case page);
// its Back button, Alt+Left and Escape call gone, then return to that, and
// the focus to from (or, when nil, to where it was).
func (h *Home) showOver(o fyne.CanvasObject, gone func(), from fyne.Focusable) (back func()) {
	before, beforeBack := h.body.Objects, h.back
	if was := h.leaveFocus(); from == nil {
		from = was
	}
	h.back = func() {
		h.touch()
		gone()
		h.clearStatus()
		h.body.Objects, h.back = before, beforeBack
		h.body.Refresh()
		h.returnFocus(from)
	}
	h.body.Objects = []fyne.CanvasObject{o}
	h.body.Refresh()
	return h.back
}

// leaveFocus takes the focus from the control that opens a page, which
// goes: then the keys go to the screen (Escape goes back) and Tab starts at
// the top of the page. It returns the control, for returnFocus.
func (h *Home) leaveFocus() fyne.Focusable {
	if h.canvas == nil {
		return nil
	}
	f := h.canvas.Focused()
	h.canvas.Unfocus()
	return f
}

// returnFocus gives the focus back to f, when it is on the screen again.
func (h *Home) returnFocus(f fyne.Focusable) {
	if h.canvas == nil {
		return
	}
	if o, ok := f.(fyne.CanvasObject); ok && pathTo(h.content, o) != nil {
		h.canvas.Focus(f)
		return
	}
	h.canvas.Unfocus()
}

func empty(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func bold(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// clearStatus takes away the outcome said at the foot of the screen; a
// standing warning stays.
func (h *Home) clearStatus() {
	if h.standing != "" {
		h.status.SetText(h.standing)
		h.status.Importance = widget.WarningImportance
		h.status.Show()
		h.status.Refresh()
		return
	}
	h.status.Hide()
}

// stand makes msg the standing warning at the foot of the screen, or
// takes it away when msg is "".
func (h *Home) stand(msg string) {
	h.standing = msg
	h.clearStatus()
}
