package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// toCredentials types the code and the right identity, and arrives at the
// username and password step.
func (r *wizardRig) toCredentials(t *testing.T) {
	t.Helper()
	w := r.w
	typeIn(w.code, r.code.String())
	r.next()
	typeIn(w.ident.family, "Muñoz")
	typeIn(w.ident.dob, "03/14/1985")
	typeIn(w.ident.zip, "62701")
	typeIn(w.ident.country, "Mexico")
	r.next()
	if w.step != 3 {
		t.Fatalf("not at the password step: %q %q", w.stepOf.Text, w.message.Text)
	}
}

// TestStrengthBarColourAndWidth: the bar is coloured by how strong the
// password is, and keeps one width whatever word stands beside it.
func TestStrengthBarColourAndWidth(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	r.toCredentials(t)
	typeIn(w.username, "jose.munoz")
	v := fyne.CurrentApp().Settings().ThemeVariant()
	width := float32(-1)
	for i, c := range []struct {
		password, label string
		colour          fyne.ThemeColorName
		importance      widget.Importance
	}{
		{"", "", theme.ColorNameDisabled, widget.MediumImportance},
		{"password", "Not accepted", theme.ColorNameError, widget.DangerImportance},
		{"sunflower7", "Weak", theme.ColorNameError, widget.DangerImportance},
		{"zebra kettle", "Fair", theme.ColorNameWarning, widget.WarningImportance},
		{"blue-kite-77", "Good", theme.ColorNameSuccess, widget.SuccessImportance},
		{"river lamp orange 42", "Strong", theme.ColorNameSuccess, widget.SuccessImportance},
	} {
		typeIn(w.password, c.password)
		if w.strengthLabel.Text != c.label {
			t.Fatalf("%q is rated %q, want %q", c.password, w.strengthLabel.Text, c.label)
		}
		if got, want := w.strength.Theme().Color(theme.ColorNamePrimary, v), theme.Current().Color(c.colour, v); got != want {
			t.Errorf("%s: the bar is %v, want %s %v", c.label, got, c.colour, want)
		}
		if w.strengthLabel.Importance != c.importance {
			t.Errorf("%s: the word's importance is %v, want %v", c.label, w.strengthLabel.Importance, c.importance)
		}
		r.win.Resize(fyne.NewSize(880+float32(i), 700)) // lays the form out again
		if width < 0 {
			width = w.strength.Size().Width
		}
		if got := w.strength.Size().Width; got != width || got < 100 {
			t.Errorf("%s: the bar is %v wide, with %q %v", c.label, got, c.label, width)
		}
	}
}
