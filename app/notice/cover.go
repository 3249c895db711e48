package notice

import (
	"casedesk/app"
	"casedesk/app/i18n"
)

// ResponseCover is the cover sheet a person puts on top of their response
// to a request for evidence: who they are, the case (its receipt number as
// a barcode, as USCIS asks for on every response), the date the response
// is due, the evidence enclosed with a box to tick for each, and room to
// sign. It is CaseDesk's own paper, printed at home, and says so in its
// footer like every notice.
type ResponseCover struct {
	Name     string
	Address  []string // the sender's mailing address, one line a line
	Receipt  app.Receipt
	FormType string
	ANumber  app.ANumber // empty when the person has none
	Due      app.Date
	Items    []CoverItem
	Printed  app.Date
	Lang     string // the reader's language tag
}

// CoverItem is one piece of evidence enclosed; Ready ticks its box.
type CoverItem struct {
	Text  string
	Ready bool
}

func (c ResponseCover) Title() string { return c.title(c.lang()) }
func (c ResponseCover) title(l *i18n.Lang) string {
	return l.T("Response to a Request for Evidence %s", string(c.Receipt))
}
func (c ResponseCover) lang() *i18n.Lang { return i18n.In(c.Lang) }
func (c ResponseCover) Date() app.Date   { return c.Printed }

func (c ResponseCover) render(p *page) {
	p.cont = c.title(p.tr)
	// The letterhead is the sender's own name and address (CoverLetterhead).
	p.grey(inkGrey)
	p.text(marginX, p.y, sans, "", 9, p.T("Cover sheet"))
	p.grey(0)
	p.y += 13
	p.text(marginX, p.y, sans, "B", 16, p.T("Response to a Request for Evidence"))
	p.y += 32
	half := contentW / 2
	top := p.y
	p.grid(54, []field{{p.T("Receipt number"), string(c.Receipt), half}, {p.T("Case type"), orDash(c.FormType), half}})
	if c.Receipt != "" {
		p.barcode(marginX+5, top+31, 18, contentW/2-10, string(c.Receipt))
	}
	p.grid(32, []field{
		{p.T("Name"), orDash(c.Name), contentW * 0.4},
		{p.T("A-number"), orDash(c.ANumber.String()), contentW * 0.25},
		{p.T("Response due by"), p.date(c.Due), contentW * 0.35},
	})
	p.gap(18)
	p.para("", 10, p.T("Please find enclosed my response to the Request for Evidence on the case above. Put this sheet on top of the response, with the Request for Evidence itself right behind it, as the request asks."))
	p.gap(12)
	p.text(marginX, p.y, sans, "B", 11, p.T("Evidence enclosed"))
	p.y += 20
	if len(c.Items) == 0 {
		p.para("", 10, p.T("(No items listed.)"))
	}
	const boxSize, size = 10.0, 10.0
	for _, it := range c.Items {
		lines := p.wrap(sans, "", size, it.Text, contentW-boxSize-14)
		p.need(float64(len(lines))*size*1.35 + 6)
		p.box(marginX, p.y, boxSize, boxSize, 0, 0.8)
		if it.Ready {
			p.tick(marginX, p.y, boxSize)
		}
		for i, l := range lines {
			p.text(marginX+boxSize+8, p.y+float64(i)*size*1.35, sans, "", size, l)
		}
		p.y += float64(len(lines))*size*1.35 + 6
	}
	p.gap(24)
	p.need(70)
	p.text(marginX, p.y, sans, "B", 11, p.T("Signature"))
	p.y += 40
	p.rule2(marginX, marginX+half-20, p.y)
	p.rule2(marginX+half+20, pageW-marginX, p.y)
	p.grey(inkGrey)
	p.text(marginX, p.y+4, sans, "", 8, p.T("Signature"))
	p.text(marginX+half+20, p.y+4, sans, "", 8, p.T("Date"))
	p.grey(0)
	p.y += 24
	p.grey(inkGrey)
	p.para("", 8, p.T("Printed %s.", p.date(c.Printed)))
	p.grey(0)
}

// CoverLetterhead heads a cover sheet with its sender's name and address:
// it is their letter, not the clinic's.
func CoverLetterhead(c ResponseCover) Letterhead {
	return Letterhead{Name: orDefault(c.Name, "CaseDesk"), Address: c.Address}
}

// rule2 draws a thin line from x0 to x1 at y: a place to write on.
func (p *page) rule2(x0, x1, y float64) {
	if p.dry {
		return
	}
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(0.6)
	p.f.Line(x0, y, x1, y)
	p.mark(Mark{Kind: MarkLine, X: x0, Y: y, W: x1 - x0, Grey: 0, Stroke: 0.6})
}

// tick draws a tick in the box of size s at x, y, as two strokes: the
// fonts have no tick mark.
func (p *page) tick(x, y, s float64) {
	if p.dry {
		return
	}
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(1.4)
	p.f.Line(x+s*0.2, y+s*0.55, x+s*0.42, y+s*0.8)
	p.f.Line(x+s*0.42, y+s*0.8, x+s*0.85, y+s*0.2)
	p.mark(Mark{Kind: MarkLine, X: x + s*0.2, Y: y + s*0.55, W: s * 0.65, Stroke: 1.4})
}
