package household

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"

	"casedesk/app"

	"codeberg.org/go-pdf/fpdf"
)

// jpegPage is a JPEG of a page, its colour telling pages apart.
func jpegPage(t testing.TB, w, h int, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{shade, shade, 200, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// scanned is a PDF with a page for each JPEG, as a scanner writes it.
func scanned(t testing.TB, pages ...[]byte) []byte {
	t.Helper()
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", SizeStr: "Letter"})
	for i, p := range pages {
		name := fmt.Sprint("p", i)
		f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(p))
		f.AddPage()
		f.ImageOptions(name, 0, 0, 612, 792, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPageImagesOfAScan(t *testing.T) {
	pdf := scanned(t, jpegPage(t, 850, 1100, 10), jpegPage(t, 850, 1100, 240), jpegPage(t, 1700, 2200, 120))
	imgs := PageImages(pdf, 900)
	if len(imgs) != 3 {
		t.Fatalf("%d pages found, want 3", len(imgs))
	}
	for i, want := range []uint8{10, 240, 120} {
		b := imgs[i].Bounds()
		if b.Dx() > 900 || b.Dx() < 800 {
			t.Fatalf("page %d is %d wide", i+1, b.Dx())
		}
		r, _, _, _ := imgs[i].At(b.Dx()/2, b.Dy()/2).RGBA()
		if got := int(r >> 8); got < int(want)-12 || got > int(want)+12 {
			t.Fatalf("page %d is shade %d, want %d: the pages are out of order", i+1, got, want)
		}
	}
	if b := imgs[2].Bounds(); b.Dx() != 900 || b.Dy() != 1164 {
		t.Fatalf("the large page is scaled to %v", b)
	}
}

// A PDF of text and drawings holds no page image; a logo on it is not a page.
func TestPageImagesOfATextPDF(t *testing.T) {
	f := fpdf.New("P", "pt", "Letter", "")
	f.AddPage()
	f.SetFont("Helvetica", "", 12)
	f.Text(72, 72, "Request for Evidence")
	f.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(jpegPage(t, 120, 60, 50)))
	f.ImageOptions("logo", 400, 40, 120, 60, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	if imgs := PageImages(b.Bytes(), 900); len(imgs) != 0 {
		t.Fatalf("%d page images in a text PDF", len(imgs))
	}
	if imgs := PageImages([]byte("%PDF-1.4\nnot really a pdf"), 900); len(imgs) != 0 {
		t.Fatal("garbage gave pages")
	}
}

// A black-and-white scan deflated, 1 bit a pixel, with its length given
// by reference, as some scanners write it.
func TestPageImagesOfAFlateScan(t *testing.T) {
	const w, h = 800, 1000
	row := (w + 7) / 8
	pix := make([]byte, row*h)
	for y := range h {
		for x := range w {
			if x < w/2 {
				pix[y*row+x/8] |= 0x80 >> (x % 8) // left half white
			}
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(pix)
	zw.Close()
	var pdf strings.Builder
	fmt.Fprintf(&pdf, "%%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	fmt.Fprintf(&pdf, "5 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length 6 0 R >>\nstream\n", w, h)
	pdf.Write(z.Bytes())
	fmt.Fprintf(&pdf, "\nendstream\nendobj\n6 0 obj\n%d\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n", z.Len())
	imgs := PageImages([]byte(pdf.String()), 400)
	if len(imgs) != 1 {
		t.Fatalf("%d pages", len(imgs))
	}
	b := imgs[0].Bounds()
	l, _, _, _ := imgs[0].At(b.Dx()/4, b.Dy()/2).RGBA()
	r, _, _, _ := imgs[0].At(3*b.Dx()/4, b.Dy()/2).RGBA()
	if b.Dx() != 400 || l>>8 < 200 || r>>8 > 50 {
		t.Fatalf("size %v, left %d, right %d", b, l>>8, r>>8)
	}
}

func TestSniffAndNames(t *testing.T) {
	for _, c := range []struct {
		data string
		kind FileKind
		ok   bool
	}{
		{"%PDF-1.7\n", KindPDF, true}, {"\xff\xd8\xff\xe0JFIF", KindJPEG, true}, {"\x89PNG\r\n\x1a\n....", KindPNG, true},
		{"MZ\x90\x00", "", false}, {"", "", false}, {"GIF89a", "", false}, {" %PDF-1.4", "", false},
	} {
		if k, ok := Sniff([]byte(c.data)); k != c.kind || ok != c.ok {
			t.Errorf("Sniff(%q) = %q %v", c.data, k, ok)
		}
	}
	for in, want := range map[string]string{
		"/home/ana/Scans/RFE.PDF": "RFE.pdf", `C:\Users\ana\IMG_1.jpeg`: "IMG_1.jpg", "": "letter.pdf", "../../etc/passwd": "passwd.pdf",
		strings.Repeat("ñ", 200) + ".pdf": strings.Repeat("ñ", 120) + ".pdf",
	} {
		kind := KindPDF
		if strings.HasSuffix(want, ".jpg") {
			kind = KindJPEG
		}
		if got := cleanName(in, kind); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string][2]int{"9:30 AM": {9, 30}, "9:30pm": {21, 30}, "14:00": {14, 0}, "12 AM": {0, 0}, "12:15 PM": {12, 15}} {
		if h, m, err := app.ParseClock(in); err != nil || h != want[0] || m != want[1] {
			t.Errorf("app.ParseClock(%q) = %d:%d %v", in, h, m, err)
		}
	}
	for _, bad := range []string{"25:00", "9:3", "13 PM", "noon", ""} {
		if _, _, err := app.ParseClock(bad); err == nil {
			t.Errorf("app.ParseClock(%q) passed", bad)
		}
	}
}

// 25 MB is kept; a byte more is refused, whether the size is known or not.
func TestReadLetterLimit(t *testing.T) {
	b := make([]byte, MaxAttachment+1)
	copy(b, "%PDF-1.4\n")
	for _, size := range []int64{MaxAttachment, -1} {
		if got, kind, err := ReadLetter(bytes.NewReader(b[:MaxAttachment]), size); err != nil || kind != KindPDF || len(got) != MaxAttachment {
			t.Fatalf("25 MB (size %d): %v %q %d", size, err, kind, len(got))
		}
	}
	for _, size := range []int64{MaxAttachment + 1, -1} {
		if _, _, err := ReadLetter(bytes.NewReader(b), size); err != ErrFileTooLarge {
			t.Fatalf("25 MB and a byte (size %d): %v", size, err)
		}
	}
	if _, _, err := ReadLetter(bytes.NewReader([]byte("MZ\x90\x00")), 4); err != ErrFileKind {
		t.Fatalf("a program: %v", err)
	}
}

// Eight letter-size pages scanned at 300 dpi, shown at the screen's width.
func BenchmarkPageImages(b *testing.B) {
	var pages [][]byte
	for i := range 8 {
		pages = append(pages, jpegPage(b, 2550, 3300, uint8(30*i)))
	}
	pdf := scanned(b, pages...)
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	for b.Loop() {
		if imgs := PageImages(pdf, 900); len(imgs) != 8 {
			b.Fatalf("%d pages", len(imgs))
		}
	}
}

// A letter's file is anyone's bytes: finding its pages never panics and
// never takes more than a page's worth of pixels.
func FuzzPageImages(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj\n<< /Type /Pages /Kids [2 0 R] >>\nendobj\n2 0 obj\n<< /Type /Page /Parent 1 0 R /Contents 3 0 R /Resources << /XObject << /I1 4 0 R >> >> >>\nendobj\n3 0 obj\n<< /Length 8 >>\nstream\n/I1 Do\nendstream\nendobj\n4 0 obj\n<< /Subtype /Image /Width 400 /Height 300 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length 5 0 R >>\nstream\nxx\nendstream\nendobj\n5 0 obj\n99999\nendobj\n"))
	f.Add([]byte("%PDF-1.4\n7 0 obj\n<< /Subtype /Image /Width 1000 /Height 1000 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length 3 >>\nstream\nabc"))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		for _, img := range PageImages(pdf, 200) {
			if img.Bounds().Dx() > 200 {
				t.Fatalf("a page %d wide", img.Bounds().Dx())
			}
		}
	})
}
