package ui

import (
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// mailingTab is "Mailing day": the Print notices screen, which every
// notice of a day or of a case goes through into one PDF and to the
// printer. It is made when the tab is first chosen: it looks for the
// printers then.
type mailingTab struct {
	d       *Desk
	item    *container.TabItem
	holder  *fyne.Container // the screen, once made
	notices *Notices
}

func newMailingTab(d *Desk) *mailingTab {
	t := &mailingTab{d: d, holder: container.NewStack()}
	t.item = container.NewTabItem(i18n.T("Mailing day"), t.holder)
	return t
}

// open makes the Print notices screen the first time the tab is shown.
func (t *mailingTab) open() {
	if t.notices != nil || t.d.svc.Notices == nil {
		return
	}
	d := t.d
	t.notices = NewNotices(d.svc, d.win, func() { d.touch(); d.tabs.SelectIndex(0) })
	t.notices.printed = d.desk.PrintedSelection
	// In a tab there is nothing to go back to: the other tabs are beside it.
	if back := backOf(t.notices.Content()); back != nil {
		back.Hide()
	}
	t.holder.Objects = []fyne.CanvasObject{t.notices.Content()}
	t.holder.Refresh()
	t.notices.Load()
}

// reset drops the screen, with what was typed in it.
func (t *mailingTab) reset() {
	t.notices = nil
	t.holder.Objects = nil
	t.holder.Refresh()
}

// backOf is the Back button of a screen made to stand alone, if it has one.
func backOf(o fyne.CanvasObject) *widget.Button {
	if b, ok := o.(*widget.Button); ok && b.Text == i18n.T("Back") {
		return b
	}
	for _, c := range parts(o) {
		if b := backOf(c); b != nil {
			return b
		}
	}
	return nil
}
