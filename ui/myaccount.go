package ui

import (
	"context"
	"errors"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// accountTab is "My account": backup codes left, change the password, new
// backup codes (both after the password is typed again), recent sign-ins.
type accountTab struct {
	h          *Home
	left       *widget.Label
	current    *widget.Entry
	next       *widget.Entry
	again      *widget.Entry
	change     *widget.Button
	pwMsg      *widget.Label
	codesPw    *widget.Entry
	makeCodes  *widget.Button
	codesMsg   *widget.Label
	codesGrid  *fyne.Container
	printCodes *widget.Button
	codes      []string
	activity   *fyne.Container
	box        *fyne.Container
}

func newAccountTab(h *Home) *accountTab {
	a := &accountTab{h: h}
	a.left = widget.NewLabel("")
	a.left.Wrapping = fyne.TextWrapWord
	a.current, a.next, a.again = widget.NewPasswordEntry(), widget.NewPasswordEntry(), widget.NewPasswordEntry()
	a.pwMsg = widget.NewLabel("")
	a.pwMsg.Wrapping = fyne.TextWrapWord
	a.pwMsg.Hide()
	a.change = widget.NewButton(i18n.T("Change password"), a.changePassword)
	a.again.OnSubmitted = func(string) { a.changePassword() }
	a.codesPw = widget.NewPasswordEntry()
	a.codesPw.OnSubmitted = func(string) { a.newCodes() }
	a.makeCodes = widget.NewButton(i18n.T("Make new backup codes"), a.newCodes)
	a.codesMsg = widget.NewLabel("")
	a.codesMsg.Wrapping = fyne.TextWrapWord
	a.codesMsg.Hide()
	a.codesGrid = container.NewGridWithColumns(5)
	a.printCodes = widget.NewButton(i18n.T("Print backup codes"), a.print)
	a.printCodes.Hide()
	a.activity = container.NewVBox()
	a.box = container.NewVBox(
		widget.NewLabel(i18n.T("Username %s · online account number %s", h.session.Username, h.session.Number.String())),
		a.left,
		widget.NewSeparator(),
		bold(i18n.T("Change your password")),
		widget.NewForm(
			widget.NewFormItem(i18n.T("Current password"), a.current),
			widget.NewFormItem(i18n.T("New password"), a.next),
			widget.NewFormItem(i18n.T("New password again"), a.again),
		),
		a.pwMsg, container.NewHBox(a.change),
		widget.NewSeparator(),
		bold(i18n.T("New backup codes")),
		hint(i18n.T("Makes a new sheet of 10 codes; the old codes stop working. Type your password to confirm it is you.")),
		widget.NewForm(widget.NewFormItem(i18n.T("Password"), a.codesPw)),
		container.NewHBox(a.makeCodes), a.codesMsg, a.codesGrid, container.NewHBox(a.printCodes),
		widget.NewSeparator(),
		bold(i18n.T("Recent sign-ins")),
		a.activity,
	)
	return a
}

// load reads the codes left and the recent sign-ins.
func (a *accountTab) load() {
	s := a.h.session
	a.h.busy.Add(1)
	go func() {
		defer a.h.busy.Done()
		ctx := context.Background()
		left, err := a.h.svc.SignIn.BackupCodesLeft(ctx, s.AccountID)
		var act []app.AuditEvent
		if err == nil {
			act, err = a.h.svc.SignIn.Activity(ctx, s.AccountID)
		}
		do(func() {
			if err != nil {
				a.h.fail(err)
				return
			}
			a.showLeft(left)
			a.activity.Objects = nil
			for _, e := range act {
				what := i18n.T("Signed in")
				switch e.Action {
				case "signin.failed":
					what = i18n.T("Failed try")
				case "signin.refused", "account.locked":
					what = i18n.T("Locked")
				}
				if e.Detail != "" {
					what += " — " + e.Detail
				}
				a.activity.Add(widget.NewLabel(i18n.T("%s at %s: %s", app.DateOf(e.At.Local()).String(), e.At.Local().Format("3:04 PM"), what)))
			}
			if len(act) == 0 {
				a.activity.Add(empty(i18n.T("No sign-ins yet.")))
			}
			a.activity.Refresh()
		})
	}()
}

func (a *accountTab) showLeft(n int) {
	a.left.SetText(i18n.T("Unused backup codes: %d of 10.", n))
	a.left.Importance = widget.MediumImportance
	if n < 3 {
		a.left.SetText(i18n.T("Only %d unused backup codes are left. Make a new sheet below before they run out.", n))
		a.left.Importance = widget.WarningImportance
	}
	a.left.Refresh()
}

func (a *accountTab) say(l *widget.Label, msg string, bad bool) {
	l.SetText(msg)
	l.Importance = widget.MediumImportance
	if bad {
		l.Importance = widget.DangerImportance
	}
	l.Show()
	l.Refresh()
}

func (a *accountTab) changePassword() {
	a.h.touch()
	if a.next.Text != a.again.Text {
		a.say(a.pwMsg, i18n.T("The two new passwords are not the same."), true)
		return
	}
	s, cur, next := a.h.session, a.current.Text, a.next.Text
	a.change.Disable()
	a.h.busy.Add(1)
	go func() {
		defer a.h.busy.Done()
		err := a.h.svc.SignIn.ChangePassword(context.Background(), s.AccountID, cur, next)
		do(func() {
			a.change.Enable()
			if err != nil {
				a.say(a.pwMsg, auth.SignInMessage(err), true)
				a.lockedOut(err)
				return
			}
			for _, e := range []*widget.Entry{a.current, a.next, a.again} {
				e.SetText("")
			}
			a.say(a.pwMsg, i18n.T("Your password is changed. Use the new one from now on."), false)
			a.load()
		})
	}()
}

func (a *accountTab) newCodes() {
	a.h.touch()
	s, pw := a.h.session, a.codesPw.Text
	a.makeCodes.Disable()
	a.h.busy.Add(1)
	go func() {
		defer a.h.busy.Done()
		codes, err := a.h.svc.SignIn.NewBackupCodes(context.Background(), s.AccountID, pw)
		do(func() {
			a.makeCodes.Enable()
			if err != nil {
				a.say(a.codesMsg, auth.SignInMessage(err), true)
				a.lockedOut(err)
				return
			}
			a.codesPw.SetText("")
			a.codes = codes
			a.codesGrid.Objects = nil
			for i, c := range codes {
				a.codesGrid.Add(widget.NewLabelWithStyle(i18n.T("%d.", i+1)+" "+c, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
			}
			a.codesGrid.Refresh()
			a.printCodes.Show()
			a.say(a.codesMsg, i18n.T("Your new backup codes are below; the old ones no longer work. Print them or write them down now."), false)
			a.showLeft(len(codes))
		})
	}()
}

// lockedOut ends the session when wrong passwords locked the account.
func (a *accountTab) lockedOut(err error) {
	if errors.Is(err, auth.ErrLocked) {
		a.h.end(auth.SignInMessage(err))
	}
}

func (a *accountTab) print() {
	a.h.touch()
	p := a.h.person
	a.h.printBackupCodes(p, a.codes)
}
