package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/household"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ownCaseParts are a case page's household parts: recording a status from
// a letter (only on a case the person entered), the letters kept with the
// case, and a request for evidence's due date and checklist.
type ownCaseParts struct {
	o *ownHome
	c app.Case

	box *fyne.Container

	// Record a status from a letter.
	status   *choice
	statuses []app.Status
	meaning  *widget.Label
	date     *field
	note     *field
	record   *pageButton
	stMsg    *widget.Label

	// The letters.
	letters   *fyne.Container
	attach    *pageButton
	letterMsg *widget.Label
	rows      map[string]*letterRow // by attachment id
	view      *letterView           // the letter shown, if any
	viewMsg   *widget.Label         // the shown letter's outcome line

	// The request for evidence.
	rfeBox  *fyne.Container
	due     *field
	saveDue *pageButton
	items   *fyne.Container
	ticks   []*widget.Check
	newItem *field
	addItem *pageButton
	cover   *pageButton
	saveCov *pageButton
	rfeMsg  *widget.Label

	// loaded: the letters and the checklist are on the page; until then
	// pending is the control to give the focus to once they are, as the
	// page grows when they come and would push it out of sight.
	loaded  bool
	pending fyne.Focusable
}

// focusOnceLoaded gives f the focus once the letters and the checklist
// are on the page (at once when they are).
func (p *ownCaseParts) focusOnceLoaded(f fyne.Focusable) {
	if p.loaded {
		p.focus(f)
		return
	}
	p.pending = f
}

// caseParts adds the household's parts to a case page's box, and loads
// the letters and the checklist in the background.
func (o *ownHome) caseParts(box *fyne.Container, c app.Case) {
	if !o.on {
		o.parts = nil
		return
	}
	p := &ownCaseParts{o: o, c: c, box: box, rows: map[string]*letterRow{}}
	o.parts = p
	box.Add(widget.NewSeparator())
	switch c.Source.Kind {
	case app.SourceYou:
		box.Add(bold(i18n.T("Record a status from a letter")))
		box.Add(p.statusForm())
	case app.SourceClinic:
		box.Add(wrapped(i18n.T("The statuses of this case come from %s: each new case packet from the clinic brings the latest ones.", c.Source.Clinic)))
	}
	box.Add(widget.NewSeparator())
	box.Add(bold(i18n.T("Letters")))
	p.letters = container.NewVBox()
	p.letterMsg = note()
	p.attach = o.h.button(i18n.T("Attach a letter…"), theme.FileIcon(), p.pickLetter)
	box.Add(hint(i18n.T("Keep a scanned PDF or a photo (JPEG or PNG) of each letter USCIS sends, up to 25 MB. CaseDesk keeps it sealed on this computer.")))
	box.Add(p.letters)
	box.Add(p.letterMsg)
	box.Add(container.NewHBox(p.attach))
	p.rfeBox = container.NewVBox()
	p.rfeBox.Hide()
	box.Add(p.rfeBox)
	p.load()
}

// load reads the letters and the request for evidence.
func (p *ownCaseParts) load() {
	h, hs, id := p.o.h, p.o.svc(), p.c.ID
	h.run(func(ctx context.Context) func() {
		as, err := hs.Attachments(ctx, h.session, id)
		var r household.RFE
		if err == nil {
			r, err = hs.RFE(ctx, h.session, id)
		}
		return func() {
			if p.o.parts != p {
				return // another page is shown now
			}
			p.loaded = true
			if f := p.pending; f != nil {
				p.pending = nil
				defer p.focus(f)
			}
			if err != nil {
				p.o.fail(p.letterMsg, err)
				return
			}
			p.showLetters(as)
			p.showRFE(r)
		}
	})
}

// statusForm is the form that records a status from a letter.
func (p *ownCaseParts) statusForm() fyne.CanvasObject {
	h := p.o.h
	p.statuses = app.Statuses()
	p.status = newChoice(localStatusOptions(p.statuses), func(string) {
		h.touch()
		if i := p.status.SelectedIndex(); i >= 0 {
			p.meaning.SetText(p.statuses[i].Explanation())
			p.meaning.Show()
		}
	})
	p.status.PlaceHolder = i18n.T("The status on the letter")
	p.meaning = hint("")
	p.meaning.Hide()
	p.date, p.note = h.keyed(newField()), h.keyed(newField())
	p.date.SetText(app.DateOf(h.now()).Short())
	p.note.SetPlaceHolder(i18n.T("Optional: what the letter asks"))
	h.touchOnTyping(entryOf(p.date, p.note)...)
	p.stMsg = note()
	p.record = h.button(i18n.T("Record status"), theme.ConfirmIcon(), p.submitStatus)
	p.record.Importance = widget.HighImportance
	p.date.OnSubmitted = func(string) { p.submitStatus() }
	p.note.OnSubmitted = func(string) { p.submitStatus() }
	form := widget.NewForm(
		widget.NewFormItem(app.FieldStatus.Label(), container.NewVBox(p.status, p.meaning)),
		widget.NewFormItem(i18n.T("Date on the letter"), p.date),
		widget.NewFormItem(app.FieldNote.Label(), p.note))
	return container.NewVBox(form, p.stMsg, container.NewHBox(p.record))
}

func (p *ownCaseParts) submitStatus() {
	o, h := p.o, p.o.h
	h.touch()
	f := household.StatusForm{CaseID: p.c.ID, Date: p.date.Text, Note: p.note.Text}
	if i := p.status.SelectedIndex(); i >= 0 {
		f.Status = p.statuses[i].Code
	}
	p.record.Disable()
	h.run(func(ctx context.Context) func() {
		_, err := o.svc().RecordStatus(ctx, h.session, f)
		return func() {
			p.record.Enable()
			if err != nil {
				o.fail(p.stMsg, err)
				return
			}
			h.cases.reopen(p.c.ID, i18n.T("The status is recorded."))
		}
	})
}

// showRFE shows the request for evidence's part: when the case's status
// asks for evidence, or a due date or checklist was kept.
func (p *ownCaseParts) showRFE(r household.RFE) {
	h := p.o.h
	p.rfeBox.Objects = nil
	if !household.IsRFE(p.c.StatusCode) && r.Due.IsZero() && len(r.Items) == 0 {
		p.rfeBox.Hide()
		return
	}
	p.rfeMsg = note()
	p.due = h.keyed(newField())
	p.due.SetPlaceHolder(i18n.T("MM/DD/YYYY"))
	if !r.Due.IsZero() {
		p.due.SetText(r.Due.Short())
	}
	p.saveDue = h.button(i18n.T("Save due date"), theme.DocumentSaveIcon(), p.submitDue)
	p.due.OnSubmitted = func(string) { p.submitDue() }
	p.items = container.NewVBox()
	p.ticks = nil
	for i, it := range r.Items {
		tick := widget.NewCheck(it.Text, nil)
		tick.Checked = it.Done
		tick.OnChanged = func(on bool) { p.tickItem(i, it.ID, on) }
		remove := h.button(i18n.T("Remove"), theme.DeleteIcon(), func() { p.removeItem(it.ID) })
		p.ticks = append(p.ticks, tick)
		p.items.Add(container.NewBorder(nil, nil, nil, remove, tick))
	}
	if len(r.Items) == 0 {
		p.items.Add(empty(i18n.T("No evidence listed yet. Add each document the request asks for.")))
	}
	p.newItem = h.keyed(newField())
	p.newItem.SetPlaceHolder(i18n.T("A document to send, like “Birth certificate with translation”"))
	h.touchOnTyping(entryOf(p.due, p.newItem)...)
	p.addItem = h.button(i18n.T("Add to the list"), theme.ContentAddIcon(), p.submitItem)
	p.newItem.OnSubmitted = func(string) { p.submitItem() }
	p.cover = h.button(i18n.T("Print the cover sheet"), theme.DocumentPrintIcon(), func() { p.coverSheet(true) })
	p.saveCov = h.button(i18n.T("Save the cover sheet"), theme.DocumentSaveIcon(), func() { p.coverSheet(false) })
	p.saveCov.Hidden = h.svc.Kiosk
	p.rfeBox.Objects = []fyne.CanvasObject{
		widget.NewSeparator(),
		bold(i18n.T("Request for evidence: your response")),
		hint(i18n.T("Type the response date printed on the request, and list the evidence it asks for; tick each item once it is ready. The cover sheet goes on top of what you send.")),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.T("Response due by")), p.saveDue, p.due),
		p.items,
		container.NewBorder(nil, nil, nil, p.addItem, p.newItem),
		p.rfeMsg,
		container.NewHBox(p.cover, p.saveCov),
	}
	p.rfeBox.Show()
	p.rfeBox.Refresh()
}

// rfeAction runs a change of the request's part and shows it again, with
// the focus on what focus returns (the part is built anew: the control
// that had the focus is gone).
func (p *ownCaseParts) rfeAction(change func(ctx context.Context) error, ok string, focus func() fyne.Focusable) {
	o, h := p.o, p.o.h
	h.touch()
	id := p.c.ID
	h.run(func(ctx context.Context) func() {
		err := change(ctx)
		var r household.RFE
		if err == nil {
			r, err = o.svc().RFE(ctx, h.session, id)
		}
		return func() {
			if o.parts != p {
				return
			}
			if err != nil {
				if p.rfeMsg != nil {
					o.fail(p.rfeMsg, err)
				}
				return
			}
			p.showRFE(r)
			if ok != "" {
				tell(p.rfeMsg, ok, false)
			}
			if f := focus(); f != nil {
				p.focus(f)
			}
			h.own.load() // the banner on My cases counts the items ready
		}
	})
}

func (p *ownCaseParts) submitDue() {
	typed, hs, s, id := p.due.Text, p.o.svc(), p.o.h.session, p.c.ID
	p.rfeAction(func(ctx context.Context) error { _, err := hs.SetRFEDue(ctx, s, id, typed); return err }, i18n.T("The due date is saved."),
		func() fyne.Focusable { return p.newItem })
}

func (p *ownCaseParts) submitItem() {
	typed, hs, s, id := p.newItem.Text, p.o.svc(), p.o.h.session, p.c.ID
	p.rfeAction(func(ctx context.Context) error { _, err := hs.AddRFEItem(ctx, s, id, typed); return err }, "",
		func() fyne.Focusable { return p.newItem })
}

func (p *ownCaseParts) tickItem(at int, itemID string, on bool) {
	hs, s, id := p.o.svc(), p.o.h.session, p.c.ID
	p.rfeAction(func(ctx context.Context) error { return hs.TickRFEItem(ctx, s, id, itemID, on) }, "",
		func() fyne.Focusable {
			if at < len(p.ticks) {
				return p.ticks[at]
			}
			return p.newItem
		})
}

func (p *ownCaseParts) removeItem(itemID string) {
	hs, s, id := p.o.svc(), p.o.h.session, p.c.ID
	p.rfeAction(func(ctx context.Context) error { return hs.RemoveRFEItem(ctx, s, id, itemID) }, "",
		func() fyne.Focusable { return p.newItem })
}
