package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// stepCode is step 1: the online access code from the Account Access Notice.
func (w *Wizard) stepCode() fyne.CanvasObject {
	w.code = widget.NewEntry()
	w.code.SetPlaceHolder("XXXX-XXXX-XXXX")
	w.code.OnSubmitted = func(string) { w.goNext() }
	w.code.OnChanged = func(string) { w.codeMsg.Hide() }
	w.codeMsg = problem()
	box := container.NewVBox(
		widget.NewForm(widget.NewFormItem(i18n.T("Online access code"), w.code)),
		w.codeMsg,
		hint(i18n.T("It is the 12 characters printed large on your Account Access Notice, like 7K3D-9QXM-2HTB. Dashes, spaces and capital letters do not matter.")),
	)
	if w.pk != nil {
		box.Add(w.packetRow())
	}
	return box
}

// stepIdentity is step 2: who the person is, checked together with the
// code (checkIdentity).
func (w *Wizard) stepIdentity() fyne.CanvasObject {
	w.ident = newIdentityForm(true)
	w.ident.submitWith(w.goNext)
	return container.NewVBox(
		w.ident.form,
		hint(i18n.T("As the clinic has them: the family name on your notices, the ZIP code of your mailing address, and the country you were born in. Accents and capital letters do not matter.")),
	)
}

// checkIdentity checks the code and the identity together, in the
// background; nothing is written.
func (w *Wizard) checkIdentity() {
	code, id := w.code.Text, w.ident.identity()
	key := code + "\x00" + id.FamilyName + "\x00" + id.DateOfBirth + "\x00" + id.ZIP + "\x00" + id.CountryOfBirth
	if w.pk != nil {
		w.checkPacket(key)
		return
	}
	w.background(func(ctx context.Context) func() {
		t, err := w.svc.Codes.Check(ctx, code, id)
		return func() { w.identityChecked(key, t, err) }
	})
}

// identityChecked moves on with the ticket, or says why there is none.
func (w *Wizard) identityChecked(key string, t auth.Ticket, err error) {
	if err != nil {
		// A mistyped code is said like a wrong one, so the answer tells
		// nothing about which codes exist; a mistyped date says so.
		if t, ok := inputText(err); ok && !app.IsInput(err, app.FieldAccessCode) {
			if e := w.ident.entryFor(err); e != nil {
				w.failWhile(whileUnchanged(t, e))
			} else {
				w.fail(t)
			}
			return
		}
		msg := auth.CodeMessage(err)
		if left := auth.TriesLeftMessage(err); left != "" {
			msg += " " + left
		}
		w.fail(msg)
		return
	}
	w.ticket, w.checked = t, key
	w.resetNote.Hide()
	if t.Reset {
		w.resetNote.SetText(i18n.T("This code resets your account, whose username is %s. Choose a password and set up 2-step verification again: when you finish, your old password, authenticator app and backup codes stop working.", t.Username))
		w.resetNote.Show()
		if w.username.Text == "" {
			w.username.SetText(t.Username)
		}
	}
	w.show(3)
}
