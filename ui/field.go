package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// field is a text field that keeps to the rest of the window, which
// Fyne's Entry does not:
//   - the screen's shortcuts (to switch tabs, to go back) work while it has
//     the focus: an Entry keeps every shortcut to itself, so those that do
//     not edit text are passed on to the screen (see keys);
//   - Tab leaves it even when it takes several lines (WCAG 2.2 §2.1.2, no
//     keyboard trap), where an Entry would type the tab.
type field struct {
	widget.Entry
	// keys takes the shortcuts that do not edit text (the screen's); nil
	// keeps them in the field, as an Entry does.
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
	if k, ok := s.(*desktop.CustomShortcut); ok && f.keys != nil && !textKeys[k.KeyName] {
		f.keys(s)
		return
	}
	f.Entry.TypedShortcut(s)
}

// textKeys are the keys an Entry's own shortcuts use (Ctrl+Left moves by a
// word, Ctrl+Backspace deletes one, …).
var textKeys = map[fyne.KeyName]bool{
	fyne.KeyLeft: true, fyne.KeyRight: true, fyne.KeyUp: true, fyne.KeyDown: true,
	fyne.KeyHome: true, fyne.KeyEnd: true, fyne.KeyBackspace: true, fyne.KeyDelete: true,
}
