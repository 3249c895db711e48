package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestWheelOverAFieldScrollsThePage: Fyne gives a wheel event to the last
// scrollable object under the pointer, and an Entry scrolls its own text
// with it, which mostly has nowhere to go: the page stood still under a
// pointer resting on a field.
func TestWheelOverAFieldScrollsThePage(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	h.tabs.SelectIndex(5)
	scroll := h.account.item.Content.(*container.Scroll)
	tl, _ := rect(h.account.current)
	test.Scroll(r.win.Canvas(), tl.AddXY(20, 10), 0, -40)
	if scroll.Offset.Y == 0 {
		t.Fatal("the wheel over a password field did not scroll My account")
	}
}

// TestWheelOverTheReply: over the reply box the wheel scrolls the page
// while the reply fits its box, and the reply's own lines once they do not
// (and the page again at their end).
func TestWheelOverTheReply(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.desktopHome(t, fyne.NewSize(800, 330))
	h.tabs.SelectIndex(3)
	card := h.messages.cards[0]
	test.Tap(card.read)
	page := h.messages.item.Content.(*container.Scroll)
	over := func() fyne.Position { tl, _ := rect(card.reply); return tl.AddXY(30, 20) }
	page.ScrollToBottom() // where the reply box is
	bottom := page.Offset.Y
	test.Scroll(r.win.Canvas(), over(), 0, 10) // up
	if bottom == 0 || page.Offset.Y >= bottom {
		t.Fatalf("the wheel over an empty reply did not scroll the page (offset %v of %v)", page.Offset.Y, bottom)
	}
	page.ScrollToBottom()
	card.reply.SetText(strings.Repeat("A line of the reply.\n", 12))
	card.reply.CursorRow = 12 // the end in view, as after typing it
	card.reply.Refresh()
	var own *container.Scroll
	for _, o := range test.WidgetRenderer(card.reply).Objects() {
		if s, ok := o.(*container.Scroll); ok {
			own = s
		}
	}
	at := own.Offset.Y
	test.Scroll(r.win.Canvas(), over(), 0, 10)
	if page.Offset.Y != bottom || own.Offset.Y >= at {
		t.Fatalf("the wheel over a long reply: page at %v (was %v), reply at %v (was %v)", page.Offset.Y, bottom, own.Offset.Y, at)
	}
}

// TestWheelBesideTheColumn: on a wide window the margins beside the
// screen's column scroll the page too.
func TestWheelBesideTheColumn(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.desktopHome(t, fyne.NewSize(1440, 500))
	h.tabs.SelectIndex(5)
	scroll := h.account.item.Content.(*container.Scroll)
	test.Scroll(r.win.Canvas(), fyne.NewPos(40, 300), 0, -40)
	if scroll.Offset.Y == 0 {
		t.Fatal("the wheel beside the column did not scroll the page")
	}
}
