package ui

import (
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// largeScale is how much larger "Larger text" makes the text: 1.5 times,
// the largest at which every applicant screen still fits 1024×768
// (fit_test.go).
const largeScale = 1.5

// largerTextKey is the preference that keeps the choice on a computer of
// one's own, from one start to the next.
const largerTextKey = "largerText"

// grown are the sizes "Larger text" multiplies: the text, the icons that
// stand in a line of text, and the space between lines. Paddings stay: a
// control grows with its text, which is enough for a target to be easy to
// hit, and wider padding would only take room from the text.
var grown = map[fyne.ThemeSizeName]bool{
	theme.SizeNameText: true, theme.SizeNameCaptionText: true,
	theme.SizeNameHeadingText: true, theme.SizeNameSubHeadingText: true,
	theme.SizeNameInlineIcon: true, theme.SizeNameLineSpacing: true,
}

// Size is the default theme's size, larger for text when the visitor
// chose larger text.
func (t appTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	if t.large && grown[n] {
		return s * largeScale
	}
	return s
}

// largerTextChosen reports whether the computer was left with larger text.
func largerTextChosen() bool {
	a := fyne.CurrentApp()
	return a != nil && a.Preferences().Bool(largerTextKey)
}

// largerTextOn reports whether the text is larger now.
func largerTextOn() bool {
	a := fyne.CurrentApp()
	if a == nil {
		return false
	}
	t, ok := a.Settings().Theme().(appTheme)
	return ok && t.large
}

// setLargerText makes the text larger or not on every screen at once. keep
// remembers the choice for the next start: on a person's own computer, not
// at a kiosk, where the next visitor gets the normal size back
// (resetLargerText).
func setLargerText(on, keep bool) {
	a := fyne.CurrentApp()
	if a == nil {
		return
	}
	if keep {
		a.Preferences().SetBool(largerTextKey, on)
	}
	if on != largerTextOn() {
		a.Settings().SetTheme(appTheme{Theme: theme.DefaultTheme(), large: on})
	}
}

// resetLargerText puts the text back to its normal size and forgets the
// choice: at a kiosk, when a visitor signs out or is signed out (shell.leave).
func resetLargerText() {
	setLargerText(false, false)
	if a := fyne.CurrentApp(); a != nil {
		a.Preferences().RemoveValue(largerTextKey)
	}
}

// newLargerTextCheck is the "Larger text" choice, showing the size now;
// keep says, when it is ticked, whether to remember it for the next start
// (not at a kiosk). syncLargerText sets it again when a screen that keeps
// it comes back.
func newLargerTextCheck(keep func() bool) *widget.Check {
	c := widget.NewCheck(i18n.T("Larger text"), func(on bool) { setLargerText(on, keep()) })
	c.Checked = largerTextOn()
	return c
}

// syncLargerText makes c show whether the text is larger now: the choice
// may have changed on another screen since c was drawn.
func syncLargerText(c *widget.Check) {
	if c.Checked != largerTextOn() {
		c.SetChecked(largerTextOn())
	}
}
