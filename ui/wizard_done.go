package ui

import (
	"context"
	"path/filepath"

	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// stepDone is step 5: the account number, the backup-code sheet and the
// account summary to print.
func (w *Wizard) stepDone() fyne.CanvasObject {
	w.doneNote = widget.NewLabel("")
	w.doneNote.Wrapping = fyne.TextWrapWord
	w.numberLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	w.numberLabel.SizeName = theme.SizeNameHeadingText
	w.sheet = newSheetPanel(w.svc, w.canvas, context.Background())
	w.keepNote = hint("")
	w.kept = widget.NewCheck(i18n.T("I printed the sheet or wrote the codes down"), func(bool) {
		w.idle.touch()
		w.enableNext()
	})
	w.printNote = widget.NewLabel("")
	w.printNote.Wrapping = fyne.TextWrapWord
	w.printNote.Hide()
	printSummary := widget.NewButtonWithIcon(i18n.T("Print account summary"), theme.DocumentPrintIcon(), w.printSummary)
	return container.NewVBox(w.doneNote,
		widget.NewLabelWithStyle(i18n.T("Online account number"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.numberLabel,
		w.numberHint(),
		widget.NewLabelWithStyle(i18n.T("Backup codes — each works once"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.sheet.box,
		w.keepNote, w.kept,
		container.NewHBox(printSummary), w.printNote)
}

// sayKeep says when the backup codes are needed, for the method chosen.
func (w *Wizard) sayKeep(withApp bool) {
	if withApp {
		w.keepNote.SetText(i18n.T("Print them or write them down now, and keep them somewhere safe. You need one when you cannot use your authenticator app, or to reset a forgotten password."))
		return
	}
	w.keepNote.SetText(i18n.T("Print them or write them down now, and keep them somewhere safe. Every time you sign in you need one of them, and each works once; a code also resets a forgotten password."))
}

// printSummary saves the account summary as a PDF in the PDF folder and
// prints it when there is a printer. The backup codes print apart, from a
// private file (sheetPanel).
func (w *Wizard) printSummary() {
	p := w.person()
	doc := notice.AccountSummary{Name: p.FullName(), Address: notice.AddressBlock(p), Username: w.account.Username,
		AccountNumber: w.account.Number, Printed: w.svc.Notices.Today(), Lang: p.Language}
	path := filepath.Join(w.svc.PDFFolder, "account-summary-"+string(w.account.Number)+".pdf")
	cases := w.svc.Cases
	svc := w.svc
	w.background(func(ctx context.Context) func() {
		withCases := func(ctx context.Context) (notice.Doc, error) {
			if cases != nil {
				cs, err := cases(ctx, p.ID)
				doc.Cases = cs
				return doc, err
			}
			return doc, nil
		}
		var msg string
		var err error
		if svc.Kiosk {
			msg, err = printSummaryAtKiosk(ctx, svc, withCases) // kiosk_home.go: no file is kept
		} else {
			msg, err = writePDF(ctx, svc, path, exportPrint, withCases)
		}
		return func() {
			if err != nil {
				msg = err.Error()
			}
			w.printNote.SetText(msg)
			w.printNote.Show()
		}
	})
}

// numberHint says where the online account number is found again. An
// account set up with a case packet was numbered on this computer: the
// clinic's notice does not have it.
func (w *Wizard) numberHint() *widget.Label {
	if w.pk != nil {
		return hint(i18n.T("Write it down: it is in your profile. It is not your A-number or a receipt number."))
	}
	return hint(i18n.T("Write it down: it is on your Account Access Notice and in your profile. It is not your A-number or a receipt number."))
}
