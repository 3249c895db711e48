package notice

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"casedesk/app/files"
	"casedesk/app/i18n"
	"casedesk/assets"
)

// Write renders docs, in order, into one PDF on w. progress, when not nil, is
// called after each document with how many are done. Write stops early with
// ctx.Err() when ctx ends, and with an *UnprintableError when a document
// holds text the fonts lack; in both cases w may hold part of a file, so
// write to Save's temporary file, not to the final place.
func Write(ctx context.Context, w io.Writer, lh Letterhead, docs []Doc, progress func(done int)) error {
	if len(docs) == 0 {
		return errors.New(i18n.T("There is nothing to print: no documents were chosen."))
	}
	f := newPDF(lh, docs)
	var st pdfState
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := layout(f, lh, d, &st, nil); err != nil {
			return err
		}
		if progress != nil {
			progress(i + 1)
		}
	}
	// A cancel at the last document is still in time: finishing the file
	// (fonts, compression) is a good part of the work.
	if err := ctx.Err(); err != nil {
		return err
	}
	return f.Output(w)
}

// newPDF starts an empty PDF for docs: US Letter in points, the sans faces
// embedded, and document information that depends only on docs.
func newPDF(lh Letterhead, docs []Doc) *fpdf.Fpdf {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", SizeStr: "Letter"})
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(marginX, topY, marginX)
	f.SetCellMargin(0)
	// Our fpdf parses each font once per process and keeps its own copy
	// (third_party/fpdf/CASEDESK.md), so the embedded bytes are passed as they are.
	f.AddUTF8FontFromBytes(sans, "", assets.FontRegular)
	f.AddUTF8FontFromBytes(sans, "B", assets.FontBold)
	created := docs[0].Date()
	for _, d := range docs[1:] {
		if created.Before(d.Date()) {
			created = d.Date()
		}
	}
	// Fixed dates, not the clock: the same documents give the same bytes.
	at := created.Time().Add(12 * time.Hour)
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	f.SetCreator("CaseDesk", true)
	f.SetProducer("CaseDesk", true)
	f.SetAuthor(meta(lh.Name), true)
	// The title a viewer shows is in the documents' language; a batch in
	// several languages is named in English.
	tr := docs[0].lang()
	for _, d := range docs[1:] {
		if d.lang().Tag() != tr.Tag() {
			tr = english()
			break
		}
	}
	if len(docs) == 1 {
		f.SetTitle(meta(docs[0].title(tr)), true)
	} else {
		f.SetTitle(tr.N(len(docs), "%d document", "%d documents"), true)
	}
	return f
}

// layout lays d out in f: a dry run counts the pages, then the drawing run
// draws them and, when rec is not nil, records their marks. A document with
// text the fonts lack is refused before anything is drawn.
func layout(f *fpdf.Fpdf, lh Letterhead, d Doc, st *pdfState, rec *[]Page) error {
	tr := d.lang()
	dry := &page{f: f, lh: lh, doc: d, dry: true, state: st, tr: tr}
	dry.start()
	d.render(dry)
	if len(dry.bad) > 0 {
		return &UnprintableError{Doc: d.title(tr), Runes: Unprintable(string(dry.bad))}
	}
	p := &page{f: f, lh: lh, doc: d, total: dry.n, state: st, rec: rec, tr: tr}
	p.start()
	d.render(p)
	if err := f.Error(); err != nil {
		return fmt.Errorf("%s: %w", d.title(tr), err)
	}
	return nil
}

// meta cleans text for the PDF's document information, which fpdf needs as valid UTF-8.
func meta(s string) string { return strings.ToValidUTF8(s, "") }

// Save writes a PDF to path through a temporary file in the same folder that
// replaces path only when complete: a cancelled or failed export leaves no
// partial file and keeps any earlier one.
func Save(path string, write func(io.Writer) error) error {
	return save(context.Background(), path, true, write)
}

// save is Save that gives up, leaving path as it was, when ctx ends before
// the file is in place. Unless replace is set, it never replaces a file:
// when path is taken it returns an error for fs.ErrExist.
func save(ctx context.Context, path string, replace bool, write func(io.Writer) error) (err error) {
	if replace {
		if err := files.CheckReplace(path); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err // the last moment a cancel keeps the earlier file
	}
	if replace {
		return os.Rename(tmp.Name(), path)
	}
	return publishNew(tmp.Name(), path)
}

// publishNew puts the finished file tmp at path only when path is free. A
// hard link fails on a taken name where a rename would replace it; on a
// file system without hard links (FAT, some network shares) the name is
// checked, then tmp renamed.
func publishNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return &fs.PathError{Op: "save", Path: path, Err: fs.ErrExist}
	}
	if _, serr := os.Lstat(path); serr == nil {
		return &fs.PathError{Op: "save", Path: path, Err: fs.ErrExist}
	}
	return os.Rename(tmp, path)
}
