package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// noticesTab is "Notices": the person's notices, each to preview, save as
// a PDF or print, and the preview of one (preview.go).
type noticesTab struct {
	h    *Home
	item *container.TabItem
	list *fyne.Container
	none *widget.Label // the words for no notices, when there are none

	// The preview shown, if any, and its buttons.
	viewer                                  *fyne.Container
	viewBack, viewSave, viewPrint, viewOpen *pageButton
}

func newNoticesTab(h *Home) *noticesTab {
	t := &noticesTab{h: h, list: container.NewVBox(), viewer: container.NewStack()}
	t.item = container.NewTabItem(i18n.T("Notices"), container.NewVScroll(t.list))
	return t
}

// reset forgets the notices and the preview.
func (t *noticesTab) reset() {
	t.list.Objects = nil
	t.none = nil
	t.viewer.Objects = nil
	t.viewBack, t.viewSave, t.viewPrint, t.viewOpen = nil, nil, nil, nil
}

func (t *noticesTab) show(ns []app.Notice) {
	t.list.Objects, t.none = nil, nil
	if len(ns) == 0 {
		t.none = empty(t.noneText())
		t.list.Add(t.none)
	}
	if len(ns) > 0 {
		t.list.Add(t.rows(ns))
	}
	t.list.Refresh()
}

// noneText is what the tab says when there are no notices: a clinic
// records them, while a household keeps its own letters on each case's
// page and has notices here only from its clinic's case packets.
func (t *noticesTab) noneText() string {
	if t.h.own.on {
		return i18n.T("You have no notices from a clinic. The letters you keep yourself are on each case's page: open the case in My cases to attach or view one.")
	}
	return i18n.T("You have no notices yet. Notices USCIS sends about your cases show here once the clinic records them.")
}

// ownShown says, once the store is known to be a household's, which
// words fit when there are no notices.
func (t *noticesTab) ownShown() {
	if t.none != nil {
		t.none.SetText(t.noneText())
	}
}

// rows lists notices, each with its date and the buttons to preview, save
// and print it; case pages show the same rows. Dates in words differ in
// width, so a form's layout keeps the notices' titles in one column.
func (t *noticesTab) rows(ns []app.Notice) fyne.CanvasObject {
	c := container.New(layout.NewFormLayout())
	for _, n := range ns {
		c.Add(widget.NewLabel(n.NoticeDate.String()))
		c.Add(t.row(n))
	}
	return c
}

// row is a notice's title with the buttons to preview, save and print it.
func (t *noticesTab) row(n app.Notice) fyne.CanvasObject {
	label := notice.Notice(n).Title()
	view := t.h.button(i18n.T("Preview"), theme.VisibilityIcon(), nil)
	view.OnTapped = func() { t.previewFrom(n.ID, view) }
	save := t.h.button(i18n.T("Save PDF"), theme.DocumentSaveIcon(), func() { t.export(n.ID, exportSave) })
	print := t.h.button(i18n.T("Print"), theme.DocumentPrintIcon(), func() { t.export(n.ID, exportPrint) })
	save.Hidden = t.h.svc.Kiosk // a kiosk saves nothing
	return container.NewBorder(nil, nil, nil, container.NewHBox(view, save, print), wrapped(label))
}

// What export does after saving the PDF.
type exportThen int

const (
	exportSave  exportThen = iota // nothing more
	exportView                    // open it in the system's PDF viewer
	exportPrint                   // send it to the default printer
)

// export saves one of the person's notices as a PDF in the PDF folder, then
// opens or prints it if asked, and says on the screen where it is.
func (t *noticesTab) export(id string, then exportThen) {
	h, s := t.h, t.h.session
	h.touch()
	if h.svc.Kiosk {
		t.printAtKiosk(id, then)
		return
	}
	folder := h.svc.PDFFolder
	h.run(func(ctx context.Context) func() {
		msg, err := writePDFThen(ctx, h.svc, folder, then, func(ctx context.Context) (notice.Doc, error) {
			mine, err := h.svc.Portal.Notice(ctx, s, id) // only the person's own
			return notice.Notice(mine), err
		}, func(ctx context.Context, d ...notice.Doc) error { return h.svc.Portal.Printed(ctx, s, d...) })
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			tell(h.status, msg, false)
		}
	})
}

// writePDF has the notice service save one document in folder (made when
// missing) under a name for what it is, never replacing another file, then
// opens or prints it. It returns what to tell the person; a failure to
// open or print is said there, with the PDF still saved. Call it off the
// UI goroutine.
func writePDF(ctx context.Context, svc Services, folder string, then exportThen, doc func(context.Context) (notice.Doc, error)) (string, error) {
	return writePDFThen(ctx, svc, folder, then, doc, nil)
}

// writePDFThen is writePDF that, once the printer has the document, calls
// printed (when not nil): the desk and the home record there the notices
// printed, which the funders' report counts.
func writePDFThen(ctx context.Context, svc Services, folder string, then exportThen, doc func(context.Context) (notice.Doc, error), printed func(context.Context, ...notice.Doc) error) (string, error) {
	d, err := doc(ctx)
	if err != nil {
		return "", err
	}
	path, err := svc.Notices.SaveIn(ctx, folder, d)
	if err != nil {
		return "", err
	}
	switch then {
	case exportPrint:
		if _, err := svc.Printing.Print(ctx, path, ""); err != nil {
			return err.Error(), nil
		}
		msg := i18n.T("Sent to the printer. The PDF is also saved in %s.", path)
		if printed != nil {
			if err := printed(ctx, d); err != nil {
				msg += " " + i18n.T("CaseDesk could not record the printing: %v", err)
			}
		}
		return msg, nil
	case exportView:
		if err := svc.Printing.Open(ctx, path); err != nil {
			return err.Error(), nil // printing says why, and where the PDF is
		}
		return i18n.T("Opened in your PDF viewer; it is saved in %s.", path), nil
	}
	return i18n.T("Saved in %s.", path), nil
}
