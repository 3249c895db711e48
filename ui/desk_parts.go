package ui

import (
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The parts the desk's pages and tabs are made of.

// show shows a dialog over the window, and keeps it so that a sign-out
// closes it.
func (d *Desk) show(dlg dialog.Dialog) {
	d.dialogs[dlg] = true
	dlg.SetOnClosed(func() { delete(d.dialogs, dlg) })
	dlg.Show()
}

// confirm asks before an action that cannot be undone, calling yes if
// the person agrees.
func (d *Desk) confirm(title, msg, yesLabel string, yes func()) {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	dlg := dialog.NewCustomConfirm(title, yesLabel, i18n.T("Cancel"), text, func(ok bool) {
		if ok {
			d.touch()
			yes()
		}
	}, d.win)
	dlg.Resize(fyne.NewSize(520, 240))
	d.show(dlg)
}

// formMessage is what a form says when a call failed on what was typed:
// every problem, one a line; "" when the failure is of another kind.
func formMessage(err error) string {
	in := app.InputErrors(err)
	if len(in) == 0 {
		return ""
	}
	lines := make([]string, len(in))
	for i, e := range in {
		lines[i] = e.Error()
	}
	return i18n.T("Nothing was saved. Fix what is marked:") + "\n" + strings.Join(lines, "\n")
}

// refused shows why a form sent was refused: each field's problem under
// it and the list in msg; any other failure at the foot of the screen. It
// reports whether there was an error.
func (d *Desk) refused(form *widget.Form, items map[app.Field]*widget.FormItem, msg *widget.Label, err error) bool {
	markItems(form, items, err)
	if t := formMessage(err); t != "" {
		tell(msg, t, true)
		return true
	}
	if err != nil {
		msg.Hide()
		d.fail(err)
		return true
	}
	return false
}

// markItems puts each field's problem under it, as the form item's hint,
// and clears the hints of the others.
func markItems(form *widget.Form, items map[app.Field]*widget.FormItem, err error) {
	for _, it := range items {
		it.HintText = ""
	}
	for _, in := range app.InputErrors(err) {
		if it, ok := items[in.Code]; ok {
			if it.HintText != "" {
				it.HintText += " "
			}
			it.HintText += in.Msg
		}
	}
	form.Refresh()
}

// heading is a page's title.
func heading(text string) *widget.Label {
	l := bold(text)
	l.SizeName = theme.SizeNameHeadingText
	return l
}

// section is a part of a page under its title, smaller than the page's.
func section(title string, content fyne.CanvasObject) *widget.Card {
	l := bold(title)
	l.SizeName = theme.SizeNameSubHeadingText
	return widget.NewCard("", "", container.NewVBox(l, content))
}

// backButton is a page's way back, named for where it goes.
func backButton(to string) *widget.Button {
	return widget.NewButtonWithIcon(to, theme.NavigateBackIcon(), nil)
}

// when says a moment in words in the computer's zone, or "never" when zero.
func when(t time.Time) string {
	if t.IsZero() {
		return i18n.T("never")
	}
	return t.Local().Format("01/02/2006 3:04 PM")
}
