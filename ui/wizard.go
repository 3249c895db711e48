package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wizardSteps is how many steps the set-up wizard has.
const wizardSteps = 5

// Wizard sets up an account from an online access code: code → identity →
// username and password → 2-step verification → done. Back keeps every
// answer; Enter means Next; nothing is written until step 4 commits.
type Wizard struct {
	svc    Services
	finish func(reason string) // back to the welcome screen, saying reason
	idle   *idleGuard

	step    int // 1 … 5
	stepOf  *widget.Label
	title   *widget.Label
	intro   *widget.Label
	body    *fyne.Container
	message *widget.Label // what went wrong, in words
	working *widget.ProgressBarInfinite
	back    *widget.Button
	next    *widget.Button

	// Step 1.
	code    *widget.Entry
	codeMsg *widget.Label
	// Step 2.
	ident   *identityForm
	ticket  auth.Ticket
	checked string // the code and identity the ticket is for
	// Step 3.
	username, password, confirm *widget.Entry
	userMsg, passMsg            *widget.Label
	resetNote                   *widget.Label
	strength                    *widget.ProgressBar
	strengthLabel               *widget.Label
	// Step 4.
	method  *widget.RadioGroup
	enrol   *enrolForm
	appBox  *fyne.Container
	backups []string
	// Step 5.
	account     app.Account
	doneNote    *widget.Label
	numberLabel *widget.Label
	sheet       *sheetPanel
	printNote   *widget.Label
	cancel      *widget.Button

	steps [wizardSteps]fyne.CanvasObject

	canvas  fyne.Canvas // the window's canvas, for moving the cursor
	content fyne.CanvasObject
}

// NewWizard builds the wizard for the window's canvas; finish leaves it
// (to the welcome screen), with a reason to show when the idle limit closed
// it. Show its Content, then call Start, which runs the idle limit.
func NewWizard(svc Services, canvas fyne.Canvas, finish func(reason string)) *Wizard {
	w := &Wizard{svc: svc, finish: finish, canvas: canvas}
	w.idle = newIdleGuard(svc.Runner, svc.SessionIdle, w.expired)
	w.stepOf = widget.NewLabel("")
	w.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.title.SizeName = theme.SizeNameHeadingText
	w.intro = widget.NewLabel("")
	w.intro.Wrapping = fyne.TextWrapWord
	w.message = widget.NewLabel("")
	w.message.Wrapping = fyne.TextWrapWord
	w.message.Importance = widget.DangerImportance
	w.message.Hide()
	w.working = widget.NewProgressBarInfinite()
	w.working.Stop()
	w.working.Hide()
	w.back = widget.NewButtonWithIcon(i18n.T("Back"), theme.NavigateBackIcon(), w.goBack)
	w.next = widget.NewButtonWithIcon(i18n.T("Next"), theme.NavigateNextIcon(), w.goNext)
	w.next.Importance = widget.HighImportance
	w.cancel = widget.NewButton(i18n.T("Cancel"), func() { w.close("") })

	w.steps = [wizardSteps]fyne.CanvasObject{w.stepCode(), w.stepIdentity(), w.stepCredentials(), w.stepTwoStep(), w.stepDone()}
	w.body = container.NewStack()
	header := container.NewVBox(w.stepOf, w.title, w.intro, widget.NewSeparator())
	buttons := container.NewHBox(w.cancel, layout.NewSpacer(), w.back, w.next)
	footer := container.NewVBox(w.idle.bar, w.message, w.working, buttons)
	w.idle.watch(append(append([]*widget.Entry{w.code}, w.ident.entries()...), w.username, w.password, w.confirm, w.enrol.code)...)
	w.sheet.touch = w.idle.touch
	w.content = container.NewPadded(container.NewBorder(header, footer, nil, nil, container.NewVScroll(w.body)))
	w.show(1)
	return w
}

// Content is the wizard's root object.
func (w *Wizard) Content() fyne.CanvasObject { return w.content }

func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

func problem() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

func (w *Wizard) stepCode() fyne.CanvasObject {
	w.code = widget.NewEntry()
	w.code.SetPlaceHolder("XXXX-XXXX-XXXX")
	w.code.OnSubmitted = func(string) { w.goNext() }
	w.code.OnChanged = func(string) { w.codeMsg.Hide() }
	w.codeMsg = problem()
	return container.NewVBox(
		widget.NewForm(widget.NewFormItem(i18n.T("Online access code"), w.code)),
		w.codeMsg,
		hint(i18n.T("It is the 12 characters printed large on your Account Access Notice, like 7K3D-9QXM-2HTB. Dashes, spaces and capital letters do not matter.")),
	)
}

func (w *Wizard) stepIdentity() fyne.CanvasObject {
	w.ident = newIdentityForm(true)
	for _, e := range w.ident.entries() {
		e.OnSubmitted = func(string) { w.goNext() }
	}
	return container.NewVBox(
		w.ident.form,
		hint(i18n.T("As the clinic has them: the family name on your notices, the ZIP code of your mailing address, and the country you were born in. Accents and capital letters do not matter.")),
	)
}

func (w *Wizard) stepCredentials() fyne.CanvasObject {
	w.username = widget.NewEntry()
	w.username.SetPlaceHolder("ana.lopez")
	w.password = widget.NewPasswordEntry()
	w.confirm = widget.NewPasswordEntry()
	w.userMsg, w.passMsg = problem(), problem()
	w.strength = widget.NewProgressBar()
	w.strength.Max = 4
	w.strength.TextFormatter = func() string { return "" }
	w.strengthLabel = widget.NewLabel("")
	w.username.OnChanged = func(string) { w.userMsg.Hide(); w.rate() }
	w.password.OnChanged = func(string) { w.rate() }
	w.confirm.OnChanged = func(string) { w.rate() }
	for _, e := range []*widget.Entry{w.username, w.password, w.confirm} {
		e.OnSubmitted = func(string) { w.goNext() }
	}
	meter := container.NewBorder(nil, nil, nil, w.strengthLabel, w.strength)
	w.resetNote = widget.NewLabel("")
	w.resetNote.Wrapping = fyne.TextWrapWord
	w.resetNote.Importance = widget.WarningImportance
	w.resetNote.Hide()
	return container.NewVBox(w.resetNote,
		widget.NewForm(
			widget.NewFormItem(i18n.T("Username"), w.username),
			widget.NewFormItem(i18n.T("Password"), w.password),
			widget.NewFormItem(i18n.T("Strength"), meter),
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
	score, label := auth.Strength(pw, w.username.Text, w.names()...)
	w.strength.SetValue(float64(score))
	w.strengthLabel.SetText(label)
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

func (w *Wizard) stepTwoStep() fyne.CanvasObject {
	w.method = widget.NewRadioGroup([]string{
		i18n.T("An authenticator app and printed backup codes (recommended)"),
		i18n.T("Printed backup codes only"),
	}, func(string) { w.showMethod() })
	w.method.SetSelected(w.method.Options[0])
	w.method.Required = true
	w.enrol = newEnrolForm(180, widget.NewLabel(i18n.T("Key, if you type it in by hand:")))
	w.enrol.code.OnSubmitted = func(string) { w.goNext() }
	w.appBox = container.NewVBox(
		hint(i18n.T("Scan the code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or FreeOTP), or type the key by hand. Then type the 6 digits the app shows.")),
		w.enrol.box,
	)
	return container.NewVBox(w.method, w.appBox,
		hint(i18n.T("You always get a sheet of 10 backup codes on the last step. Each signs you in once when you cannot use the app. Print it or write the codes down.")))
}

func (w *Wizard) usesApp() bool { return w.method.Selected == w.method.Options[0] }

func (w *Wizard) showMethod() {
	if w.appBox == nil {
		return
	}
	if w.usesApp() {
		w.appBox.Show()
	} else {
		w.appBox.Hide()
	}
}

func (w *Wizard) stepDone() fyne.CanvasObject {
	w.doneNote = widget.NewLabel("")
	w.doneNote.Wrapping = fyne.TextWrapWord
	w.numberLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	w.numberLabel.SizeName = theme.SizeNameHeadingText
	w.sheet = newSheetPanel(w.svc, w.canvas, context.Background())
	w.printNote = widget.NewLabel("")
	w.printNote.Wrapping = fyne.TextWrapWord
	w.printNote.Hide()
	printSummary := widget.NewButtonWithIcon(i18n.T("Print account summary"), theme.DocumentPrintIcon(), w.printSummary)
	return container.NewVBox(w.doneNote,
		widget.NewLabelWithStyle(i18n.T("Online account number"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.numberLabel,
		hint(i18n.T("Write it down: it is on your Account Access Notice and in your profile. It is not your A-number or a receipt number.")),
		widget.NewLabelWithStyle(i18n.T("Backup codes — each works once"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.sheet.box,
		hint(i18n.T("Print them or write them down now, and keep them somewhere safe. You need one when you cannot use your authenticator app, or to reset a forgotten password.")),
		container.NewHBox(printSummary), w.printNote)
}

// show switches to step n.
func (w *Wizard) show(n int) {
	w.step = n
	w.stepOf.SetText(i18n.T("Step %d of %d", n, wizardSteps))
	titles := [wizardSteps][2]string{
		{i18n.T("Your access code"), i18n.T("Set up your CaseDesk account with the one-time code the clinic gave you.")},
		{i18n.T("Confirm who you are"), i18n.T("So that only you can use the code.")},
		{i18n.T("Choose a username and password"), i18n.T("You will sign in with these.")},
		{i18n.T("2-step verification"), i18n.T("Every sign-in also asks for a code, so a stolen password is not enough.")},
		{i18n.T("Your account is ready"), ""},
	}
	w.title.SetText(titles[n-1][0])
	w.intro.SetText(titles[n-1][1])
	w.intro.Hidden = titles[n-1][1] == ""
	w.body.Objects = []fyne.CanvasObject{w.steps[n-1]}
	w.body.Refresh()
	w.message.Hide()
	w.back.Hidden = n == 1 || n == wizardSteps
	w.cancel.Hidden = n == wizardSteps // the account exists now
	w.cancel.Refresh()
	w.next.SetText(i18n.T("Next"))
	switch n {
	case 4:
		w.next.SetText(i18n.T("Set up my account"))
		w.prepareTwoStep()
	case wizardSteps:
		w.next.SetText(i18n.T("Finish"))
	}
	w.back.Refresh()
	w.focus()
}

// Start puts the cursor in the first field and starts the idle limit.
func (w *Wizard) Start() {
	w.idle.start()
	w.focus()
}

// close stops the idle limit, forgets every answer, code and key, and
// leaves, saying reason.
func (w *Wizard) close(reason string) {
	w.idle.stop()
	w.wipe()
	w.finish(reason)
}

// expired is the idle limit firing: a wizard left open, perhaps at its last
// step with the username and every backup code, is wiped.
func (w *Wizard) expired() {
	reason := i18n.T("The set-up closed because nothing happened for %d minutes, and forgot what was typed. Nothing was saved; start again with your access code.", w.idle.minutes())
	if w.account.ID != "" {
		reason = i18n.T("The set-up screen closed because nothing happened for %d minutes. Your account is set up: sign in with your username and password.", w.idle.minutes())
	}
	w.close(reason)
}

// wipe empties every field and forgets the ticket, the authenticator key
// and the backup codes.
func (w *Wizard) wipe() {
	w.ident.clear()
	w.enrol.clear()
	for _, e := range []*widget.Entry{w.code, w.username, w.password, w.confirm} {
		e.SetText("")
	}
	w.ticket, w.checked, w.backups, w.account = auth.Ticket{}, "", nil, app.Account{}
	w.numberLabel.SetText("")
	w.doneNote.SetText("")
	w.resetNote.Hide()
	w.printNote.Hide()
	w.sheet.clear()
	w.show(1)
}

// focus puts the cursor in the step's first field.
func (w *Wizard) focus() {
	c := w.canvas
	if c == nil {
		return
	}
	switch w.step {
	case 1:
		c.Focus(w.code)
	case 2:
		c.Focus(w.ident.family)
	case 3:
		c.Focus(w.username)
	case 4:
		if w.usesApp() {
			c.Focus(w.enrol.code)
		}
	}
}

func (w *Wizard) goBack() {
	w.idle.touch()
	if w.step > 1 && w.step < wizardSteps && !w.next.Disabled() {
		w.show(w.step - 1)
	}
}

func (w *Wizard) fail(msg string) {
	w.message.SetText(msg)
	w.message.Show()
}

// goNext checks the step and moves on; slow checks run in the background
// with Next disabled and a progress bar.
func (w *Wizard) goNext() {
	if w.next.Disabled() {
		return
	}
	w.idle.touch()
	w.message.Hide()
	switch w.step {
	case 1:
		if _, err := app.ParseAccessCode(w.code.Text); err != nil {
			w.codeMsg.SetText(errText(err))
			w.codeMsg.Show()
			return
		}
		w.show(2)
	case 2:
		w.checkIdentity()
	case 3:
		w.checkCredentials()
	case 4:
		w.commit()
	case wizardSteps:
		w.close("")
	}
}

// background runs load off the UI goroutine with Next and Back disabled
// and a progress bar, then applies what it returned.
func (w *Wizard) background(load func(ctx context.Context) (apply func())) {
	w.next.Disable()
	w.back.Disable()
	w.working.Show()
	w.working.Start()
	w.svc.Runner.run(context.Background(), func(ctx context.Context) func() {
		apply := load(ctx)
		return func() {
			w.working.Stop()
			w.working.Hide()
			w.next.Enable()
			w.back.Enable()
			apply()
		}
	})
}

// names are the person's own names, which a password may not be made of.
func (w *Wizard) names() []string {
	p := w.ticket.Person
	return []string{p.GivenName, p.MiddleName, p.FamilyName}
}

func (w *Wizard) checkIdentity() {
	code, id := w.code.Text, w.ident.identity()
	key := code + "\x00" + id.FamilyName + "\x00" + id.DateOfBirth + "\x00" + id.ZIP + "\x00" + id.CountryOfBirth
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
			w.fail(t)
			return
		}
		w.fail(auth.CodeMessage(err))
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

func (w *Wizard) checkCredentials() {
	user, pw := strings.TrimSpace(w.username.Text), w.password.Text
	if err := auth.CheckPassword(pw, user, w.names()...); err != nil {
		w.passMsg.SetText(errText(err))
		w.passMsg.Show()
		w.fail(i18n.T("Choose a password that meets the rule shown."))
		return
	}
	if w.confirm.Text != pw {
		w.fail(i18n.T("The two passwords are not the same. Type the password again in the last field."))
		return
	}
	ticket := w.ticket
	w.background(func(ctx context.Context) func() {
		err := w.svc.Codes.CheckUsername(ctx, ticket, user)
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
	ticket := w.ticket
	w.background(func(ctx context.Context) func() {
		acct, err := w.svc.Codes.Redeem(ctx, ticket, st)
		return func() { w.redeemed(acct, err) }
	})
}

// redeemed shows the new account and its backup codes, or says why there is none.
func (w *Wizard) redeemed(acct app.Account, err error) {
	switch {
	case errors.Is(err, auth.ErrWrongCode):
		w.fail(i18n.T("That is not the code your authenticator app shows. Check that the app has the key above and that this computer's clock is right, then type the current code."))
	case errors.Is(err, auth.ErrCodeReplayed):
		w.fail(i18n.T("That code was just used. Wait for the app to show the next one."))
	case err != nil:
		if t, ok := inputText(err); ok {
			w.fail(t)
		} else {
			w.fail(auth.CodeMessage(err))
		}
	default:
		w.account = acct
		w.doneNote.SetText(i18n.T("Welcome, %s. Your account is set up; sign in with %s from now on.", w.ticket.Person.GivenName, acct.Username))
		w.numberLabel.SetText(acct.Number.String())
		w.sheet.show(notice.BackupCodes{Name: w.ticket.Person.FullName(), AccountNumber: acct.Number, Codes: w.backups,
			Issued: w.svc.Notices.Today()})
		w.show(wizardSteps)
	}
}

// printSummary saves the account summary as a PDF in the PDF folder and
// prints it when there is a printer. The backup codes print apart, from a
// private file (sheetPanel).
func (w *Wizard) printSummary() {
	p := w.ticket.Person
	doc := notice.AccountSummary{Name: p.FullName(), Address: notice.AddressBlock(p), Username: w.account.Username,
		AccountNumber: w.account.Number, Printed: w.svc.Notices.Today()}
	path := filepath.Join(w.svc.PDFFolder, "account-summary-"+string(w.account.Number)+".pdf")
	cases := w.svc.Cases
	w.background(func(ctx context.Context) func() {
		msg, err := writePDF(ctx, w.svc, path, exportPrint, func(ctx context.Context) (notice.Doc, error) {
			if cases != nil {
				cs, err := cases(ctx, p.ID)
				doc.Cases = cs
				return doc, err
			}
			return doc, nil
		})
		return func() {
			if err != nil {
				msg = err.Error()
			}
			w.printNote.SetText(msg)
			w.printNote.Show()
		}
	})
}
