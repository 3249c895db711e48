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

// TestColoursReadable: WCAG 2.2 AA in both variants. Every text colour the
// screens draw reads 4.5:1 (§1.4.3; no text here is large enough for the
// 3:1 allowance to be counted on) over every surface it is drawn on, the
// borders of fields and choices and the blue of a field being typed in
// stand out 3:1 (§1.4.11), computed after blending the translucent
// colours (selection, hover) into what is under them. Disabled controls
// are exempt (§1.4.3: "text or images of text that are part of an
// inactive user interface component"), so ColorNameDisabled is not
// tested; nor is the separator, a decoration. The focus ring and tint are
// TestFocusStandsOut's.
//
// No label is drawn in the primary colour (HighImportance labels): only
// buttons, whose text is ForegroundOnPrimary on it.
func TestColoursReadable(t *testing.T) {
	th, plain := newAppTheme(), theme.DefaultTheme()
	const (
		bg      = theme.ColorNameBackground
		input   = theme.ColorNameInputBackground
		overlay = theme.ColorNameOverlayBackground
		header  = theme.ColorNameHeaderBackground
		menu    = theme.ColorNameMenuBackground
		button  = theme.ColorNameButton
	)
	type pair struct {
		what string
		ink  fyne.ThemeColorName
		on   []fyne.ThemeColorName
		// blend is painted over each surface before measuring (hover,
		// selection); "" for none.
		blend fyne.ThemeColorName
		need  float64
	}
	surfaces := []fyne.ThemeColorName{bg, overlay, header, menu}
	pairs := []pair{
		{"text", theme.ColorNameForeground, append(surfaces, input, button), "", 4.5},
		{"text under the pointer", theme.ColorNameForeground, []fyne.ThemeColorName{button, input, bg}, theme.ColorNameHover, 4.5},
		{"selected text and rows", theme.ColorNameForeground, []fyne.ThemeColorName{input, bg, overlay}, theme.ColorNameSelection, 4.5},
		{"placeholder", theme.ColorNamePlaceHolder, []fyne.ThemeColorName{input}, "", 4.5},
		{"form hint (placeholder colour)", theme.ColorNamePlaceHolder, []fyne.ThemeColorName{bg, overlay}, "", 4.5},
		{"link", theme.ColorNameHyperlink, surfaces, "", 4.5},
		{"danger label", theme.ColorNameError, surfaces, "", 4.5},
		{"success label", theme.ColorNameSuccess, surfaces, "", 4.5},
		{"warning label", theme.ColorNameWarning, surfaces, "", 4.5},
		{"blue button text", theme.ColorNameForegroundOnPrimary, []fyne.ThemeColorName{theme.ColorNamePrimary}, "", 4.5},
		{"danger button text", theme.ColorNameForegroundOnError, []fyne.ThemeColorName{theme.ColorNameError}, "", 4.5},
		{"success button text", theme.ColorNameForegroundOnSuccess, []fyne.ThemeColorName{theme.ColorNameSuccess}, "", 4.5},
		{"warning button text", theme.ColorNameForegroundOnWarning, []fyne.ThemeColorName{theme.ColorNameWarning}, "", 4.5},
		{"field and check-box border", theme.ColorNameInputBorder, []fyne.ThemeColorName{bg, overlay, input}, "", 3},
		{"border of the field typed in, ticked box", theme.ColorNamePrimary, []fyne.ThemeColorName{bg, overlay, input}, "", 3},
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		name := map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[v]
		ratio := func(th fyne.Theme, p pair, s fyne.ThemeColorName) float64 {
			under := th.Color(s, v)
			if p.blend != "" {
				under = over(under, th.Color(p.blend, v))
			}
			return contrast(th.Color(p.ink, v), under)
		}
		for _, p := range pairs {
			for _, s := range p.on {
				r := ratio(th, p, s)
				t.Logf("%s: %s (%s) on %s: %.2f:1 (Fyne's %.2f:1)", name, p.what, p.ink, s, r, ratio(plain, p, s))
				if r < p.need {
					t.Errorf("%s: %s (%s) on %s contrasts %.2f:1, under %.1f:1", name, p.what, p.ink, s, r, p.need)
				}
			}
		}
	}
}
