package ui

import (
	"slices"
	"testing"
	"time"

	"casedesk/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestChoiceByTyping: a status is chosen by typing the start of its
// title, words and spaces included, without opening the list; the same
// letter again goes on to the next option; a pause starts a new search.
func TestChoiceByTyping(t *testing.T) {
	test.NewTempApp(t)
	clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	var chosen []string
	c := newChoice(statusOptions(app.Statuses()), func(s string) { chosen = append(chosen, s) })
	c.now = func() time.Time { return clock }
	w := test.NewWindow(c)
	defer w.Close()
	w.Canvas().Focus(c)
	typ := func(s string) {
		for _, r := range s {
			if r == ' ' {
				c.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
			}
			c.TypedRune(r)
			clock = clock.Add(100 * time.Millisecond)
		}
	}
	typ("case was ap")
	if c.Selected != "Case Was Approved" {
		t.Fatalf("typing “case was ap” chose %q", c.Selected)
	}
	if len(w.Canvas().Overlays().List()) != 0 {
		t.Fatal("a space typed in the middle of a search opened the list")
	}

	clock = clock.Add(2 * time.Second)
	typ("CASE WAS DE") // any case
	if c.Selected != "Case Was Denied" {
		t.Fatalf("after a pause, “CASE WAS DE” chose %q", c.Selected)
	}

	clock = clock.Add(2 * time.Second)
	typ("c")
	first := c.Selected
	typ("c")
	if first == "" || c.Selected == first || c.Selected[0] != 'C' {
		t.Fatalf("“c” then “c” again: %q then %q, want two options starting with C", first, c.Selected)
	}

	clock = clock.Add(2 * time.Second)
	before := c.Selected
	typ("zzzq")
	if c.Selected != before {
		t.Fatalf("typing what no option starts with changed the choice to %q", c.Selected)
	}

	// Space after a pause opens the list, as a Select's does.
	clock = clock.Add(2 * time.Second)
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if len(w.Canvas().Overlays().List()) == 0 {
		t.Fatal("Space on its own did not open the list")
	}
	if !slices.Contains(chosen, "Case Was Approved") {
		t.Fatalf("OnChanged was not called with the option chosen: %v", chosen)
	}
}

// TestChoiceIgnoresAccents: “espanol” chooses “Español”.
func TestChoiceIgnoresAccents(t *testing.T) {
	test.NewTempApp(t)
	c := newChoice([]string{"English", "Español", "Français"}, nil)
	for _, r := range "espanol" {
		c.TypedRune(r)
	}
	if c.Selected != "Español" {
		t.Fatalf("“espanol” chose %q", c.Selected)
	}
	c.Disable()
	c.TypedRune('f')
	if c.Selected != "Español" {
		t.Fatal("a disabled list changed on typing")
	}
}
