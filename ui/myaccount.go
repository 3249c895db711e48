package ui

import (
	"context"
	"errors"
	"slices"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// accountTab is "My account": backup codes left, change the password, new
// backup codes (both after the password is typed again), recent sign-ins.
type accountTab struct {
	h         *Home
	item      *container.TabItem
	who       *widget.Label // username and account number
	left      *widget.Label
	current   *field
	next      *field
	again     *field
	change    *widget.Button
	pwMsg     *widget.Label
	codesPw   *field
	makeCodes *widget.Button
	codesMsg  *widget.Label
	sheet     *sheetPanel
	activity  *fyne.Container
	box       *fyne.Container

	// 2-step: the authenticator app.
	method    *widget.Label
	tfPw      *field
	tfMsg     *widget.Label
	enrol     *enrolForm // hidden until a new app is being set up
	newApp    *widget.Button
	removeApp *widget.Button
	hasApp    bool // the account has an authenticator app, so a new sheet says codes are for when it is out of reach
}

func newAccountTab(h *Home) *accountTab {
	a := &accountTab{h: h}
	a.left = widget.NewLabel("")
	a.left.Wrapping = fyne.TextWrapWord
	a.current, a.next, a.again = newPasswordField(), newPasswordField(), newPasswordField()
	a.pwMsg = note()
	a.change = widget.NewButton(i18n.T("Change password"), a.changePassword)
	a.again.OnSubmitted = func(string) { a.changePassword() }
	a.codesPw = newPasswordField()
	a.codesPw.OnSubmitted = func(string) { a.newCodes() }
	a.makeCodes = widget.NewButton(i18n.T("Make new backup codes"), a.newCodes)
	a.codesMsg = note()
	a.sheet = newSheetPanel(h.svc, h.canvas, h.session.Context())
	a.activity = container.NewVBox()
	a.method = wrapped("")
	a.tfPw = newPasswordField()
	noReveal(h.svc, entryOf(a.current, a.next, a.again, a.codesPw, a.tfPw)...)
	a.tfMsg = note()
	confirm := widget.NewButton(i18n.T("Confirm the new app"), a.confirmApp)
	confirm.Importance = widget.HighImportance
	a.enrol = newEnrolForm(160, hint(i18n.T("Scan the code with the new app, or type the key, then type the 6 digits it shows.")),
		container.NewHBox(confirm))
	a.enrol.code.OnSubmitted = func(string) { a.confirmApp() }
	a.enrol.box.Hide()
	a.newApp = widget.NewButton(i18n.T("Set up a new authenticator app"), a.startApp)
	a.removeApp = widget.NewButton(i18n.T("Remove the authenticator app"), a.dropApp)
	a.who = wrapped(i18n.T("Username %s · online account number %s", h.session.Username, h.session.Number.String()))
	a.box = container.NewVBox(
		a.who,
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
		container.NewHBox(a.makeCodes), a.codesMsg, a.sheet.box,
		widget.NewSeparator(),
		bold(i18n.T("2-step verification")),
		a.method,
		hint(i18n.T("Type your password to change how you sign in. Backup codes always work as the second step.")),
		widget.NewForm(widget.NewFormItem(i18n.T("Password"), a.tfPw)),
		container.NewHBox(a.newApp, a.removeApp), a.tfMsg, a.enrol.box,
		widget.NewSeparator(),
		bold(i18n.T("Recent sign-ins")),
		a.activity,
	)
	a.item = container.NewTabItem(i18n.T("My account"), page(a.box))
	for _, f := range []*field{a.current, a.next, a.again, a.codesPw, a.tfPw} {
		h.keyed(f)
	}
	h.touchOnTyping(a.entries()...)
	return a
}

func (a *accountTab) entries() []*widget.Entry {
	return append(entryOf(a.current, a.next, a.again, a.codesPw, a.tfPw), a.enrol.code)
}

// reset empties the password fields and forgets the sign-ins, a new
// sheet of backup codes and an authenticator key being set up.
func (a *accountTab) reset() {
	for _, e := range a.entries() {
		e.SetText("")
	}
	a.who.SetText("")
	a.activity.Objects = nil
	a.enrol.clear()
	a.sheet.clear()
	a.hasApp = false
	a.h.standing = ""
}

// load reads the codes left and the recent sign-ins.
func (a *accountTab) load() {
	s := a.h.session
	a.h.run(func(ctx context.Context) func() {
		sec, err := a.h.svc.Portal.Security(ctx, s)
		left, act, hasApp := sec.BackupCodesLeft, sec.Activity, sec.HasAuthenticator
		return func() {
			if err != nil {
				a.h.fail(err)
				return
			}
			a.showLeft(left)
			a.showMethod(hasApp)
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
					what += " — " + signInDetail(e.Detail)
				}
				a.activity.Add(wrapped(i18n.T("%s at %s: %s", app.DateOf(e.At.Local()).String(), i18n.Current().Time(e.At.Local()), what)))
			}
			if len(act) == 0 {
				a.activity.Add(empty(i18n.T("No sign-ins yet.")))
			}
			a.activity.Refresh()
		}
	})
}

func (a *accountTab) showLeft(n int) {
	a.left.SetText(i18n.T("Unused backup codes: %d of 10.", n))
	a.left.Importance = widget.MediumImportance
	a.h.stand("")
	if n < 3 {
		few := i18n.N(n, "Only %d unused backup code is left.", "Only %d unused backup codes are left.")
		a.left.SetText(few + " " + i18n.T("Make a new sheet below before they run out."))
		a.left.Importance = widget.WarningImportance
		// Said on the home screen too, wherever the person is, until a new sheet is made.
		a.h.stand(few + " " + i18n.T("Make a new sheet in My account."))
	}
	a.left.Refresh()
}

func (a *accountTab) changePassword() {
	a.h.touch()
	if a.next.Text != a.again.Text {
		tell(a.pwMsg, i18n.T("The two new passwords are not the same."), true)
		return
	}
	s, cur, next := a.h.session, a.current.Text, a.next.Text
	a.change.Disable()
	a.h.run(func(ctx context.Context) func() {
		err := a.h.svc.Portal.ChangePassword(ctx, s, cur, next)
		return func() {
			a.change.Enable()
			if err != nil {
				tell(a.pwMsg, auth.SignInMessage(err), true)
				a.lockedOut(err)
				return
			}
			for _, e := range entryOf(a.current, a.next, a.again) {
				e.SetText("")
			}
			tell(a.pwMsg, i18n.T("Your password is changed. Use the new one from now on."), false)
			a.load()
		}
	})
}

func (a *accountTab) newCodes() {
	a.h.touch()
	s, pw := a.h.session, a.codesPw.Text
	a.makeCodes.Disable()
	a.h.run(func(ctx context.Context) func() {
		codes, err := a.h.svc.Portal.NewBackupCodes(ctx, s, pw)
		return func() {
			a.makeCodes.Enable()
			if err != nil {
				tell(a.codesMsg, auth.SignInMessage(err), true)
				a.lockedOut(err)
				return
			}
			a.codesPw.SetText("")
			a.sheet.show(notice.BackupCodes{Name: a.h.person.FullName(), AccountNumber: a.h.session.Number, Codes: codes,
				Issued: app.DateOf(a.h.now()), NoAuthenticator: !a.hasApp, Lang: a.h.person.Language})
			tell(a.codesMsg, i18n.T("Your new backup codes are below; the old ones no longer work. Print them or write them down now."), false)
			a.showLeft(len(codes))
		}
	})
}

// lockedOut ends the session when wrong passwords locked the account.
func (a *accountTab) lockedOut(err error) {
	if errors.Is(err, auth.ErrLocked) {
		a.h.end(auth.SignInMessage(err))
	}
}

func (a *accountTab) showMethod(hasApp bool) {
	a.hasApp = hasApp
	if hasApp {
		a.method.SetText(i18n.T("You sign in with an authenticator app or a backup code."))
		a.removeApp.Show()
	} else {
		a.method.SetText(i18n.T("You sign in with a backup code. An authenticator app is easier; set one up below."))
		a.removeApp.Hide()
	}
}

// startApp shows a new authenticator key to scan; nothing changes until
// a code from the new app confirms it.
func (a *accountTab) startApp() {
	a.h.touch()
	if err := a.enrol.start(a.h.session.Username); err != nil {
		a.h.fail(err)
		return
	}
	a.tfMsg.Hide()
	a.enrol.box.Show()
}

func (a *accountTab) confirmApp() {
	a.h.touch()
	if a.enrol.enrolment == nil {
		return
	}
	s, pw, code, e := a.h.session, a.tfPw.Text, a.enrol.code.Text, *a.enrol.enrolment
	a.h.run(func(ctx context.Context) func() {
		err := a.h.svc.Portal.SetAuthenticator(ctx, s, pw, e, code)
		return func() {
			switch {
			case errors.Is(err, auth.ErrWrongCode):
				tell(a.tfMsg, i18n.T("That is not the code the new app shows. Check the key and this computer's clock, then type the current code."), true)
			case err != nil:
				tell(a.tfMsg, auth.SignInMessage(err), true)
				a.lockedOut(err)
			default:
				a.enrol.clear()
				a.enrol.box.Hide()
				a.tfPw.SetText("")
				tell(a.tfMsg, i18n.T("The new authenticator app is set up; codes from an earlier app no longer work."), false)
				a.showMethod(true)
			}
		}
	})
}

func (a *accountTab) dropApp() {
	a.h.touch()
	s, pw := a.h.session, a.tfPw.Text
	a.h.run(func(ctx context.Context) func() {
		err := a.h.svc.Portal.RemoveAuthenticator(ctx, s, pw)
		return func() {
			if err != nil {
				tell(a.tfMsg, auth.SignInMessage(err), true)
				a.lockedOut(err)
				return
			}
			a.tfPw.SetText("")
			tell(a.tfMsg, i18n.T("The authenticator app is removed. Sign in with a backup code from now on."), false)
			a.h.passFocus(a.removeApp, false) // to "Set up a new authenticator app"
			a.showMethod(false)
		}
	})
}

// signInDetails are the details app/auth records with a sign-in, in the
// English the audit keeps; the account tab shows them in the screen's
// language. Any other detail is shown as it was recorded.
var signInDetails = []string{"authenticator code", "backup code", "wrong password", "unknown username", "wrong code",
	"authenticator code already used", "account locked", "after 5 failed tries",
	"after 100 failed tries in a row; the clinic unlocks it"}

func signInDetail(d string) string {
	if slices.Contains(signInDetails, d) {
		return i18n.T(d)
	}
	return d
}
