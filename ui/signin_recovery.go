package ui

import (
	"context"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// buildRecovery makes the two recovery forms. Each needs an unused backup
// code and, for an account with an authenticator app, the app's code; a
// recovery ends the backup-code sheet and shows a new one. There are no
// security questions (NIST SP 800-63B-4 forbids them).
func (s *SignIn) buildRecovery() {
	s.resetUser, s.resetCode, s.resetApp = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.resetNew, s.resetAgain = widget.NewPasswordEntry(), widget.NewPasswordEntry()
	noReveal(s.svc, s.resetNew, s.resetAgain)
	s.findCode, s.findApp = widget.NewEntry(), widget.NewEntry()
	s.find = newIdentityForm(false,
		widget.NewFormItem(i18n.T("Backup code"), s.findCode),
		widget.NewFormItem(i18n.T("Authenticator code"), s.findApp))
	s.resetApp.SetPlaceHolder("123456")
	s.findApp.SetPlaceHolder("123456")
	s.recoverMsg = note()
	s.recovered = widget.NewLabel("")
	s.recovered.Wrapping = fyne.TextWrapWord
	s.sheet = newSheetPanel(s.svc, s.canvas, context.Background())
	s.sheet.touch = func() { s.idle.touch() }
	done := widget.NewButtonWithIcon(i18n.T("Sign in now"), theme.NavigateNextIcon(), s.showSteps)
	done.Importance = widget.HighImportance
	s.recoveredBox = container.NewVBox(s.recovered,
		bold(i18n.T("Your new backup codes — each works once")), s.sheet.box,
		hint(i18n.T("Your old sheet no longer works. Print these or write them down now: they are shown only this once.")),
		container.NewHBox(done))
	back := func() *widget.Button {
		return widget.NewButtonWithIcon(i18n.T("Back to sign in"), theme.NavigateBackIcon(), s.showSteps)
	}
	reset := widget.NewButton(i18n.T("Set the new password"), s.resetPassword)
	reset.Importance = widget.HighImportance
	// Enter in any field sends the form, as in the wizard.
	for _, e := range []*widget.Entry{s.resetUser, s.resetCode, s.resetApp, s.resetNew, s.resetAgain} {
		e.OnSubmitted = func(string) { s.resetPassword() }
	}
	s.resetForm = container.NewVBox(
		bold(i18n.T("Forgot your password?")),
		hint(i18n.T("Type your username, one of your unused backup codes and, if you set up an authenticator app, the 6 digits it shows now. Then choose a new password. Your backup-code sheet then ends and you get a new one.")),
		widget.NewForm(
			widget.NewFormItem(i18n.T("Username"), s.resetUser),
			widget.NewFormItem(i18n.T("Backup code"), s.resetCode),
			widget.NewFormItem(i18n.T("Authenticator code"), s.resetApp),
			widget.NewFormItem(i18n.T("New password"), s.resetNew),
			widget.NewFormItem(i18n.T("New password again"), s.resetAgain),
		),
		container.NewHBox(back(), reset))
	find := widget.NewButton(i18n.T("Show my username"), s.findUsername)
	find.Importance = widget.HighImportance
	s.find.submitWith(s.findUsername)
	s.findCode.OnSubmitted = func(string) { s.findUsername() }
	s.findApp.OnSubmitted = func(string) { s.findUsername() }
	s.findForm = container.NewVBox(
		bold(i18n.T("Forgot your username?")),
		hint(i18n.T("Type your details as the clinic has them, one of your unused backup codes and, if you set up an authenticator app, the 6 digits it shows now. Your backup-code sheet then ends and you get a new one. Without backup codes, ask the clinic: they check who you are in person and give you a new access code.")),
		s.find.form,
		container.NewHBox(back(), find))
}

func (s *SignIn) showRecovery(form fyne.CanvasObject, first *widget.Entry) {
	s.idle.touch()
	s.message.Hide()
	s.recoverMsg.Hide()
	s.recoverProblem = nil
	s.next.Hide()
	s.forms.Objects = []fyne.CanvasObject{container.NewVBox(form, s.recoverMsg)}
	s.forms.Refresh()
	focusAfterKey(s.svc.Runner, s.canvas, first)
}

func (s *SignIn) showSteps() {
	s.idle.touch()
	for _, e := range []*widget.Entry{s.resetCode, s.resetApp, s.resetNew, s.resetAgain, s.findCode, s.findApp} {
		e.SetText("")
	}
	s.sheet.clear()
	s.recovered.SetText("")
	s.next.Show()
	s.forms.Objects = []fyne.CanvasObject{s.steps}
	s.forms.Refresh()
	s.focusUsername()
}

// missing puts the cursor in the first empty field and says so: with
// Enter in any field sending a form, a half-filled form must not spend
// one of the few recovery tries.
func (s *SignIn) missing(msg string, entries ...*widget.Entry) bool {
	empty := func() *widget.Entry {
		for _, e := range entries {
			if strings.TrimSpace(e.Text) == "" {
				return e
			}
		}
		return nil
	}
	e := empty()
	if e == nil {
		return false
	}
	s.recoverWhile(func() string {
		if empty() != nil {
			return msg
		}
		return ""
	})
	focusAfterKey(s.svc.Runner, s.canvas, e)
	return true
}

// recoverFailed says why a recovery failed: a message about a field of
// the form stays until that field is changed, any other until the next try.
func (s *SignIn) recoverFailed(err error, fields map[app.Field]*widget.Entry) {
	msg := auth.SignInMessage(err)
	for f, e := range fields {
		if app.IsInput(err, f) {
			s.recoverWhile(whileUnchanged(msg, e))
			return
		}
	}
	s.recoverProblem = nil
	tell(s.recoverMsg, msg, true)
}

// recoverWhile says in the recovery form what problem says for as long as
// it says something: it is asked again at every change the person makes.
func (s *SignIn) recoverWhile(problem func() string) {
	s.recoverProblem = problem
	s.recheckRecovery()
}

// recheckRecovery asks the recovery message's problem again after a change.
func (s *SignIn) recheckRecovery() {
	if s.recoverProblem == nil {
		return
	}
	if msg := s.recoverProblem(); msg != "" {
		tell(s.recoverMsg, msg, true)
		return
	}
	s.recoverProblem = nil
	s.recoverMsg.Hide()
}

func (s *SignIn) resetPassword() {
	s.idle.touch()
	if s.missing(i18n.T("Fill in your username, one of your backup codes and the new password twice."),
		s.resetUser, s.resetCode, s.resetNew, s.resetAgain) {
		return
	}
	if s.resetNew.Text != s.resetAgain.Text {
		s.recoverWhile(func() string {
			if s.resetNew.Text != s.resetAgain.Text {
				return i18n.T("The two new passwords are not the same.")
			}
			return ""
		})
		return
	}
	r := auth.Reset{Username: s.resetUser.Text, BackupCode: s.resetCode.Text, AuthenticatorCode: s.resetApp.Text, NewPassword: s.resetNew.Text}
	s.run(func(ctx context.Context) func() {
		sheet, err := s.svc.SignIn.ResetPassword(ctx, r)
		return func() {
			if err != nil {
				s.recoverFailed(err, map[app.Field]*widget.Entry{app.FieldPassword: s.resetNew})
				return
			}
			s.username.SetText(strings.TrimSpace(r.Username))
			s.showRecovered(i18n.T("Your password is changed. Sign in with it after you have kept your new backup codes."), sheet)
		}
	})
}

// showRecovered replaces the recovery form with its outcome and the new
// sheet, the focus on "Print backup codes": the form's field that had it
// is gone, and Tab would start again at the top of the screen.
func (s *SignIn) showRecovered(msg string, sheet auth.Sheet) {
	for _, e := range []*widget.Entry{s.resetCode, s.resetApp, s.resetNew, s.resetAgain, s.findCode, s.findApp} {
		e.SetText("")
	}
	s.recovered.SetText(msg)
	s.sheet.show(notice.BackupCodes{Name: sheet.Name, AccountNumber: sheet.AccountNumber, Codes: sheet.Codes,
		Issued: app.DateOf(time.Now()), NoAuthenticator: !sheet.Authenticator, Lang: sheet.Language})
	s.forms.Objects = []fyne.CanvasObject{container.NewVScroll(s.recoveredBox)}
	s.forms.Refresh()
	if s.canvas != nil {
		s.canvas.Focus(s.sheet.print)
	}
}

func (s *SignIn) findUsername() {
	s.idle.touch()
	if s.missing(i18n.T("Fill in your family name, date of birth, ZIP code and one of your backup codes."),
		append(s.find.entries(), s.findCode)...) {
		return
	}
	id := s.find.identity()
	r := auth.Reminder{FamilyName: id.FamilyName, DateOfBirth: id.DateOfBirth, ZIP: id.ZIP,
		BackupCode: s.findCode.Text, AuthenticatorCode: s.findApp.Text}
	s.run(func(ctx context.Context) func() {
		sheet, err := s.svc.SignIn.RecoverUsername(ctx, r)
		return func() {
			if err != nil {
				s.recoverFailed(err, map[app.Field]*widget.Entry{app.FieldDateOfBirth: s.find.dob, app.FieldZIP: s.find.zip})
				return
			}
			s.username.SetText(sheet.Username)
			s.showRecovered(i18n.T("Your username is %s. Sign in with it after you have kept your new backup codes.", sheet.Username), sheet)
		}
	})
}
