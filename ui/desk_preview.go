package ui

import (
	"context"
	"errors"
	"io"
	"slices"

	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// deskPreview shows a document as it prints, with Print and Save PDF. A
// stored notice is saved in the PDF folder as on the applicant's screens;
// an Account Access Notice holds a live access code, so it is never left
// in a shared folder: it prints from a private temporary file, or is saved
// only where the staff member chooses.
type deskPreview struct {
	d      *Desk
	doc    notice.Doc
	secret bool
	name   string // the file name offered for a secret document

	viewer                  *fyne.Container
	backBtn, print, savePDF *widget.Button
	msg                     *widget.Label
}

// previewDoc shows doc over what is shown, once its pages are laid out;
// gone is called when the preview is left.
func (d *Desk) previewDoc(doc notice.Doc, secret bool, name string, gone func()) {
	d.run(func(ctx context.Context) func() {
		pages, err := d.svc.Notices.Pages(ctx, doc)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			v := &deskPreview{d: d, doc: doc, secret: secret, name: name, viewer: container.NewStack()}
			d.previews = append(d.previews, v)
			v.build(pages)
			v.backBtn.OnTapped = d.open(v.viewer, func() {
				v.reset()
				d.previews = slices.DeleteFunc(d.previews, func(o *deskPreview) bool { return o == v })
				if gone != nil {
					gone()
				}
			})
		}
	})
}

func (v *deskPreview) build(pages []notice.Page) {
	title := notice.ScreenTitle(v.doc) // the desk's words; the pages are in the person's
	v.backBtn = backButton(i18n.T("Back"))
	v.print = widget.NewButtonWithIcon(i18n.T("Print"), theme.DocumentPrintIcon(), v.printDoc)
	v.print.Importance = widget.HighImportance
	saveText := i18n.T("Save PDF")
	if v.secret {
		saveText = i18n.T("Save PDF…")
	}
	v.savePDF = widget.NewButtonWithIcon(saveText, theme.DocumentSaveIcon(), v.saveDoc)
	v.msg = note()
	heading := bold(title)
	if len(pages) > 1 {
		heading.SetText(i18n.T("%s · %d pages", title, len(pages)))
	}
	sheets := container.NewVBox()
	for _, pg := range pages {
		sheets.Add(pageView(pg))
	}
	bar := container.NewBorder(nil, nil, v.backBtn, container.NewHBox(v.savePDF, v.print), heading)
	top := container.NewVBox(bar, v.msg)
	v.viewer.Objects = []fyne.CanvasObject{container.NewBorder(top, nil, nil, nil, container.NewScroll(container.NewCenter(sheets)))}
}

// reset forgets the document: an access code goes with it.
func (v *deskPreview) reset() {
	v.doc = nil
	v.viewer.Objects = nil
}

func (v *deskPreview) busy(on bool) {
	for _, b := range []*widget.Button{v.print, v.savePDF} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// printDoc sends the document to the default printer.
func (v *deskPreview) printDoc() {
	d, doc := v.d, v.doc
	if doc == nil {
		return
	}
	d.touch()
	v.busy(true)
	secret, name, folder := v.secret, v.name, d.svc.PDFFolder
	d.run(func(ctx context.Context) func() {
		var msg string
		var err error
		if secret {
			msg, err = printPrivately(ctx, d.svc, name, doc)
		} else {
			msg, err = writePDFThen(ctx, d.svc, folder, exportPrint, func(context.Context) (notice.Doc, error) { return doc, nil }, d.desk.Printed)
		}
		return func() {
			v.busy(false)
			if err != nil {
				tell(v.msg, err.Error(), true)
				return
			}
			tell(v.msg, msg, false)
		}
	})
}

// saveDoc saves a stored notice in the PDF folder, or asks where to save a
// secret one.
func (v *deskPreview) saveDoc() {
	d, doc := v.d, v.doc
	if doc == nil {
		return
	}
	d.touch()
	if v.secret {
		v.saveSecret()
		return
	}
	v.busy(true)
	folder := d.svc.PDFFolder
	d.run(func(ctx context.Context) func() {
		msg, err := writePDF(ctx, d.svc, folder, exportSave, func(context.Context) (notice.Doc, error) { return doc, nil })
		return func() {
			v.busy(false)
			if err != nil {
				tell(v.msg, err.Error(), true)
				return
			}
			tell(v.msg, msg, false)
		}
	})
}

func (v *deskPreview) saveSecret() {
	d, doc := v.d, v.doc
	if d.win == nil {
		tell(v.msg, i18n.T("There is no window to ask where to save the letter. Print it instead."), true)
		return
	}
	dlg := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			tell(v.msg, err.Error(), true)
			return
		}
		if wc == nil {
			return // cancelled
		}
		d.run(func(ctx context.Context) func() {
			err := d.svc.Notices.Render(ctx, wc, doc)
			if cerr := wc.Close(); err == nil {
				err = cerr
			}
			return func() {
				if err != nil {
					tell(v.msg, i18n.T("The letter could not be saved: %v", err), true)
					return
				}
				tell(v.msg, savedSecret(doc, wc.URI().Path()), false)
			}
		})
	}, d.win)
	dlg.SetFileName(v.name)
	d.show(dlg)
}

// savedSecret says where a secret document was saved and what to do with it.
func savedSecret(doc notice.Doc, path string) string {
	switch doc.(type) {
	case notice.RecoveryKey:
		return i18n.T("The recovery key sheet is saved in %s. Print it, then delete the file: with it and a backup, anyone can read every client's record.", path)
	case notice.StaffPassword:
		return i18n.T("The sheet is saved in %s. It holds a one-time password: keep it private, and delete it once it is handed over.", path)
	}
	return i18n.T("The letter is saved in %s. It holds a live access code: keep it private, and delete it once it is mailed.", path)
}

// printPrivately prints doc from a private temporary file that is gone
// once the print system has the job. Call it off the UI goroutine.
func printPrivately(ctx context.Context, svc Services, name string, doc notice.Doc) (string, error) {
	_, err := svc.Printing.PrintPrivately(ctx, name, func(w io.Writer) error {
		return svc.Notices.Render(ctx, w, doc)
	}, "")
	var pe *printing.Error
	switch {
	case errors.Is(err, printing.ErrNotPrivate):
		return "", errors.New(i18n.T("This computer cannot print the letter without leaving a copy of it behind. Choose “Save PDF…” and where it goes, then print it from there."))
	case errors.As(err, &pe):
		return "", errors.New(pe.Why() + " " + i18n.T("Choose “Save PDF…” instead."))
	case err != nil:
		return "", err
	}
	return i18n.T("Sent to the printer. CaseDesk keeps no copy of the letter on this computer."), nil
}
