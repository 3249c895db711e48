package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/i18n"

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
	problem func() string // what message says, asked again at each change; nil for a fixed message
	working *widget.ProgressBarInfinite
	back    *widget.Button
	next    *widget.Button

	// Step 1.
	code    *widget.Entry
	codeMsg *widget.Label
	// pk is the clinic's case packet the account is set up with; nil for
	// a code alone (NewPacketWizard, wizard_packet.go).
	pk *packetStep
	// Step 2.
	ident   *identityForm
	ticket  auth.Ticket
	checked string // the code and identity the ticket is for
	// Step 3.
	username, password, confirm *widget.Entry
	userMsg, passMsg            *widget.Label
	resetNote                   *widget.Label
	meter                       *strengthMeter
	strength                    *widget.ProgressBar // the meter's bar
	strengthLabel               *widget.Label       // the meter's word
	// Step 4.
	method      *widget.RadioGroup
	enrol       *enrolForm
	appBox      *fyne.Container
	twoStepNote *widget.Label // what the backup codes are for, with the method chosen
	backups     []string
	// Step 5.
	account     app.Account
	doneNote    *widget.Label
	numberLabel *widget.Label
	sheet       *sheetPanel
	keepNote    *widget.Label // when the codes are needed, with the method chosen
	kept        *widget.Check // "I printed the sheet or wrote the codes down": enables Finish
	printNote   *widget.Label
	cancel      *widget.Button
	busy        bool // background work is running

	steps [wizardSteps]fyne.CanvasObject

	canvas  fyne.Canvas // the window's canvas, for moving the cursor
	content fyne.CanvasObject
}

// NewWizard builds the wizard for the window's canvas; finish leaves it
// (to the welcome screen), with a reason to show when the idle limit closed
// it. Show its Content, then call Start, which runs the idle limit.
func NewWizard(svc Services, canvas fyne.Canvas, finish func(reason string)) *Wizard {
	return newWizard(svc, canvas, finish, false)
}

// newWizard builds the wizard, with a clinic's case packet in step 1 when
// withPacket is set.
func newWizard(svc Services, canvas fyne.Canvas, finish func(reason string), withPacket bool) *Wizard {
	w := &Wizard{svc: svc, finish: finish, canvas: canvas}
	if withPacket {
		w.pk = &packetStep{}
	}
	w.idle = newIdleGuard(svc.Runner, svc.idle(), w.expired)
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
	entries := append(append([]*widget.Entry{w.code}, w.ident.entries()...), w.username, w.password, w.confirm, w.enrol.code)
	afterChange(w.recheck, entries...)
	w.idle.watch(entries...)
	w.sheet.touch = w.idle.touch
	w.content = column(container.NewPadded(container.NewBorder(header, footer, nil, nil, page(w.body))))
	w.show(1)
	return w
}

// Content is the wizard's root object.
func (w *Wizard) Content() fyne.CanvasObject { return w.content }

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
	if w.pk != nil {
		titles[0] = [2]string{i18n.T("Your access code and case packet"),
			i18n.T("Set up CaseDesk on this computer with the cases your clinic keeps for you: type the code from your Account Access Notice and choose the packet file that came with it.")}
	}
	w.title.SetText(titles[n-1][0])
	w.intro.SetText(titles[n-1][1])
	w.intro.Hidden = titles[n-1][1] == ""
	w.body.Objects = []fyne.CanvasObject{w.steps[n-1]}
	w.body.Refresh()
	w.problem = nil
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
	w.enableNext()
	w.back.Refresh()
	w.focus()
}

// enableNext enables Next unless background work is running, and Finish
// only once the person says the backup codes are printed or written down:
// after Finish they are never shown again.
func (w *Wizard) enableNext() {
	if w.busy || (w.step == wizardSteps && !w.kept.Checked) {
		w.next.Disable()
		return
	}
	w.next.Enable()
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
	reason := i18n.T("The set-up closed because nothing happened for %s, and forgot what was typed. Nothing was saved; start again with your access code.", w.idle.minutes())
	if w.account.ID != "" {
		reason = i18n.T("The set-up screen closed because nothing happened for %s. Your account is set up: sign in with your username and password.", w.idle.minutes())
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
	if w.pk != nil {
		w.pk.file, w.pk.ticket, w.pk.applied = nil, home.Ticket{}, home.Applied{}
		w.pk.name.SetText("")
		w.pk.msg.Hide()
	}
	w.numberLabel.SetText("")
	w.doneNote.SetText("")
	w.keepNote.SetText("")
	w.kept.SetChecked(false)
	w.resetNote.Hide()
	w.printNote.Hide()
	w.sheet.clear()
	w.show(1)
}

// focus puts the cursor in the step's first field; on the last step the
// focus is on "Print backup codes", so that Tab goes on from the sheet.
// It waits for the key that moved on (Space on Next) to be done with.
func (w *Wizard) focus() {
	var f fyne.Focusable
	switch w.step {
	case 1:
		f = w.code
	case 2:
		f = w.ident.family
	case 3:
		f = w.username
	case 4:
		if w.usesApp() {
			f = w.enrol.code
		}
	case wizardSteps:
		f = w.sheet.print
	}
	if f != nil {
		focusAfterKey(w.svc.Runner, w.canvas, f)
	}
}

func (w *Wizard) goBack() {
	w.idle.touch()
	if w.step > 1 && w.step < wizardSteps && !w.next.Disabled() {
		w.show(w.step - 1)
	}
}

// fail says msg until the next step or the next try.
func (w *Wizard) fail(msg string) {
	w.problem = nil
	w.say(msg)
}

func (w *Wizard) say(msg string) {
	w.message.SetText(msg)
	w.message.Show()
}

// failWhile says what problem says for as long as it says something: it
// is asked again at every change the person makes, so that a message goes
// as soon as what it was about is put right.
func (w *Wizard) failWhile(problem func() string) {
	w.problem = problem
	w.recheck()
}

// recheck asks the message's problem again after a change.
func (w *Wizard) recheck() {
	if w.problem == nil {
		return
	}
	if msg := w.problem(); msg != "" {
		w.say(msg)
		return
	}
	w.problem = nil
	w.message.Hide()
}

// goNext checks the step and moves on; slow checks run in the background
// with Next disabled and a progress bar.
func (w *Wizard) goNext() {
	if w.next.Disabled() {
		return
	}
	w.idle.touch()
	w.problem = nil
	w.message.Hide()
	switch w.step {
	case 1:
		_, err := app.ParseAccessCode(w.code.Text)
		if err != nil {
			w.codeMsg.SetText(errText(err))
			w.codeMsg.Show()
		}
		if w.pk != nil && w.packetMissing() != nil || err != nil {
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
	w.busy = true
	w.next.Disable()
	w.back.Disable()
	w.working.Show()
	w.working.Start()
	w.svc.Runner.run(context.Background(), func(ctx context.Context) func() {
		apply := load(ctx)
		return func() {
			w.working.Stop()
			w.working.Hide()
			w.busy = false
			w.enableNext()
			w.back.Enable()
			apply()
		}
	})
}
