package ui

import (
	"context"
	"errors"

	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// recoveryCard is the administrators' way to print the clinic's Recovery
// Key sheet again, in Settings: the password typed again first, as the
// service demands, then the sheet's preview with Print and Save PDF….
type recoveryCard struct {
	d        *Desk
	password *field
	print    *widget.Button
	msg      *widget.Label
	card     *widget.Card
}

func newRecoveryCard(d *Desk) *recoveryCard {
	r := &recoveryCard{d: d, password: newPasswordField(), msg: note()}
	r.password.SetPlaceHolder(i18n.T("Your password"))
	r.password.OnSubmitted = func(string) { r.open() }
	d.touchOnTyping(&r.password.Entry)
	r.print = widget.NewButtonWithIcon(i18n.T("Print the recovery key…"), theme.DocumentPrintIcon(), r.open)
	r.card = widget.NewCard("", "", container.NewVBox(
		bold(i18n.T("Recovery key")),
		hint(i18n.T("The sheet that opens the clinic's backups on another computer. Print it again if it was lost, and lock it away apart from this computer and the backups; it is the same key every time. Type your password to show it.")),
		container.NewBorder(nil, nil, nil, r.print, r.password), r.msg))
	return r
}

// open asks the service for the sheet with the password typed, and
// previews it. The password is forgotten whatever the answer.
func (r *recoveryCard) open() {
	d := r.d
	d.touch()
	pw := r.password.Text
	r.password.SetText("")
	r.msg.Hide()
	r.print.Disable()
	d.run(func(ctx context.Context) func() {
		sheet, err := d.desk.RecoverySheet(ctx, pw)
		return func() {
			r.print.Enable()
			switch {
			case errors.Is(err, auth.ErrWrongPassword), errors.Is(err, auth.ErrLocked):
				tell(r.msg, auth.SignInMessage(err), true)
				if d.canvas != nil {
					d.canvas.Focus(r.password)
				}
			case err != nil:
				tell(r.msg, desk.Message(err), true)
			default:
				d.previewDoc(sheet, true, "recovery-key.pdf", nil)
			}
		}
	})
}

// reset forgets what was typed and said.
func (r *recoveryCard) reset() {
	r.password.SetText("")
	r.msg.Hide()
}
