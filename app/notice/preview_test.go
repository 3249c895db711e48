package notice

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"casedesk/app"
)

// joined is a preview page's text in drawing order, one space between marks.
func joined(pg Page) string {
	var b strings.Builder
	for _, m := range pg.Marks {
		if m.Kind == MarkText {
			b.WriteString(m.Text)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func TestPreviewShowsWhatThePDFPrints(t *testing.T) {
	for _, s := range sample() {
		t.Run(s.doc.Title(), func(t *testing.T) {
			pages, err := Preview(context.Background(), letterhead, s.doc)
			if err != nil {
				t.Fatal(err)
			}
			pdf := pdftotext(t, render(t, s.doc))
			if got, want := len(pages), strings.Count(pdf, "\f"); got != want {
				t.Fatalf("preview has %d pages, the PDF %d", got, want)
			}
			var all strings.Builder
			for i, pg := range pages {
				text := joined(pg)
				for _, w := range []string{"Record copy printed with CaseDesk — not issued by USCIS", fmt.Sprintf("Page %d of %d", i+1, len(pages))} {
					if !strings.Contains(text, w) {
						t.Errorf("page %d lacks %q", i+1, w)
					}
				}
				for _, m := range pg.Marks {
					if m.X < 0 || m.Y < 0 || m.X+m.W > PageWidth || m.Y+m.H > PageHeight {
						t.Errorf("page %d: mark outside the page: %+v", i+1, m)
					}
				}
				all.WriteString(text)
			}
			for _, w := range append(s.want, "Riverside Legal Aid Clinic") {
				if !strings.Contains(all.String(), w) {
					t.Errorf("%q missing from the preview:\n%s", w, all.String())
				}
			}
		})
	}
}

func TestPreviewDrawsTheBarcodeAndBoxes(t *testing.T) {
	pages, err := Preview(context.Background(), letterhead, sample()[0].doc)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[MarkKind]int{}
	for _, m := range pages[0].Marks {
		kinds[m.Kind]++
	}
	if kinds[MarkFill] < 20 || kinds[MarkBox] < 4 || kinds[MarkLine] < 2 {
		t.Errorf("receipt notice preview: %d bars, %d boxes, %d rules; want a barcode, the grid and the rules", kinds[MarkFill], kinds[MarkBox], kinds[MarkLine])
	}
}

func TestPreviewOfALongHistoryHasEveryPage(t *testing.T) {
	var c app.Case
	c.Receipt, c.FormType, c.FormTitle, c.Office = "IOE0912345678", "I-485", "Application to Register Permanent Residence or Adjust Status", "National Benefits Center"
	var events []app.CaseEvent
	for i := range 120 {
		events = append(events, app.CaseEvent{StatusCode: "received", Date: day(2020, 1, 1).AddDays(i), Note: fmt.Sprintf("event %d", i)})
	}
	d := CaseHistory{Case: c, Name: "José Muñoz", Address: "José Muñoz\n1 A St\nMiami FL 33101", Events: events, Printed: day(2026, 11, 23)}
	pages, err := Preview(context.Background(), letterhead, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 3 {
		t.Fatalf("%d pages for 120 events", len(pages))
	}
	var all string
	for _, pg := range pages {
		all += joined(pg)
	}
	for _, w := range []string{"event 0", "event 119", fmt.Sprintf("Page %d of %d", len(pages), len(pages))} {
		if !strings.Contains(all, w) {
			t.Errorf("%q missing", w)
		}
	}
}

func TestPreviewRefusesWhatCannotPrint(t *testing.T) {
	n := stock(app.NoticeReceipt, "山田太郎", "IOE0912345678", day(2026, 3, 9))
	_, err := Preview(context.Background(), letterhead, Notice(n))
	var u *UnprintableError
	if !errors.As(err, &u) {
		t.Fatalf("err = %v, want *UnprintableError", err)
	}
}

func TestNoticeWithoutItsFormSaysYourForm(t *testing.T) {
	n := stock(app.NoticeRFE, "José Muñoz", "IOE0912345678", day(2026, 6, 1))
	delete(n.Fields, "form_type")
	pages, err := Preview(context.Background(), letterhead, Notice(n))
	if err != nil {
		t.Fatal(err)
	}
	text := joined(pages[0])
	if !strings.Contains(text, "can decide your form.") || strings.Contains(text, "your your") {
		t.Errorf("text:\n%s", text)
	}
}

func TestNothingRunsOffThePage(t *testing.T) {
	long := strings.Repeat("Wide Clinic Name ", 8)
	lh := Letterhead{Name: long, Address: []string{long, "2", "3", "4", "5", "6"}}
	for _, s := range sample() {
		pages, err := Preview(context.Background(), lh, s.doc)
		if err != nil {
			t.Fatal(err)
		}
		for i, pg := range pages {
			for _, m := range pg.Marks {
				if m.X < marginX-0.01 || m.X+m.W > PageWidth-marginX+0.01 {
					t.Errorf("%s, page %d: outside the margins: %+v", s.doc.Title(), i+1, m)
				}
				if m.Kind == MarkText && m.Y > 118 && m.Y < 130 {
					t.Errorf("%s: the letterhead runs into the rule below it: %q", s.doc.Title(), m.Text)
				}
			}
		}
		if text := joined(pages[0]); !strings.Contains(text, "…") || !strings.Contains(text, "4, 5, 6") {
			t.Errorf("%s: the long name is not cut short or the extra address lines are not joined:\n%s", s.doc.Title(), text)
		}
	}
}
