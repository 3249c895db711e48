package ui

import (
	"context"
	"strings"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// profileTab is "Profile": phone, e-mail and mailing address. An address
// change is kept in the history and applied to the person's pending cases.
type profileTab struct {
	h                         *Home
	item                      *container.TabItem
	phone, email              *widget.Entry
	contactMsg                *widget.Label
	saveContact               *widget.Button
	line1, line2, city, state *widget.Entry
	zip                       *widget.Entry
	addrMsg                   *widget.Label
	saveAddr                  *widget.Button
	history                   *fyne.Container
	box                       *fyne.Container
}

func newProfileTab(h *Home) *profileTab {
	p := &profileTab{h: h}
	p.phone, p.email = widget.NewEntry(), widget.NewEntry()
	p.phone.SetPlaceHolder("(217) 555-0100")
	p.email.SetPlaceHolder("ana@example.org")
	p.contactMsg = note()
	p.saveContact = widget.NewButton(i18n.T("Save phone and e-mail"), p.storeContact)
	p.line1, p.line2, p.city, p.state, p.zip = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	p.state.SetPlaceHolder("IL")
	p.addrMsg = note()
	p.saveAddr = widget.NewButton(i18n.T("Save new address"), p.storeAddress)
	p.saveAddr.Importance = widget.HighImportance
	p.history = container.NewVBox()
	p.box = container.NewVBox(
		bold(i18n.T("How the clinic reaches you")),
		widget.NewForm(widget.NewFormItem(i18n.T("Phone"), p.phone), widget.NewFormItem(i18n.T("E-mail"), p.email)),
		p.contactMsg, container.NewHBox(p.saveContact),
		widget.NewSeparator(),
		bold(i18n.T("Mailing address")),
		hint(i18n.T("Notices are mailed here. A new address is also applied to all your pending cases. Most non-citizens must tell USCIS about a move within 10 days too (Form AR-11); the clinic can help.")),
		widget.NewForm(
			widget.NewFormItem(i18n.T("Street address"), p.line1),
			widget.NewFormItem(i18n.T("Apartment, suite"), p.line2),
			widget.NewFormItem(i18n.T("City"), p.city),
			widget.NewFormItem(i18n.T("State"), p.state),
			widget.NewFormItem(i18n.T("ZIP code"), p.zip),
		),
		p.addrMsg, container.NewHBox(p.saveAddr),
		widget.NewSeparator(),
		bold(i18n.T("Earlier changes")),
		p.history,
	)
	p.item = container.NewTabItem(i18n.T("Profile"), container.NewVScroll(p.box))
	h.touchOnTyping(p.entries()...)
	return p
}

func (p *profileTab) entries() []*widget.Entry {
	return []*widget.Entry{p.phone, p.email, p.line1, p.line2, p.city, p.state, p.zip}
}

// reset empties the forms and forgets the earlier addresses.
func (p *profileTab) reset() {
	for _, e := range p.entries() {
		e.SetText("")
	}
	p.history.Objects = nil
	for _, l := range []*widget.Label{p.contactMsg, p.addrMsg} {
		l.SetText("")
		l.Hide()
	}
}

// show fills the forms from the person's record.
func (p *profileTab) show(me app.Person) {
	p.phone.SetText(me.Phone)
	p.email.SetText(me.Email)
	p.line1.SetText(me.Address.Line1)
	p.line2.SetText(me.Address.Line2)
	p.city.SetText(me.Address.City)
	p.state.SetText(me.Address.State)
	p.zip.SetText(string(me.Address.ZIP))
	p.loadHistory()
}

func (p *profileTab) loadHistory() {
	s := p.h.session
	p.h.run(func(ctx context.Context) func() {
		hist, err := p.h.svc.Portal.AddressHistory(ctx, s)
		return func() {
			if err != nil {
				p.h.fail(err)
				return
			}
			p.history.Objects = nil
			if len(hist) == 0 {
				p.history.Add(empty(i18n.T("No address changes yet.")))
			}
			for _, c := range hist {
				a := c.Address
				line := strings.Join(nonEmpty(a.Line1, a.Line2, a.City+" "+a.State+" "+string(a.ZIP)), ", ")
				p.history.Add(widget.NewLabel(i18n.T("From %s: %s", app.DateOf(c.At.Local()).String(), line)))
			}
			p.history.Refresh()
		}
	})
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *profileTab) storeContact() {
	p.h.touch()
	s, phone, email := p.h.session, p.phone.Text, p.email.Text
	p.saveContact.Disable()
	p.h.run(func(ctx context.Context) func() {
		err := p.h.svc.Portal.UpdateContact(ctx, s, phone, email)
		return func() {
			p.saveContact.Enable()
			p.h.say(p.contactMsg, err, i18n.T("Saved."))
		}
	})
}

func (p *profileTab) storeAddress() {
	p.h.touch()
	s := p.h.session
	c := portal.Contact{Line1: p.line1.Text, Line2: p.line2.Text, City: p.city.Text, State: p.state.Text, ZIP: p.zip.Text}
	p.saveAddr.Disable()
	p.h.run(func(ctx context.Context) func() {
		updated, err := p.h.svc.Portal.ChangeAddress(ctx, s, c)
		return func() {
			p.saveAddr.Enable()
			msg := i18n.T("Your address is changed. You have no pending cases to update.")
			if len(updated) > 0 {
				rs := make([]string, len(updated))
				for i, r := range updated {
					rs[i] = string(r)
				}
				msg = i18n.T("Your address is changed, and your pending cases now use it: %s. Remember to tell USCIS within 10 days (Form AR-11) if the law asks you to.", strings.Join(rs, ", "))
			}
			p.h.say(p.addrMsg, err, msg)
			if err == nil {
				p.loadHistory()
			}
		}
	})
}
