package data

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/packet"
	"casedesk/app/portal"
)

// homeKey is the home computer's data key: not the clinic's.
var homeKey = bytes.Repeat([]byte{7}, 32)

const packetCode = app.AccessCode("K7P3D9QXM2HT")

// clinicRig is a clinic's store with one client, and the clinic's signing
// key; homeRig a household's store in another folder, with its own key.
type clinicRig struct {
	s      *Store
	signer packet.Signer
	client app.Person
	spouse app.Person
	cases  []app.Case
	seq    int64
}

func newClinicRig(t *testing.T) *clinicRig {
	t.Helper()
	ctx := context.Background()
	s := openTest(t)
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	r := &clinicRig{s: s, signer: packet.Signer{Clinic: "clinic-prairie", Key: key}}
	r.client = mustPerson(t, s, "José", "Muñoz")
	r.spouse = mustPerson(t, s, "Ana", "Muñoz")
	for i, form := range []string{"I-130", "I-485", "I-765"} {
		c := mustCase(t, s, fmt.Sprintf("EAC21900%05d", 100+i), r.client.ID)
		if form == "I-130" {
			if _, err := s.db.ExecContext(ctx, `UPDATE cases SET form_type = ?, beneficiary_id = ? WHERE id = ?`, form, r.spouse.ID, c.ID); err != nil {
				t.Fatal(err)
			}
		}
		r.cases = append(r.cases, c)
	}
	for i, c := range r.cases {
		n := app.Notice{CaseID: c.ID, PersonID: r.client.ID, Kind: app.NoticeReceipt, NoticeDate: app.NewDate(2025, 1, 12+i),
			Fields: map[string]string{"receipt": string(c.Receipt)}}
		if err := s.AddNotice(ctx, &n); err != nil {
			t.Fatal(err)
		}
	}
	a := app.Appointment{PersonID: r.client.ID, CaseID: r.cases[1].ID, Kind: app.AppointmentBiometrics,
		StartsAt: time.Date(2025, 3, 4, 15, 0, 0, 0, time.UTC), TimeZone: "America/Chicago", PlaceName: "ASC Chicago"}
	if err := s.AddAppointment(ctx, &a); err != nil {
		t.Fatal(err)
	}
	return r
}

// records reads the client's record from the clinic's store, as the desk
// puts it in a packet: the client whole, the others by name only.
func (r *clinicRig) records(t *testing.T, client app.Person) packet.Records {
	t.Helper()
	ctx := context.Background()
	p, err := r.s.Person(ctx, client.ID)
	if err != nil {
		t.Fatal(err)
	}
	rec := packet.Records{Clinic: packet.Clinic{Name: "Prairie Legal Aid", Address: "1 Main St\nSpringfield, IL 62701",
		Phone: "(217) 555-0100"}, Person: p}
	cases, err := r.s.CasesOfPerson(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	others := map[string]bool{}
	for _, c := range cases {
		rec.Cases = append(rec.Cases, c)
		evs, err := r.s.Events(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		rec.Events = append(rec.Events, evs...)
		for _, id := range []string{c.ApplicantID, c.PetitionerID, c.BeneficiaryID} {
			if id != "" && id != p.ID && !others[id] {
				others[id] = true
				o, err := r.s.Person(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				rec.People = append(rec.People, app.Person{ID: o.ID, GivenName: o.GivenName, MiddleName: o.MiddleName, FamilyName: o.FamilyName})
			}
		}
	}
	if rec.Notices, err = r.s.NoticesOfPerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if rec.Appointments, err = r.s.AppointmentsOfPerson(ctx, p.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	return rec
}

// packet writes the next packet for client, signed by s.
func (r *clinicRig) packet(t testing.TB, s packet.Signer, rec packet.Records, kdf packet.KDF) []byte {
	t.Helper()
	r.seq++
	b, err := packet.Write(s, packet.Header{Packet: fmt.Sprintf("pk-%s-%d", s.Clinic, r.seq), Seq: r.seq,
		Made: time.Date(2026, 11, 2+int(r.seq), 15, 4, 5, 0, time.UTC)}, packetCode, kdf, rec, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type homeRig struct {
	s   *Store
	svc *home.Packets
	clk *clock
}

func newHomeRig(t *testing.T) *homeRig {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "home", "casedesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	keys := auth.NewKeysForTest(homeKey)
	if err := s.UseKeys(context.Background(), keys); err != nil {
		t.Fatal(err)
	}
	clk := &clock{}
	clk.t.Store(time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC).Unix())
	return &homeRig{s: s, svc: home.New(s, keys, clk.now, cheapArgon), clk: clk}
}

var clientID = auth.Identity{FamilyName: "MUNOZ", DateOfBirth: "03/14/1985", ZIP: "62701", CountryOfBirth: "mexico"}

func homeSetup(t *testing.T) auth.Setup {
	t.Helper()
	codes, err := auth.NewBackupCodes()
	if err != nil {
		t.Fatal(err)
	}
	return auth.Setup{Username: "jose.munoz", Password: "correct horse battery staple", BackupCodes: codes}
}

// setUp opens the first packet at home and sets up the account.
func (h *homeRig) setUp(t *testing.T, b []byte) (*portal.Session, home.Applied) {
	t.Helper()
	ctx := context.Background()
	tk, err := h.svc.Check(ctx, b, "k7p3-d9qx-m2ht", clientID)
	if err != nil {
		t.Fatal(err)
	}
	acct, applied, err := h.svc.Redeem(ctx, tk, homeSetup(t))
	if err != nil {
		t.Fatal(err)
	}
	return portal.NewSession(acct, h.clk.now(), 0), applied
}

// dumpTables is every row of every table but the audit log and the try counts,
// which record refusals; each test says what it expects of those.
func dumpTables(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	rows, err := s.db.QueryContext(ctx, tablesQuery(s))
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var out strings.Builder
	for _, tb := range tables {
		if tb == "audit_events" || tb == "throttles" {
			continue
		}
		rs, err := s.db.QueryContext(ctx, `SELECT * FROM "`+tb+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		var lines []string
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%q", vals))
		}
		rs.Close()
		sort.Strings(lines)
		fmt.Fprintf(&out, "== %s (%d)\n%s\n", tb, len(lines), strings.Join(lines, "\n"))
	}
	return out.String()
}

// tablesQuery lists the store's tables by name, on either backend.
func tablesQuery(s *Store) string {
	if s.pg {
		return `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
	}
	return `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
}

// hasObject reports whether the store has a table or index of that name.
func hasObject(t *testing.T, s *Store, name string) bool {
	t.Helper()
	q := `SELECT count(*) FROM sqlite_master WHERE name = ?`
	if s.pg {
		q = `SELECT count(*) FROM pg_class WHERE relname = ? AND relnamespace = current_schema()::regnamespace`
	}
	return count(t, s, q, name) == 1
}
