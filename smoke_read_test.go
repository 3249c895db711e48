//go:build smoke

package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/notice"
)

// Reading a code off a printed page. OCR finds the page and the code's
// line well, but reads random codes badly (6 for 0, S for 5, / for 7: its
// models expect words), so the code's letters are matched, one by one,
// against the same letters printed by CaseDesk itself: the font is known,
// and the printer's copy keeps its shapes.

// codeOn reads the code of n groups of four printed on the first page of
// pdf, a copy of the document that says what.
func codeOn(t *testing.T, pdf, tmp string, n int, what string) string {
	t.Helper()
	refs := referenceGlyphs(t, tmp, what)
	page := filepath.Join(tmp, "printed")
	if out, err := exec.Command("pdftoppm", "-q", "-r", "300", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, page).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	_, box := codeLine(ocr(t, page+".png", "tsv"), n)
	if box == "" {
		return ""
	}
	var b strings.Builder
	for _, g := range glyphsIn(t, page+".png", box, 4*n) {
		b.WriteByte(g.nearest(refs))
	}
	return b.String()
}

// glyph is one printed letter: its shape scaled to a grid, or a dash.
type glyph struct {
	dash  bool
	shape []float64
}

const gridW, gridH = 12, 18

// nearest is the letter of refs whose shape is closest to g's.
func (g glyph) nearest(refs map[byte]glyph) byte {
	if g.dash {
		return '-'
	}
	best, bestD := byte('?'), 0.0
	for c, r := range refs {
		if r.dash {
			continue
		}
		d := 0.0
		for i := range g.shape {
			d += (g.shape[i] - r.shape[i]) * (g.shape[i] - r.shape[i])
		}
		if best == '?' || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// referenceGlyphs prints every letter of Crockford's alphabet in the
// document's own layout and font, and returns each letter's shape.
func referenceGlyphs(t *testing.T, tmp, what string) map[byte]glyph {
	t.Helper()
	var texts []string
	var docs []notice.Doc
	if strings.Contains(what, "Access") {
		texts = []string{"0123-4567-89AB", "CDEF-GHJK-MNPQ", "RSTV-WXYZ-0000"}
		for _, c := range texts {
			docs = append(docs, notice.AccessNotice{Name: "A B", Address: "A B\n1 Main St\nSpringfield IL 62701",
				AccountNumber: "123456789012", Code: app.AccessCode(strings.ReplaceAll(c, "-", "")), Issued: app.Date{}, Expires: app.Date{}})
		}
	} else {
		texts = []string{"0123-4567-89AB-CDEF", "GHJK-MNPQ-RSTV-WXYZ"}
		for _, c := range texts {
			docs = append(docs, notice.StaffPassword{Password: c})
		}
	}
	var pdf bytes.Buffer
	lh := notice.Letterhead{Name: "Clinica Legal del Sur", Address: []string{"120 Main St", "Springfield, IL 62701"}}
	if err := notice.Write(context.Background(), &pdf, lh, docs, nil); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(tmp, "reference.pdf")
	if err := os.WriteFile(file, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	refs := map[byte]glyph{}
	for i, text := range texts {
		page := filepath.Join(tmp, fmt.Sprintf("reference-%d", i))
		p := fmt.Sprint(i + 1)
		if out, err := exec.Command("pdftoppm", "-q", "-r", "300", "-png", "-singlefile", "-f", p, "-l", p, file, page).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		_, box := codeLine(ocr(t, page+".png", "tsv"), strings.Count(text, "-")+1)
		gs := glyphsIn(t, page+".png", box, len(text)-strings.Count(text, "-"))
		if len(gs) != len(text) {
			t.Fatalf("the reference %q was cut into %d letters", text, len(gs))
		}
		for j := range gs {
			refs[text[j]] = gs[j]
		}
	}
	return refs
}

// glyphsIn cuts the line in box (WxH+X+Y) of a page image into letters,
// left to right: runs of columns with ink, split by blank columns. Two
// letters whose edges touch on the printer's copy make one run: while
// there are fewer than letters runs (dashes aside), the widest is cut
// where its ink is thinnest, near its middle.
func glyphsIn(t *testing.T, file, box string, letters int) []glyph {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	var w, h, x0, y0 int
	if _, err := fmt.Sscanf(box, "%dx%d+%d+%d", &w, &h, &x0, &y0); err != nil {
		t.Fatalf("box %q: %v", box, err)
	}
	r := image.Rect(x0, y0, x0+w, y0+h).Intersect(img.Bounds())
	dark := func(x, y int) bool {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		return (cr+cg+cb)/3 < 0x8000
	}
	// A row inked most of the way across is the box round the code, not
	// a letter: it is left out.
	rule := map[int]bool{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		n := 0
		for x := r.Min.X; x < r.Max.X; x++ {
			if dark(x, y) {
				n++
			}
		}
		rule[y] = n > r.Dx()/2
	}
	ink := func(x, y int) bool { return !rule[y] && dark(x, y) }
	colInk := func(x int) bool {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if ink(x, y) {
				return true
			}
		}
		return false
	}
	type span struct{ x0, x1, y0, y1 int }
	var spans []span
	for x := r.Min.X; x < r.Max.X; x++ {
		if !colInk(x) {
			continue
		}
		s := span{x0: x, y0: r.Max.Y, y1: r.Min.Y}
		for ; x < r.Max.X && colInk(x); x++ {
			for y := r.Min.Y; y < r.Max.Y; y++ {
				if ink(x, y) {
					s.y0, s.y1 = min(s.y0, y), max(s.y1, y+1)
				}
			}
		}
		s.x1 = x
		spans = append(spans, s)
	}
	tall := 0
	for _, s := range spans {
		tall = max(tall, s.y1-s.y0)
	}
	dash := func(s span) bool { return s.y1-s.y0 < tall*2/5 }
	// extent is a run of columns [x0, x1) with its ink's rows.
	extent := func(x0, x1 int) span {
		s := span{x0: x0, x1: x1, y0: r.Max.Y, y1: r.Min.Y}
		for x := x0; x < x1; x++ {
			for y := r.Min.Y; y < r.Max.Y; y++ {
				if ink(x, y) {
					s.y0, s.y1 = min(s.y0, y), max(s.y1, y+1)
				}
			}
		}
		return s
	}
	for {
		n, widest := 0, -1
		for i, s := range spans {
			if dash(s) {
				continue
			}
			n++
			if widest < 0 || s.x1-s.x0 > spans[widest].x1-spans[widest].x0 {
				widest = i
			}
		}
		if n >= letters || widest < 0 || spans[widest].x1-spans[widest].x0 < 4 {
			break
		}
		s := spans[widest]
		cut, least := -1, 0
		for x := s.x0 + (s.x1-s.x0)*3/10; x <= s.x0+(s.x1-s.x0)*7/10; x++ {
			k := 0
			for y := r.Min.Y; y < r.Max.Y; y++ {
				if ink(x, y) {
					k++
				}
			}
			if cut < 0 || k < least {
				cut, least = x, k
			}
		}
		spans = slices.Replace(spans, widest, widest+1, extent(s.x0, cut), extent(cut, s.x1))
	}
	var out []glyph
	for _, s := range spans {
		if dash(s) {
			out = append(out, glyph{dash: true})
			continue
		}
		g := glyph{shape: make([]float64, gridW*gridH)}
		sw, sh := s.x1-s.x0, s.y1-s.y0
		for gy := 0; gy < gridH; gy++ {
			for gx := 0; gx < gridW; gx++ {
				ya, yb := s.y0+gy*sh/gridH, s.y0+(gy+1)*sh/gridH
				xa, xb := s.x0+gx*sw/gridW, s.x0+(gx+1)*sw/gridW
				n, inked := 0, 0
				for y := ya; y < max(yb, ya+1); y++ {
					for x := xa; x < max(xb, xa+1); x++ {
						n++
						if ink(x, y) {
							inked++
						}
					}
				}
				g.shape[gy*gridW+gx] = float64(inked) / float64(n)
			}
		}
		out = append(out, g)
	}
	return out
}
