package ui

import (
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ownChoice is the welcome screen's third first-run card, "This is my own
// computer": a household that follows its own cases. Its second button,
// for a person who brings their cases home from their clinic in a case
// packet, shows only when the window can open that (onPacket is set).
type ownChoice struct {
	card      *widget.Card
	setUp     *widget.Button
	packet    *widget.Button
	onSetUp   func() // opens the household's set-up
	onPacket  func() // opens the case packet's set-up; nil hides its button
	buttonRow *fyne.Container
}

func newOwnChoice() *ownChoice {
	o := &ownChoice{}
	o.setUp = widget.NewButtonWithIcon(i18n.T("Set up my own CaseDesk"), theme.HomeIcon(), func() {
		if o.onSetUp != nil {
			o.onSetUp()
		}
	})
	o.setUp.Importance = widget.HighImportance
	o.packet = widget.NewButtonWithIcon(i18n.T("I have an access code and a case packet from my clinic"), theme.FolderOpenIcon(), func() {
		if o.onPacket != nil {
			o.onPacket()
		}
	})
	o.buttonRow = container.NewVBox(container.NewHBox(o.setUp), container.NewHBox(o.packet))
	o.card = widget.NewCard(i18n.T("This is my own computer"), "", container.NewVBox(
		wrapped(i18n.T("For you and your family at home: follow your own immigration cases, record each letter USCIS sends and keep a copy of it, and never miss a due date. Nothing needs a clinic, and everything stays on this computer.")),
		o.buttonRow))
	return o
}

// show shows the card when offered (the store needs setting up and the
// window can set up a household), and the packet's button when the window
// can open a packet.
func (o *ownChoice) show(offered bool) {
	o.card.Hidden = !offered
	o.packet.Hidden = o.onPacket == nil
	o.buttonRow.Refresh()
}
