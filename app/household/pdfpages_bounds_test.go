package household

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image/color"
	"strings"
	"testing"
)

// flatePage is one deflated image for pagesPDF: its pixels as stored.
type flatePage struct {
	w, h   int
	colour string // DeviceGray or DeviceRGB, 8 bits a component
	pix    []byte
}

// pagesPDF is a PDF whose page i draws image draws[i] of imgs.
func pagesPDF(t testing.TB, imgs []flatePage, draws []int) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	var kids []string
	for i := range draws {
		kids = append(kids, fmt.Sprintf("%d 0 R", 10+2*i))
	}
	fmt.Fprintf(&b, "2 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n", strings.Join(kids, " "), len(draws))
	for i, d := range draws {
		content := "q /Im Do Q\n"
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im %d 0 R >> >> /Contents %d 0 R >>\nendobj\n", 10+2*i, 1000+d, 11+2*i)
		fmt.Fprintf(&b, "%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", 11+2*i, len(content), content)
	}
	for i, img := range imgs {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		if _, err := zw.Write(img.pix); err != nil {
			t.Fatal(err)
		}
		zw.Close()
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n",
			1000+i, img.w, img.h, img.colour, z.Len())
		b.Write(z.Bytes())
		b.WriteString("\nendstream\nendobj\n")
	}
	b.WriteString("trailer\n<< /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

// grey is a w by h grey image of one shade.
func grey(w, h int, shade byte) flatePage {
	return flatePage{w, h, "DeviceGray", bytes.Repeat([]byte{shade}, w*h)}
}

// An image drawn by several pages is decoded once, and each page shows it.
func TestScanPagesDecodesARepeatedImageOnce(t *testing.T) {
	pdf := pagesPDF(t, []flatePage{grey(400, 500, 30), grey(400, 500, 220)}, []int{0, 1, 0, 0})
	imgs, cut := ScanPages(pdf, 200)
	if len(imgs) != 4 || cut {
		t.Fatalf("%d pages, cut %v", len(imgs), cut)
	}
	if imgs[0] != imgs[2] || imgs[0] != imgs[3] || imgs[0] == imgs[1] {
		t.Fatal("the repeated image was decoded again")
	}
	for i, want := range []uint8{30, 220, 30, 30} {
		if y := color.GrayModel.Convert(imgs[i].At(50, 50)).(color.Gray).Y; y < want-5 || y > want+5 {
			t.Fatalf("page %d has shade %d, want %d", i+1, y, want)
		}
	}
}

// Past the letter's pixel budget the pages found are shown and the rest
// left out, said so: three different 40-megapixel pages are more than it.
func TestScanPagesStopsAtThePixelBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes large images")
	}
	const w, h = 6400, 6250 // 40 megapixels
	pdf := pagesPDF(t, []flatePage{grey(w, h, 10), grey(w, h, 20), grey(w, h, 30), grey(w, h, 40)}, []int{0, 1, 2, 3})
	imgs, cut := ScanPages(pdf, 100)
	if len(imgs) != 3 || !cut {
		t.Fatalf("%d pages, cut %v; want 3 and the rest left out", len(imgs), cut)
	}
}

// More than MaxPages pages: the first MaxPages are shown, and the rest are
// said to be left out; exactly MaxPages leaves nothing out.
func TestScanPagesStopsAtMaxPages(t *testing.T) {
	var all []flatePage
	var draws []int
	for i := range MaxPages + 1 {
		all = append(all, grey(300, 300, byte(i)))
		draws = append(draws, i)
	}
	imgs, cut := ScanPages(pagesPDF(t, all, draws), 50)
	if len(imgs) != MaxPages || !cut {
		t.Fatalf("%d pages, cut %v", len(imgs), cut)
	}
	imgs, cut = ScanPages(pagesPDF(t, all[:MaxPages], draws[:MaxPages]), 50)
	if len(imgs) != MaxPages || cut {
		t.Fatalf("%d pages of %d, cut %v", len(imgs), MaxPages, cut)
	}
}

// A stream that inflates to more bytes than its image holds is not an
// image of that size, and is refused; one byte short is refused too.
func TestScanPagesRefusesAStreamOfTheWrongSize(t *testing.T) {
	const w, h = 400, 300
	for _, c := range []struct {
		extra int
		want  int
	}{{0, 1}, {1, 0}, {1 << 20, 0}, {-1, 0}} {
		img := flatePage{w, h, "DeviceRGB", bytes.Repeat([]byte{90}, w*h*3+c.extra)}
		if imgs := PageImages(pagesPDF(t, []flatePage{img}, []int{0}), 100); len(imgs) != c.want {
			t.Errorf("%+d bytes: %d pages, want %d", c.extra, len(imgs), c.want)
		}
	}
}

// An RGB scan keeps its colours, read straight from the inflated bytes.
func TestScanPagesOfAnRGBScan(t *testing.T) {
	const w, h = 600, 400
	pix := make([]byte, w*h*3)
	for i := 0; i < len(pix); i += 3 {
		if (i/3)%w < w/2 {
			pix[i] = 0xff // left half red
		} else {
			pix[i+2] = 0xff // right half blue
		}
	}
	for _, width := range []int{300, 900} { // scaled down, and as it is
		imgs := PageImages(pagesPDF(t, []flatePage{{w, h, "DeviceRGB", pix}}, []int{0}), width)
		if len(imgs) != 1 {
			t.Fatalf("%d pages", len(imgs))
		}
		b := imgs[0].Bounds()
		l := color.RGBAModel.Convert(imgs[0].At(b.Dx()/4, b.Dy()/2)).(color.RGBA)
		r := color.RGBAModel.Convert(imgs[0].At(3*b.Dx()/4, b.Dy()/2)).(color.RGBA)
		if b.Dx() != min(w, width) || l.R < 240 || l.B > 10 || r.B < 240 || r.R > 10 {
			t.Fatalf("width %d: size %v, left %v, right %v", width, b, l, r)
		}
		if imgs[0].At(-1, 0) == nil || imgs[0].At(b.Max.X, 0) == nil {
			t.Fatal("no colour outside the image")
		}
	}
}

// Sides that wrap around when multiplied, or that are each too long, are
// refused before anything is made of them; so is a photo of such a size.
func TestImageSidesAreCheckedBeforeMultiplying(t *testing.T) {
	for _, c := range []struct{ w, h int }{
		{4611686018427637904, 4}, {4, 4611686018427637904}, {1 << 62, 1 << 62}, {-300, -300000},
		{0, 1_000_000}, {65536, 1000}, {1000, 65536}, {65535, 65535}, {7746, 7746},
	} {
		if fits(c.w, c.h) {
			t.Errorf("%d × %d fits", c.w, c.h)
		}
		if img := decodeFlate([]byte("/DeviceGray /BitsPerComponent 1"), nil, c.w, c.h, nil); img != nil {
			t.Errorf("%d × %d decoded", c.w, c.h)
		}
	}
	if !fits(7745, 7745) || !fits(65535, 915) || !pageSize(300, 300) || pageSize(299, 300) {
		t.Fatal("a page of an allowed size is refused")
	}
}
