package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The desk's keys, the home screen's (keys.go) and a few of a workplace's:
//
//	Ctrl+Tab, Ctrl+Page Down          the next tab
//	Ctrl+Shift+Tab, Ctrl+Page Up      the tab before
//	Alt+1 … Alt+8                     that tab (Clients, Messages, Mailing day,
//	                                  Audit, Processing times, Reports, Staff,
//	                                  Settings)
//	Alt+Left (and Escape)             back from a page, a form or a preview
//	Ctrl+F                            the client search, from anywhere
//	Ctrl+N                            add a client
//
// They work while a field has the focus too: a field passes the shortcuts
// that do not edit text to the window (field.go). The drop-down lists are
// chosen from by typing (choice.go).
func (d *Desk) shortcuts() []homeKey {
	ctrl, alt := fyne.KeyModifierControl, fyne.KeyModifierAlt
	keys := []homeKey{
		{&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: ctrl}, func() { d.nextTab(1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: ctrl}, func() { d.nextTab(1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: ctrl | fyne.KeyModifierShift}, func() { d.nextTab(-1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: ctrl}, func() { d.nextTab(-1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: alt}, d.goBack},
		{&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}, d.findClient},
		{&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl}, d.newClient},
	}
	for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8} {
		keys = append(keys, homeKey{&desktop.CustomShortcut{KeyName: k, Modifier: alt}, func() { d.pickTab(i) }})
	}
	return keys
}

// addKeys puts the desk's shortcuts on the window; removeKeys takes them
// off when the desk ends, so that none outlives a sign-out.
func (d *Desk) addKeys() {
	if d.canvas == nil {
		return
	}
	for _, k := range d.shortcuts() {
		do := k.do
		d.canvas.AddShortcut(k.key, func(fyne.Shortcut) {
			if !d.ended() {
				do()
			}
		})
	}
}

func (d *Desk) removeKeys() {
	if d.canvas == nil {
		return
	}
	for _, k := range d.shortcuts() {
		d.canvas.RemoveShortcut(k.key)
	}
}

// ended reports whether the desk was signed out.
func (d *Desk) ended() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stopped
}

// nextTab goes by step tabs, round.
func (d *Desk) nextTab(step int) {
	n := len(d.tabs.Items)
	d.pickTab(((d.tabs.SelectedIndex()+step)%n + n) % n)
}

// pickTab shows tab i, leaving any page, form or preview, and gives the
// focus to the tab's first control. A tab the staff member does not have
// (an administrator's) is no tab.
func (d *Desk) pickTab(i int) {
	if i < 0 || i >= len(d.tabs.Items) {
		return
	}
	d.touch()
	for d.back != nil {
		d.back()
	}
	d.tabs.SelectIndex(i)
	focusFirstIn(d.canvas, d.tabs.Items[i].Content)
}

// goBack leaves a page, a form or a preview, as its Back button does.
func (d *Desk) goBack() {
	if d.back != nil {
		d.back()
	}
}

// findClient goes to the client search with what it holds selected, so
// that typing replaces it.
func (d *Desk) findClient() {
	d.pickTab(0)
	if d.canvas != nil {
		d.canvas.Focus(d.clients.query)
		d.clients.query.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}

// newClient opens the form to add a client, over what is shown.
func (d *Desk) newClient() {
	d.touch()
	d.clients.add.OnTapped()
}
