package ui

import (
	"context"
	"errors"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// languages are the languages a client's notices and screens come in, in
// the order offered.
var languages = []struct{ code, name string }{{"en", "English"}, {"es", "Spanish"}}

// clientForm is every field of a client's details, each with its problem
// under it: the same form adds a client and edits one.
type clientForm struct {
	d                              *Desk
	given, middle, family, other   *field
	born, country, anumber         *field
	line1, line2, city, state, zip *field
	phone, email                   *field
	language, assigned             *choice
	staff                          []desk.StaffMember // the choices of assigned, after "Nobody"
	keepAssigned                   string             // the account id to select once the staff are listed
	form                           *widget.Form
	items                          map[app.Field]*widget.FormItem
	save                           *widget.Button
	msg                            *widget.Label
	dupBox                         *fyne.Container // the likely duplicates, with Open and Add anyway
	anyway                         *widget.Button
	personID                       string // the client edited; "" when adding
	saved                          func(desk.Client)
	box                            *fyne.Container
	scroll                         *container.Scroll
	backBtn                        *widget.Button
}

// openClientForm shows the form to add a client (c nil) or to edit c's
// details, over what is shown; saved is called, back where the form was
// opened, once they are saved.
func (d *Desk) openClientForm(c *desk.Client, saved func(desk.Client)) *clientForm {
	f := &clientForm{d: d, saved: saved}
	f.given, f.middle, f.family, f.other = newField(), newField(), newField(), newField()
	f.born, f.country, f.anumber = newField(), newField(), newField()
	f.line1, f.line2, f.city, f.state, f.zip = newField(), newField(), newField(), newField(), newField()
	f.phone, f.email = newField(), newField()
	f.born.SetPlaceHolder("MM/DD/YYYY")
	f.anumber.SetPlaceHolder(i18n.T("A012345678, if they have one"))
	f.state.SetPlaceHolder("IL")
	f.phone.SetPlaceHolder("(217) 555-0100")
	f.email.SetPlaceHolder("ana@example.org")
	f.other.SetPlaceHolder(i18n.T("Maiden name, other spellings; separate with commas"))
	names := make([]string, len(languages))
	for i, l := range languages {
		names[i] = i18n.T(l.name)
	}
	f.language = newChoice(names, func(string) { d.touch() })
	f.language.SetSelectedIndex(0)
	f.assigned = newChoice([]string{i18n.T("Nobody")}, func(string) { d.touch() })
	f.assigned.SetSelectedIndex(0)
	item := func(code app.Field, label string, w fyne.CanvasObject) *widget.FormItem {
		it := widget.NewFormItem(label, w)
		if code != "" {
			f.items[code] = it
		}
		return it
	}
	f.items = map[app.Field]*widget.FormItem{}
	f.form = widget.NewForm(
		item(app.FieldGivenName, i18n.T("Given name"), f.given),
		item(app.FieldMiddleName, i18n.T("Middle name"), f.middle),
		item(app.FieldFamilyName, i18n.T("Family name"), f.family),
		item(app.FieldOtherNames, i18n.T("Other names used"), f.other),
		item(app.FieldDateOfBirth, i18n.T("Date of birth"), f.born),
		item(app.FieldCountryOfBirth, i18n.T("Country of birth"), f.country),
		item(app.FieldANumber, i18n.T("A-number"), f.anumber),
		item(app.FieldStreet, i18n.T("Street address"), f.line1),
		item("", i18n.T("Apartment, suite"), f.line2),
		item(app.FieldCity, i18n.T("City"), f.city),
		item(app.FieldState, i18n.T("State"), f.state),
		item(app.FieldZIP, i18n.T("ZIP code"), f.zip),
		item(app.FieldPhone, i18n.T("Phone"), f.phone),
		item(app.FieldEmail, i18n.T("E-mail"), f.email),
		item(app.FieldLanguage, i18n.T("Preferred language"), f.language),
		item(app.FieldAssignedTo, i18n.T("Assigned to"), f.assigned),
	)
	d.touchOnTyping(entryOf(f.fields()...)...)
	f.msg = note()
	f.dupBox = container.NewVBox()
	f.dupBox.Hide()
	title := i18n.T("Add a client")
	saveText := i18n.T("Add client")
	f.backBtn = backButton(i18n.T("Back"))
	if c != nil {
		f.personID = c.ID
		title = i18n.T("Edit %s's details", c.FullName())
		saveText = i18n.T("Save changes")
		form := desk.FormOf(*c)
		// FormOf writes the date out in words ("March 14, 1985"), which the
		// date parser does not read back; the field takes it as typed.
		form.DateOfBirth = c.DateOfBirth.Short()
		f.fill(form)
	}
	f.save = widget.NewButtonWithIcon(saveText, theme.DocumentSaveIcon(), func() { f.submit(false) })
	f.save.Importance = widget.HighImportance
	for _, e := range f.fields() {
		e.OnSubmitted = func(string) { f.submit(false) }
	}
	f.box = container.NewVBox(container.NewHBox(f.backBtn), heading(title),
		hint(i18n.T("Type the names as on the client's passport or other ID. Only the names and the date of birth are needed; an access code also needs the mailing address.")),
		f.form, f.dupBox, f.msg, container.NewHBox(f.save))
	prev := d.form
	d.form = f
	f.scroll = page(f.box)
	f.backBtn.OnTapped = d.open(f.scroll, func() { f.reset(); d.form = prev })
	if d.canvas != nil {
		focusAfterKey(d.svc.Runner, d.canvas, f.given) // the form is typed into from its first field
	}
	f.loadStaff()
	return f
}

func (f *clientForm) fields() []*field {
	return []*field{f.given, f.middle, f.family, f.other, f.born, f.country, f.anumber,
		f.line1, f.line2, f.city, f.state, f.zip, f.phone, f.email}
}

// fill puts a client's details in the form.
func (f *clientForm) fill(c desk.ClientForm) {
	for _, p := range []struct {
		f *field
		v string
	}{{f.given, c.GivenName}, {f.middle, c.MiddleName}, {f.family, c.FamilyName}, {f.other, c.OtherNames},
		{f.born, c.DateOfBirth}, {f.country, c.CountryOfBirth}, {f.anumber, c.ANumber},
		{f.line1, c.Line1}, {f.line2, c.Line2}, {f.city, c.City}, {f.state, c.State}, {f.zip, c.ZIP},
		{f.phone, c.Phone}, {f.email, c.Email}} {
		p.f.SetText(p.v)
	}
	f.language.SetSelectedIndex(0)
	for i, l := range languages {
		if l.code == c.Language {
			f.language.SetSelectedIndex(i)
		}
	}
	f.keepAssigned = c.AssignedTo
}

// read is the form as typed.
func (f *clientForm) read() desk.ClientForm {
	c := desk.ClientForm{GivenName: f.given.Text, MiddleName: f.middle.Text, FamilyName: f.family.Text, OtherNames: f.other.Text,
		DateOfBirth: f.born.Text, CountryOfBirth: f.country.Text, ANumber: f.anumber.Text,
		Line1: f.line1.Text, Line2: f.line2.Text, City: f.city.Text, State: f.state.Text, ZIP: f.zip.Text,
		Phone: f.phone.Text, Email: f.email.Text}
	if i := f.language.SelectedIndex(); i >= 0 {
		c.Language = languages[i].code
	}
	if i := f.assigned.SelectedIndex(); i > 0 && i <= len(f.staff) {
		c.AssignedTo = f.staff[i-1].AccountID
	}
	return c
}

// loadStaff lists the staff a client may be assigned to.
func (f *clientForm) loadStaff() {
	d := f.d
	d.run(func(ctx context.Context) func() {
		staff, err := d.desk.StaffNames(ctx)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			f.staff = staff
			opts := []string{i18n.T("Nobody")}
			pick := 0
			for i, m := range staff {
				opts = append(opts, m.Name)
				if m.AccountID == f.keepAssigned && f.keepAssigned != "" {
					pick = i + 1
				}
			}
			f.assigned.SetOptions(opts)
			f.assigned.SetSelectedIndex(pick)
		}
	})
}

// reset forgets what was typed.
func (f *clientForm) reset() {
	for _, e := range f.fields() {
		e.SetText("")
	}
	f.dupBox.Objects = nil
	f.box.Objects = nil
	f.staff = nil
}

// submit adds the client, or saves the changes. confirm adds a client who
// looks like one already in CaseDesk.
func (f *clientForm) submit(confirm bool) {
	d := f.d
	d.touch()
	if f.save.Disabled() {
		return // one call at a time; Enter in a field must not start a second
	}
	form, personID := f.read(), f.personID
	f.save.Disable()
	if f.anyway != nil {
		f.anyway.Disable()
	}
	d.run(func(ctx context.Context) func() {
		var c desk.Client
		var err error
		if personID == "" {
			c, err = d.desk.AddClient(ctx, form, confirm)
		} else {
			c, err = d.desk.EditClient(ctx, personID, form)
		}
		return func() {
			f.save.Enable()
			if f.anyway != nil {
				f.anyway.Enable()
			}
			f.shown(c, err)
		}
	})
}

// shown says how adding or saving went: problems under their fields, a
// warning about likely duplicates, or the client's page.
func (f *clientForm) shown(c desk.Client, err error) {
	d := f.d
	markItems(f.form, f.items, err)
	f.dupBox.Hide()
	// What is said stands above Save, at the foot of a long form: it is
	// brought into view, whichever field Enter was pressed in.
	defer func() {
		if f.box.Objects != nil {
			f.scroll.Refresh()
			f.scroll.ScrollToBottom()
		}
	}()
	var dup *desk.DuplicateError
	switch {
	case errors.As(err, &dup):
		f.showDuplicates(dup.Matches)
		tell(f.msg, i18n.T("Nothing was added yet. Open the client if it is them, or add a new client anyway."), true)
	case errors.Is(err, app.ErrUnchanged):
		tell(f.msg, i18n.T("Nothing was changed: the details are as they were."), false)
	case err != nil && formMessage(err) != "":
		tell(f.msg, formMessage(err), true)
	case err != nil:
		f.msg.Hide()
		d.fail(err)
	default:
		adding := f.personID == ""
		f.backBtn.OnTapped()
		if f.saved != nil {
			f.saved(c)
		}
		if adding {
			d.tellDone(i18n.T("%s was added as a client.", c.FullName()))
		} else {
			d.tellDone(i18n.T("%s's details were saved; the earlier ones are kept in the history.", c.FullName()))
		}
	}
}

// showDuplicates lists the clients the new one may be, each with Open,
// and Add anyway.
func (f *clientForm) showDuplicates(matches []app.Person) {
	d := f.d
	f.dupBox.Objects = nil
	warn := bold(i18n.T("This may be a client already in CaseDesk:"))
	warn.Importance = widget.WarningImportance
	f.dupBox.Add(warn)
	for _, p := range matches {
		id := p.ID
		line := p.FullName()
		if !p.DateOfBirth.IsZero() {
			line += " · " + i18n.T("born %s", p.DateOfBirth.String())
		}
		if p.ANumber != "" {
			line += " · " + p.ANumber.Masked()
		}
		open := widget.NewButtonWithIcon(i18n.T("Open"), theme.NavigateNextIcon(), func() {
			d.touch()
			f.backBtn.OnTapped()
			d.openClient(id)
		})
		f.dupBox.Add(container.NewBorder(nil, nil, nil, open, wrapped(line)))
	}
	f.anyway = widget.NewButton(i18n.T("Add anyway"), func() { f.submit(true) })
	f.dupBox.Add(container.NewHBox(f.anyway))
	f.dupBox.Show()
	f.dupBox.Refresh()
}
