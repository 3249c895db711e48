package data

// The case packet's bar: writing a packet for a client with 5 cases and 40
// notices, through the desk's service as the window does, Argon2id at
// packet.Default included, ≤ 1 s. The store is one this benchmark fills
// (the reference store has no client of that shape to count on), in a file
// like any clinic's, with other clients beside.

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/packet"
	"casedesk/app/settings"
)

func BenchmarkPacketWrite(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "clinic.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	keys := auth.NewKeysForTest(testKey)
	if err := s.UseKeys(ctx, keys); err != nil {
		b.Fatal(err)
	}
	svc := desk.New(s.Desk(), nil, keys, notice.NewService(s, nil), settings.New(s), nil, auth.DefaultArgon2).WithPackets(s.Desk())
	d := svc.CommandLine("bench")
	var client app.Person
	for i := range 200 {
		p := app.Person{GivenName: "José", FamilyName: fmt.Sprintf("Muñoz %d", i), DateOfBirth: app.NewDate(1980, 1, 2), CountryOfBirth: "México",
			ANumber: app.ANumber(fmt.Sprintf("A%09d", 100000+i)), Address: app.Address{Line1: "1 Main St", City: "Austin", State: "TX", ZIP: "78701"}}
		if err := s.CreatePerson(ctx, &p); err != nil {
			b.Fatal(err)
		}
		cases := 1
		if i == 0 {
			client, cases = p, 5
		}
		for k := range cases {
			r, _ := app.ParseReceipt(fmt.Sprintf("IOE%010d", i*10+k))
			c := app.Case{Receipt: r, FormType: "I-485", FormTitle: "Application to Register Permanent Residence", ApplicantID: p.ID,
				ReceivedDate: app.NewDate(2025, 1, 10), Office: "National Benefits Center"}
			if err := s.CreateCase(ctx, &c, &app.CaseEvent{StatusCode: "received", Date: c.ReceivedDate}); err != nil {
				b.Fatal(err)
			}
			notices := 1
			if i == 0 {
				notices = 8 // 5 cases × 8 = the client's 40 notices
			}
			for n := range notices {
				date := c.ReceivedDate.AddDays(n * 20)
				if err := s.RecordEvent(ctx, &app.CaseEvent{CaseID: c.ID, StatusCode: "biometrics_scheduled", Date: date, Note: "recorded from the notice"}); err != nil {
					b.Fatal(err)
				}
				if err := s.AddNotice(ctx, &app.Notice{CaseID: c.ID, PersonID: p.ID, Kind: app.NoticeReceipt, NoticeDate: date, Fields: map[string]string{
					"receipt_number": string(r), "form_type": c.FormType, "form_title": c.FormTitle, "name": p.FullName(),
					"address": notice.AddressBlock(p), "office": c.Office}}); err != nil {
					b.Fatal(err)
				}
			}
			if err := s.AddAppointment(ctx, &app.Appointment{PersonID: p.ID, CaseID: c.ID, Kind: app.AppointmentBiometrics,
				StartsAt: time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC), TimeZone: "America/Chicago", PlaceName: "ASC", Status: "scheduled"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		w, err := d.WritePacket(ctx, client.ID, filepath.Join(dir, fmt.Sprintf("p%d%s", i, packet.Ext)))
		if err != nil {
			b.Fatal(err)
		}
		if w.Counts.Cases != 5 || w.Counts.Notices != 40 {
			b.Fatalf("the packet holds %s", w.Counts)
		}
		i++
	}
}
