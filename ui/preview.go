package ui

import (
	"context"
	"image/color"

	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// previewScale is how many screen units one point of the page takes: a
// Letter page is 796 units wide, the window's width.
const previewScale = 1.3

var (
	paperWhite  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	paperShadow = color.NRGBA{A: 0x50}
)

// pageView draws one laid-out page on white paper, each mark where the PDF
// puts it. The screen's font stands in for the PDF's; text sits on the same
// baseline and right-aligned text keeps its right edge.
func pageView(pg notice.Page) fyne.CanvasObject {
	s := float32(previewScale)
	size := fyne.NewSize(float32(notice.PageWidth)*s, float32(notice.PageHeight)*s)
	shadow := canvas.NewRectangle(paperShadow)
	shadow.Move(fyne.NewPos(3, 3))
	shadow.Resize(size)
	paper := canvas.NewRectangle(paperWhite)
	paper.SetMinSize(size.AddWidthHeight(3, 3))
	paper.Resize(size)
	objects := []fyne.CanvasObject{shadow, paper}
	driver := fyne.CurrentApp().Driver()
	for _, m := range pg.Marks {
		x, y, w, h := float32(m.X)*s, float32(m.Y)*s, float32(m.W)*s, float32(m.H)*s
		grey := color.Gray{Y: uint8(m.Grey)}
		switch m.Kind {
		case notice.MarkText:
			t := canvas.NewText(m.Text, grey)
			t.TextSize = float32(m.Size) * s
			t.TextStyle = fyne.TextStyle{Bold: m.Bold, Monospace: m.Mono}
			measured, baseline := driver.RenderedTextSize(m.Text, t.TextSize, t.TextStyle, nil)
			if m.Right {
				x += w - measured.Width
			}
			// The PDF puts the baseline 0.8 of the size below the top.
			t.Move(fyne.NewPos(x, y+float32(m.Size*0.8)*s-baseline))
			t.Resize(measured)
			objects = append(objects, t)
		case notice.MarkLine:
			l := canvas.NewLine(grey)
			l.StrokeWidth = max(1, float32(m.Stroke)*s)
			l.Position1, l.Position2 = fyne.NewPos(x, y), fyne.NewPos(x+w, y)
			objects = append(objects, l)
		case notice.MarkBox:
			r := canvas.NewRectangle(color.Transparent)
			r.StrokeColor = grey
			r.StrokeWidth = max(1, float32(m.Stroke)*s)
			r.Move(fyne.NewPos(x, y))
			r.Resize(fyne.NewSize(w, h))
			objects = append(objects, r)
		case notice.MarkFill:
			r := canvas.NewRectangle(color.Black)
			r.Move(fyne.NewPos(x, y))
			r.Resize(fyne.NewSize(w, h))
			objects = append(objects, r)
		}
	}
	return container.NewWithoutLayout(objects...)
}

// preview shows one of the person's notices as it prints, without writing a
// file, with buttons to save, print or open it in a PDF viewer.
func (t *noticesTab) preview(id string) { t.previewFrom(id, nil) }

// previewFrom is preview opened by the button from, which gets the focus
// back when the preview closes: a button pressed has given it up already,
// and a button pressed in the preview since is gone with it.
func (t *noticesTab) previewFrom(id string, from fyne.Focusable) {
	h, s := t.h, t.h.session
	h.touch()
	h.run(func(ctx context.Context) func() {
		n, err := h.svc.Portal.Notice(ctx, s, id) // only the person's own
		var pages []notice.Page
		if err == nil {
			pages, err = h.svc.Notices.Pages(ctx, notice.Notice(n))
		}
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			t.showPreview(notice.Notice(n).Title(), id, pages, from)
		}
	})
}

func (t *noticesTab) showPreview(title, id string, pages []notice.Page, from fyne.Focusable) {
	t.viewBack = t.h.button(i18n.T("Back"), theme.NavigateBackIcon(), nil)
	t.viewSave = t.h.button(i18n.T("Save PDF"), theme.DocumentSaveIcon(), func() { t.export(id, exportSave) })
	t.viewPrint = t.h.button(i18n.T("Print"), theme.DocumentPrintIcon(), func() { t.export(id, exportPrint) })
	t.viewOpen = t.h.button(i18n.T("Open in PDF viewer"), theme.FileIcon(), func() { t.export(id, exportView) })
	t.viewSave.Hidden, t.viewOpen.Hidden = t.h.svc.Kiosk, t.h.svc.Kiosk // a kiosk saves nothing and starts no viewer
	heading := bold(title)
	if len(pages) > 1 {
		heading.SetText(i18n.N(len(pages), "%s · %d page", "%s · %d pages", title, len(pages)))
	}
	sheets := container.NewVBox()
	for _, pg := range pages {
		sheets.Add(pageView(pg))
	}
	bar := container.NewBorder(nil, nil, t.viewBack, container.NewHBox(t.viewSave, t.viewPrint, t.viewOpen), heading)
	t.viewer.Objects = []fyne.CanvasObject{container.NewBorder(bar, nil, nil, nil, container.NewScroll(container.NewCenter(sheets)))}
	t.viewBack.OnTapped = t.h.showOver(t.viewer, func() { t.viewer.Objects = nil }, from)
}
