package ui

import (
	"context"
	"image"

	"casedesk/app/household"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// letterWidth is the width, in pixels, a letter's page is shown at: the
// window's width, and small enough that a 40-page scan stays light.
const letterWidth = 900

// letterView is a letter shown over the case page: a photo as an image, a
// scanned PDF as its page images, or, for a PDF without page images or a
// file that could not be read, a plain sentence saying so; with Print and
// Save either way.
type letterView struct {
	box               *fyne.Container
	back, print, save *pageButton
	pages             []*canvas.Image
	noImages          *widget.Label
	cut               *widget.Label // says that pages were left out
}

// letterPages is what a letter's view shows: its page images, whether
// pages were left out, and whether reading the file failed.
type letterPages struct {
	imgs        []image.Image
	cut, broken bool
}

// scanPages finds a PDF's page images; a test replaces it.
var scanPages = household.ScanPages

// readLetterPages decodes a letter for its view. A letter is anyone's
// bytes and this runs in the background, where a panic would end CaseDesk
// with the person's work: a panic becomes a view that says the letter
// could not be shown, still offering to print or save it.
func readLetterPages(kind household.FileKind, data []byte) (l letterPages) {
	defer func() {
		if recover() != nil {
			l = letterPages{broken: true}
		}
	}()
	if kind == household.KindPDF {
		l.imgs, l.cut = scanPages(data, letterWidth)
	} else if img := household.Photo(data, letterWidth); img != nil {
		l.imgs = []image.Image{img}
	}
	return l
}

// viewLetter opens a letter and shows it.
func (p *ownCaseParts) viewLetter(a household.Attachment, from fyne.Focusable) {
	o, h := p.o, p.o.h
	h.touch()
	h.run(func(ctx context.Context) func() {
		_, data, err := o.svc().AttachmentData(ctx, h.session, a.ID)
		var pages letterPages
		if err == nil {
			pages = readLetterPages(a.Kind, data)
		}
		return func() {
			if err != nil {
				o.fail(p.letterMsg, err)
				return
			}
			p.showLetter(a, pages, from)
		}
	})
}

func (p *ownCaseParts) showLetter(a household.Attachment, l letterPages, from fyne.Focusable) {
	imgs := l.imgs
	h := p.o.h
	v := &letterView{}
	p.view = v
	v.back = h.button(i18n.T("Back"), theme.NavigateBackIcon(), nil)
	v.print = h.button(i18n.T("Print"), theme.DocumentPrintIcon(), func() { p.printLetter(a) })
	v.save = h.button(i18n.T("Save"), theme.DocumentSaveIcon(), func() { p.saveLetter(a) })
	v.save.Hidden = h.svc.Kiosk
	heading := bold(a.Name)
	if len(imgs) > 1 {
		heading.SetText(i18n.N(len(imgs), "%s · %d page", "%s · %d pages", a.Name, len(imgs)))
	}
	sheets := container.NewVBox()
	if l.cut {
		v.cut = wrapped(i18n.T("Not all of this letter's pages are shown: it is too large to show in full here. Print it, or save it and open it in a PDF viewer, to see them all."))
		sheets.Add(v.cut)
	}
	for _, img := range imgs {
		ci := canvas.NewImageFromImage(img)
		ci.FillMode = canvas.ImageFillContain
		b := img.Bounds()
		w := float32(min(b.Dx(), 760))
		ci.SetMinSize(fyne.NewSize(w, w*float32(b.Dy())/float32(b.Dx())))
		v.pages = append(v.pages, ci)
		sheets.Add(ci)
	}
	switch {
	case l.broken:
		v.noImages = wrapped(i18n.T("CaseDesk could not show this letter: something in the file is damaged. Print it, or save it and open it in another program."))
		sheets.Add(v.noImages)
	case len(imgs) == 0 && !l.cut:
		msg := i18n.T("This PDF holds no scanned pages that CaseDesk can show: it was made from text, or scanned in a kind CaseDesk does not read. Print it, or save it and open it in a PDF viewer.")
		if a.Kind != household.KindPDF {
			msg = i18n.T("This photo cannot be shown: the file is damaged. Print it or save it to look at it elsewhere.")
		}
		v.noImages = wrapped(msg)
		sheets.Add(v.noImages)
	}
	bar := container.NewBorder(nil, nil, v.back, container.NewHBox(v.print, v.save), heading)
	v.box = container.NewBorder(bar, p.letterMsgOver(), nil, nil, container.NewScroll(container.NewCenter(sheets)))
	v.back.OnTapped = h.showOver(v.box, func() { p.view = nil; v.pages = nil }, from)
}

// letterMsgOver is the line where the letter's view says how printing or
// saving went: the case page's letters line, moved under the view.
func (p *ownCaseParts) letterMsgOver() fyne.CanvasObject {
	l := note()
	p.viewMsg = l
	return l
}
