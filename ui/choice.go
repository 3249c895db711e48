package ui

import (
	"strings"
	"time"

	"casedesk/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// choice is a drop-down list that can be chosen from by typing, as a
// desktop's own lists can: with the focus on it, typing the start of an
// option ("case was ap", "i-130") chooses the first option that starts
// with what was typed in the last second, ignoring case and accents;
// typing the same letter again goes on to the next option with that
// letter. Fyne's Select takes only the arrows and Space, which on a list
// of 80 statuses is 60 presses of Down.
type choice struct {
	widget.Select
	typed string
	last  time.Time
	now   func() time.Time
}

// typeAheadPause is how long a pause in the typing starts a new search.
const typeAheadPause = time.Second

// newChoice is a drop-down list of options; changed is called with the
// option chosen.
func newChoice(options []string, changed func(string)) *choice {
	c := &choice{now: time.Now}
	c.Options, c.OnChanged = options, changed
	c.PlaceHolder = widget.NewSelect(nil, nil).PlaceHolder
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey opens the list on Space, Up or Down, as a Select does, except
// for a Space typed inside a search ("case was"): that goes on with it.
func (c *choice) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeySpace && c.typed != "" && c.now().Sub(c.last) <= typeAheadPause {
		return // TypedRune gets the space next
	}
	c.Select.TypedKey(ev)
}

// TypedRune chooses the option that starts with what was typed.
func (c *choice) TypedRune(r rune) {
	if c.Disabled() {
		return
	}
	now := c.now()
	if now.Sub(c.last) > typeAheadPause {
		c.typed = ""
	}
	c.last = now
	c.typed += string(r)
	if i := c.match(c.typed); i >= 0 {
		c.SetSelectedIndex(i)
	}
}

// match is the option for what was typed: the first that starts with it,
// after the one chosen when the same letter is typed again; -1 for none.
func (c *choice) match(typed string) int {
	want := app.FoldName(typed)
	rs := []rune(want)
	repeat := len(rs) > 1 && strings.Count(want, string(rs[0])) == len(rs)
	if repeat {
		want = string(rs[0])
	}
	start := 0
	if repeat || len(rs) == 1 {
		start = c.SelectedIndex() + 1 // the next one with that letter
	}
	n := len(c.Options)
	for k := 0; k < n; k++ {
		i := (start + k) % n
		if strings.HasPrefix(app.FoldName(c.Options[i]), want) {
			return i
		}
	}
	return -1
}
