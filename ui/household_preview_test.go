package ui

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app/household"

	"fyne.io/fyne/v2/test"
)

// viewedLetter keeps a case of the household's with the letter pdf
// attached, and views it.
func viewedLetter(t *testing.T, pdf []byte) (*Home, *ownCaseParts) {
	t.Helper()
	r := newHouseRig(t)
	h, _ := r.home(t)
	o := h.own
	test.Tap(o.addCase)
	c := o.caseForm
	typeIn(c.receipt, "IOE0912345678")
	c.form.SetSelectedIndex(2)
	c.person.SetSelectedIndex(0)
	c.role.SetSelectedIndex(0)
	typeIn(c.received, time.Now().AddDate(0, -2, 0).Format("01/02/2006"))
	c.status.SetSelectedIndex(0)
	test.Tap(c.add)
	if len(h.cases.open) != 1 {
		t.Fatalf("case not added: %q", c.msg.Text)
	}
	test.Tap(h.cases.open[0])
	p := o.parts
	file := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	o.pick = func(picked func(string)) { picked(file) }
	test.Tap(p.attach)
	if len(p.rows) != 1 {
		t.Fatalf("letter not kept: %q", p.letterMsg.Text)
	}
	for _, row := range p.rows {
		test.Tap(row.view)
	}
	if p.view == nil || shown(h) != p.view.box {
		t.Fatal("the letter's view is not shown")
	}
	return h, p
}

// A panic while reading a letter (a hostile file, a bug in a decoder) must
// not end CaseDesk: the view says the letter could not be shown and still
// offers to print and save it.
func TestLetterViewSurvivesAPanicInTheReader(t *testing.T) {
	defer func(f func([]byte, int) ([]image.Image, bool)) { scanPages = f }(scanPages)
	scanPages = func([]byte, int) ([]image.Image, bool) { panic("makeslice: len out of range") }
	_, p := viewedLetter(t, scanPDF(t, 1))
	v := p.view
	if len(v.pages) != 0 || v.noImages == nil || !strings.Contains(v.noImages.Text, "could not show this letter") {
		t.Fatalf("after a panic: %+v", v)
	}
	if !v.print.Visible() || !v.save.Visible() || v.print.OnTapped == nil || v.save.OnTapped == nil {
		t.Fatal("Print and Save are not offered")
	}
}

// A letter too large to show in full shows the pages found, and a line
// saying the rest are not shown.
func TestLetterViewSaysPagesWereLeftOut(t *testing.T) {
	defer func(f func([]byte, int) ([]image.Image, bool)) { scanPages = f }(scanPages)
	scanPages = func(pdf []byte, w int) ([]image.Image, bool) {
		imgs, _ := household.ScanPages(pdf, w)
		return imgs, true
	}
	_, p := viewedLetter(t, scanPDF(t, 2))
	v := p.view
	if len(v.pages) != 2 || v.cut == nil || !strings.Contains(v.cut.Text, "Not all of this letter's pages are shown") || v.noImages != nil {
		t.Fatalf("a letter cut short: %d pages, %+v", len(v.pages), v)
	}
	scanPages = household.ScanPages
	_, p = viewedLetter(t, scanPDF(t, 2))
	if len(p.view.pages) != 2 || p.view.cut != nil {
		t.Fatalf("a whole letter: %d pages, cut line %v", len(p.view.pages), p.view.cut)
	}
}

// The letter of the wrap-around finding, attached and viewed: the view
// opens and says there is nothing it can show, and CaseDesk goes on.
func TestLetterViewOfHugeImageSides(t *testing.T) {
	pdf := []byte("%PDF-1.4\n5 0 obj\n<< /Type /XObject /Subtype /Image /Width 4611686018427637904 /Height 4 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length 8 >>\nstream\nx\x9c\x03\x00\x00\x00\x00\x01\nendstream\nendobj\n%%EOF\n")
	_, p := viewedLetter(t, pdf)
	if len(p.view.pages) != 0 || p.view.noImages == nil || !strings.Contains(p.view.noImages.Text, "no scanned pages") {
		t.Fatalf("the hostile letter's view: %+v", p.view)
	}
}
