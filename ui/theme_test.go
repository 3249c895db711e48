package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is a colour's relative luminance (WCAG 2.2, "relative
// luminance"): its sRGB channels made linear, weighted for the eye.
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// contrast is the WCAG contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// over is top painted over the opaque under, as Fyne blends a button's
// focus colour into its own.
func over(under, top color.Color) color.Color {
	dr, dg, db, _ := under.RGBA()
	sr, sg, sb, sa := top.RGBA()
	mix := func(s, d uint32) uint16 { return uint16(s + d - d*sa/0xffff) }
	return color.RGBA64{R: mix(sr, dr), G: mix(sg, dg), B: mix(sb, db), A: 0xffff}
}

// TestFocusStandsOut: WCAG 2.2 §1.4.11 and §2.4.7. The ring around the
// focused control differs at least 3:1 from everything it can sit on or
// next to, in both variants; the tint a focused button or choice gets
// leaves its text readable (4.5:1) and changes the button more than
// Fyne's own did.
func TestFocusStandsOut(t *testing.T) {
	th, plain := newAppTheme(), theme.DefaultTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		name := map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[v]
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		ring, tint := c(colorNameFocusRing), c(theme.ColorNameFocus)
		for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameOverlayBackground,
			theme.ColorNameButton, theme.ColorNameInputBackground, theme.ColorNamePrimary} {
			r := contrast(ring, c(n))
			t.Logf("%s: ring against %s %.2f:1", name, n, r)
			if r < 3 {
				t.Errorf("%s: the focus ring stands out %.2f:1 from %s, under 3:1", name, r, n)
			}
		}
		// A button blends the tint into its colour; a choice (widget.Select)
		// is painted with the tint instead of the field colour.
		for _, f := range []struct {
			what            string
			under, was, ink fyne.ThemeColorName
		}{
			{"grey button", theme.ColorNameButton, theme.ColorNameButton, theme.ColorNameForeground},
			{"blue button", theme.ColorNamePrimary, theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary},
			{"choice", theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameForeground},
		} {
			focused := over(c(f.under), tint)
			before := contrast(over(c(f.under), plain.Color(theme.ColorNameFocus, v)), c(f.was))
			change, text := contrast(focused, c(f.was)), contrast(c(f.ink), focused)
			t.Logf("%s: focused %s differs %.2f:1 (Fyne's %.2f:1), its text %.2f:1", name, f.what, change, before, text)
			if text < 4.5 {
				t.Errorf("%s: the text of a focused %s contrasts %.2f:1, under 4.5:1", name, f.what, text)
			}
			if change < 1.25 || change <= before {
				t.Errorf("%s: a focused %s differs %.2f:1 from one that is not (Fyne's %.2f:1)", name, f.what, change, before)
			}
		}
	}
}
