package ui

import (
	"context"
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// focusRing shows where the keyboard focus is, on every screen of the
// window: it scrolls a control that gets the focus fully into view, and
// draws a ring around it.
//
// Fyne moves the focus (Tab, Shift+Tab) without scrolling, and tells no one
// but the control: a Tab could focus a button below the visible area and
// Space press it unseen. Its own focus looks are a tint, invisible on a
// blue button (WCAG 2.2 §2.4.7, §1.4.11). So the window looks at the
// focus several times a second (follow) and puts the ring, which stands
// out 3:1 from whatever the control sits on, in a layer over the screen.
type focusRing struct {
	c     fyne.Canvas
	ring  *canvas.Rectangle
	layer *fyne.Container
	last  fyne.Focusable // the control last seen with the focus, revealed once
	// at is where last was in its page when last seen: a page laid out
	// again (what it loads arrives) can move the control out of view.
	at fyne.Position
}

// focusAfterKey gives f the focus on canvas c once the key being handled
// is done with. A Space that presses a button comes as a key, which
// presses it, then as a letter, which the field the button gives the focus
// to would type (" guzman" in the family name). The runner applies
// after the window has handled both; a test's, in line, at once. A screen
// closed meanwhile (the wizard's Finish) keeps its controls to itself.
func focusAfterKey(r Runner, c fyne.Canvas, f fyne.Focusable) {
	if c == nil {
		return
	}
	r.run(context.Background(), func(context.Context) func() {
		return func() {
			if o, ok := f.(fyne.CanvasObject); ok && pathTo(c.Content(), o) != nil {
				c.Focus(f)
			}
		}
	})
}

// lastSeen is the control last seen with the focus. A button pressed has
// given the focus up by the time it acts (Fyne's Button does), so a page
// it opens asks here which control to give the focus back to.
func (r *focusRing) lastSeen() fyne.Focusable { return r.last }

// ringGap is how far the ring stands off the control: within the padding
// Fyne leaves between controls, so it covers none of their neighbours.
const ringGap = 3

func newFocusRing(c fyne.Canvas) *focusRing {
	r := &focusRing{c: c, ring: canvas.NewRectangle(color.Transparent)}
	r.ring.StrokeWidth = 2
	r.ring.Hide()
	r.layer = container.NewWithoutLayout(r.ring)
	return r
}

// over is screen o with the ring's layer on top of it, for the window.
func (r *focusRing) over(o fyne.CanvasObject) fyne.CanvasObject {
	r.last = nil
	r.ring.Hide()
	return container.NewStack(o, r.layer)
}

// watch calls follow on the UI goroutine about twenty times a second
// until stop is closed: often enough that the ring and the scroll keep up
// with Tab held down.
func (r *focusRing) watch(stop <-chan struct{}) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			fyne.Do(r.follow)
		}
	}
}

// follow scrolls a control that has just got the focus into view, and
// puts the ring around the focused control where it is now (it moves when
// its page scrolls). No ring when nothing has the focus, nor while a
// dialog is open: it is drawn over the layer, and its focus is its own.
func (r *focusRing) follow() {
	if !r.shown() || r.c.Overlays().Top() != nil {
		r.hide()
		return
	}
	f := r.c.Focused()
	moved := f != r.last
	if f == nil {
		var waiting bool
		if f, waiting = r.giveBack(); waiting {
			r.hide()
			return
		}
		moved = true // the page may have scrolled meanwhile
	}
	o, _ := f.(fyne.CanvasObject)
	if o == nil {
		r.hide() // last stays: its page may come back (a preview closes)
		return
	}
	path := pathTo(r.c.Content(), o)
	if path == nil {
		// A choice of a radio group, which Fyne keeps to itself: the ring
		// goes round the group, whose choices Up and Down move between.
		if path = groupOf(r.c.Content(), o); path != nil {
			o = path[len(path)-1]
		}
	}
	r.last = f
	if path == nil {
		r.hide()
		return
	}
	// Revealed when it gets the focus, and again when its page moved it;
	// not when the person scrolls the page, which moves the page, not it.
	at := inPage(path, o)
	if moved || at != r.at {
		reveal(path, o)
	}
	r.at = at
	r.place(o, scrollsOf(path))
}

// inPage is where o is in the content of the innermost scroll on path (on
// the canvas when there is none).
func inPage(path []fyne.CanvasObject, o fyne.CanvasObject) fyne.Position {
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(o)
	if scrolls := scrollsOf(path); len(scrolls) > 0 {
		at = at.Subtract(d.AbsolutePositionForObject(scrolls[len(scrolls)-1].Content))
	}
	return at
}

// giveBack gives the focus back to the button that had it last, when
// nothing has it now. Fyne's Button gives the focus up when it is pressed,
// with Space too: Tab would then start again at the top of the screen. As
// elsewhere on the desktop, the focus stays on a button until another
// control takes it; a button disabled while its work runs gets it back
// once enabled (waiting until then), one on a page that a preview covers
// once the preview closes. It returns what has the focus.
//
// The window sees the focus only when it looks: a button Tab reached and
// Space pressed within one look (50 ms) is not seen, and gets nothing back.
func (r *focusRing) giveBack() (f fyne.Focusable, waiting bool) {
	var b *widget.Button
	switch last := r.last.(type) {
	case *widget.Button:
		b = last
	case *pageButton:
		b = &last.Button
	}
	o, _ := r.last.(fyne.CanvasObject)
	if b == nil || pathTo(r.c.Content(), o) == nil {
		return nil, false // not a button, or gone with its page
	}
	if b.Disabled() {
		return nil, true
	}
	r.c.Focus(r.last)
	return r.last, false
}

// shown reports whether the layer is on the window now.
func (r *focusRing) shown() bool {
	s, ok := r.c.Content().(*fyne.Container)
	return ok && len(s.Objects) == 2 && s.Objects[1] == r.layer
}

func (r *focusRing) hide() {
	if r.ring.Visible() {
		r.ring.Hide()
	}
}

// place puts the ring around o, cut to what the scrolls it is in show
// the way they scroll (a page's ring may stand out beside it).
func (r *focusRing) place(o fyne.CanvasObject, scrolls []*container.Scroll) {
	d := fyne.CurrentApp().Driver()
	origin := d.AbsolutePositionForObject(r.layer)
	tl := d.AbsolutePositionForObject(o).Subtract(origin).SubtractXY(ringGap, ringGap)
	br := tl.Add(o.Size()).AddXY(2*ringGap, 2*ringGap)
	for _, s := range scrolls {
		stl := d.AbsolutePositionForObject(s).Subtract(origin)
		sbr := stl.Add(s.Size())
		if s.Direction != container.ScrollVerticalOnly {
			tl.X, br.X = max(tl.X, stl.X), min(br.X, sbr.X)
		}
		if s.Direction != container.ScrollHorizontalOnly {
			tl.Y, br.Y = max(tl.Y, stl.Y), min(br.Y, sbr.Y)
		}
	}
	if br.X-tl.X <= 2*ringGap || br.Y-tl.Y <= 2*ringGap {
		r.hide() // scrolled out of sight
		return
	}
	th := theme.Current()
	c := th.Color(colorNameFocusRing, fyne.CurrentApp().Settings().ThemeVariant())
	// On whole units, so that the ring's lines fall on whole pixels at the
	// usual scale and show solid, not blurred.
	tl = fyne.NewPos(float32(math.Round(float64(tl.X))), float32(math.Round(float64(tl.Y))))
	size := fyne.NewSize(float32(math.Round(float64(br.X-tl.X))), float32(math.Round(float64(br.Y-tl.Y))))
	if r.ring.Visible() && r.ring.Position() == tl && r.ring.Size() == size && r.ring.StrokeColor == c {
		return
	}
	r.ring.StrokeColor = c
	r.ring.CornerRadius = th.Size(theme.SizeNameInputRadius) + ringGap
	r.ring.Move(tl)
	r.ring.Resize(size)
	r.ring.Show()
	r.ring.Refresh()
}

// revealMargin is how much of what is around a control scrolling shows
// with it.
const revealMargin = 8

// reveal scrolls each scroll on path, outermost first, so that o, at the
// end of it, is wholly in view (with a margin where there is room).
func reveal(path []fyne.CanvasObject, o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	for _, s := range scrollsOf(path) {
		if s.Direction == container.ScrollNone || s.Direction == container.ScrollHorizontalOnly {
			continue
		}
		top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(s).Y // in the scroll's view
		bottom := top + o.Size().Height
		view := s.Size().Height
		off := s.Offset.Y
		switch {
		case top < revealMargin:
			off += top - revealMargin
		case bottom > view-revealMargin:
			off += min(bottom-view+revealMargin, top-revealMargin) // the top stays in view
		default:
			continue
		}
		off = max(0, min(off, s.Content.Size().Height-view))
		s.ScrollToOffset(fyne.NewPos(s.Offset.X, off))
	}
}

// scrollsOf is the scrolls on path, outermost first.
func scrollsOf(path []fyne.CanvasObject) []*container.Scroll {
	var out []*container.Scroll
	for _, o := range path {
		if s, ok := o.(*container.Scroll); ok {
			out = append(out, s)
		}
	}
	return out
}

// pathTo is the objects from root down to o, both included, through the
// parts screens are built of; nil when o is not found there, inside a
// widget's own parts (a radio group's choices, say). Hidden objects are
// skipped: they cannot have the focus.
func pathTo(root, o fyne.CanvasObject) []fyne.CanvasObject {
	if root == nil || !root.Visible() {
		return nil
	}
	if root == o {
		return []fyne.CanvasObject{root}
	}
	for _, c := range parts(root) {
		if p := pathTo(c, o); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

// groupOf is the objects from root down to the shown radio group that o,
// one of its choices, is in, found by where o is on the screen; nil when
// o is in none.
func groupOf(root, o fyne.CanvasObject) []fyne.CanvasObject {
	if root == nil || !root.Visible() {
		return nil
	}
	if g, ok := root.(*widget.RadioGroup); ok {
		if within(o, g) {
			return []fyne.CanvasObject{g}
		}
		return nil
	}
	for _, c := range parts(root) {
		if p := groupOf(c, o); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

// within reports whether o, not empty, lies wholly inside in on the screen.
func within(o, in fyne.CanvasObject) bool {
	d := fyne.CurrentApp().Driver()
	tl, itl := d.AbsolutePositionForObject(o), d.AbsolutePositionForObject(in)
	br, ibr := tl.Add(o.Size()), itl.Add(in.Size())
	return !o.Size().IsZero() && tl.X >= itl.X && tl.Y >= itl.Y && br.X <= ibr.X && br.Y <= ibr.Y
}

// firstScroll is the first shown scroll under o: the page of a tab, of a
// case or of a preview.
func firstScroll(o fyne.CanvasObject) *container.Scroll {
	if o == nil || !o.Visible() {
		return nil
	}
	if s, ok := o.(*container.Scroll); ok {
		return s
	}
	for _, c := range parts(o) {
		if s := firstScroll(c); s != nil {
			return s
		}
	}
	return nil
}

// parts is what o shows of what the screens are built of (containers,
// scrolls, cards, forms, tabs), in the order Fyne's Tab goes through them.
// Other widgets' parts are their own: Fyne gives no way to them.
func parts(o fyne.CanvasObject) []fyne.CanvasObject {
	switch w := o.(type) {
	case *fyne.Container:
		return w.Objects
	case *container.Scroll:
		return []fyne.CanvasObject{w.Content}
	case *widget.Card:
		return []fyne.CanvasObject{w.Content}
	case *widget.Form:
		var out []fyne.CanvasObject
		for _, it := range w.Items {
			out = append(out, it.Widget)
		}
		return out
	case *container.AppTabs:
		if sel := w.Selected(); sel != nil {
			return []fyne.CanvasObject{sel.Content}
		}
	}
	return nil
}
