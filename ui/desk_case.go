package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// casePage is a case's page at the desk: what the case is, its history,
// its notices (each to preview, print or save), and the forms to record a
// status change and to schedule an appointment.
type casePage struct {
	d       *Desk
	id      string
	v       desk.CaseView
	backBtn *widget.Button

	title   *widget.Label
	facts   *widget.Label
	now     *widget.Label
	history *fyne.Container
	notices *fyne.Container
	views   []*widget.Button // "Preview" of each notice, in order
	status  *statusForm
	appt    *apptForm
	box     *fyne.Container
	scroll  *container.Scroll
}

// openCase shows a case's page over what is shown.
func (d *Desk) openCase(id string) {
	d.run(func(ctx context.Context) func() {
		v, err := d.desk.Case(ctx, id)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			prev := d.kase
			p := newCasePage(d, id)
			if d.client != nil && d.shown() == d.client.scroll {
				p.backBtn.SetText(i18n.T("Back to %s", d.client.pg.Client.FullName()))
			}
			d.kase = p
			p.show(v)
			p.backBtn.OnTapped = d.open(p.scroll, func() {
				p.reset()
				d.kase = prev
				if d.client != nil {
					d.client.reload() // the case's status and appointments show there
				}
			})
		}
	})
}

func newCasePage(d *Desk, id string) *casePage {
	p := &casePage{d: d, id: id}
	p.backBtn = backButton(i18n.T("Back"))
	p.title, p.facts, p.now = heading(""), wrapped(""), bold("")
	p.history, p.notices = container.NewVBox(), container.NewVBox()
	p.status = newStatusForm(d, id, p.reload)
	p.appt = newApptForm(d, id, nil, p.reload)
	p.box = container.NewVBox(container.NewHBox(p.backBtn), p.title, p.facts, p.now,
		section(i18n.T("History, newest first"), p.history),
		section(i18n.T("Notices"), p.notices),
		section(i18n.T("Record a status change"), p.status.box),
		section(i18n.T("Schedule appointment"), p.appt.box))
	p.scroll = page(p.box)
	return p
}

// reload reads the case again and shows it; what is typed stays.
func (p *casePage) reload() {
	d, id := p.d, p.id
	d.run(func(ctx context.Context) func() {
		v, err := d.desk.Case(ctx, id)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			if p.box.Objects != nil {
				p.show(v)
			}
		}
	})
}

// reset forgets the case and what was typed.
func (p *casePage) reset() {
	p.v = desk.CaseView{}
	p.status.reset()
	p.appt.reset()
	p.box.Objects, p.views = nil, nil
}

func (p *casePage) show(v desk.CaseView) {
	p.v = v
	c := v.Case
	p.title.SetText(c.FormType + " — " + c.FormTitle)
	facts := i18n.T("Receipt number %s · received %s · %s", string(c.Receipt), c.ReceivedDate.String(), orText(c.Office, i18n.T("office not known")))
	if !c.PriorityDate.IsZero() {
		facts += " · " + i18n.T("priority date %s", c.PriorityDate.String())
	}
	p.facts.SetText(facts)
	p.now.SetText(i18n.T("Now: %s, since %s", statusTitle(c.StatusCode), c.StatusDate.String()))
	p.status.received = c.ReceivedDate

	p.history.Objects = nil
	for i := len(v.Events) - 1; i >= 0; i-- {
		e := v.Events[i]
		text := statusTitle(e.StatusCode)
		if e.Note != "" {
			text += " — " + e.Note
		}
		if e.RecordedBy != "" {
			text += " " + i18n.T("(recorded by %s)", e.RecordedBy)
		}
		p.history.Add(container.NewBorder(nil, nil, widget.NewLabel(e.Date.Short()), nil, wrapped(text)))
	}
	p.history.Refresh()

	p.notices.Objects, p.views = nil, nil
	if len(v.Notices) == 0 {
		p.notices.Add(empty(i18n.T("No notices recorded for this case. Record one with a status change.")))
	}
	for _, n := range v.Notices {
		p.notices.Add(p.noticeRow(n))
	}
	p.notices.Refresh()
	p.scroll.Refresh() // the page's height changes with its history
}

// noticeRow is a notice with its date and its Preview button; the preview
// prints and saves it.
func (p *casePage) noticeRow(n app.Notice) fyne.CanvasObject {
	doc := notice.Notice(n)
	view := widget.NewButtonWithIcon(i18n.T("Preview"), theme.VisibilityIcon(), func() {
		p.d.touch()
		p.d.previewDoc(doc, false, "", nil)
	})
	print := widget.NewButtonWithIcon(i18n.T("Print"), theme.DocumentPrintIcon(), func() { p.printNotice(doc) })
	p.views = append(p.views, view)
	label := doc.Title()
	if !n.DueDate.IsZero() {
		label += " · " + i18n.T("response due %s", n.DueDate.String())
	}
	return container.NewBorder(nil, nil, widget.NewLabel(n.NoticeDate.Short()), container.NewHBox(view, print), wrapped(label))
}

// printNotice saves a notice in the PDF folder and sends it to the printer.
func (p *casePage) printNotice(doc notice.Doc) {
	d := p.d
	d.touch()
	folder := d.svc.PDFFolder
	d.run(func(ctx context.Context) func() {
		msg, err := writePDFThen(ctx, d.svc, folder, exportPrint, func(context.Context) (notice.Doc, error) { return doc, nil }, d.desk.Printed)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			d.tellDone(msg)
		}
	})
}
