package ui

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/desk"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// savingTo makes the save dialog answer with path, for the test.
func savingTo(t *testing.T, path string) {
	t.Helper()
	saved := saveAs
	saveAs = func(_ *Desk, _ string, then func(string)) { then(path) }
	t.Cleanup(func() { saveAs = saved })
}

// TestDeskReports: a staff member chooses dates and sees the figures, the
// chart and the table by form, saves the report as a CSV file and a PDF
// (both audited), and sees no export button.
func TestDeskReports(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	r.addCase(t, c.ID, "IOE0912345678")
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.tabs.Select(d.reports.item)
	rep := d.reports
	rep.period.SetSelectedIndex(len(desk.PeriodChoices)) // chosen dates
	if !rep.dates.Visible() {
		t.Fatal("the dates are not shown")
	}
	rep.from.SetText("01/01/2026")
	rep.to.SetText("06/30/2026")
	test.Tap(rep.show)
	if rep.report == nil || !rep.body.Visible() {
		t.Fatalf("no report: %q", d.status.Text)
	}
	if len(rep.report.Months) != 6 || rep.report.Total.NewCases != 1 || rep.report.Total.ClientsServed != 1 {
		t.Fatalf("figures %+v", rep.report.Total)
	}
	text := deskText(rep.body)
	for _, want := range []string{"January 1, 2026 to June 30, 2026", "Clients served", "I-485", "Mar 2026", "All forms"} {
		if !strings.Contains(text, want) {
			t.Errorf("the tab lacks %q:\n%s", want, text)
		}
	}
	// Two bars a month, laid out with the March pair the tallest.
	rep.chart.Resize(fyne.NewSize(700, 300))
	if n := len(rep.chart.Objects); n != 2*(1+1)+3*6+4 {
		t.Errorf("%d chart objects", n)
	}
	if dir := os.Getenv("CASEDESK_SHOT_DIR"); dir != "" {
		r.win.Resize(fyne.NewSize(1100, 900))
		f, _ := os.Create(filepath.Join(dir, "reports.png"))
		png.Encode(f, r.win.Canvas().Capture())
		f.Close()
	}

	dir := t.TempDir()
	csvPath := filepath.Join(dir, "report.csv")
	savingTo(t, csvPath)
	test.Tap(rep.saveCSV)
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatalf("no CSV: %v; %q", err, d.status.Text)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		// csv needs equal fields per row unless told: read loosely.
		rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
		rd.FieldsPerRecord = -1
		rows, err = rd.ReadAll()
	}
	if err != nil || !strings.Contains(d.status.Text, "Saved the report in "+csvPath) {
		t.Fatalf("CSV read back: %v; %q", err, d.status.Text)
	}
	var found bool
	for _, row := range rows {
		if len(row) == 8 && row[0] == "New cases" && row[3] == "1" && row[7] == "1" {
			found = true
		}
	}
	if !found {
		t.Errorf("no New cases row with March's 1:\n%q", rows)
	}
	pdfPath := filepath.Join(dir, "report.pdf")
	savingTo(t, pdfPath)
	test.Tap(rep.savePDF)
	if b, err := os.ReadFile(pdfPath); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("no PDF: %v; %q", err, d.status.Text)
	}
	var saved int
	for _, e := range r.store.audit {
		if e.Action == "report.saved" && e.ActorID == "tomas.ruiz" {
			saved++
		}
	}
	if saved != 2 {
		t.Errorf("%d report.saved rows", saved)
	}
	// A staff member has no export: not on the audit tab, and no settings tab.
	d.tabs.Select(d.audit.item)
	if b := buttonIn(d.audit.item.Content, "Export CSV…"); b != nil {
		t.Error("a staff member is offered the audit log's export")
	}
	// The period chosen anew from the list loads at once.
	rep.period.SetSelectedIndex(0)
	if rep.dates.Visible() || rep.report.Period.To.Before(rep.report.Period.From) {
		t.Error("this month did not load")
	}
	// Opened again after being forgotten, with the last 12 months chosen,
	// the tab shows them again.
	rep.period.SetSelectedIndex(len(desk.PeriodChoices) - 1)
	rep.reset()
	rep.open()
	if rep.report == nil || !rep.body.Visible() {
		t.Error("the tab opened again shows no report")
	}
	// Signing out forgets the report.
	d.end("")
	if rep.report != nil || rep.body.Visible() {
		t.Error("the report outlived the sign-out")
	}
}

// TestDeskExports: an administrator exports the audit log from its tab and
// the clients and cases from the settings tab; each file is a CSV file
// with a byte-order mark, and each export is audited.
func TestDeskExports(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	r.addCase(t, c.ID, "IOE0912345678")
	d, _ := r.open(t, rosa, app.RoleAdmin)
	dir := t.TempDir()
	d.tabs.Select(d.audit.item)
	b := buttonIn(d.audit.item.Content, "Export CSV…")
	if b == nil {
		t.Fatal("no Export CSV… for an administrator")
	}
	savingTo(t, filepath.Join(dir, "audit.csv"))
	test.Tap(b)
	d.tabs.Select(d.settings.item)
	for _, name := range []string{"Export clients…", "Export cases…"} {
		b := buttonIn(d.settings.item.Content, name)
		if b == nil {
			t.Fatalf("no %s", name)
		}
		savingTo(t, filepath.Join(dir, strings.Fields(name)[1][:5]+".csv"))
		test.Tap(b)
	}
	if shots := os.Getenv("CASEDESK_SHOT_DIR"); shots != "" {
		r.win.Resize(fyne.NewSize(1100, 900))
		f, _ := os.Create(filepath.Join(shots, "settings.png"))
		png.Encode(f, r.win.Canvas().Capture())
		f.Close()
		d.tabs.Select(d.audit.item)
		f, _ = os.Create(filepath.Join(shots, "audit.png"))
		png.Encode(f, r.win.Canvas().Capture())
		f.Close()
	}
	for _, f := range []string{"audit.csv", "clien.csv", "cases.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || !bytes.HasPrefix(b, []byte("\uFEFF")) {
			t.Errorf("%s: %v %q", f, err, b)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "clien.csv")); !strings.Contains(string(b), "Muñoz") {
		t.Errorf("clients: %q", b)
	}
	actions := map[string]bool{}
	for _, e := range r.store.audit {
		actions[e.Action] = true
	}
	for _, a := range []string{"export.audit", "export.clients", "export.cases"} {
		if !actions[a] {
			t.Errorf("no %s row", a)
		}
	}
	if !strings.Contains(d.status.Text, "Saved 1 row in "+filepath.Join(dir, "cases.csv")) {
		t.Errorf("status %q", d.status.Text)
	}
}
