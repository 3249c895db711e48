package household

// Attacks on the letter reader: hostile files a person may be sent and
// attach, whose preview must stay bounded in memory and time and must never
// bring the program down.

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// flateImagePDF is a PDF with one deflated image object of the given
// dictionary values, whose stream inflates to n zero bytes, drawn draws
// times by one page.
func flateImagePDF(t testing.TB, width, height, colour string, bpc, n, draws int) []byte {
	t.Helper()
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	chunk := make([]byte, 1<<20)
	for left := n; left > 0; left -= len(chunk) {
		if _, err := zw.Write(chunk[:min(left, len(chunk))]); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	content := strings.Repeat("q /I1 Do Q\n", draws)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	b.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	b.WriteString("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
	b.WriteString("3 0 obj\n<< /Type /Page /Parent 2 0 R /Resources << /XObject << /I1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n")
	fmt.Fprintf(&b, "4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	fmt.Fprintf(&b, "5 0 obj\n<< /Type /XObject /Subtype /Image /Width %s /Height %s /ColorSpace /%s /BitsPerComponent %d /Filter /FlateDecode /Length %d >>\nstream\n",
		width, height, colour, bpc, z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

// pageImagesSafely runs PageImages and turns a panic into an error.
func pageImagesSafely(pdf []byte) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return len(PageImages(pdf, 800)), nil
}

// An image whose width times height wraps around int64 into the allowed
// range of pixels must be skipped, not decoded: the preview runs on a
// background goroutine without recover, so a panic there ends CaseDesk
// with the letter unsaved work lost, and every later View of it again.
func TestSecurityPageImagesHugeDimensionsWrapAround(t *testing.T) {
	for _, tc := range []struct {
		name, w, h, colour string
		bpc                int
	}{
		{"grey 8 bit", "4611686018427637904", "4", "DeviceGray", 8},
		{"grey 1 bit", "4611686018427637904", "4", "DeviceGray", 1},
		{"rgb", "4611686018427637904", "4", "DeviceRGB", 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf := flateImagePDF(t, tc.w, tc.h, tc.colour, tc.bpc, 1_000_000, 1)
			if _, ok := Sniff(pdf); !ok {
				t.Fatal("not sniffed as a PDF")
			}
			if _, err := pageImagesSafely(pdf); err != nil {
				t.Fatalf("a hostile letter's preview: %v", err)
			}
		})
	}
}

// A decompression bomb: one image of the largest size allowed (60
// megapixels of RGB, 180 MB inflated, a few hundred KB in the file) drawn
// by a page many times. The preview must stay bounded in time and in
// memory: each image is decoded once at most, and no more than MaxPages.
func TestSecurityPageImagesDecompressionBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes large images")
	}
	const w, h = 7700, 7700 // 59.3 megapixels, under maxPixels
	pdf := flateImagePDF(t, fmt.Sprint(w), fmt.Sprint(h), "DeviceRGB", 8, w*h*3, 40)
	t.Logf("bomb: %d KB file", len(pdf)>>10)
	if len(pdf) > MaxAttachment {
		t.Fatal("the bomb is over the attachment limit")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var peak uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	start := time.Now()
	n, err := pageImagesSafely(pdf)
	took := time.Since(start)
	close(done)
	<-sampled
	t.Logf("peak heap in use %d MB", peak>>20)
	runtime.ReadMemStats(&after)
	allocated := (after.TotalAlloc - before.TotalAlloc) >> 20
	t.Logf("%d page images, %v, %d MB allocated in all", n, took, allocated)
	if err != nil {
		t.Fatal(err)
	}
	if took > 20*time.Second {
		t.Fatalf("a %d KB letter took %v to preview", len(pdf)>>10, took)
	}
	if peak > 512<<20 {
		t.Fatalf("a %d KB letter held %d MB at once to preview", len(pdf)>>10, peak>>20)
	}
	if allocated > 2<<10 {
		t.Fatalf("a %d KB letter allocated %d MB to preview", len(pdf)>>10, allocated)
	}
}

// A file is judged by its bytes, never its name: a page of HTML, a
// program, an SVG drawing or a text file named letter.pdf is refused, and
// a file over 25 MB is refused before it is read.
func TestSecurityLetterKindConfusion(t *testing.T) {
	for name, b := range map[string][]byte{
		"html named .pdf":   []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"),
		"exe named .pdf":    append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 100)...),
		"svg named .pdf":    []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		"elf named .png":    []byte("\x7fELF\x02\x01\x01"),
		"pdf after a blank": []byte(" %PDF-1.7\n"),
		"empty":             nil,
	} {
		if _, _, err := checkLetter(b); err != ErrFileKind {
			t.Errorf("%s: %v", name, err)
		}
	}
	big := make([]byte, 26<<20)
	copy(big, "%PDF-1.7\n")
	if _, _, err := checkLetter(big); err != ErrFileTooLarge {
		t.Fatalf("26 MB: %v", err)
	}
	r := &countingReader{}
	if _, _, err := ReadLetter(r, 26<<20); err != ErrFileTooLarge || r.n != 0 {
		t.Fatalf("26 MB of known size: %v after %d bytes read", err, r.n)
	}
	if _, _, err := ReadLetter(bytes.NewReader(big), -1); err != ErrFileTooLarge {
		t.Fatalf("26 MB of unknown size: %v", err)
	}
}

type countingReader struct{ n int }

func (c *countingReader) Read(b []byte) (int, error) { c.n += len(b); return len(b), nil }

// A letter's name is kept as a bare file name: no folder, no way up, no
// drive, whatever separators it holds, so that saving or printing it can
// never write outside the folder chosen.
func TestSecurityLetterNamesHoldNoPath(t *testing.T) {
	for _, name := range []string{
		"../../../../home/victim/.bashrc", `..\..\Windows\System32\evil.pdf`, "/etc/passwd", `C:\Users\x\letter.pdf`,
		"..", ".", "", "a/../../b.pdf", "letter.pdf/..", "\\\\server\\share\\x.pdf", "~/.ssh/authorized_keys",
		"dir/sub/letter.exe", strings.Repeat("../", 200) + "x.pdf",
	} {
		got := cleanName(name, KindPDF)
		if strings.ContainsAny(got, `/\`) || strings.HasPrefix(got, "..") || strings.HasPrefix(got, "~") ||
			!strings.HasSuffix(got, ".pdf") || len([]rune(got)) > maxFileName+4 {
			t.Errorf("%q kept as %q", name, got)
		}
	}
}
