package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// meterWidth is the strength bar's width: the same whatever word stands
// beside it, so the bar's length says the strength and nothing else.
const meterWidth float32 = 240

// strengthMeter is a password's strength: a bar of fixed width in the
// theme's danger, warning or success colour, and its word in the same.
type strengthMeter struct {
	bar   *widget.ProgressBar
	label *widget.Label
	tint  *container.ThemeOverride
	box   *fyne.Container
}

func newStrengthMeter() *strengthMeter {
	m := &strengthMeter{bar: widget.NewProgressBar(), label: widget.NewLabel("")}
	m.bar.Max = 4
	m.bar.TextFormatter = func() string { return "" }
	m.tint = container.NewThemeOverride(m.bar, tinted{theme.ColorNameDisabled}) // nothing typed yet
	m.box = container.NewHBox(container.New(fixedWidth(meterWidth), m.tint), m.label)
	return m
}

// show sets the score (0 … 4, as auth.Strength rates) and its word.
func (m *strengthMeter) show(score int, label string) {
	colour, importance := theme.ColorNameError, widget.DangerImportance
	switch {
	case label == "": // nothing typed: nothing to rate, so no colour that says weak
		colour, importance = theme.ColorNameDisabled, widget.MediumImportance
	case score >= 3:
		colour, importance = theme.ColorNameSuccess, widget.SuccessImportance
	case score == 2:
		colour, importance = theme.ColorNameWarning, widget.WarningImportance
	}
	m.tint.Theme = tinted{colour}
	m.tint.Refresh()
	m.bar.SetValue(float64(score))
	m.label.Importance = importance
	m.label.SetText(label)
}

// tinted is the app's theme with its primary colour, the one a progress
// bar is drawn in, replaced by another of its colours.
type tinted struct{ primary fyne.ThemeColorName }

func (t tinted) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t tinted) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		n = t.primary
	}
	return t.current().Color(n, v)
}
func (t tinted) Font(s fyne.TextStyle) fyne.Resource     { return t.current().Font(s) }
func (t tinted) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }
func (t tinted) Size(n fyne.ThemeSizeName) float32       { return t.current().Size(n) }

// fixedWidth lays its objects out at one width, each at its own height,
// centred in the height it is given.
type fixedWidth float32

func (f fixedWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(f), h)
}

func (f fixedWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(float32(f), h))
		o.Move(fyne.NewPos(0, (size.Height-h)/2))
	}
}
