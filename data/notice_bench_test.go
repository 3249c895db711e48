package data

import (
	"context"
	"io"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"casedesk/app/notice"
)

// BenchmarkBarePDF is the floor for a notice: one Letter page of core-font
// text, no embedded font, written out.
func BenchmarkBarePDF(b *testing.B) {
	for b.Loop() {
		f := fpdf.New("P", "pt", "Letter", "")
		f.AddPage()
		f.SetFont("Helvetica", "B", 14)
		f.Text(54, 60, "Receipt Notice")
		f.SetFont("Helvetica", "", 10)
		for i := range 20 {
			f.Text(54, 100+float64(i)*14, "USCIS received your I-485 on March 2, 2026. This receipt notice shows the case.")
		}
		if err := f.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBarePages1000 is the floor for a batch: 1,000 pages of core-font
// text in one PDF.
func BenchmarkBarePages1000(b *testing.B) {
	for b.Loop() {
		f := fpdf.New("P", "pt", "Letter", "")
		f.SetFont("Helvetica", "", 10)
		for range 1000 {
			f.AddPage()
			for i := range 20 {
				f.Text(54, 100+float64(i)*14, "USCIS received your I-485 on March 2, 2026. This receipt notice shows the case.")
			}
		}
		if err := f.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiptNotice reads one receipt notice from the reference store
// and renders it with the embedded fonts and its barcode.
func BenchmarkReceiptNotice(b *testing.B) {
	s := benchStore(b)
	ids := sample(b, s, "SELECT id FROM notices WHERE kind = 'receipt' ORDER BY random() LIMIT 500")
	svc := notice.NewService(s, nil)
	ctx := context.Background()
	lh, err := svc.Letterhead(ctx)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		n, err := s.Notice(ctx, ids[i%len(ids)])
		if err != nil {
			b.Fatal(err)
		}
		if err := notice.Write(ctx, io.Discard, lh, []notice.Doc{notice.Notice(n)}, nil); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkNotices1000 reads 1,000 notices of every kind from the reference
// store and renders them into one PDF, as a clinic's mailing day does: each
// in its person's language, which the service looks up (two in five of the
// reference clinic's people read Spanish).
func BenchmarkNotices1000(b *testing.B) {
	s := benchStore(b)
	ids := sample(b, s, "SELECT id FROM notices ORDER BY random() LIMIT 1000")
	svc := notice.NewService(s, nil)
	ctx := context.Background()
	for b.Loop() {
		docs := make([]notice.Doc, len(ids))
		for i, id := range ids {
			n, err := s.Notice(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			docs[i] = notice.Notice(n)
		}
		if err := svc.Render(ctx, io.Discard, docs...); err != nil {
			b.Fatal(err)
		}
	}
}
