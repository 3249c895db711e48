package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// columns lays its objects out side by side, each taking its share of the
// width (the shares need not add up to 1), all as high as the highest: the
// rows of the desk's lists, whose cells line up from row to row however
// long their text.
type columns []float32

// newColumns puts objs in a row with the given shares of the width.
func newColumns(shares []float32, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(columns(shares), objs...)
}

func (c columns) total() float32 {
	var t float32
	for _, s := range c {
		t += s
	}
	return t
}

// MinSize is as high as the highest cell; as wide as the padding between
// them, since the cells truncate.
func (c columns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(len(objects)-1)*theme.Padding(), h)
}

func (c columns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	room := size.Width - float32(len(objects)-1)*pad
	total := c.total()
	var x float32
	for i, o := range objects {
		share := float32(1)
		if i < len(c) {
			share = c[i]
		}
		w := room * share / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}
