package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// caseRoles are the client's parts in a case, in the order offered.
var caseRoles = []struct {
	role desk.CaseRole
	name string
}{
	{desk.AsApplicant, "Applicant (the form is for the client)"},
	{desk.AsPetitioner, "Petitioner (the client files for a relative)"},
	{desk.AsBeneficiary, "Beneficiary (a relative files for the client)"},
}

// caseForm is "Add a case" on a client's page: the receipt number, the
// form, the office, the dates, the client's part and, on a petition, the
// other person, found by a search among the clients.
type caseForm struct {
	d        *Desk
	personID string

	receipt, office, filed, priority *field
	form                             *choice
	role                             *choice
	otherQuery                       *field
	other                            *choice
	found                            []app.Person // the choices of other
	asked                            int
	stopWait                         func()

	items map[app.Field]*widget.FormItem
	wf    *widget.Form
	add   *widget.Button
	msg   *widget.Label
	box   *fyne.Container
}

// openCaseForm shows "Add a case" for the client over their page.
func (p *clientPage) openCaseForm() {
	d := p.d
	f := &caseForm{d: d, personID: p.id, stopWait: func() {}}
	f.receipt, f.office, f.filed, f.priority = newField(), newField(), newField(), newField()
	f.receipt.SetPlaceHolder(i18n.T("Like IOE0912345678"))
	f.office.SetPlaceHolder(i18n.T("Optional: from the receipt number when empty"))
	f.filed.SetPlaceHolder("MM/DD/YYYY")
	f.priority.SetPlaceHolder(i18n.T("Optional, MM/DD/YYYY"))
	forms := make([]string, len(app.Forms))
	for i, fm := range app.Forms {
		forms[i] = fm.Type + " — " + fm.Title
	}
	f.form = newChoice(forms, func(string) { d.touch() })
	f.form.PlaceHolder = i18n.T("Which form?")
	roles := make([]string, len(caseRoles))
	for i, r := range caseRoles {
		roles[i] = i18n.T(r.name)
	}
	f.role = newChoice(roles, func(string) { d.touch() })
	f.role.SetSelectedIndex(0)
	f.otherQuery = newField()
	f.otherQuery.SetPlaceHolder(i18n.T("On a petition: type the other person's name to find them"))
	f.otherQuery.OnChanged = func(string) {
		d.touch()
		f.stopWait()
		f.stopWait = d.after(searchDelay, f.findOther)
	}
	f.other = newChoice(nil, func(string) { d.touch() })
	f.other.PlaceHolder = i18n.T("Nobody chosen")
	d.touchOnTyping(entryOf(f.receipt, f.office, f.filed, f.priority)...)
	f.items = map[app.Field]*widget.FormItem{
		app.FieldReceipt:     widget.NewFormItem(i18n.T("Receipt number"), f.receipt),
		app.FieldForm:        widget.NewFormItem(i18n.T("Form"), f.form),
		app.FieldOffice:      widget.NewFormItem(i18n.T("Office"), f.office),
		app.FieldDate:        widget.NewFormItem(i18n.T("Date filed"), f.filed),
		app.FieldCaseRole:    widget.NewFormItem(i18n.T("Client's role"), f.role),
		app.FieldOtherPerson: widget.NewFormItem(i18n.T("Other person"), container.NewVBox(f.otherQuery, f.other)),
	}
	priorityItem := widget.NewFormItem(i18n.T("Priority date"), f.priority)
	f.wf = widget.NewForm(f.items[app.FieldReceipt], f.items[app.FieldForm], f.items[app.FieldOffice], f.items[app.FieldDate],
		priorityItem, f.items[app.FieldCaseRole], f.items[app.FieldOtherPerson])
	f.msg = note()
	back := backButton(i18n.T("Back"))
	f.add = widget.NewButtonWithIcon(i18n.T("Add case"), theme.ContentAddIcon(), nil)
	f.add.Importance = widget.HighImportance
	f.box = container.NewVBox(container.NewHBox(back), heading(i18n.T("Add a case for %s", p.pg.Client.FullName())),
		hint(i18n.T("The case starts as “Case Was Received” on the date filed. Record later changes on its page.")),
		f.wf, f.msg, container.NewHBox(f.add))
	back.OnTapped = d.open(page(f.box), f.reset)
	f.add.OnTapped = func() { f.submit(back.OnTapped, p) }
	for _, e := range []*field{f.receipt, f.office, f.filed, f.priority} {
		e.OnSubmitted = func(string) { f.add.OnTapped() }
	}
	if d.canvas != nil {
		focusAfterKey(d.svc.Runner, d.canvas, f.receipt) // the form is typed into from its first field
	}
}

// reset forgets what was typed.
func (f *caseForm) reset() {
	f.stopWait()
	f.asked++
	for _, e := range []*field{f.receipt, f.office, f.filed, f.priority} {
		e.SetText("")
	}
	f.otherQuery.OnChanged = nil
	f.otherQuery.SetText("")
	f.found = nil
	f.other.SetOptions(nil)
	f.box.Objects = nil
}

// findOther searches the clients for the other person on a petition.
func (f *caseForm) findOther() {
	d := f.d
	f.asked++
	asked, query, self := f.asked, f.otherQuery.Text, f.personID
	d.run(func(ctx context.Context) func() {
		found, err := d.desk.Search(ctx, query, false)
		return func() {
			if asked != f.asked {
				return
			}
			if err != nil {
				d.fail(err)
				return
			}
			f.found = f.found[:0]
			var opts []string
			for _, p := range found {
				if p.ID == self {
					continue
				}
				f.found = append(f.found, p)
				line := p.FullName()
				if !p.DateOfBirth.IsZero() {
					line += " · " + i18n.T("born %s", p.DateOfBirth.String())
				}
				opts = append(opts, line)
			}
			f.other.SetOptions(opts)
			f.other.PlaceHolder = i18n.T("Nobody chosen")
			if len(opts) == 0 && query != "" {
				f.other.PlaceHolder = i18n.T("No client matches; add them as a client first")
			}
			if len(opts) == 1 {
				f.other.SetSelectedIndex(0)
			} else {
				f.other.ClearSelected()
			}
		}
	})
}

func (f *caseForm) submit(back func(), p *clientPage) {
	d := f.d
	d.touch()
	cf := desk.CaseForm{PersonID: f.personID, Receipt: f.receipt.Text, Office: f.office.Text, Filed: f.filed.Text, PriorityDate: f.priority.Text}
	if i := f.form.SelectedIndex(); i >= 0 {
		cf.FormType = app.Forms[i].Type
	}
	if i := f.role.SelectedIndex(); i >= 0 {
		cf.Role = caseRoles[i].role
	}
	if i := f.other.SelectedIndex(); i >= 0 && i < len(f.found) {
		cf.OtherPersonID = f.found[i].ID
	}
	f.add.Disable()
	d.run(func(ctx context.Context) func() {
		c, err := d.desk.AddCase(ctx, cf)
		return func() {
			f.add.Enable()
			if d.refused(f.wf, f.items, f.msg, err) {
				return
			}
			back()
			p.reload()
			d.tellDone(i18n.T("Case %s (%s) was added, received %s.", string(c.Receipt), c.FormType, c.ReceivedDate.String()))
		}
	})
}
