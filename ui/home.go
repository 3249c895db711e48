package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Home is what a signed-in applicant sees: their cases (each with its full
// history, notices and appointments), notices to save or print,
// appointments, and messages. It signs out after the session's idle limit,
// with a warning that can be extended, and after 12 hours in any case.
type Home struct {
	svc     Services
	session *portal.Session
	signOut func(reason string)
	now     func() time.Time

	person   app.Person
	header   *widget.Label
	number   *widget.Label
	tabs     *container.AppTabs
	cases    *fyne.Container
	notices  *fyne.Container
	appts    *fyne.Container
	messages *fyne.Container
	msgTab   *container.TabItem
	account  *accountTab
	profile  *profileTab
	canvas   fyne.Canvas // nil in tests without a window
	addCase  *widget.Entry
	addRole  *widget.Select
	addMsg   *widget.Label
	page     *fyne.Container // a case page, shown instead of the tabs
	viewer   *fyne.Container // a notice's preview, shown instead of the tabs or the case page
	back     func()          // leaves the case page or preview shown; nil on the tabs
	body     *fyne.Container
	status   *widget.Label
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
	h.header = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.header.SizeName = theme.SizeNameHeadingText
	h.number = widget.NewLabel(i18n.T("Online account number %s", s.Number.String()))
	out := widget.NewButtonWithIcon(i18n.T("Sign out"), theme.LogoutIcon(), func() { h.end("") })
	top := container.NewBorder(nil, nil, nil, container.NewVBox(out), container.NewVBox(h.header, h.number))

	h.cases, h.notices, h.appts, h.messages = container.NewVBox(), container.NewVBox(), container.NewVBox(), container.NewVBox()
	h.msgTab = container.NewTabItem(i18n.T("Messages"), container.NewVScroll(h.messages))
	h.account = newAccountTab(h)
	h.profile = newProfileTab(h)
	h.tabs = container.NewAppTabs(
		container.NewTabItem(i18n.T("My cases"), container.NewVScroll(container.NewVBox(h.cases, h.addCaseForm()))),
		container.NewTabItem(i18n.T("Notices"), container.NewVScroll(h.notices)),
		container.NewTabItem(i18n.T("Appointments"), container.NewVScroll(h.appts)),
		h.msgTab,
		container.NewTabItem(i18n.T("Profile"), container.NewVScroll(h.profile.box)),
		container.NewTabItem(i18n.T("My account"), container.NewVScroll(h.account.box)),
	)
	h.tabs.OnSelected = func(*container.TabItem) { h.touch() }
	// Typing in any field of the home screen counts as activity.
	for _, e := range []*widget.Entry{h.account.current, h.account.next, h.account.again, h.account.codesPw, h.account.tfPw,
		h.account.enrol.code, h.profile.phone, h.profile.email, h.profile.line1, h.profile.line2, h.profile.city,
		h.profile.state, h.profile.zip} {
		e.OnChanged = func(string) { h.touch() }
	}
	h.page = container.NewStack()
	h.viewer = container.NewStack()
	h.body = container.NewStack(h.tabs)
	h.status = note()
	h.warnText = widget.NewLabel("")
	h.warnText.Wrapping = fyne.TextWrapWord
	stay := widget.NewButton(i18n.T("Stay signed in"), func() { h.touch(); h.warning.Hide() })
	stay.Importance = widget.HighImportance
	h.warning = container.NewBorder(nil, nil, nil, stay, h.warnText)
	h.warning.Hide()
	h.content = container.NewPadded(container.NewBorder(
		container.NewVBox(top, widget.NewSeparator(), h.warning), h.status, nil, nil, h.body))
	return h
}

// Content is the screen's root object.
func (h *Home) Content() fyne.CanvasObject { return h.content }

// TypedKey takes the keys typed while no field has the focus: Escape leaves
// a case page or a preview, like its Back button.
func (h *Home) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && h.back != nil {
		h.back()
	}
}

// Start loads the person's records and starts the session clock.
func (h *Home) Start() {
	h.load()
	h.svc.Runner.clock(h.stop, func() { h.tick(h.now()) })
}

// run does load in the background for the session: a sign-out cancels
// it, and nothing it found is applied after.
func (h *Home) run(load func(ctx context.Context) (apply func())) {
	h.svc.Runner.run(h.session.Context(), load)
}

// touch counts as activity.
func (h *Home) touch() { h.session.Touch(h.now()) }

// tick signs out when the session is over and warns before the idle limit.
func (h *Home) tick(now time.Time) {
	switch h.session.State(now) {
	case portal.Over:
		reason := i18n.T("You were signed out because nothing happened for %d minutes.", int(h.session.Idle.Minutes()))
		if now.Sub(h.session.Started) >= portal.MaxSession {
			reason = i18n.T("You were signed out after 12 hours. Sign in again to go on.")
		}
		h.end(reason)
	case portal.Warning:
		left := h.session.SignOutAt().Sub(now).Round(time.Second)
		h.warnText.SetText(i18n.T("Nothing has happened for a while. You will be signed out in %d seconds to keep your information safe.", int(left.Seconds())))
		h.warning.Show()
	default:
		h.warning.Hide()
	}
}

// end stops the clock, forgets everything shown and goes back.
func (h *Home) end(reason string) {
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		return
	}
	h.stopped = true
	close(h.stop)
	h.mu.Unlock()
	// The session is refused from now on and its background work stops.
	h.session.End()
	for _, c := range []*fyne.Container{h.cases, h.notices, h.appts, h.messages, h.page, h.viewer, h.account.activity} {
		c.Objects = nil
	}
	h.profile.history.Objects = nil
	h.account.enrol.clear()
	h.account.sheet.clear()
	for _, e := range []*widget.Entry{h.account.current, h.account.next, h.account.again, h.account.codesPw, h.account.tfPw, h.account.enrol.code,
		h.profile.phone, h.profile.email, h.profile.line1, h.profile.line2, h.profile.city, h.profile.state, h.profile.zip, h.addCase} {
		e.SetText("")
	}
	h.addRole.ClearSelected()
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

// load reads everything shown, in the background.
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
			h.profile.show(me)
			h.showCases(d)
			h.showNotices(ns)
			h.showAppointments(as)
			h.showMessages(ms, d.Unread)
		}
	})
	h.account.load()
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

func (h *Home) showCases(d app.Dashboard) {
	h.cases.Objects = nil
	if len(d.Cases) == 0 {
		h.cases.Add(empty(i18n.T("No cases are linked to your account yet. When the clinic records a case for you, it shows here.")))
	}
	for _, c := range d.Cases {
		title := c.FormType
		if c.FormTitle != "" {
			title += " — " + c.FormTitle
		}
		status, explain := c.StatusCode, ""
		if st, ok := c.Status(); ok {
			status, explain = st.LocalTitle(), st.Explanation()
		}
		lines := container.NewVBox(bold(title),
			widget.NewLabel(i18n.T("Receipt number %s · since %s: %s", string(c.Receipt), c.StatusDate.String(), status)),
			wrapped(explain))
		if !h.session.PreviousVisit.IsZero() && c.UpdatedAt.After(h.session.PreviousVisit) {
			changed := widget.NewLabelWithStyle(i18n.T("Changed since your last visit"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			changed.Importance = widget.WarningImportance
			lines.Objects = append([]fyne.CanvasObject{changed}, lines.Objects...)
		}
		id := c.ID
		open := widget.NewButtonWithIcon(i18n.T("Open case"), theme.NavigateNextIcon(), func() { h.openCase(id) })
		h.cases.Add(widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewVBox(open), lines)))
	}
	h.cases.Refresh()
}

// addCaseForm is "Add a paper-filed case" by its receipt number.
func (h *Home) addCaseForm() fyne.CanvasObject {
	h.addCase = widget.NewEntry()
	h.addCase.SetPlaceHolder(i18n.T("Receipt number, like IOE0912345678"))
	h.addMsg = note()
	// In the order of the choices, which are words and never compared.
	roles := []portal.CaseRole{portal.AsApplicant, portal.AsPetitioner, portal.AsBeneficiary}
	h.addRole = widget.NewSelect([]string{i18n.T("I am the applicant"), i18n.T("I am the petitioner"), i18n.T("I am the beneficiary")},
		func(string) { h.touch() })
	h.addRole.PlaceHolder = i18n.T("Your role on this case")
	add := widget.NewButtonWithIcon(i18n.T("Add case"), theme.ContentAddIcon(), nil)
	add.OnTapped = func() {
		h.touch()
		i := h.addRole.SelectedIndex()
		chosen := i >= 0
		var role portal.CaseRole
		if chosen {
			role = roles[i]
		}
		if _, err := app.ParseReceipt(h.addCase.Text); err != nil {
			tell(h.addMsg, portal.AddCaseMessage(strings.TrimSpace(h.addCase.Text), err), true)
			return
		}
		if !chosen {
			tell(h.addMsg, i18n.T("Choose your role on the case: applicant (the person the form is for), petitioner (who filed for a relative) or beneficiary (the relative filed for)."), true)
			return
		}
		s, typed := h.session, h.addCase.Text
		add.Disable()
		h.run(func(ctx context.Context) func() {
			c, err := h.svc.Portal.AddCase(ctx, s, typed, role)
			var d app.Dashboard
			if err == nil {
				d, err = h.svc.Portal.Dashboard(ctx, s)
			}
			return func() {
				add.Enable()
				if err != nil {
					tell(h.addMsg, portal.AddCaseMessage(strings.TrimSpace(typed), err), true)
					return
				}
				tell(h.addMsg, i18n.T("Case %s is added to your account.", string(c.Receipt)), false)
				h.addCase.SetText("")
				h.addRole.ClearSelected()
				h.showCases(d)
			}
		})
	}
	h.addCase.OnSubmitted = func(string) { add.OnTapped() }
	// The explanation wraps in the card instead of being its subtitle, which
	// would not wrap and would widen the window.
	return widget.NewCard(i18n.T("Add a paper-filed case"), "", container.NewVBox(
		hint(i18n.T("A case you filed on paper, by the receipt number on its receipt notice. It is added when the person in the role you choose has your full name and date of birth.")),
		container.NewBorder(nil, nil, nil, add, container.NewGridWithColumns(2, h.addCase, h.addRole)), h.addMsg))
}

// openCase shows one case's page: history, notices, appointments.
func (h *Home) openCase(id string) {
	h.touch()
	s := h.session
	h.run(func(ctx context.Context) func() {
		v, err := h.svc.Portal.Case(ctx, s, id)
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			h.showCase(v)
		}
	})
}

func (h *Home) showCase(v portal.CaseView) {
	c := v.Case
	h.back = func() {
		h.touch()
		h.back = nil
		h.body.Objects = []fyne.CanvasObject{h.tabs}
		h.body.Refresh()
	}
	back := widget.NewButtonWithIcon(i18n.T("All my cases"), theme.NavigateBackIcon(), h.back)
	title := bold(c.FormType + " — " + c.FormTitle)
	title.SizeName = theme.SizeNameSubHeadingText
	status := c.StatusCode
	if st, ok := c.Status(); ok {
		status = st.LocalTitle()
	}
	box := container.NewVBox(container.NewHBox(back), title,
		widget.NewLabel(i18n.T("Receipt number %s · received %s · %s", string(c.Receipt), c.ReceivedDate.String(), c.Office)),
		bold(i18n.T("Now: %s", status)))
	if pt := v.Processing; pt != nil {
		box.Add(wrapped(i18n.T("USCIS takes %s to %s months for Form %s at the %s (as of %s). Ask the clinic if your case takes longer.",
			months(pt.MinMonths), months(pt.MaxMonths), pt.FormType, pt.Office, pt.AsOf.String())))
	}
	box.Add(widget.NewSeparator())
	box.Add(bold(i18n.T("History, newest first")))
	for i := len(v.Events) - 1; i >= 0; i-- {
		e := v.Events[i]
		t := e.StatusCode
		if st, ok := app.StatusByCode(e.StatusCode); ok {
			t = st.LocalTitle()
		}
		if e.Note != "" {
			t += " — " + e.Note
		}
		box.Add(container.NewBorder(nil, nil, widget.NewLabel(e.Date.Short()), nil, wrapped(t)))
	}
	box.Add(widget.NewSeparator())
	box.Add(bold(i18n.T("Notices")))
	if len(v.Notices) == 0 {
		box.Add(empty(i18n.T("No notices for this case were sent to you.")))
	}
	for _, n := range v.Notices {
		box.Add(h.noticeRow(n))
	}
	if len(v.Appointments) > 0 {
		box.Add(widget.NewSeparator())
		box.Add(bold(i18n.T("Appointments")))
		for _, a := range v.Appointments {
			box.Add(h.appointmentRow(a))
		}
	}
	h.page.Objects = []fyne.CanvasObject{container.NewVScroll(box)}
	h.body.Objects = []fyne.CanvasObject{h.page}
	h.body.Refresh()
}

func (h *Home) showNotices(ns []app.Notice) {
	h.notices.Objects = nil
	if len(ns) == 0 {
		h.notices.Add(empty(i18n.T("You have no notices yet. Notices USCIS sends about your cases show here once the clinic records them.")))
	}
	for _, n := range ns {
		h.notices.Add(h.noticeRow(n))
	}
	h.notices.Refresh()
}

// noticeRow is a notice with its date and the buttons to preview, save and print it.
func (h *Home) noticeRow(n app.Notice) fyne.CanvasObject {
	label := notice.Notice(n).Title()
	view := widget.NewButtonWithIcon(i18n.T("Preview"), theme.VisibilityIcon(), func() { h.preview(n.ID) })
	save := widget.NewButtonWithIcon(i18n.T("Save PDF"), theme.DocumentSaveIcon(), func() { h.export(n.ID, exportSave) })
	print := widget.NewButtonWithIcon(i18n.T("Print"), theme.DocumentPrintIcon(), func() { h.export(n.ID, exportPrint) })
	return container.NewBorder(nil, nil, widget.NewLabel(n.NoticeDate.Short()), container.NewHBox(view, save, print), wrapped(label))
}

// What export does after saving the PDF.
type exportThen int

const (
	exportSave  exportThen = iota // nothing more
	exportView                    // open it in the system's PDF viewer
	exportPrint                   // send it to the default printer
)

// export saves one of the person's notices as a PDF in the PDF folder, then
// opens or prints it if asked.
func (h *Home) export(id string, then exportThen) {
	h.touch()
	s := h.session
	path := filepath.Join(h.svc.PDFFolder, notice.Selection{NoticeID: id}.FileName())
	h.savePDF(path, then, func(ctx context.Context) (notice.Doc, error) {
		mine, err := h.svc.Portal.Notice(ctx, s, id) // only the person's own
		return notice.Notice(mine), err
	})
}

// savePDF renders one document into path in the background, then opens or
// prints it, and says on the screen where it is.
func (h *Home) savePDF(path string, then exportThen, doc func(context.Context) (notice.Doc, error)) {
	h.run(func(ctx context.Context) func() {
		msg, err := writePDF(ctx, h.svc, path, then, doc)
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			tell(h.status, msg, false)
		}
	})
}

// writePDF has the notice service save one document into path (its
// folder made when missing), then opens or prints it. It returns what to
// tell the person; a failure to open or print is said there, with the PDF
// still saved. Call it off the UI goroutine.
func writePDF(ctx context.Context, svc Services, path string, then exportThen, doc func(context.Context) (notice.Doc, error)) (string, error) {
	d, err := doc(ctx)
	if err != nil {
		return "", err
	}
	if err := svc.Notices.Save(ctx, path, d); err != nil {
		return "", err
	}
	switch then {
	case exportPrint:
		if _, err := svc.Printing.Print(ctx, path, ""); err != nil {
			return err.Error(), nil
		}
		return i18n.T("Sent to the printer. The PDF is also saved in %s.", path), nil
	case exportView:
		if err := svc.Printing.Open(ctx, path); err != nil {
			return i18n.T("No PDF viewer could open it; it is saved in %s.", path), nil
		}
		return i18n.T("Opened in your PDF viewer; it is saved in %s.", path), nil
	}
	return i18n.T("Saved in %s.", path), nil
}

func (h *Home) showAppointments(as []app.Appointment) {
	h.appts.Objects = nil
	if len(as) == 0 {
		h.appts.Add(empty(i18n.T("You have no appointments. When USCIS schedules fingerprints or an interview, it shows here.")))
	}
	for _, a := range as {
		h.appts.Add(h.appointmentRow(a))
	}
	h.appts.Refresh()
}

var appointmentNames = map[app.AppointmentKind]string{
	app.AppointmentBiometrics: "Biometrics (fingerprints and photo)",
	app.AppointmentInterview:  "Interview",
	app.AppointmentOath:       "Oath ceremony",
}

func (h *Home) appointmentRow(a app.Appointment) fyne.CanvasObject {
	when := a.StartsAt.Local()
	kind := i18n.T(appointmentNames[a.Kind])
	past := a.StartsAt.Before(h.now())
	if past {
		kind = i18n.T("%s (past)", kind)
	}
	box := container.NewVBox(
		bold(kind),
		widget.NewLabel(i18n.T("%s at %s", app.DateOf(when).String(), when.Format("3:04 PM"))),
		wrapped(a.PlaceName+", "+a.PlaceAddress),
	)
	if !past {
		bring := i18n.T("Bring:")
		for _, b := range app.WhatToBring(a.Kind) {
			bring += "\n• " + b
		}
		box.Add(wrapped(bring))
		cal := widget.NewButtonWithIcon(i18n.T("Add to calendar (.ics)"), theme.ContentAddIcon(), func() { h.saveICS(a) })
		box.Add(container.NewHBox(cal))
	}
	return widget.NewCard("", "", box)
}

// saveICS has the appointment saved as a calendar file in the PDF folder.
func (h *Home) saveICS(a app.Appointment) {
	h.touch()
	h.run(func(context.Context) func() {
		path, err := h.svc.Notices.SaveCalendar(h.svc.PDFFolder, a)
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			tell(h.status, i18n.T("Saved %s. Open it to add the appointment to your calendar.", path), false)
		}
	})
}

func (h *Home) showMessages(ms []app.Message, unread int) {
	h.msgTab.Text = i18n.T("Messages")
	if unread > 0 {
		h.msgTab.Text = i18n.T("Messages (%d)", unread)
	}
	h.tabs.Refresh()
	h.messages.Objects = nil
	if len(ms) == 0 {
		h.messages.Add(empty(i18n.T("No messages. Messages from the clinic show here.")))
	}
	for _, m := range ms {
		m := m
		subject := widget.NewLabelWithStyle(m.Subject, fyne.TextAlignLeading, fyne.TextStyle{Bold: m.ReadAt.IsZero()})
		body := wrapped(m.Body)
		body.Hide()
		from := i18n.T("From the clinic")
		if !m.FromStaff {
			from = i18n.T("You wrote")
		}
		reply := h.replyBox(m.ID)
		var open *widget.Button
		open = widget.NewButton(i18n.T("Read"), func() {
			h.touch()
			open.Hide()
			h.read(m.ID, subject, body)
			if m.FromStaff {
				reply.Show()
			}
		})
		h.messages.Add(widget.NewCard("", "", container.NewVBox(
			container.NewBorder(nil, nil, nil, container.NewVBox(open), container.NewVBox(subject,
				widget.NewLabel(from+" · "+app.DateOf(m.SentAt.Local()).String()))),
			body, reply)))
	}
	h.messages.Refresh()
}

// replyBox is the answer field under a message, shown once it is read.
func (h *Home) replyBox(id string) *fyne.Container {
	text := widget.NewMultiLineEntry()
	text.SetPlaceHolder(i18n.T("Write to the clinic…"))
	text.Wrapping = fyne.TextWrapWord
	text.SetMinRowsVisible(3)
	msg := note()
	var send *widget.Button
	send = widget.NewButtonWithIcon(i18n.T("Send reply"), theme.MailSendIcon(), func() {
		h.touch()
		s, body := h.session, text.Text
		send.Disable()
		h.run(func(ctx context.Context) func() {
			_, err := h.svc.Portal.Reply(ctx, s, id, body)
			return func() {
				send.Enable()
				if err == nil {
					text.SetText("")
				}
				h.say(msg, err, i18n.T("Sent. The clinic answers here, in your messages."))
			}
		})
	})
	box := container.NewVBox(text, container.NewHBox(send), msg)
	box.Hide()
	return box
}

// read shows a message and marks it read.
func (h *Home) read(id string, subject, body *widget.Label) {
	s := h.session
	h.run(func(ctx context.Context) func() {
		m, err := h.svc.Portal.Read(ctx, s, id)
		var d app.Dashboard
		if err == nil {
			d, err = h.svc.Portal.Dashboard(ctx, s)
		}
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			body.SetText(m.Body)
			body.Show()
			subject.TextStyle = fyne.TextStyle{}
			subject.Refresh()
			h.msgTab.Text = i18n.T("Messages")
			if d.Unread > 0 {
				h.msgTab.Text = i18n.T("Messages (%d)", d.Unread)
			}
			h.tabs.Refresh()
		}
	})
}

// months shows 7.5 as "7.5" and 8 as "8".
func months(m float64) string {
	return strconv.FormatFloat(m, 'f', -1, 64)
}
