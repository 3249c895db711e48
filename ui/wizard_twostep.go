package ui

import (
	"context"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// stepTwoStep is step 4: an authenticator app with backup codes, or backup
// codes only. Its Next redeems the code (commit).
func (w *Wizard) stepTwoStep() fyne.CanvasObject {
	w.method = widget.NewRadioGroup([]string{
		i18n.T("An authenticator app and printed backup codes (recommended)"),
		i18n.T("Printed backup codes only"),
	}, func(string) { w.showMethod(); w.recheck() })
	w.method.SetSelected(w.method.Options[0])
	w.method.Required = true
	w.enrol = newEnrolForm(180, widget.NewLabel(i18n.T("Key, if you type it in by hand:")))
	w.enrol.code.OnSubmitted = func(string) { w.goNext() }
	w.appBox = container.NewVBox(
		hint(i18n.T("Scan the code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or FreeOTP), or type the key by hand. Then type the 6 digits the app shows.")),
		w.enrol.box,
	)
	w.twoStepNote = hint("")
	return container.NewVBox(w.method, w.appBox, w.twoStepNote)
}

func (w *Wizard) usesApp() bool { return w.method.Selected == w.method.Options[0] }

func (w *Wizard) showMethod() {
	if w.appBox == nil {
		return
	}
	if w.usesApp() {
		w.appBox.Show()
		w.twoStepNote.SetText(i18n.T("You also get a sheet of 10 backup codes on the last step. Each signs you in once when you cannot use the app, and resets a forgotten password. Print it or write the codes down."))
	} else {
		w.appBox.Hide()
		w.twoStepNote.SetText(i18n.T("You get a sheet of 10 backup codes on the last step. Every time you sign in, CaseDesk asks for one of them, and each works once: print the sheet or write the codes down and keep them with you. When only a few are left, make a new sheet in My account."))
	}
}

// whileAppCode is a problem with the app's code: msg while the same code
// stands and the app is still chosen.
func (w *Wizard) whileAppCode(msg string) func() string {
	typed := whileUnchanged(msg, w.enrol.code)
	return func() string {
		if !w.usesApp() {
			return ""
		}
		return typed()
	}
}

// prepareTwoStep makes the authenticator secret and backup codes once;
// going back and forth keeps them.
func (w *Wizard) prepareTwoStep() {
	if w.enrol.enrolment == nil {
		if err := w.enrol.start(strings.TrimSpace(w.username.Text)); err != nil {
			w.fail(err.Error())
			return
		}
	}
	if w.backups == nil {
		codes, err := auth.NewBackupCodes()
		if err != nil {
			w.fail(err.Error())
			return
		}
		w.backups = codes
	}
	w.showMethod()
}

// commit redeems the code: the one write of the wizard.
func (w *Wizard) commit() {
	st := auth.Setup{Username: w.username.Text, Password: w.password.Text, BackupCodes: w.backups}
	if w.usesApp() {
		st.Enrolment, st.ConfirmCode = w.enrol.enrolment, w.enrol.code.Text
	}
	ticket, withApp, pk := w.ticket, st.Enrolment != nil, w.pk
	w.background(func(ctx context.Context) func() {
		if pk != nil {
			acct, applied, err := w.svc.Packets.Redeem(ctx, pk.ticket, st)
			return func() {
				pk.applied = applied
				w.redeemed(acct, withApp, err)
			}
		}
		acct, err := w.svc.Codes.Redeem(ctx, ticket, st)
		return func() { w.redeemed(acct, withApp, err) }
	})
}

// redeemed shows the new account and its backup codes, or says why there
// is none; withApp is whether it signs in with an authenticator app.
func (w *Wizard) redeemed(acct app.Account, withApp bool, err error) {
	switch {
	case errors.Is(err, auth.ErrWrongCode):
		w.failWhile(w.whileAppCode(i18n.T("That is not the code your authenticator app shows. Check that the app has the key above and that this computer's clock is right, then type the current code.")))
	case errors.Is(err, auth.ErrCodeReplayed):
		w.failWhile(w.whileAppCode(i18n.T("That code was just used. Wait for the app to show the next one.")))
	case err != nil:
		if t, ok := inputText(err); ok && app.IsInput(err, app.FieldCode) {
			w.failWhile(w.whileAppCode(t))
		} else if ok {
			w.fail(t)
		} else if w.pk != nil {
			w.fail(packetMessage(err))
		} else {
			w.fail(auth.CodeMessage(err))
		}
	default:
		w.account = acct
		done := i18n.T("Welcome, %s. Your account is set up; sign in with %s from now on.", w.person().GivenName, acct.Username)
		if w.pk != nil {
			done += " " + w.doneFromPacket()
		}
		w.doneNote.SetText(done)
		w.numberLabel.SetText(acct.Number.String())
		w.sheet.show(notice.BackupCodes{Name: w.person().FullName(), AccountNumber: acct.Number, Codes: w.backups,
			Issued: w.svc.Notices.Today(), NoAuthenticator: !withApp, Lang: w.person().Language})
		w.sayKeep(withApp)
		w.show(wizardSteps)
	}
}
