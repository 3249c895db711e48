package ui

import (
	"context"
	"errors"
	"path/filepath"

	"casedesk/app"
	"casedesk/app/home"
	"casedesk/app/i18n"
	"casedesk/app/packet"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// packetCard is, on a household's home screen, where the clinic's last
// update stands and where a newer packet is added: its file and code in a
// dialog, and what it changed (or why nothing was) said after. It shows
// only on a household's computer: the service says so.
type packetCard struct {
	h   *Home
	box *fyne.Container // hidden until the service says this is a household
	// above and below are its places on "My cases": above the cases when
	// the household follows a clinic, whose updates come first; below
	// them, as an offer, for a household that keeps its cases by hand.
	above, below *fyne.Container
	line         *widget.Label // "From <clinic>: last update made <date>, applied <date>"
	add          *widget.Button
	said         *widget.Label // what the last packet changed, or why it was refused
	how          *widget.Label // the dialog's first line: a newer packet, or a first one

	// The dialog's fields.
	form   *fyne.Container
	choose *widget.Button
	name   *widget.Label
	code   *widget.Entry
	msg    *widget.Label
	apply  *widget.Button
	file   []byte
	dlg    dialog.Dialog
	// pick asks for a file; tests replace it.
	pick func(title string, exts []string, picked func(path string))
}

func newPacketCard(h *Home) *packetCard {
	c := &packetCard{h: h, line: wrapped(""), said: note()}
	c.add = widget.NewButtonWithIcon(i18n.T("Add a newer packet from my clinic…"), theme.FolderOpenIcon(), c.open)
	c.box = container.NewVBox(widget.NewCard("", "", container.NewVBox(c.line, c.said, container.NewHBox(c.add))))
	c.box.Hide()
	c.above, c.below = container.NewVBox(c.box), container.NewVBox()
	c.name = widget.NewLabel("")
	c.name.Truncation = fyne.TextTruncateEllipsis
	c.choose = widget.NewButtonWithIcon(i18n.T("Choose the packet file…"), theme.FolderOpenIcon(), func() {
		h.touch()
		c.pick(i18n.T("The case packet from your clinic"), []string{packet.Ext}, c.chose)
	})
	c.code = widget.NewEntry()
	c.code.SetPlaceHolder("XXXX-XXXX-XXXX")
	c.code.OnChanged = func(string) { h.touch() }
	c.code.OnSubmitted = func(string) { c.submit() }
	c.msg = problem()
	c.apply = widget.NewButtonWithIcon(i18n.T("Add the packet"), theme.ConfirmIcon(), c.submit)
	c.apply.Importance = widget.HighImportance
	c.how = wrapped(i18n.T("Choose the newer packet file the clinic gave you and type the access code on the Account Access Notice that came with it."))
	c.form = container.NewVBox(c.how,
		widget.NewForm(
			widget.NewFormItem(i18n.T("Case packet"), container.NewBorder(nil, nil, c.choose, nil, c.name)),
			widget.NewFormItem(i18n.T("Online access code"), c.code)),
		c.msg,
	)
	c.pick = func(title string, exts []string, picked func(string)) {
		pickFile(h.canvas, title, exts, picked, func(m string) { tell(c.msg, m, true) })
	}
	return c
}

// load asks the service where the clinic's updates stand; the card shows
// on a household's computer only.
func (c *packetCard) load() {
	if c.h.svc.Packets == nil {
		return
	}
	s, packets := c.h.session, c.h.svc.Packets
	c.h.run(func(ctx context.Context) func() {
		pin, ok, err := packets.Clinic(ctx, s)
		return func() {
			if errors.Is(err, home.ErrNotHousehold) {
				c.box.Hide()
				return
			}
			if err != nil {
				c.h.fail(err)
				return
			}
			c.showPin(pin, ok)
			c.box.Show()
		}
	})
}

// showPin says when the clinic's last update was made and applied, and
// puts the card where it belongs.
func (c *packetCard) showPin(pin home.Pin, ok bool) {
	c.place(ok)
	if !ok {
		c.line.SetText(i18n.T("Your clinic can give you a case packet with its record of your cases, and newer ones as they change. Add one here with the access code that comes with it."))
		c.add.SetText(i18n.T("Add a case packet from my clinic…"))
		c.how.SetText(i18n.T("Choose the packet file the clinic gave you and type the access code on the Account Access Notice that came with it. Its cases are added to the ones you follow."))
		return
	}
	c.line.SetText(i18n.T("From %s: last update made %s, applied %s.", pin.Name,
		app.DateOf(pin.Made.Local()).String(), app.DateOf(pin.AppliedAt.Local()).String()))
	c.add.SetText(i18n.T("Add a newer packet from my clinic…"))
	c.how.SetText(i18n.T("Choose the newer packet file the clinic gave you and type the access code on the Account Access Notice that came with it."))
}

// place puts the card above the cases (pinned) or below them.
func (c *packetCard) place(pinned bool) {
	in, out := c.below, c.above
	if pinned {
		in, out = c.above, c.below
	}
	if len(in.Objects) == 0 {
		out.Objects = nil
		in.Objects = []fyne.CanvasObject{c.box}
		out.Refresh()
		in.Refresh()
	}
}

// open shows the dialog for the packet's file and code.
func (c *packetCard) open() {
	c.h.touch()
	c.clear()
	win := windowOf(c.h.canvas)
	if win == nil {
		return
	}
	cancel := widget.NewButton(i18n.T("Cancel"), func() { c.close() })
	body := container.NewBorder(nil, container.NewHBox(cancel, c.apply), nil, nil, c.form)
	c.dlg = dialog.NewCustomWithoutButtons(i18n.T("Add a packet from your clinic"), body, win)
	c.dlg.Resize(fyne.NewSize(560, 300))
	c.dlg.Show()
	win.Canvas().Focus(c.code)
}

// close hides the dialog and forgets the file and the code.
func (c *packetCard) close() {
	if c.dlg != nil {
		c.dlg.Hide()
		c.dlg = nil
	}
	c.clear()
}

// clear forgets the file, the code and what the dialog said.
func (c *packetCard) clear() {
	c.file = nil
	c.name.SetText("")
	c.code.SetText("")
	c.msg.Hide()
	c.apply.Enable()
	c.choose.Enable()
}

// reset forgets everything the card shows, at sign-out.
func (c *packetCard) reset() {
	c.close()
	c.line.SetText("")
	c.said.Hide()
	c.box.Hide()
}

// chose reads the file in the background and says at once when it is not
// a good packet.
func (c *packetCard) chose(path string) {
	c.msg.Hide()
	c.choose.Disable()
	c.h.run(func(context.Context) func() {
		b, err := readPacket(path)
		return func() {
			c.choose.Enable()
			c.name.SetText(filepath.Base(path))
			c.file = nil
			if err != nil {
				tell(c.msg, packetMessage(err), true)
				return
			}
			c.file = b
			// Then the code, and Return adds the packet.
			if win := windowOf(c.h.canvas); win != nil && c.dlg != nil {
				win.Canvas().Focus(c.code)
			}
		}
	})
}

// submit applies the packet in the background; the dialog closes and the
// card says what changed, or the dialog says why nothing did.
func (c *packetCard) submit() {
	c.h.touch()
	if c.file == nil {
		if !c.msg.Visible() {
			tell(c.msg, i18n.T("Choose the case packet file the clinic gave you."), true)
		}
		return
	}
	if _, err := app.ParseAccessCode(c.code.Text); err != nil {
		tell(c.msg, errText(err), true)
		return
	}
	c.apply.Disable()
	s, packets, file, code := c.h.session, c.h.svc.Packets, c.file, c.code.Text
	c.h.run(func(ctx context.Context) func() {
		applied, err := packets.Update(ctx, s, file, code)
		var pin home.Pin
		var ok bool
		if err == nil {
			pin, ok, err = packets.Clinic(ctx, s)
		}
		return func() {
			c.apply.Enable()
			if err != nil {
				tell(c.msg, packetMessage(err), true)
				return
			}
			c.close()
			c.showPin(pin, ok)
			tell(c.said, i18n.T("The packet from %s is applied: %s", applied.Clinic, appliedSummary(applied)), false)
			c.h.load() // the cases, notices and appointments as they are now
		}
	})
}
