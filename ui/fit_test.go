package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestScreensFitAtLargerText: with "Larger text" (1.5 times) every screen
// an applicant reaches fits a 1024×768 screen, and in the window at that
// size no label or button is cut: each is laid out at least as wide as
// its text, or wraps, and none runs past the window's right edge.
func TestScreensFitAtLargerText(t *testing.T) {
	checkScreensFit(t, true, fyne.NewSize(1024, 768))
}

// TestScreensFitAtSystemScale: with the system's scale at 1.5
// (FYNE_SCALE=1.5) a 1024×768 screen is 683×512 of Fyne's units; every
// applicant screen fits it at the normal text size.
func TestScreensFitAtSystemScale(t *testing.T) {
	checkScreensFit(t, false, fyne.NewSize(1024/1.5, 768/1.5))
}

func checkScreensFit(t *testing.T, large bool, screen fyne.Size) {
	seen := 0
	eachApplicantScreen(t, large, func(s applicantScreen) {
		seen++
		c := s.win.Canvas()
		min := c.Content().MinSize()
		if s.win.Padded() {
			min = min.AddWidthHeight(2*theme.Padding(), 2*theme.Padding())
		}
		t.Logf("%s: needs %.0f×%.0f", s.name, min.Width, min.Height)
		if min.Width > screen.Width || min.Height > screen.Height {
			t.Errorf("%s needs a window of %.0f×%.0f, more than %.0f×%.0f", s.name, min.Width, min.Height, screen.Width, screen.Height)
		}
		s.win.Resize(screen)
		for _, cut := range clipped(c.Content(), screen.Width) {
			t.Errorf("%s: %s", s.name, cut)
		}
	})
	if seen < 20 {
		t.Fatalf("only %d screens were looked at", seen)
	}
}

// clipped lists the labels and buttons under root that are cut: narrower
// than their text when they do not wrap, or running past the right edge
// of a window width wide.
func clipped(root fyne.CanvasObject, width float32) []string {
	var out []string
	d := fyne.CurrentApp().Driver()
	walkShown(root, func(o fyne.CanvasObject) bool {
		var text string
		switch w := o.(type) {
		case *widget.Label:
			text = w.Text
			if w.Wrapping != fyne.TextWrapOff || w.Truncation != fyne.TextTruncateOff || strings.TrimSpace(text) == "" {
				return true
			}
		case *widget.Button:
			text = w.Text
		case *widget.Check:
			text = w.Text
		default:
			return true
		}
		size, min := o.Size(), o.MinSize()
		if size.Width+0.5 < min.Width {
			out = append(out, fmt.Sprintf("%T %q is %.0f wide, its text needs %.0f", o, text, size.Width, min.Width))
		}
		if right := d.AbsolutePositionForObject(o).X + size.Width; right > width+0.5 {
			out = append(out, fmt.Sprintf("%T %q runs to %.0f, past the window's %.0f", o, text, right, width))
		}
		return true
	})
	return out
}
