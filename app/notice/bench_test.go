package notice

import (
	"context"
	"io"
	"testing"

	"casedesk/app"
)

// BenchmarkReceipt renders one receipt notice, the same each time: after
// the first, fpdf finds its fonts already cut (third_party/fpdf/CASEDESK.md).
func BenchmarkReceipt(b *testing.B) {
	d := Notice(stock(app.NoticeReceipt, "José Muñoz", "IOE0912345678", day(2026, 3, 9)))
	for b.Loop() {
		if err := Write(context.Background(), io.Discard, letterhead, []Doc{d}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiptSpanish is BenchmarkReceipt for a Spanish-speaking
// person: the words through the Spanish catalog, the dates in Spanish and
// the status title with the official one beside it.
func BenchmarkReceiptSpanish(b *testing.B) {
	d := NoticeIn(stock(app.NoticeReceipt, "José Muñoz", "IOE0912345678", day(2026, 3, 9)), "es")
	for b.Loop() {
		if err := Write(context.Background(), io.Discard, letterhead, []Doc{d}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiptNewRunes renders one receipt notice whose name brings a
// set of characters no recent notice had, so the regular face is cut and
// compressed again each time, as for most notices of a varied clinic.
func BenchmarkReceiptNewRunes(b *testing.B) {
	letters := []rune("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ")
	i := 0
	for b.Loop() {
		// Two letters from a list of 64 give 4,096 names, far more than
		// the cuts fpdf keeps.
		name := "Ana " + string(letters[i%len(letters)]) + string(letters[i/len(letters)%len(letters)]) + "lvarez"
		d := Notice(stock(app.NoticeReceipt, name, "IOE0912345678", day(2026, 3, 9)))
		if err := Write(context.Background(), io.Discard, letterhead, []Doc{d}, nil); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
