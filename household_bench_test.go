package main

import (
	"context"
	"testing"
	"time"

	"casedesk/app/household"
	"casedesk/app/portal"
)

// The cost of keeping a 20 MB scanned letter: sealing it (AES-256-GCM)
// and writing it in one transaction, then reading and opening it again.
// Memory per operation should stay near two copies of the file: the
// letter and its sealed copy.

func BenchmarkAttachLetter20MB(b *testing.B) {
	r, s, caseID := benchHousehold(b)
	letter := fakePDF(b, 20<<20)
	b.SetBytes(int64(len(letter)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := r.svc.Attach(context.Background(), s, caseID, "letter.pdf", letter); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadLetter20MB(b *testing.B) {
	r, s, caseID := benchHousehold(b)
	letter := fakePDF(b, 20<<20)
	a, err := r.svc.Attach(context.Background(), s, caseID, "letter.pdf", letter)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(letter)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, data, err := r.svc.AttachmentData(context.Background(), s, a.ID); err != nil || len(data) != len(letter) {
			b.Fatal(err)
		}
	}
}

// benchHousehold is a household set up with one case, signed in.
func benchHousehold(b *testing.B) (*homeRig, *portal.Session, string) {
	b.Helper()
	r := newHomeRig(b)
	r.setUp(b)
	s := r.signIn(b)
	c, err := r.svc.AddCase(context.Background(), s, household.CaseForm{Receipt: "EAC2190012345", FormType: "I-485", PersonID: s.PersonID,
		Role: household.AsApplicant, Received: time.Now().AddDate(0, -1, 0).Format("01/02/2006"), Status: "received"})
	if err != nil {
		b.Fatal(err)
	}
	return r, s, c.ID
}
