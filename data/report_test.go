package data

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/settings"
)

// reportNow is the clock of the report tests: mid-April 2026.
var reportNow = time.Date(2026, 4, 15, 17, 0, 0, 0, time.UTC)

// reportDesks is a desk service over s with three callers: an
// administrator, a plain staff member, and a session that has signed out.
func reportDesks(t *testing.T, s *Store) (admin, staff, out *desk.Desk) {
	t.Helper()
	now := func() time.Time { return reportNow }
	keys := auth.NewKeysForTest(testKey)
	svc := desk.New(s.Desk(), auth.NewCodes(s, keys, now, cheapArgon), keys, notice.NewService(s, now), settings.New(s), now, cheapArgon)
	session := func(m desk.StaffMember) *portal.Session {
		if _, err := s.db.Exec(`UPDATE accounts SET must_change_password = 0 WHERE id = ?`, m.AccountID); err != nil {
			t.Fatal(err)
		}
		return portal.NewSession(app.Account{ID: m.AccountID, PersonID: m.PersonID, Username: m.Username, Role: m.Role}, reportNow, portal.DesktopIdle)
	}
	a := mustStaff(t, s, "Ada", "Admin", "ada", app.RoleAdmin)
	b := mustStaff(t, s, "Bo", "Staff", "bo", app.RoleStaff)
	c := mustStaff(t, s, "Cy", "Gone", "cy", app.RoleAdmin)
	gone := session(c)
	gone.End()
	return svc.For(session(a)), svc.For(session(b)), svc.For(gone)
}

// reportClient adds a client added at the instant at (UTC).
func reportClient(t *testing.T, s *Store, given, family, at string) string {
	t.Helper()
	c := newClient(given, family, app.NewDate(1980, 1, 1), "")
	mustClient(t, s, c)
	if _, err := s.db.Exec(`UPDATE people SET created_at = ? WHERE id = ?`, at, c.ID); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// reportCase adds a case of form received on the first event's date, with
// its status events (code@date), petitioner and beneficiary when given.
func reportCase(t *testing.T, s *Store, receipt, form, applicant, beneficiary string, events ...string) {
	t.Helper()
	code, date, _ := strings.Cut(events[0], "@")
	d, _ := app.ParseDate(date)
	c := app.Case{Receipt: app.Receipt(receipt), FormType: form, ApplicantID: applicant, ReceivedDate: d}
	if beneficiary != "" {
		c.PetitionerID, c.BeneficiaryID = applicant, beneficiary
	}
	if err := s.CreateCase(context.Background(), &c, &app.CaseEvent{StatusCode: code, Date: d}); err != nil {
		t.Fatal(err)
	}
	for i, e := range events[1:] {
		code, date, _ := strings.Cut(e, "@")
		if _, err := s.db.Exec(`INSERT INTO case_events (id, case_id, status_code, event_date, created_at) VALUES (?, ?, ?, ?, ?)`,
			newID(), c.ID, code, date, formatTime(reportNow.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatal(err)
		}
		// The case's status is its latest event's, as RecordStatus keeps it.
		if _, err := s.db.Exec(`UPDATE cases SET status_code = ?, status_date = ? WHERE id = ? AND status_date <= ?`, code, date, c.ID, date); err != nil {
			t.Fatal(err)
		}
	}
}

// reportStore is a small clinic in Chicago whose first quarter of 2026 has
// known figures; each client's line says what they count for.
func reportStore(t *testing.T) *Store {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	if err := s.SetSetting(ctx, auth.SettingTimeZone, "America/Chicago"); err != nil {
		t.Fatal(err)
	}
	// Ana: her case approved in February: served in February; active, approved.
	ana := reportClient(t, s, "Ana", "Arce", "2025-06-01 12:00:00")
	reportCase(t, s, "IOE0000000001", "I-485", ana, "", "received@2025-12-01", "approved@2026-02-10")
	// Ben: added at 23:30 on December 31 in Chicago (05:30 UTC on January
	// 1): not added in the period. His case, received in February, is
	// approved only after it: served in February, a new case, pending.
	ben := reportClient(t, s, "Ben", "Bell", "2026-01-01 05:30:00")
	reportCase(t, s, "IOE0000000002", "N-400", ben, "", "received@2026-02-20", "approved@2026-04-02")
	// Cruz: added at midnight on February 1 in Chicago: served in February.
	reportClient(t, s, "Cruz", "Cano", "2026-02-01 06:00:00")
	// Dee: added a second before midnight on February 28 in Chicago: February.
	reportClient(t, s, "Dee", "Diaz", "2026-03-01 05:59:59")
	// Eva: a petition denied in 2025 (not active) for Fay, and a case open
	// since 2025 (active, pending); nothing in the period: not served.
	eva := reportClient(t, s, "Eva", "Egea", "2025-01-01 12:00:00")
	fay := reportClient(t, s, "Fay", "Fuentes", "2025-01-01 12:00:00")
	reportCase(t, s, "IOE0000000003", "I-130", eva, fay, "received@2025-05-01", "denied@2025-10-01")
	reportCase(t, s, "IOE0000000004", "I-765", eva, "", "received@2025-08-01")
	// Fay: an interview attended in March (served), one cancelled in January (not).
	for _, a := range []app.Appointment{
		{PersonID: fay, Kind: "interview", StartsAt: time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC), Status: "attended"},
		{PersonID: fay, Kind: "interview", StartsAt: time.Date(2026, 1, 15, 15, 0, 0, 0, time.UTC), Status: "cancelled"},
	} {
		if err := s.AddAppointment(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	// Gus: a case received and withdrawn in March: served, new, withdrawn.
	gus := reportClient(t, s, "Gus", "Gil", "2025-01-01 12:00:00")
	reportCase(t, s, "IOE0000000005", "I-485", gus, "", "received@2026-03-05", "withdrawal_acknowledged@2026-03-20")
	// Hal petitions for Ivy in January; denied on March 31: both served in
	// January and March; a new case; denied.
	hal := reportClient(t, s, "Hal", "Haro", "2025-01-01 12:00:00")
	ivy := reportClient(t, s, "Ivy", "Ibarra", "2025-01-01 12:00:00")
	reportCase(t, s, "IOE0000000006", "I-130", hal, ivy, "received@2026-01-25", "denied@2026-03-31")
	// Jay: added at midnight on January 1 in Chicago: served in January.
	reportClient(t, s, "Jay", "Jara", "2026-01-01 06:00:00")
	// Kim: a case received on April 1, after the period: nothing.
	kim := reportClient(t, s, "Kim", "Kao", "2025-01-01 12:00:00")
	reportCase(t, s, "IOE0000000007", "I-485", kim, "", "received@2026-04-01")
	// A staff member added in the period is not a client served.
	mustStaff(t, s, "Sol", "Staff", "sol", app.RoleStaff)
	s.db.Exec(`UPDATE people SET created_at = '2026-02-10 12:00:00' WHERE staff = 1`)
	// Notices printed: January 31 at 17:00 and March 31 at 23:30 in
	// Chicago count; December 31 and April 1 at midnight do not, nor
	// another action.
	for _, at := range []string{"2026-01-31 23:00:00", "2026-04-01 04:30:00", "2026-01-01 05:59:59", "2026-04-01 05:00:00"} {
		s.db.Exec(`INSERT INTO audit_events (id, at, actor_id, action, record_type, record_id) VALUES (?, ?, 'ada', ?, 'notice', 'n1')`, newID(), at, desk.ActionNoticePrinted)
	}
	s.db.Exec(`INSERT INTO audit_events (id, at, action) VALUES (?, '2026-02-02 12:00:00', 'notice.exported')`, newID())
	return s
}

func TestFunderReportFigures(t *testing.T) {
	s := reportStore(t)
	_, staff, _ := reportDesks(t, s)
	ctx := context.Background()
	p, err := desk.ParsePeriod("01/01/2026", "03/31/2026")
	if err != nil {
		t.Fatal(err)
	}
	r, err := staff.Report(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Zone != "America/Chicago" || len(r.Months) != 3 {
		t.Fatalf("zone %s, %d months", r.Zone, len(r.Months))
	}
	want := []desk.MonthFigures{
		{Label: "Jan 2026", SpanCounts: desk.SpanCounts{ClientsServed: 3, NewCases: 1, NoticesPrinted: 1}},
		{Label: "Feb 2026", SpanCounts: desk.SpanCounts{ClientsServed: 4, NewCases: 1, NoticesPrinted: 0}},
		{Label: "Mar 2026", SpanCounts: desk.SpanCounts{ClientsServed: 4, NewCases: 1, NoticesPrinted: 1}},
		{Label: "Total", SpanCounts: desk.SpanCounts{ClientsServed: 9, NewCases: 3, NoticesPrinted: 2}},
	}
	for i, m := range append(r.Months, r.Total) {
		if m.Label != want[i].Label || m.SpanCounts != want[i].SpanCounts {
			t.Errorf("%s: %+v; want %s %+v", m.Label, m.SpanCounts, want[i].Label, want[i].SpanCounts)
		}
	}
	wantForms := []desk.FormOutcomes{
		{Form: "I-130", Denied: 1},
		{Form: "I-485", Approved: 1, Withdrawn: 1},
		{Form: "I-765", Pending: 1},
		{Form: "N-400", Pending: 1},
	}
	got := map[string]desk.FormOutcomes{}
	for _, f := range r.ByForm {
		got[f.Form] = f
	}
	if len(r.ByForm) != len(wantForms) {
		t.Errorf("forms %+v", r.ByForm)
	}
	for _, w := range wantForms {
		if got[w.Form] != w {
			t.Errorf("%s: %+v; want %+v", w.Form, got[w.Form], w)
		}
	}
	if a := r.All; a.Approved != 1 || a.Denied != 1 || a.Withdrawn != 1 || a.Pending != 2 || a.Total() != 5 {
		t.Errorf("all forms %+v", a)
	}

	// The CSV holds the same figures, read back as a spreadsheet would.
	path := filepath.Join(t.TempDir(), "q1.csv")
	if err := staff.SaveReportCSV(ctx, r, path, false); err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	for _, row := range readCSV(t, path) {
		if len(row) == 0 {
			continue
		}
		if _, seen := lines[row[0]]; !seen { // the figures come before their definitions
			lines[row[0]] = strings.Join(row, ",")
		}
	}
	for _, want := range []string{
		"Figure,Jan 2026,Feb 2026,Mar 2026,Total",
		"Clients served,3,4,4,9", "New cases,1,1,1,3", "Notices printed,1,0,1,2",
		"Form,Approved,Denied,Withdrawn,Pending,Active cases",
		"I-130,0,1,0,0,1", "I-485,1,0,1,0,2", "I-765,0,0,0,1,1", "N-400,0,0,0,1,1", "All forms,1,1,1,2,5",
	} {
		if first, _, _ := strings.Cut(want, ","); lines[first] != want {
			t.Errorf("CSV row %q; want %q", lines[first], want)
		}
	}
	if !strings.HasPrefix(lines["Clients served"], "Clients served") || !strings.Contains(lines["Report for funders"], "America/Chicago") {
		t.Errorf("CSV title %q", lines["Report for funders"])
	}

	// One month alone: its figures are the total's.
	feb, _ := desk.ParseMonth("2026-02")
	r, err = staff.Report(ctx, feb)
	if err != nil || len(r.Months) != 1 || r.Total.SpanCounts != want[1].SpanCounts {
		t.Errorf("February: %+v %v", r.Total, err)
	}
	// In February, Hal's petition is active (open at its start) and still pending.
	for _, f := range r.ByForm {
		if f.Form == "I-130" && (f.Pending != 1 || f.Denied != 0) {
			t.Errorf("I-130 in February: %+v", f)
		}
	}
}

func TestFunderReportWhoMay(t *testing.T) {
	s := reportStore(t)
	admin, staff, out := reportDesks(t, s)
	ctx := context.Background()
	p := desk.YearPeriod(2026)
	if _, err := out.Report(ctx, p); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("signed out: %v", err)
	}
	if _, err := (&desk.Desk{}).Report(ctx, p); !errors.Is(err, desk.ErrNotStaff) {
		t.Errorf("no session: %v", err)
	}
	dir := t.TempDir()
	r, err := staff.Report(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.SaveReportCSV(ctx, r, filepath.Join(dir, "r.csv"), false); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("signed out saves: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.csv")); err == nil {
		t.Error("a signed-out session saved a report")
	}
	if _, err := admin.Report(ctx, p); err != nil {
		t.Errorf("administrator: %v", err)
	}
	// Saving is audited with the period alone.
	if err := staff.SaveReportCSV(ctx, r, filepath.Join(dir, "r.csv"), false); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'report.saved' AND actor_id = 'bo' AND detail = 'CSV 2026-01-01 to 2026-12-31'`); n != 1 {
		t.Errorf("%d audit rows for the saved report", n)
	}
	// An existing file is kept unless replacing is asked for.
	if err := staff.SaveReportCSV(ctx, r, filepath.Join(dir, "r.csv"), false); !errors.Is(err, os.ErrExist) {
		t.Errorf("saved over a file: %v", err)
	}
	if err := staff.SaveReportCSV(ctx, r, filepath.Join(dir, "r.csv"), true); err != nil {
		t.Errorf("replace: %v", err)
	}
}

func TestFunderReportPeriods(t *testing.T) {
	today := app.NewDate(2026, 1, 20)
	for name, want := range map[string][2]string{
		desk.ThisMonth:    {"2026-01-01", "2026-02-01"},
		desk.LastMonth:    {"2025-12-01", "2026-01-01"},
		desk.ThisYear:     {"2026-01-01", "2027-01-01"},
		desk.LastYear:     {"2025-01-01", "2026-01-01"},
		desk.Last12Months: {"2025-02-01", "2026-02-01"},
	} {
		p, err := desk.NamedPeriod(name, today)
		if err != nil || p.From.ISO() != want[0] || p.To.ISO() != want[1] {
			t.Errorf("%s: %s–%s %v; want %v", name, p.From.ISO(), p.To.ISO(), err, want)
		}
	}
	if _, err := desk.ParsePeriod("03/01/2026", "02/01/2026"); !app.IsInput(err, app.FieldDate) {
		t.Errorf("reversed: %v", err)
	}
	if _, err := desk.ParsePeriod("01/01/2020", "12/31/2026"); !app.IsInput(err, app.FieldDate) {
		t.Errorf("seven years: %v", err)
	}
	if _, err := desk.ParseMonth("2026-13"); !app.IsInput(err, app.FieldDate) {
		t.Errorf("month 13: %v", err)
	}
}

// The report's PDF holds its figures, chart and definitions, and pdftotext
// reads them back.
func TestFunderReportPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	s := reportStore(t)
	_, staff, _ := reportDesks(t, s)
	ctx := context.Background()
	p, _ := desk.ParsePeriod("01/01/2026", "03/31/2026")
	r, err := staff.Report(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := staff.SaveReportPDF(ctx, r, path, false); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the PDF: %v %v", fi, err)
	}
	if dir := os.Getenv("CASEDESK_KEEP_REPORT"); dir != "" {
		b, _ := os.ReadFile(path)
		os.WriteFile(filepath.Join(dir, "report.pdf"), b, 0o600)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"Report for funders", "January 1, 2026 to March 31, 2026", "America/Chicago",
		"Clients served", "Jan 2026 3 1 1", "Feb 2026 4 1 0", "Mar 2026 4 1 1", "Total 9 3 2",
		"I-130 0 1 0 0 1", "I-485 1 0 1 0 2", "I-765 0 0 0 1 1", "All forms 1 1 1 2 5",
		"What each figure counts", "Distinct clients",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'report.saved' AND detail = 'PDF 2026-01-01 to 2026-03-31'`); n != 1 {
		t.Errorf("%d audit rows", n)
	}
}
