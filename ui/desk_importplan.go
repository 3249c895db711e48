package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// importPlan is the dry run's step: the counts, the rows (refused first,
// or only those of one action), what is wrong with the row chosen, and
// "Import N rows", which becomes a progress bar with Cancel, then the
// result.
type importPlan struct {
	p      *importPage
	plan   *desk.Plan
	counts *widget.Label
	note   *widget.Label // what the step is, then what was done
	show   *widget.Select
	list   *widget.List
	rows   []desk.PlanRow // the rows listed
	detail *widget.Label  // the chosen row in full

	start    *widget.Button
	bar      *widget.ProgressBar
	cancel   *widget.Button
	result   *widget.Label
	done     *widget.Button
	columns  *widget.Button
	stop     chan struct{} // closed by Cancel
	applying bool

	content fyne.CanvasObject
}

// The filters of the rows listed.
var importShows = []struct {
	label  string
	action desk.Action // "" for every row, refused first
}{
	{"Every row, refused first", ""}, {"Refused rows", desk.ActionRefused}, {"Rows to add", desk.ActionAdd},
	{"Rows to update", desk.ActionUpdate}, {"Unchanged rows", desk.ActionUnchanged},
}

func newImportPlan(p *importPage, plan *desk.Plan) *importPlan {
	v := &importPlan{p: p, plan: plan}
	v.counts = bold(plan.Summary())
	labels := make([]string, len(importShows))
	for i, s := range importShows {
		labels[i] = i18n.T(s.label)
	}
	v.show = widget.NewSelect(labels, func(string) { p.d.touch(); v.filter() })
	v.list = widget.NewList(func() int { return len(v.rows) }, newImportRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(v.rows) {
			showImportRow(o, v.rows[i])
		}
	})
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.rows) {
			p.d.touch()
			tell(v.detail, rowDetail(v.rows[i]), v.rows[i].Action == desk.ActionRefused)
			v.content.Refresh() // the foot grows by the detail's lines
		}
	}
	v.detail = note()
	v.start = widget.NewButtonWithIcon("", theme.UploadIcon(), func() { p.d.touch(); v.confirm() })
	v.start.Importance = widget.HighImportance
	v.columns = widget.NewButtonWithIcon(i18n.T("Change the columns"), theme.NavigateBackIcon(), func() { p.d.touch(); p.showMapping() })
	v.bar = widget.NewProgressBar()
	v.bar.Hide()
	v.cancel = widget.NewButtonWithIcon(i18n.T("Cancel"), theme.CancelIcon(), func() { p.d.touch(); v.stopApply() })
	v.cancel.Hide()
	v.result = note()
	v.done = widget.NewButton(i18n.T("Done"), func() { p.back(); p.d.clients.search() }) // the list shows who came in
	v.done.Hide()
	n := plan.Writes()
	v.start.SetText(i18n.T("Import %d rows", n))
	if n == 0 {
		v.start.Disable()
	}
	v.note = hint(i18n.T("Nothing is written yet. Refused rows are left out; fix them in the file and import it again later (rows already imported then show as unchanged). Choose a row to see it in full."))
	top := container.NewVBox(v.counts, v.note,
		container.NewBorder(nil, nil, widget.NewLabel(i18n.T("Show:")), nil, v.show),
		newColumns([]float32{1, 1.5, 4, 7}, bold(i18n.T("Line")), bold(i18n.T("Action")), bold(i18n.T("Row")), bold(i18n.T("Detail"))))
	foot := container.NewVBox(v.detail, v.bar, v.result,
		container.NewHBox(v.columns, layout.NewSpacer(), v.cancel, v.start, v.done))
	v.content = container.NewBorder(top, foot, nil, nil, v.list)
	v.show.Selected, v.rows = labels[0], plan.RefusedFirst() // set before the list is drawn, which cannot scroll yet
	return v
}

// newImportRow is a row of the plan: its line, action, what it is about
// and the first of its problems or changes.
func newImportRow() fyne.CanvasObject {
	line, action := widget.NewLabel(""), widget.NewLabel("")
	what, detail := widget.NewLabel(""), widget.NewLabel("")
	what.Truncation, detail.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	return newColumns([]float32{1, 1.5, 4, 7}, line, action, what, detail)
}

func showImportRow(o fyne.CanvasObject, r desk.PlanRow) {
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(fmt.Sprint(r.Line))
	a := cells[1].(*widget.Label)
	a.SetText(r.Action.Label())
	a.Importance = widget.MediumImportance
	if r.Action == desk.ActionRefused {
		a.Importance = widget.DangerImportance
	}
	a.Refresh()
	cells[2].(*widget.Label).SetText(r.What)
	cells[3].(*widget.Label).SetText(strings.ReplaceAll(rowDetail(r), "\n", "; "))
}

// rowDetail is a row's problems, one a line, or what it changes.
func rowDetail(r desk.PlanRow) string {
	switch r.Action {
	case desk.ActionRefused:
		lines := make([]string, len(r.Problems))
		for i, pr := range r.Problems {
			lines[i] = i18n.T("Line %d, column %s: %s", r.Line, pr.Column, pr.Message)
		}
		return strings.Join(lines, "\n")
	case desk.ActionUpdate:
		return i18n.T("Changes %s", strings.Join(r.Changes, ", "))
	}
	return ""
}

// filter lists the rows of the action chosen.
func (v *importPlan) filter() {
	i := v.show.SelectedIndex()
	if i < 0 {
		i = 0
	}
	if a := importShows[i].action; a == "" {
		v.rows = v.plan.RefusedFirst()
	} else {
		v.rows = v.rows[:0:0]
		for _, r := range v.plan.Rows {
			if r.Action == a {
				v.rows = append(v.rows, r)
			}
		}
	}
	v.detail.Hide()
	v.list.UnselectAll()
	v.list.ScrollToTop()
	v.list.Refresh()
}

// confirm asks before writing, saying what will be written and what not.
func (v *importPlan) confirm() {
	n := v.plan.Writes()
	msg := i18n.T("%d rows will be added or updated, each recorded in the audit log.", n)
	if r := v.plan.Count(desk.ActionRefused); r > 0 {
		msg += " " + i18n.T("%d refused rows are left out.", r)
	}
	if v.p.d.win == nil {
		v.apply()
		return
	}
	v.p.d.confirm(i18n.T("Import %d rows?", n), msg, i18n.T("Import %d rows", n), v.apply)
}

// apply imports in the background with a progress bar and Cancel; a
// cancelled or failed import leaves CaseDesk as it was.
func (v *importPlan) apply() {
	if v.applying {
		return
	}
	d := v.p.d
	v.applying = true
	v.start.Hide()
	v.columns.Disable()
	v.p.choose.Disable()
	v.bar.SetValue(0)
	v.bar.Show()
	v.cancel.Enable()
	v.cancel.Show()
	v.result.Hide()
	v.content.Refresh()
	stop := make(chan struct{})
	v.stop = stop
	plan := v.plan
	d.run(func(ctx context.Context) func() {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		res, err := d.desk.Apply(ctx, plan, func(done, total int) {
			select {
			case <-stop:
				cancel()
			default:
			}
			if total > 0 {
				fyne.Do(func() { v.bar.SetValue(float64(done) / float64(total)) })
			}
		})
		return func() { v.finished(res, err) }
	})
}

// finished shows how the import ended.
func (v *importPlan) finished(res desk.Imported, err error) {
	v.applying = false
	v.stop = nil
	v.cancel.Hide()
	v.bar.Hide()
	v.p.choose.Enable()
	v.columns.Enable()
	defer v.content.Refresh()
	if err != nil {
		tell(v.result, desk.ImportMessage(err), true)
		if !errorsIsApplied(err) {
			v.start.Show()
		}
		return
	}
	tell(v.result, i18n.T("Imported: %d added, %d updated; %d unchanged, %d refused and left out.", res.Added, res.Updated, res.Unchanged, res.Refused), false)
	v.done.Show()
	v.note.SetText(i18n.T("The import is done; the rows below are what it did. The same file imported again finds its rows unchanged."))
}

// stopApply cancels an import under way; it stops at its next record and
// writes nothing.
func (v *importPlan) stopApply() {
	if v.stop != nil {
		close(v.stop)
		v.stop = nil
		v.cancel.Disable()
	}
}

func errorsIsApplied(err error) bool { return errors.Is(err, desk.ErrPlanApplied) }
