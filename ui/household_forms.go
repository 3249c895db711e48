package ui

import (
	"context"
	"strings"

	"casedesk/app"
	"casedesk/app/household"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ownMemberForm is the family page: the household's people, and the form
// to add one.
type ownMemberForm struct {
	given, middle, family, dob, relation *field
	aNumber                              *field
	add                                  *pageButton
	msg                                  *widget.Label
}

// showMembers shows the family page.
func (o *ownHome) showMembers(from fyne.Focusable) {
	h := o.h
	h.touch()
	f := &ownMemberForm{given: h.keyed(newField()), middle: h.keyed(newField()), family: h.keyed(newField()),
		dob: h.keyed(newField()), relation: h.keyed(newField()), aNumber: h.keyed(newField()), msg: note()}
	f.aNumber.SetPlaceHolder(i18n.T("Optional: A-number, like A012345678"))
	o.memberForm = f
	f.dob.SetPlaceHolder(i18n.T("MM/DD/YYYY"))
	f.relation.SetPlaceHolder(i18n.T("Optional: daughter, husband, mother …"))
	h.touchOnTyping(entryOf(f.given, f.middle, f.family, f.dob, f.aNumber, f.relation)...)
	list := container.New(layout.NewFormLayout())
	for _, m := range o.members {
		rel := m.Relationship
		if rel == household.Self {
			rel = i18n.T("you")
		}
		list.Add(bold(m.Person.FullName()))
		list.Add(widget.NewLabel(strings.TrimSpace(m.Person.DateOfBirth.String() + "  " + rel)))
	}
	f.add = h.button(i18n.T("Add family member"), theme.ContentAddIcon(), f.submit(o))
	f.add.Importance = widget.HighImportance
	for _, e := range []*field{f.given, f.middle, f.family, f.dob, f.aNumber, f.relation} {
		e.OnSubmitted = func(string) { f.add.OnTapped() }
	}
	form := widget.NewForm(
		widget.NewFormItem(app.FieldGivenName.Label(), f.given),
		widget.NewFormItem(app.FieldMiddleName.Label(), f.middle),
		widget.NewFormItem(app.FieldFamilyName.Label(), f.family),
		widget.NewFormItem(app.FieldDateOfBirth.Label(), f.dob),
		widget.NewFormItem(app.FieldANumber.Label(), f.aNumber),
		widget.NewFormItem(i18n.T("Relationship"), f.relation))
	o.showForm(i18n.T("Family members"), container.NewVBox(
		hint(i18n.T("The people whose cases you follow. Add a family member here, then add their cases.")),
		list, widget.NewSeparator(), bold(i18n.T("Add a family member")), form, f.msg, container.NewHBox(f.add)), from)
}

func (f *ownMemberForm) submit(o *ownHome) func() {
	return func() {
		h := o.h
		h.touch()
		mf := household.MemberForm{GivenName: f.given.Text, MiddleName: f.middle.Text, FamilyName: f.family.Text,
			DateOfBirth: f.dob.Text, ANumber: f.aNumber.Text, Relationship: f.relation.Text}
		f.add.Disable()
		h.run(func(ctx context.Context) func() {
			p, err := o.svc().AddMember(ctx, h.session, mf)
			return func() {
				f.add.Enable()
				if err != nil {
					o.fail(f.msg, err)
					return
				}
				o.done(i18n.T("%s is added to your family members.", p.FullName()))
			}
		})
	}
}

// ownCaseForm adds a case by its receipt number, from its receipt notice.
type ownCaseForm struct {
	receipt, office, received, statusOn *field
	form, person, role, status          *choice
	meaning                             *widget.Label
	add                                 *pageButton
	msg                                 *widget.Label
	officeTyped                         bool // the office was changed by hand: the receipt no longer fills it
	filling                             bool // the receipt is filling the office in
	ids                                 []string
	statuses                            []app.Status
}

// ownRoles are the parts a person may have in a case, in the choice's order.
var ownRoles = []household.Role{household.AsApplicant, household.AsPetitioner, household.AsBeneficiary}

// showCaseForm shows the page that adds a case.
func (o *ownHome) showCaseForm(from fyne.Focusable) {
	h := o.h
	h.touch()
	f := &ownCaseForm{receipt: h.keyed(newField()), office: h.keyed(newField()), received: h.keyed(newField()),
		statusOn: h.keyed(newField()), msg: note(), meaning: hint(""), statuses: app.Statuses()}
	o.caseForm = f
	f.receipt.SetPlaceHolder(i18n.T("Receipt number, like IOE0912345678"))
	f.received.SetPlaceHolder(i18n.T("MM/DD/YYYY"))
	f.statusOn.SetPlaceHolder(i18n.T("Empty: the received date"))
	f.receipt.OnChanged = func(typed string) {
		h.touch()
		if r, err := app.ParseReceipt(typed); err == nil && !f.officeTyped {
			f.filling = true
			f.office.SetText(r.Office())
			f.filling = false
		}
	}
	f.office.OnChanged = func(string) {
		h.touch()
		if !f.filling {
			f.officeTyped = f.office.Text != ""
		}
	}
	h.touchOnTyping(entryOf(f.received, f.statusOn)...)
	var forms []string
	for _, fm := range app.Forms {
		forms = append(forms, fm.Type+" — "+formTitle(app.Case{FormType: fm.Type, FormTitle: fm.Title}))
	}
	f.form = newChoice(forms, func(string) { h.touch() })
	f.form.PlaceHolder = i18n.T("Choose the form")
	names, ids := o.memberNames()
	f.ids = ids
	f.person = newChoice(names, func(string) { h.touch() })
	f.person.PlaceHolder = i18n.T("Whose case is it?")
	if len(names) == 1 {
		f.person.SetSelectedIndex(0)
	}
	f.role = newChoice([]string{i18n.T("Applicant"), i18n.T("Petitioner"), i18n.T("Beneficiary")}, func(string) { h.touch() })
	f.role.PlaceHolder = i18n.T("Their role on the case")
	f.status = newChoice(localStatusOptions(f.statuses), func(string) { h.touch(); f.chosen() })
	f.status.PlaceHolder = i18n.T("The status on the latest letter")
	f.meaning.Hide()
	f.add = h.button(i18n.T("Add case"), theme.ContentAddIcon(), f.submit(o))
	f.add.Importance = widget.HighImportance
	for _, e := range []*field{f.receipt, f.office, f.received, f.statusOn} {
		e.OnSubmitted = func(string) { f.add.OnTapped() }
	}
	form := widget.NewForm(
		widget.NewFormItem(app.FieldReceipt.Label(), f.receipt),
		widget.NewFormItem(app.FieldForm.Label(), f.form),
		widget.NewFormItem(app.FieldOffice.Label(), f.office),
		widget.NewFormItem(i18n.T("Whose case"), f.person),
		widget.NewFormItem(i18n.T("Their role"), f.role),
		widget.NewFormItem(i18n.T("Received"), f.received),
		widget.NewFormItem(app.FieldStatus.Label(), container.NewVBox(f.status, f.meaning)),
		widget.NewFormItem(i18n.T("Status date"), f.statusOn))
	o.showForm(i18n.T("Add a case"), container.NewVBox(
		hint(i18n.T("Copy these from the case's receipt notice (Form I-797C). The office is read from the receipt number; change it if the letter names another. To follow a family member's case, add them first under Family members.")),
		form, f.msg, container.NewHBox(f.add)), from)
}

// localStatusOptions are the statuses' titles in the screen's language; a
// title the catalog has twice says its stage too.
func localStatusOptions(sts []app.Status) []string {
	seen := map[string]int{}
	for _, s := range sts {
		seen[s.LocalTitle()]++
	}
	out := make([]string, len(sts))
	for i, s := range sts {
		out[i] = s.LocalTitle()
		if seen[out[i]] > 1 {
			out[i] += " (" + string(s.Group) + ")"
		}
	}
	return out
}

// chosen shows what the status chosen means.
func (f *ownCaseForm) chosen() {
	if i := f.status.SelectedIndex(); i >= 0 {
		f.meaning.SetText(f.statuses[i].Explanation())
		f.meaning.Show()
	}
}

func (f *ownCaseForm) submit(o *ownHome) func() {
	return func() {
		h := o.h
		h.touch()
		cf := household.CaseForm{Receipt: f.receipt.Text, Office: f.office.Text, Received: f.received.Text, StatusOn: f.statusOn.Text}
		if i := f.form.SelectedIndex(); i >= 0 {
			cf.FormType = app.Forms[i].Type
		}
		if i := f.person.SelectedIndex(); i >= 0 {
			cf.PersonID = f.ids[i]
		}
		if i := f.role.SelectedIndex(); i >= 0 {
			cf.Role = ownRoles[i]
		}
		if i := f.status.SelectedIndex(); i >= 0 {
			cf.Status = f.statuses[i].Code
		}
		f.add.Disable()
		h.run(func(ctx context.Context) func() {
			c, err := o.svc().AddCase(ctx, h.session, cf)
			return func() {
				f.add.Enable()
				if err != nil {
					o.fail(f.msg, err)
					return
				}
				o.done(i18n.T("Case %s is added. Open it to record its letters.", string(c.Receipt)))
			}
		})
	}
}

// ownApptForm adds an appointment from its notice.
type ownApptForm struct {
	kind, onCase       *choice
	date, clock, place *field
	address            *field
	add                *pageButton
	msg                *widget.Label
	caseIDs            []string
}

var ownApptKinds = []app.AppointmentKind{app.AppointmentBiometrics, app.AppointmentInterview, app.AppointmentOath}

// showApptForm shows the page that adds an appointment.
func (o *ownHome) showApptForm(from fyne.Focusable) {
	h := o.h
	h.touch()
	f := &ownApptForm{date: h.keyed(newField()), clock: h.keyed(newField()), place: h.keyed(newField()), address: h.keyed(newTextField(2)), msg: note()}
	o.apptForm = f
	f.date.SetPlaceHolder(i18n.T("MM/DD/YYYY"))
	f.clock.SetPlaceHolder("9:30 AM")
	f.place.SetPlaceHolder(i18n.T("The office's name, as on the notice"))
	h.touchOnTyping(entryOf(f.date, f.clock, f.place, f.address)...)
	var kinds []string
	for _, k := range ownApptKinds {
		kinds = append(kinds, i18n.T(appointmentNames[k]))
	}
	f.kind = newChoice(kinds, func(string) { h.touch() })
	f.kind.PlaceHolder = i18n.T("Choose the kind")
	cases := []string{i18n.T("No case")}
	f.caseIDs = []string{""}
	for _, c := range h.cases.shownCases {
		cases, f.caseIDs = append(cases, string(c.Receipt)+" — "+c.FormType), append(f.caseIDs, c.ID)
	}
	f.onCase = newChoice(cases, func(string) { h.touch() })
	f.onCase.SetSelectedIndex(0)
	f.add = h.button(i18n.T("Add appointment"), theme.ContentAddIcon(), f.submit(o))
	f.add.Importance = widget.HighImportance
	for _, e := range []*field{f.date, f.clock, f.place} {
		e.OnSubmitted = func(string) { f.add.OnTapped() }
	}
	form := widget.NewForm(
		widget.NewFormItem(app.FieldAppointment.Label(), f.kind),
		widget.NewFormItem(app.FieldDate.Label(), f.date),
		widget.NewFormItem(app.FieldTime.Label(), f.clock),
		widget.NewFormItem(app.FieldPlace.Label(), f.place),
		widget.NewFormItem(i18n.T("Address"), f.address),
		widget.NewFormItem(i18n.T("For the case"), f.onCase))
	o.showForm(i18n.T("Add an appointment"), container.NewVBox(
		hint(i18n.T("Copy these from the appointment notice. The time is the one printed on it.")),
		form, f.msg, container.NewHBox(f.add)), from)
}

func (f *ownApptForm) submit(o *ownHome) func() {
	return func() {
		h := o.h
		h.touch()
		af := household.AppointmentForm{Date: f.date.Text, Time: f.clock.Text, Place: f.place.Text, Address: f.address.Text}
		if i := f.kind.SelectedIndex(); i >= 0 {
			af.Kind = ownApptKinds[i]
		}
		if i := f.onCase.SelectedIndex(); i > 0 {
			af.CaseID = f.caseIDs[i]
		}
		f.add.Disable()
		h.run(func(ctx context.Context) func() {
			a, err := o.svc().AddAppointment(ctx, h.session, af)
			return func() {
				f.add.Enable()
				if err != nil {
					o.fail(f.msg, err)
					return
				}
				o.done(i18n.T("The appointment on %s is added to Appointments.", a.When()))
			}
		})
	}
}
