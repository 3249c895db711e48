package notice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"casedesk/app"
)

var letterhead = Letterhead{Name: "Riverside Legal Aid Clinic", Address: []string{"200 Main St, Suite 4", "Springfield IL 62701", "(217) 555-0100"}}

func day(y int, m time.Month, d int) app.Date { return app.NewDate(y, m, d) }

// stock builds a stored notice with the fields CaseDesk keeps for every notice.
func stock(kind app.NoticeKind, name, receipt string, on app.Date) app.Notice {
	return app.Notice{
		ID: "n-" + string(kind), CaseID: "c1", PersonID: "p1", Kind: kind, NoticeDate: on,
		Fields: map[string]string{
			"receipt_number": receipt,
			"form_type":      "I-485",
			"form_title":     "Application to Register Permanent Residence or Adjust Status",
			"received_date":  "2026-03-02",
			"priority_date":  "2025-11-14",
			"notice_type":    "Case Was Received",
			"name":           name,
			"address":        name + "\n1200 Oak Ave Apt 3B\nSpringfield IL 62704",
			"office":         "National Benefits Center",
		},
	}
}

// sample is one document of every kind, each with a name that needs the
// embedded fonts, and what its text must contain.
func sample() []struct {
	doc  Doc
	want []string
} {
	rfe := stock(app.NoticeRFE, "Nguyễn Thị Ánh", "IOE0912345678", day(2026, 6, 1))
	rfe.DueDate = day(2026, 8, 27)
	appt := stock(app.NoticeAppointment, "Łukasz Żółć", "MSC2290011122", day(2026, 4, 10))
	appt.Fields["appointment_kind"] = "biometrics"
	appt.Fields["appointment_at"] = "2026-05-04T09:30:00Z"
	appt.Fields["appointment_place"] = "USCIS Application Support Center\n8800 Harwin Dr, Houston, TX"
	interview := stock(app.NoticeAppointment, "Ольга Петрова", "NBC2290011123", day(2026, 7, 1))
	interview.Fields["appointment_kind"] = "interview"
	interview.Fields["appointment_at"] = "2026-08-12T14:00:00-05:00" // the office's clock, with its zone
	interview.Fields["appointment_zone"] = "America/Chicago"
	interview.Fields["appointment_place"] = "USCIS Field Office\n101 W Congress Pkwy, Chicago, IL"
	ben := stock(app.NoticeApproval, "José Muñoz", "WAC2190054321", day(2026, 9, 9))
	ben.Fields["beneficiary"] = "Ολυμπία Παπαδοπούλου"
	ben.Fields["form_type"], ben.Fields["form_title"] = "I-130", "Petition for Alien Relative"
	events := []app.CaseEvent{
		{StatusCode: "received", Date: day(2026, 3, 2)},
		{StatusCode: "fingerprint_fee_received", Date: day(2026, 3, 20)},
		{StatusCode: "evidence_requested", Date: day(2026, 6, 1), Note: "Medical exam (I-693) requested"},
	}
	var c app.Case
	c.Receipt, c.FormType, c.FormTitle, c.ReceivedDate, c.Office = "IOE0912345678", "I-485", "Application to Register Permanent Residence or Adjust Status", day(2026, 3, 2), "National Benefits Center"
	c.StatusCode, c.StatusDate = "evidence_requested", day(2026, 6, 1)
	return []struct {
		doc  Doc
		want []string
	}{
		{Notice(stock(app.NoticeReceipt, "José Muñoz", "IOE0912345678", day(2026, 3, 9))),
			[]string{"Receipt Notice", "IOE0912345678", "José Muñoz", "March 2, 2026", "November 14, 2025", "March 9, 2026", "THIS NOTICE DOES NOT GRANT ANY IMMIGRATION STATUS OR BENEFIT", "Page 1 of 1", "National Benefits Center"}},
		{Notice(appt), []string{"Appointment Notice", "MSC2290011122", "Łukasz Żółć", "May 4, 2026 at 9:30 AM", "8800 Harwin Dr", "biometrics appointment", "THIS NOTICE DOES NOT GRANT"}},
		{Notice(interview), []string{"Ольга Петрова", "August 12, 2026 at 2:00 PM CDT", "original of every document"}},
		{Notice(rfe), []string{"Request for Evidence", "Nguyễn Thị Ánh", "must reach USCIS by August 27, 2026", "IOE0912345678"}},
		{Notice(ben), []string{"Approval Notice", "WAC2190054321", "Ολυμπία Παπαδοπούλου", "September 9, 2026", "I-130 – Petition for Alien Relative"}},
		{Notice(stock(app.NoticeDenial, "José Muñoz", "EAC2190000001", day(2026, 10, 1))), []string{"Decision Notice", "denied", "EAC2190000001", "THIS NOTICE DOES NOT GRANT"}},
		{Notice(stock(app.NoticeTransfer, "José Muñoz", "LIN2190000002", day(2026, 10, 2))), []string{"Transfer Notice", "LIN2190000002"}},
		{Notice(stock(app.NoticeCard, "José Muñoz", "SRC2190000003", day(2026, 10, 3))), []string{"Card Mailed Notice", "SRC2190000003"}},
		{Notice(stock(app.NoticeRejection, "José Muñoz", "YSC2190000004", day(2026, 10, 4))), []string{"Rejection Notice", "YSC2190000004"}},
		{AccessNotice{Name: "Nguyễn Thị Ánh", Address: "Nguyễn Thị Ánh\n77 Elm St\nAustin TX 78701", AccountNumber: "123456789012", Code: "7K3QM9TZ2WXA", Issued: day(2026, 11, 23), Expires: day(2026, 12, 23)},
			[]string{"Account Access Notice", "1234 5678 9012", "7K3Q-M9TZ-2WXA", "December 23, 2026", "never ask for this code", "always free", "Nguyễn Thị Ánh"}},
		{BackupCodes{Name: "Ольга Петрова", AccountNumber: "123456789012", Codes: []string{"4821-9930", "1187-2045", "5532-0981", "7710-3342", "9054-6618", "2290-4471", "6148-0057", "3305-9712", "8876-1129", "0463-5580"}, Issued: day(2026, 11, 23)},
			[]string{"Backup codes", "Ольга Петрова", "1234 5678 9012", "4821-9930", "0463-5580", "10."}},
		{AccessNotice{Name: "José Muñoz", AccountNumber: "123456789012", Code: "7K3QM9TZ2WXA", Issued: day(2026, 11, 23), Expires: day(2026, 12, 23), Reset: true},
			[]string{"Account Access Notice", "resets your existing account", "country of birth"}},
		{StaffPassword{Password: "7K3Q-M9TZ-2WXA-4B8N", Issued: day(2026, 11, 23)},
			[]string{"Your one-time CaseDesk password", "7K3Q-M9TZ-2WXA-4B8N", "one sign-in only", "November 23, 2026", "username your administrator gave you"}},
		{StaffPassword{Password: "7K3Q-M9TZ-2WXA-4B8N", Issued: day(2026, 11, 23), Reset: true},
			[]string{"was reset", "7K3Q-M9TZ-2WXA-4B8N"}},
		{AccountSummary{Name: "Łukasz Żółć", Address: "Łukasz Żółć\n5 Pine Rd\nBoise ID 83702", Username: "lukasz", AccountNumber: "123456789012", Cases: []app.Case{c}, Printed: day(2026, 11, 23)},
			[]string{"Account summary", "Łukasz Żółć", "IOE0912345678", "June 1, 2026", "Request for Evidence Was Sent"}},
		{CaseHistory{Case: c, Name: "José Muñoz", Address: "José Muñoz\n1 A St\nMiami FL 33101", Events: events, Printed: day(2026, 11, 23)},
			[]string{"Case history", "IOE0912345678", "José Muñoz", "March 2, 2026", "March 20, 2026", "June 1, 2026", "Medical exam (I-693) requested", "Case Was Received", "Fingerprint Fee Was Received"}},
	}
}

func render(t testing.TB, docs ...Doc) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(context.Background(), &b, letterhead, docs, nil); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

// pdftotext reads a PDF back the way a person's viewer would.
func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is missing; make test installs it")
	}
	path := filepath.Join(t.TempDir(), "n.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestEveryKindReadsBack(t *testing.T) {
	for _, s := range sample() {
		t.Run(s.doc.Title(), func(t *testing.T) {
			pdf := render(t, s.doc)
			text := pdftotext(t, pdf)
			for _, w := range append(s.want, "Record copy printed with CaseDesk — not issued by USCIS", "Riverside Legal Aid Clinic") {
				if !strings.Contains(text, w) {
					t.Errorf("%q missing from the PDF text:\n%s", w, text)
				}
			}
			if dir := os.Getenv("CASEDESK_PDFS"); dir != "" {
				name := strings.NewReplacer(" ", "-", "/", "-").Replace(s.doc.Title()) + ".pdf"
				os.WriteFile(filepath.Join(dir, name), pdf, 0o644)
			}
		})
	}
}

func TestSameInputSameBytes(t *testing.T) {
	var docs []Doc
	for _, s := range sample() {
		docs = append(docs, s.doc)
	}
	a, b := render(t, docs...), render(t, docs...)
	if !bytes.Equal(a, b) {
		t.Fatalf("two renderings of the same documents differ (%d and %d bytes)", len(a), len(b))
	}
	one := render(t, docs[0])
	if bytes.Equal(a, one) {
		t.Fatal("different documents gave the same bytes")
	}
}

func TestBatchNumbersPagesPerDocument(t *testing.T) {
	var c app.Case
	c.Receipt, c.FormType = "IOE0912345678", "I-485"
	long := CaseHistory{Case: c, Name: "José Muñoz", Printed: day(2026, 11, 23)}
	for i := range 120 {
		long.Events = append(long.Events, app.CaseEvent{StatusCode: "actively_reviewed", Date: day(2020, 1, 1).AddDays(i * 9)})
	}
	receipt := Notice(stock(app.NoticeReceipt, "José Muñoz", "IOE0912345678", day(2026, 3, 9)))
	text := pdftotext(t, render(t, receipt, long, receipt))
	var got []string
	for _, m := range regexp.MustCompile(`Page (\d+) of (\d+)`).FindAllStringSubmatch(text, -1) {
		got = append(got, m[1]+"/"+m[2])
	}
	// pdftotext -layout lists pages in order; each page's footer comes last.
	n := strings.Count(text, "Record copy printed with CaseDesk")
	want := []string{"1/1"}
	for i := 1; i <= n-2; i++ {
		want = append(want, fmt.Sprintf("%d/%d", i, n-2))
	}
	want = append(want, "1/1")
	// Receipt notices also print "Page 1 of 1" in their grid, so look for the run.
	if n < 4 || !strings.Contains(strings.Join(got, " "), strings.Join(want[1:len(want)-1], " ")) {
		t.Fatalf("want a %d-page history numbered %v, got %v", n-2, want, got)
	}
	if strings.Contains(text, fmt.Sprintf("of %d", n)) {
		t.Error("page numbers run across documents")
	}
	if !strings.Contains(text, "Case history IOE0912345678") {
		t.Error("continuation pages do not say what they continue")
	}
}

func TestUnprintableIsRefused(t *testing.T) {
	for _, s := range []string{"José Muñoz", "Nguyễn Thị Ánh", "Łukasz Żółć", "Ολυμπία", "Ольга Петрова", "O'Brien-Smith", "Zoë Ångström"} {
		if err := CheckPrintable(app.FieldFamilyName, s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	// Decomposed accents print once composed.
	if bad := Unprintable("Jose\u0301"); len(bad) != 0 {
		t.Errorf("decomposed é: %q", bad)
	}
	for _, s := range []string{"王芳", "محمد", "שרה", "สมชาย", "😀"} {
		err := CheckPrintable(app.FieldFamilyName, s)
		var in *app.InputError
		if !errors.As(err, &in) || in.Field != "Family name" || !strings.Contains(in.Msg, "Latin, Greek or Cyrillic") {
			t.Errorf("%q: want an input error that says what to type, got %v", s, err)
		}
	}
	n := stock(app.NoticeReceipt, "王芳", "IOE0912345678", day(2026, 3, 9))
	var b bytes.Buffer
	err := Write(context.Background(), &b, letterhead, []Doc{Notice(n)}, nil)
	var ue *UnprintableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "王") || !strings.Contains(err.Error(), "Receipt Notice IOE0912345678") {
		t.Fatalf("want an UnprintableError naming the notice and character, got %v", err)
	}
}

func TestCancelStopsBatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	docs := make([]Doc, 50)
	for i := range docs {
		docs[i] = Notice(stock(app.NoticeReceipt, "José Muñoz", "IOE0912345678", day(2026, 3, 9)))
	}
	done := 0
	err := Write(ctx, &bytes.Buffer{}, letterhead, docs, func(n int) {
		done = n
		if n == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || done != 3 {
		t.Fatalf("want cancel after 3, got %v after %d", err, done)
	}
}

func TestSaveLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(path, []byte("earlier"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := Save(path, func(w io.Writer) error { w.Write([]byte("half")); return boom }); !errors.Is(err, boom) {
		t.Fatalf("want the writer's error, got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "earlier" {
		t.Fatalf("a failed save changed the file: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("a failed save left files behind: %v", entries)
	}
	if err := Save(path, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("got %q", b)
	}
}

// The record of an Account Access Notice is CaseDesk's own, about an
// account: it has the account's boxes, not a USCIS notice's empty receipt
// and case-type boxes, and never the code.
func TestAccessRecordHasTheAccountsBoxes(t *testing.T) {
	n := app.Notice{ID: "n-access", PersonID: "p1", Kind: app.NoticeAccountAccess, NoticeDate: day(2026, 11, 23),
		Fields: map[string]string{"name": "José Muñoz", "address": "José Muñoz\n1 A St\nMiami FL 33101", "account_number": "123456789012", "expires": "2026-12-23"}}
	text := pdftotext(t, render(t, Notice(n)))
	for _, want := range []string{"Record copy of a CaseDesk notice", "Account Access Notice", "1234 5678 9012", "Code valid through", "December 23, 2026", "José Muñoz", "never keeps the access code"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing:\n%s", want, text)
		}
	}
	for _, not := range []string{"Receipt number", "Case type", "USCIS notice", "DOES NOT GRANT"} {
		if strings.Contains(text, not) {
			t.Errorf("%q printed:\n%s", not, text)
		}
	}
}
