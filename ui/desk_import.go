package ui

import (
	"context"
	"os"
	"path/filepath"

	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// importPage brings clients or cases in from a CSV file, in steps: the
// file and what it holds, which of its columns holds what (the mapping),
// the dry run, and the import with its progress. Nothing is written before
// "Import N rows". Importing is an administrator's call: the desk's
// service checks it on every step, and the button is shown to
// administrators only.
type importPage struct {
	d    *Desk
	back func()

	kind     *widget.RadioGroup
	choose   *widget.Button
	template *widget.Button
	file     *widget.Label // the file chosen
	msg      *widget.Label
	step     *fyne.Container // the step shown under the file

	path    string
	csv     *desk.CSVFile
	mapping *importMapping
	plan    *importPlan
}

// newImportButton is the clients tab's "Import…", shown once the desk
// knows the person signed in is an administrator.
func newImportButton(d *Desk) *widget.Button {
	b := widget.NewButtonWithIcon(i18n.T("Import…"), theme.UploadIcon(), func() { d.touch(); d.openImport() })
	b.Hide()
	if d.desk == nil {
		return b
	}
	d.run(func(ctx context.Context) func() {
		admin := d.desk.IsAdmin(ctx)
		return func() {
			if admin {
				b.Show()
			}
		}
	})
	return b
}

// openImport shows the import page over the tabs.
func (d *Desk) openImport() *importPage {
	p := &importPage{d: d}
	p.kind = widget.NewRadioGroup([]string{i18n.T("Clients"), i18n.T("Cases")}, func(string) { p.kindChanged() })
	p.kind.Horizontal = true
	p.kind.Required = true
	p.kind.SetSelected(i18n.T("Clients"))
	p.choose = widget.NewButtonWithIcon(i18n.T("Choose CSV file…"), theme.FolderOpenIcon(), func() { d.touch(); p.askFile() })
	p.choose.Importance = widget.HighImportance
	p.template = widget.NewButtonWithIcon(i18n.T("Save template…"), theme.DocumentSaveIcon(), func() { d.touch(); p.askTemplate() })
	p.file = widget.NewLabel(i18n.T("No file chosen yet."))
	p.file.Truncation = fyne.TextTruncateEllipsis
	p.msg = note()
	p.step = container.NewStack(container.NewVBox(hint(i18n.T("Choose the CSV file to import. To start a new one, save the template, fill in one row for each client or case, and save it as CSV UTF-8."))))
	backBtn := backButton(i18n.T("Clients"))
	intro := hint(i18n.T("Bring in the clients or cases a clinic already keeps in a spreadsheet. Save it as CSV UTF-8 (commas or semicolons both work); its first line names the columns. Import clients before their cases. CaseDesk first shows what each row would do, and writes nothing until you choose “Import”."))
	top := container.NewVBox(
		container.NewBorder(nil, nil, backBtn, nil, heading(i18n.T("Import clients or cases"))),
		intro,
		container.NewHBox(widget.NewLabel(i18n.T("The file holds:")), p.kind),
		container.NewBorder(nil, nil, nil, container.NewHBox(p.template, p.choose), p.file),
		p.msg, widget.NewSeparator())
	page := container.NewBorder(top, nil, nil, nil, p.step)
	p.back = d.open(page, func() {
		if p.plan != nil {
			p.plan.stopApply()
		}
	})
	backBtn.OnTapped = p.back
	return p
}

// importKind is the kind chosen.
func (p *importPage) importKind() desk.ImportKind {
	if p.kind.Selected == i18n.T("Cases") {
		return desk.ImportCases
	}
	return desk.ImportClients
}

// kindChanged maps the file's columns again for the other kind.
func (p *importPage) kindChanged() {
	if p.d != nil {
		p.d.touch()
	}
	if p.csv != nil {
		p.showMapping()
	}
}

// askFile asks for the CSV file with Fyne's file dialog.
func (p *importPage) askFile() {
	if p.d.win == nil {
		return
	}
	dlg := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			tell(p.msg, err.Error(), true)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		p.openFile(path)
	}, p.d.win)
	dlg.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt"}))
	p.d.show(dlg)
}

// openFile reads the CSV file at path in the background and shows its
// columns to map.
func (p *importPage) openFile(path string) {
	p.msg.Hide()
	p.choose.Disable()
	p.d.run(func(ctx context.Context) func() {
		var f *desk.CSVFile
		r, err := os.Open(path)
		if err == nil {
			f, err = desk.ReadCSV(r)
			r.Close()
		}
		return func() {
			p.choose.Enable()
			p.file.SetText(filepath.Base(path))
			if err != nil {
				p.csv, p.path = nil, ""
				p.step.Objects = nil
				p.step.Refresh()
				tell(p.msg, i18n.T("%s cannot be imported. %s", filepath.Base(path), desk.ImportMessage(err)), true)
				return
			}
			p.path, p.csv = path, f
			p.file.SetText(i18n.T("%s: %d rows, %d columns", filepath.Base(path), len(f.Records), len(f.Header)))
			p.showMapping()
		}
	})
}

// askTemplate asks where to save the template of the kind chosen.
func (p *importPage) askTemplate() {
	if p.d.win == nil {
		return
	}
	kind := p.importKind()
	dlg := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			tell(p.msg, err.Error(), true)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close() // the template is written whole beside it, then renamed over it
		p.saveTemplate(path, kind)
	}, p.d.win)
	dlg.SetFileName("casedesk-" + string(kind) + ".csv")
	p.d.show(dlg)
}

// saveTemplate writes the template to path in the background.
func (p *importPage) saveTemplate(path string, kind desk.ImportKind) {
	p.d.run(func(context.Context) func() {
		err := desk.SaveTemplate(path, kind)
		return func() {
			if err != nil {
				tell(p.msg, i18n.T("The template could not be saved: %v", err), true)
				return
			}
			tell(p.msg, i18n.T("The template is saved in %s. Fill in one row for each client or case, save it as CSV UTF-8 and choose it here.", path), false)
		}
	})
}

// showMapping shows the mapping step for the file and kind chosen.
func (p *importPage) showMapping() {
	if p.plan != nil {
		p.plan.stopApply()
		p.plan = nil
	}
	p.mapping = newImportMapping(p, p.importKind(), p.csv)
	p.step.Objects = []fyne.CanvasObject{p.mapping.content}
	p.step.Refresh()
}

// importMapping is the step where each column CaseDesk reads is given one
// of the file's columns, filled in from their names.
type importMapping struct {
	p       *importPage
	kind    desk.ImportKind
	choices map[string]*widget.Select // by column key
	run     *widget.Button
	content fyne.CanvasObject
}

func newImportMapping(p *importPage, kind desk.ImportKind, f *desk.CSVFile) *importMapping {
	m := &importMapping{p: p, kind: kind, choices: map[string]*widget.Select{}}
	none := i18n.T("(not in the file)")
	options := append([]string{none}, f.Header...)
	def := desk.DefaultMapping(kind, f.Header)
	form := widget.NewForm()
	for _, c := range desk.Columns(kind) {
		s := widget.NewSelect(options, func(string) { p.d.touch() })
		s.SetSelectedIndex(def[c.Key] + 1)
		m.choices[c.Key] = s
		label := c.Header
		if c.Required {
			label += " *"
		}
		item := widget.NewFormItem(label, s)
		if c.Example != "" {
			item.HintText = i18n.T("like %s", c.Example)
		}
		form.AppendItem(item)
	}
	m.run = widget.NewButtonWithIcon(i18n.T("Check every row"), theme.ViewRefreshIcon(), func() { p.d.touch(); m.dryRun() })
	m.run.Importance = widget.HighImportance
	explain := hint(i18n.T("Which of the file's columns holds each detail? CaseDesk chose by their names; change any it got wrong. * marks what every row needs (a case names its client by A-number, or by given name, family name and date of birth)."))
	m.content = container.NewBorder(explain, container.NewHBox(layout.NewSpacer(), m.run), nil, nil, container.NewVScroll(form))
	return m
}

// mapping is the columns as chosen.
func (m *importMapping) mapping() desk.Mapping {
	out := desk.Mapping{}
	for key, s := range m.choices {
		out[key] = s.SelectedIndex() - 1
	}
	return out
}

// dryRun checks every row in the background and shows the plan.
func (m *importMapping) dryRun() {
	p := m.p
	m.run.Disable()
	p.msg.Hide()
	kind, file, mapping := m.kind, p.csv, m.mapping()
	p.d.run(func(ctx context.Context) func() {
		plan, err := p.d.desk.DryRun(ctx, kind, file, mapping)
		return func() {
			m.run.Enable()
			if err != nil {
				tell(p.msg, desk.ImportMessage(err), true)
				return
			}
			p.plan = newImportPlan(p, plan)
			p.step.Objects = []fyne.CanvasObject{p.plan.content}
			p.step.Refresh()
		}
	})
}
