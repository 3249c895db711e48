package ui

import (
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// long is a line of made-up words as long as a record's longest.
func long(what string) string {
	return what + strings.Repeat(" and then some more words that go on", 4)
}

// longHome is Ana's home screen with the longest things records hold in
// every tab: a long name, case status, office, message subject, place and
// earlier address.
func longHome(t *testing.T, size fyne.Size) (*Home, *homeRig) {
	t.Helper()
	r := newHomeRig(t)
	moved := app.Address{Line1: long("1200 Oak Ave"), City: "Springfield", State: "IL", ZIP: "62704"}
	r.svc.Portal = portal.New(&portalStore{moved: []app.Address{moved}}, r.svc.SignIn, nil)
	h, _, _ := r.desktopHome(t, size)
	h.header.SetText("Welcome, " + long("María Guadalupe"))
	c := longCase()
	h.cases.show(app.Dashboard{Cases: []app.Case{c, c, c}})
	h.messages.show([]app.Message{{ID: "m9", FromStaff: true, Subject: long("Your RFE"), Body: long("Bring"), SentAt: time.Now()}}, 1)
	h.appts.show([]app.Appointment{{ID: "a9", Kind: app.AppointmentInterview, StartsAt: time.Now().Add(48 * time.Hour),
		TimeZone: "America/Chicago", PlaceName: long("USCIS Field Office"), PlaceAddress: long("8800 Harwin Dr")}})
	return h, r
}

// TestHomeFitsNarrowWindows: nothing on the home screen, tabs or a case
// page, asks for a window wider than 800 (it asked 886 and more, and
// widened the window at sign-in): long words wrap, or shorten in the header.
func TestHomeFitsNarrowWindows(t *testing.T) {
	h, r := longHome(t, fyne.NewSize(800, 600))
	pad := 2 * theme.Padding() // the window's own
	tabs := h.Content().MinSize().Width + pad
	h.cases.showCase(portal.CaseView{Case: longCase(), Notices: []app.Notice{(&portalStore{}).anaNotice()}}, nil)
	casePage := h.Content().MinSize().Width + pad
	t.Logf("the narrowest window: %.0f on the tabs, %.0f on a case page", tabs, casePage)
	if tabs > 800 || casePage > 800 {
		t.Fatalf("the home screen needs a window %.0f wide on the tabs, %.0f on a case page; 800 at most", tabs, casePage)
	}
	if r.win.Canvas().Size().Width > 800 {
		t.Fatalf("the window widened itself to %v", r.win.Canvas().Size())
	}
}

// longCase is Ana's case with a long status, title and office.
func longCase() app.Case {
	c := anaCase
	c.StatusCode, c.FormTitle, c.Office = long("Request for Evidence Was Sent"), long("Application"), long("National Benefits Center")
	return c
}

// TestHomeHeaderGivesWayOnShortWindows: under 640 high the header takes
// one line, the account number beside the name, and leaves the room to
// the tabs; on a tall window the number goes under the name.
func TestHomeHeaderGivesWayOnShortWindows(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	scroll := h.cases.scroll
	if shown := screenText(h.header); strings.Contains(shown, "…") {
		t.Errorf("the name is cut short with room to spare: %q", shown)
	}
	if h.number.Position().Y >= h.header.Size().Height || h.number.Position().X < h.header.Size().Width {
		t.Errorf("at 800×600 the number is at %v, not beside the name", h.number.Position())
	}
	t.Logf("at 800×600 the tabs' pages are %.0f high", scroll.Size().Height)
	if scroll.Size().Height < 430 {
		t.Errorf("at 800×600 the tabs' pages are %.0f high", scroll.Size().Height)
	}
	r.win.Resize(fyne.NewSize(800, 900))
	if h.number.Position().Y < h.header.Size().Height {
		t.Errorf("at 800×900 the number is at %v, not under the name", h.number.Position())
	}
}

// TestHomeKeepsToAColumn: on a wide window the screen keeps to a column
// no wider than maxColumn, so a case's Open case button stays near its
// words; and no button is under the scroll bar.
func TestHomeKeepsToAColumn(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.desktopHome(t, fyne.NewSize(1440, 900))
	tl, _ := rect(h.header)
	_, br := rect(h.cases.open[0])
	if br.X-tl.X > maxColumn {
		t.Errorf("Open case ends %.0f from the left of the screen's text, over %d", br.X-tl.X, maxColumn)
	}
	for _, size := range []fyne.Size{{Width: 1440, Height: 900}, {Width: 800, Height: 600}} {
		r.win.Resize(size)
		_, sbr := rect(h.cases.scroll)
		bar := theme.Size(theme.SizeNameScrollBar)
		if _, br := rect(h.cases.open[0]); br.X > sbr.X-bar {
			t.Errorf("at %v Open case ends at %.0f, under the scroll bar (from %.0f)", size, br.X, sbr.X-bar)
		}
	}
}

// TestScrollBarsCoverNoButton: every tab's page leaves the scroll bar
// its own room.
func TestScrollBarsCoverNoButton(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.desktopHome(t, fyne.NewSize(800, 600))
	bar := theme.Size(theme.SizeNameScrollBar)
	for i, item := range h.tabs.Items {
		h.tabs.SelectIndex(i)
		s := item.Content.(*container.Scroll)
		_, sbr := rect(s)
		for _, c := range controls(item.Content) {
			if _, br := rect(c.(fyne.CanvasObject)); br.X > sbr.X-bar {
				t.Errorf("%s: a %T ends at %.0f, under the scroll bar (from %.0f)", item.Text, c, br.X, sbr.X-bar)
			}
		}
	}
}
