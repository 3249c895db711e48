package ui

import (
	"context"
	"strconv"
	"strings"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// casesTab is "My cases": a card for each case with its status, the form
// to add a case filed on paper, and a case's own page with its history,
// notices and appointments.
type casesTab struct {
	h    *Home
	item *container.TabItem

	list   *fyne.Container
	open   []*widget.Button // "Open case", one for each card, in order
	scroll *container.Scroll

	receipt *field
	role    *widget.Select
	add     *widget.Button
	addMsg  *widget.Label

	page *fyne.Container // the case page shown, if any

	top        *fyne.Container   // a household's due dates and actions (household_home.go)
	paper      fyne.CanvasObject // "Add a paper-filed case": not in a household's own CaseDesk
	own        bool              // the store is a household's
	shownCases []app.Case        // the cases listed, in order
	pageFrom   fyne.Focusable    // what opened the case page shown
}

func newCasesTab(h *Home) *casesTab {
	t := &casesTab{h: h, list: container.NewVBox(), page: container.NewStack(), top: container.NewVBox()}
	t.paper = t.addForm()
	t.scroll = page(container.NewVBox(t.top, t.list, t.paper))
	t.item = container.NewTabItem(i18n.T("My cases"), t.scroll)
	return t
}

// reset forgets the cases, the case page and what was typed.
func (t *casesTab) reset() {
	t.list.Objects = nil
	t.open = nil
	t.page.Objects = nil
	t.shownCases, t.pageFrom, t.own = nil, nil, false
	t.paper.Show()
	t.receipt.SetText("")
	t.role.ClearSelected()
	t.addMsg.SetText("")
	t.addMsg.Hide()
}

// show puts a card for each case in the list.
func (t *casesTab) show(d app.Dashboard) {
	t.list.Objects, t.open, t.shownCases = nil, nil, d.Cases
	switch {
	case len(d.Cases) == 0 && t.own:
		t.list.Add(empty(i18n.T("You follow no cases yet. Add one with its receipt number from its receipt notice.")))
	case len(d.Cases) == 0:
		t.list.Add(empty(i18n.T("No cases are linked to your account yet. When the clinic records a case for you, it shows here.")))
	}
	for _, c := range d.Cases {
		title := c.FormType
		if c.FormTitle != "" {
			title += " — " + formTitle(c)
		}
		status, explain := c.StatusCode, ""
		if st, ok := c.Status(); ok {
			status, explain = st.LocalTitle(), st.Explanation()
		}
		lines := container.NewVBox(bold(title),
			wrapped(i18n.T("Receipt number %s · since %s: %s", string(c.Receipt), c.StatusDate.String(), status)),
			wrapped(explain))
		if src := sourceText(c); src != "" {
			lines.Add(hint(src))
		}
		if prev := t.h.session.PreviousVisit; !prev.IsZero() && c.UpdatedAt.After(prev) {
			changed := widget.NewLabelWithStyle(i18n.T("Changed since your last visit"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			changed.Importance = widget.WarningImportance
			lines.Objects = append([]fyne.CanvasObject{changed}, lines.Objects...)
		}
		id := c.ID
		open := widget.NewButtonWithIcon(i18n.T("Open case"), theme.NavigateNextIcon(), nil)
		open.OnTapped = func() { t.openCase(id, open) }
		t.open = append(t.open, open)
		t.list.Add(widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewVBox(open), lines)))
	}
	t.list.Refresh()
}

// addForm is "Add a paper-filed case" by its receipt number.
func (t *casesTab) addForm() fyne.CanvasObject {
	h := t.h
	t.receipt = h.keyed(newField())
	t.receipt.SetPlaceHolder(i18n.T("Receipt number, like IOE0912345678"))
	t.addMsg = note()
	// In the order of the choices, which are words and never compared.
	roles := []portal.CaseRole{portal.AsApplicant, portal.AsPetitioner, portal.AsBeneficiary}
	t.role = widget.NewSelect([]string{i18n.T("I am the applicant"), i18n.T("I am the petitioner"), i18n.T("I am the beneficiary")},
		func(string) { h.touch() })
	t.role.PlaceHolder = i18n.T("Your role on this case")
	t.add = widget.NewButtonWithIcon(i18n.T("Add case"), theme.ContentAddIcon(), func() {
		h.touch()
		if _, err := app.ParseReceipt(t.receipt.Text); err != nil {
			t.tell(portal.AddCaseMessage(strings.TrimSpace(t.receipt.Text), err), true)
			return
		}
		i := t.role.SelectedIndex()
		if i < 0 {
			t.tell(i18n.T("Choose your role on the case: applicant (the person the form is for), petitioner (who filed for a relative) or beneficiary (the relative filed for)."), true)
			return
		}
		t.addCase(t.receipt.Text, roles[i])
	})
	t.receipt.OnSubmitted = func(string) { t.add.OnTapped() }
	// What was said about the last number goes once another is typed.
	t.receipt.OnChanged = func(string) { h.touch(); t.addMsg.Hide() }
	// The explanation wraps in the card instead of being its subtitle, which
	// would not wrap and would widen the window.
	return widget.NewCard(i18n.T("Add a paper-filed case"), "", container.NewVBox(
		hint(i18n.T("A case you filed on paper, by the receipt number on its receipt notice. It is added when the person in the role you choose has your full name and date of birth.")),
		container.NewBorder(nil, nil, nil, t.add, container.NewGridWithColumns(2, t.receipt, t.role)), t.addMsg))
}

// addCase links the case with the typed receipt number, then shows the
// cases again.
func (t *casesTab) addCase(typed string, role portal.CaseRole) {
	h, s := t.h, t.h.session
	t.add.Disable()
	h.run(func(ctx context.Context) func() {
		c, err := h.svc.Portal.AddCase(ctx, s, typed, role)
		var d app.Dashboard
		if err == nil {
			d, err = h.svc.Portal.Dashboard(ctx, s)
		}
		return func() {
			t.add.Enable()
			if err != nil {
				t.tell(portal.AddCaseMessage(strings.TrimSpace(typed), err), true)
				return
			}
			t.tell(i18n.T("Case %s is added to your account.", string(c.Receipt)), false)
			t.receipt.SetText("")
			t.role.ClearSelected()
			t.show(d)
		}
	})
}

// openCase shows one case's page: history, notices, appointments. Back
// from it, the focus returns to from, the button that opened it (a
// button pressed with Space has given the focus up already).
func (t *casesTab) openCase(id string, from fyne.Focusable) {
	h, s := t.h, t.h.session
	h.touch()
	h.run(func(ctx context.Context) func() {
		v, err := h.svc.Portal.Case(ctx, s, id)
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			t.showCase(v, from)
		}
	})
}

func (t *casesTab) showCase(v portal.CaseView, from fyne.Focusable) {
	h, c := t.h, v.Case
	back := h.button(i18n.T("All my cases"), theme.NavigateBackIcon(), nil)
	title := bold(c.FormType + " — " + formTitle(c))
	title.SizeName = theme.SizeNameSubHeadingText
	status := c.StatusCode
	if st, ok := c.Status(); ok {
		status = st.LocalTitle()
	}
	box := container.NewVBox(container.NewHBox(back), title,
		wrapped(i18n.T("Receipt number %s · received %s · %s", string(c.Receipt), c.ReceivedDate.String(), c.Office)),
		bold(i18n.T("Now: %s", status)))
	if src := sourceText(c); src != "" {
		box.Add(hint(src))
	}
	if pt := v.Processing; pt != nil {
		box.Add(wrapped(i18n.T("USCIS takes %s to %s months for Form %s at the %s (as of %s). Ask the clinic if your case takes longer.",
			months(pt.MinMonths), months(pt.MaxMonths), pt.FormType, pt.Office, pt.AsOf.String())))
	}
	box.Add(widget.NewSeparator())
	box.Add(bold(i18n.T("History, newest first")))
	// Dates in words differ in width ("4 de enero de 2026"): a form's
	// layout keeps the titles beside them in one column.
	history := container.New(layout.NewFormLayout())
	for i := len(v.Events) - 1; i >= 0; i-- {
		e := v.Events[i]
		text := e.StatusCode
		if st, ok := app.StatusByCode(e.StatusCode); ok {
			text = st.LocalTitle()
		}
		if e.Note != "" {
			text += " — " + e.Note
		}
		history.Add(widget.NewLabel(e.Date.String()))
		history.Add(wrapped(text))
	}
	box.Add(history)
	// A household keeps its letters instead (household_case.go); a
	// clinic's notices, from a case packet, show when there are some.
	if len(v.Notices) > 0 || !h.own.on {
		box.Add(widget.NewSeparator())
		box.Add(bold(i18n.T("Notices")))
	}
	if len(v.Notices) == 0 && !h.own.on {
		box.Add(empty(i18n.T("No notices for this case were sent to you.")))
	}
	if len(v.Notices) > 0 {
		box.Add(h.notices.rows(v.Notices))
	}
	if len(v.Appointments) > 0 {
		box.Add(widget.NewSeparator())
		box.Add(bold(i18n.T("Appointments")))
		for _, a := range v.Appointments {
			card, _ := h.appts.card(a)
			box.Add(card)
		}
	}
	h.own.caseParts(box, c)
	t.page.Objects = []fyne.CanvasObject{page(box)}
	if h.back != nil && len(h.body.Objects) == 1 && h.body.Objects[0] == t.page {
		// Shown again after a change on it: the same page, the same way back.
		back.OnTapped = h.back
		t.page.Refresh()
		return
	}
	t.pageFrom = from
	back.OnTapped = h.showPage(t.page, from)
}

// ownShown shows the household's parts of the tab, or the clinic's.
func (t *casesTab) ownShown(on bool) {
	t.own = on
	t.show(app.Dashboard{Cases: t.shownCases}) // its words for no cases differ
	if on {
		t.paper.Hide()
	} else {
		t.paper.Show()
	}
	t.scroll.Refresh()
}

// ownTop puts a household's due dates and actions at the top of the tab.
func (t *casesTab) ownTop(o fyne.CanvasObject) {
	t.top.Objects = []fyne.CanvasObject{o}
}

// reopen shows the case page again after a change on it, saying msg, and
// reads the cases again behind it.
func (t *casesTab) reopen(id, msg string) {
	h, s := t.h, t.h.session
	h.run(func(ctx context.Context) func() {
		v, err := h.svc.Portal.Case(ctx, s, id)
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			t.showCase(v, t.pageFrom)
			tell(h.status, msg, false)
			h.own.refresh()
			// The next thing to do with a letter whose status is recorded
			// is to keep the letter itself.
			if p := h.own.parts; p != nil {
				p.focusOnceLoaded(p.attach)
			}
		}
	})
}

// months shows 7.5 as "7.5" and 8 as "8".
func months(m float64) string {
	return strconv.FormatFloat(m, 'f', -1, 64)
}

// tell says how adding a case went under its form, and scrolls the form
// into view: the form is last, so a message there would otherwise be out
// of sight below the cases.
func (t *casesTab) tell(msg string, bad bool) {
	tell(t.addMsg, msg, bad)
	t.scroll.ScrollToBottom()
}

// formTitle is the case's form title in the screen's language when it is
// one of the forms CaseDesk knows (app.Forms), as USCIS's Spanish pages
// name them; any other title is shown as the clinic typed it.
func formTitle(c app.Case) string {
	if f, ok := app.FormByType(c.FormType); ok && f.Title == c.FormTitle {
		return i18n.T(f.Title)
	}
	return c.FormTitle
}
