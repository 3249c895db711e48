package data

// The rows a household made itself, which no packet rewrites; the owner a
// packet's set-up makes; the actor of the set-ups' audit rows.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"casedesk/app/home"
	"casedesk/app/household"
	"casedesk/app/packet"
)

// Each record a packet might use to rewrite a row the household made — the
// owner or a family member by id, a case entered by hand, a clinic case
// under another receipt number, an appointment typed at home — refuses the
// whole packet on its own, writing nothing but the audit row; a packet
// that changes only the clinic's own rows is then applied.
func TestPacketRefusesEachRowTheHouseholdMade(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	hh := newHandHousehold(t)
	hh.ownersPacket(t, c)
	if _, err := hh.h.svc.Update(ctx, hh.sess, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), string(packetCode)); err != nil {
		t.Fatal(err)
	}
	clinicCase := c.cases[0]
	for _, tc := range []struct {
		name string
		kind string
		edit func(m map[string]any)
	}{
		{"the owner", "a person", func(m map[string]any) {
			m["people"] = append(m["people"].([]any), map[string]any{"id": hh.sess.PersonID, "given": "Mallory", "family": "Intruder"})
		}},
		{"a family member", "a person", func(m map[string]any) {
			m["people"] = append(m["people"].([]any), map[string]any{"id": hh.daughter.ID, "given": "Mallory", "family": "Intruder"})
		}},
		{"a case entered by hand", "a case", func(m map[string]any) {
			m["cases"] = append(m["cases"].([]any), map[string]any{"id": hh.theirs.ID, "receipt": string(hh.theirs.Receipt), "form": "I-765",
				"title": "Work permit", "applicant": c.client.ID, "received": "2026-01-10", "office": "Eastern Forms Center",
				"status": "approved", "status_date": "2026-02-01"})
		}},
		{"a clinic case under another receipt", "a case", func(m map[string]any) {
			for _, k := range m["cases"].([]any) {
				if k := k.(map[string]any); k["id"] == clinicCase.ID {
					k["receipt"] = "EAC2190000999"
				}
			}
		}},
		{"an appointment typed at home", "an appointment", func(m map[string]any) {
			m["appointments"] = append(m["appointments"].([]any), map[string]any{"id": hh.appt.ID, "person": c.client.ID,
				"kind": "interview", "starts": time.Date(2027, 1, 5, 15, 0, 0, 0, time.UTC), "place": "Nowhere",
				"address": "Somewhere", "status": "scheduled"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dumpTables(t, hh.h.s)
			refused := count(t, hh.h.s, `SELECT count(*) FROM audit_events WHERE action = 'packet.refused'`)
			m := contentsOf(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))
			tc.edit(m)
			_, err := hh.h.svc.Update(ctx, hh.sess, c.forge(t, c.signer.Key, c.signer.Clinic, m), string(packetCode))
			var own *home.OwnRecordsError
			if !errors.As(err, &own) || own.Kind != tc.kind {
				t.Fatalf("refused with %v", err)
			}
			if dumpTables(t, hh.h.s) != before {
				t.Fatal("a refused packet changed the store")
			}
			if n := count(t, hh.h.s, `SELECT count(*) FROM audit_events WHERE action = 'packet.refused'`); n != refused+1 {
				t.Fatalf("%d refusals audited, want %d", n, refused+1)
			}
		})
	}
	// The clinic moved its own appointment: a packet moves it at home.
	if _, err := c.s.db.Exec(`UPDATE appointments SET starts_at = ? WHERE person_id = ?`,
		formatTime(time.Date(2025, 3, 5, 15, 0, 0, 0, time.UTC)), c.client.ID); err != nil {
		t.Fatal(err)
	}
	applied, err := hh.h.svc.Update(ctx, hh.sess, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), string(packetCode))
	if err != nil || applied.Appointments != 1 {
		t.Fatalf("the clinic's appointment moved: %+v %v", applied, err)
	}
	if n := count(t, hh.h.s, `SELECT count(*) FROM appointments WHERE source = 'clinic'`); n != 1 {
		t.Fatalf("%d appointments from the clinic, want 1", n)
	}
	if n := count(t, hh.h.s, `SELECT count(*) FROM appointments WHERE id = ? AND source = ''`, hh.appt.ID); n != 1 {
		t.Fatal("the appointment typed at home is no longer the household's")
	}
}

// A household made by hand takes no first packet of a person with its
// owner's names and date of birth but another country of birth.
func TestHandHouseholdRefusesAnotherCountryOfBirth(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	hh := newHandHousehold(t)
	hh.ownersPacket(t, c)
	if _, err := c.s.db.Exec(`UPDATE people SET country_of_birth = 'Guatemala' WHERE id = ?`, c.client.ID); err != nil {
		t.Fatal(err)
	}
	before := dumpTables(t, hh.h.s)
	if _, err := hh.h.svc.Update(ctx, hh.sess, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), string(packetCode)); !errors.Is(err, home.ErrOtherPerson) {
		t.Fatalf("another country of birth: %v", err)
	}
	if dumpTables(t, hh.h.s) != before {
		t.Fatal("a refused first packet changed the store")
	}
}

// The packet's set-up makes the person the household's owner, as a set-up
// by hand does; both set-ups' audit rows name the new account, never the
// username.
func TestSetUpsMakeTheOwnerAndAuditTheAccount(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	s, _ := h.setUp(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))
	if n := count(t, h.s, `SELECT count(*) FROM household_members WHERE person_id = ? AND owner_id = ? AND relationship = ?`,
		s.PersonID, s.PersonID, household.Self); n != 1 {
		t.Fatalf("%d owner rows", n)
	}
	if ok, err := h.s.IsOwner(ctx, s.AccountID, s.PersonID); err != nil || !ok {
		t.Fatalf("the packet's owner is no owner: %v %v", ok, err)
	}
	for _, action := range []string{"household.set_up", "packet.applied"} {
		var actor string
		if err := h.s.db.QueryRow(`SELECT actor_id FROM audit_events WHERE action = ?`, action).Scan(&actor); err != nil || actor != s.AccountID {
			t.Errorf("%s by %q, want %q (%v)", action, actor, s.AccountID, err)
		}
	}

	hand := openTest(t)
	acct, err := hand.Household().SetUpHousehold(ctx, householdSetUp("ana"))
	if err != nil {
		t.Fatal(err)
	}
	var actor string
	if err := hand.db.QueryRow(`SELECT actor_id FROM audit_events WHERE action = 'household.setup'`).Scan(&actor); err != nil ||
		actor != acct.ID || strings.Contains(actor, "ana") {
		t.Fatalf("household.setup by %q, want %q (%v)", actor, acct.ID, err)
	}
}

// Migration 0015 marks the appointments of a household that took packets
// before: those with no audit row of their own came from a packet; one
// typed at home (audited by its id) stays the household's.
func TestMigrationMarksPacketAppointments(t *testing.T) {
	sqliteOnly(t, "an older store file (a database on a server starts at today's schema)")
	ctx := context.Background()
	c := newClinicRig(t)
	hh := newHandHousehold(t)
	hh.ownersPacket(t, c)
	if _, err := hh.h.svc.Update(ctx, hh.sess, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), string(packetCode)); err != nil {
		t.Fatal(err)
	}
	b, err := migrationFS.ReadFile("migrations/0015_packet_rows.sql")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), "UPDATE appointments")
	if i < 0 {
		t.Fatal("no backfill in migration 0015")
	}
	if _, err := hh.h.s.db.ExecContext(ctx, `UPDATE appointments SET source = ''`); err != nil {
		t.Fatal(err)
	}
	if _, err := hh.h.s.db.ExecContext(ctx, string(b[i:])); err != nil {
		t.Fatal(err)
	}
	if n := count(t, hh.h.s, `SELECT count(*) FROM appointments WHERE source = 'clinic'`); n != 1 {
		t.Fatalf("%d appointments marked as the clinic's, want 1", n)
	}
	if n := count(t, hh.h.s, `SELECT count(*) FROM appointments WHERE id = ? AND source = ''`, hh.appt.ID); n != 1 {
		t.Fatal("the appointment typed at home was marked as the clinic's")
	}
}
