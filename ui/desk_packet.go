package ui

import (
	"context"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/portal"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// packetButton is the client page's "Give the client their cases to take
// home…": a case packet file and its Account Access Notice. Only a desk
// that writes packets offers it.
func (p *clientPage) packetButton() *widget.Button {
	b := widget.NewButtonWithIcon(i18n.T("Give the client their cases to take home…"), theme.UploadIcon(), func() {
		p.d.touch()
		p.askPacket()
	})
	if p.d.svc.Desk == nil || !p.d.svc.Desk.WritesPackets() {
		b.Hide()
	}
	return b
}

// askPacket says what giving the client their cases does, then asks where
// to save the packet. A client with no cases is told so instead.
func (p *clientPage) askPacket() {
	d := p.d
	c := p.pg.Client
	if len(p.pg.Cases) == 0 {
		p.noCases()
		return
	}
	msg := i18n.T("CaseDesk writes one file with %s's cases, each case's history, their notices and their appointments, for a USB stick or an e-mail. "+
		"It is locked with a new access code, printed on an Account Access Notice that you give the client with the file. "+
		"CaseDesk does not keep the code: without the notice, nobody can open the file.\n\nNext, choose where to save the file.", c.FullName())
	d.confirm(i18n.T("Give the client their cases to take home"), msg, i18n.T("Choose where to save…"), func() {
		saveAs(d, desk.PacketFileName(c.Person, app.DateOf(time.Now())), p.writePacket)
	})
}

// noCases tells staff there is nothing to take home yet.
func (p *clientPage) noCases() {
	dlg := dialog.NewInformation(i18n.T("No cases to take home"),
		i18n.T("%s has no cases of their own yet, so there is nothing to take home. Add their cases first with “Add a case”.", p.pg.Client.FullName()), p.d.win)
	p.d.show(dlg)
}

// writePacket writes the packet to path in the background, then shows its
// Account Access Notice to print or save. A failure says why and leaves
// the page as it was.
func (p *clientPage) writePacket(path string) {
	d, id := p.d, p.id
	p.packet.Disable()
	d.run(func(ctx context.Context) func() {
		w, err := d.desk.WritePacket(ctx, id, path)
		if err != nil {
			dropEmpty(path)
		}
		return func() {
			p.packet.Enable()
			switch {
			case errors.Is(err, desk.ErrNoCases):
				p.noCases()
				return
			case errors.As(err, new(*auth.IncompleteIdentityError)):
				tell(d.status, i18n.T("%v Nothing was written.", err), true)
				return
			case errors.Is(err, desk.ErrNotStaff), errors.Is(err, portal.ErrSignedOut), errors.Is(err, app.ErrNotFound):
				d.fail(err)
				return
			case err != nil:
				tell(d.status, i18n.T("The case packet was not written: %v. Nothing was recorded; try again, or choose another place to save it.", err), true)
				return
			}
			d.tellDone(i18n.T("The case packet is saved in %s. Print its Account Access Notice and give both to the client; each packet has its own code.", path))
			d.previewDoc(w.Notice(), true, "access-notice-packet-"+w.Made.ISO()+".pdf", nil)
		}
	})
}
