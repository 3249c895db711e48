package notice

import (
	"context"
	"errors"

	"casedesk/app/i18n"
)

// Page size of every document, in points (US Letter).
const (
	PageWidth  = pageW
	PageHeight = pageH
)

// Page is one page of a document laid out for the screen: the marks the PDF
// draws, where it draws them. A preview built from it writes no file.
type Page struct {
	Marks []Mark
}

// MarkKind is what a Mark draws.
type MarkKind int

const (
	MarkText MarkKind = iota // Text, its top-left corner at X, Y
	MarkLine                 // a horizontal rule from X to X+W at Y
	MarkBox                  // the outline of the rectangle X, Y, W, H
	MarkFill                 // a black rectangle X, Y, W, H (barcode bars)
)

// Mark is one thing drawn on a page, in points from the page's top-left
// corner.
type Mark struct {
	Kind       MarkKind
	X, Y, W, H float64 // for text, W is its width in the PDF's font
	Text       string
	Size       float64 // text size in points
	Bold, Mono bool
	Right      bool    // text aligned on its right edge, X+W
	Grey       int     // 0 black … 255 white, for text, rules and outlines
	Stroke     float64 // line width in points
}

// Preview lays d out exactly as Write prints it and returns its pages. Like
// Write, it refuses a document with text the fonts lack (*UnprintableError).
func Preview(ctx context.Context, lh Letterhead, d Doc) ([]Page, error) {
	if d == nil {
		return nil, errors.New(i18n.T("There is nothing to print: no documents were chosen."))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var st pdfState
	var pages []Page
	if err := layout(newPDF(lh, []Doc{d}), lh, d, &st, &pages); err != nil {
		return nil, err
	}
	return pages, nil
}
