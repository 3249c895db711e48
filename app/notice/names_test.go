package notice

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
)

// A saved document is named for what it is: kind, receipt number and date,
// never the notice's id, and the name is one Windows and Linux both take.
func TestFileNameIsKindReceiptAndDate(t *testing.T) {
	appt := stock(app.NoticeAppointment, "Łukasz Żółć", "MSC2290011122", day(2026, 4, 10))
	appt.ID = "6f1c2a9e-3b7d-4c55-9a0e-1d2f3a4b5c6d"
	bare := stock(app.NoticeReceipt, "José Muñoz", "", day(2026, 3, 9))
	odd := stock(app.NoticeRFE, "José Muñoz", ` IOE/09:12*34?"<5>|6\78. `, day(2026, 6, 1))
	ctrl := stock(app.NoticeCard, "José Muñoz", "SRC\x00219\t0000003\n", app.Date{})
	var c app.Case
	c.Receipt = "IOE0912345678"
	cases := []struct {
		doc  Doc
		want string
	}{
		{Notice(appt), "Appointment-Notice-MSC2290011122-2026-04-10.pdf"},
		{Notice(bare), "Receipt-Notice-2026-03-09.pdf"},
		{Notice(odd), "Request-for-Evidence-IOE-09-12-34-5-6-78-2026-06-01.pdf"},
		{Notice(ctrl), "Card-Mailed-Notice-SRC219-0000003.pdf"},
		{CaseHistory{Case: c, Printed: day(2026, 11, 23)}, "Case-history-IOE0912345678-2026-11-23.pdf"},
		{AccessNotice{Issued: day(2026, 11, 23)}, "Account-Access-Notice-2026-11-23.pdf"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		got := FileName(c.doc)
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.doc.Title(), got, c.want)
		}
		if strings.ContainsAny(got, `/\:*?"<>|`) || strings.ContainsFunc(got, func(r rune) bool { return r < 0x20 }) {
			t.Errorf("%q is not a safe file name", got)
		}
		if err := os.WriteFile(filepath.Join(dir, got), nil, 0o600); err != nil {
			t.Errorf("%q: %v", got, err)
		}
	}
	long := stock(app.NoticeRFE, "x", strings.Repeat("IOE0912345678", 40), day(2026, 6, 1))
	if got := FileName(Notice(long)); len(got) > 150 || !strings.HasSuffix(got, "-2026-06-01.pdf") {
		t.Errorf("a long receipt gives %q (%d bytes)", got, len(got))
	}
}

// SaveIn keeps a different file that has the name: the document gets the
// next free one. Saving the same document again finds it where it is.
func TestSaveInKeepsAnotherFileOfThatName(t *testing.T) {
	svc := NewService(newClinic(1), nil)
	d := Notice(newClinic(1).notices[0])
	dir := filepath.Join(t.TempDir(), "CaseDesk")
	first, err := svc.SaveIn(context.Background(), dir, d)
	if err != nil || first != filepath.Join(dir, FileName(d)) {
		t.Fatalf("first save: %q, %v", first, err)
	}
	again, err := svc.SaveIn(context.Background(), dir, d)
	if err != nil || again != first {
		t.Fatalf("the same document again: %q, %v", again, err)
	}
	if err := os.WriteFile(first, []byte("another letter"), 0o600); err != nil {
		t.Fatal(err)
	}
	second, err := svc.SaveIn(context.Background(), dir, d)
	if err != nil || second != strings.TrimSuffix(first, ".pdf")+" (2).pdf" {
		t.Fatalf("beside another file: %q, %v", second, err)
	}
	if b, _ := os.ReadFile(first); string(b) != "another letter" {
		t.Fatalf("the other file was replaced: %.20q", b)
	}
	if b, _ := os.ReadFile(second); !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF at %s", second)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("files: %v", entries)
	}
}
