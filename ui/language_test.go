package ui

import (
	"testing"

	"casedesk/app"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// languageShell is a window on a set-up store with clients, as the
// welcome screen of a clinic's computer or kiosk shows it.
func languageShell(t *testing.T, kiosk bool) (*shell, fyne.App) {
	t.Helper()
	a := test.NewTempApp(t)
	t.Cleanup(func() { _ = i18n.SetDefault(i18n.English) })
	f := &fakeStore{sum: app.Summary{ClinicName: "Clínica del Valle", People: 3, Cases: 4}}
	svc := f.services()
	svc.Kiosk = kiosk
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(880, 620))
	sh := &shell{w: w, welcome: NewWelcome(Services{StorePath: svc.StorePath}), closeStore: func() {}, focus: newFocusRing(w.Canvas())}
	sh.use(svc, func() {})
	return sh, a
}

// chooseIn picks the language named name on the welcome screen, as a
// visitor does.
func chooseIn(t *testing.T, sh *shell, name string) {
	t.Helper()
	c := firstChoice(sh.welcome.langRow)
	if c == nil || !sh.welcome.langRow.Visible() {
		t.Fatal("the welcome screen offers no choice of language")
	}
	c.SetSelected(name)
}

func firstChoice(o fyne.CanvasObject) *choice {
	if c, ok := o.(*choice); ok {
		return c
	}
	if box, ok := o.(*fyne.Container); ok {
		for _, k := range box.Objects {
			if c := firstChoice(k); c != nil {
				return c
			}
		}
	}
	return nil
}

func TestAVisitorChoosesSpanish(t *testing.T) {
	sh, a := languageShell(t, false)
	if sh.welcome.signInBtn.Text != "Sign in" {
		t.Fatalf("the window did not start in English: %q", sh.welcome.signInBtn.Text)
	}
	chooseIn(t, sh, "Español")
	if i18n.Language() != "es" || sh.welcome.signInBtn.Text != "Iniciar sesión" || sh.welcome.redeemBtn.Text != "Tengo un código de acceso" {
		t.Fatalf("after choosing Español: language %q, buttons %q and %q", i18n.Language(), sh.welcome.signInBtn.Text, sh.welcome.redeemBtn.Text)
	}
	if firstChoice(sh.welcome.langRow).Selected != "Español" {
		t.Error("the rebuilt screen does not show the language chosen")
	}
	// On a person's own computer the choice is kept for the next start.
	if got := a.Preferences().String(languagePref); got != "es" || i18n.Default() != "es" {
		t.Errorf("the choice was not kept: preference %q, default %q", got, i18n.Default())
	}
	// Signing out (or the idle limit) keeps it too.
	sh.welcome.onSignIn()
	sh.leave("")
	if i18n.Language() != "es" {
		t.Fatalf("leaving lost the choice of this computer's person: %q", i18n.Language())
	}
	chooseIn(t, sh, "English")
	if i18n.Language() != "en" || sh.welcome.signInBtn.Text != "Sign in" {
		t.Errorf("back to English: %q, %q", i18n.Language(), sh.welcome.signInBtn.Text)
	}
}

func TestAKioskForgetsTheVisitorsLanguage(t *testing.T) {
	sh, a := languageShell(t, true)
	chooseIn(t, sh, "Español")
	if i18n.Language() != "es" || sh.welcome.signInBtn.Text != "Iniciar sesión" {
		t.Fatalf("the visitor's choice was not applied: %q", i18n.Language())
	}
	if got := a.Preferences().String(languagePref); got != "" || i18n.Default() != "en" {
		t.Errorf("a kiosk kept a visitor's choice: preference %q, default %q", got, i18n.Default())
	}
	// The visitor signs in and leaves: the next one finds the clinic's language.
	sh.welcome.onSignIn()
	sh.leave("You were signed out.")
	if i18n.Language() != "en" || sh.welcome.signInBtn.Text != "Sign in" || firstChoice(sh.welcome.langRow).Selected != "English" {
		t.Errorf("after the visitor left: language %q, button %q", i18n.Language(), sh.welcome.signInBtn.Text)
	}
	if sh.w.Content() == nil || sh.welcome.status.Text != "You were signed out." {
		t.Errorf("the welcome screen does not say why: %q", sh.welcome.status.Text)
	}
}
