package ui

import (
	"os"

	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// languagePref is where a person's own computer keeps the language they
// chose last (Fyne's preferences for the app): a language is not personal
// data, and choosing it again at every start would be a chore.
const languagePref = "language"

// startLanguage sets the language the window starts in: CASEDESK_LANG when
// set (main applies it), else the language last chosen on this computer,
// else the system's when CaseDesk has it, else English.
func startLanguage(a fyne.App) {
	if os.Getenv("CASEDESK_LANG") != "" {
		return
	}
	tag := a.Preferences().String(languagePref)
	if tag == "" {
		tag = lang.SystemLocale().LanguageString()
	}
	if i18n.Has(tag) {
		_ = i18n.SetDefault(tag) // Has said it loads
	}
}

// languageChoice is the welcome screen's choice of language: each language
// named in itself, so that a reader finds their own whatever the screen is
// in now. changed is called with the tag of a language other than the
// current one. It is nil when CaseDesk has one language only.
func languageChoice(changed func(tag string)) fyne.CanvasObject {
	langs := i18n.Languages()
	if len(langs) < 2 {
		return nil
	}
	names := make([]string, len(langs))
	for i, l := range langs {
		names[i] = l.Name
	}
	c := newChoice(names, nil)
	c.Selected = i18n.Current().Name() // set before OnChanged: choosing it is not a change
	c.OnChanged = func(name string) {
		for _, l := range langs {
			if l.Name == name && l.Tag != i18n.Language() {
				changed(l.Tag)
			}
		}
	}
	return container.NewHBox(widget.NewLabel(i18n.T("Language")), c)
}

// chooseLanguage switches the window to tag for this visitor and builds the
// welcome screen again in it. On a person's own computer the choice is kept
// for the next start; at a kiosk it lasts until the visitor leaves
// (i18n.Reset).
func (sh *shell) chooseLanguage(tag string) {
	if err := i18n.Use(tag); err != nil {
		sh.welcome.showError(err.Error())
		return
	}
	if !sh.svc.Kiosk {
		_ = i18n.SetDefault(tag)
		if a := fyne.CurrentApp(); a != nil {
			a.Preferences().SetString(languagePref, tag)
		}
	}
	sh.welcome = NewWelcome(sh.svc)
	sh.home()
	focusFirstIn(sh.w.Canvas(), sh.welcome.langRow)
}
