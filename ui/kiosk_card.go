package ui

import (
	"context"

	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// kioskCard is the administrators' switch for the kiosk, in Settings: what
// it is, whether it is on, and one button that turns it the other way. The
// window follows at once (full screen or not); the welcome screen changes
// at the next sign-out.
type kioskCard struct {
	d      *Desk
	on     bool
	known  bool // the state was read
	state  *widget.Label
	toggle *widget.Button
	msg    *widget.Label
	box    *fyne.Container
	card   *widget.Card
}

func newKioskCard(d *Desk) *kioskCard {
	k := &kioskCard{d: d, state: wrapped(""), msg: note()}
	k.toggle = widget.NewButtonWithIcon("", theme.ComputerIcon(), k.flip)
	k.toggle.Hide()
	k.box = container.NewVBox(
		bold(i18n.T("Kiosk")),
		hint(i18n.T("For the shared computer in the waiting room: full screen, and the welcome screen offers only the access code, sign-in and the language. A visitor is signed out after 2 idle minutes (session.idle_minutes when set), and nothing of the visit is kept: no saved files, no PDF viewer, nothing on the clipboard. Only an administrator signed in here turns it off, or the command line: casedesk settings set kiosk off.")),
		container.NewBorder(nil, nil, nil, k.toggle, k.state), k.msg)
	k.card = widget.NewCard("", "", k.box)
	return k
}

// relayout lays the card out again, and the page that scrolls it: a line
// that appears or grows must push what is below it down, not overlap.
func (k *kioskCard) relayout() {
	k.box.Refresh()
	if t := k.d.settings; t != nil && t.scroll != nil {
		t.scroll.Refresh()
	}
}

// load reads whether the kiosk is on.
func (k *kioskCard) load() {
	d := k.d
	d.run(func(ctx context.Context) func() {
		on, err := d.desk.Kiosk(ctx)
		return func() {
			if err != nil {
				tell(k.msg, desk.Message(err), true)
			} else {
				k.show(on)
			}
			k.relayout()
		}
	})
}

func (k *kioskCard) show(on bool) {
	k.on, k.known = on, true
	if on {
		k.state.SetText(i18n.T("This computer is the clinic's kiosk."))
		k.toggle.SetText(i18n.T("Turn the kiosk off"))
	} else {
		k.state.SetText(i18n.T("The kiosk is off: this computer shows the whole welcome screen and closes like any window."))
		k.toggle.SetText(i18n.T("Turn the kiosk on"))
	}
	k.toggle.Show()
}

// flip turns the kiosk the other way, in the service (administrators
// only, with its audit row), then in the window.
func (k *kioskCard) flip() {
	d := k.d
	d.touch()
	if !k.known {
		return
	}
	want := !k.on
	k.toggle.Disable()
	d.run(func(ctx context.Context) func() {
		err := d.desk.SetKiosk(ctx, want)
		return func() {
			k.toggle.Enable()
			defer k.relayout()
			if err != nil {
				tell(k.msg, desk.Message(err), true)
				return
			}
			k.show(want)
			msg := i18n.T("The kiosk is off.")
			if want {
				msg = i18n.T("The kiosk is on. The welcome screen changes when you sign out.")
			}
			tell(k.msg, msg, false)
			if d.svc.KioskChanged != nil {
				d.svc.KioskChanged(want)
			}
		}
	})
}

// reset forgets the message.
func (k *kioskCard) reset() { k.msg.Hide() }
