package ui

import (
	"strings"
	"testing"
	"time"

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
	typeIn(p.line1, "77 Elm St")
	typeIn(p.city, "Austin")
	typeIn(p.state, "ZZ")
	typeIn(p.zip, "78701")
	test.Tap(p.saveAddr)
	if !strings.Contains(p.addrMsg.Text, "not a US state code") || p.line1.Text != "77 Elm St" {
		t.Fatalf("bad state: %q", p.addrMsg.Text)
	}
	typeIn(p.state, "tx")
	test.Tap(p.saveAddr)
	if !strings.Contains(p.addrMsg.Text, "IOE0912345678") || !strings.Contains(p.addrMsg.Text, "AR-11") {
		t.Fatalf("address: %q", p.addrMsg.Text)
	}
	if !strings.Contains(labels(p.history), "77 Elm St, Austin TX 78701") {
		t.Fatalf("history: %q", labels(p.history))
	}
}
