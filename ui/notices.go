package ui

import (
	"context"

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

	date      *dateEntry
	dayInfo   *widget.Label
	useLatest *widget.Button
	latest    app.Date
	day       notice.Day
	saveDay   *widget.Button
	printDay  *widget.Button

	dayOut *outcome // what the last action on the day's notices came to

	receipt   *widget.Entry
	history   *widget.Check
	saveCase  *widget.Button
	printCase *widget.Button
	caseOut   *outcome // what the last action on a case's notices came to

	printers    *widget.Select
	printerNote *widget.Label
	folderLabel *widget.Label

	progress     *widget.ProgressBar
	progressText *widget.Label
	cancel       *widget.Button
	working      *fyne.Container
	frame        *fyne.Container // the screen without its padding: laid out again when the progress row shows or goes

	stop      context.CancelFunc    // cancels the running export
	asked     *replaceQuestion      // the open question about a taken file name, if any
	afterStep func(done, total int) // when set, called after each step of an export is shown; tests cancel from it
	dayQuery  int                   // the latest date lookup; older answers are dropped
	content   fyne.CanvasObject
	// printed, when set, records the notices of a selection the printer took.
	printed func(context.Context, notice.Selection) error
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
	n.date = newDateEntry()
	n.date.SetPlaceHolder(i18n.T("MM/DD/YYYY"))
	n.date.SetText(svc.Notices.Today().Short())
	n.date.OnChanged = func(string) { n.dateTyped() }
	n.date.onLeave = n.checkDate
	n.dayInfo = widget.NewLabel("")
	n.dayInfo.Wrapping = fyne.TextWrapWord
	n.useLatest = widget.NewButton("", func() {
		n.date.SetText(n.latest.Short())
	})
	n.useLatest.Hide()
	n.saveDay = widget.NewButtonWithIcon(i18n.T("Save PDF"), theme.DocumentSaveIcon(), func() { n.exportDay(false) })
	n.printDay = widget.NewButtonWithIcon(i18n.T("Save and print"), theme.DocumentPrintIcon(), func() { n.exportDay(true) })
	n.printDay.Importance = widget.HighImportance
	n.dayOut = newOutcome(n.openPDF)
	n.date.OnSubmitted = func(string) {
		if !n.saveDay.Disabled() {
			n.exportDay(false)
			return
		}
		n.checkDate()
	}
	dayForm := widget.NewForm(widget.NewFormItem(i18n.T("Notice date"), n.date))
	dayCard := widget.NewCard(i18n.T("Every notice of one day"), i18n.T("For the mailing day: one PDF, one notice after another, each with its own page numbers."),
		container.NewVBox(dayForm, n.dayInfo, container.NewHBox(n.useLatest), container.NewHBox(n.saveDay, n.printDay), n.dayOut.box))

	// One case's notices.
	n.receipt = widget.NewEntry()
	n.receipt.SetPlaceHolder(i18n.T("For example IOE0912345678"))
	n.caseOut = newOutcome(n.openPDF)
	n.receipt.OnChanged = func(string) { n.caseOut.clear() }
	n.history = widget.NewCheck(i18n.T("Add the case history report"), nil)
	n.history.SetChecked(true)
	n.history.OnChanged = func(bool) { n.caseOut.clear() }
	n.saveCase = widget.NewButtonWithIcon(i18n.T("Save PDF"), theme.DocumentSaveIcon(), func() { n.exportCase(false) })
	n.printCase = widget.NewButtonWithIcon(i18n.T("Save and print"), theme.DocumentPrintIcon(), func() { n.exportCase(true) })
	n.printCase.Importance = widget.HighImportance
	n.receipt.OnSubmitted = func(string) { n.exportCase(false) }
	caseForm := widget.NewForm(widget.NewFormItem(i18n.T("Receipt number"), n.receipt))
	caseCard := widget.NewCard(i18n.T("Every notice of one case"), i18n.T("By receipt number, as printed on any notice of the case."),
		container.NewVBox(caseForm, n.history, container.NewHBox(n.saveCase, n.printCase), n.caseOut.box))

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

	// Progress of the running export; its outcome is shown in the card of
	// the action that started it.
	n.progress = widget.NewProgressBar()
	n.progressText = widget.NewLabel("")
	n.cancel = widget.NewButtonWithIcon(i18n.T("Cancel"), theme.CancelIcon(), n.cancelExport)
	n.working = container.NewBorder(nil, nil, nil, n.cancel, container.NewVBox(n.progressText, n.progress))
	n.working.Hide()

	// The progress stays in view below the cards, however far they scroll.
	n.frame = container.NewBorder(
		container.NewVBox(header, widget.NewSeparator()), n.working, nil, nil,
		container.NewVScroll(container.NewVBox(dayCard, caseCard, setupCard)))
	// Kept to a column on a wide window, so buttons stay near their words.
	n.content = column(container.NewPadded(n.frame))
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

// dateTyped follows the date as it is typed: a whole date is looked up; one
// still being typed is not judged yet, and nothing can be saved meanwhile.
func (n *Notices) dateTyped() {
	n.dayOut.clear()
	if wholeDate(n.date.Text) {
		n.lookUpDay()
		return
	}
	n.dayQuery++ // an answer for an earlier date is no longer wanted
	n.useLatest.Hide()
	n.showDay(notice.Day{}, nil)
}

// checkDate says next to the field what is wrong with the date typed, if
// anything: on Enter and when the person leaves the field.
func (n *Notices) checkDate() {
	if _, err := app.ParseDate(n.date.Text); err != nil {
		n.lookUpDay()
	}
}

// lookUpDay checks the typed date and counts its notices in the background.
func (n *Notices) lookUpDay() {
	n.useLatest.Hide()
	n.dayQuery++
	q := n.dayQuery
	d, err := app.ParseDate(n.date.Text)
	if err != nil {
		n.showDay(notice.Day{}, err)
		return
	}
	n.run(func(ctx context.Context) func() {
		day, err := n.svc.Notices.Day(ctx, d)
		return func() {
			if q == n.dayQuery {
				n.showDay(day, err)
			}
		}
	})
}

// showDay shows what the lookup of a date found; a zero day without an
// error is a date still being typed, of which nothing is said.
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
	case day.Date.IsZero():
		n.dayInfo.Importance = widget.MediumImportance
		n.dayInfo.SetText("")
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
