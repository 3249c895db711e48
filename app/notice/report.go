package notice

import (
	"context"
	"io"
	"math"
	"strconv"

	"casedesk/app"
	"casedesk/app/i18n"
)

// SaveFile writes a file at path through a temporary file in the same
// folder, mode 0600, that takes path only when complete: a failure or a
// cancel leaves no partial file. A file already at path is replaced only
// when replace is set; else the error is for fs.ErrExist. Exports that are
// not PDFs (CSV files) are written through it too.
func SaveFile(ctx context.Context, path string, replace bool, write func(io.Writer) error) error {
	return save(ctx, path, replace, write)
}

// FunderReport is a clinic's report for its funders: figures month by
// month with a chart, active cases by form and outcome, and what each
// figure means.
type FunderReport struct {
	Clinic      string
	Period      string // "January 1, 2026 to December 31, 2026"
	Zone        string // the time zone the months follow
	Made        app.Date
	Months      []ReportFigures
	Total       ReportFigures
	Forms       []ReportOutcomes
	All         ReportOutcomes // every form
	Definitions [][2]string    // figure, what it counts
}

// ReportFigures are one month's figures, or the period's.
type ReportFigures struct {
	Label                                   string
	ClientsServed, NewCases, NoticesPrinted int
}

// ReportOutcomes are one form's active cases by outcome.
type ReportOutcomes struct {
	Form                                 string
	Approved, Denied, Withdrawn, Pending int
}

func (o ReportOutcomes) total() int { return o.Approved + o.Denied + o.Withdrawn + o.Pending }

// The funders' report is the clinic's, in English like the desk.
func (r FunderReport) Title() string { return r.title(r.lang()) }
func (r FunderReport) title(l *i18n.Lang) string {
	return l.T("Report for funders, %s", r.Period)
}
func (r FunderReport) lang() *i18n.Lang { return english() }
func (r FunderReport) Date() app.Date   { return r.Made }

// The chart's two colours: clients served dark, new cases light.
var (
	servedRGB = [3]int{31, 84, 130}
	casesRGB  = [3]int{132, 178, 214}
)

func (r FunderReport) render(p *page) {
	p.cont = p.T("Report for funders, %s", r.Period)
	p.text(marginX, p.y, sans, "B", 16, p.T("Report for funders"))
	p.y += 22
	p.text(marginX, p.y, sans, "B", 11, r.Period)
	p.y += 16
	p.grey(inkGrey)
	p.text(marginX, p.y, sans, "", 8.5, p.T("Months begin at midnight in the clinic's time zone: %s. Made on %s.", r.Zone, p.date(r.Made)))
	p.grey(0)
	p.y += 22

	r.summary(p)
	r.chart(p)
	r.outcomes(p)
	r.monthTable(p)
	r.definitions(p)
}

// summary prints the period's figures in four boxes across the page.
func (r FunderReport) summary(p *page) {
	const h = 54.0
	p.need(h + 16)
	boxes := []struct {
		label string
		n     int
	}{
		{p.T("Clients served"), r.Total.ClientsServed},
		{p.T("New cases"), r.Total.NewCases},
		{p.T("Active cases"), r.All.total()},
		{p.T("Notices printed"), r.Total.NoticesPrinted},
	}
	w := (contentW - 3*8) / 4
	for i, b := range boxes {
		x := marginX + float64(i)*(w+8)
		p.box(x, p.y, w, h, ruleGrey, 0.5)
		p.grey(inkGrey)
		p.text(x+8, p.y+7, sans, "", 8, b.label)
		p.grey(0)
		p.text(x+8, p.y+21, sans, "B", 20, thousands(b.n))
	}
	p.y += h + 18
}

// chart draws a bar chart of clients served and new cases, month by month.
func (r FunderReport) chart(p *page) {
	const plotH, labelH = 150.0, 30.0
	p.need(20 + plotH + labelH + 10)
	p.text(marginX, p.y, sans, "B", 11, p.T("Clients served and new cases, month by month"))
	p.y += 20
	top, step := axis(r.Months)
	const axisW = 34.0
	x0, y0 := marginX+axisW, p.y
	plotW := contentW - axisW
	// Grid lines and their values.
	for v := 0; v <= top; v += step {
		y := y0 + plotH - plotH*float64(v)/float64(top)
		p.line(x0, y, x0+plotW, y, 205, 0.4)
		p.grey(inkGrey)
		p.textRight(x0-5, y-4, sans, "", 7.5, thousands(v))
		p.grey(0)
	}
	p.line(x0, y0+plotH, x0+plotW, y0+plotH, 90, 0.8)
	n := len(r.Months)
	slot := plotW / float64(max(n, 1))
	barW := min(slot*0.36, 22)
	every := 1 + (n-1)/12 // at most about twelve labels
	// Each bar's value is printed above it when every value fits its bar's width.
	values := n <= 12
	for _, m := range r.Months {
		for _, v := range []int{m.ClientsServed, m.NewCases} {
			values = values && p.width(sans, "", 6.5, strconv.Itoa(v)) <= barW+1
		}
	}
	for i, m := range r.Months {
		cx := x0 + slot*(float64(i)+0.5)
		for j, v := range []int{m.ClientsServed, m.NewCases} {
			h := plotH * float64(v) / float64(top)
			x := cx - barW + float64(j)*barW
			rgb := servedRGB
			if j == 1 {
				rgb = casesRGB
			}
			p.fill(x, y0+plotH-h, barW-1, h, rgb)
			if values && v > 0 {
				p.grey(inkGrey)
				p.textCentre(x+(barW-1)/2, y0+plotH-h-9, 6.5, strconv.Itoa(v))
				p.grey(0)
			}
		}
		if i%every == 0 {
			p.textCentre(cx, y0+plotH+4, 7.5, shortLabel(m.Label))
		}
	}
	// Legend.
	ly := y0 + plotH + 18
	p.fill(x0, ly+1, 8, 8, servedRGB)
	p.text(x0+12, ly, sans, "", 8.5, p.T("Clients served"))
	lx := x0 + 16 + p.width(sans, "", 8.5, p.T("Clients served")) + 16
	p.fill(lx, ly+1, 8, 8, casesRGB)
	p.text(lx+12, ly, sans, "", 8.5, p.T("New cases"))
	p.y = y0 + plotH + labelH + 16
}

// shortLabel keeps a month label short enough for a bar: "Jan 2026" → "Jan 26".
func shortLabel(s string) string {
	if len(s) == 8 && s[3] == ' ' {
		return s[:4] + s[6:]
	}
	return s
}

// axis chooses the chart's top value and grid step: a round step (1, 2 or
// 5 times a power of ten) giving four to five lines.
func axis(months []ReportFigures) (top, step int) {
	most := 1
	for _, m := range months {
		most = max(most, m.ClientsServed, m.NewCases)
	}
	raw := float64(most) / 4
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	step = int(pow)
	for _, k := range []float64{1, 2, 5, 10} {
		if k*pow >= raw {
			step = int(k * pow)
			break
		}
	}
	step = max(step, 1)
	top = (most + step - 1) / step * step
	return top, step
}

// thousands writes n with commas between its thousands: 50,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// column is one column of a table: its heading, width and whether it is a number.
type column struct {
	head string
	w    float64
}

// table prints a table's rows, numbers right-aligned after the first
// column; the last row is bold when total is set.
func (p *page) table(cols []column, rows [][]string, total bool) {
	const rowH = 15.0
	head := func() {
		p.grey(inkGrey)
		x := marginX
		for i, c := range cols {
			if i == 0 {
				p.text(x+4, p.y+3, sans, "B", 8.5, c.head)
			} else {
				p.textRight(x+c.w-4, p.y+3, sans, "B", 8.5, c.head)
			}
			x += c.w
		}
		p.grey(0)
		p.y += rowH
		p.line(marginX, p.y, marginX+contentW, p.y, 90, 0.6)
	}
	p.need(rowH * 3)
	head()
	for r, row := range rows {
		if p.y+rowH > bottomY {
			p.start()
			head()
		}
		style := ""
		if total && r == len(rows)-1 {
			style = "B"
			p.line(marginX, p.y, marginX+contentW, p.y, 90, 0.6)
		}
		x := marginX
		for i, c := range cols {
			if i == 0 {
				p.text(x+4, p.y+3, sans, style, 9.5, p.fit(sans, style, 9.5, row[i], c.w-8))
			} else {
				p.textRight(x+c.w-4, p.y+3, sans, style, 9.5, row[i])
			}
			x += c.w
		}
		p.y += rowH
		if style == "" {
			p.line(marginX, p.y, marginX+contentW, p.y, 215, 0.4)
		}
	}
	p.y += 16
}

func (r FunderReport) outcomes(p *page) {
	p.need(20 + 15*4)
	p.text(marginX, p.y, sans, "B", 11, p.T("Active cases by form and outcome at the end of the period"))
	p.y += 20
	if len(r.Forms) == 0 {
		p.para("", 10, p.T("No case was active in the period."))
		p.y += 12
		return
	}
	w := (contentW - 140) / 5
	cols := []column{{p.T("Form"), 140}, {p.T("Approved"), w}, {p.T("Denied"), w}, {p.T("Withdrawn"), w}, {p.T("Pending"), w}, {p.T("Active cases"), w}}
	var rows [][]string
	for _, f := range append(append([]ReportOutcomes(nil), r.Forms...), r.All) {
		rows = append(rows, []string{f.Form, strconv.Itoa(f.Approved), strconv.Itoa(f.Denied), strconv.Itoa(f.Withdrawn), strconv.Itoa(f.Pending), strconv.Itoa(f.total())})
	}
	p.table(cols, rows, true)
}

func (r FunderReport) monthTable(p *page) {
	p.need(20 + 15*4)
	p.text(marginX, p.y, sans, "B", 11, p.T("Month by month"))
	p.y += 20
	w := (contentW - 140) / 3
	cols := []column{{p.T("Month"), 140}, {p.T("Clients served"), w}, {p.T("New cases"), w}, {p.T("Notices printed"), w}}
	var rows [][]string
	for _, m := range append(append([]ReportFigures(nil), r.Months...), r.Total) {
		rows = append(rows, []string{m.Label, strconv.Itoa(m.ClientsServed), strconv.Itoa(m.NewCases), strconv.Itoa(m.NoticesPrinted)})
	}
	p.table(cols, rows, true)
	if len(r.Months) > 1 {
		p.grey(inkGrey)
		p.para("", 8, p.T("A client served in several months is counted in each of them, and once in the total."))
		p.grey(0)
		p.y += 8
	}
}

func (r FunderReport) definitions(p *page) {
	p.need(60)
	p.text(marginX, p.y, sans, "B", 11, p.T("What each figure counts"))
	p.y += 20
	for _, d := range r.Definitions {
		p.need(30)
		p.text(marginX, p.y, sans, "B", 9.5, d[0])
		p.y += 13
		p.paraAt(marginX+12, contentW-12, "", 9, d[1])
		p.y += 5
	}
}

// line draws a line in a grey level and width.
func (p *page) line(x1, y1, x2, y2 float64, grey int, stroke float64) {
	if !p.dry {
		p.f.SetDrawColor(grey, grey, grey)
		p.f.SetLineWidth(stroke)
		p.f.Line(x1, y1, x2, y2)
		p.mark(Mark{Kind: MarkLine, X: x1, Y: y1, W: x2 - x1, Grey: grey, Stroke: stroke})
	}
}

// fill draws a filled rectangle in a colour.
func (p *page) fill(x, y, w, h float64, rgb [3]int) {
	if !p.dry && h > 0 {
		p.f.SetFillColor(rgb[0], rgb[1], rgb[2])
		p.f.Rect(x, y, w, h, "F")
		p.mark(Mark{Kind: MarkFill, X: x, Y: y, W: w, H: h})
	}
}

// textCentre draws s centred on x.
func (p *page) textCentre(x, y, size float64, s string) {
	w := p.width(sans, "", size, s)
	p.text(x-w/2, y, sans, "", size, s)
}
