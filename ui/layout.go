package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// How the screens use the window, from 800×600 up.
const (
	// maxColumn is the widest a screen's column grows: on a wide window
	// the buttons at its right stay near the words they act on.
	maxColumn = 900
	// compactBelow is the home screen's height under which its header
	// takes one line instead of two, leaving the room to the tabs.
	compactBelow = 640
)

// page puts o in a vertical scroll, with room on its right for the scroll
// bar, which Fyne draws over the content and would cover a button there.
func page(o fyne.CanvasObject) *container.Scroll {
	bar := theme.Size(theme.SizeNameScrollBar)
	return container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar), o))
}

// column is o centred, no wider than maxColumn.
func column(o fyne.CanvasObject) *fyne.Container {
	return container.New(columnLayout{}, o)
}

type columnLayout struct{}

func (columnLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s
}

func (columnLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		w := min(size.Width, max(maxColumn, o.MinSize().Width))
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
	}
}

// homeLayout lays the home screen out: the header (who is signed in, the
// account number, Sign out), a rule, the idle warning, the tabs or a page,
// and the outcome line; the warning and the outcome take no room while
// they have nothing to show. Under compactBelow the header is one line:
// the number beside the name rather than under it.
type homeLayout struct {
	name, number                     *widget.Label // both truncated when the window is narrow
	out, rule, warning, body, status fyne.CanvasObject
}

// MinSize is the smallest the screen can be: the header compact, its name
// and number shortened to what Sign out leaves them.
func (l *homeLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	out := l.out.MinSize()
	w := max(l.name.MinSize().Width, l.number.MinSize().Width) + pad + out.Width
	h := max(l.name.MinSize().Height, out.Height) + pad + l.rule.MinSize().Height
	for _, o := range []fyne.CanvasObject{l.warning, l.body, l.status} {
		if m := o.MinSize(); m.Height > 0 {
			w = max(w, m.Width)
			h += pad + m.Height
		}
	}
	return fyne.NewSize(w, h)
}

func (l *homeLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	compact := size.Height < compactBelow
	out := l.out.MinSize()
	l.out.Resize(out)
	l.out.Move(fyne.NewPos(size.Width-out.Width, 0))
	room := size.Width - out.Width - pad // for the name and the number
	name, number := l.name.MinSize(), l.number.MinSize()
	nameW := min(textWidth(l.name)+pad, room) // a label cut at its exact width shows "…"

	var y float32
	if compact {
		row := max(name.Height, out.Height)
		l.name.Resize(fyne.NewSize(nameW, name.Height))
		l.name.Move(fyne.NewPos(0, (row-name.Height)/2))
		l.number.Resize(fyne.NewSize(max(0, room-nameW), number.Height))
		l.number.Move(fyne.NewPos(nameW, (row-number.Height)/2))
		y = row
	} else {
		l.name.Resize(fyne.NewSize(room, name.Height))
		l.name.Move(fyne.NewPos(0, 0))
		l.number.Resize(fyne.NewSize(room, number.Height))
		l.number.Move(fyne.NewPos(0, name.Height))
		y = max(name.Height+number.Height, out.Height)
	}
	y += pad
	rule := l.rule.MinSize().Height
	l.rule.Resize(fyne.NewSize(size.Width, rule))
	l.rule.Move(fyne.NewPos(0, y))
	y += rule + pad
	l.warning.Resize(fyne.NewSize(size.Width, l.warning.MinSize().Height))
	l.warning.Move(fyne.NewPos(0, y))
	if h := l.warning.MinSize().Height; h > 0 {
		y += h + pad
	}
	bottom := size.Height
	l.status.Resize(fyne.NewSize(size.Width, l.status.MinSize().Height))
	h := l.status.MinSize().Height // as wrapped to the width just given
	l.status.Resize(fyne.NewSize(size.Width, h))
	l.status.Move(fyne.NewPos(0, size.Height-h))
	if h > 0 {
		bottom -= h + pad
	}
	l.body.Resize(fyne.NewSize(size.Width, max(0, bottom-y)))
	l.body.Move(fyne.NewPos(0, y))
}

// textWidth is how wide l's text is on one line, with the label's padding.
func textWidth(l *widget.Label) float32 {
	th := theme.Current()
	size := th.Size(theme.SizeNameText)
	if l.SizeName != "" {
		size = th.Size(l.SizeName)
	}
	return fyne.MeasureText(l.Text, size, l.TextStyle).Width + 2*th.Size(theme.SizeNameInnerPadding)
}
