package ui

// Kiosk mode: the clinic's shared computer in the waiting room. The window
// is full screen and cannot be closed outside an administrator's session;
// the welcome screen offers only the access code, sign-in and the
// language; every screen a visitor reaches has the short idle limit; and
// nothing of a visit outlives it: no file is saved or kept, no viewer
// started, nothing put on the clipboard, and at sign-out or idle expiry the
// window gets a fresh welcome screen, the print folder is wiped and the
// language goes back to the clinic's.

import (
	"context"
	"errors"
	"image/color"
	"io"
	"os"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// idle is the idle limit of an applicant's screens: the
// session.idle_minutes setting when set, else 2 minutes at a kiosk; zero
// (the desktop's 15 minutes) otherwise.
func (s Services) idle() time.Duration {
	if s.SessionIdle > 0 {
		return s.SessionIdle
	}
	if s.Kiosk {
		return portal.KioskIdle
	}
	return 0
}

// noReveal takes the eye button that shows a password in clear off the
// fields at a kiosk, where someone may stand behind the visitor. Fyne puts
// the button back on a password field with no action item, so an empty
// one takes its place.
func noReveal(svc Services, entries ...*widget.Entry) {
	if !svc.Kiosk {
		return
	}
	for _, e := range entries {
		blank := canvas.NewRectangle(color.Transparent)
		blank.SetMinSize(fyne.NewSize(0, 0))
		e.ActionItem = blank
		e.Refresh()
	}
}

// errKioskNoPrint is a kiosk that cannot print without keeping a copy.
var errKioskNoPrint = errors.New("printing here would leave a copy behind")

// printAtKiosk prints doc from a folder of its own in the kiosk's private
// folder, which it removes once the print system has the job; the folder
// is wiped again at the end of the visit, in case CaseDesk stopped
// meanwhile. It never saves a copy elsewhere or opens a viewer. Call it
// off the UI goroutine.
func printAtKiosk(ctx context.Context, svc Services, name string, doc notice.Doc) (string, error) {
	if svc.KioskDir == "" {
		return "", errKioskNoPrint
	}
	if err := os.MkdirAll(svc.KioskDir, 0o700); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp(svc.KioskDir, "print-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	_, err = svc.Printing.PrintIn(ctx, dir, name, func(w io.Writer) error { return svc.Notices.Render(ctx, w, doc) }, "")
	var pe *printing.Error
	switch {
	case errors.Is(err, printing.ErrNotPrivate), errors.Is(err, errKioskNoPrint):
		return "", errors.New(i18n.T("This computer cannot print without keeping a copy behind. Ask the clinic's staff to print it for you."))
	case errors.As(err, &pe):
		return "", errors.New(pe.Why() + " " + i18n.T("Ask the clinic's staff for help."))
	case err != nil:
		return "", err
	}
	return i18n.T("Sent to the printer. Nothing of it is kept on this computer."), nil
}

// endVisit forgets what a visit at the kiosk left outside the screens: the
// print folder's files and the clipboard. The shell then returns to the
// clinic's language (i18n.Reset) and builds a fresh welcome screen; the
// visit's screens are dropped with everything typed in them.
func endVisit(svc Services) {
	if svc.KioskDir != "" {
		_ = app.WipeKioskFolder(svc.KioskDir)
	}
	if a := fyne.CurrentApp(); a != nil {
		a.Clipboard().SetContent("")
	}
}

// closeOverlays takes every pop-up and dialog off the canvas: at a kiosk
// none of a visit's may stay over the next visitor's welcome screen.
func closeOverlays(c fyne.Canvas) {
	for _, o := range c.Overlays().List() {
		c.Overlays().Remove(o)
	}
}

// clinicLanguage makes the clinic's language (clinic.language) the one a
// kiosk returns to after each visit, and shows it now unless it is that
// already: choosing a language, which shows the store again, keeps the
// visitor's choice.
func clinicLanguage(svc Services) {
	tag := svc.ClinicLanguage
	if tag == "" {
		tag = i18n.English
	}
	if i18n.Default() != tag && i18n.Has(tag) {
		_ = i18n.SetDefault(tag)
	}
}

// kioskMode puts the window in or out of kiosk mode at once: full screen,
// and a close that only an administrator's session allows.
// Its print folder is wiped when the kiosk comes on (at start-up too), and
// removed, with anything an interrupted visit left, when it is off.
func (sh *shell) kioskMode(on bool) {
	sh.svc.Kiosk = on
	sh.w.SetFullScreen(on)
	if !on {
		sh.w.SetCloseIntercept(nil)
		if sh.svc.KioskDir != "" {
			_ = os.RemoveAll(sh.svc.KioskDir)
		}
		return
	}
	if sh.svc.KioskDir == "" {
		sh.svc.KioskDir = app.KioskFolder()
	}
	_ = app.WipeKioskFolder(sh.svc.KioskDir)
	sh.w.SetCloseIntercept(sh.closeAtKiosk)
	clinicLanguage(sh.svc)
}

// closeAtKiosk is the window's close at a kiosk: only while an
// administrator is signed in (who may as well turn the kiosk off); a
// visitor's close, or Alt+F4 on the welcome screen, does nothing.
func (sh *shell) closeAtKiosk() {
	if sh.admin {
		sh.w.Close()
	}
}

// forKiosk leaves on the welcome screen only the ways in a visitor has:
// the access code and sign-in (and the language choice). The store's file,
// what it holds and where its key is, the set-up, restore and demo are not
// shown, nor kept in a hidden widget.
func (w *Welcome) forKiosk() {
	w.where.SetText("")
	w.where.Hide()
	for _, n := range w.counts {
		n.SetText("–")
	}
	for _, o := range w.figures[1:] {
		o.Hide()
	}
	// The counts' heading says instead what a visitor can do here.
	if l, ok := w.figures[0].(*widget.Label); ok {
		l.SetText(i18n.T("Sign in to see your cases, notices and appointments, or set up your account with the access code the clinic gave you."))
		l.Wrapping = fyne.TextWrapWord
		l.Show()
	}
	w.empty.Hide()
	w.firstRun.Hide()
	w.setUpCard.Hide()
	w.demoCard.Hide()
	w.loadDemo.Hide()
	w.restoreBtn.Hide()
	w.setUpBtn.Hide()
	w.holds.Show()
	w.redeemBtn.Hidden = w.onRedeem == nil
	w.signInBtn.Hidden = w.onSignIn == nil
	w.printRow.Hidden = w.redeemBtn.Hidden && w.signInBtn.Hidden
	w.printRow.Refresh()
}

// ShowIn puts the screens of svc's store in w, from its welcome screen, as
// Run does once the store is open: the kiosk's whole visit is tested in a
// window of the test driver with it.
func ShowIn(w fyne.Window, svc Services) {
	sh := &shell{w: w, welcome: NewWelcome(svc), closeStore: func() {}, focus: newFocusRing(w.Canvas())}
	sh.use(svc, func() {})
}
