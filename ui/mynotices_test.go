package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestNoticesTab: a notice printed, opened and previewed; someone else's
// notice neither saved nor previewed.
func TestNoticesTab(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.home(t)
	n := h.notices
	if !strings.Contains(labels(n.list), "Request for Evidence IOE0912345678") {
		t.Fatalf("notices:\n%s", labels(n.list))
	}
	// Printing a notice saves it and sends it to the printer.
	n.export("n1", exportPrint)
	if !strings.Contains(h.status.Text, "Sent to the printer") {
		t.Fatalf("print: %q", h.status.Text)
	}
	// Someone else's notice, asked for by id, is not found.
	n.export("n2", exportSave)
	if !strings.Contains(h.status.Text, "not in your account") {
		t.Fatalf("another person's notice: %q", h.status.Text)
	}
	// The preview shows the notice as it prints, on the screen, and Back
	// returns to the case page it was opened from.
	test.Tap(h.cases.open[0])
	n.preview("n1")
	if shown(h) != n.viewer {
		t.Fatal("the preview is not shown")
	}
	text := labels(n.viewer)
	for _, want := range []string{"Request for Evidence IOE0912345678", "Receipt number", "must reach USCIS by", "Record copy printed with CaseDesk — not issued by USCIS", "Page 1 of 1", "Save PDF", "Print", "Open in PDF viewer"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from the preview:\n%s", want, text)
		}
	}
	test.Tap(n.viewOpen)
	if !strings.Contains(h.status.Text, "Opened in your PDF viewer") || !strings.Contains(strings.Join(r.sp.ran, "\n"), "xdg-open") {
		t.Fatalf("view: %q", h.status.Text)
	}
	if n.viewBack.Text != "Back" {
		t.Fatalf("the preview's Back: %q", n.viewBack.Text)
	}
	test.Tap(n.viewBack)
	if shown(h) != h.cases.page || len(n.viewer.Objects) != 0 {
		t.Fatal("Back did not return to the case page")
	}
	// Escape does the same, one screen at a time: preview → case page → tabs.
	n.preview("n1")
	escape := &fyne.KeyEvent{Name: fyne.KeyEscape}
	h.TypedKey(escape)
	if shown(h) != h.cases.page {
		t.Fatal("Escape did not leave the preview for the case page")
	}
	h.TypedKey(escape)
	if shown(h) != h.tabs {
		t.Fatal("Escape did not leave the case page for the tabs")
	}
	h.TypedKey(escape) // on the tabs: nothing to leave
	test.Tap(h.cases.open[0])
	// Someone else's notice is not previewed either.
	n.preview("n2")
	if !strings.Contains(h.status.Text, "not in your account") || shown(h) != h.cases.page {
		t.Fatalf("preview of another person's notice: %q", h.status.Text)
	}
}

// Without a PDF viewer, the preview's "Open in PDF viewer" says so in words
// and where the PDF is saved, as the printing screen does.
func TestNoticesTabExplainsThatNoViewerOpensThePDF(t *testing.T) {
	r := newHomeRig(t)
	r.sp.openErr = &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound}
	h, _, _ := r.home(t)
	n := h.notices
	n.preview("n1")
	test.Tap(n.viewOpen)
	msg := h.status.Text
	if !strings.Contains(msg, "No PDF viewer could be started") || !strings.Contains(msg, r.svc.PDFFolder) || !strings.Contains(msg, "file manager") {
		t.Fatalf("message %q", msg)
	}
	if strings.Contains(msg, "exec:") {
		t.Fatalf("the system's words are shown: %q", msg)
	}
}

// A notice saved from the Notices tab (or a case page, whose rows are the
// same) is named for its kind, receipt number and date, not its id; a
// different file of that name is kept, and saving again makes no copy.
func TestNoticesTabNamesThePDFForWhatItIs(t *testing.T) {
	r := newHomeRig(t)
	h, _, _ := r.home(t)
	path := filepath.Join(r.svc.PDFFolder, "Request-for-Evidence-IOE0912345678-2026-06-01.pdf")
	h.notices.export("n1", exportSave)
	if h.status.Text != "Saved in "+path+"." {
		t.Fatalf("status %q", h.status.Text)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF at %s: %v", path, err)
	}
	h.notices.export("n1", exportSave)
	if entries, _ := os.ReadDir(r.svc.PDFFolder); len(entries) != 1 || h.status.Text != "Saved in "+path+"." {
		t.Fatalf("saving again: %q, files %v", h.status.Text, entries)
	}
	os.WriteFile(path, []byte("another letter"), 0o600)
	h.notices.export("n1", exportSave)
	second := strings.TrimSuffix(path, ".pdf") + " (2).pdf"
	if h.status.Text != "Saved in "+second+"." {
		t.Fatalf("beside another file: %q", h.status.Text)
	}
	if b, _ := os.ReadFile(path); string(b) != "another letter" {
		t.Fatal("the other file was replaced")
	}
}
