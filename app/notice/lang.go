package notice

import (
	"casedesk/app"
	"casedesk/app/i18n"
)

// A document prints in its reader's language, which is not necessarily
// the screen's: a page translates through its document's *i18n.Lang, never
// the current language.

// english is the language of the documents CaseDesk prints for the clinic
// and its staff (the staff password sheet, the Recovery Key, the funders'
// report), and of a document whose reader's language has no catalog.
func english() *i18n.Lang { return i18n.In(i18n.English) }

// T translates msg into the document's language.
func (p *page) T(msg string, args ...any) string { return p.tr.T(msg, args...) }

// N is T for a message with a count: one and other are the English forms.
func (p *page) N(n int, one, other string, args ...any) string {
	return p.tr.N(n, one, other, args...)
}

// date writes d as the document's readers write dates ("March 4, 2026",
// "4 de marzo de 2026"), or a dash when it is unset.
func (p *page) date(d app.Date) string { return dateIn(p.tr, d) }

// dateIn formats d in a language, or a dash when it is unset.
func dateIn(l *i18n.Lang, d app.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.In(l)
}

// when is an appointment's date and clock time at its place, in the
// document's language: "May 4, 2026 at 9:30 AM CDT", "4 de mayo de 2026 a
// las 09:30 CDT".
func (p *page) when(a app.Appointment) string {
	t := a.Local()
	s := p.T("%s at %s", p.tr.Date(t), p.tr.Time(t))
	if a.Location() != nil {
		s += " " + t.Format("MST")
	}
	return s
}
