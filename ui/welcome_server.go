package ui

import (
	"casedesk/app/i18n"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newServerCard is the welcome screen's first-run card "This clinic uses a
// database server", for a clinic whose computers share one store. open
// shows the server's form (server.go).
func newServerCard(open func()) *widget.Card {
	b := widget.NewButtonWithIcon(i18n.T("Connect to the clinic's database server…"), theme.StorageIcon(), open)
	card := widget.NewCard(i18n.T("This clinic uses a database server"), "", container.NewVBox(
		wrapped(i18n.T("For a clinic whose computers share one PostgreSQL database: every seat signs in to the same clients and cases. The person who looks after the server gives you its address, CaseDesk's user name and its password.")),
		container.NewHBox(b)))
	return card
}

// wireServer offers the server's form from the welcome screen when the
// store behind the window may move to a server (Services.Server). Once the
// store on the server is open, it replaces the store behind the window,
// as the demo's does, and the welcome screen says so.
func (sh *shell) wireServer(welcome *Welcome) {
	welcome.onServer = nil
	setUp := sh.svc.Server
	if setUp == nil || sh.svc.Kiosk {
		return
	}
	welcome.onServer = func() {
		f := newServerForm(setUp, sh.svc.Runner, sh.w, func(svc Services, closer func(), unkept bool) {
			old := sh.closeStore
			sh.server = nil
			sh.w.Canvas().SetOnTypedKey(nil)
			sh.welcome = NewWelcome(svc) // from its top, where it says what happened
			sh.use(svc, closer)
			old()
			sh.welcome.say(serverNote(unkept))
		}, func() { sh.server = nil; sh.home() })
		sh.show(f.Content())
		sh.server = f
		if c := sh.w.Canvas(); c != nil {
			c.Focus(f.host)
		}
	}
}
