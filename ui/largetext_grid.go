package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// evenGrid lays cells out in as many columns as fit the width it is
// given, from a few counts that divide the cells into even rows (5, 2 or
// 1 column of 10 backup codes): larger text, or the system's scale, turns
// two rows of five codes into five rows of two instead of running past the
// window's edge. Like Fyne's GridWrap, its height follows the columns of
// the last layout; when they change it lays the screen out again.
type evenGrid struct {
	counts []int // column counts to try, most first
	cols   int   // of the last layout; 0 before it
}

// newEvenGrid is an empty grid of up to counts[0] columns.
func newEvenGrid(counts ...int) *fyne.Container {
	return container.New(&evenGrid{counts: counts})
}

// cell is the size of the largest cell.
func (g *evenGrid) cell(objects []fyne.CanvasObject) fyne.Size {
	var c fyne.Size
	for _, o := range objects {
		if o.Visible() {
			c = c.Max(o.MinSize())
		}
	}
	return c
}

// columns is the most columns of cells that fit width.
func (g *evenGrid) columns(cell fyne.Size, width float32) int {
	pad := theme.Padding()
	for _, n := range g.counts {
		if float32(n)*cell.Width+float32(n-1)*pad <= width {
			return n
		}
	}
	return 1
}

func (g *evenGrid) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	cell, pad := g.cell(objects), theme.Padding()
	cols := g.columns(cell, size.Width)
	cell.Width = (size.Width - float32(cols-1)*pad) / float32(cols)
	i := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		o.Move(fyne.NewPos(float32(i%cols)*(cell.Width+pad), float32(i/cols)*(cell.Height+pad)))
		o.Resize(cell)
		i++
	}
	if g.cols != 0 && g.cols != cols && len(objects) > 0 {
		// The grid is taller or shorter now: lay the screen out again.
		if c := fyne.CurrentApp().Driver().CanvasForObject(objects[0]); c != nil && c.Content() != nil {
			content := c.Content()
			defer fyne.Do(content.Refresh)
		}
	}
	g.cols = cols
}

// MinSize is one cell wide, and as tall as the rows of the last layout.
func (g *evenGrid) MinSize(objects []fyne.CanvasObject) fyne.Size {
	cell, n := g.cell(objects), 0
	for _, o := range objects {
		if o.Visible() {
			n++
		}
	}
	cols := g.cols
	if cols == 0 {
		cols = g.counts[0]
	}
	rows := (n + cols - 1) / cols
	if rows == 0 {
		return fyne.NewSize(cell.Width, 0)
	}
	return fyne.NewSize(cell.Width, float32(rows)*cell.Height+float32(rows-1)*theme.Padding())
}
