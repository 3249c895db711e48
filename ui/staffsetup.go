package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// StaffSetUp sets up a staff member's sign-in, in steps: for a new clinic,
// the clinic's details and the first administrator; for a staff member
// signing in with a one-time password, a password of their own. Then, in
// both, 2-step verification (an authenticator app, or printed backup codes
// only) and the sheet of backup codes; for a new clinic, last, the sheet of
// its recovery key. Nothing is written until the last step before the
// sheet; Back keeps every answer.
type StaffSetUp struct {
	svc       Services
	canvas    fyne.Canvas
	challenge auth.Challenge // a first sign-in's; empty when setting up a clinic
	username  string         // a first sign-in's username
	done      func(app.Account)
	leave     func(reason string)
	idle      *idleGuard

	steps []setupStep
	at    int

	stepOf, title, intro *widget.Label
	body                 *fyne.Container
	message              *widget.Label
	working              *widget.ProgressBarInfinite
	back, next, cancel   *widget.Button
	busy                 bool
	started              bool // Start ran: the screen is in the window and may take the focus

	// The clinic (set-up only).
	clinicName, clinicPhone, clinicZone *widget.Entry
	clinicAddress                       *widget.Entry
	// The administrator (set-up only).
	given, family, user *widget.Entry
	// The password.
	password, confirm *widget.Entry
	meter             *strengthMeter
	passMsg           *widget.Label
	// 2-step verification.
	method      *widget.RadioGroup
	twoStepNote *widget.Label
	enrol       *enrolForm
	appBox      *fyne.Container
	backups     []string
	// The sheet, and at a clinic's set-up its recovery key sheet.
	account  app.Account
	sheet    *sheetPanel
	kept     *widget.Check
	sheetAt  int // the step of the sheet: from there on, the set-up is written
	recovery *sheetPanel
	keptKey  *widget.Check
	keyMsg   *widget.Label

	content fyne.CanvasObject
}

type setupStep struct {
	title, intro string
	body         fyne.CanvasObject
	next         func() // checks the step and moves on
	nextText     string
	focus        func() fyne.Focusable
	check        *widget.Check // must be ticked before Next, when set and shown
}

// NewClinicSetUp builds the set-up of a new clinic; done is called with the
// first administrator's account once it is written, to open the desk.
func NewClinicSetUp(svc Services, c fyne.Canvas, done func(app.Account), leave func(reason string)) *StaffSetUp {
	s := newStaffSetUp(svc, c, done, leave)
	s.steps = []setupStep{s.clinicStep(), s.adminStep(), s.twoStepStep(), s.sheetStep(), s.recoveryStep()}
	s.sheetAt = 3
	s.steps[s.sheetAt].nextText = "" // Next: the recovery key follows
	s.build()
	return s
}

// NewFirstSignIn builds a staff member's first sign-in after a one-time
// password passed: a password of their own, then 2-step verification.
func NewFirstSignIn(svc Services, c fyne.Canvas, ch auth.Challenge, username string, done func(app.Account), leave func(reason string)) *StaffSetUp {
	s := newStaffSetUp(svc, c, done, leave)
	s.challenge, s.username = ch, strings.TrimSpace(username)
	s.steps = []setupStep{s.passwordStep(), s.twoStepStep(), s.sheetStep()}
	s.sheetAt = 2
	s.build()
	return s
}

func newStaffSetUp(svc Services, c fyne.Canvas, done func(app.Account), leave func(reason string)) *StaffSetUp {
	s := &StaffSetUp{svc: svc, canvas: c, done: done, leave: leave}
	s.idle = newIdleGuard(svc.Runner, svc.idle(), s.expired)
	s.password, s.confirm = widget.NewPasswordEntry(), widget.NewPasswordEntry()
	noReveal(svc, s.password, s.confirm)
	s.meter, s.passMsg = newStrengthMeter(), problem()
	s.password.OnChanged = func(string) { s.rate() }
	s.confirm.OnChanged = func(string) { s.rate() }
	return s
}

func (s *StaffSetUp) build() {
	s.stepOf = widget.NewLabel("")
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.SizeName = theme.SizeNameHeadingText
	s.intro = wrapped("")
	s.message = problem()
	s.working = widget.NewProgressBarInfinite()
	s.working.Stop()
	s.working.Hide()
	s.back = widget.NewButtonWithIcon(i18n.T("Back"), theme.NavigateBackIcon(), s.goBack)
	s.next = widget.NewButtonWithIcon(i18n.T("Next"), theme.NavigateNextIcon(), s.goNext)
	s.next.Importance = widget.HighImportance
	s.cancel = widget.NewButton(i18n.T("Cancel"), func() { s.close("") })
	s.body = container.NewStack()
	header := container.NewVBox(s.stepOf, s.title, s.intro, widget.NewSeparator())
	footer := container.NewVBox(s.idle.bar, s.message, s.working, container.NewHBox(s.cancel, layout.NewSpacer(), s.back, s.next))
	entries := []*widget.Entry{s.password, s.confirm}
	for _, e := range []*widget.Entry{s.clinicName, s.clinicAddress, s.clinicPhone, s.clinicZone, s.given, s.family, s.user} {
		if e != nil {
			entries = append(entries, e)
		}
	}
	if s.enrol != nil {
		entries = append(entries, s.enrol.code)
	}
	for _, e := range entries {
		if !e.MultiLine {
			e.OnSubmitted = func(string) { s.goNext() }
		}
	}
	s.idle.watch(entries...)
	s.content = column(container.NewPadded(container.NewBorder(header, footer, nil, nil, page(s.body))))
	s.show(0)
}

// Content is the screen's root object.
func (s *StaffSetUp) Content() fyne.CanvasObject { return s.content }

// Start runs the idle limit and puts the cursor in the first field.
func (s *StaffSetUp) Start() {
	s.started = true
	s.idle.start()
	s.focus()
}

func (s *StaffSetUp) show(i int) {
	s.at = i
	st := s.steps[i]
	s.stepOf.SetText(i18n.T("Step %d of %d", i+1, len(s.steps)))
	s.title.SetText(st.title)
	s.intro.SetText(st.intro)
	s.intro.Hidden = st.intro == ""
	s.body.Objects = []fyne.CanvasObject{st.body}
	s.body.Refresh()
	s.message.Hide()
	written := i >= s.sheetAt
	s.back.Hidden = i == 0 || written
	s.cancel.Hidden = written
	s.cancel.Refresh()
	s.back.Refresh()
	s.next.SetText(i18n.T("Next"))
	if st.nextText != "" {
		s.next.SetText(st.nextText)
	}
	s.enableNext()
	s.focus()
}

func (s *StaffSetUp) focus() {
	if s.canvas == nil || !s.started || s.steps[s.at].focus == nil {
		return
	}
	if f := s.steps[s.at].focus(); f != nil {
		focusAfterKey(s.svc.Runner, s.canvas, f) // after the Space that pressed Next
	}
}

func (s *StaffSetUp) enableNext() {
	if c := s.steps[s.at].check; s.busy || (c != nil && c.Visible() && !c.Checked) {
		s.next.Disable()
		return
	}
	s.next.Enable()
}

func (s *StaffSetUp) goBack() {
	s.idle.touch()
	if s.at > 0 && s.at < s.sheetAt && !s.busy {
		s.show(s.at - 1)
	}
}

func (s *StaffSetUp) goNext() {
	if s.next.Disabled() {
		return
	}
	s.idle.touch()
	s.message.Hide()
	s.steps[s.at].next()
}

func (s *StaffSetUp) fail(msg string) {
	s.message.SetText(msg)
	s.message.Show()
}

// background runs load off the UI goroutine with the buttons disabled.
func (s *StaffSetUp) background(load func(ctx context.Context) (apply func())) {
	s.busy = true
	s.next.Disable()
	s.back.Disable()
	s.working.Show()
	s.working.Start()
	s.svc.Runner.run(context.Background(), func(ctx context.Context) func() {
		apply := load(ctx)
		return func() {
			s.working.Stop()
			s.working.Hide()
			s.busy = false
			s.enableNext()
			s.back.Enable()
			apply()
		}
	})
}

// close forgets every answer and leaves, saying reason.
func (s *StaffSetUp) close(reason string) {
	s.idle.stop()
	s.wipe()
	s.leave(reason)
}

func (s *StaffSetUp) expired() {
	reason := i18n.T("The set-up closed because nothing happened for %s, and forgot what was typed. Nothing was saved.", s.idle.minutes())
	if s.account.ID != "" {
		reason = i18n.T("The set-up screen closed because nothing happened for %s. The account is set up: sign in with its username and password.", s.idle.minutes())
	}
	s.close(reason)
}

func (s *StaffSetUp) wipe() {
	for _, e := range []*widget.Entry{s.clinicName, s.clinicAddress, s.clinicPhone, s.clinicZone, s.given, s.family, s.user, s.password, s.confirm} {
		if e != nil {
			e.SetText("")
		}
	}
	if s.enrol != nil {
		s.enrol.clear()
	}
	s.backups, s.account, s.challenge = nil, app.Account{}, auth.Challenge{}
	if s.sheet != nil {
		s.sheet.clear()
	}
	if s.recovery != nil {
		s.recovery.clear()
	}
}

// clinicStep: the clinic's name, address, phone and time zone.
func (s *StaffSetUp) clinicStep() setupStep {
	s.clinicName, s.clinicPhone, s.clinicZone = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	address := newTextField(3) // Tab leaves it, as every other field
	s.clinicAddress = &address.Entry
	s.clinicName.SetPlaceHolder(i18n.T("Eastside Legal Aid Clinic"))
	s.clinicAddress.SetPlaceHolder("120 Main St, Suite 4\nSpringfield, IL 62701")
	s.clinicPhone.SetPlaceHolder("(217) 555-0100")
	zone := time.Local.String()
	if zone == "Local" || zone == "UTC" || zone == "" {
		zone = "America/Chicago"
	}
	s.clinicZone.SetText(zone)
	form := widget.NewForm(
		widget.NewFormItem(app.FieldClinicName.Label(), s.clinicName),
		widget.NewFormItem(app.FieldClinicAddress.Label(), address),
		widget.NewFormItem(app.FieldPhone.Label(), s.clinicPhone),
		widget.NewFormItem(app.FieldTimeZone.Label(), s.clinicZone),
	)
	return setupStep{
		title: i18n.T("Your clinic"),
		intro: i18n.T("These go on the letters CaseDesk prints, such as the Account Access Notice. The time zone decides the day an access code is issued and its last day. An administrator can change them later."),
		body:  container.NewVBox(form, hint(i18n.T("Time zones are named like America/New_York, America/Chicago, America/Denver, America/Los_Angeles, America/Phoenix or Pacific/Honolulu."))),
		next: func() {
			if err := desk.CheckClinic(s.clinicForm()); err != nil {
				s.fail(desk.Message(err))
				return
			}
			s.show(s.at + 1)
		},
		focus: func() fyne.Focusable { return s.clinicName },
	}
}

func (s *StaffSetUp) clinicForm() desk.ClinicForm {
	return desk.ClinicForm{Name: s.clinicName.Text, Address: s.clinicAddress.Text, Phone: s.clinicPhone.Text, TimeZone: strings.TrimSpace(s.clinicZone.Text)}
}

func (s *StaffSetUp) adminForm() desk.AdminForm {
	return desk.AdminForm{GivenName: s.given.Text, FamilyName: s.family.Text, Username: s.user.Text, Password: s.password.Text}
}

// adminStep: the first administrator's name, username and password.
func (s *StaffSetUp) adminStep() setupStep {
	s.given, s.family, s.user = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.user.SetPlaceHolder("maria.admin")
	s.user.OnChanged = func(string) { s.rate() }
	form := widget.NewForm(
		widget.NewFormItem(app.FieldGivenName.Label(), s.given),
		widget.NewFormItem(app.FieldFamilyName.Label(), s.family),
		widget.NewFormItem(app.FieldUsername.Label(), s.user),
		widget.NewFormItem(i18n.T("Password"), s.password),
		widget.NewFormItem(i18n.T("Strength"), s.meter.box),
		widget.NewFormItem(i18n.T("Password again"), s.confirm),
	)
	return setupStep{
		title: i18n.T("The first administrator"),
		intro: i18n.T("The administrator adds the clinic's staff, and changes its settings. Every staff account signs in with a password and 2-step verification."),
		body:  container.NewVBox(form, s.passMsg, hint(passwordHint())),
		next: func() {
			if err := desk.CheckAdmin(s.adminForm()); err != nil {
				s.fail(desk.Message(err))
				return
			}
			if s.confirm.Text != s.password.Text {
				s.fail(i18n.T("The two passwords are not the same. Type the password again in the last field."))
				return
			}
			s.show(s.at + 1)
		},
		focus: func() fyne.Focusable { return s.given },
	}
}

func passwordHint() string {
	return i18n.T("At least 8 characters; a few unrelated words are strong and easy to remember. Any letters, spaces and symbols work. CaseDesk never asks for your password by phone or e-mail.")
}

// passwordStep: a first sign-in's own password in place of the one-time one.
func (s *StaffSetUp) passwordStep() setupStep {
	form := widget.NewForm(
		widget.NewFormItem(i18n.T("New password"), s.password),
		widget.NewFormItem(i18n.T("Strength"), s.meter.box),
		widget.NewFormItem(i18n.T("Password again"), s.confirm),
	)
	return setupStep{
		title: i18n.T("Choose your own password"),
		intro: auth.OneTimePasswordMessage(),
		body:  container.NewVBox(form, s.passMsg, hint(passwordHint())),
		next: func() {
			if err := auth.CheckPassword(s.password.Text, s.username); err != nil {
				s.fail(errText(err))
				return
			}
			if s.confirm.Text != s.password.Text {
				s.fail(i18n.T("The two passwords are not the same. Type the password again in the last field."))
				return
			}
			s.show(s.at + 1)
		},
		focus: func() fyne.Focusable { return s.password },
	}
}

// rate shows the password's strength and why it would be refused.
func (s *StaffSetUp) rate() {
	user := s.username
	var names []string
	if s.user != nil {
		user, names = s.user.Text, []string{s.given.Text, s.family.Text}
	}
	pw := s.password.Text
	if pw == "" {
		s.meter.show(0, "")
		s.passMsg.Hide()
		return
	}
	s.meter.show(auth.Strength(pw, user, names...))
	switch err := auth.CheckPassword(pw, user, names...); {
	case err != nil:
		s.passMsg.SetText(errText(err))
		s.passMsg.Show()
	case s.confirm.Text != "" && s.confirm.Text != pw:
		s.passMsg.SetText(i18n.T("The two passwords are not the same yet."))
		s.passMsg.Show()
	default:
		s.passMsg.Hide()
	}
}

// sheetNote says what the backup codes are for, with the method chosen.
func (s *StaffSetUp) sheetNote() string {
	if s.usesApp() {
		return i18n.T("You also get a sheet of 10 backup codes on the next step. Each signs you in once when you cannot use the app.")
	}
	return i18n.T("You get a sheet of 10 backup codes on the next step. Every sign-in asks for one of them, and each works once: keep the sheet with you.")
}

func (s *StaffSetUp) usesApp() bool { return s.method.Selected == s.method.Options[0] }

// twoStepStep: an authenticator app and backup codes, or backup codes only.
// Its Next writes the set-up.
func (s *StaffSetUp) twoStepStep() setupStep {
	s.method = widget.NewRadioGroup([]string{
		i18n.T("An authenticator app and printed backup codes (recommended)"),
		i18n.T("Printed backup codes only"),
	}, func(string) {
		if s.appBox != nil {
			s.appBox.Hidden = !s.usesApp()
			s.appBox.Refresh()
			s.twoStepNote.SetText(s.sheetNote())
		}
	})
	s.method.SetSelected(s.method.Options[0])
	s.method.Required = true
	s.enrol = newEnrolForm(180, widget.NewLabel(i18n.T("Key, if you type it in by hand:")))
	s.twoStepNote = hint("")
	s.twoStepNote.SetText(s.sheetNote())
	s.appBox = container.NewVBox(hint(i18n.T("Scan the code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or FreeOTP), or type the key by hand. Then type the 6 digits the app shows.")), s.enrol.box)
	text := i18n.T("Set up my account")
	if s.challenge.ID == "" {
		text = i18n.T("Set up the clinic")
	}
	return setupStep{
		title:    i18n.T("2-step verification"),
		intro:    i18n.T("Every sign-in also asks for a code, so a stolen password is not enough. Staff accounts open every client's records: an authenticator app is strongly recommended."),
		body:     container.NewVBox(s.method, s.appBox, s.twoStepNote),
		nextText: text,
		next:     s.commit,
		focus: func() fyne.Focusable {
			s.prepare()
			if s.usesApp() {
				return s.enrol.code
			}
			return nil
		},
	}
}

// prepare makes the authenticator key and the backup codes once; going
// back and forth keeps them.
func (s *StaffSetUp) prepare() {
	label := s.username
	if s.user != nil {
		label = strings.TrimSpace(s.user.Text)
	}
	if s.enrol.enrolment == nil {
		if err := s.enrol.start(label); err != nil {
			s.fail(err.Error())
		}
	}
	if s.backups == nil {
		codes, err := auth.NewBackupCodes()
		if err != nil {
			s.fail(err.Error())
			return
		}
		s.backups = codes
	}
}

// commit writes the set-up: the one write of the screen.
func (s *StaffSetUp) commit() {
	s.prepare()
	t := desk.TwoStep{BackupCodes: s.backups}
	if s.usesApp() {
		t.Enrolment, t.ConfirmCode = s.enrol.enrolment, s.enrol.code.Text
	}
	if s.challenge.ID == "" {
		c, a := s.clinicForm(), s.adminForm()
		s.background(func(ctx context.Context) func() {
			acct, err := s.svc.Desk.SetUpClinic(ctx, c, a, t)
			var key notice.RecoveryKey
			var keyErr error
			if err == nil {
				// The administrator just typed the password: it is asked
				// again, in the service, as at every recovery key sheet.
				key, keyErr = s.svc.Desk.For(portal.NewSession(acct, time.Now(), s.svc.idle())).RecoverySheet(ctx, a.Password)
			}
			return func() {
				s.offerKey(key, keyErr)
				s.written(acct, t.Enrolment != nil, err)
			}
		})
		return
	}
	st := auth.Setup{Username: s.username, Password: s.password.Text, Enrolment: t.Enrolment, ConfirmCode: t.ConfirmCode, BackupCodes: t.BackupCodes}
	ch := s.challenge
	s.background(func(ctx context.Context) func() {
		acct, err := s.svc.SignIn.FirstSignIn(ctx, ch, st)
		return func() { s.written(acct, st.Enrolment != nil, err) }
	})
}

func (s *StaffSetUp) written(acct app.Account, withApp bool, err error) {
	switch {
	case errors.Is(err, auth.ErrWrongCode):
		s.fail(i18n.T("That is not the code your authenticator app shows. Check that the app has the key above and that this computer's clock is right, then type the current code."))
	case errors.Is(err, auth.ErrCodeReplayed):
		s.fail(i18n.T("That code was just used. Wait for the app to show the next one."))
	case errors.Is(err, auth.ErrChallenge):
		s.close(i18n.T("The sign-in took too long, or the account changed meanwhile. Sign in again with the one-time password."))
	case errors.Is(err, desk.ErrSetUpAlready):
		s.close(i18n.T("This computer was set up meanwhile. Sign in with a staff account."))
	case err != nil:
		if t, ok := inputText(err); ok {
			s.fail(t)
		} else {
			s.fail(desk.Message(err))
		}
	default:
		s.account = acct
		name := s.username
		if s.user != nil {
			name = strings.TrimSpace(s.given.Text + " " + s.family.Text)
		}
		s.sheet.show(notice.BackupCodes{Name: name, AccountNumber: acct.Number, Codes: s.backups,
			Issued: s.svc.Notices.Today(), NoAuthenticator: !withApp})
		s.show(s.sheetAt)
	}
}

// sheetStep: the backup codes, shown once, and the way into the desk.
func (s *StaffSetUp) sheetStep() setupStep {
	s.sheet = newSheetPanel(s.svc, s.canvas, context.Background())
	s.sheet.touch = func() { s.idle.touch() }
	s.kept = widget.NewCheck(i18n.T("I printed the sheet or wrote the codes down"), func(bool) { s.enableNext() })
	return setupStep{
		title:    i18n.T("Your backup codes"),
		intro:    i18n.T("Each code signs you in once when you cannot use your authenticator app, and resets a forgotten password. They are shown only now: print them or write them down, and keep them apart from this computer."),
		body:     container.NewVBox(s.sheet.box, s.kept),
		nextText: i18n.T("Open the desk"),
		check:    s.kept,
		next:     s.finish,
	}
}

// finish opens the desk, or the recovery key step when one follows.
func (s *StaffSetUp) finish() {
	if s.at < len(s.steps)-1 {
		s.show(s.at + 1)
		return
	}
	acct := s.account
	s.idle.stop()
	s.wipe()
	s.done(acct)
}

// recoveryStep: at a clinic's set-up, the Recovery Key sheet, without which
// no backup opens on another computer.
func (s *StaffSetUp) recoveryStep() setupStep {
	s.recovery = newSheetPanel(s.svc, s.canvas, context.Background())
	s.recovery.touch = func() { s.idle.touch() }
	s.keptKey = widget.NewCheck(i18n.T("I printed the recovery key and put it away, apart from this computer"), func(bool) { s.enableNext() })
	s.keyMsg = wrapped("")
	s.keyMsg.Hide()
	return setupStep{
		title: i18n.T("The clinic's recovery key"),
		intro: i18n.T("CaseDesk seals the clinic's store and every backup with a data key that this computer keeps in its keyring. If this computer is lost or replaced, a backup opens on a new one only with the printed Recovery Key sheet. Print it now and lock it away, apart from this computer and from the backups."),
		body:  container.NewVBox(s.recovery.box, s.keyMsg, s.keptKey),
		// Printing it again later is in Settings.
		nextText: i18n.T("Open the desk"),
		check:    s.keptKey,
		next:     s.finish,
		focus: func() fyne.Focusable {
			if s.recovery.box.Visible() {
				return s.recovery.print
			}
			return s.next
		},
	}
}

// offerKey puts the recovery key sheet on its step; when it could not be
// made, the step says so and how to print it later.
func (s *StaffSetUp) offerKey(key notice.RecoveryKey, err error) {
	if s.recovery == nil {
		return
	}
	if err != nil {
		s.recovery.clear()
		s.keptKey.Hide()
		s.keyMsg.SetText(i18n.T("The recovery key sheet could not be made just now (%s). Print it from the desk: Settings, “Print the recovery key…”.", desk.Message(err)))
		s.keyMsg.Show()
		return
	}
	s.keptKey.Show()
	s.keyMsg.Hide()
	s.recovery.showRecovery(key)
}
