package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestCasesTab: the case, what changed since the last visit, adding a
// paper case, the case page and its Back.
func TestCasesTab(t *testing.T) {
	h, _, _ := newHomeRig(t).home(t)
	c := h.cases
	text := labels(c.list)
	for _, want := range []string{"I-485 — Application to Register", "IOE0912345678", "Request for Evidence Was Sent", "Changed since your last visit", "since June 1, 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from the cases:\n%s", want, text)
		}
	}
	// Adding a paper case: a typo, and a case that is already here.
	typeIn(c.receipt, "EAC12")
	c.receipt.OnSubmitted("")
	if !strings.Contains(c.addMsg.Text, "needs exactly 10") || c.receipt.Text != "EAC12" {
		t.Fatalf("typo: %q", c.addMsg.Text)
	}
	typeIn(c.receipt, "IOE0912345678")
	test.Tap(c.add)
	if !strings.Contains(c.addMsg.Text, "Choose your role") || c.receipt.Text != "IOE0912345678" {
		t.Fatalf("no role: %q", c.addMsg.Text)
	}
	c.role.SetSelectedIndex(0)
	test.Tap(c.add)
	if !strings.Contains(c.addMsg.Text, "already in your account") {
		t.Fatalf("already: %q", c.addMsg.Text)
	}
	test.Tap(c.open[0])
	if shown(h) != c.page {
		t.Fatal("the case page is not shown")
	}
	page := labels(c.page)
	for _, want := range []string{"USCIS takes 8 to 13.5 months for Form I-485", "History, newest first", "Case Was Received", "Medical exam", "Request for Evidence IOE0912345678", "Biometrics"} {
		if !strings.Contains(page, want) {
			t.Errorf("%q missing from the case page:\n%s", want, page)
		}
	}
	h.back()
	if shown(h) != h.tabs || h.back != nil {
		t.Fatal("Back did not return to the tabs")
	}
}

// What adding a case says is scrolled into sight below the cases, and goes
// once another number is typed; a message at the foot of the screen goes
// when the person moves to another tab.
func TestMessagesStayWithTheirAction(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.home(t)
	c := h.cases
	r.win.Resize(fyne.NewSize(880, 420)) // the form is below the fold
	c.scroll.ScrollToTop()
	typeIn(c.receipt, "EAC12")
	c.receipt.OnSubmitted("")
	if !c.addMsg.Visible() || c.scroll.Offset.Y == 0 {
		t.Fatalf("message shown %v, scrolled to %v", c.addMsg.Visible(), c.scroll.Offset)
	}
	typeIn(c.receipt, "EAC1")
	if c.addMsg.Visible() {
		t.Error("the message about the last number stays while another is typed")
	}
	h.fail(errors.New("the printer is out of paper"))
	if !h.status.Visible() {
		t.Fatal("no message at the foot")
	}
	h.tabs.SelectIndex(2)
	if h.status.Visible() {
		t.Error("the message stays on another tab")
	}
}
