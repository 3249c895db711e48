package ui

import (
	"context"
	"errors"
	"sync"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SignIn asks for a username and password, then for an authenticator code
// or a backup code. There is no "remember me".
type SignIn struct {
	svc    Services
	canvas fyne.Canvas
	done   func(app.Account)
	leave  func(reason string) // back to the welcome screen, saying reason
	// firstSignIn takes over after a one-time password (see OnFirstSignIn).
	firstSignIn func(c auth.Challenge, username string)
	idle        *idleGuard

	title     *widget.Label
	username  *widget.Entry
	password  *widget.Entry
	code      *widget.Entry
	codeItem  *widget.FormItem // "Code", or "Backup code" for an account without an app
	codeForm  *widget.Form
	codeHint  *widget.Label
	first     *fyne.Container
	second    *fyne.Container
	message   *widget.Label
	working   *widget.ProgressBarInfinite
	next      *widget.Button
	challenge auth.Challenge

	// Recovery: forgot password, forgot username.
	forms                          *fyne.Container // sign-in steps, or a recovery form
	steps                          fyne.CanvasObject
	resetUser, resetCode, resetApp *widget.Entry
	resetNew, resetAgain           *widget.Entry
	find                           *identityForm
	findCode, findApp              *widget.Entry
	resetForm, findForm            fyne.CanvasObject
	recoverMsg                     *widget.Label
	recoverProblem                 func() string // what recoverMsg says, asked again at each change; nil for a fixed message
	// After a recovery: what happened and the new backup-code sheet.
	recovered    *widget.Label
	sheet        *sheetPanel
	recoveredBox fyne.CanvasObject

	startIdle sync.Once
	content   fyne.CanvasObject
}

// NewSignIn builds the sign-in screen; done gets the account once both
// steps pass; leave goes back, with a reason to show when the idle limit
// closed the screen. Start runs the idle limit.
func NewSignIn(svc Services, canvas fyne.Canvas, done func(app.Account), leave func(reason string)) *SignIn {
	s := &SignIn{svc: svc, canvas: canvas, done: done, leave: leave}
	s.idle = newIdleGuard(svc.Runner, svc.idle(), s.expired)
	s.title = widget.NewLabelWithStyle(i18n.T("Sign in"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.SizeName = theme.SizeNameHeadingText
	s.username = widget.NewEntry()
	s.password = widget.NewPasswordEntry()
	noReveal(svc, s.password)
	s.code = widget.NewEntry()
	for _, e := range []*widget.Entry{s.username, s.password, s.code} {
		e.OnSubmitted = func(string) { s.submit() }
	}
	forgotPw := widget.NewButton(i18n.T("Forgot your password?"), func() { s.showRecovery(s.resetForm, s.resetUser) })
	forgotUser := widget.NewButton(i18n.T("Forgot your username?"), func() { s.showRecovery(s.findForm, s.find.family) })
	forgotPw.Importance, forgotUser.Importance = widget.LowImportance, widget.LowImportance
	s.first = container.NewVBox(widget.NewForm(
		widget.NewFormItem(i18n.T("Username"), s.username),
		widget.NewFormItem(i18n.T("Password"), s.password),
	), container.NewHBox(forgotPw, forgotUser))
	s.codeHint = hint("")
	s.codeItem = widget.NewFormItem(i18n.T("Code"), s.code)
	s.codeForm = widget.NewForm(s.codeItem)
	s.second = container.NewVBox(s.codeHint, s.codeForm)
	s.second.Hide()
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.DangerImportance
	s.message.Hide()
	s.working = widget.NewProgressBarInfinite()
	s.working.Stop()
	s.working.Hide()
	s.next = widget.NewButtonWithIcon(i18n.T("Next"), theme.NavigateNextIcon(), s.submit)
	s.next.Importance = widget.HighImportance
	back := widget.NewButton(i18n.T("Cancel"), func() { s.close("") })
	footer := container.NewVBox(s.idle.bar, s.message, s.working, container.NewHBox(back, layout.NewSpacer(), s.next))
	s.steps = container.NewVBox(s.first, s.second)
	s.buildRecovery()
	afterChange(s.recheckRecovery, append(append([]*widget.Entry{s.resetUser, s.resetCode, s.resetApp, s.resetNew, s.resetAgain},
		s.find.entries()...), s.findCode, s.findApp)...)
	s.idle.watch(append(append([]*widget.Entry{s.username, s.password, s.code, s.resetUser, s.resetCode, s.resetApp, s.resetNew, s.resetAgain},
		s.find.entries()...), s.findCode, s.findApp)...)
	s.forms = container.NewStack(s.steps)
	s.content = column(container.NewPadded(container.NewBorder(container.NewVBox(s.title, widget.NewSeparator()), footer, nil, nil, s.forms)))
	return s
}

// OnFirstSignIn sets what happens when a one-time password passed: f gets
// the challenge and the username, for a password of their own and 2-step
// set-up. Without it such a sign-in cannot go on.
func (s *SignIn) OnFirstSignIn(f func(c auth.Challenge, username string)) { s.firstSignIn = f }

// Content is the screen's root object.
func (s *SignIn) Content() fyne.CanvasObject { return s.content }

// Start puts the cursor in the username field and starts the idle limit.
func (s *SignIn) Start() {
	s.startIdle.Do(s.idle.start)
	s.focusUsername()
}

// focusUsername puts the cursor in the username once the key that came
// back to the steps ("Sign in now", "Back to sign in") is done with.
func (s *SignIn) focusUsername() {
	focusAfterKey(s.svc.Runner, s.canvas, s.username)
}

// close stops the idle limit, forgets everything typed and shown, and
// leaves, saying reason.
func (s *SignIn) close(reason string) {
	s.idle.stop()
	s.wipe()
	s.leave(reason)
}

// expired is the idle limit firing: nothing typed or shown may stay for
// the next person at the computer.
func (s *SignIn) expired() {
	s.close(i18n.T("The sign-in screen closed because nothing happened for %s, and forgot what was typed.", s.idle.minutes()))
}

// wipe empties every field, message and the recovery outcome.
func (s *SignIn) wipe() {
	for _, e := range []*widget.Entry{s.username, s.password, s.code, s.resetUser, s.resetCode, s.resetApp, s.resetNew, s.resetAgain,
		s.findCode, s.findApp} {
		e.SetText("")
	}
	s.find.clear()
	s.sheet.clear()
	s.recovered.SetText("")
	s.recoverMsg.SetText("")
	s.recoverMsg.Hide()
	s.recoverProblem = nil
	s.message.SetText("")
	s.message.Hide()
	s.restart()
	s.next.Show()
	s.forms.Objects = []fyne.CanvasObject{s.steps}
	s.forms.Refresh()
}

func (s *SignIn) submit() {
	if s.next.Disabled() {
		return
	}
	s.idle.touch()
	s.message.Hide()
	s.next.Disable()
	s.working.Show()
	s.working.Start()
	second := s.second.Visible()
	user, pw, code, ch := s.username.Text, s.password.Text, s.code.Text, s.challenge
	s.run(func(ctx context.Context) func() {
		var acct app.Account
		var c auth.Challenge
		var err error
		if second {
			acct, err = s.svc.SignIn.Code(ctx, ch, code)
		} else {
			c, err = s.svc.SignIn.Password(ctx, user, pw)
		}
		return func() {
			s.working.Stop()
			s.working.Hide()
			s.next.Enable()
			switch {
			case err != nil:
				s.message.Importance = widget.DangerImportance
				s.message.SetText(auth.CodeStepMessage(err, ch))
				s.message.Show()
				if errors.Is(err, auth.ErrChallenge) {
					s.restart()
				}
			case second:
				s.idle.stop()
				s.wipe()
				s.done(acct)
			case c.MustChange && s.firstSignIn != nil:
				// A one-time password: the staff member chooses their own
				// and sets up 2-step verification on the next screen.
				s.idle.stop()
				s.wipe()
				s.firstSignIn(c, user)
			default:
				s.challenge = c
				s.first.Hide()
				s.second.Show()
				s.askForCode(c.HasTOTP)
				s.next.SetText(i18n.T("Sign in"))
				s.content.Refresh()
				if s.canvas != nil {
					s.canvas.Focus(s.code)
				}
			}
		}
	})
}

// askForCode sets the second step for the account's set-up: the app's
// 6 digits or a backup code, or, without an app, always a backup code.
func (s *SignIn) askForCode(hasApp bool) {
	if hasApp {
		s.codeHint.SetText(i18n.T("Type the 6 digits your authenticator app shows, or one of your backup codes."))
		s.codeItem.Text = i18n.T("Code")
		s.code.SetPlaceHolder("123456")
	} else {
		s.codeHint.SetText(i18n.T("Type one of your unused backup codes, like 0NA60-VAP5S. Each works once."))
		s.codeItem.Text = i18n.T("Backup code")
		s.code.SetPlaceHolder("XXXXX-XXXXX")
	}
	s.codeForm.Refresh()
}

// run does load in the background, then applies what it returned.
func (s *SignIn) run(load func(ctx context.Context) (apply func())) {
	s.svc.Runner.run(context.Background(), load)
}

// restart goes back to the first step, keeping the username.
func (s *SignIn) restart() {
	s.challenge = auth.Challenge{}
	s.password.SetText("")
	s.code.SetText("")
	s.second.Hide()
	s.first.Show()
	s.next.SetText(i18n.T("Next"))
}
