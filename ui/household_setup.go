package ui

import (
	"context"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/household"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// HouseholdSetUp sets a store up as a household's own CaseDesk, in the
// steps of a staff set-up (staffsetup.go), whose password, 2-step and
// backup-code steps it shares: the owner's details, their username and
// password, 2-step verification, and the sheet of backup codes; then
// their home. Nothing is written until the 2-step step's button; Back
// keeps every answer, and so does an error.
type HouseholdSetUp struct {
	*StaffSetUp

	middle, dob, country, aNumber     *widget.Entry
	street, street2, city, state, zip *widget.Entry
	language                          string // the screen's, the owner's preferred one
}

// NewHouseholdSetUp builds the household's set-up; done is called with the
// owner's account once it is written, to open their home.
func NewHouseholdSetUp(svc Services, c fyne.Canvas, done func(app.Account), leave func(reason string)) *HouseholdSetUp {
	hs := &HouseholdSetUp{language: i18n.Language()}
	s := newStaffSetUp(svc, c, func(a app.Account) { hs.wipeOwn(); done(a) }, func(reason string) { hs.wipeOwn(); leave(reason) })
	hs.StaffSetUp = s
	two := s.twoStepStep()
	two.intro = i18n.T("Every sign-in also asks for a code, so a stolen password is not enough. An authenticator app on your phone is recommended; a sheet of backup codes always comes with it.")
	two.nextText = i18n.T("Set up my CaseDesk")
	two.next = hs.commit
	sheet := s.sheetStep()
	sheet.nextText = i18n.T("Open my CaseDesk")
	sheet.intro = i18n.T("Each code works once: it signs you in when you cannot use an authenticator app (with backup codes only, at every sign-in) and resets a forgotten password. They are shown only now: print them or write them down, and keep them apart from this computer.")
	s.steps = []setupStep{hs.ownerStep(), hs.accountStep(), two, sheet}
	s.sheetAt = 3
	s.build()
	own := []*widget.Entry{hs.middle, hs.dob, hs.country, hs.aNumber, hs.street, hs.street2, hs.city, hs.state, hs.zip}
	for _, e := range own {
		e.OnSubmitted = func(string) { s.goNext() }
	}
	s.idle.watch(own...)
	return hs
}

// ownerStep: the owner's names, date and country of birth, and address.
func (hs *HouseholdSetUp) ownerStep() setupStep {
	s := hs.StaffSetUp
	s.given, s.family = widget.NewEntry(), widget.NewEntry()
	hs.middle, hs.dob, hs.country, hs.aNumber = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	hs.aNumber.SetPlaceHolder(i18n.T("Optional: A-number, like A012345678"))
	hs.street, hs.street2, hs.city, hs.state, hs.zip = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	hs.dob.SetPlaceHolder(i18n.T("MM/DD/YYYY"))
	hs.street.SetPlaceHolder("1200 Oak Ave")
	hs.street2.SetPlaceHolder(i18n.T("Apartment, suite (optional)"))
	hs.state.SetPlaceHolder("IL")
	hs.zip.SetPlaceHolder("62701")
	form := widget.NewForm(
		widget.NewFormItem(app.FieldGivenName.Label(), s.given),
		widget.NewFormItem(app.FieldMiddleName.Label(), hs.middle),
		widget.NewFormItem(app.FieldFamilyName.Label(), s.family),
		widget.NewFormItem(app.FieldDateOfBirth.Label(), hs.dob),
		widget.NewFormItem(app.FieldCountryOfBirth.Label(), hs.country),
		widget.NewFormItem(app.FieldANumber.Label(), hs.aNumber),
		widget.NewFormItem(app.FieldStreet.Label(), container.NewVBox(hs.street, hs.street2)),
		widget.NewFormItem(app.FieldCity.Label(), hs.city),
		widget.NewFormItem(app.FieldState.Label()+" · "+app.FieldZIP.Label(), container.NewGridWithColumns(2, hs.state, hs.zip)),
	)
	return setupStep{
		title: i18n.T("About you"),
		intro: i18n.T("You are the owner of this CaseDesk: you sign in, and you add your family members and the cases you follow. Type your name as it is on your USCIS letters. CaseDesk speaks to you in %s, the language of this screen.", i18n.Current().Name()),
		body:  form,
		next: func() {
			if _, err := s.svc.Household.CheckOwner(hs.ownerForm(), hs.language); err != nil {
				s.fail(household.Message(err))
				return
			}
			s.show(s.at + 1)
		},
		focus: func() fyne.Focusable { return s.given },
	}
}

func (hs *HouseholdSetUp) ownerForm() household.OwnerForm {
	s := hs.StaffSetUp
	return household.OwnerForm{GivenName: s.given.Text, MiddleName: hs.middle.Text, FamilyName: s.family.Text,
		DateOfBirth: hs.dob.Text, CountryOfBirth: hs.country.Text, ANumber: hs.aNumber.Text, Street: hs.street.Text, Street2: hs.street2.Text,
		City: hs.city.Text, State: hs.state.Text, ZIP: hs.zip.Text}
}

func (hs *HouseholdSetUp) accountForm() household.AccountForm {
	return household.AccountForm{Username: hs.user.Text, Password: hs.password.Text}
}

// accountStep: the owner's username and password, with the wizard's rules
// and strength meter.
func (hs *HouseholdSetUp) accountStep() setupStep {
	s := hs.StaffSetUp
	s.user = widget.NewEntry()
	s.user.SetPlaceHolder("ana.munoz")
	s.user.OnChanged = func(string) { s.rate() }
	form := widget.NewForm(
		widget.NewFormItem(app.FieldUsername.Label(), s.user),
		widget.NewFormItem(i18n.T("Password"), s.password),
		widget.NewFormItem(i18n.T("Strength"), s.meter.box),
		widget.NewFormItem(i18n.T("Password again"), s.confirm),
	)
	return setupStep{
		title: i18n.T("Your username and password"),
		intro: i18n.T("You sign in to CaseDesk with these. The username is 3 to 32 letters, digits, dots, dashes or underscores."),
		body:  container.NewVBox(form, s.passMsg, hint(passwordHint())),
		next: func() {
			if err := household.CheckAccount(hs.accountForm(), hs.ownerForm()); err != nil {
				s.fail(household.Message(err))
				return
			}
			if s.confirm.Text != s.password.Text {
				s.fail(i18n.T("The two passwords are not the same. Type the password again in the last field."))
				return
			}
			s.show(s.at + 1)
		},
		focus: func() fyne.Focusable { return s.user },
	}
}

// commit writes the set-up: the one write of the screen.
func (hs *HouseholdSetUp) commit() {
	s := hs.StaffSetUp
	s.prepare()
	t := household.TwoStep{BackupCodes: s.backups}
	if s.usesApp() {
		t.Enrolment, t.ConfirmCode = s.enrol.enrolment, s.enrol.code.Text
	}
	o, a, lang := hs.ownerForm(), hs.accountForm(), hs.language
	s.background(func(ctx context.Context) func() {
		acct, err := s.svc.Household.SetUp(ctx, o, a, t, lang)
		return func() { hs.written(acct, t.Enrolment != nil, err) }
	})
}

func (hs *HouseholdSetUp) written(acct app.Account, withApp bool, err error) {
	s := hs.StaffSetUp
	switch {
	case errors.Is(err, auth.ErrWrongCode):
		s.fail(i18n.T("That is not the code your authenticator app shows. Check that the app has the key above and that this computer's clock is right, then type the current code."))
	case errors.Is(err, auth.ErrCodeReplayed):
		s.fail(i18n.T("That code was just used. Wait for the app to show the next one."))
	case errors.Is(err, household.ErrSetUpAlready):
		s.close(i18n.T("This computer was set up meanwhile. Sign in with its account."))
	case err != nil:
		s.fail(household.Message(err))
	default:
		s.account = acct
		name := strings.TrimSpace(s.given.Text + " " + s.family.Text)
		s.sheet.show(notice.BackupCodes{Name: name, AccountNumber: acct.Number, Codes: s.backups,
			Issued: s.svc.Notices.Today(), NoAuthenticator: !withApp, Lang: hs.language})
		s.show(s.sheetAt)
	}
}

// wipeOwn forgets the answers the staff set-up does not know of.
func (hs *HouseholdSetUp) wipeOwn() {
	for _, e := range []*widget.Entry{hs.middle, hs.dob, hs.country, hs.aNumber, hs.street, hs.street2, hs.city, hs.state, hs.zip} {
		if e != nil {
			e.SetText("")
		}
	}
}
