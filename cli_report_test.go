package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The command line exports clients, cases and the audit log as CSV files,
// keeps a file already there unless --force is given, and prints, saves as
// PDF and saves as CSV a funders' report.
func TestCLIExportAndReport(t *testing.T) {
	d, _, receipt := clinicWithCase(t)
	d.write("client.add", "people", "add", "--given", "=HYPERLINK(\"http://x\")", "--family", "Ortíz", "--date-of-birth", "02/03/1990",
		"--street", "1 Oak St", "--city", "Austin", "--state", "TX", "--zip", "78701")
	dir := t.TempDir()
	clients := filepath.Join(dir, "clients.csv")
	out := d.write("export.clients", "export", "clients", clients)
	if !strings.Contains(out, "Wrote 2 clients to "+clients) {
		t.Errorf("export says %q", out)
	}
	b, _ := os.ReadFile(clients)
	if !bytes.HasPrefix(b, []byte("\uFEFF")) || !bytes.Contains(b, []byte("\r\n")) {
		t.Fatalf("not UTF-8 with a BOM and CRLF: %q", b)
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(text, `|'=HYPERLINK("http://x")|`) || !strings.Contains(text, "María José||Núñez") {
		t.Errorf("clients read back:\n%s", text)
	}
	d.refused(1, "already there", "export", "clients", clients)
	d.write("export.clients", "export", "clients", clients, "--force")
	d.refused(2, "not clients, cases or audit", "export", "people", clients)
	d.refused(2, "name what to export", "export", "cases")

	cases := filepath.Join(dir, "cases.csv")
	d.write("export.cases", "export", "cases", cases)
	if b, _ := os.ReadFile(cases); !strings.Contains(string(b), receipt+",I-485,") {
		t.Errorf("cases: %q", b)
	}
	d.write("export.audit", "export", "audit", filepath.Join(dir, "audit.csv"))

	// The report printed: this year has the client and the case.
	year := time.Now().Format("2006")
	out = d.read("report", "--year", year)
	if !strings.Contains(out, "America/Chicago") || !strings.Contains(out, "MONTH") || !strings.Contains(out, "I-485") {
		t.Errorf("report:\n%s", out)
	}
	d.refused(2, "give one period", "report", "--year", year, "--month", "2026-01")
	d.refused(2, "go together", "report", "--from", "01/01/2026")
	d.refused(1, "is not a month", "report", "--month", "2026-13")

	pdf, csvFile := filepath.Join(dir, "report.pdf"), filepath.Join(dir, "report.csv")
	d.write("report.saved", "report", "--year", year, "--pdf", pdf, "--csv", csvFile)
	if b, _ := os.ReadFile(csvFile); !strings.Contains(string(b), "Clients served,") || !strings.Contains(string(b), "\r\n") {
		t.Errorf("report CSV: %q", b)
	}
	d.refused(1, "already there", "report", "--year", year, "--csv", csvFile)
	if _, err := exec.LookPath("pdftotext"); err == nil {
		got, err := exec.Command("pdftotext", pdf, "-").Output()
		if err != nil || !strings.Contains(string(got), "Report for funders") || !strings.Contains(string(got), "Clínica Sur") {
			t.Errorf("the PDF: %v\n%s", err, got)
		}
	}
}
