package ui

import (
	"image/color"
	"testing"
	"time"

	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// keyCanvas is the test window's canvas with the shortcuts of a desktop
// window's: Fyne's test canvas keeps them but gives no way to type one.
type keyCanvas struct {
	fyne.Canvas
	keys fyne.ShortcutHandler
}

func (c *keyCanvas) AddShortcut(s fyne.Shortcut, do func(fyne.Shortcut)) { c.keys.AddShortcut(s, do) }
func (c *keyCanvas) RemoveShortcut(s fyne.Shortcut)                      { c.keys.RemoveShortcut(s) }

// desktopHome is Ana's home screen in the test window as the desktop shows
// it: with the window's canvas (for its shortcuts and the focus), the
// window's focus ring over it, CaseDesk's theme, at size.
func (r *homeRig) desktopHome(t *testing.T, size fyne.Size) (*Home, *keyCanvas, *focusRing) {
	t.Helper()
	fyne.CurrentApp().Settings().SetTheme(newAppTheme())
	session := portal.NewSession(r.accounts.cred.Account, time.Now(), portal.DesktopIdle)
	c := &keyCanvas{Canvas: r.win.Canvas()}
	h := NewHomeIn(r.svc, session, c, func(string) {})
	ring := newFocusRing(r.win.Canvas())
	r.win.SetContent(ring.over(h.Content()))
	r.win.Resize(size)
	h.load()
	return h, c, ring
}

// controls is every shown, enabled control under o that takes the focus.
func controls(o fyne.CanvasObject) []fyne.Focusable {
	if o == nil || !o.Visible() {
		return nil
	}
	if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
		return nil
	}
	if f, ok := o.(fyne.Focusable); ok {
		return []fyne.Focusable{f}
	}
	var out []fyne.Focusable
	for _, p := range parts(o) {
		out = append(out, controls(p)...)
	}
	return out
}

// rect is where o is on the canvas.
func rect(o fyne.CanvasObject) (tl, br fyne.Position) {
	tl = fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return tl, tl.Add(o.Size())
}

// inView reports whether o is wholly in the view of scroll s.
func inView(s *container.Scroll, o fyne.CanvasObject) bool {
	stl, sbr := rect(s)
	tl, br := rect(o)
	return tl.Y >= stl.Y && br.Y <= sbr.Y && tl.X >= stl.X && br.X <= sbr.X
}

// TestTabNeverFocusesWhatIsOutOfSight: on every tab of an 800×600 window,
// each control Tab reaches is scrolled wholly into view (the window's
// focus ring follows the focus), so Space never presses an unseen button.
func TestTabNeverFocusesWhatIsOutOfSight(t *testing.T) {
	r := newHomeRig(t)
	h, c, ring := r.desktopHome(t, fyne.NewSize(800, 600))
	h.account.startApp() // the longest tab, longer with an app being set up
	outOfSight := 0
	for i, item := range h.tabs.Items {
		h.tabs.SelectIndex(i)
		c.Focus(controls(item.Content)[0])
		scroll := item.Content.(*container.Scroll)
		for range len(controls(item.Content)) {
			ring.follow()
			o := c.Focused().(fyne.CanvasObject)
			if !inView(scroll, o) {
				t.Errorf("%s: the focused %T is out of sight (offset %v)", item.Text, o, scroll.Offset)
			}
			if scroll.Offset.Y > 0 {
				outOfSight++
			}
			c.FocusNext()
		}
	}
	if outOfSight == 0 {
		t.Fatal("no tab had to scroll: the test shows nothing")
	}
}

// TestFocusRing: the ring goes round the focused control, follows it when
// its page scrolls, and goes when the control scrolls out of sight or
// nothing has the focus.
func TestFocusRing(t *testing.T) {
	r := newHomeRig(t)
	h, c, ring := r.desktopHome(t, fyne.NewSize(800, 600))
	h.tabs.SelectIndex(5)
	field := h.account.current // first on the tab, the first to go out of sight
	c.Focus(field)
	ring.follow()
	around := func(o fyne.CanvasObject) bool {
		tl, br := rect(o)
		rtl, rbr := rect(ring.ring)
		return ring.ring.Visible() && rtl.X < tl.X && rtl.Y < tl.Y && rbr.X > br.X && rbr.Y > br.Y &&
			tl.X-rtl.X <= 2*ringGap && tl.Y-rtl.Y <= 2*ringGap
	}
	if c.Focused() != field || !around(field) {
		t.Fatalf("no ring round the focused field: %v %v", ring.ring.Visible(), ring.ring.Position())
	}
	scroll := h.account.item.Content.(*container.Scroll)
	scroll.ScrollToOffset(fyne.NewPos(0, 20))
	ring.follow()
	if !around(field) {
		t.Fatal("the ring stayed where the field was")
	}
	tl, _ := rect(field)
	stl, _ := rect(scroll)
	scroll.ScrollToOffset(fyne.NewPos(0, scroll.Offset.Y+tl.Y-stl.Y+field.Size().Height+1))
	ring.follow()
	if ring.ring.Visible() {
		t.Fatal("a ring is drawn for a field scrolled out of sight")
	}
	c.Unfocus()
	ring.follow()
	if ring.ring.Visible() {
		t.Fatal("a ring with nothing focused")
	}
}

// TestPressedButtonKeepsTheFocus: Fyne's Button gives up the focus when
// Space presses it, so the next Tab started again at the top of the
// screen; the window gives it back.
func TestPressedButtonKeepsTheFocus(t *testing.T) {
	r := newHomeRig(t)
	h, c, ring := r.desktopHome(t, fyne.NewSize(800, 600))
	h.tabs.SelectIndex(4)
	c.Focus(h.profile.saveContact)
	ring.follow()
	h.profile.saveContact.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if !h.profile.contactMsg.Visible() {
		t.Fatal("Space did not press Save")
	}
	ring.follow()
	if c.Focused() != h.profile.saveContact {
		t.Fatalf("after Space the focus is on %T, not the button", c.Focused())
	}
	c.FocusNext()
	if c.Focused() == h.profile.phone {
		t.Fatal("Tab after Space started again at the top")
	}
}

// TestFocusGivenBackComesIntoView: a button that gets the focus back is
// scrolled into view again, as the page may have scrolled meanwhile.
func TestFocusGivenBackComesIntoView(t *testing.T) {
	r := newHomeRig(t)
	h, c, ring := r.desktopHome(t, fyne.NewSize(800, 600))
	h.tabs.SelectIndex(4)
	c.Focus(h.profile.saveContact)
	ring.follow()
	c.Unfocus() // a click beside it
	scroll := h.profile.item.Content.(*container.Scroll)
	scroll.ScrollToBottom()
	ring.follow()
	if c.Focused() != h.profile.saveContact || !inView(scroll, h.profile.saveContact) {
		t.Fatalf("the focus is on %T, in view: %v", c.Focused(), inView(scroll, h.profile.saveContact))
	}
}

// A control that has the focus and is pushed out of view by its page
// laid out again (what the page loads arrives above it) comes back into
// view; a page the person scrolls stays where they scrolled it.
func TestFocusMovedByItsPageComesBackIntoView(t *testing.T) {
	r := newHomeRig(t)
	h, c, ring := r.desktopHome(t, fyne.NewSize(800, 600))
	h.tabs.SelectIndex(4)
	scroll := h.profile.item.Content.(*container.Scroll)
	c.Focus(h.profile.phone)
	ring.follow()
	if !inView(scroll, h.profile.phone) {
		t.Fatal("the focused field is not in view")
	}
	// The person scrolls away: the page stays scrolled.
	scroll.ScrollToBottom()
	ring.follow()
	if off := scroll.Offset.Y; off == 0 {
		t.Fatal("the page did not scroll")
	}
	bottom := scroll.Offset.Y
	ring.follow()
	if scroll.Offset.Y != bottom {
		t.Fatalf("the scrolled page moved back to %v", scroll.Offset.Y)
	}
	// What loads arrives above the field: it comes back into view.
	scroll.ScrollToTop()
	ring.follow()
	tall := canvas.NewRectangle(color.Transparent)
	tall.SetMinSize(fyne.NewSize(10, 900))
	h.profile.box.Objects = append([]fyne.CanvasObject{tall}, h.profile.box.Objects...)
	h.profile.box.Refresh()
	scroll.Refresh()
	if inView(scroll, h.profile.phone) {
		t.Fatal("the field was not pushed out of view")
	}
	ring.follow()
	if c.Focused() != h.profile.phone || !inView(scroll, h.profile.phone) {
		t.Fatalf("the focused field was left out of view (offset %v)", scroll.Offset.Y)
	}
}
