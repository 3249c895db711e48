package ui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/packet"

	"fyne.io/fyne/v2/test"
)

// packetStore is the clinic's packets over the in-memory store, kept as
// the store keeps them: the key, and one row a packet.
type packetStore struct {
	*deskStore
	pmu  sync.Mutex
	key  string
	rows []desk.PacketRecord
}

func (s *packetStore) PacketKey(context.Context) (string, error) {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	if s.key == "" {
		return "", app.ErrNotFound
	}
	return s.key, nil
}

func (s *packetStore) KeepPacketKey(_ context.Context, v string) (string, error) {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	if s.key == "" {
		s.key = v
	}
	return s.key, nil
}

func (s *packetStore) PacketRecords(ctx context.Context, personID string) (packet.Records, error) {
	c, err := s.Client(ctx, personID)
	if err != nil {
		return packet.Records{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := packet.Records{Person: c.Person}
	for _, k := range s.cases {
		if k.ApplicantID != personID && k.PetitionerID != personID && k.BeneficiaryID != personID {
			continue
		}
		r.Cases = append(r.Cases, k)
		for _, e := range s.events {
			if e.CaseID == k.ID {
				r.Events = append(r.Events, e)
			}
		}
	}
	for _, n := range s.notices {
		if n.PersonID == personID {
			r.Notices = append(r.Notices, n)
		}
	}
	for _, a := range s.appts {
		if a.PersonID == personID {
			r.Appointments = append(r.Appointments, a)
		}
	}
	return r, nil
}

func (s *packetStore) PacketCount(_ context.Context, personID string) (int64, error) {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	var n int64
	for _, r := range s.rows {
		if r.PersonID == personID {
			n = max(n, r.Seq)
		}
	}
	return n, nil
}

func (s *packetStore) RecordPacket(_ context.Context, r desk.PacketRecord, publish func() error) error {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	for _, o := range s.rows {
		if o.PersonID == r.PersonID && o.Seq == r.Seq {
			return app.ErrConflict
		}
	}
	if err := publish(); err != nil {
		return err
	}
	s.rows = append(s.rows, r)
	return nil
}

// withPackets lets the rig's desk write packets (cheaply) into a packet store.
func (r *deskRig) withPackets() *packetStore {
	ps := &packetStore{deskStore: r.store}
	r.svc.Desk.WithPackets(ps).WithPacketKDF(packet.Cheap)
	return ps
}

// saveTo makes the save dialog choose path, and records the name it offered.
func saveTo(t *testing.T, path string) *string {
	offered := new(string)
	saved := saveAs
	saveAs = func(_ *Desk, name string, then func(string)) {
		*offered = name
		os.WriteFile(path, nil, 0o600) // the dialog makes the file empty; a folder stays one
		then(path)
	}
	t.Cleanup(func() { saveAs = saved })
	return offered
}

// A staff member gives a client their cases: the dialog says what will
// happen, the save dialog offers the packet's name, and the packet's
// Account Access Notice is shown to print, in the client's language, with
// the code that opens the file saved.
func TestDeskGivesTheClientTheirCases(t *testing.T) {
	r := newDeskRig(t)
	ps := r.withPackets()
	c := r.addClient(t, joseForm)
	r.addCase(t, c.ID, "IOE0912345678")
	path := filepath.Join(t.TempDir(), "packet.cdpacket")
	offered := saveTo(t, path)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	p := d.client
	if !p.packet.Visible() || p.packet.Text != "Give the client their cases to take home…" {
		t.Fatalf("button %q shown %v", p.packet.Text, p.packet.Visible())
	}
	test.Tap(p.packet)
	top := r.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(screenText(top), "José Muñoz's cases") || !strings.Contains(screenText(top), "does not keep the code") {
		t.Fatalf("no dialog says what happens: %v", top)
	}
	dialogButton(t, r.win, "Cancel")
	if *offered != "" || len(ps.rows) != 0 {
		t.Fatal("cancelled, but a packet was written")
	}
	test.Tap(p.packet)
	dialogButton(t, r.win, "Choose where to save…")
	if want := "casedesk-cases-munoz-" + time.Now().Format("2006-01-02") + ".cdpacket"; *offered != want {
		t.Errorf("offered %q, want %q", *offered, want)
	}
	text, v := previewed(t, d)
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(text)
	if code == "" || !strings.Contains(text, "packet.cdpacket") || !strings.Contains(text, "Clínica Legal del Sur") ||
		!strings.Contains(text, "Esta es mi propia computadora") {
		t.Fatalf("the notice preview:\n%s", text)
	}
	if !v.secret {
		t.Error("the packet's notice is not kept private")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	typed, _ := app.ParseAccessCode(code)
	h, recs, err := packet.Open(b, typed)
	if err != nil || h.Seq != 1 || recs.Person.ID != c.ID || len(recs.Cases) != 1 {
		t.Fatalf("the packet does not open with the code shown: %v %+v", err, h)
	}
	if len(ps.rows) != 1 || ps.rows[0].Audit.Action != "packet.written" || strings.Contains(ps.rows[0].Audit.Detail, "Muñoz") {
		t.Errorf("rows %+v", ps.rows)
	}
	test.Tap(v.backBtn)
	if d.shown() != p.scroll || !strings.Contains(d.status.Text, "case packet is saved in "+path) {
		t.Errorf("after: %q", d.status.Text)
	}
}

// A client with no cases is told so, and nothing is asked or written.
func TestDeskPacketNeedsCases(t *testing.T) {
	r := newDeskRig(t)
	ps := r.withPackets()
	c := r.addClient(t, joseForm)
	offered := saveTo(t, filepath.Join(t.TempDir(), "x.cdpacket"))
	d, _ := r.open(t, rosa, app.RoleAdmin)
	d.openClient(c.ID)
	test.Tap(d.client.packet)
	top := r.win.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(screenText(top), "no cases of their own yet") {
		t.Fatalf("no message: %v", top)
	}
	if *offered != "" || len(ps.rows) != 0 {
		t.Error("a packet was asked for or written")
	}
}

// A packet that cannot be written says why and leaves the page as it was:
// no notice, no row, the button back.
func TestDeskPacketFailureKeepsThePage(t *testing.T) {
	r := newDeskRig(t)
	ps := r.withPackets()
	c := r.addClient(t, joseForm)
	r.addCase(t, c.ID, "IOE0912345678")
	folder := filepath.Join(t.TempDir(), "a folder.cdpacket")
	if err := os.MkdirAll(filepath.Join(folder, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	saveTo(t, folder)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	p := d.client
	test.Tap(p.packet)
	dialogButton(t, r.win, "Choose where to save…")
	if len(d.previews) != 0 || len(ps.rows) != 0 || d.shown() != p.scroll || !d.status.Visible() || d.status.Text == "" || p.packet.Disabled() ||
		!strings.Contains(d.status.Text, "The case packet was not written") {
		t.Fatalf("after a failed write: previews %d rows %d status %q", len(d.previews), len(ps.rows), d.status.Text)
	}
}

// A desk that writes no packets offers no button.
func TestDeskWithoutPacketsHasNoButton(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	r.addCase(t, c.ID, "IOE0912345678")
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	if d.client.packet.Visible() || buttonIn(d.client.scroll, "Give the client their cases to take home…") != nil {
		t.Error("the button is offered without packets")
	}
}

// A client whose record lacks what they confirm at home (here the country
// of birth) gets no packet: every try at home would fail and the fifth
// lock it. The desk says what to record; nothing is written.
func TestDeskPacketNeedsTheClientsIdentity(t *testing.T) {
	r := newDeskRig(t)
	ps := r.withPackets()
	f := joseForm
	f.CountryOfBirth = ""
	c := r.addClient(t, f)
	r.addCase(t, c.ID, "IOE0912345678")
	out := filepath.Join(t.TempDir(), "x.cdpacket")
	saveTo(t, out)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	test.Tap(d.client.packet)
	dialogButton(t, r.win, "Choose where to save…")
	if len(d.previews) != 0 || len(ps.rows) != 0 || !strings.Contains(d.status.Text, "country of birth") ||
		!strings.Contains(d.status.Text, "Nothing was written") {
		t.Fatalf("previews %d rows %d status %q", len(d.previews), len(ps.rows), d.status.Text)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a file was left at %s: %v", out, err)
	}
}
