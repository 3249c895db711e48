package ui

import (
	"context"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// profileTab is "Profile": phone, e-mail and mailing address. A new
// address is checked whole (every field's problem at once, next to its
// field), confirmed when it will apply to pending cases, and the address it
// replaces is kept in the history.
type profileTab struct {
	h                         *Home
	item                      *container.TabItem
	phone, email              *field
	contactMsg                *widget.Label
	saveContact               *widget.Button
	line1, line2, city, state *field
	zip                       *field
	addrForm                  *widget.Form
	addrItems                 map[app.Field]*widget.FormItem
	addrMsg                   *widget.Label
	saveAddr                  *widget.Button
	history                   *fyne.Container
	box                       *fyne.Container
	// The words that differ on a household's own computer (ownShown).
	contactHead, addrHint *widget.Label
	// ask asks the person to confirm msg, calling yes if they do; tests
	// answer it themselves.
	ask func(msg string, yes func())
}

func newProfileTab(h *Home) *profileTab {
	p := &profileTab{h: h}
	p.phone, p.email = newField(), newField()
	p.phone.SetPlaceHolder("(217) 555-0100")
	p.email.SetPlaceHolder("ana@example.org")
	p.contactMsg = note()
	p.saveContact = widget.NewButton(i18n.T("Save phone and e-mail"), p.storeContact)
	p.line1, p.line2, p.city, p.state, p.zip = newField(), newField(), newField(), newField(), newField()
	p.state.SetPlaceHolder("IL")
	p.addrMsg = note()
	p.saveAddr = widget.NewButton(i18n.T("Save new address"), p.storeAddress)
	p.saveAddr.Importance = widget.HighImportance
	p.history = container.NewVBox()
	p.addrItems = map[app.Field]*widget.FormItem{
		app.FieldStreet: widget.NewFormItem(i18n.T("Street address"), p.line1),
		app.FieldCity:   widget.NewFormItem(i18n.T("City"), p.city),
		app.FieldState:  widget.NewFormItem(i18n.T("State"), p.state),
		app.FieldZIP:    widget.NewFormItem(i18n.T("ZIP code"), p.zip),
	}
	p.addrForm = widget.NewForm(
		p.addrItems[app.FieldStreet],
		widget.NewFormItem(i18n.T("Apartment, suite"), p.line2),
		p.addrItems[app.FieldCity],
		p.addrItems[app.FieldState],
		p.addrItems[app.FieldZIP],
	)
	p.ask = p.confirm
	p.contactHead, p.addrHint = bold(""), hint("")
	p.ownShown(false)
	p.box = container.NewVBox(
		p.contactHead,
		widget.NewForm(widget.NewFormItem(i18n.T("Phone"), p.phone), widget.NewFormItem(i18n.T("E-mail"), p.email)),
		p.contactMsg, container.NewHBox(p.saveContact),
		widget.NewSeparator(),
		bold(i18n.T("Mailing address")),
		p.addrHint,
		p.addrForm,
		p.addrMsg, container.NewHBox(p.saveAddr),
		widget.NewSeparator(),
		bold(i18n.T("Earlier addresses")),
		p.history,
		widget.NewSeparator(),
		bold(i18n.T("Reading")),
		newLargerTextCheck(func() bool { return !h.svc.Kiosk }),
	)
	p.item = container.NewTabItem(i18n.T("Profile"), page(p.box))
	for _, f := range p.fields() {
		h.keyed(f)
	}
	h.touchOnTyping(p.entries()...)
	return p
}

// ownShown words the tab for a household's own computer, where no clinic
// keeps the person's details, or for a clinic's applicant.
func (p *profileTab) ownShown(on bool) {
	if on {
		p.contactHead.SetText(i18n.T("Your phone and e-mail"))
		p.addrHint.SetText(i18n.T("A new address is also applied to all your pending cases on this computer. CaseDesk does not tell USCIS: most non-citizens must report a move within 10 days (Form AR-11, online at uscis.gov/ar-11)."))
		return
	}
	p.contactHead.SetText(i18n.T("How the clinic reaches you"))
	p.addrHint.SetText(i18n.T("Notices are mailed here. A new address is also applied to all your pending cases. Most non-citizens must tell USCIS about a move within 10 days too (Form AR-11); the clinic can help."))
}

func (p *profileTab) fields() []*field {
	return []*field{p.phone, p.email, p.line1, p.line2, p.city, p.state, p.zip}
}

func (p *profileTab) entries() []*widget.Entry { return entryOf(p.fields()...) }

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
	p.markFields(nil)
}

// markFields puts each field's problem under it, and clears the others.
func (p *profileTab) markFields(errs []*app.InputError) {
	for _, it := range p.addrItems {
		it.HintText = ""
	}
	for _, in := range errs {
		if it, ok := p.addrItems[in.Code]; ok {
			it.HintText = in.Msg
		}
	}
	p.addrForm.Refresh()
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
				p.history.Add(empty(i18n.T("No earlier addresses: you have not changed your address in CaseDesk.")))
			}
			for _, c := range hist {
				a := c.Address
				line := strings.Join(nonEmpty(a.Line1, a.Line2, a.City+" "+a.State+" "+string(a.ZIP)), ", ")
				p.history.Add(wrapped(i18n.T("%s (until %s)", line, app.DateOf(c.At.Local()).String())))
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

// storeAddress checks the new address and, once the person confirms the
// pending cases it will apply to, saves it.
func (p *profileTab) storeAddress() {
	p.h.touch()
	s := p.h.session
	c := portal.Contact{Line1: p.line1.Text, Line2: p.line2.Text, City: p.city.Text, State: p.state.Text, ZIP: p.zip.Text}
	p.saveAddr.Disable()
	p.h.run(func(ctx context.Context) func() {
		pending, err := p.h.svc.Portal.CheckAddress(ctx, s, c)
		return func() {
			p.saveAddr.Enable()
			errs := app.InputErrors(err)
			p.markFields(errs)
			switch {
			case len(errs) > 0:
				lines := make([]string, len(errs))
				for i, in := range errs {
					lines[i] = in.Error()
				}
				tell(p.addrMsg, i18n.T("Nothing was changed. Fix what is marked:")+"\n"+strings.Join(lines, "\n"), true)
			case errors.Is(err, app.ErrUnchanged):
				tell(p.addrMsg, i18n.T("This is already your mailing address, so nothing was changed."), false)
			case err != nil:
				p.h.fail(err)
			case len(pending) == 0:
				p.changeAddress(c)
			default:
				p.ask(i18n.N(len(pending), "Your new address will also be used for your pending case %s: its notices will be mailed there. Change your address?",
					"Your new address will also be used for your pending cases %s: their notices will be mailed there. Change your address?",
					receipts(pending)), func() { p.changeAddress(c) })
			}
		}
	})
}

// changeAddress saves the checked address.
func (p *profileTab) changeAddress(c portal.Contact) {
	s := p.h.session
	p.saveAddr.Disable()
	p.h.run(func(ctx context.Context) func() {
		updated, err := p.h.svc.Portal.ChangeAddress(ctx, s, c)
		return func() {
			p.saveAddr.Enable()
			msg := i18n.T("Your address is changed. You have no pending cases to update.")
			if len(updated) > 0 {
				msg = i18n.N(len(updated), "Your address is changed, and your pending case now uses it: %s. Remember to tell USCIS within 10 days (Form AR-11) if the law asks you to.",
					"Your address is changed, and your pending cases now use it: %s. Remember to tell USCIS within 10 days (Form AR-11) if the law asks you to.", receipts(updated))
			}
			if errors.Is(err, app.ErrUnchanged) {
				err, msg = nil, i18n.T("This is already your mailing address, so nothing was changed.")
			}
			p.h.say(p.addrMsg, err, msg)
			if err == nil {
				p.loadHistory()
			}
		}
	})
}

// confirm asks in a dialog over the window; with no window it goes ahead.
func (p *profileTab) confirm(msg string, yes func()) {
	win := windowOf(p.h.canvas)
	if win == nil {
		yes()
		return
	}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(i18n.T("Change your address?"), i18n.T("Change my address"), i18n.T("Keep my address"), text,
		func(ok bool) {
			if ok {
				yes()
			}
		}, win)
	d.Resize(fyne.NewSize(480, 220))
	d.Show()
}

// receipts lists receipt numbers for a sentence.
func receipts(rs []app.Receipt) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return strings.Join(out, ", ")
}
