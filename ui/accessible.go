package ui

import (
	"strings"
	"unicode/utf8"

	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The screen readers of Windows and macOS (Fyne's accessibility build tag)
// read what a control says of itself through fyne.Accessible. Fyne's
// Button, Label and Hyperlink say it; its Entry and Select do not, so each
// of CaseDesk's own widgets below says what it is for and what it holds.
// A password is never read out: only how many characters it has.

// AccessibilityLabel is the field's name and what is typed in it.
func (f *field) AccessibilityLabel() string {
	return entrySays(f, &f.Entry)
}

// AccessibilityRole: a field is text.
func (f *field) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// AccessibilityLabel is the date field's name and the date typed.
func (e *dateEntry) AccessibilityLabel() string {
	return entrySays(e, &e.Entry)
}

// AccessibilityRole: a date field is text.
func (e *dateEntry) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// AccessibilityLabel is the list's name and the option chosen, or that
// none is.
func (c *choice) AccessibilityLabel() string {
	chosen := c.Selected
	if chosen == "" {
		chosen = i18n.T("nothing chosen")
	}
	return joinSaid(nameOf(c, c.PlaceHolder, i18n.T("List")), chosen)
}

// AccessibilityRole: a choice opens its list when pressed.
func (c *choice) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// AccessibilityLabel of the layer over a field that passes the mouse
// wheel on: it is part of the field, which says what it is.
func (w *wheelPass) AccessibilityLabel() string { return i18n.T("Scrolls the page") }

// AccessibilityRole: the layer holds nothing to read or press, so screen
// readers go past it (Fyne's Windows bridge leaves containers out).
func (w *wheelPass) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleContainer }

// entrySays is an entry's name and its text; of a password, only its length.
func entrySays(o fyne.CanvasObject, e *widget.Entry) string {
	name := nameOf(o, e.PlaceHolder, i18n.T("Text field"))
	switch {
	case e.Password:
		n := utf8.RuneCountInString(e.Text)
		return joinSaid(name, i18n.N(n, "hidden, %d character", "hidden, %d characters"))
	case e.Text == "":
		return joinSaid(name, i18n.T("empty"))
	}
	return joinSaid(name, e.Text)
}

// joinSaid is a control's name and what it holds, as a screen reader
// reads them.
func joinSaid(name, value string) string {
	if name == value {
		return name
	}
	return name + ", " + value
}

// nameOf is what a control is called on its screen: its line in a form,
// else the label just before it, else its placeholder (an example of what
// to type), else what it is.
func nameOf(o fyne.CanvasObject, placeholder, kind string) string {
	if n := formName(o); n != "" {
		return n
	}
	if placeholder != "" {
		return placeholder
	}
	return kind
}

// formName is the text of the form line or the label that names o, found
// on the canvas o is drawn on; "" when there is none (o is not shown).
func formName(o fyne.CanvasObject) string {
	app := fyne.CurrentApp()
	if app == nil {
		return ""
	}
	c := app.Driver().CanvasForObject(o)
	if c == nil {
		return ""
	}
	path := pathTo(c.Content(), o)
	for _, ov := range c.Overlays().List() {
		if path == nil {
			path = pathTo(ov, o)
		}
	}
	// From o outwards, at most a few levels: a field may sit in a row with
	// a button, the row in a form.
	for i := len(path) - 1; i > 0 && i >= len(path)-3; i-- {
		child, parent := path[i], path[i-1]
		switch p := parent.(type) {
		case *widget.Form:
			for _, it := range p.Items {
				if it.Widget == child && strings.TrimSpace(it.Text) != "" {
					return strings.TrimSpace(it.Text)
				}
			}
		case *fyne.Container:
			if n := labelBefore(p.Objects, child); n != "" {
				return n
			}
		}
	}
	return ""
}

// labelBefore is the text of the shown label just before child in objs.
func labelBefore(objs []fyne.CanvasObject, child fyne.CanvasObject) string {
	for i, o := range objs {
		if o != child || i == 0 {
			continue
		}
		if l, ok := objs[i-1].(*widget.Label); ok && l.Visible() {
			return strings.TrimSpace(l.Text)
		}
	}
	return ""
}
