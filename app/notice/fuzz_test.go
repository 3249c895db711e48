package notice

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"casedesk/app"
)

// FuzzRender renders arbitrary names and fields into every kind of notice:
// it must never panic, and either gives a PDF or refuses with an
// UnprintableError naming characters the fonts lack.
func FuzzRender(f *testing.F) {
	f.Add("José Muñoz", "1200 Oak Ave\nSpringfield IL 62704", "IOE0912345678", "Application to Register Permanent Residence", uint8(0))
	f.Add("Nguyễn Thị Ánh", "", "", "", uint8(3))
	f.Add("王芳", "x", "EAC\x00", "\n\n\n\n\n\n\n", uint8(9))
	f.Add("Ольга\u0301 Петрова", "a\tb", "ÿÿÿÿ", "“”…", uint8(10))
	kinds := []app.NoticeKind{app.NoticeReceipt, app.NoticeAppointment, app.NoticeRFE, app.NoticeApproval, app.NoticeDenial,
		app.NoticeTransfer, app.NoticeCard, app.NoticeRejection, app.NoticeAccountAccess, "unknown"}
	f.Fuzz(func(t *testing.T, name, address, receipt, title string, k uint8) {
		n := stock(kinds[int(k)%len(kinds)], name, receipt, day(2026, 3, 9))
		n.Fields["address"] = address
		n.Fields["form_title"] = title
		n.Fields["beneficiary"] = name + name
		n.Fields["appointment_kind"] = title
		n.Fields["appointment_at"] = receipt
		n.Fields["appointment_place"] = address
		docs := []Doc{Notice(n)}
		switch k % 4 {
		case 1:
			docs = append(docs, AccessNotice{Name: name, Address: address, AccountNumber: app.AccountNumber(receipt), Code: app.AccessCode(title), Issued: day(2026, 3, 9)})
		case 2:
			docs = append(docs, BackupCodes{Name: name + address, Codes: []string{title, receipt}, Issued: day(2026, 3, 9)})
		case 3:
			docs = append(docs, CaseHistory{Case: app.Case{Receipt: app.Receipt(receipt), FormTitle: title}, Name: name, Address: address,
				Events: []app.CaseEvent{{StatusCode: title, Note: name}}})
		}
		var b bytes.Buffer
		err := Write(context.Background(), &b, Letterhead{Name: title, Address: []string{address}}, docs, nil)
		var ue *UnprintableError
		switch {
		case err == nil:
			if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
				t.Fatal("no PDF header")
			}
		case errors.As(err, &ue):
			if len(ue.Runes) == 0 {
				t.Fatal("refused without naming a character")
			}
		default:
			t.Fatalf("unexpected error: %v", err)
		}
		// A preview is refused only for text the PDF refused too, and it
		// draws nothing outside the margins.
		for _, d := range docs {
			pages, perr := Preview(context.Background(), Letterhead{Name: title, Address: []string{address}}, d)
			if perr != nil && (err == nil || !errors.As(perr, &ue)) {
				t.Fatalf("preview: %v; PDF: %v", perr, err)
			}
			for _, pg := range pages {
				for _, m := range pg.Marks {
					if m.X < marginX-0.01 || m.X+m.W > PageWidth-marginX+0.01 || m.Y < 0 || m.Y+m.H > PageHeight {
						t.Fatalf("%s: a mark outside the margins: %+v", d.Title(), m)
					}
				}
			}
		}
	})
}
