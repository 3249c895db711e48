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
	cancel func()

	title     *widget.Label
	username  *widget.Entry
	password  *widget.Entry
	code      *widget.Entry
	codeHint  *widget.Label
	first     *fyne.Container
	second    *fyne.Container
	message   *widget.Label
	working   *widget.ProgressBarInfinite
	next      *widget.Button
	challenge auth.Challenge

	busy    sync.WaitGroup
	content fyne.CanvasObject
}

// NewSignIn builds the sign-in screen; done gets the account once both
// steps pass, cancel goes back.
func NewSignIn(svc Services, canvas fyne.Canvas, done func(app.Account), cancel func()) *SignIn {
	s := &SignIn{svc: svc, canvas: canvas, done: done, cancel: cancel}
	s.title = widget.NewLabelWithStyle(i18n.T("Sign in"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.SizeName = theme.SizeNameHeadingText
	s.username = widget.NewEntry()
	s.password = widget.NewPasswordEntry()
	s.code = widget.NewEntry()
	s.code.SetPlaceHolder("123456")
	for _, e := range []*widget.Entry{s.username, s.password, s.code} {
		e.OnSubmitted = func(string) { s.submit() }
	}
	s.first = container.NewVBox(widget.NewForm(
		widget.NewFormItem(i18n.T("Username"), s.username),
		widget.NewFormItem(i18n.T("Password"), s.password),
	))
	s.codeHint = hint("")
	s.second = container.NewVBox(s.codeHint, widget.NewForm(widget.NewFormItem(i18n.T("Code"), s.code)))
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
	back := widget.NewButton(i18n.T("Cancel"), cancel)
	footer := container.NewVBox(s.message, s.working, container.NewHBox(back, layout.NewSpacer(), s.next))
	s.content = container.NewPadded(container.NewBorder(container.NewVBox(s.title, widget.NewSeparator()), footer, nil, nil,
		container.NewVBox(s.first, s.second)))
	return s
}

// Content is the screen's root object.
func (s *SignIn) Content() fyne.CanvasObject { return s.content }

// Start puts the cursor in the username field.
func (s *SignIn) Start() {
	if s.canvas != nil {
		s.canvas.Focus(s.username)
	}
}

func (s *SignIn) submit() {
	if s.next.Disabled() {
		return
	}
	s.message.Hide()
	s.next.Disable()
	s.working.Show()
	s.working.Start()
	second := s.second.Visible()
	user, pw, code, ch := s.username.Text, s.password.Text, s.code.Text, s.challenge
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		ctx := context.Background()
		var acct app.Account
		var c auth.Challenge
		var err error
		if second {
			acct, err = s.svc.SignIn.Code(ctx, ch, code)
		} else {
			c, err = s.svc.SignIn.Password(ctx, user, pw)
		}
		do(func() {
			s.working.Stop()
			s.working.Hide()
			s.next.Enable()
			switch {
			case err != nil:
				s.message.SetText(auth.SignInMessage(err))
				s.message.Show()
				if errors.Is(err, auth.ErrChallenge) {
					s.restart()
				}
			case second:
				s.password.SetText("")
				s.code.SetText("")
				s.done(acct)
			default:
				s.challenge = c
				s.first.Hide()
				s.second.Show()
				if c.HasTOTP {
					s.codeHint.SetText(i18n.T("Type the 6 digits your authenticator app shows, or one of your backup codes."))
				} else {
					s.codeHint.SetText(i18n.T("Type one of your unused backup codes, like 0NA60-VAP5S. Each works once."))
				}
				s.next.SetText(i18n.T("Sign in"))
				s.content.Refresh()
				if s.canvas != nil {
					s.canvas.Focus(s.code)
				}
			}
		})
	}()
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
