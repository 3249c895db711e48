package ui

import (
	"context"
	"image/color"
	"strconv"

	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// reportsTab is "Reports", the funders' report: a period chosen, its
// figures, a chart of clients served and new cases month by month, the
// active cases by form and outcome, and the report saved as a PDF or a
// CSV file. Any staff member may see it: it holds numbers only.
type reportsTab struct {
	d    *Desk
	item *container.TabItem

	period   *choice
	from, to *field
	dates    *fyne.Container // From and To, shown for chosen dates
	show     *widget.Button
	savePDF  *widget.Button
	saveCSV  *widget.Button
	info     *widget.Label
	figures  [4]*widget.Label
	chart    *barChart
	byForm   *fyne.Container
	byMonth  *fyne.Container
	body     *fyne.Container // the figures, shown once a report is made
	report   *desk.Report
	asked    int
	loaded   bool
}

// periodNames are the choices of period, in the order of desk.PeriodChoices,
// then the dates typed.
var periodNames = []string{"This month", "Last month", "This year", "Last year", "Last 12 months", "Chosen dates"}

var outcomeWidths = []float32{2, 1, 1, 1, 1, 1.2}
var monthWidths = []float32{2, 1.2, 1.2, 1.2}

func newReportsTab(d *Desk) *reportsTab {
	t := &reportsTab{d: d}
	names := make([]string, len(periodNames))
	for i, n := range periodNames {
		names[i] = i18n.T(n)
	}
	t.from, t.to = newField(), newField()
	t.from.SetPlaceHolder("MM/DD/YYYY")
	t.to.SetPlaceHolder("MM/DD/YYYY")
	d.touchOnTyping(&t.from.Entry, &t.to.Entry)
	t.from.OnSubmitted = func(string) { t.load() }
	t.to.OnSubmitted = func(string) { t.load() }
	t.dates = container.NewHBox(widget.NewLabel(i18n.T("From")), sized(t.from, 140), widget.NewLabel(i18n.T("to")), sized(t.to, 140))
	t.dates.Hide()
	t.period = newChoice(names, func(string) {
		d.touch()
		chosen := t.period.SelectedIndex() == len(desk.PeriodChoices)
		t.dates.Hidden = !chosen
		t.dates.Refresh()
		if !chosen {
			t.load()
		}
	})
	t.show = widget.NewButtonWithIcon(i18n.T("Show"), theme.SearchIcon(), func() { d.touch(); t.load() })
	t.show.Importance = widget.HighImportance
	t.savePDF = widget.NewButtonWithIcon(i18n.T("Save PDF…"), theme.DocumentSaveIcon(), func() { t.save(".pdf") })
	t.saveCSV = widget.NewButtonWithIcon(i18n.T("Save CSV…"), theme.DocumentSaveIcon(), func() { t.save(".csv") })
	t.savePDF.Disable()
	t.saveCSV.Disable()
	t.info = wrapped("")
	captions := []string{"Clients served", "New cases", "Active cases", "Notices printed"}
	boxes := make([]fyne.CanvasObject, len(captions))
	for i, c := range captions {
		t.figures[i] = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		t.figures[i].SizeName = theme.SizeNameHeadingText
		boxes[i] = widget.NewCard("", "", container.NewVBox(widget.NewLabel(i18n.T(c)), t.figures[i]))
	}
	t.chart = newBarChart()
	t.byForm, t.byMonth = container.NewVBox(), container.NewVBox()
	defs := container.NewVBox()
	for _, def := range desk.Definitions() {
		defs.Add(bold(def.Figure))
		defs.Add(wrapped(def.Means))
	}
	t.body = container.NewVBox(t.info, container.NewGridWithColumns(4, boxes...),
		section(i18n.T("Clients served and new cases, month by month"), t.chart.Container),
		section(i18n.T("Active cases by form and outcome at the end of the period"), t.byForm),
		section(i18n.T("Month by month"), t.byMonth),
		widget.NewAccordion(widget.NewAccordionItem(i18n.T("What each figure counts"), defs)))
	t.body.Hide()
	bar := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(i18n.T("Period")), sized(t.period, 190), t.dates, t.show), container.NewHBox(t.savePDF, t.saveCSV))
	t.item = container.NewTabItem(i18n.T("Reports"), container.NewBorder(bar, nil, nil, nil, container.NewVScroll(t.body)))
	return t
}

// sized gives o at least width w.
func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

// open shows the last twelve months, the first time.
func (t *reportsTab) open() {
	if t.loaded {
		return
	}
	t.loaded = true
	last12 := len(desk.PeriodChoices) - 1
	if t.period.SelectedIndex() == last12 {
		t.load() // chosen already, before a sign-out: choosing it again changes nothing
		return
	}
	t.period.SetSelectedIndex(last12) // loads
}

// load makes the report of the period chosen, in the background.
func (t *reportsTab) load() {
	d := t.d
	i := t.period.SelectedIndex()
	from, to := t.from.Text, t.to.Text
	t.asked++
	asked := t.asked
	d.run(func(ctx context.Context) func() {
		var p desk.Period
		var err error
		if i >= 0 && i < len(desk.PeriodChoices) {
			p, err = desk.NamedPeriod(desk.PeriodChoices[i], d.desk.Today(ctx))
		} else {
			p, err = desk.ParsePeriod(from, to)
		}
		var r desk.Report
		if err == nil {
			r, err = d.desk.Report(ctx, p)
		}
		return func() {
			if asked != t.asked {
				return // a later choice is on its way
			}
			if err != nil {
				d.fail(err)
				return
			}
			t.showReport(r)
		}
	})
}

// showReport fills the tab with r.
func (t *reportsTab) showReport(r desk.Report) {
	t.report = &r
	t.info.SetText(i18n.T("%s. Months begin at midnight in the clinic's time zone: %s.", r.Period.String(), r.Zone))
	for i, n := range []int{r.Total.ClientsServed, r.Total.NewCases, r.All.Total(), r.Total.NoticesPrinted} {
		t.figures[i].SetText(strconv.Itoa(n))
	}
	t.chart.set(r.Months)
	t.byForm.Objects = []fyne.CanvasObject{newColumns(outcomeWidths, bold(i18n.T("Form")), boldRight(i18n.T("Approved")), boldRight(i18n.T("Denied")),
		boldRight(i18n.T("Withdrawn")), boldRight(i18n.T("Pending")), boldRight(i18n.T("Active cases")))}
	for _, f := range append(append([]desk.FormOutcomes(nil), r.ByForm...), r.All) {
		t.byForm.Add(newColumns(outcomeWidths, widget.NewLabel(f.Form), number(f.Approved), number(f.Denied),
			number(f.Withdrawn), number(f.Pending), number(f.Total())))
	}
	t.byForm.Refresh()
	t.byMonth.Objects = []fyne.CanvasObject{newColumns(monthWidths, bold(i18n.T("Month")), boldRight(i18n.T("Clients served")),
		boldRight(i18n.T("New cases")), boldRight(i18n.T("Notices printed")))}
	for _, m := range append(append([]desk.MonthFigures(nil), r.Months...), r.Total) {
		t.byMonth.Add(newColumns(monthWidths, widget.NewLabel(m.Label), number(m.ClientsServed), number(m.NewCases), number(m.NoticesPrinted)))
	}
	t.byMonth.Refresh()
	t.body.Show()
	t.savePDF.Enable()
	t.saveCSV.Enable()
}

// boldRight is a column's heading over numbers.
func boldRight(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

// number is a figure in a table, right-aligned.
func number(n int) *widget.Label {
	return widget.NewLabelWithStyle(strconv.Itoa(n), fyne.TextAlignTrailing, fyne.TextStyle{})
}

// save asks where to save the report shown, then saves it as a PDF (ext
// ".pdf") or a CSV file in the background.
func (t *reportsTab) save(ext string) {
	d := t.d
	d.touch()
	if t.report == nil {
		return
	}
	r := *t.report
	saveAs(d, reportFileName(r, ext), func(path string) {
		d.run(func(ctx context.Context) func() {
			var err error
			if ext == ".pdf" {
				err = d.desk.SaveReportPDF(ctx, r, path, true)
			} else {
				err = d.desk.SaveReportCSV(ctx, r, path, true)
			}
			if err != nil {
				dropEmpty(path)
			}
			return func() {
				if err != nil {
					d.fail(err)
					return
				}
				d.tellDone(i18n.T("Saved the report in %s.", path))
			}
		})
	})
}

// reset forgets the report.
func (t *reportsTab) reset() {
	t.asked++
	t.report = nil
	t.loaded = false
	t.body.Hide()
	t.chart.set(nil)
	t.byForm.Objects, t.byMonth.Objects = nil, nil
	t.info.SetText("")
	t.from.SetText("")
	t.to.SetText("")
	t.savePDF.Disable()
	t.saveCSV.Disable()
}

// barChart draws clients served and new cases month by month: a pair of
// bars a month over grid lines, with the months below and a legend.
type barChart struct {
	*fyne.Container
	months []desk.MonthFigures
}

// The chart's colours: clients served dark, new cases light, as on the PDF.
var (
	servedColour = color.NRGBA{R: 31, G: 84, B: 130, A: 255}
	casesColour  = color.NRGBA{R: 132, G: 178, B: 214, A: 255}
	gridColour   = color.NRGBA{R: 128, G: 128, B: 128, A: 70}
)

func newBarChart() *barChart {
	c := &barChart{}
	c.Container = container.New(&chartLayout{c: c})
	return c
}

// set draws months.
func (c *barChart) set(months []desk.MonthFigures) {
	var objs []fyne.CanvasObject
	top, step := chartAxis(months)
	for v := 0; v <= top && len(months) > 0; v += step {
		objs = append(objs, canvas.NewLine(gridColour), axisText(strconv.Itoa(v), fyne.TextAlignTrailing))
	}
	for _, m := range months {
		objs = append(objs, canvas.NewRectangle(servedColour), canvas.NewRectangle(casesColour),
			axisText(shortMonth(m.Label), fyne.TextAlignCenter))
	}
	if len(months) > 0 {
		objs = append(objs, canvas.NewRectangle(servedColour), axisText(i18n.T("Clients served"), fyne.TextAlignLeading),
			canvas.NewRectangle(casesColour), axisText(i18n.T("New cases"), fyne.TextAlignLeading))
	}
	// All at once: the layout reads the objects in the order made here.
	c.months, c.Objects = months, objs
	c.Refresh()
}

func axisText(s string, align fyne.TextAlign) *canvas.Text {
	t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	t.TextSize = theme.CaptionTextSize()
	t.Alignment = align
	return t
}

// shortMonth keeps a month label short under its bars: "Jan 2026" → "Jan 26".
func shortMonth(s string) string {
	if len(s) == 8 && s[3] == ' ' {
		return s[:4] + s[6:]
	}
	return s
}

// chartAxis is the chart's top value and grid step: a round step (1, 2
// or 5 times a power of ten) giving four or five lines.
func chartAxis(months []desk.MonthFigures) (top, step int) {
	most := 1
	for _, m := range months {
		most = max(most, m.ClientsServed, m.NewCases)
	}
	for p := 1; ; p *= 10 {
		for _, f := range []int{1, 2, 5} {
			if step := f * p; step*4 >= most {
				return (most + step - 1) / step * step, step
			}
		}
	}
}

// chartLayout places the chart's lines, bars and texts in the order set
// adds them.
type chartLayout struct{ c *barChart }

const (
	chartHeight = 220
	axisWidth   = 52
	labelRoom   = 22 // below the plot: the months
	legendRoom  = 24
)

func (l *chartLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(360, chartHeight+labelRoom+legendRoom)
}

func (l *chartLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	months := l.c.months
	top, step := chartAxis(months)
	if len(months) == 0 || len(objs) != 2*(top/step+1)+3*len(months)+4 {
		return
	}
	plotX, plotW, plotH := float32(axisWidth), size.Width-axisWidth, float32(chartHeight)
	y := func(v int) float32 { return plotH - plotH*float32(v)/float32(top) }
	i := 0
	text := func(o fyne.CanvasObject, x, y, w float32) {
		t := o.(*canvas.Text)
		h := t.MinSize().Height
		t.Move(fyne.NewPos(x, y-h/2))
		t.Resize(fyne.NewSize(w, h))
	}
	for v := 0; v <= top; v += step {
		line := objs[i].(*canvas.Line)
		line.Position1, line.Position2 = fyne.NewPos(plotX, y(v)), fyne.NewPos(plotX+plotW, y(v))
		text(objs[i+1], 0, y(v), axisWidth-6)
		i += 2
	}
	slot := plotW / float32(len(months))
	barW := min(slot*0.36, 28)
	every := 1 + (len(months)-1)/12
	for k, m := range months {
		cx := plotX + slot*(float32(k)+0.5)
		for j, v := range []int{m.ClientsServed, m.NewCases} {
			r := objs[i+j]
			r.Move(fyne.NewPos(cx-barW+float32(j)*barW, y(v)))
			r.Resize(fyne.NewSize(barW-1, plotH-y(v)))
		}
		label := objs[i+2]
		label.(*canvas.Text).Hidden = k%every != 0
		text(label, cx-slot/2, plotH+labelRoom/2, slot)
		i += 3
	}
	ly := plotH + labelRoom + legendRoom/2
	x := plotX
	for j := 0; j < 2; j++ {
		objs[i].Move(fyne.NewPos(x, ly-5))
		objs[i].Resize(fyne.NewSize(10, 10))
		w := objs[i+1].MinSize().Width
		text(objs[i+1], x+14, ly, w)
		x += 14 + w + 18
		i += 2
	}
}
