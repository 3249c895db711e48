package notice

import (
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/boombuler/barcode/code128"

	"casedesk/app"
	"casedesk/app/i18n"
)

// Page geometry, in points (1/72 inch), for US Letter.
const (
	pageW    = 612.0
	pageH    = 792.0
	marginX  = 54.0 // ¾ inch
	contentW = pageW - 2*marginX
	topY     = 54.0
	bottomY  = 724.0 // body text stops here; the footer sits below

	// A #10 window envelope shows 4½ × 1⅛ inches, ⅞ inch from the left and
	// ½ inch from the bottom. Folded in three, a letter's address must sit
	// between about 2.05 and 3.15 inches from its top edge.
	addressX     = 72.0
	addressY     = 152.0
	addressW     = 300.0
	addressLines = 5

	letterheadLines = 4 // address lines under the clinic's name
)

// Fonts: the sans family has a regular and a bold face; mono prints codes.
const (
	sans = "dejavu"
	mono = "dejavumono"
)

// Colours (grey levels) for labels and rules.
const (
	inkGrey  = 90
	ruleGrey = 150
)

// page lays out one document. It runs twice: a dry run that only measures,
// to learn how many pages the document takes, and the drawing run that knows
// it and can print "Page x of y".
type page struct {
	f     *fpdf.Fpdf
	lh    Letterhead
	doc   Doc
	dry   bool
	n     int        // current page of the document, from 1
	total int        // pages of the document, known in the drawing run
	y     float64    // the next free line's top
	cont  string     // heading of continuation pages
	bad   []rune     // characters the fonts lack, collected from every text drawn
	state *pdfState  // shared by every run that lays out in f
	ink   int        // the text's grey level
	rec   *[]Page    // when not nil, the drawing run also records each page's marks here
	tr    *i18n.Lang // the document's language: its words, dates and numbers
}

// mark records m on the current page when the layout is being recorded.
func (p *page) mark(m Mark) {
	if p.rec != nil && !p.dry {
		pages := *p.rec
		last := &pages[len(pages)-1]
		last.Marks = append(last.Marks, m)
	}
}

func (p *page) grey(level int) {
	p.ink = level
	if !p.dry {
		p.f.SetTextColor(level, level, level)
	}
}

// text draws s with its top at y. Text that would run past the right
// margin is cut short with an ellipsis.
func (p *page) text(x, y float64, family, style string, size float64, s string) {
	s = strings.ReplaceAll(p.clean(s), "\n", " ")
	if !p.dry { // the dry run measures nothing here: no face needed
		p.font(family, style, size)
		s = p.fitFont(s, pageW-marginX-x)
		p.f.Text(x, y+size*0.8, s)
		if p.rec != nil { // the width is measured again only for a preview
			p.mark(Mark{Kind: MarkText, X: x, Y: y, W: p.f.GetStringWidth(s), Text: s, Size: size, Bold: style == "B", Mono: family == mono, Grey: p.ink})
		}
	}
}

// textRight draws s ending at x, cut short when it would start left of the
// left margin.
func (p *page) textRight(x, y float64, family, style string, size float64, s string) {
	s = strings.ReplaceAll(p.clean(s), "\n", " ")
	if !p.dry {
		p.font(family, style, size)
		s = p.fitFont(s, x-marginX)
		w := p.f.GetStringWidth(s)
		p.f.Text(x-w, y+size*0.8, s)
		p.mark(Mark{Kind: MarkText, X: x - w, Y: y, W: w, Text: s, Size: size, Bold: style == "B", Mono: family == mono, Grey: p.ink, Right: true})
	}
}

// wrap splits s into lines no wider than w in the given face.
// The lines may be shared with other calls: do not change them.
func (p *page) wrap(family, style string, size float64, s string, w float64) []string {
	k := wrapKey{family, style, size, w, s}
	if out, ok := p.state.wrapped[k]; ok {
		p.clean(s) // for the characters the fonts lack
		return out
	}
	s = p.clean(s)
	p.font(family, style, size)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, p.f.SplitText(para, w)...)
	}
	p.state.keepWrap(k, out)
	return out
}

// start begins a page: the footer, and on the first page the letterhead.
func (p *page) start() {
	p.n++
	if !p.dry {
		p.f.AddPage()
		if p.rec != nil {
			*p.rec = append(*p.rec, Page{})
		}
		p.footer()
	}
	if p.n == 1 {
		p.letterhead()
		return
	}
	p.text(marginX, topY, sans, "B", 10, p.fit(sans, "B", 10, p.lh.Name, contentW/2-6))
	p.grey(inkGrey)
	p.textRight(pageW-marginX, topY, sans, "", 9, p.fit(sans, "", 9, p.cont, contentW/2-6))
	p.grey(0)
	p.rule(topY + 16)
	p.y = topY + 28
}

func (p *page) letterhead() {
	p.text(marginX, topY, sans, "B", 13, p.lh.Name)
	y := topY + 18
	p.grey(inkGrey)
	// Four lines fit above the rule; more are joined onto the fourth.
	lines := p.lh.Address
	if len(lines) > letterheadLines {
		lines = append(slices.Clone(lines[:letterheadLines-1]), strings.Join(lines[letterheadLines-1:], ", "))
	}
	for _, l := range lines {
		p.text(marginX, y, sans, "", 9, l)
		y += 11
	}
	p.grey(0)
	p.rule(118)
	p.y = 130
}

// footer prints the disclaimer every page carries and the page number.
func (p *page) footer() {
	y := pageH - 48.0
	p.rule(y)
	p.grey(inkGrey)
	p.text(marginX, y+6, sans, "", 8, p.T("Record copy printed with CaseDesk — not issued by USCIS"))
	p.textRight(pageW-marginX, y+6, sans, "", 8, p.T("Page %d of %d", p.n, p.total))
	p.grey(0)
}

func (p *page) rule(y float64) {
	if !p.dry {
		p.f.SetDrawColor(ruleGrey, ruleGrey, ruleGrey)
		p.f.SetLineWidth(0.5)
		p.f.Line(marginX, y, pageW-marginX, y)
		p.mark(Mark{Kind: MarkLine, X: marginX, Y: y, W: contentW, Grey: ruleGrey, Stroke: 0.5})
	}
}

// box draws the outline of a rectangle in a grey level and line width.
func (p *page) box(x, y, w, h float64, grey int, stroke float64) {
	if !p.dry {
		p.f.SetDrawColor(grey, grey, grey)
		p.f.SetLineWidth(stroke)
		p.f.Rect(x, y, w, h, "D")
		p.mark(Mark{Kind: MarkBox, X: x, Y: y, W: w, H: h, Grey: grey, Stroke: stroke})
	}
}

// need starts a new page unless h more points fit on this one.
func (p *page) need(h float64) {
	if p.y+h > bottomY {
		p.start()
	}
}

// para prints wrapped text at the cursor, breaking pages between lines.
func (p *page) para(style string, size float64, s string) {
	p.paraAt(marginX, contentW, style, size, s)
}

func (p *page) paraAt(x, w float64, style string, size float64, s string) {
	lead := size * 1.35
	for _, l := range p.wrap(sans, style, size, s, w) {
		p.need(lead)
		p.text(x, p.y, sans, style, size, l)
		p.y += lead
	}
}

// item prints a list entry: the marker, and the text wrapped beside it with a
// hanging indent.
func (p *page) item(marker, s string) {
	const indent, size = 18.0, 10.0
	lines := p.wrap(sans, "", size, s, contentW-indent-14)
	for i, l := range lines {
		p.need(size * 1.35)
		if i == 0 {
			p.textRight(marginX+indent, p.y, sans, "", size, marker)
		}
		p.text(marginX+indent+6, p.y, sans, "", size, l)
		p.y += size * 1.35
	}
}

func (p *page) gap(h float64) { p.y += h }

// heading prints a bold line with room below it.
func (p *page) heading(s string) {
	p.need(40)
	p.text(marginX, p.y, sans, "B", 12, s)
	p.y += 20
}

// address prints the mailing block in the envelope window. Lines beyond the
// window are joined so nothing falls outside it.
func (p *page) address(block string) {
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if len(lines) > addressLines {
		lines = append(lines[:addressLines-1], strings.Join(lines[addressLines-1:], ", "))
	}
	y := addressY
	for _, l := range lines {
		l = p.fit(sans, "", 11, strings.TrimSpace(l), addressW)
		p.text(addressX, y, sans, "", 11, l)
		y += 13.5
	}
}

// sideX is where the column beside the address block starts.
const sideX = 390.0

// side prints, beside the address block, what the paper is: an optional
// small kicker above, the title, and a labelled date.
func (p *page) side(kicker, title, dateLabel string, date app.Date) {
	room, size := pageW-marginX-sideX, 14.0
	if kicker != "" {
		// A kicker too long for the column (Spanish runs about a quarter
		// longer than English) takes more lines upwards, into the free
		// space under the letterhead's rule.
		lines := p.wrap(sans, "", 8, kicker, room)
		p.grey(inkGrey)
		for i, l := range lines {
			p.text(sideX, addressY-2-float64(len(lines)-1-i)*9.5, sans, "", 8, l)
		}
		p.grey(0)
	}
	// A title too wide for the column is set smaller, down to 11 points,
	// and then takes a second line.
	for size > 11 && p.width(sans, "B", size, title) > room {
		size -= 0.5
	}
	lines := p.wrap(sans, "B", size, title, room)
	if len(lines) > 2 {
		lines = []string{lines[0], strings.Join(lines[1:], " ")}
	}
	y := addressY + 10
	for _, l := range lines {
		p.text(sideX, y, sans, "B", size, l)
		y += size * 1.2
	}
	p.grey(inkGrey)
	p.text(sideX, y+5, sans, "", 8, dateLabel)
	p.grey(0)
	p.text(sideX, y+15, sans, "", 10, p.date(date))
}

// width is how wide s prints in a face.
func (p *page) width(family, style string, size float64, s string) float64 {
	p.font(family, style, size)
	return p.f.GetStringWidth(p.clean(s))
}

// fit shortens s with an ellipsis until it is no wider than w.
func (p *page) fit(family, style string, size float64, s string, w float64) string {
	s = p.clean(s)
	p.font(family, style, size)
	return p.fitFont(s, w)
}

// fitFont shortens s, in the current font, with an ellipsis until it is no
// wider than w: the longest such start of s, found by halving.
func (p *page) fitFont(s string, w float64) string {
	if p.f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.f.GetStringWidth(string(r[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(r[:lo]), " ") + "…"
}

// field is one labelled box of the I-797-style grid.
type field struct {
	label, value string
	w            float64
}

// grid prints rows of labelled boxes, each row at least h tall and taller
// when a value wraps, so nothing is cut off.
func (p *page) grid(h float64, rows ...[]field) {
	const size, lead = 10.0, 12.0
	for _, row := range rows {
		wrapped := make([][]string, len(row))
		rowH := h
		for i, c := range row {
			wrapped[i] = p.wrap(sans, "", size, c.value, c.w-10)
			rowH = max(rowH, 15+float64(len(wrapped[i]))*lead+5)
		}
		p.need(rowH)
		x := marginX
		for i, c := range row {
			p.box(x, p.y, c.w, rowH, ruleGrey, 0.5)
			p.grey(inkGrey)
			p.text(x+5, p.y+4, sans, "", 7.5, c.label)
			p.grey(0)
			for j, l := range wrapped[i] {
				p.text(x+5, p.y+15+float64(j)*lead, sans, "", size, l)
			}
			x += c.w
		}
		p.y += rowH
	}
}

// barcode draws value as a Code128 barcode, bars as vector rectangles so it
// prints sharp at any resolution, at most maxW wide. A value Code128 cannot
// carry or that is too long (receipt numbers never are) gets no barcode; the
// number is printed beside it anyway.
func (p *page) barcode(x, y, h, maxW float64, value string) {
	if p.dry {
		return
	}
	bc, err := code128.Encode(value)
	if err != nil {
		return
	}
	const module = 0.85 // points per module: 0.012 inch, within what scanners read
	width := bc.Bounds().Dx()
	if float64(width)*module > maxW {
		return // longer than any receipt number: it would not fit its box
	}
	p.f.SetFillColor(0, 0, 0)
	for i := 0; i < width; {
		if r, _, _, _ := bc.At(i, 0).RGBA(); r != 0 {
			i++
			continue
		}
		j := i
		for j < width {
			if r, _, _, _ := bc.At(j, 0).RGBA(); r != 0 {
				break
			}
			j++
		}
		p.f.Rect(x+float64(i)*module, y, float64(j-i)*module, h, "F")
		p.mark(Mark{Kind: MarkFill, X: x + float64(i)*module, Y: y, W: float64(j-i) * module, H: h})
		i = j
	}
}
