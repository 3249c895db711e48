package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// field is a text field that keeps to the rest of the window, which
// Fyne's Entry does not:
//   - the screen's shortcuts (to switch tabs, to go back) work while it has
//     the focus: an Entry keeps every shortcut to itself, so those that do
//     not edit text are passed on to the screen (see keys);
//   - Tab leaves it even when it takes several lines (WCAG 2.2 §2.1.2, no
//     keyboard trap), where an Entry would type the tab;
//   - the mouse wheel over it scrolls the page: an Entry takes every wheel
//     event for its own text, which mostly has nowhere to scroll.
type field struct {
	widget.Entry
	// keys takes the shortcuts that do not edit text (the screen's); nil
	// passes them to the window's canvas, which runs those it was given.
	keys func(fyne.Shortcut)
}

// newField is a one-line field.
func newField() *field {
	f := &field{}
	f.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewEntry
	f.ExtendBaseWidget(f)
	return f
}

// newPasswordField is a one-line field that shows dots for what is typed.
func newPasswordField() *field {
	f := newField()
	f.Password = true
	return f
}

// newTextField is a field for a few lines of words, wrapped.
func newTextField(rows int) *field {
	f := newField()
	f.MultiLine = true
	f.Wrapping = fyne.TextWrapWord
	f.SetMinRowsVisible(rows)
	return f
}

// entryOf is the Entry inside each field, for code that sets them all alike.
func entryOf(fs ...*field) []*widget.Entry {
	out := make([]*widget.Entry, len(fs))
	for i, f := range fs {
		out[i] = &f.Entry
	}
	return out
}

// AcceptsTab is false: Tab moves on.
func (f *field) AcceptsTab() bool { return false }

// TypedShortcut edits the text, or passes a shortcut that does not edit
// text on to the screen.
func (f *field) TypedShortcut(s fyne.Shortcut) {
	if k, ok := s.(*desktop.CustomShortcut); ok && !editsText(k) {
		if f.keys != nil {
			f.keys(s)
			return
		}
		// Not given the screen's keys: the window's shortcuts (the
		// desk's) are found on the canvas the field is drawn on.
		if c, ok := fyne.CurrentApp().Driver().CanvasForObject(f).(interface{ TypedShortcut(fyne.Shortcut) }); ok {
			c.TypedShortcut(s)
			return
		}
	}
	f.Entry.TypedShortcut(s)
}

// editsText reports whether a shortcut is one of an Entry's own: Alt with
// an arrow (back) is the screen's.
func editsText(k *desktop.CustomShortcut) bool {
	return textKeys[k.KeyName] && k.Modifier&fyne.KeyModifierAlt == 0
}

// textKeys are the keys an Entry's own shortcuts use (Ctrl+Left moves by a
// word, Ctrl+Backspace deletes one, …).
var textKeys = map[fyne.KeyName]bool{
	fyne.KeyLeft: true, fyne.KeyRight: true, fyne.KeyUp: true, fyne.KeyDown: true,
	fyne.KeyHome: true, fyne.KeyEnd: true, fyne.KeyBackspace: true, fyne.KeyDelete: true,
}

// CreateRenderer is the Entry's, with a layer on top that takes the wheel.
func (f *field) CreateRenderer() fyne.WidgetRenderer {
	r := &fieldRenderer{WidgetRenderer: f.Entry.CreateRenderer()}
	r.wheel = newWheelPass(func(ev *fyne.ScrollEvent) { f.scrolled(r, ev) })
	return r
}

// scrolled scrolls the field's own text while it can move the way the
// wheel turns (a long reply), and the page the field is on otherwise.
func (f *field) scrolled(r *fieldRenderer, ev *fyne.ScrollEvent) {
	if f.MultiLine {
		for _, o := range r.WidgetRenderer.Objects() {
			if s, ok := o.(*container.Scroll); ok && canScroll(s, ev.Scrolled.DY) {
				s.Scrolled(ev)
				return
			}
		}
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(f)
	if c == nil {
		return
	}
	if scrolls := scrollsOf(pathTo(c.Content(), f)); len(scrolls) > 0 {
		scrolls[len(scrolls)-1].Scrolled(ev)
	}
}

// canScroll reports whether s can move its content the way dy (of a wheel
// event) asks: up when dy > 0.
func canScroll(s *container.Scroll, dy float32) bool {
	switch {
	case dy > 0:
		return s.Offset.Y > 0
	case dy < 0:
		return s.Offset.Y+s.Size().Height < s.Content.MinSize().Height
	}
	return false
}

type fieldRenderer struct {
	fyne.WidgetRenderer
	wheel *wheelPass
}

func (r *fieldRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.wheel.Resize(size)
}

// Objects are the Entry's and, last so that the wheel finds it first, the
// wheel's layer.
func (r *fieldRenderer) Objects() []fyne.CanvasObject {
	return append(slices.Clip(r.WidgetRenderer.Objects()), r.wheel)
}

// wheelPass is an invisible layer that hands the wheel events over it to
// another object. Fyne gives a wheel event to the last scrollable object
// under the pointer, and to no other.
type wheelPass struct {
	widget.BaseWidget
	to func(*fyne.ScrollEvent)
}

func newWheelPass(to func(*fyne.ScrollEvent)) *wheelPass {
	w := &wheelPass{to: to}
	w.ExtendBaseWidget(w)
	return w
}

// CreateRenderer draws nothing.
func (w *wheelPass) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// Scrolled passes the event on.
func (w *wheelPass) Scrolled(ev *fyne.ScrollEvent) { w.to(ev) }
