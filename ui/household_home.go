package ui

import (
	"context"
	"errors"
	"fmt"

	"casedesk/app"
	"casedesk/app/household"
	"casedesk/app/i18n"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ownHome is what a household's own CaseDesk adds to the home screen:
// at the top of My cases, the requests for evidence whose response is due
// soon and the household's actions (add a case, the family, an
// appointment); on a case page, recording a status from a letter, the
// letters themselves and a request's checklist (household_case*.go). It
// shows only once the household service says the store is a household's;
// every call is checked there again.
type ownHome struct {
	h  *Home
	on bool // the store is a household's

	box      *fyne.Container // at the top of My cases
	banners  *fyne.Container // the responses due soon
	addCase  *pageButton
	family   *pageButton
	addAppt  *pageButton // on the Appointments tab
	members  []household.Member
	apptsTop *fyne.Container // the Appointments tab's top

	page *fyne.Container // a form page shown over the tabs, if any
	// The add-a-case, family and appointment forms, while shown.
	caseForm   *ownCaseForm
	memberForm *ownMemberForm
	apptForm   *ownApptForm
	// The case page's household parts, while one is shown.
	parts *ownCaseParts
	// pick, when set, chooses a letter's file instead of the file dialog
	// (tests).
	pick func(picked func(path string))
}

func newOwnHome(h *Home) *ownHome {
	o := &ownHome{h: h, banners: container.NewVBox(), page: container.NewStack()}
	o.addCase = h.button(i18n.T("Add a case"), theme.ContentAddIcon(), nil)
	o.addCase.OnTapped = func() { o.showCaseForm(o.addCase) }
	o.addCase.Importance = widget.HighImportance
	o.family = h.button(i18n.T("Family members"), theme.AccountIcon(), nil)
	o.family.OnTapped = func() { o.showMembers(o.family) }
	o.addAppt = h.button(i18n.T("Add an appointment"), theme.ContentAddIcon(), nil)
	o.addAppt.OnTapped = func() { o.showApptForm(o.addAppt) }
	o.box = container.NewVBox(o.banners, container.NewHBox(o.addCase, o.family))
	o.box.Hide()
	o.apptsTop = container.NewVBox(container.NewHBox(o.addAppt))
	o.apptsTop.Hide()
	return o
}

// reset forgets everything shown.
func (o *ownHome) reset() {
	o.on = false
	o.members = nil
	o.banners.Objects = nil
	o.box.Hide()
	o.apptsTop.Hide()
	o.page.Objects = nil
	o.caseForm, o.memberForm, o.apptForm, o.parts = nil, nil, nil, nil
}

// svc is the household service; nil when the window has none.
func (o *ownHome) svc() *household.Service { return o.h.svc.Household }

// load asks whether the store is a household's and, when it is, reads
// the family and the responses due soon, off the UI goroutine.
func (o *ownHome) load() {
	hs, s := o.svc(), o.h.session
	if hs == nil {
		return
	}
	o.h.run(func(ctx context.Context) func() {
		on, err := hs.IsHousehold(ctx)
		var ms []household.Member
		var due []household.RFE
		if err == nil && on {
			ms, err = hs.Members(ctx, s)
			if errors.Is(err, household.ErrNotHousehold) {
				on, err = false, nil // an account of the store that is not its owner's
			}
		}
		if err == nil && on {
			due, err = hs.DueSoon(ctx, s)
		}
		return func() {
			if err != nil {
				o.h.fail(err)
				return
			}
			o.show(on, ms, due)
		}
	})
}

// show applies what load read.
func (o *ownHome) show(on bool, ms []household.Member, due []household.RFE) {
	o.on, o.members = on, ms
	o.box.Hidden, o.apptsTop.Hidden = !on, !on
	o.banners.Objects = nil
	today := app.DateOf(o.h.now())
	for _, r := range due {
		l := widget.NewLabelWithStyle(dueText(today, r), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		if household.DaysLeft(today, r.Due) < 0 {
			l.Importance = widget.DangerImportance
		}
		o.banners.Add(l)
	}
	o.h.cases.ownShown(on)
	o.h.notices.ownShown()
	o.h.profile.ownShown(on)
	o.h.messagesShown(!on)
	o.box.Refresh()
	o.apptsTop.Refresh()
}

// dueText says when a request's response is due and how much is ready:
// "Evidence for EAC… is due in 12 days — 3 of 5 items ready".
func dueText(today app.Date, r household.RFE) string {
	left := household.DaysLeft(today, r.Due)
	ready := i18n.N(len(r.Items), "%d of %d item ready", "%d of %d items ready", r.Ready(), len(r.Items))
	if len(r.Items) == 0 {
		ready = i18n.T("no evidence listed yet")
	}
	switch {
	case left < 0:
		return i18n.N(-left, "The evidence for %s was due %d day ago (%s) — %s", "The evidence for %s was due %d days ago (%s) — %s",
			string(r.Receipt), -left, r.Due.String(), ready)
	case left == 0:
		return i18n.T("The evidence for %s is due today — %s", string(r.Receipt), ready)
	}
	return i18n.N(left, "Evidence for %s is due in %d day (%s) — %s", "Evidence for %s is due in %d days (%s) — %s",
		string(r.Receipt), left, r.Due.String(), ready)
}

// sourceText says where a case's record came from, so that a person
// always knows whose word a status is; "" for the clinic that keeps this
// store.
func sourceText(c app.Case) string {
	switch c.Source.Kind {
	case app.SourceYou:
		return i18n.T("Entered by you")
	case app.SourceClinic:
		if c.Source.On.IsZero() {
			return i18n.T("From %s", c.Source.Clinic)
		}
		return i18n.T("From %s (updated %s)", c.Source.Clinic, c.Source.On.String())
	}
	return ""
}

// showForm shows a form page over the tabs; Back returns to them.
func (o *ownHome) showForm(title string, body fyne.CanvasObject, from fyne.Focusable) {
	h := o.h
	back := h.button(i18n.T("All my cases"), theme.NavigateBackIcon(), nil)
	head := bold(title)
	head.SizeName = theme.SizeNameSubHeadingText
	o.page.Objects = []fyne.CanvasObject{page(container.NewVBox(container.NewHBox(back), head, body))}
	o.page.Refresh()
	back.OnTapped = h.showPage(o.page, from)
}

// done goes back to the tabs after a form was saved, shows the cases and
// appointments again and says msg.
func (o *ownHome) done(msg string) {
	h := o.h
	if h.back != nil {
		h.back()
	}
	tell(h.status, msg, false)
	o.refresh()
}

// refresh reads the cases and appointments again, and the household's
// family and due dates, after a change: not the whole home, whose account
// tab would take away what the screen just said.
func (o *ownHome) refresh() {
	h, s := o.h, o.h.session
	h.run(func(ctx context.Context) func() {
		d, err := h.svc.Portal.Dashboard(ctx, s)
		var as []app.Appointment
		if err == nil {
			as, err = h.svc.Portal.Appointments(ctx, s)
		}
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			h.cases.show(d)
			h.appts.show(as)
		}
	})
	o.load()
}

// fail says err on a form's own line; a sign-out signs out.
func (o *ownHome) fail(l *widget.Label, err error) {
	if errors.Is(err, portal.ErrSignedOut) {
		o.h.fail(err)
		return
	}
	tell(l, household.Message(err), true)
}

// memberNames are the household's people by name, for a choice, with
// their ids in the same order.
func (o *ownHome) memberNames() (names, ids []string) {
	for _, m := range o.members {
		name := m.Person.FullName()
		if m.Relationship == household.Self {
			name = i18n.T("%s (you)", name)
		} else if m.Relationship != "" {
			name = fmt.Sprintf("%s (%s)", name, m.Relationship)
		}
		names, ids = append(names, name), append(ids, m.Person.ID)
	}
	return names, ids
}
