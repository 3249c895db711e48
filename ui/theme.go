package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// colorNameFocusRing is the colour of the ring drawn around the control
// that has the keyboard focus (focus.go).
const colorNameFocusRing fyne.ThemeColorName = "casedesk.focusRing"

// Focus colours, light and dark. WCAG 2.2 §1.4.11 and §2.4.7: the ring must
// stand out at least 3:1 from the background, the cards, the grey buttons
// and fields and the blue (primary) buttons it can sit next to; the fill a
// focused button or choice gets must leave its text readable (4.5:1).
// theme_test.go computes every ratio.
var (
	focusRingLight = color.NRGBA{R: 0x0a, G: 0x1a, B: 0x40, A: 0xff} // navy
	focusRingDark  = color.NRGBA{R: 0xdc, G: 0xeb, B: 0xff, A: 0xff} // pale blue
	focusFillLight = color.NRGBA{R: 0x0a, G: 0x1a, B: 0x40, A: 0x2e}
	focusFillDark  = color.NRGBA{R: 0x00, G: 0x40, B: 0xd0, A: 0xbf}
)

// appTheme is Fyne's default theme with a focus that can be seen. The
// default focus colour is the primary blue at a sixth of its strength: on
// a blue button it changes nothing, on a grey one little.
type appTheme struct{ fyne.Theme }

func newAppTheme() fyne.Theme { return appTheme{theme.DefaultTheme()} }

// Color is the default theme's colour, but for the focus.
func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	light := v == theme.VariantLight
	switch n {
	case colorNameFocusRing:
		if light {
			return focusRingLight
		}
		return focusRingDark
	case theme.ColorNameFocus:
		if light {
			return focusFillLight
		}
		return focusFillDark
	}
	return t.Theme.Color(n, v)
}
