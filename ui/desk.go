package ui

import (
	"context"
	"errors"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Desk is the clinic's desk, what signed-in staff see: their clients (a
// client's page, a case's page), the clinic's inbox, the mailing day, the
// audit log and processing times, and for administrators the staff and
// the settings. Each tab is a room of its own that owns its widgets and
// forgets them on sign-out; Desk puts them together, shows a client's or a
// case's page over them, runs the session clock and signs out after the
// session's idle limit, with a warning that can be extended.
//
// Every call goes through the desk's services, which check the session and
// its role themselves: the screen hides the administrators' tabs from other
// staff, but it is not what keeps them out.
type Desk struct {
	svc     Services
	session *portal.Session
	desk    *desk.Desk
	win     fyne.Window
	canvas  fyne.Canvas
	leave   func(reason string)
	now     func() time.Time
	// after calls f on the UI goroutine once delay has passed, unless the
	// returned stop is called first (the search as you type waits for a
	// pause in the typing). A runner of its own, as tests have, runs f at once.
	after func(delay time.Duration, f func()) (stop func())

	// pressed is the control last seen with the focus (the window's
	// focus ring knows): a button pressed has given the focus up by the
	// time it opens a page, which gives the focus back to it when it
	// closes. Nil without a window.
	pressed func() fyne.Focusable

	me    desk.StaffMember
	admin bool

	clinic   *widget.Label // the clinic's name
	who      *widget.Label // who is signed in, and their role
	out      *widget.Button
	tabs     *container.AppTabs
	clients  *clientsTab
	inbox    *inboxTab
	mailing  *mailingTab
	audit    *auditTab
	times    *processingTab
	reports  *reportsTab
	staff    *staffTab    // shown to administrators only
	settings *settingsTab // shown to administrators only
	form     *clientForm  // the client form shown, if any
	client   *clientPage  // the client's page shown, if any
	kase     *casePage    // the case's page shown, if any
	previews []*deskPreview

	backupWarn *backupWarning // the line everyone sees when backups are overdue

	screen   *fyne.Container
	body     *fyne.Container // the tabs, or a page over them
	back     func()          // leaves the page shown; nil on the tabs
	status   *widget.Label
	warning  *fyne.Container
	warnText *widget.Label
	dialogs  map[dialog.Dialog]bool // open dialogs, closed on sign-out
	ticks    int

	mu      sync.Mutex
	stopped bool
	stop    chan struct{}
	content fyne.CanvasObject
}

// NewDesk builds the clinic's desk for a signed-in staff member in window w.
// leave is called with the reason when the session ends ("" when they signed out).
func NewDesk(svc Services, s *portal.Session, w fyne.Window, leave func(reason string)) *Desk {
	d := &Desk{svc: svc, session: s, win: w, leave: leave, now: time.Now, stop: make(chan struct{}),
		dialogs: map[dialog.Dialog]bool{}}
	if svc.Desk != nil {
		d.desk = svc.Desk.For(s)
	}
	if w != nil {
		d.canvas = w.Canvas()
	}
	d.after = d.afterDelay
	d.clinic = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.clinic.SizeName = theme.SizeNameHeadingText
	d.who = widget.NewLabel("")
	d.clinic.Truncation, d.who.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	d.out = widget.NewButtonWithIcon(i18n.T("Sign out"), theme.LogoutIcon(), func() { d.end("") })

	d.clients, d.inbox, d.mailing = newClientsTab(d), newInboxTab(d), newMailingTab(d)
	d.audit, d.times = newAuditTab(d), newProcessingTab(d)
	d.backupWarn = newBackupWarning(d)
	d.staff, d.settings = newStaffTab(d), newSettingsTab(d)
	d.reports = newReportsTab(d)
	d.tabs = container.NewAppTabs(d.clients.item, d.inbox.item, d.mailing.item, d.audit.item, d.times.item, d.reports.item)
	d.tabs.OnSelected = func(it *container.TabItem) {
		d.touch()
		d.clearStatus() // an outcome belongs to the tab that caused it
		d.opened(it)
	}
	d.body = container.NewStack(d.tabs)
	d.status = note()
	d.warnText = widget.NewLabel("")
	d.warnText.Wrapping = fyne.TextWrapWord
	stay := widget.NewButton(i18n.T("Stay signed in"), func() { d.touch(); d.warning.Hide() })
	stay.Importance = widget.HighImportance
	d.warning = container.NewBorder(nil, nil, nil, stay, d.warnText)
	d.warning.Hide()
	l := &homeLayout{name: d.clinic, number: d.who, out: d.out, rule: widget.NewSeparator(),
		warning: container.NewVBox(d.warning, d.backupWarn.box), body: d.body, status: container.NewVBox(d.status)}
	d.screen = container.New(l, l.body, l.name, l.number, l.out, l.rule, l.warning, l.status)
	wheel := newWheelPass(func(ev *fyne.ScrollEvent) {
		if shown := firstScroll(d.body); shown != nil {
			shown.Scrolled(ev)
		}
	})
	// The desk is a workplace: it takes a wide window's width, unlike an
	// applicant's screens, which keep to a column.
	d.content = container.NewStack(wheel, container.NewPadded(d.screen))
	return d
}

// Content is the screen's root object.
func (d *Desk) Content() fyne.CanvasObject { return d.content }

// TypedKey takes the keys typed while no control has the focus: Escape
// leaves a page, like its Back button (desk_keys.go has the others).
func (d *Desk) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && d.back != nil {
		d.back()
	}
}

// Start loads who is signed in and the first tab, and starts the session clock.
func (d *Desk) Start() {
	d.load()
	d.svc.Runner.clock(d.stop, func() { d.tick(d.now()) })
	d.addKeys()
	// The day starts with a search: the cursor waits in its box.
	if d.canvas != nil {
		d.canvas.Focus(d.clients.query)
	}
}

// run does load in the background for the session: a sign-out cancels
// it, and nothing it found is applied after.
func (d *Desk) run(load func(ctx context.Context) (apply func())) {
	d.svc.Runner.run(d.session.Context(), load)
}

// afterDelay is after on the desktop: a timer, then the UI goroutine.
func (d *Desk) afterDelay(delay time.Duration, f func()) (stop func()) {
	if d.svc.Runner.Go != nil {
		f()
		return func() {}
	}
	t := time.AfterFunc(delay, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

// touch counts as activity.
func (d *Desk) touch() { d.session.Touch(d.now()) }

// touchOnTyping makes typing in the entries count as activity, after what
// each already does on a change.
func (d *Desk) touchOnTyping(entries ...*widget.Entry) { afterChange(d.touch, entries...) }

// load reads who is signed in, and whether they administer the clinic,
// then fills the first tab and counts the unread messages.
func (d *Desk) load() {
	d.run(func(ctx context.Context) func() {
		if d.desk == nil {
			return func() { d.fail(desk.ErrNotStaff) }
		}
		me, err := d.desk.Me(ctx)
		admin := err == nil && d.desk.IsAdmin(ctx)
		clinic := "CaseDesk"
		if err == nil && d.svc.Notices != nil {
			if lh, lerr := d.svc.Notices.Letterhead(ctx); lerr == nil {
				clinic = lh.Name
			}
		}
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			d.me, d.admin = me, admin
			d.clinic.SetText(clinic)
			d.who.SetText(i18n.T("%s · %s", me.Name, roleName(me.Role)))
			if admin {
				d.tabs.Append(d.staff.item)
				d.tabs.Append(d.settings.item)
			}
			d.screen.Refresh() // the name's room in the header depends on its length
			d.clients.search()
			d.inbox.count()
			d.backupWarn.load()
		}
	})
}

// opened loads a tab the first time it is chosen.
func (d *Desk) opened(it *container.TabItem) {
	switch it {
	case d.inbox.item:
		d.inbox.load()
	case d.mailing.item:
		d.mailing.open()
	case d.audit.item:
		d.audit.open()
	case d.times.item:
		d.times.load()
	case d.reports.item:
		d.reports.open()
	case d.staff.item:
		d.staff.load()
	case d.settings.item:
		d.settings.load()
	}
}

// roleName says a staff role in words.
func roleName(r app.Role) string {
	if r == app.RoleAdmin {
		return i18n.T("administrator")
	}
	return i18n.T("staff")
}

// tick signs out when the session is over and warns before the idle
// limit; once a minute it counts the unread messages again.
func (d *Desk) tick(now time.Time) {
	switch d.session.State(now) {
	case portal.Over:
		reason := i18n.T("You were signed out because nothing happened for %s.", minutes(d.session.Idle))
		if now.Sub(d.session.Started) >= portal.MaxSession {
			reason = i18n.T("You were signed out after 12 hours. Sign in again to go on.")
		}
		d.end(reason)
		return
	case portal.Warning:
		left := d.session.SignOutAt().Sub(now).Round(time.Second)
		d.warnText.SetText(i18n.T("Nothing has happened for a while. You will be signed out in %s to keep the clients' information safe.", seconds(int(left.Seconds()))))
		d.warning.Show()
	default:
		d.warning.Hide()
	}
	if d.ticks++; d.ticks%60 == 0 && d.me.AccountID != "" {
		d.inbox.count()
	}
}

// end stops the clock, closes every dialog, has every tab and page forget
// what it shows, and leaves.
func (d *Desk) end(reason string) {
	d.mu.Lock()
	if d.stopped {
		d.mu.Unlock()
		return
	}
	d.stopped = true
	close(d.stop)
	d.mu.Unlock()
	// The session is refused from now on and its background work stops.
	d.session.End()
	d.removeKeys()
	for dlg := range d.dialogs {
		dlg.Hide()
	}
	d.dialogs = map[dialog.Dialog]bool{}
	// The computer may be shared: no client's data stays in any widget.
	d.closePages()
	d.clients.reset()
	d.inbox.reset()
	d.mailing.reset()
	d.audit.reset()
	d.times.reset()
	d.reports.reset()
	d.staff.reset()
	d.settings.reset()
	d.backupWarn.box.Hide()
	d.clinic.SetText("")
	d.who.SetText("")
	d.status.SetText("")
	d.status.Hide()
	d.me, d.admin = desk.StaffMember{}, false
	d.leave(reason)
}

// closePages leaves every page for the tabs, each page forgetting what it held.
func (d *Desk) closePages() {
	for d.back != nil {
		d.back()
	}
	if d.client != nil {
		d.client.reset()
		d.client = nil
	}
	if d.kase != nil {
		d.kase.reset()
		d.kase = nil
	}
	for _, p := range d.previews {
		p.reset()
	}
	d.previews = nil
}

// fail says what went wrong at the foot of the screen; a session that
// ended signs out.
func (d *Desk) fail(err error) {
	switch {
	case errors.Is(err, portal.ErrSignedOut):
		d.end(i18n.T("You were signed out. Sign in again to go on."))
		return
	case errors.Is(err, app.ErrNotFound):
		tell(d.status, i18n.T("That record is not in CaseDesk any more. Search for it again."), true)
		return
	}
	if msg, ok := serverTrouble(err); ok {
		tell(d.status, msg, true)
		return
	}
	tell(d.status, desk.Message(err), true)
}

// tellDone says at the foot of the screen what was done.
func (d *Desk) tellDone(msg string) { tell(d.status, msg, false) }

// clearStatus takes away the outcome said at the foot of the screen.
func (d *Desk) clearStatus() { d.status.Hide() }

// open shows o over what the body shows now (the tabs or a page); its
// Back button and Escape call gone, then return to that.
func (d *Desk) open(o fyne.CanvasObject, gone func()) (back func()) {
	before, beforeBack := d.body.Objects, d.back
	from := d.leaveFocus()
	d.back = func() {
		d.touch()
		gone()
		d.clearStatus()
		d.body.Objects, d.back = before, beforeBack
		d.body.Refresh()
		d.returnFocus(from)
	}
	d.body.Objects = []fyne.CanvasObject{o}
	d.body.Refresh()
	return d.back
}

// shown is what the body shows now: the tabs or a page.
func (d *Desk) shown() fyne.CanvasObject {
	if len(d.body.Objects) != 1 {
		return nil
	}
	return d.body.Objects[0]
}

// leaveFocus takes the focus from the control that opens a page, which
// goes: then Escape reaches the screen and Tab starts at the top of the page.
func (d *Desk) leaveFocus() fyne.Focusable {
	if d.canvas == nil {
		return nil
	}
	f := d.canvas.Focused()
	if f == nil && d.pressed != nil {
		f = d.pressed()
	}
	d.canvas.Unfocus()
	return f
}

// returnFocus gives the focus back to f, when it is on the screen again.
func (d *Desk) returnFocus(f fyne.Focusable) {
	if d.canvas == nil {
		return
	}
	if o, ok := f.(fyne.CanvasObject); ok && pathTo(d.content, o) != nil {
		d.canvas.Focus(f)
		return
	}
	d.canvas.Unfocus()
}
