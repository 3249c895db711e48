package ui

import (
	"context"
	"path/filepath"

	"casedesk/app"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// demoPeople is the size of the demo clinic the window offers: big enough to
// look real, small enough to build in about a second.
const demoPeople = 2000

// Welcome is the first screen: the clinic's name, what the store holds, and
// on an empty store the offer to load the demo clinic.
type Welcome struct {
	svc Services

	clinic   *widget.Label
	counts   map[string]*widget.Label // by row name, for tests
	figures  []fyne.CanvasObject      // the counts' heading and tiles
	holds    *fyne.Container
	empty    *fyne.Container
	loadDemo *widget.Button
	progress *widget.ProgressBar
	status   *widget.Label
	opening  *widget.ProgressBarInfinite // until the store is open and counted
	body     *fyne.Container
	content  fyne.CanvasObject

	redeemBtn *widget.Button
	printRow  *fyne.Container // the ways in: sign in, redeem a code
	onRedeem  func()          // opens the set-up wizard; nil until the store is open
	onSignIn  func()          // opens sign-in; nil until the store is open
	// onSetUp opens the set-up of a clinic; nil until the store is open.
	onSetUp func()
	// onRestore opens the restore of a clinic's backup onto this computer;
	// nil until the store is open, and on the demo's store.
	onRestore  func()
	restoreBtn *widget.Button
	// firstRun asks a store nobody set up what this computer is for: one
	// choice per kind of install, each a card with what it means.
	firstRun  *fyne.Container
	setUpCard *widget.Card
	demoCard  *widget.Card
	setUpBtn  *widget.Button
	demoText  *widget.Label
	needSetUp bool // the last refresh found the store never set up
	// own is "This is my own computer" (welcome_own.go); onOwn opens the
	// household's set-up and onPacket the case packet's, each nil until
	// the store is open (and on a kiosk).
	own      *ownChoice
	onOwn    func()
	onPacket func()
	// serverCard is "This clinic uses a database server" (welcome_server.go);
	// onServer opens its form, nil when the store cannot move to a server.
	serverCard *widget.Card
	onServer   func()
	// onDemo switches the window to the demo clinic's own store.
	onDemo    func(demo Services, close func(), note string)
	explain   *widget.Label
	where     *widget.Label // which store file, after a switch to the demo too
	signInBtn *widget.Button

	keyNoteShown bool

	// lang is the language the screen was built in.
	lang string
	// langRow holds the choice of language, shown once onLanguage is set.
	langRow *fyne.Container
	// onLanguage switches the window to another language; nil until the
	// store is open.
	onLanguage func(tag string)
	// onChoice is told that the visitor changed the text size.
	onChoice func()
	larger   *widget.Check // "Larger text" (largetext.go)
}

var countRows = []string{"People", "Cases", "Status events", "Notices", "Appointments", "Messages"}

// NewWelcome builds the welcome screen; call Refresh to fill it.
func NewWelcome(svc Services) *Welcome {
	w := &Welcome{svc: svc, counts: map[string]*widget.Label{}, lang: i18n.Language()}
	icon := canvas.NewImageFromResource(Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(64))
	title := widget.NewLabelWithStyle("CaseDesk", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	w.clinic = wrapped(i18n.T("Checking the store…")) // a long name must not widen the window
	w.langRow = container.NewVBox()
	if c := languageChoice(func(tag string) {
		if w.onLanguage != nil {
			w.onLanguage(tag)
		}
	}); c != nil {
		w.langRow.Add(c)
	}
	w.langRow.Hide()
	w.larger = newLargerTextCheck(func() bool { return !w.svc.Kiosk })
	if set := w.larger.OnChanged; set != nil {
		w.larger.OnChanged = func(on bool) {
			set(on)
			if w.onChoice != nil {
				w.onChoice()
			}
		}
	}
	header := container.NewBorder(nil, nil, icon, container.NewVBox(w.langRow, w.larger), container.NewVBox(title, w.clinic))

	tiles := container.NewGridWithColumns(3)
	for _, row := range countRows {
		n := widget.NewLabelWithStyle("–", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		n.SizeName = theme.SizeNameSubHeadingText
		w.counts[row] = n
		tiles.Add(widget.NewCard("", "", container.NewVBox(n, widget.NewLabel(i18n.T(row)))))
	}
	w.redeemBtn = widget.NewButtonWithIcon(i18n.T("I have an access code"), theme.LoginIcon(), func() {
		if w.onRedeem != nil {
			w.onRedeem()
		}
	})
	w.signInBtn = widget.NewButtonWithIcon(i18n.T("Sign in"), theme.AccountIcon(), func() {
		if w.onSignIn != nil {
			w.onSignIn()
		}
	})
	w.signInBtn.Importance = widget.HighImportance
	w.printRow = container.NewHBox(w.signInBtn, w.redeemBtn)
	w.printRow.Hide()
	w.figures = []fyne.CanvasObject{widget.NewLabelWithStyle(i18n.T("What this store holds"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), tiles}
	w.holds = container.NewVBox(w.figures[0], w.figures[1], w.printRow)
	w.holds.Hide()
	w.where = widget.NewLabel(i18n.T("Stored in %s", app.StorePlace(svc.StorePath)))
	where := w.where
	w.opening = widget.NewProgressBarInfinite()
	where.Wrapping = fyne.TextWrapBreak

	w.loadDemo = widget.NewButtonWithIcon(i18n.T("Explore the demo clinic"), theme.DownloadIcon(), w.startDemo)
	w.loadDemo.Importance = widget.HighImportance
	w.progress = widget.NewProgressBar()
	w.progress.Hide()
	w.explain = widget.NewLabel("")
	w.explain.Wrapping = fyne.TextWrapWord
	w.empty = container.NewVBox(widget.NewCard(i18n.T("No clients yet"), "", w.explain))
	w.empty.Hide()

	w.setUpBtn = widget.NewButtonWithIcon(i18n.T("Set up this computer for a clinic"), theme.SettingsIcon(), func() {
		if w.onSetUp != nil {
			w.onSetUp()
		}
	})
	w.setUpBtn.Importance = widget.HighImportance
	w.restoreBtn = widget.NewButtonWithIcon(i18n.T("Restore the clinic from a backup…"), theme.HistoryIcon(), func() {
		if w.onRestore != nil {
			w.onRestore()
		}
	})
	w.setUpCard = widget.NewCard(i18n.T("A legal aid clinic"), "", container.NewVBox(
		wrapped(i18n.T("The clinic's staff sign in here to enter clients and their cases, record status changes and notices, issue access codes and print the day's notices. You type the clinic's name, address and time zone, and set up the first administrator's account. A clinic moving to a new or replaced computer restores one of its backups instead, with its Recovery Key sheet.")),
		container.NewHBox(w.setUpBtn, w.restoreBtn)))
	w.serverCard = newServerCard(func() {
		if w.onServer != nil {
			w.onServer()
		}
	})
	w.own = newOwnChoice()
	w.own.onSetUp = func() {
		if w.onOwn != nil {
			w.onOwn()
		}
	}
	w.demoText = wrapped(i18n.T("Look around a made-up clinic: %s people from many countries with their cases, status histories, notices, appointments and messages. It is kept in a file of its own, apart from any real clinic's records, and every screen says DEMO.", count(demoPeople)))
	w.demoCard = widget.NewCard(i18n.T("Just exploring"), "", container.NewVBox(w.demoText, container.NewHBox(w.loadDemo), w.progress))
	w.firstRun = container.NewVBox(
		widget.NewLabelWithStyle(i18n.T("What is this computer for?"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(i18n.T("CaseDesk has not been set up on this computer yet. Choose one; nothing else can be done before.")),
		// The server's card last: the keys that reach the others stay as they were.
		w.setUpCard, w.own.card, w.demoCard, w.serverCard)
	w.firstRun.Hide()

	w.status = widget.NewLabel("")
	w.status.Wrapping = fyne.TextWrapWord
	w.status.Hide()

	// Plain, not italic: every extra font face costs start-up time and memory.
	footer := widget.NewLabelWithStyle(i18n.T("CaseDesk is not affiliated with USCIS. Notices it prints are record copies, not issued by USCIS."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	footer.Wrapping = fyne.TextWrapWord
	w.body = container.NewVBox(header, widget.NewSeparator(), w.opening, w.status, w.firstRun, w.empty, w.holds, where)
	// On a wide window the body keeps to a column; its buttons stay near it.
	w.content = container.NewBorder(nil, footer, nil, nil, container.NewPadded(page(column(w.body))))
	return w
}

// Content is the screen's root object.
func (w *Welcome) Content() fyne.CanvasObject { return w.content }

// Refresh reloads what the store holds, off the UI goroutine.
func (w *Welcome) Refresh() {
	summary, needs := w.svc.Summary, w.svc.NeedsSetUp
	w.svc.Runner.run(context.Background(), func(ctx context.Context) func() {
		sum, err := summary(ctx)
		need := false
		if err == nil && needs != nil {
			need, err = needs(ctx)
		}
		return func() { w.needSetUp = need; w.show(sum, err) }
	})
}

// show applies a summary, or the reason there is none.
func (w *Welcome) show(sum app.Summary, err error) {
	w.opening.Stop()
	w.opening.Hide()
	w.where.SetText(i18n.T("Stored in %s", app.StorePlace(w.svc.StorePath)))
	if err != nil {
		w.showError(app.StoreMessage(w.svc.StorePath, err))
		return
	}
	switch {
	case sum.ClinicName != "":
		w.clinic.SetText(sum.ClinicName)
	case sum.InstallKind == app.InstallHousehold:
		w.clinic.SetText(i18n.T("Your own CaseDesk, for your household"))
	case sum.Empty():
		w.clinic.SetText(i18n.T("A new, empty store"))
	default:
		w.clinic.SetText(i18n.T("No clinic name is set"))
	}
	for row, v := range map[string]int{"People": sum.People, "Cases": sum.Cases, "Status events": sum.Events,
		"Notices": sum.Notices, "Appointments": sum.Appointments, "Messages": sum.Messages} {
		w.counts[row].SetText(count(v))
	}
	if w.svc.KeyNote != "" && !w.keyNoteShown && !w.svc.Kiosk {
		w.keyNoteShown = true
		w.status.SetText(w.svc.KeyNote)
		w.status.Importance = widget.MediumImportance
		w.status.Show()
	}
	// A store nobody set up offers only the set-up and, when it is empty,
	// the demo: no sign-in, no access code, nothing else.
	w.setUpCard.Hidden = !w.needSetUp || w.onSetUp == nil
	w.restoreBtn.Hidden = w.onRestore == nil
	w.demoCard.Hidden = !sum.NeverSetUp() || w.svc.OpenDemo == nil
	w.loadDemo.Hidden = w.demoCard.Hidden
	w.own.onPacket = w.onPacket
	w.own.show(w.needSetUp && w.onOwn != nil)
	w.serverCard.Hidden = !w.needSetUp || w.onServer == nil
	w.firstRun.Hidden = w.setUpCard.Hidden && w.serverCard.Hidden && w.demoCard.Hidden && w.own.card.Hidden
	open := w.firstRun.Hidden && !w.needSetUp
	// A household's own store issues no access codes to redeem.
	w.redeemBtn.Hidden = !open || sum.People == 0 || w.onRedeem == nil || sum.InstallKind == app.InstallHousehold
	w.signInBtn.Hidden = !open || w.onSignIn == nil
	w.printRow.Hidden = w.redeemBtn.Hidden && w.signInBtn.Hidden
	w.printRow.Refresh()
	w.langRow.Hidden = w.onLanguage == nil || len(w.langRow.Objects) == 0
	syncLargerText(w.larger) // it may have changed on the Profile tab, or at a kiosk's sign-out
	w.explain.SetText(i18n.T("This clinic has no clients yet. Staff sign in to add them; a client then sets up their account with the access code the clinic gives them."))
	w.holds.Hidden = !open
	w.empty.Hidden = !open || !sum.Empty()
	if w.svc.Kiosk {
		w.forKiosk() // kiosk.go
	}
	w.body.Refresh() // lay out again: sections appeared or went
}

// startDemo opens the demo clinic (building its own store first, the first
// time) in the background with progress, then switches the window to it.
func (w *Welcome) startDemo() {
	if w.svc.OpenDemo == nil {
		return
	}
	w.loadDemo.Disable()
	w.progress.SetValue(0)
	w.progress.Show()
	w.status.Hide()
	open, storePath := w.svc.OpenDemo, w.svc.StorePath
	w.svc.Runner.run(context.Background(), func(ctx context.Context) func() {
		demo, closer, note, err := open(ctx, demoPeople, func(done, total int) {
			fyne.Do(func() { w.progress.SetValue(float64(done) / float64(total)) })
		})
		return func() {
			w.progress.Hide()
			w.loadDemo.Enable()
			if err != nil {
				w.showError(i18n.T("The demo clinic could not be opened, so nothing was added. %s", app.StoreMessage(filepath.Dir(storePath), err)))
				return
			}
			if w.onDemo == nil {
				closer()
				return
			}
			w.onDemo(demo, closer, note)
		}
	})
}

// say puts a plain message on the screen (after a sign-out, say); "" says nothing.
func (w *Welcome) say(msg string) {
	if msg == "" {
		w.status.Hide()
		return
	}
	w.status.SetText(msg)
	w.status.Importance = widget.MediumImportance
	w.status.Show()
	w.body.Refresh() // a line more: lay out again
}

// showError puts a message on the screen. It is the one way screens report
// failures from background work.
func (w *Welcome) showError(msg string) {
	w.status.SetText(msg)
	w.status.Importance = widget.DangerImportance
	w.status.Show()
}

var printer = message.NewPrinter(language.AmericanEnglish)

// count formats a number with thousands separators.
func count(n int) string { return printer.Sprintf("%d", n) }
