package notice

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

var sheetGroups = []string{"7K3QA", "M9TZ2", "WXA4B", "8N0PC", "1D2EF", "GH3JK", "MN4PQ", "RS5TV", "WX6YZ", "0A1B2", "C3D4E", "F5G6H", "J7K0M"}

func recoverySheet() RecoveryKey {
	return RecoveryKey{Clinic: "Clínica Esperanza", Groups: sheetGroups,
		QR: "CASEDESK-RECOVERY:" + strings.Join(sheetGroups, "-"), Fingerprint: "3F9A 21C0", Issued: day(2026, 11, 27)}
}

// The sheet says what the key is for, prints every group, and its QR code,
// printed and scanned back at 150 dpi, reads as the key.
func TestRecoverySheetPrintsTheKey(t *testing.T) {
	pdf := render(t, recoverySheet())
	text := strings.Join(strings.Fields(pdftotext(t, pdf)), " ")
	for _, want := range append([]string{"CaseDesk Recovery Key", "Clínica Esperanza", "3F9A 21C0", "November 27, 2026",
		"Group 1", "Group 13", "casedesk restore FILE", "never with the backups", "Page 1 of 1"}, sheetGroups...) {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet does not say %q:\n%s", want, text)
		}
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("pdftoppm (poppler-utils) is missing; make test installs it")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "sheet.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "150", "-singlefile", in, filepath.Join(dir, "sheet")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "sheet.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("the printed QR code does not scan: %v", err)
	}
	if res.GetText() != recoverySheet().QR {
		t.Errorf("the QR code reads %q", res.GetText())
	}
}

func TestRecoverySheetPreviewDrawsTheQR(t *testing.T) {
	pages, err := Preview(t.Context(), Letterhead{Name: "Clínica Esperanza"}, recoverySheet())
	if err != nil || len(pages) != 1 {
		t.Fatalf("%d pages, %v", len(pages), err)
	}
	fills := 0
	for _, m := range pages[0].Marks {
		if m.Kind == MarkFill {
			fills++
		}
	}
	if fills < 100 {
		t.Errorf("the preview has %d filled squares; the QR code has hundreds", fills)
	}
}
