package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// processingWidths are the shares of the width of the table's columns.
var processingWidths = []float32{1.2, 2.5, 1.6, 1.5, 3, 1.3}

// processingTab is "Processing times": how long each form takes at each
// office, as the clinic last saw it, which applicants see on their cases;
// Edit puts a row in the form below, which sets it (or a new one).
type processingTab struct {
	d      *Desk
	item   *container.TabItem
	scroll *container.Scroll
	rows   *fyne.Container
	edits  []*widget.Button // "Edit" of each row, in order

	form                          *choice
	office, low, high, asOf, from *field
	wf                            *widget.Form
	items                         map[app.Field]*widget.FormItem
	save                          *widget.Button
	msg                           *widget.Label
}

func newProcessingTab(d *Desk) *processingTab {
	t := &processingTab{d: d, rows: container.NewVBox()}
	types := make([]string, len(app.Forms))
	for i, f := range app.Forms {
		types[i] = f.Type
	}
	t.form = newChoice(types, func(string) { d.touch() })
	t.form.PlaceHolder = i18n.T("Which form?")
	t.office, t.low, t.high, t.asOf, t.from = newField(), newField(), newField(), newField(), newField()
	t.office.SetPlaceHolder(i18n.T("Like NBC or National Benefits Center"))
	t.low.SetPlaceHolder(i18n.T("From, like 8"))
	t.high.SetPlaceHolder(i18n.T("To, like 13.5"))
	t.asOf.SetPlaceHolder(i18n.T("Empty: today"))
	t.from.SetPlaceHolder(i18n.T("Optional: where the numbers come from"))
	d.touchOnTyping(entryOf(t.office, t.low, t.high, t.asOf, t.from)...)
	t.items = map[app.Field]*widget.FormItem{
		app.FieldForm:   widget.NewFormItem(i18n.T("Form"), t.form),
		app.FieldOffice: widget.NewFormItem(i18n.T("Office"), t.office),
		app.FieldMonths: widget.NewFormItem(i18n.T("Months"), container.NewGridWithColumns(2, t.low, t.high)),
		app.FieldDate:   widget.NewFormItem(i18n.T("As of"), t.asOf),
	}
	t.wf = widget.NewForm(t.items[app.FieldForm], t.items[app.FieldOffice], t.items[app.FieldMonths], t.items[app.FieldDate],
		widget.NewFormItem(i18n.T("Source"), t.from))
	t.save = widget.NewButtonWithIcon(i18n.T("Save processing time"), theme.DocumentSaveIcon(), t.submit)
	t.save.Importance = widget.HighImportance
	t.msg = note()
	header := newColumns(processingWidths, bold(i18n.T("Form")), bold(i18n.T("Office")), bold(i18n.T("Months")),
		bold(i18n.T("As of")), bold(i18n.T("Source")), widget.NewLabel(""))
	box := container.NewVBox(header, widget.NewSeparator(), t.rows,
		section(i18n.T("Set a processing time"), container.NewVBox(
			hint(i18n.T("A form and office already in the table gets the new numbers; another is added. Applicants see them on their cases.")),
			t.wf, t.msg, container.NewHBox(t.save))))
	t.scroll = page(box)
	t.item = container.NewTabItem(i18n.T("Processing times"), t.scroll)
	return t
}

// reset forgets the table and what was typed.
func (t *processingTab) reset() {
	t.rows.Objects, t.edits = nil, nil
	t.clearForm()
	t.msg.Hide()
}

func (t *processingTab) clearForm() {
	t.form.ClearSelected()
	for _, e := range []*field{t.office, t.low, t.high, t.asOf, t.from} {
		e.SetText("")
	}
	markItems(t.wf, t.items, nil)
}

// load reads the table.
func (t *processingTab) load() {
	d := t.d
	d.run(func(ctx context.Context) func() {
		pts, err := d.desk.ProcessingTimes(ctx)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			t.show(pts)
		}
	})
}

func (t *processingTab) show(pts []app.ProcessingTime) {
	t.rows.Objects, t.edits = nil, nil
	if len(pts) == 0 {
		t.rows.Add(empty(i18n.T("No processing times yet. Add one below, from the processing times USCIS publishes.")))
	}
	for _, pt := range pts {
		edit := widget.NewButtonWithIcon(i18n.T("Edit"), theme.DocumentCreateIcon(), func() { t.d.touch(); t.fill(pt) })
		t.edits = append(t.edits, edit)
		source := widget.NewLabel(pt.Source)
		source.Truncation = fyne.TextTruncateEllipsis
		office := widget.NewLabel(pt.Office)
		office.Truncation = fyne.TextTruncateEllipsis
		t.rows.Add(newColumns(processingWidths, widget.NewLabel(pt.FormType), office,
			widget.NewLabel(months(pt.MinMonths)+" – "+months(pt.MaxMonths)), widget.NewLabel(pt.AsOf.Short()), source, edit))
	}
	t.rows.Refresh()
	t.scroll.Refresh()
}

// fill puts a row in the form.
func (t *processingTab) fill(pt app.ProcessingTime) {
	t.form.SetSelected(pt.FormType)
	t.office.SetText(pt.Office)
	t.low.SetText(months(pt.MinMonths))
	t.high.SetText(months(pt.MaxMonths))
	t.asOf.SetText(pt.AsOf.Short())
	t.from.SetText(pt.Source)
	t.msg.Hide()
	markItems(t.wf, t.items, nil)
}

func (t *processingTab) submit() {
	d := t.d
	d.touch()
	f := desk.ProcessingForm{FormType: t.form.Selected, Office: t.office.Text, Min: t.low.Text, Max: t.high.Text, AsOf: t.asOf.Text, Source: t.from.Text}
	t.save.Disable()
	d.run(func(ctx context.Context) func() {
		pt, err := d.desk.SetProcessingTime(ctx, f)
		var pts []app.ProcessingTime
		if err == nil {
			pts, err = d.desk.ProcessingTimes(ctx)
		}
		return func() {
			t.save.Enable()
			if d.refused(t.wf, t.items, t.msg, err) {
				return
			}
			t.clearForm()
			t.show(pts)
			tell(t.msg, i18n.T("Saved: %s at %s takes %s to %s months, as of %s.", pt.FormType, pt.Office, months(pt.MinMonths), months(pt.MaxMonths), pt.AsOf.String()), false)
		}
	})
}
