package ui

import (
	"context"
	"errors"
	"io"

	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// sheetPanel shows a new sheet of backup codes once (or, at a clinic's
// set-up, its recovery key sheet), with Print and Save as PDF…. The sheet never goes to the shared PDF folder: it prints from a
// private temporary file that is gone once the print system has the job,
// or is saved only where the person chooses.
type sheetPanel struct {
	svc    Services
	canvas fyne.Canvas     // the window's, for the save dialog; nil in tests without one
	ctx    context.Context // the session's, where there is one
	touch  func()          // counts a tap as activity; may be nil
	doc    notice.Doc      // notice.BackupCodes or notice.RecoveryKey

	grid  *fyne.Container
	print *widget.Button
	save  *widget.Button
	msg   *widget.Label
	box   *fyne.Container
}

func newSheetPanel(svc Services, canvas fyne.Canvas, ctx context.Context) *sheetPanel {
	p := &sheetPanel{svc: svc, canvas: canvas, ctx: ctx}
	p.grid = newEvenGrid(5, 2, 1) // two rows of five, or five of two with larger text
	p.msg = note()
	p.print = widget.NewButtonWithIcon(i18n.T("Print backup codes"), theme.DocumentPrintIcon(), p.printSheet)
	p.print.Importance = widget.HighImportance
	p.save = widget.NewButtonWithIcon(i18n.T("Save as PDF…"), theme.DocumentSaveIcon(), p.saveSheet)
	p.save.Hidden = svc.Kiosk // no save dialog at a kiosk
	p.box = container.NewVBox(p.grid, container.NewHBox(p.print, p.save), p.msg)
	p.box.Hide()
	return p
}

// show puts a sheet on the screen.
func (p *sheetPanel) show(doc notice.BackupCodes) {
	p.doc = doc
	p.print.SetText(i18n.T("Print backup codes"))
	p.grid.Objects = nil
	for i, c := range doc.Codes {
		p.grid.Add(widget.NewLabelWithStyle(i18n.T("%d.", i+1)+" "+c, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
	}
	p.grid.Refresh()
	p.msg.Hide()
	p.box.Show()
}

// showRecovery offers the clinic's recovery key sheet. Its groups are not
// shown on the screen: the sheet is for paper, locked away.
func (p *sheetPanel) showRecovery(doc notice.RecoveryKey) {
	p.doc = doc
	p.print.SetText(i18n.T("Print the recovery key"))
	p.grid.Objects = nil
	p.grid.Refresh()
	p.msg.Hide()
	p.box.Show()
}

// codes is the sheet of backup codes shown; empty when there is none.
func (p *sheetPanel) codes() notice.BackupCodes {
	b, _ := p.doc.(notice.BackupCodes)
	return b
}

// clear forgets the sheet.
func (p *sheetPanel) clear() {
	p.doc = nil
	p.grid.Objects = nil
	p.grid.Refresh()
	p.msg.Hide()
	p.box.Hide()
}

func (p *sheetPanel) activity() {
	if p.touch != nil {
		p.touch()
	}
}

func (p *sheetPanel) printSheet() {
	p.activity()
	doc := p.doc
	p.print.Disable()
	p.svc.Runner.run(p.ctx, func(ctx context.Context) func() {
		msg, err := printSheet(ctx, p.svc, doc)
		return func() {
			p.print.Enable()
			if err != nil {
				tell(p.msg, err.Error(), true)
				return
			}
			tell(p.msg, msg, false)
		}
	})
}

// sheetFile is the file name a sheet prints and saves under.
func sheetFile(doc notice.Doc) string {
	if _, ok := doc.(notice.RecoveryKey); ok {
		return "recovery-key.pdf"
	}
	return "backup-codes.pdf"
}

// printSheet prints a sheet privately. Call it off the UI goroutine.
func printSheet(ctx context.Context, svc Services, doc notice.Doc) (string, error) {
	if svc.Kiosk {
		return printAtKiosk(ctx, svc, sheetFile(doc), doc)
	}
	_, err := svc.Printing.PrintPrivately(ctx, sheetFile(doc), func(w io.Writer) error {
		return svc.Notices.Render(ctx, w, doc)
	}, "")
	var pe *printing.Error
	switch {
	case errors.Is(err, printing.ErrNotPrivate):
		return "", errors.New(i18n.T("This computer cannot print the sheet without leaving a copy of it behind. Choose “Save as PDF…” and where it goes, or write the codes down."))
	case errors.As(err, &pe):
		return "", errors.New(pe.Why() + " " + i18n.T("Choose “Save as PDF…” instead, or write the codes down."))
	case err != nil:
		return "", err
	}
	return i18n.T("The sheet was sent to the printer. CaseDesk keeps no copy of it on this computer."), nil
}

// saveSheet asks where to save the sheet and writes it there.
func (p *sheetPanel) saveSheet() {
	p.activity()
	if p.svc.Kiosk {
		return
	}
	win := windowOf(p.canvas)
	if win == nil {
		tell(p.msg, i18n.T("There is no window to ask where to save the sheet. Print it or write the codes down."), true)
		return
	}
	doc := p.doc
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			tell(p.msg, err.Error(), true)
			return
		}
		if wc == nil {
			return // cancelled
		}
		p.svc.Runner.run(p.ctx, func(ctx context.Context) func() {
			err := writeSheet(ctx, p.svc, doc, wc)
			return func() {
				if err != nil {
					tell(p.msg, i18n.T("The sheet could not be saved: %v", err), true)
					return
				}
				tell(p.msg, i18n.T("The sheet is saved in %s. Keep it somewhere private.", wc.URI().Path()), false)
			}
		})
	}, win)
	d.SetFileName(sheetFile(doc))
	// Shown after the events of this key press: a Space that pressed the
	// button would otherwise also type a space into the file name.
	go fyne.Do(d.Show)
}

// writeSheet writes the sheet where the person chose, and closes it. The
// notice service makes the PDF in full before writing, so a failure leaves
// no half file.
func writeSheet(ctx context.Context, svc Services, doc notice.Doc, wc fyne.URIWriteCloser) error {
	err := svc.Notices.Render(ctx, wc, doc)
	if cerr := wc.Close(); err == nil {
		err = cerr
	}
	return err
}

// windowOf finds the window that shows c.
func windowOf(c fyne.Canvas) fyne.Window {
	a := fyne.CurrentApp()
	if a == nil || c == nil {
		return nil
	}
	for _, w := range a.Driver().AllWindows() {
		if w.Canvas() == c {
			return w
		}
	}
	return nil
}
