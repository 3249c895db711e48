package ui

import (
	"strconv"
	"strings"
	"testing"

	"casedesk/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// press types a shortcut as the desktop window does: to the focused control
// when that takes shortcuts (a field does), else to the canvas.
func (c *keyCanvas) press(key fyne.KeyName, mod fyne.KeyModifier) {
	s := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
	// A field with no keys of its own hands them to the canvas it is
	// drawn on, which here is the test window's, not this one.
	if f, ok := c.Focused().(*field); ok && f.keys == nil && !editsText(s) {
		c.keys.TypedShortcut(s)
		return
	}
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.keys.TypedShortcut(s)
}

// TestEveryTabAndControlByKeyboard: Alt+1 … Alt+6 reach each tab and give
// the focus to its first control, and Tab from there reaches every control
// on it. Fyne's tabs cannot take the focus: without the shortcuts, Tab
// never left My cases.
func TestEveryTabAndControlByKeyboard(t *testing.T) {
	r := newHomeRig(t)
	h, c, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	for i, item := range h.tabs.Items {
		c.press(fyne.KeyName(strconv.Itoa(i+1)), fyne.KeyModifierAlt)
		if h.tabs.SelectedIndex() != i {
			t.Fatalf("Alt+%d shows tab %d", i+1, h.tabs.SelectedIndex())
		}
		want := controls(item.Content)
		if len(want) == 0 {
			t.Fatalf("%s: no controls to check", item.Text)
		}
		if c.Focused() != want[0] {
			t.Errorf("%s: the focus is on %T, not the tab's first control", item.Text, c.Focused())
		}
		seen := map[fyne.Focusable]bool{}
		for range 200 {
			seen[c.Focused()] = true
			c.FocusNext()
		}
		for _, f := range want {
			if !seen[f] {
				t.Errorf("%s: Tab never reaches a %T", item.Text, f)
			}
		}
	}
}

// TestTabsGoRound: Ctrl+Tab and Ctrl+Page Down go to the next tab, Ctrl+
// Shift+Tab and Ctrl+Page Up to the one before, round the ends.
func TestTabsGoRound(t *testing.T) {
	r := newHomeRig(t)
	h, c, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	ctrl := fyne.KeyModifierControl
	for _, step := range []struct {
		key  fyne.KeyName
		mod  fyne.KeyModifier
		want int
	}{
		{fyne.KeyTab, ctrl, 1}, {fyne.KeyPageDown, ctrl, 2}, {fyne.KeyTab, ctrl | fyne.KeyModifierShift, 1},
		{fyne.KeyPageUp, ctrl, 0}, {fyne.KeyPageUp, ctrl, 5}, {fyne.KeyTab, ctrl, 0},
	} {
		c.press(step.key, step.mod)
		if got := h.tabs.SelectedIndex(); got != step.want {
			t.Fatalf("%v+%s: tab %d, want %d", step.mod, step.key, got, step.want)
		}
	}
}

// TestShortcutsWorkInFields: the tab shortcuts work while a field has the
// focus (an Entry keeps shortcuts to itself), and the field keeps those
// that edit text.
func TestShortcutsWorkInFields(t *testing.T) {
	r := newHomeRig(t)
	h, c, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	c.press(fyne.Key5, fyne.KeyModifierAlt)
	c.Focus(h.profile.email)
	h.profile.email.SetText("ana@example.org")
	h.profile.email.TypedShortcut(&fyne.ShortcutSelectAll{})
	if h.profile.email.SelectedText() != "ana@example.org" || h.tabs.SelectedIndex() != 4 {
		t.Fatalf("Ctrl+A selected %q, tab %d", h.profile.email.SelectedText(), h.tabs.SelectedIndex())
	}
	c.press(fyne.KeyTab, fyne.KeyModifierControl)
	if h.tabs.SelectedIndex() != 5 || c.Focused() != h.account.current {
		t.Fatalf("Ctrl+Tab in a field: tab %d, focus on %T", h.tabs.SelectedIndex(), c.Focused())
	}
	c.press(fyne.Key2, fyne.KeyModifierAlt) // from a password field
	if h.tabs.SelectedIndex() != 1 {
		t.Fatalf("Alt+2 in a password field: tab %d", h.tabs.SelectedIndex())
	}
}

// TestTabLeavesTheReply: Tab moves on from the reply box rather than
// typing a tab into it (WCAG 2.2 §2.1.2).
func TestTabLeavesTheReply(t *testing.T) {
	h, _, _ := newHomeRig(t).home(t)
	reply := h.messages.cards[0].reply
	if tabbable, ok := fyne.CanvasObject(reply).(fyne.Tabbable); ok && tabbable.AcceptsTab() {
		t.Fatal("the reply box takes Tab for itself")
	}
}

// TestPagesByKeyboard: Space opens a case; the keys then go to the screen,
// so Escape goes back, and the focus returns to the button that opened
// it. From a case page, Tab reaches a notice's Preview, Space opens it,
// Alt+Left leaves it; a tab's shortcut leaves any page.
func TestPagesByKeyboard(t *testing.T) {
	r := newHomeRig(t)
	h, c, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	space := &fyne.KeyEvent{Name: fyne.KeySpace}
	c.press(fyne.Key1, fyne.KeyModifierAlt)
	open := h.cases.open[0]
	c.Focused().TypedKey(space)
	if shown(h) != h.cases.page || c.Focused() != nil {
		t.Fatalf("Space on Open case: %T shown, focus on %T", shown(h), c.Focused())
	}
	h.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // what the window does with a key when nothing has the focus
	if shown(h) != h.tabs || c.Focused() != open {
		t.Fatalf("Escape: %T shown, focus on %T", shown(h), c.Focused())
	}

	c.Focused().TypedKey(space)
	var preview *pageButton
	for range 10 {
		c.FocusNext()
		if b, ok := c.Focused().(*pageButton); ok && b.Text == "Preview" {
			preview = b
			break
		}
	}
	if preview == nil {
		t.Fatal("Tab does not reach the notice's Preview on the case page")
	}
	preview.TypedKey(space)
	if shown(h) != h.notices.viewer {
		t.Fatalf("Space on Preview: %T shown", shown(h))
	}
	c.press(fyne.KeyLeft, fyne.KeyModifierAlt)
	if shown(h) != h.cases.page {
		t.Fatalf("Alt+Left: %T shown", shown(h))
	}
	c.press(fyne.Key2, fyne.KeyModifierAlt)
	if shown(h) != h.tabs || h.back != nil || h.tabs.SelectedIndex() != 1 {
		t.Fatalf("Alt+2 on a case page: %T shown, tab %d", shown(h), h.tabs.SelectedIndex())
	}
}

// TestShortcutsEndWithTheScreen: once signed out, the window's shortcuts
// reach nothing of the home screen.
func TestShortcutsEndWithTheScreen(t *testing.T) {
	r := newHomeRig(t)
	h, c, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	c.press(fyne.Key3, fyne.KeyModifierAlt)
	h.end("")
	c.Unfocus()
	for i := 1; i <= 6; i++ {
		c.press(fyne.KeyName(strconv.Itoa(i)), fyne.KeyModifierAlt)
	}
	c.press(fyne.KeyTab, fyne.KeyModifierControl)
	if h.tabs.SelectedIndex() != 2 {
		t.Fatalf("a shortcut outlived the sign-out: tab %d", h.tabs.SelectedIndex())
	}
}

// TestReadByKeyboard: Space on Read shows the message and gives the focus
// to its reply box, the next thing to do; the Read button is gone.
func TestReadByKeyboard(t *testing.T) {
	r := newHomeRig(t)
	h, c, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	c.press(fyne.Key4, fyne.KeyModifierAlt)
	card := h.messages.cards[0]
	if c.Focused() != card.read {
		t.Fatalf("Alt+4: the focus is on %T, not Read", c.Focused())
	}
	card.read.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if c.Focused() != card.reply || card.read.Visible() || !card.body.Visible() {
		t.Fatalf("after Read the focus is on %T", c.Focused())
	}
}

// TestHomeStartsWithNothingFocused: loading the tabs moves no focus (the
// first Tab goes to the first case), nor does removing the authenticator
// app on a tab not shown.
func TestHomeStartsWithNothingFocused(t *testing.T) {
	r := newHomeRig(t)
	h, c, ring := r.desktopHome(t, fyne.NewSize(800, 600))
	ring.follow()
	if c.Focused() != nil {
		t.Fatalf("after loading the focus is on %T", c.Focused())
	}
	c.FocusNext()
	if c.Focused() != h.cases.open[0] {
		t.Fatalf("the first Tab goes to %T, not the first case", c.Focused())
	}
}

// laterRunner is a runner whose work waits until run is called, as a
// desktop's waits for the window to finish the key it is handling.
type laterRunner struct{ queued []func() }

func (l *laterRunner) runner() Runner {
	return Runner{Go: func(work func()) { l.queued = append(l.queued, work) }, Clock: func(<-chan struct{}, func()) {}}
}

func (l *laterRunner) run() {
	for len(l.queued) > 0 {
		work := l.queued[0]
		l.queued = l.queued[1:]
		work()
	}
}

// spacePress presses the focused control with Space as the window does:
// the key first, then the letter it types, to whatever has the focus then.
func spacePress(c fyne.Canvas) {
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if f := c.Focused(); f != nil {
		f.TypedRune(' ')
	}
}

// TestSpaceOnAButtonTypesNothingInTheNextField: a button pressed with
// Space that gives the focus to a field gives it once the key is done
// with, so the space is not typed into the field (" guzman", which then
// matched no one).
func TestSpaceOnAButtonTypesNothingInTheNextField(t *testing.T) {
	r := newHomeRig(t)
	later := &laterRunner{}
	r.svc.Runner = later.runner()
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	later.run()
	c := r.win.Canvas()
	c.FocusNext()
	c.FocusNext()
	c.FocusNext() // past the username and password to "Forgot your username?"
	if b, ok := c.Focused().(*widget.Button); !ok || b.Text != "Forgot your username?" {
		t.Fatalf("the focus is on %T", c.Focused())
	}
	spacePress(c)
	later.run()
	if c.Focused() != s.find.family || s.find.family.Text != "" {
		t.Fatalf("the focus is on %T; the family name has %q", c.Focused(), s.find.family.Text)
	}

	// Messages: Space on Read gives the focus to the reply box, empty.
	r.svc.Runner = inline
	h, kc, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	h.svc.Runner = later.runner()
	kc.press(fyne.Key4, fyne.KeyModifierAlt)
	card := h.messages.cards[0]
	spacePress(kc)
	later.run()
	if kc.Focused() != card.reply || card.reply.Text != "" {
		t.Fatalf("after Read the focus is on %T; the reply has %q", kc.Focused(), card.reply.Text)
	}
}

// TestWizardByKeyboard: the 2-step choice has the ring round it, and the
// last step gives the focus to "Print backup codes", with "Save as PDF…"
// next; without it Tab started at the top and Space pressed Print.
func TestWizardByKeyboard(t *testing.T) {
	r := newTestWizard(t)
	ring := newFocusRing(r.win.Canvas())
	r.win.SetContent(ring.over(r.w.Content()))
	w, c := r.w, r.win.Canvas()
	r.toTwoStep(t, "jose.munoz")
	if c.Focused() != w.enrol.code {
		t.Fatalf("2-step: the focus is on %T, not the authenticator's code", c.Focused())
	}
	c.FocusPrevious() // the choice of method
	ring.follow()
	if !ring.ring.Visible() || !within(w.method, ring.ring) {
		t.Fatalf("no ring round the 2-step choice (focus on %T)", c.Focused())
	}
	w.method.SetSelected(w.method.Options[1])
	r.next()
	if w.step != wizardSteps || c.Focused() != w.sheet.print {
		t.Fatalf("step %d, the focus on %T", w.step, c.Focused())
	}
	c.FocusNext()
	if c.Focused() != w.sheet.save {
		t.Fatalf("Tab from Print goes to %T", c.Focused())
	}
}

// TestRecoveredSheetHasTheFocus: after a recovery the focus is on the new
// sheet's "Print backup codes": the form's field that had it is gone.
func TestRecoveredSheetHasTheFocus(t *testing.T) {
	r := newHomeRig(t)
	s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
	r.win.SetContent(s.Content())
	s.Start()
	s.showRecovery(s.findForm, s.find.family)
	typeIn(s.find.family, "lopez")
	typeIn(s.find.dob, "01/02/1990")
	typeIn(s.find.zip, "62701")
	typeIn(s.findCode, r.codes[0])
	s.findCode.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(s.recovered.Text, "Your username is ana.lopez") || r.win.Canvas().Focused() != s.sheet.print {
		t.Fatalf("recovered %q, the focus on %T", s.recovered.Text, r.win.Canvas().Focused())
	}
}

// TestEscapeWithAButtonFocused: Escape leaves a preview even with the
// focus on one of its buttons (Fyne's Button swallows Escape), and the
// focus goes back to the Preview that opened it, not lost with the
// preview's Print.
func TestEscapeWithAButtonFocused(t *testing.T) {
	r := newHomeRig(t)
	h, c, ring := r.desktopHome(t, fyne.NewSize(800, 600))
	c.press(fyne.Key2, fyne.KeyModifierAlt)
	preview, ok := c.Focused().(*pageButton)
	if !ok || preview.Text != "Preview" {
		t.Fatalf("Alt+2: the focus is on %T", c.Focused())
	}
	preview.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if shown(h) != h.notices.viewer {
		t.Fatalf("Space on Preview: %T shown", shown(h))
	}
	c.Focus(h.notices.viewPrint)
	ring.follow()
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	ring.follow()
	if shown(h) != h.tabs || c.Focused() != preview {
		t.Fatalf("Escape on Print: %T shown, the focus on %T", shown(h), c.Focused())
	}
	// Escape on a tab's button, with no page to leave, does nothing.
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if shown(h) != h.tabs || h.tabs.SelectedIndex() != 1 {
		t.Fatal("Escape on the tab's Preview did something")
	}
}
