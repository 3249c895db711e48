package ui

import (
	"strings"

	"casedesk/app"

	"fyne.io/fyne/v2/widget"
)

// dateEntry is an entry for a date that says when the person leaves it:
// a date is judged once it is typed, not at each keystroke.
type dateEntry struct {
	widget.Entry
	onLeave func()
}

func newDateEntry() *dateEntry {
	e := &dateEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost is called when the person leaves the field.
func (e *dateEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onLeave != nil {
		e.onLeave()
	}
}

// wholeDate reports whether s is typed far enough to judge: a date that
// reads (3/1/2026), or as long as a full one (03/01/2026, 2026-03-01).
func wholeDate(s string) bool {
	if len([]rune(strings.TrimSpace(s))) >= len("2006-01-02") {
		return true
	}
	_, err := app.ParseDate(s)
	return err == nil
}
