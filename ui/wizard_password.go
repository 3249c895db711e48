package ui

import (
	"context"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// stepCredentials is step 3: username and password, the password rated as
// it is typed.
func (w *Wizard) stepCredentials() fyne.CanvasObject {
	w.username = widget.NewEntry()
	w.username.SetPlaceHolder("ana.lopez")
	w.password = widget.NewPasswordEntry()
	w.confirm = widget.NewPasswordEntry()
	noReveal(w.svc, w.password, w.confirm)
	w.userMsg, w.passMsg = problem(), problem()
	meter := newStrengthMeter()
	w.meter, w.strength, w.strengthLabel = meter, meter.bar, meter.label
	w.username.OnChanged = func(string) { w.userMsg.Hide(); w.rate() }
	w.password.OnChanged = func(string) { w.rate() }
	w.confirm.OnChanged = func(string) { w.rate() }
	for _, e := range []*widget.Entry{w.username, w.password, w.confirm} {
		e.OnSubmitted = func(string) { w.goNext() }
	}
	w.resetNote = widget.NewLabel("")
	w.resetNote.Wrapping = fyne.TextWrapWord
	w.resetNote.Importance = widget.WarningImportance
	w.resetNote.Hide()
	return container.NewVBox(w.resetNote,
		widget.NewForm(
			widget.NewFormItem(i18n.T("Username"), w.username),
			widget.NewFormItem(i18n.T("Password"), w.password),
			widget.NewFormItem(i18n.T("Strength"), meter.box),
			widget.NewFormItem(i18n.T("Password again"), w.confirm),
		),
		w.userMsg, w.passMsg,
		hint(i18n.T("At least 8 characters; a few unrelated words are strong and easy to remember. Any letters, spaces and symbols work. CaseDesk never asks for your password by phone or e-mail.")),
	)
}

// rate shows the password's strength and, as the person types, why it
// would be refused.
func (w *Wizard) rate() {
	pw := w.password.Text
	if pw == "" {
		w.meter.show(0, "")
	} else {
		w.meter.show(auth.Strength(pw, w.username.Text, w.names()...))
	}
	switch err := auth.CheckPassword(pw, w.username.Text, w.names()...); {
	case pw == "":
		w.passMsg.Hide()
	case err != nil:
		w.passMsg.SetText(errText(err))
		w.passMsg.Show()
	case w.confirm.Text != "" && w.confirm.Text != pw:
		w.passMsg.SetText(i18n.T("The two passwords are not the same yet."))
		w.passMsg.Show()
	default:
		w.passMsg.Hide()
	}
}

// passwordProblem is what stops step 3 on the password's side, in
// words; "" once the password meets the rule and the two are the same.
func (w *Wizard) passwordProblem() string {
	if auth.CheckPassword(w.password.Text, strings.TrimSpace(w.username.Text), w.names()...) != nil {
		return i18n.T("Choose a password that meets the rule shown.")
	}
	if w.confirm.Text != w.password.Text {
		return i18n.T("The two passwords are not the same. Type the password again in the last field.")
	}
	return ""
}

// names are the person's own names, which a password may not be made of.
func (w *Wizard) names() []string {
	p := w.person()
	return []string{p.GivenName, p.MiddleName, p.FamilyName}
}

func (w *Wizard) checkCredentials() {
	user, pw := strings.TrimSpace(w.username.Text), w.password.Text
	if err := auth.CheckPassword(pw, user, w.names()...); err != nil {
		w.passMsg.SetText(errText(err))
		w.passMsg.Show()
	}
	if w.passwordProblem() != "" {
		w.failWhile(w.passwordProblem)
		return
	}
	ticket, pk := w.ticket, w.pk
	w.background(func(ctx context.Context) func() {
		var err error
		if pk != nil {
			err = w.svc.Packets.CheckUsername(ctx, pk.ticket, user)
		} else {
			err = w.svc.Codes.CheckUsername(ctx, ticket, user)
		}
		return func() {
			if err != nil {
				w.userMsg.SetText(errText(err))
				w.userMsg.Show()
				return
			}
			w.show(4)
		}
	})
}

// person is whom the account is for: the code's person, or the packet's.
func (w *Wizard) person() app.Person {
	if w.pk != nil {
		return w.pk.ticket.Person
	}
	return w.ticket.Person
}
