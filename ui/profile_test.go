package ui

import (
	"strings"
	"testing"
	"time"

	"casedesk/app"

	"fyne.io/fyne/v2/test"
)

func TestProfileTab(t *testing.T) {
	r := newHomeRig(t)
	h, session, _ := r.home(t)
	p := h.profile
	before := session.LastActive()
	time.Sleep(2 * time.Millisecond)
	typeIn(p.phone, "555-01")
	if !session.LastActive().After(before) {
		t.Fatal("typing did not count as activity")
	}
	test.Tap(p.saveContact)
	if !strings.Contains(p.contactMsg.Text, "10") || p.phone.Text != "555-01" {
		t.Fatalf("bad phone: %q", p.contactMsg.Text)
	}
	// Every field's problem at once, each under its field; nothing typed is lost.
	typeIn(p.line1, "77 Elm St")
	typeIn(p.city, "")
	typeIn(p.state, "ZZ")
	typeIn(p.zip, "787")
	test.Tap(p.saveAddr)
	if !strings.Contains(p.addrMsg.Text, "not a US state code") || !strings.Contains(p.addrMsg.Text, "City is empty") ||
		!strings.Contains(p.addrMsg.Text, "ZIP code has 3 digits") || p.line1.Text != "77 Elm St" || p.zip.Text != "787" {
		t.Fatalf("bad address: %q", p.addrMsg.Text)
	}
	if p.addrItems[app.FieldState].HintText == "" || p.addrItems[app.FieldCity].HintText == "" || p.addrItems[app.FieldStreet].HintText != "" {
		t.Fatalf("hints: street %q city %q state %q", p.addrItems[app.FieldStreet].HintText, p.addrItems[app.FieldCity].HintText, p.addrItems[app.FieldState].HintText)
	}
	// A ZIP code of another state.
	typeIn(p.city, "Dallas")
	typeIn(p.state, "tx")
	typeIn(p.zip, "90210")
	test.Tap(p.saveAddr)
	if !strings.Contains(p.addrMsg.Text, "90210 is a ZIP code in CA, not TX") || p.addrItems[app.FieldState].HintText != "" {
		t.Fatalf("ZIP of another state: %q", p.addrMsg.Text)
	}
	// Pending cases are named and the change waits for a yes.
	var asked string
	var yes func()
	p.ask = func(msg string, ok func()) { asked, yes = msg, ok }
	typeIn(p.city, "Austin")
	typeIn(p.zip, "78701")
	test.Tap(p.saveAddr)
	if !strings.Contains(asked, "IOE0912345678") || strings.Contains(p.addrMsg.Text, "Your address is changed") {
		t.Fatalf("asked %q, said %q", asked, p.addrMsg.Text)
	}
	yes()
	if !strings.Contains(p.addrMsg.Text, "IOE0912345678") || !strings.Contains(p.addrMsg.Text, "AR-11") {
		t.Fatalf("address: %q", p.addrMsg.Text)
	}
	// The history lists the address that was replaced, not the new one.
	if text := labels(p.history); !strings.Contains(text, "1200 Oak Ave, Springfield IL 62704 (until ") || strings.Contains(text, "77 Elm St") {
		t.Fatalf("history: %q", text)
	}
	// The same address again changes nothing.
	asked = ""
	test.Tap(p.saveAddr)
	if asked != "" || !strings.Contains(p.addrMsg.Text, "already your mailing address") {
		t.Fatalf("unchanged: asked %q, said %q", asked, p.addrMsg.Text)
	}
}
