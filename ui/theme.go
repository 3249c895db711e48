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
	focusFillLight = color.NRGBA{R: 0x0a, G: 0x1a, B: 0x40, A: 0x30}
	focusFillDark  = color.NRGBA{R: 0x00, G: 0x40, B: 0xd0, A: 0xbf}
)

// readable are the colours of Fyne's default theme that fall short of WCAG
// 2.2 AA (§1.4.3: 4.5:1 for text; §1.4.11: 3:1 for the borders of fields
// and other parts of controls), each replaced by a darker (light variant)
// or lighter (dark variant) shade of the same hue. theme_test.go computes
// every pair that is drawn, over every background it is drawn on.
var readable = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		// Fyne's blue, #296ff6, under white text: 4.47:1.
		theme.ColorNamePrimary:   primaryBlue,
		theme.ColorNameHyperlink: primaryBlue,
		// #888888 on a field: 3.19:1.
		theme.ColorNamePlaceHolder: color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff},
		// #f44336, #43f436 and #ff9800 as text on white: 3.68, 1.48 and 2.16:1.
		theme.ColorNameError:   color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
		theme.ColorNameSuccess: color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff},
		theme.ColorNameWarning: color.NRGBA{R: 0xa8, G: 0x54, B: 0x00, A: 0xff},
		// #e3e3e3 around a field on white: 1.28:1. The grey of the
		// desktop's own form fields, dark enough that a check box, whose
		// thin outline is drawn softened, still shows.
		theme.ColorNameInputBorder: color.NRGBA{R: 0x76, G: 0x76, B: 0x76, A: 0xff},
	},
	theme.VariantDark: {
		// A blue button keeps white text (5.17:1) and its edge shows on
		// the dark background (3.47:1).
		theme.ColorNamePrimary: primaryBlue,
		// Fyne's blue as a link on the dark background: 4.01:1.
		theme.ColorNameHyperlink: color.NRGBA{R: 0x7a, G: 0xa7, B: 0xff, A: 0xff},
		// #f44336 on the dark menus and cards: under 4.5:1.
		theme.ColorNameError: color.NRGBA{R: 0xff, G: 0x66, B: 0x59, A: 0xff},
		// #39393a around a field on the dark background: 1.55:1.
		theme.ColorNameInputBorder: color.NRGBA{R: 0x76, G: 0x76, B: 0x78, A: 0xff},
	},
}

// primaryBlue is the blue of buttons that go on, of links in the light
// variant and of the border of the field being typed in: Fyne's blue a
// shade darker, so that white text on it reads 5.17:1.
var primaryBlue = color.NRGBA{R: 0x25, G: 0x63, B: 0xeb, A: 0xff}

// appTheme is Fyne's default theme with a focus that can be seen, colours
// that can be read, and text 1.5 times as large when the visitor asks for
// larger text (largetext.go). The default focus colour is the primary blue
// at a sixth of its strength: on a blue button it changes nothing, on a
// grey one little.
type appTheme struct {
	fyne.Theme
	large bool // text (and what must grow with it) at largeScale
}

// newAppTheme is the theme with the larger text this computer was left with.
func newAppTheme() fyne.Theme {
	return appTheme{Theme: theme.DefaultTheme(), large: largerTextChosen()}
}

// Color is the default theme's colour, but for the focus and the colours
// too faint to read.
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
	if !light {
		v = theme.VariantDark
	}
	if c, ok := readable[v][n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}
