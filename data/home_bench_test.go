package data

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/packet"
	"casedesk/app/portal"
)

// benchRecords is a client with 5 cases and 40 notices, as packet number
// seq carries them: each packet has a status change on every case and 40
// notices not seen before, so that every apply writes.
func benchRecords(seq int64) packet.Records {
	p := app.Person{ID: "p-client", GivenName: "José", FamilyName: "Muñoz", DateOfBirth: app.NewDate(1985, 3, 14),
		CountryOfBirth: "Mexico", Address: app.Address{Line1: "12 Elm St", City: "Springfield", State: "IL", ZIP: "62701"}}
	r := packet.Records{Clinic: packet.Clinic{Name: "Prairie Legal Aid"}, Person: p,
		People: []app.Person{{ID: "p-spouse", GivenName: "Ana", FamilyName: "Muñoz"}}}
	day := app.NewDate(2025, 1, 2).AddDays(int(seq))
	for i := range 5 {
		c := app.Case{ID: fmt.Sprintf("c%d", i), Receipt: app.Receipt(fmt.Sprintf("EAC21900%05d", i)), FormType: "I-130",
			ApplicantID: p.ID, BeneficiaryID: "p-spouse", ReceivedDate: app.NewDate(2025, 1, 2), Office: "Vermont Service Center",
			StatusCode: "received", StatusDate: day}
		r.Cases = append(r.Cases, c)
		r.Events = append(r.Events, app.CaseEvent{ID: fmt.Sprintf("e%d-%d", seq, i), CaseID: c.ID, StatusCode: "received", Date: day})
		r.Appointments = append(r.Appointments, app.Appointment{ID: fmt.Sprintf("a%d", i), PersonID: p.ID, CaseID: c.ID,
			Kind: app.AppointmentBiometrics, StartsAt: time.Date(2025, 3, 4, 15, 0, 0, 0, time.UTC).AddDate(0, 0, int(seq)),
			TimeZone: "America/Chicago", PlaceName: "ASC Chicago"})
	}
	for i := range 40 {
		r.Notices = append(r.Notices, app.Notice{ID: fmt.Sprintf("n%d-%d", seq, i), CaseID: fmt.Sprintf("c%d", i%5), PersonID: p.ID,
			Kind: app.NoticeReceipt, NoticeDate: day, Fields: map[string]string{"name": "José Muñoz", "office": "VSC"}})
	}
	return r
}

// BenchmarkPacketApply is the bar "open and apply it at home" (≤ 1.5 s):
// a packet of 5 cases and 40 notices, sealed at the costs a clinic uses
// (packet.Default), opened with its code and applied to a household's
// store, in one call of the home's service as the home screen makes it.
func BenchmarkPacketApply(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "home.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	keys := auth.NewKeysForTest(homeKey)
	if err := s.UseKeys(ctx, keys); err != nil {
		b.Fatal(err)
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	signer := packet.Signer{Clinic: "clinic-bench", Key: key}
	write := func(seq int64, kdf packet.KDF) []byte {
		p, err := packet.Write(signer, packet.Header{Packet: fmt.Sprintf("pk-%d", seq), Seq: seq, Made: time.Now()},
			packetCode, kdf, benchRecords(seq), rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	svc := home.New(s, keys, nil, cheapArgon)
	tk, err := svc.Check(ctx, write(1, packet.Cheap), string(packetCode), clientID)
	if err != nil {
		b.Fatal(err)
	}
	codes, _ := auth.NewBackupCodes()
	acct, _, err := svc.Redeem(ctx, tk, auth.Setup{Username: "jose", Password: "correct horse battery staple", BackupCodes: codes})
	if err != nil {
		b.Fatal(err)
	}
	session := portal.NewSession(acct, time.Now(), time.Hour)
	seq := int64(1)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		seq++
		p := write(seq, packet.Default)
		b.StartTimer()
		applied, err := svc.Update(ctx, session, p, string(packetCode))
		if err != nil {
			b.Fatal(err)
		}
		if applied.NewNotices != 40 || applied.UpdatedCases != 5 {
			b.Fatalf("applied %+v", applied)
		}
	}
}
