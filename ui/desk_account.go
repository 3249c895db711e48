package ui

import (
	"context"
	"errors"

	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// accountPanel is where a client's online account stands, in words, and
// what staff can do about it: issue (or re-issue) an access code and print
// its Account Access Notice, revoke the code, unlock the account, or reset
// its password and 2-step verification after checking the client's photo
// ID in person.
type accountPanel struct {
	p     *clientPage
	acct  desk.Account
	state *widget.Label
	msg   *widget.Label

	issue, revoke, unlock, resetAcct *widget.Button
	box                              *fyne.Container
}

func newAccountPanel(p *clientPage) *accountPanel {
	a := &accountPanel{p: p}
	a.state = wrapped("")
	a.msg = note()
	a.issue = widget.NewButton(i18n.T("Issue access code"), a.askIssue)
	a.issue.Importance = widget.HighImportance
	a.revoke = widget.NewButton(i18n.T("Revoke code"), a.askRevoke)
	a.unlock = widget.NewButton(i18n.T("Unlock"), a.doUnlock)
	a.resetAcct = widget.NewButton(i18n.T("Reset password and 2-step"), a.askIdentity)
	a.box = container.NewVBox(a.state, container.NewHBox(a.issue, a.revoke, a.unlock, a.resetAcct), a.msg)
	return a
}

// reset forgets the account.
func (a *accountPanel) reset() {
	a.acct = desk.Account{}
	a.state.SetText("")
	a.msg.SetText("")
	a.msg.Hide()
}

// show says where the account stands and offers what can be done.
func (a *accountPanel) show(acct desk.Account) {
	a.acct = acct
	var text string
	switch acct.State {
	case desk.NoAccount:
		text = i18n.T("No online account yet. Issue an access code: the Account Access Notice tells the client how to set the account up.")
	case desk.CodeIssued:
		text = i18n.T("Access code issued; it works until %s. The client has not used it yet.", acct.CodeExpires.Local().Format("01/02/2006"))
	case desk.CodeLapsed:
		text = i18n.T("An access code was issued, but it expired or was revoked before the client set the account up. Issue a new one.")
	case desk.SetUp:
		text = i18n.T("Account set up. Username %s; last signed in %s.", acct.Username, when(acct.LastSignIn))
	case desk.Locked:
		text = i18n.T("Locked after failed sign-ins until %s. Username %s.", when(acct.LockedUntil), acct.Username)
	}
	if acct.Number != "" {
		text += "\n" + i18n.T("Online account number %s", acct.Number.String())
	}
	if acct.State == desk.SetUp && !acct.CodeExpires.IsZero() {
		text += "\n" + i18n.T("A reset code is out; it works until %s.", acct.CodeExpires.Local().Format("01/02/2006"))
	}
	a.state.SetText(text)
	setUp := acct.State == desk.SetUp || acct.State == desk.Locked
	a.issue.SetText(i18n.T("Issue access code"))
	if acct.State == desk.CodeIssued {
		a.issue.SetText(i18n.T("Re-issue access code"))
	}
	showIf(a.issue, !setUp)
	showIf(a.revoke, !acct.CodeExpires.IsZero())
	showIf(a.unlock, acct.State == desk.Locked)
	showIf(a.resetAcct, setUp)
	a.box.Refresh()
}

// showIf shows o or hides it.
func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

func (a *accountPanel) buttons(enable bool) {
	for _, b := range []*widget.Button{a.issue, a.revoke, a.unlock, a.resetAcct} {
		if enable {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// askIssue issues a code, asking first when one is live: the letter
// already mailed stops working.
func (a *accountPanel) askIssue() {
	d := a.p.d
	d.touch()
	if a.acct.State != desk.CodeIssued {
		a.issueCode()
		return
	}
	d.confirm(i18n.T("Re-issue the access code?"),
		i18n.T("The code issued earlier still works until %s. A new code replaces it: the letter with the old one stops working.", a.acct.CodeExpires.Local().Format("01/02/2006")),
		i18n.T("Re-issue access code"), a.issueCode)
}

func (a *accountPanel) issueCode() {
	p := a.p
	d, id := p.d, p.id
	a.buttons(false)
	d.run(func(ctx context.Context) func() {
		is, err := d.desk.IssueCode(ctx, id)
		return func() {
			a.buttons(true)
			a.issued(is, err, i18n.T("Access code issued. Print the Account Access Notice and hand or mail it to the client."))
		}
	})
}

// issued shows the new code's Account Access Notice, or says why there is none.
func (a *accountPanel) issued(is auth.Issued, err error, done string) {
	p := a.p
	var incomplete *auth.IncompleteIdentityError
	switch {
	case errors.As(err, &incomplete):
		tell(a.msg, incomplete.Error()+" "+i18n.T("Choose “Edit details” to add them."), true)
		return
	case errors.Is(err, auth.ErrAccountSetUp):
		tell(a.msg, i18n.T("The client's account is already set up. To give them a new password and 2-step verification, choose “Reset password and 2-step”."), true)
		p.reload()
		return
	case formMessage(err) != "":
		tell(a.msg, desk.Message(err), true)
		return
	case err != nil:
		p.d.fail(err)
		return
	}
	tell(a.msg, done, false)
	p.reload()
	p.d.previewDoc(is.Notice(), true, "account-access-notice.pdf", nil)
}

func (a *accountPanel) askRevoke() {
	p := a.p
	p.d.touch()
	p.d.confirm(i18n.T("Revoke the access code?"),
		i18n.T("The code stops working at once: the letter the client has can no longer set up or reset the account."),
		i18n.T("Revoke code"), func() {
			d, id := p.d, p.id
			a.buttons(false)
			d.run(func(ctx context.Context) func() {
				n, err := d.desk.RevokeCode(ctx, id)
				return func() {
					a.buttons(true)
					if err != nil {
						d.fail(err)
						return
					}
					msg := i18n.T("The access code is revoked; the letter no longer works.")
					if n == 0 {
						msg = i18n.T("There was no live access code to revoke.")
					}
					tell(a.msg, msg, false)
					p.reload()
				}
			})
		})
}

func (a *accountPanel) doUnlock() {
	p := a.p
	d, id := p.d, p.id
	d.touch()
	a.buttons(false)
	d.run(func(ctx context.Context) func() {
		err := d.desk.Unlock(ctx, id)
		return func() {
			a.buttons(true)
			if err != nil {
				d.fail(err)
				return
			}
			tell(a.msg, i18n.T("The account is unlocked: the client can sign in again."), false)
			p.reload()
		}
	})
}

// askIdentity asks staff to check the client's photo ID in person before
// a reset: the kind of document seen, and that it matches the client.
func (a *accountPanel) askIdentity() {
	p := a.p
	d := p.d
	d.touch()
	docs := make([]string, len(desk.IDDocuments))
	for i, k := range desk.IDDocuments {
		docs[i] = i18n.T(k)
	}
	kind := newChoice(docs, nil)
	kind.PlaceHolder = i18n.T("Which photo ID did you see?")
	saw := widget.NewCheck(i18n.T("I saw this photo ID and it matches the client in front of me"), nil)
	why := problem()
	var dlg *dialog.CustomDialog
	ok := widget.NewButton(i18n.T("Reset password and 2-step"), nil)
	ok.Importance = widget.DangerImportance
	ok.Disable()
	ready := func() {
		d.touch()
		if kind.SelectedIndex() >= 0 && saw.Checked {
			ok.Enable()
		} else {
			ok.Disable()
		}
	}
	kind.OnChanged = func(string) { ready() }
	saw.OnChanged = func(bool) { ready() }
	cancel := widget.NewButton(i18n.T("Cancel"), func() { dlg.Hide() })
	ok.OnTapped = func() {
		check := desk.IdentityCheck{InPerson: saw.Checked}
		if i := kind.SelectedIndex(); i >= 0 {
			check.Document = desk.IDDocuments[i]
		}
		ok.Disable()
		id := p.id
		d.run(func(ctx context.Context) func() {
			is, err := d.desk.ResetAccount(ctx, id, check)
			return func() {
				ok.Enable()
				if t := formMessage(err); t != "" {
					tell(why, desk.Message(err), true)
					return
				}
				dlg.Hide()
				a.issued(is, err, i18n.T("The account is re-opened. Print the Account Access Notice: its code lets the client choose a new password and set up 2-step verification again."))
			}
		})
	}
	content := container.NewVBox(
		wrapped(i18n.T("Only reset an account for a client who is at the desk. Check a photo ID with them; its number is not recorded, only its kind.")),
		kind, saw, why)
	dlg = dialog.NewCustomWithoutButtons(i18n.T("Check the client's identity"), content, d.win)
	dlg.SetButtons([]fyne.CanvasObject{cancel, ok})
	dlg.Resize(fyne.NewSize(560, 280))
	d.show(dlg)
}
