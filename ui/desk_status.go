package ui

import (
	"context"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusForm records a status change of a case: the status (its meaning
// in plain words under it), its date and a note, and the notice USCIS
// mailed for it, offered for the status chosen, with its date and, for a
// request for evidence, the response date.
type statusForm struct {
	d        *Desk
	caseID   string
	received app.Date
	statuses []app.Status

	status    *choice
	meaning   *widget.Label
	date      *field
	note      *field
	kind      *choice // "No notice", then desk.NoticeKinds
	noticeDay *field
	due       *field
	form      *widget.Form
	items     map[app.Field]*widget.FormItem
	record    *widget.Button
	msg       *widget.Label
	box       *fyne.Container
	saved     func()
}

func newStatusForm(d *Desk, caseID string, saved func()) *statusForm {
	f := &statusForm{d: d, caseID: caseID, saved: saved, statuses: app.Statuses()}
	f.status = newChoice(statusOptions(f.statuses), func(string) { d.touch(); f.chosen() })
	f.status.PlaceHolder = i18n.T("Choose the status USCIS shows")
	f.meaning = hint("")
	f.meaning.Hide()
	f.date, f.note = newField(), newTextField(2)
	f.date.SetPlaceHolder("MM/DD/YYYY")
	f.note.SetPlaceHolder(i18n.T("Optional: what the letter asks, what the client must do"))
	kinds := []string{i18n.T("No notice")}
	for _, k := range desk.NoticeKinds {
		kinds = append(kinds, notice.KindTitle(k))
	}
	f.kind = newChoice(kinds, func(string) { d.touch(); f.showDue() })
	f.noticeDay, f.due = newField(), newField()
	f.noticeDay.SetPlaceHolder(i18n.T("Empty: the date of the status"))
	d.touchOnTyping(entryOf(f.date, f.note, f.noticeDay, f.due)...)
	f.items = map[app.Field]*widget.FormItem{
		app.FieldStatus:     widget.NewFormItem(i18n.T("Status"), container.NewVBox(f.status, f.meaning)),
		app.FieldDate:       widget.NewFormItem(i18n.T("Date"), f.date),
		app.FieldNote:       widget.NewFormItem(i18n.T("Note"), f.note),
		app.FieldNoticeKind: widget.NewFormItem(i18n.T("Notice"), f.kind),
		app.FieldDueDate:    widget.NewFormItem(i18n.T("Response due"), f.due),
	}
	noticeDate := widget.NewFormItem(i18n.T("Notice date"), f.noticeDay)
	f.form = widget.NewForm(f.items[app.FieldStatus], f.items[app.FieldDate], f.items[app.FieldNote],
		f.items[app.FieldNoticeKind], noticeDate, f.items[app.FieldDueDate])
	f.record = widget.NewButtonWithIcon(i18n.T("Record status change"), theme.ConfirmIcon(), f.submit)
	for _, e := range []*field{f.date, f.noticeDay, f.due} {
		e.OnSubmitted = func(string) {
			if !f.record.Disabled() {
				f.submit()
			}
		}
	}
	f.record.Importance = widget.HighImportance
	f.msg = note()
	f.box = container.NewVBox(
		hint(i18n.T("The change goes in the case's history with the notice, and the client sees it on their next visit.")),
		f.form, f.msg, container.NewHBox(f.record))
	f.reset()
	return f
}

// statusOptions are the statuses' titles for the choice; a title the
// catalog has twice says its stage too.
func statusOptions(sts []app.Status) []string {
	seen := map[string]int{}
	for _, s := range sts {
		seen[s.Title]++
	}
	out := make([]string, len(sts))
	for i, s := range sts {
		out[i] = s.Title
		if seen[s.Title] > 1 {
			out[i] += " (" + string(s.Group) + ")"
		}
	}
	return out
}

// reset empties the form: no status, today's date, no notice.
func (f *statusForm) reset() {
	f.status.ClearSelected()
	f.meaning.SetText("")
	f.meaning.Hide()
	f.date.SetText(app.DateOf(f.d.now()).Short())
	f.note.SetText("")
	f.kind.SetSelectedIndex(0)
	f.noticeDay.SetText("")
	f.due.SetText("")
	f.msg.Hide()
	markItems(f.form, f.items, nil)
	f.showDue()
}

// chosen explains the status chosen and offers the notice USCIS mails for it.
func (f *statusForm) chosen() {
	i := f.status.SelectedIndex()
	if i < 0 {
		return
	}
	st := f.statuses[i]
	f.meaning.SetText(st.Explanation())
	f.meaning.Show()
	f.kind.SetSelectedIndex(0)
	if k, ok := desk.NoticeForStatus(st.Code); ok {
		for j, nk := range desk.NoticeKinds {
			if nk == k {
				f.kind.SetSelectedIndex(j + 1)
			}
		}
	}
	f.showDue()
	f.box.Refresh()
}

// kindChosen is the notice kind chosen; "" for none.
func (f *statusForm) kindChosen() app.NoticeKind {
	if i := f.kind.SelectedIndex(); i > 0 {
		return desk.NoticeKinds[i-1]
	}
	return ""
}

// showDue takes the response date only for a request for evidence.
func (f *statusForm) showDue() {
	if f.kindChosen() == app.NoticeRFE {
		f.due.SetPlaceHolder("MM/DD/YYYY")
		f.due.Enable()
		return
	}
	f.due.SetText("")
	f.due.SetPlaceHolder(i18n.T("Only for a request for evidence"))
	f.due.Disable()
}

func (f *statusForm) submit() {
	d := f.d
	d.touch()
	sf := desk.StatusForm{CaseID: f.caseID, Date: f.date.Text, Note: f.note.Text, Notice: f.kindChosen(), NoticeDate: f.noticeDay.Text}
	if i := f.status.SelectedIndex(); i >= 0 {
		sf.Status = f.statuses[i].Code
	}
	if sf.Notice == app.NoticeRFE {
		sf.DueDate = f.due.Text
	}
	f.record.Disable()
	d.run(func(ctx context.Context) func() {
		r, err := d.desk.RecordStatus(ctx, sf)
		return func() {
			f.record.Enable()
			if d.refused(f.form, f.items, f.msg, err) {
				return
			}
			msg := i18n.T("Recorded “%s” on %s.", statusTitle(r.Event.StatusCode), r.Event.Date.String())
			if r.Notice != nil {
				msg = i18n.T("Recorded “%s” on %s, with its %s.", statusTitle(r.Event.StatusCode), r.Event.Date.String(), strings.ToLower(notice.KindTitle(r.Notice.Kind)))
			}
			f.reset()
			d.tellDone(msg)
			f.saved()
		}
	})
}
