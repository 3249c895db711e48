package packet

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"casedesk/app"
)

func signer(t testing.TB) Signer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return Signer{Clinic: "clinic-1", Key: key}
}

const code = app.AccessCode("ABCD2345EFGH")

// sample is a client with cases, notices and appointments: n cases with
// notices notices in all.
func sample(cases, notices int) Records {
	p := app.Person{ID: "p1", GivenName: "José", FamilyName: "Muñoz", DateOfBirth: app.NewDate(1985, 3, 14),
		CountryOfBirth: "Mexico", ANumber: "A012345678", Language: "es",
		Address: app.Address{Line1: "12 Elm St", City: "Springfield", State: "IL", ZIP: "62701"}}
	r := Records{Clinic: Clinic{Name: "Prairie Legal Aid", Address: "1 Main St\nSpringfield, IL 62701", Phone: "(217) 555-0100"},
		Person: p, People: []app.Person{{ID: "p2", GivenName: "Ana", FamilyName: "Muñoz"}}}
	for i := range cases {
		c := app.Case{ID: fmt.Sprintf("c%d", i), Receipt: app.Receipt(fmt.Sprintf("EAC21900%05d", i)), FormType: "I-130",
			FormTitle: "Petition for Alien Relative", ApplicantID: "p1", PetitionerID: "p1", BeneficiaryID: "p2",
			ReceivedDate: app.NewDate(2024, 1, 2), Office: "Vermont Service Center", StatusCode: "received",
			StatusDate: app.NewDate(2024, 1, 2)}
		r.Cases = append(r.Cases, c)
		r.Events = append(r.Events, app.CaseEvent{ID: fmt.Sprintf("e%d", i), CaseID: c.ID, StatusCode: "received",
			Date: app.NewDate(2024, 1, 2), Note: "Received"})
		r.Appointments = append(r.Appointments, app.Appointment{ID: fmt.Sprintf("a%d", i), PersonID: "p1", CaseID: c.ID,
			Kind: app.AppointmentBiometrics, StartsAt: time.Date(2024, 3, 4, 15, 0, 0, 0, time.UTC), TimeZone: "America/Chicago",
			PlaceName: "ASC Chicago", PlaceAddress: "101 W Congress Pkwy", Status: "scheduled"})
	}
	for i := range notices {
		r.Notices = append(r.Notices, app.Notice{ID: fmt.Sprintf("n%d", i), CaseID: fmt.Sprintf("c%d", i%cases), PersonID: "p1",
			Kind: app.NoticeReceipt, NoticeDate: app.NewDate(2024, 1, 5), Fields: map[string]string{"name": "José Muñoz", "office": "VSC"},
			CreatedAt: time.Date(2024, 1, 5, 12, 0, 0, 0, time.UTC)})
	}
	return r
}

func write(t testing.TB, s Signer, seq int64, r Records) []byte {
	t.Helper()
	b, err := Write(s, Header{Packet: fmt.Sprintf("pk-%d", seq), Seq: seq, Made: time.Date(2026, 11, 2, 15, 4, 5, 0, time.UTC)},
		code, Cheap, r, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPacketRoundTrip(t *testing.T) {
	s := signer(t)
	want := sample(5, 40)
	b := write(t, s, 3, want)
	if bytes.Contains(b, []byte("Muñoz")) || bytes.Contains(b, []byte("EAC21900")) || bytes.Contains(b, []byte("Prairie")) {
		t.Fatal("the packet shows a name, a receipt number or the clinic without the code")
	}
	h, got, err := Open(b, code)
	if err != nil {
		t.Fatal(err)
	}
	if h.Seq != 3 || h.Clinic != "clinic-1" || !bytes.Equal(h.Key, s.Key.Public().(ed25519.PublicKey)) || h.Packet != "pk-3" {
		t.Fatalf("header %+v", h)
	}
	// The other people on the cases travel by name only.
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("records changed on the way:\n got %+v\nwant %+v", got, want)
	}
	typed, err := app.ParseAccessCode("abcd-2345-efgh")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(b, typed); err != nil {
		t.Fatalf("the code as typed from the notice: %v", err)
	}
}

func TestOthersTravelByNameOnly(t *testing.T) {
	r := sample(1, 1)
	r.People[0].DateOfBirth, r.People[0].ANumber = app.NewDate(1990, 1, 1), "A099999999"
	_, got, err := Open(write(t, signer(t), 1, r), code)
	if err != nil {
		t.Fatal(err)
	}
	if o := got.People[0]; !o.DateOfBirth.IsZero() || o.ANumber != "" || o.FamilyName != "Muñoz" {
		t.Fatalf("another person's details went into the packet: %+v", o)
	}
}

func TestWrongCodeOpensNothing(t *testing.T) {
	b := write(t, signer(t), 1, sample(1, 1))
	if _, _, err := Open(b, "ABCD2345EFGJ"); !errors.Is(err, ErrWrongCode) {
		t.Fatalf("wrong code: %v", err)
	}
}

// Every byte of a packet is covered by its signature: changing any one is
// refused before the code is tried.
func TestEveryAlteredByteIsRefused(t *testing.T) {
	b := write(t, signer(t), 1, sample(2, 3))
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x01
		_, err := ReadHeader(c)
		if err == nil {
			t.Fatalf("byte %d changed and the packet still reads", i)
		}
		if !errors.Is(err, ErrAltered) && !errors.Is(err, ErrNotPacket) && !errors.Is(err, ErrNewerFormat) {
			t.Fatalf("byte %d: %v", i, err)
		}
		if _, _, err := Open(c, code); err == nil {
			t.Fatalf("byte %d changed and the packet opens", i)
		}
	}
	if _, err := ReadHeader(b[:len(b)-1]); err == nil {
		t.Fatal("a packet cut short reads")
	}
	if _, err := ReadHeader(append(bytes.Clone(b), 0)); err == nil {
		t.Fatal("a packet with a byte added reads")
	}
}

// A packet someone else re-signs is valid under their key, not the
// clinic's: the home compares the key with the one it pinned.
func TestResignedPacketCarriesTheOtherKey(t *testing.T) {
	clinic, other := signer(t), signer(t)
	b := write(t, other, 1, sample(1, 1))
	h, err := ReadHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(h.Key, clinic.Key.Public().(ed25519.PublicKey)) {
		t.Fatal("another signer's packet names the clinic's key")
	}
}

// resign rebuilds a packet with its header changed by edit and signs it
// again with s: what a forger with their own key could make.
func resign(t *testing.T, s Signer, b []byte, edit func(*Header)) []byte {
	t.Helper()
	h, aad, sealed, err := parts(b)
	if err != nil {
		t.Fatal(err)
	}
	_ = aad
	edit(&h)
	head, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	out := append([]byte(Magic), binary.BigEndian.AppendUint32(nil, uint32(len(head)))...)
	out = append(out, head...)
	out = append(out, binary.BigEndian.AppendUint32(nil, uint32(len(sealed)))...)
	out = append(out, sealed...)
	return append(out, ed25519.Sign(s.Key, out)...)
}

func TestCostsAreBounded(t *testing.T) {
	s := signer(t)
	greedy := Cheap
	greedy.Memory = 4 << 20 // 4 GiB
	if _, err := Write(s, Header{Packet: "x", Seq: 1, Made: time.Now()}, code, greedy, sample(1, 1), rand.Reader); err == nil {
		t.Fatal("a packet that takes 4 GiB to open was written")
	}
	b := resign(t, s, write(t, s, 1, sample(1, 1)), func(h *Header) { h.KDF.Memory = 4 << 20 })
	if _, err := ReadHeader(b); !errors.Is(err, ErrNotPacket) {
		t.Fatalf("a packet asking for 4 GiB to open: %v", err)
	}
	if _, _, err := Open(b, code); !errors.Is(err, ErrNotPacket) {
		t.Fatalf("a packet asking for 4 GiB to open: %v", err)
	}
}

// The ceilings sit at 256 MiB and 8 passes: a clinic's costs (64 MiB × 4)
// are read, one KiB or one pass more is no packet, and the bounds are
// checked before any key is derived.
func TestCostCeilings(t *testing.T) {
	if !Default.within() {
		t.Fatalf("a clinic's own costs are past the ceiling: %+v", Default)
	}
	s := signer(t)
	good := write(t, s, 1, sample(1, 1))
	for _, c := range []struct {
		name string
		edit func(*Header)
		ok   bool
	}{
		{"256 MiB", func(h *Header) { h.KDF.Memory = 256 << 10 }, true},
		{"256 MiB and 1 KiB", func(h *Header) { h.KDF.Memory = 256<<10 + 1 }, false},
		{"512 MiB", func(h *Header) { h.KDF.Memory = 512 << 10 }, false},
		{"8 passes", func(h *Header) { h.KDF.Time = 8 }, true},
		{"9 passes", func(h *Header) { h.KDF.Time = 9 }, false},
		{"16 passes", func(h *Header) { h.KDF.Time = 16 }, false},
	} {
		_, err := ReadHeader(resign(t, s, good, c.edit))
		if c.ok != (err == nil) || (!c.ok && !errors.Is(err, ErrNotPacket)) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// A header changed and signed again with the same key is a different
// packet: its sealed part, bound to the header it was sealed under, no
// longer opens.
func TestSealedPartIsBoundToItsHeader(t *testing.T) {
	s := signer(t)
	b := resign(t, s, write(t, s, 1, sample(1, 1)), func(h *Header) { h.Seq = 9 })
	if _, err := ReadHeader(b); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(b, code); !errors.Is(err, ErrWrongCode) {
		t.Fatalf("a later number put on an older packet: %v", err)
	}
}

func TestRecordsMustHoldTogether(t *testing.T) {
	s := signer(t)
	for name, spoil := range map[string]func(*Records){
		"case not the client's": func(r *Records) { r.Cases[0].ApplicantID, r.Cases[0].PetitionerID = "p2", "p2" },
		"event of no case":      func(r *Records) { r.Events[0].CaseID = "elsewhere" },
		"notice of another":     func(r *Records) { r.Notices[0].PersonID = "p2" },
		"unknown status":        func(r *Records) { r.Cases[0].StatusCode = "made_up" },
		"unknown notice kind":   func(r *Records) { r.Notices[0].Kind = "ransom" },
		"twice the same case":   func(r *Records) { r.Cases = append(r.Cases, r.Cases[0]) },
		"person not named":      func(r *Records) { r.People = nil },
		"appointment kind":      func(r *Records) { r.Appointments[0].Kind = "party" },
	} {
		r := sample(2, 2)
		spoil(&r)
		if _, err := Write(s, Header{Packet: "x", Seq: 1, Made: time.Now()}, code, Cheap, r, rand.Reader); err == nil {
			t.Errorf("%s: written", name)
		}
	}
}

func TestNotAPacket(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("%PDF-1.7"), []byte(Magic), append([]byte(Magic), 0xff, 0xff, 0xff, 0xff)} {
		if _, err := ReadHeader(b); !errors.Is(err, ErrNotPacket) {
			t.Errorf("%q: %v", b, err)
		}
	}
}

func FuzzOpen(f *testing.F) {
	s := signer(f)
	good := write(f, s, 1, sample(1, 2))
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ReadHeader(b)
		if err != nil {
			return
		}
		if h.KDF.Memory > maxMemory || h.KDF.Time > maxTime {
			t.Fatalf("costs past the bound read: %+v", h.KDF)
		}
		if h.KDF.Memory > 1<<12 {
			return // too slow to derive in a fuzz run; bounded above
		}
		_, r, err := Open(b, code)
		if err == nil {
			if err := r.check(); err != nil {
				t.Fatalf("opened records that do not hold together: %v", err)
			}
		}
	})
}

// The bars: a packet of 5 cases and 40 notices written (≤ 1 s) and opened
// (part of ≤ 1.5 s) with the costs a clinic uses.
func BenchmarkWritePacket(b *testing.B) {
	s, r := signer(b), sample(5, 40)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(s, Header{Packet: "x", Seq: 1, Made: time.Now()}, code, Default, r, rand.Reader); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenPacket(b *testing.B) {
	s, r := signer(b), sample(5, 40)
	p, err := Write(s, Header{Packet: "x", Seq: 1, Made: time.Now()}, code, Default, r, rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Open(p, code); err != nil {
			b.Fatal(err)
		}
	}
}
