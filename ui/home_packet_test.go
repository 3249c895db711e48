package ui

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/packet"
	"casedesk/app/portal"

	"fyne.io/fyne/v2/test"
)

// householdHome is Ana's home screen on a household's computer whose
// first packet (seq 1) came from the clinic of c.
func householdHome(t *testing.T, pinned bool) (*Home, *homeStore, *clinicPackets) {
	t.Helper()
	r := newHomeRig(t)
	c := newClinicPackets(t)
	st := &homeStore{kind: app.InstallHousehold, notices: map[string]bool{"n0": true},
		owner: app.Person{ID: "p1", GivenName: "José", FamilyName: "Muñoz", DateOfBirth: app.NewDate(1985, 3, 14), CountryOfBirth: "México"}}
	if pinned {
		st.pin = &home.Pin{Clinic: c.signer.Clinic, Name: "Prairie Legal Aid", Key: c.signer.Key.Public().(ed25519.PublicKey),
			ClinicPersonID: "p-clinic", PersonID: "p1", Seq: 1, Made: time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC),
			AppliedAt: time.Date(2026, 11, 3, 15, 0, 0, 0, time.UTC)}
	}
	r.svc.Packets = home.New(st, auth.NewKeysForTest(bytes.Repeat([]byte{5}, 32)), nil, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	session := portal.NewSession(r.accounts.cred.Account, time.Now(), portal.DesktopIdle)
	h := NewHomeIn(r.svc, session, r.win.Canvas(), func(string) {})
	r.win.SetContent(h.Content())
	h.Start()
	t.Cleanup(func() { h.end("") })
	return h, st, c
}

func TestHomePacketCardAppliesANewerPacket(t *testing.T) {
	h, st, c := householdHome(t, true)
	p := h.packet
	first := c.write(t, 1, 1) // seq 1: the one applied already
	if !p.box.Visible() || p.line.Text != "From Prairie Legal Aid: last update made November 2, 2026, applied November 3, 2026." {
		t.Fatalf("card: %v %q", p.box.Visible(), p.line.Text)
	}
	pick := func(path string) {
		p.pick = func(_ string, exts []string, picked func(string)) {
			if exts[0] != packet.Ext {
				t.Fatalf("the dialog offers %v", exts)
			}
			picked(path)
		}
		test.Tap(p.choose)
	}
	test.Tap(p.add)
	if p.dlg == nil {
		t.Fatal("no dialog")
	}
	// The packet already applied is refused and nothing is written.
	pick(first)
	typeIn(p.code, string(testPacketCode))
	test.Tap(p.apply)
	if !p.msg.Visible() || !strings.Contains(p.msg.Text, "older than the one already applied on November 3, 2026") || len(st.applies) != 0 {
		t.Fatalf("older: %q", p.msg.Text)
	}
	// A wrong code says so, with no tries counted against the right one.
	pick(c.write(t, 2, 4))
	typeIn(p.code, "AAAA-BBBB-CCCC")
	test.Tap(p.apply)
	if !strings.Contains(p.msg.Text, "does not open this packet") || len(st.applies) != 0 {
		t.Fatalf("wrong code: %q", p.msg.Text)
	}
	typeIn(p.code, string(testPacketCode))
	test.Tap(p.apply)
	if len(st.applies) != 1 || p.dlg != nil {
		t.Fatalf("applied %d, dialog still open %v, %q", len(st.applies), p.dlg != nil, p.msg.Text)
	}
	if !p.said.Visible() || !strings.Contains(p.said.Text, "2 cases updated, 3 new notices") {
		t.Fatalf("said %q", p.said.Text)
	}
	if !strings.Contains(p.line.Text, "last update made November 2, 2026") || p.file != nil || p.code.Text != "" {
		t.Fatalf("after: %q", p.line.Text)
	}
}

// With nothing pinned yet (a household set up by hand), the card offers
// a first packet; at a clinic, it is not there at all.
func TestHomePacketCardOnlyAtAHousehold(t *testing.T) {
	h, _, _ := householdHome(t, false)
	if !h.packet.box.Visible() || !strings.Contains(h.packet.add.Text, "Add a case packet from my clinic") ||
		!strings.Contains(h.packet.how.Text, "added to the ones you follow") {
		t.Fatalf("no pin: %v %q", h.packet.box.Visible(), h.packet.add.Text)
	}
	h2, st, _ := householdHome(t, true)
	st.mu.Lock()
	st.kind = app.InstallClinic
	st.mu.Unlock()
	h2.packet.load()
	if h2.packet.box.Visible() {
		t.Fatal("the packet card shows at a clinic")
	}
}

// Sign-out empties the card and closes its dialog.
func TestHomePacketCardForgetsAtSignOut(t *testing.T) {
	h, _, c := householdHome(t, true)
	p := h.packet
	test.Tap(p.add)
	p.pick = func(_ string, _ []string, picked func(string)) { picked(c.write(t, 2, 1)) }
	test.Tap(p.choose)
	typeIn(p.code, "K7P3")
	h.end("")
	if p.dlg != nil || p.file != nil || p.code.Text != "" || p.line.Text != "" || p.box.Visible() {
		t.Fatal("the card kept something after sign-out")
	}
}

// A household that follows a clinic sees its updates above its cases; one
// that keeps its cases by hand finds the offer below them.
func TestHomePacketCardPlace(t *testing.T) {
	h, _, _ := householdHome(t, true)
	if len(h.packet.above.Objects) != 1 || len(h.packet.below.Objects) != 0 {
		t.Fatal("a clinic's updates are not above the cases")
	}
	h2, _, _ := householdHome(t, false)
	if len(h2.packet.above.Objects) != 0 || len(h2.packet.below.Objects) != 1 {
		t.Fatal("the offer of a packet is not below the cases")
	}
}
