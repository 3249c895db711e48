package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Notices is the clinic's printing screen: every notice of a day (the
// mailing day) or of one case into one PDF, saved in a folder and, if asked,
// sent to a printer. Exports run in the background with progress and Cancel.
type Notices struct {
	svc    Services
	win    fyne.Window
	back   func()
	folder string

	date      *widget.Entry
	dayInfo   *widget.Label
	useLatest *widget.Button
	latest    app.Date
	day       notice.Day
	saveDay   *widget.Button
	printDay  *widget.Button

	receipt    *widget.Entry
	receiptMsg *widget.Label
	history    *widget.Check
	saveCase   *widget.Button
	printCase  *widget.Button

	printers    *widget.Select
	printerNote *widget.Label
	folderLabel *widget.Label

	progress     *widget.ProgressBar
	progressText *widget.Label
	cancel       *widget.Button
	working      *fyne.Container
	result       *widget.Label
	openFile     *widget.Button
	lastFile     string

	stop     context.CancelFunc // cancels the running export
	dayQuery int                // the latest date lookup; older answers are dropped
	content  fyne.CanvasObject
}

// NewNotices builds the printing screen; back returns to the screen before.
// Show its Content, then call Load.
func NewNotices(svc Services, win fyne.Window, back func()) *Notices {
	n := &Notices{svc: svc, win: win, back: back, folder: svc.PDFFolder}
	title := widget.NewLabelWithStyle(i18n.T("Print notices"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	backBtn := widget.NewButtonWithIcon(i18n.T("Back"), theme.NavigateBackIcon(), back)
	header := container.NewBorder(nil, nil, backBtn, nil, title)

	// One day's notices: the mailing day.
	n.date = widget.NewEntry()
	n.date.SetPlaceHolder("MM/DD/YYYY")
	n.date.SetText(svc.Notices.Today().Short())
	n.date.OnChanged = func(string) { n.lookUpDay() }
	n.dayInfo = widget.NewLabel("")
	n.dayInfo.Wrapping = fyne.TextWrapWord
	n.useLatest = widget.NewButton("", func() {
		n.date.SetText(n.latest.Short())
	})
	n.useLatest.Hide()
	n.saveDay = widget.NewButtonWithIcon(i18n.T("Save PDF"), theme.DocumentSaveIcon(), func() { n.exportDay(false) })
	n.printDay = widget.NewButtonWithIcon(i18n.T("Save and print"), theme.DocumentPrintIcon(), func() { n.exportDay(true) })
	n.printDay.Importance = widget.HighImportance
	n.date.OnSubmitted = func(string) {
		if !n.saveDay.Disabled() {
			n.exportDay(false)
		}
	}
	dayForm := widget.NewForm(widget.NewFormItem(i18n.T("Notice date"), n.date))
	dayCard := widget.NewCard(i18n.T("Every notice of one day"), i18n.T("For the mailing day: one PDF, one notice after another, each with its own page numbers."),
		container.NewVBox(dayForm, n.dayInfo, container.NewHBox(n.useLatest), container.NewHBox(n.saveDay, n.printDay)))

	// One case's notices.
	n.receipt = widget.NewEntry()
	n.receipt.SetPlaceHolder(i18n.T("For example IOE0912345678"))
	n.receipt.OnChanged = func(string) { n.receiptMsg.Hide() }
	n.receiptMsg = widget.NewLabel("")
	n.receiptMsg.Wrapping = fyne.TextWrapWord
	n.receiptMsg.Importance = widget.DangerImportance
	n.receiptMsg.Hide()
	n.history = widget.NewCheck(i18n.T("Add the case history report"), nil)
	n.history.SetChecked(true)
	n.saveCase = widget.NewButtonWithIcon(i18n.T("Save PDF"), theme.DocumentSaveIcon(), func() { n.exportCase(false) })
	n.printCase = widget.NewButtonWithIcon(i18n.T("Save and print"), theme.DocumentPrintIcon(), func() { n.exportCase(true) })
	n.printCase.Importance = widget.HighImportance
	n.receipt.OnSubmitted = func(string) { n.exportCase(false) }
	caseForm := widget.NewForm(widget.NewFormItem(i18n.T("Receipt number"), n.receipt))
	caseCard := widget.NewCard(i18n.T("Every notice of one case"), i18n.T("By receipt number, as printed on any notice of the case."),
		container.NewVBox(caseForm, n.receiptMsg, n.history, container.NewHBox(n.saveCase, n.printCase)))

	// Where PDFs go and which printer prints them.
	n.printers = widget.NewSelect(nil, nil)
	n.printers.PlaceHolder = i18n.T("Looking for printers…")
	n.printerNote = widget.NewLabel("")
	n.printerNote.Wrapping = fyne.TextWrapWord
	n.printerNote.Hide()
	n.folderLabel = widget.NewLabel(n.folder)
	n.folderLabel.Wrapping = fyne.TextWrapBreak
	change := widget.NewButtonWithIcon(i18n.T("Change folder…"), theme.FolderOpenIcon(), n.chooseFolder)
	setup := widget.NewForm(
		widget.NewFormItem(i18n.T("Printer"), container.NewVBox(n.printers, n.printerNote)),
		widget.NewFormItem(i18n.T("PDFs are saved in"), container.NewBorder(nil, nil, nil, change, n.folderLabel)),
	)
	setupCard := widget.NewCard(i18n.T("Printer and folder"), "", setup)

	// Progress of the running export, and the outcome of the last one.
	n.progress = widget.NewProgressBar()
	n.progressText = widget.NewLabel("")
	n.cancel = widget.NewButtonWithIcon(i18n.T("Cancel"), theme.CancelIcon(), n.cancelExport)
	n.working = container.NewBorder(nil, nil, nil, n.cancel, container.NewVBox(n.progressText, n.progress))
	n.working.Hide()
	n.result = widget.NewLabel("")
	n.result.Wrapping = fyne.TextWrapWord
	n.result.Hide()
	n.openFile = widget.NewButtonWithIcon(i18n.T("Open the PDF"), theme.FileIcon(), n.openLast)
	n.openFile.Hide()

	// The outcome stays in view below the cards, however far they scroll.
	status := container.NewVBox(n.working, container.NewBorder(nil, nil, nil, n.openFile, n.result))
	n.content = container.NewPadded(container.NewBorder(
		container.NewVBox(header, widget.NewSeparator()), status, nil, nil,
		container.NewVScroll(container.NewVBox(dayCard, caseCard, setupCard))))
	return n
}

// Load finds the printers and counts the day's notices, in the background.
// Call it once the screen is shown.
func (n *Notices) Load() {
	n.lookUpDay()
	n.loadPrinters()
}

// Content is the screen's root object.
func (n *Notices) Content() fyne.CanvasObject { return n.content }

// lookUpDay checks the typed date and counts its notices in the background.
func (n *Notices) lookUpDay() {
	n.useLatest.Hide()
	d, err := app.ParseDate(n.date.Text)
	if err != nil {
		n.showDay(notice.Day{}, err)
		return
	}
	n.dayQuery++
	q := n.dayQuery
	n.run(func(ctx context.Context) func() {
		day, err := n.svc.Notices.Day(ctx, d)
		return func() {
			if q == n.dayQuery {
				n.showDay(day, err)
			}
		}
	})
}

func (n *Notices) showDay(day notice.Day, err error) {
	n.day = day
	ok := err == nil && day.Count > 0
	if ok && n.working.Hidden {
		n.saveDay.Enable()
		n.printDay.Enable()
	} else {
		n.saveDay.Disable()
		n.printDay.Disable()
	}
	typo, typed := inputText(err)
	switch {
	case typed:
		n.dayInfo.Importance = widget.DangerImportance
		n.dayInfo.SetText(typo)
	case err != nil:
		n.dayInfo.Importance = widget.DangerImportance
		n.dayInfo.SetText(app.StoreMessage(n.svc.StorePath, err))
	default:
		n.dayInfo.Importance = widget.MediumImportance
		n.dayInfo.SetText(day.String())
		if day.Count == 0 && !day.Latest.IsZero() {
			n.latest = day.Latest
			n.useLatest.SetText(i18n.T("Show the latest, %s", day.Latest.String()))
			n.useLatest.Show()
		}
	}
	n.dayInfo.Refresh()
	n.printers.Refresh()
	n.updatePrintButtons()
}

// loadPrinters lists the printers in the background.
func (n *Notices) loadPrinters() {
	n.run(func(ctx context.Context) func() {
		ps, err := n.svc.Printing.Printers(ctx)
		return func() { n.showPrinters(ps, err) }
	})
}

func (n *Notices) showPrinters(ps []printing.Printer, err error) {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	n.printers.SetOptions(names)
	switch {
	case err != nil:
		n.printers.PlaceHolder = i18n.T("No printers")
		n.printerNote.SetText((&printing.Error{Reason: err}).Why() + " " + i18n.T("Notices can still be saved as PDF."))
		n.printerNote.Show()
	case len(ps) == 0:
		n.printers.PlaceHolder = i18n.T("No printers")
		n.printerNote.SetText(i18n.T("No printer is set up on this computer, so notices can only be saved as PDF. Add a printer in the system's settings, then open this screen again."))
		n.printerNote.Show()
	default:
		n.printers.PlaceHolder = i18n.T("Choose a printer")
		n.printers.SetSelectedIndex(0) // the default printer comes first
		n.printerNote.Hide()
	}
	n.printers.Refresh()
	n.updatePrintButtons()
}

// updatePrintButtons enables printing only when there is a printer.
func (n *Notices) updatePrintButtons() {
	havePrinter := n.printers.Selected != ""
	if !havePrinter || !n.working.Hidden {
		n.printCase.Disable()
		n.printDay.Disable()
		return
	}
	n.printCase.Enable()
	if !n.saveDay.Disabled() {
		n.printDay.Enable()
	}
}

func (n *Notices) chooseFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		n.folder = u.Path()
		n.folderLabel.SetText(n.folder)
	}, n.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(n.folder)); err == nil {
		d.SetLocation(l)
	}
	d.Show()
}

func (n *Notices) exportDay(print bool) {
	d, err := app.ParseDate(n.date.Text)
	if err != nil {
		n.showDay(notice.Day{}, err)
		return
	}
	n.export(notice.Selection{Date: d}, print)
}

func (n *Notices) exportCase(print bool) {
	r, err := app.ParseReceipt(n.receipt.Text)
	if err != nil {
		n.receiptMsg.SetText(errText(err))
		n.receiptMsg.Show()
		return
	}
	n.receiptMsg.Hide()
	n.export(notice.Selection{Receipt: r, History: n.history.Checked}, print)
}

// export writes the selection into one PDF in the folder, in the
// background, then prints it if asked.
func (n *Notices) export(sel notice.Selection, print bool) {
	if err := os.MkdirAll(n.folder, 0o700); err != nil {
		n.showResult(i18n.T("Could not make the folder %s: %v. Choose another folder.", n.folder, err), "")
		return
	}
	path := filepath.Join(n.folder, sel.FileName())
	printer := n.printers.Selected
	// Its own context: Cancel stops the export, whose outcome is still shown.
	ctx, cancel := context.WithCancel(context.Background())
	n.stop = cancel
	n.setWorking(true)
	n.progress.SetValue(0)
	n.progressText.SetText(i18n.T("Preparing %s…", sel.Describe()))
	n.run(func(context.Context) func() {
		defer cancel()
		step := 1
		count, err := n.svc.Notices.Export(ctx, sel, path, func(done, total int) {
			if total > 100 {
				step = total / 100
			}
			if done%step != 0 && done != total {
				return // about a hundred screen updates, however long the batch
			}
			fyne.Do(func() {
				n.progress.SetValue(float64(done) / float64(total))
				n.progressText.SetText(i18n.T("%d of %d documents", done, total))
			})
		})
		if err != nil {
			return func() {
				n.setWorking(false)
				n.showResult(notice.ExportMessage(sel, err), "")
			}
		}
		saved := i18n.T("Saved %s in %s.", documents(count), path)
		if !print {
			return func() {
				n.setWorking(false)
				n.showResult(saved, path)
			}
		}
		fyne.Do(func() { n.progressText.SetText(i18n.T("Sending to %s…", printer)) })
		job, err := n.svc.Printing.Print(ctx, path, printer)
		return func() {
			n.setWorking(false)
			if err != nil {
				n.showResult(err.Error(), path)
				return
			}
			msg := i18n.T("Sent %s to %s.", documents(count), printer)
			if job != "" {
				msg = i18n.T("Sent %s to %s (job %s).", documents(count), printer, job)
			}
			n.showResult(msg+" "+i18n.T("The PDF is also saved in %s.", path), path)
		}
	})
}

// run does load in the background, then applies what it returned.
func (n *Notices) run(load func(ctx context.Context) (apply func())) {
	n.svc.Runner.run(context.Background(), load)
}

func documents(n int) string {
	if n == 1 {
		return i18n.T("1 document")
	}
	return i18n.T("%s documents", count(n))
}

func (n *Notices) cancelExport() {
	if n.stop != nil {
		n.stop()
	}
	n.cancel.Disable()
	n.progressText.SetText(i18n.T("Cancelling…"))
}

// setWorking shows the progress row and keeps a second export from starting.
func (n *Notices) setWorking(on bool) {
	buttons := []*widget.Button{n.saveCase, n.printCase, n.saveDay, n.printDay}
	if on {
		n.working.Show()
		n.cancel.Enable()
		n.result.Hide()
		n.openFile.Hide()
		for _, b := range buttons {
			b.Disable()
		}
		return
	}
	n.working.Hide()
	n.saveCase.Enable()
	if n.day.Count > 0 {
		n.saveDay.Enable()
	}
	n.updatePrintButtons()
}

func (n *Notices) showResult(msg, file string) {
	n.result.SetText(msg)
	n.result.Show()
	n.lastFile = file
	if file != "" {
		n.openFile.Show()
	} else {
		n.openFile.Hide()
	}
}

func (n *Notices) openLast() {
	file := n.lastFile
	n.run(func(ctx context.Context) func() {
		if err := n.svc.Printing.Open(ctx, file); err != nil {
			return func() {
				n.showResult(fmt.Sprint(i18n.T("No PDF viewer could open %s: %v.", file, err)), file)
			}
		}
		return nil
	})
}
