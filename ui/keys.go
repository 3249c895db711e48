package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// The home screen's keys. Fyne's tabs cannot take the focus, so Tab never
// reaches them; these shortcuts, the ones browsers and file managers use,
// reach every tab from anywhere on the screen:
//
//	Ctrl+Tab, Ctrl+Page Down          the next tab
//	Ctrl+Shift+Tab, Ctrl+Page Up      the tab before
//	Alt+1 … Alt+6                     that tab (Alt+4, Messages, does
//	                                  nothing where there is none)
//	Alt+Left (and Escape)             back from a case page or a preview
//
// A tab chosen by key gives the focus to its first control, so that Tab
// goes on inside it.
func (h *Home) shortcuts() []homeKey {
	ctrl, alt := fyne.KeyModifierControl, fyne.KeyModifierAlt
	keys := []homeKey{
		{&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: ctrl}, func() { h.nextTab(1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: ctrl}, func() { h.nextTab(1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyTab, Modifier: ctrl | fyne.KeyModifierShift}, func() { h.nextTab(-1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: ctrl}, func() { h.nextTab(-1) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: alt}, h.goBack},
	}
	// Each key names its tab, not a place in the row: a household's home
	// has no Messages (Home.messagesShown), and Alt+5 is Profile there too.
	items := []*container.TabItem{h.cases.item, h.notices.item, h.appts.item, h.messages.item, h.profile.item, h.account.item}
	for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6} {
		keys = append(keys, homeKey{&desktop.CustomShortcut{KeyName: k, Modifier: alt}, func() { h.pickTab(slices.Index(h.tabs.Items, items[i])) }})
	}
	return keys
}

// pageButton is a button of the home screen that leaves a case page or a
// preview on Escape while it has the focus, as Escape does with nothing
// focused: Fyne's Button takes Escape and does nothing with it, so a
// person who had tabbed to Print could not leave the preview by it.
type pageButton struct {
	widget.Button
	h *Home
}

// button is a pageButton of the home screen.
func (h *Home) button(label string, icon fyne.Resource, tapped func()) *pageButton {
	b := &pageButton{h: h}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey goes back on Escape from a page, and is a button's otherwise.
func (b *pageButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && b.h.back != nil {
		b.h.back()
		return
	}
	b.Button.TypedKey(ev)
}

// homeKey is a shortcut and what it does.
type homeKey struct {
	key fyne.Shortcut
	do  func()
}

// addKeys puts the shortcuts on the window, for when no field has the
// focus; the fields pass them to shortcut. removeKeys takes them off when
// the screen ends, so that none outlives a sign-out.
func (h *Home) addKeys() {
	h.keys = map[string]func(){}
	for _, k := range h.shortcuts() {
		h.keys[k.key.ShortcutName()] = k.do
		if h.canvas != nil {
			h.canvas.AddShortcut(k.key, h.shortcut)
		}
	}
}

func (h *Home) removeKeys() {
	for _, k := range h.shortcuts() {
		if h.canvas != nil {
			h.canvas.RemoveShortcut(k.key)
		}
	}
	h.keys = nil
}

// shortcut does what s stands for on the home screen, if anything.
func (h *Home) shortcut(s fyne.Shortcut) {
	if do := h.keys[s.ShortcutName()]; do != nil {
		do()
	}
}

// keyed makes f pass the screen's shortcuts on, and returns it.
func (h *Home) keyed(f *field) *field {
	f.keys = h.shortcut
	return f
}

// nextTab goes by step tabs, round.
func (h *Home) nextTab(step int) {
	n := len(h.tabs.Items)
	h.pickTab(((h.tabs.SelectedIndex()+step)%n + n) % n)
}

// pickTab shows tab i, leaving any case page or preview, and gives the
// focus to the tab's first control.
func (h *Home) pickTab(i int) {
	if i < 0 || i >= len(h.tabs.Items) {
		return
	}
	for h.back != nil {
		h.back()
	}
	h.tabs.SelectIndex(i)
	h.focusFirst(h.tabs.Items[i].Content)
}

// goBack leaves a case page or a preview, as its Back button does.
func (h *Home) goBack() {
	if h.back != nil {
		h.back()
	}
}

// focusFirst gives the focus to the first control in o that can take it;
// with none, to nothing, so that Tab starts at the top of the screen.
func (h *Home) focusFirst(o fyne.CanvasObject) { focusFirstIn(h.canvas, o) }

// focusFirstIn gives the focus on canvas c to the first control in o that
// can take it; with none, to nothing.
func focusFirstIn(c fyne.Canvas, o fyne.CanvasObject) {
	if c == nil {
		return
	}
	if f := firstFocusable(o); f != nil {
		c.Focus(f)
		return
	}
	c.Unfocus()
}

// passFocus moves the focus from o, a button just pressed that is about
// to be hidden, to the control after it (or before it): Tab then goes on
// from there, rather than from the top of the screen. A button pressed
// has given the focus up (see focusRing.giveBack), or has it back.
func (h *Home) passFocus(o fyne.Focusable, forward bool) {
	if h.canvas == nil {
		return
	}
	if f := h.canvas.Focused(); f != nil && f != o {
		return // the person has gone elsewhere
	}
	if h.canvas.Focus(o); h.canvas.Focused() != o {
		return // not on the screen now: another tab is shown
	}
	if forward {
		h.canvas.FocusNext()
	} else {
		h.canvas.FocusPrevious()
	}
	// The control after it takes the focus once the key that pressed the
	// button is done with: Space on Read would type a space in the reply.
	if next := h.canvas.Focused(); next != nil {
		h.canvas.Unfocus()
		focusAfterKey(h.svc.Runner, h.canvas, next)
	}
}

// firstFocusable is the first shown, enabled control under o that takes
// the focus, in the order Tab goes; nil if there is none.
func firstFocusable(o fyne.CanvasObject) fyne.Focusable {
	if o == nil || !o.Visible() {
		return nil
	}
	if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
		return nil
	}
	if f, ok := o.(fyne.Focusable); ok {
		return f
	}
	for _, c := range parts(o) {
		if f := firstFocusable(c); f != nil {
			return f
		}
	}
	return nil
}
