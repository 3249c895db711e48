// Package ui holds CaseDesk's Fyne screens. Screens talk to the app services
// handed to them in Services and never to the store; slow work runs off the
// UI goroutine and comes back through fyne.Do.
package ui

import (
	"context"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/home"
	"casedesk/app/household"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/printing"
	"casedesk/assets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Services is what the screens may ask of the rest of CaseDesk.
type Services struct {
	StorePath string
	Summary   func(ctx context.Context) (app.Summary, error)
	// OpenDemo opens the demo clinic, which lives in a store of its own,
	// building it first (all or nothing, with the given number of people,
	// reporting progress from its goroutine) when it is not there yet. It
	// returns the demo's services, their closer and, after a build, where
	// the demo access codes are listed. Nil on the demo's own store.
	OpenDemo func(ctx context.Context, people int, progress func(done, total int)) (Services, func(), string, error)
	// RestoreBackup puts a clinic's backup in place of a store that was
	// never set up (ErrStoreInUse otherwise), with this computer's data key
	// or, for a backup sealed on another computer, the clinic's recovery
	// key (nil: none given yet; backup.ErrNeedRecoveryKey asks for it). It
	// closes the store behind the window only once the key is known to fit,
	// and returns the services of the store then at the path (the restored
	// one, or the one that was there when the restore failed after that),
	// their closer, and what to tell the person. Nil on the demo's store.
	RestoreBackup func(ctx context.Context, from string, recoveryKey []byte) (Services, func(), string, error)
	// NeedsSetUp says whether the store was never set up: the welcome
	// screen then offers only the set-up and the demo. Nil: it was.
	NeedsSetUp func(ctx context.Context) (bool, error)
	// Demo: the store is the demo clinic; every screen says so.
	Demo bool
	// Server moves a clinic never set up to a store on a database server
	// (server.go). Nil on the demo's store and on a server's.
	Server *ServerSetUp
	// Notices exports stored notices to PDF; Printing sends PDFs to a printer.
	Notices  *notice.Service
	Printing *printing.Service
	// PDFFolder is where exported PDFs are saved unless the user picks another.
	PDFFolder string
	// Codes checks and redeems online access codes (the set-up wizard).
	Codes *auth.Codes
	// Packets opens a clinic's case packets at home: the wizard's packet
	// mode sets up a household with one, and its home screen adds later
	// ones. Nil where there are none (the demo).
	Packets *home.Packets
	// SignIn checks passwords and second-step codes, and changes and
	// recovers accounts; Portal answers a signed-in person about their own records.
	SignIn *auth.Account
	Portal *portal.Portal
	Desk   *desk.Service // the clinic's desk; staff reach it after signing in
	// Household is a household's own CaseDesk: its set-up on a store never
	// set up, and at home its family, cases, letters and checklists. Every
	// call checks that the store is a household's, and the home screen asks
	// it: a set-up in the window makes the store one after it opened.
	Household *household.Service
	// Cases lists a person's cases, for the account summary.
	Cases func(ctx context.Context, personID string) ([]app.Case, error)
	// SessionIdle is how long a signed-in applicant may be idle (the
	// session.idle_minutes setting, read when the store opens; zero means 15 minutes).
	SessionIdle time.Duration
	// KeyNote, when set, says once where the data key is kept because no
	// system keyring answered.
	KeyNote string
	// Runner runs the screens' background work and clocks; the zero value
	// is the desktop's (see Runner).
	Runner Runner
	// Kiosk: this computer is the clinic's shared kiosk (the kiosk
	// setting, read when the store opens; kiosk.go), where a visitor's
	// choices, the language too, end when they leave. KioskDir is the
	// private folder it prints from, wiped at start-up and after each
	// visit; ClinicLanguage the language it returns to after each visit.
	Kiosk          bool
	KioskDir       string
	ClinicLanguage string
	// KioskChanged applies, at once, the kiosk turned on or off from the
	// desk; the window sets it.
	KioskChanged func(on bool)
	// Now is the clock the signed-in screen's idle limit reads; nil is
	// time.Now (tests move it on to let the limit fire).
	Now func() time.Time
}

// Icon is CaseDesk's application icon.
var Icon = fyne.NewStaticResource("icon.png", assets.Icon)

// Opener opens the store and builds the services; close releases them. It
// runs off the UI goroutine: the integrity check of a large store takes a while.
type Opener func(ctx context.Context) (svc Services, close func(), err error)

// Run shows the main window at once, opens the store in the background with
// the welcome screen saying so, and blocks until the window is closed or ctx
// ends (Ctrl-C in the terminal). It reports false when the store could not
// be opened.
func Run(ctx context.Context, a fyne.App, storePath string, open Opener) (ok bool) {
	a.SetIcon(Icon)
	a.Settings().SetTheme(newAppTheme())
	startLanguage(a)
	w := a.NewWindow("CaseDesk")
	guardFiles()
	sh := &shell{w: w, welcome: NewWelcome(Services{StorePath: storePath}), closeStore: func() {}, focus: newFocusRing(w.Canvas())}
	w.SetContent(sh.focus.over(sh.welcome.Content()))
	w.Resize(fyne.NewSize(880, 620))
	w.SetMaster()
	sh.refreshOnFocus(a)
	ok = true
	// The check of a large store is heavy; start it once the window is up so
	// the two do not compete for the processor while the first frame is drawn.
	a.Lifecycle().SetOnStarted(func() {
		sh.open(ctx, Runner{}, a.Quit, storePath, open, func(opened bool) { ok = opened })
	})
	stop := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	defer stop()
	watching := make(chan struct{})
	go sh.focus.watch(watching)
	w.ShowAndRun()
	close(watching)
	sh.closeStore()
	return ok
}

// shell is the window and the store behind it: it wires the welcome screen
// to the other screens, and switches to the demo clinic's store when asked.
type shell struct {
	w          fyne.Window
	welcome    *Welcome
	svc        Services
	closeStore func()
	focus      *focusRing // over every screen
	admin      bool       // an administrator is signed in: a kiosk's window may close
	atWelcome  bool       // the welcome screen is what the window shows
	// welcomeIdle is the kiosk's idle limit on the welcome screen, running
	// while a visitor's choices there would outlast them (kiosk_welcome.go).
	welcomeIdle *idleGuard
	// refresh reads again what the desk or the home screen shows, when the
	// window comes back to the foreground (server_refresh.go); nil on others.
	refresh func()
	// server is the database server's form while it is shown (welcome_server.go).
	server *serverForm
}

// show puts a screen in the window, under the DEMO band while the store is
// the demo clinic.
func (sh *shell) show(o fyne.CanvasObject) {
	if sh.svc.Demo {
		o = container.NewBorder(demoBand(), nil, nil, nil, o)
	}
	sh.w.SetContent(sh.focus.over(o))
	sh.atWelcome = false
	sh.refresh = nil
}

// demoBand says, on every screen of the demo clinic, that nothing in it is real.
func demoBand() fyne.CanvasObject {
	l := widget.NewLabelWithStyle(i18n.T("DEMO — a made-up clinic with made-up people. Nothing here is a real person's record."),
		fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	l.Importance = widget.WarningImportance
	l.Wrapping = fyne.TextWrapWord
	return container.NewVBox(l, widget.NewSeparator())
}

// use makes svc the store behind the window and shows its welcome screen.
func (sh *shell) use(svc Services, closer func()) {
	sh.svc, sh.closeStore = svc, closer
	sh.svc.KioskChanged = func(on bool) {
		// From the desk, which stays in its language until sign-out.
		shown := i18n.Language()
		sh.kioskMode(on)
		_ = i18n.Use(shown)
	}
	sh.w.SetTitle("CaseDesk")
	if svc.Demo {
		sh.w.SetTitle("CaseDesk — DEMO")
	}
	sh.kioskMode(svc.Kiosk)
	sh.home()
}

// home shows the welcome screen, wired to the store behind the window and
// counted again: a fresh one once the kiosk was turned on or off.
func (sh *shell) home() {
	if sh.svc.Kiosk != sh.welcome.svc.Kiosk {
		sh.welcome = NewWelcome(sh.svc)
	}
	sh.welcome.svc = sh.svc
	sh.wire(sh.welcome)
	sh.show(sh.welcome.Content())
	sh.atWelcome = true
	sh.welcome.onChoice = sh.watchWelcome
	sh.watchWelcome()
	sh.welcome.Refresh()
}

// leave goes back to the welcome screen after a visitor signs out or the
// idle limit signs them out, saying why when a screen closed itself. The
// next visitor starts in the default language, on a welcome screen built
// in it; at a kiosk, on a fresh one, with nothing of the visit left
// (kiosk.go).
func (sh *shell) leave(reason string) {
	sh.w.Canvas().SetOnTypedKey(nil)
	sh.admin = false
	if sh.svc.Kiosk {
		endVisit(sh.svc)
		closeOverlays(sh.w.Canvas())
		resetLargerText()
	}
	i18n.Reset()
	if sh.svc.Kiosk || sh.welcome.lang != i18n.Language() {
		sh.welcome = NewWelcome(sh.svc)
	}
	sh.home()
	sh.welcome.say(reason)
}

// wire connects a welcome screen's ways in to the other screens.
func (sh *shell) wire(welcome *Welcome) {
	w, leave := sh.w, sh.leave
	// signedIn opens what the account is for: the clinic's desk for staff
	// and administrators, the applicant's home for everyone else.
	signedIn := func(acct app.Account) {
		svc := sh.svc
		session := portal.NewSession(acct, time.Now(), svc.idle())
		if (acct.Role == app.RoleStaff || acct.Role == app.RoleAdmin) && svc.Desk != nil {
			sh.admin = acct.Role == app.RoleAdmin
			// The desk is in English: its screens have no other language yet.
			_ = i18n.Use(i18n.English)
			d := NewDesk(svc, session, w, leave)
			d.pressed = sh.focus.lastSeen
			sh.show(d.Content())
			sh.refresh = d.refreshFromStore
			w.Canvas().SetOnTypedKey(d.TypedKey)
			d.Start()
			return
		}
		h := NewHomeIn(svc, session, w.Canvas(), leave)
		sh.show(h.Content())
		sh.refresh = h.refreshFromStore
		w.Canvas().SetOnTypedKey(h.TypedKey)
		h.Start()
	}
	welcome.onSignIn = func() {
		svc := sh.svc
		si := NewSignIn(svc, w.Canvas(), signedIn, leave)
		si.OnFirstSignIn(func(c auth.Challenge, username string) {
			first := NewFirstSignIn(svc, w.Canvas(), c, username, signedIn, leave)
			sh.show(first.Content())
			first.Start()
		})
		sh.show(si.Content())
		si.Start()
	}
	welcome.onRedeem = func() {
		wiz := NewWizard(sh.svc, w.Canvas(), leave)
		sh.show(wiz.Content())
		wiz.Start()
	}
	welcome.onPacket = nil
	if sh.svc.Packets != nil && !sh.svc.Kiosk {
		welcome.onPacket = func() {
			wiz := NewPacketWizard(sh.svc, w.Canvas(), leave)
			sh.show(wiz.Content())
			wiz.Start()
		}
	}
	welcome.onLanguage = sh.chooseLanguage
	// A kiosk offers no set-up, restore or demo.
	welcome.onSetUp, welcome.onRestore, welcome.onDemo, welcome.onOwn = nil, nil, nil, nil
	sh.wireServer(welcome)
	if sh.svc.Kiosk {
		return
	}
	if sh.svc.Household != nil && !sh.svc.Demo {
		welcome.onOwn = func() {
			setUp := NewHouseholdSetUp(sh.svc, w.Canvas(), signedIn, leave)
			sh.show(setUp.Content())
			setUp.Start()
		}
	}
	welcome.onSetUp = func() {
		setUp := NewClinicSetUp(sh.svc, w.Canvas(), signedIn, leave)
		sh.show(setUp.Content())
		setUp.Start()
	}
	if sh.svc.RestoreBackup != nil {
		welcome.onRestore = func() {
			r := NewRestore(sh.svc, w.Canvas(), func(restored Services, closer func(), msg string) {
				// The store that was behind the window is closed already.
				w.Canvas().SetOnTypedKey(nil)
				sh.use(restored, closer)
				sh.welcome.say(msg)
			}, leave)
			sh.show(r.Content())
			r.Start()
		}
	}
	welcome.onDemo = func(demo Services, closer func(), note string) {
		old := sh.closeStore
		sh.use(demo, closer)
		old()
		sh.welcome.say(note)
	}
}

// open opens the store off the UI goroutine and shows the welcome screen,
// or why it could not be opened; opened is told which. A database server
// that did not answer may be back in a moment, so its screen offers to
// try again, as often as the person likes, and a later success carries on
// as if the first try had worked.
func (sh *shell) open(ctx context.Context, r Runner, quit func(), storePath string, open Opener, opened func(bool)) {
	// Applied even once ctx has ended: a store that failed to open,
	// Ctrl-C included, still says so and makes Run report false.
	r.run(context.Background(), func(context.Context) func() {
		svc, closer, err := open(ctx)
		return func() {
			if err == nil {
				opened(true)
				sh.use(svc, closer)
				return
			}
			opened(false)
			var again func()
			if errors.Is(err, app.ErrServerUnreachable) && ctx.Err() == nil {
				again = func() { sh.open(ctx, r, quit, storePath, open, opened) }
			}
			screen, retry := storeError(quit, app.StoreMessage(storePath, err), again)
			sh.w.SetContent(sh.focus.over(screen))
			if retry != nil {
				sh.w.Canvas().Focus(retry) // Space tries again
			}
		}
	})
}

// storeError says why the store could not be opened, and offers a way
// out, and a way to try again when again is not nil: its button is
// returned to take the focus.
func storeError(quit func(), message string, again func()) (screen fyne.CanvasObject, retry *widget.Button) {
	title := widget.NewLabelWithStyle(i18n.T("CaseDesk cannot open its store"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	close := widget.NewButton(i18n.T("Close CaseDesk"), quit)
	buttons := container.NewHBox(layout.NewSpacer(), close)
	if again == nil {
		close.Importance = widget.HighImportance
	} else {
		retry = widget.NewButton(i18n.T("Try again"), func() {
			retry.Disable()
			msg.SetText(i18n.T("Trying the database server again…"))
			again()
		})
		retry.Importance = widget.HighImportance
		buttons = container.NewHBox(layout.NewSpacer(), close, retry)
	}
	return container.NewPadded(container.NewVBox(title, msg, layout.NewSpacer(), buttons)), retry
}

// inputText is what was typed wrong, in words, when err is about
// something typed.
func inputText(err error) (string, bool) {
	var in *app.InputError
	if errors.As(err, &in) {
		return in.Error(), true
	}
	return "", false
}

// errText is err in words: what was typed wrong, or else the error itself.
func errText(err error) string {
	if t, ok := inputText(err); ok {
		return t
	}
	return err.Error()
}

// note is a hidden, word-wrapped line where a screen tells the outcome of
// an action; tell fills and shows it.
func note() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// tell shows msg in a note, in the danger colour when something went wrong.
func tell(l *widget.Label, msg string, bad bool) {
	l.SetText(msg)
	l.Importance = widget.MediumImportance
	if bad {
		l.Importance = widget.DangerImportance
	}
	l.Show()
	l.Refresh()
}

// hint is a small word-wrapped line that explains a form.
func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// problem is a hidden line in the danger colour where a form says what
// is wrong with a field.
func problem() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}
