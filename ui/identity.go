package ui

import (
	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2/widget"
)

// identityForm asks who someone is, as the clinic has them: family name,
// date of birth, ZIP code and, when asked for, country of birth. The
// set-up wizard and "Forgot your username?" both ask with it.
type identityForm struct {
	family, dob, zip *widget.Entry
	country          *widget.Entry // nil when not asked for
	form             *widget.Form
}

// newIdentityForm builds the form; more items (a backup code, say) follow
// the identity in the same form.
func newIdentityForm(withCountry bool, more ...*widget.FormItem) *identityForm {
	f := &identityForm{family: widget.NewEntry(), dob: widget.NewEntry(), zip: widget.NewEntry()}
	f.dob.SetPlaceHolder(i18n.T("MM/DD/YYYY"))
	f.zip.SetPlaceHolder("12345")
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.T("Family name"), f.family),
		widget.NewFormItem(i18n.T("Date of birth"), f.dob),
		widget.NewFormItem(i18n.T("ZIP code"), f.zip),
	}
	if withCountry {
		f.country = widget.NewEntry()
		f.country.SetPlaceHolder(i18n.T("Mexico"))
		items = append(items, widget.NewFormItem(i18n.T("Country of birth"), f.country))
	}
	f.form = widget.NewForm(append(items, more...)...)
	return f
}

// entries are the form's own fields, in order.
func (f *identityForm) entries() []*widget.Entry {
	if f.country == nil {
		return []*widget.Entry{f.family, f.dob, f.zip}
	}
	return []*widget.Entry{f.family, f.dob, f.zip, f.country}
}

// submitWith makes Enter in any of the form's fields call submit.
func (f *identityForm) submitWith(submit func()) {
	for _, e := range f.entries() {
		e.OnSubmitted = func(string) { submit() }
	}
}

// entryFor is the field an input error is about; nil when it is none of
// the form's.
func (f *identityForm) entryFor(err error) *widget.Entry {
	switch {
	case app.IsInput(err, app.FieldFamilyName):
		return f.family
	case app.IsInput(err, app.FieldDateOfBirth):
		return f.dob
	case app.IsInput(err, app.FieldZIP):
		return f.zip
	case app.IsInput(err, app.FieldCountryOfBirth):
		return f.country // nil when not asked for
	}
	return nil
}

// identity is what was typed.
func (f *identityForm) identity() auth.Identity {
	id := auth.Identity{FamilyName: f.family.Text, DateOfBirth: f.dob.Text, ZIP: f.zip.Text}
	if f.country != nil {
		id.CountryOfBirth = f.country.Text
	}
	return id
}

// clear empties the fields.
func (f *identityForm) clear() {
	for _, e := range f.entries() {
		e.SetText("")
	}
}
