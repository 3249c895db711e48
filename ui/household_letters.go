package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"casedesk/app/files"
	"casedesk/app/household"
	"casedesk/app/i18n"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// letterRow is one letter on a case page: its name and the buttons to
// view, print, save and remove it; Remove asks first, in the row.
type letterRow struct {
	view, print, save, remove *pageButton
	sure, keep                *pageButton
	ask                       *fyne.Container
}

// showLetters lists the case's letters.
func (p *ownCaseParts) showLetters(as []household.Attachment) {
	h := p.o.h
	p.letters.Objects = nil
	p.rows = map[string]*letterRow{}
	if len(as) == 0 {
		p.letters.Add(empty(i18n.T("No letters kept with this case yet.")))
	}
	for _, a := range as {
		a := a
		r := &letterRow{}
		r.view = h.button(i18n.T("View"), theme.VisibilityIcon(), nil)
		r.view.OnTapped = func() { p.viewLetter(a, r.view) }
		r.print = h.button(i18n.T("Print"), theme.DocumentPrintIcon(), func() { p.printLetter(a) })
		r.save = h.button(i18n.T("Save"), theme.DocumentSaveIcon(), func() { p.saveLetter(a) })
		r.save.Hidden = h.svc.Kiosk
		r.remove = h.button(i18n.T("Remove"), theme.DeleteIcon(), nil)
		r.sure = h.button(i18n.T("Remove it"), theme.DeleteIcon(), func() { p.removeLetter(a) })
		r.sure.Importance = widget.DangerImportance
		r.keep = h.button(i18n.T("Keep it"), theme.CancelIcon(), nil)
		r.ask = container.NewHBox(widget.NewLabel(i18n.T("Remove this letter?")), r.sure, r.keep)
		r.ask.Hide()
		buttons := container.NewHBox(r.view, r.print, r.save, r.remove)
		r.remove.OnTapped = func() { h.touch(); buttons.Hide(); r.ask.Show(); p.focus(r.keep) }
		r.keep.OnTapped = func() { h.touch(); r.ask.Hide(); buttons.Show(); p.focus(r.remove) }
		p.rows[a.ID] = r
		info := i18n.T("%s · %s · added %s", strings.ToUpper(string(a.Kind)), size(a.Size), a.AddedAt.Local().Format("2006-01-02"))
		p.letters.Add(container.NewBorder(nil, nil, nil, container.NewVBox(container.NewStack(buttons, r.ask)),
			container.NewVBox(wrapped(a.Name), hint(info))))
	}
	p.letters.Refresh()
}

// focus gives f the focus, in a window. It is called once background
// work is done, long after the key that started it.
func (p *ownCaseParts) focus(f fyne.Focusable) {
	if c := p.o.h.canvas; c != nil {
		c.Focus(f)
	}
}

// size is a file's size in words: "812 KB", "19.6 MB".
func size(n int64) string {
	if n < 1<<20 {
		return i18n.T("%d KB", (n+1023)/1024)
	}
	return i18n.T("%s MB", fmt.Sprintf("%.1f", float64(n)/(1<<20)))
}

// pickLetter asks for the letter's file with the file dialog, starting in
// the person's home folder, showing PDFs and photos.
func (p *ownCaseParts) pickLetter() {
	h := p.o.h
	h.touch()
	if p.o.pick != nil { // tests choose the file without a dialog
		p.o.pick(p.attachFile)
		return
	}
	win := windowOf(h.canvas)
	if win == nil {
		tell(p.letterMsg, i18n.T("There is no window to choose a file in."), true)
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			tell(p.letterMsg, err.Error(), true)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		p.attachFile(path)
	}, win)
	d.SetTitleText(i18n.T("Choose the letter's scan or photo"))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".PDF", ".jpg", ".JPG", ".jpeg", ".JPEG", ".png", ".PNG"}))
	if home, err := os.UserHomeDir(); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(home)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Show()
}

// attachFile reads the file at path and keeps it with the case, off the
// UI goroutine. CaseDesk's own files (the store, a backup, a key) are
// never read as letters.
func (p *ownCaseParts) attachFile(path string) {
	o, h, id := p.o, p.o.h, p.c.ID
	p.attach.Disable()
	tell(p.letterMsg, i18n.T("Keeping %s…", filepath.Base(path)), false)
	h.run(func(ctx context.Context) func() {
		var as []household.Attachment
		err := func() error {
			if files.Kind(path) != "" {
				return household.ErrFileKind
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			size := int64(-1)
			if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
				size = st.Size()
			}
			data, _, err := household.ReadLetter(f, size)
			f.Close()
			if err != nil {
				return err
			}
			if _, err := o.svc().Attach(ctx, h.session, id, filepath.Base(path), data); err != nil {
				return err
			}
			as, err = o.svc().Attachments(ctx, h.session, id)
			return err
		}()
		return func() {
			p.attach.Enable()
			if err != nil {
				o.fail(p.letterMsg, err)
				return
			}
			if o.parts == p {
				p.showLetters(as)
			}
			tell(p.letterMsg, i18n.T("%s is kept with the case.", filepath.Base(path)), false)
		}
	})
}

// printLetter prints a letter from a private temporary file (0600), which
// is removed once the printer has it.
func (p *ownCaseParts) printLetter(a household.Attachment) {
	p.printBytes(a.Name, func(ctx context.Context) ([]byte, error) {
		_, data, err := p.o.svc().AttachmentData(ctx, p.o.h.session, a.ID)
		return data, err
	}, p.outcomeLine())
}

// outcomeLine is where printing or saving a letter is told: under the
// letter when it is shown, else under the case page's letters.
func (p *ownCaseParts) outcomeLine() *widget.Label {
	if p.view != nil && p.viewMsg != nil {
		return p.viewMsg
	}
	return p.letterMsg
}

// printBytes prints what load reads, through a private temporary file;
// where the computer cannot print privately it says to save instead.
func (p *ownCaseParts) printBytes(name string, load func(ctx context.Context) ([]byte, error), msg *widget.Label) {
	o, h := p.o, p.o.h
	h.touch()
	h.run(func(ctx context.Context) func() {
		data, err := load(ctx)
		if err == nil {
			_, err = h.svc.Printing.PrintPrivately(ctx, name, func(w io.Writer) error { _, err := w.Write(data); return err }, "")
		}
		return func() {
			switch {
			case errors.Is(err, printing.ErrNotPrivate):
				tell(msg, i18n.T("This computer prints only from a saved file: save it, then print it from the folder."), true)
			case err != nil:
				o.fail(msg, err)
			default:
				tell(msg, i18n.T("Sent to the printer."), false)
			}
		}
	})
}

// saveLetter saves a copy of a letter in the PDF folder, under its name
// (numbered when taken).
func (p *ownCaseParts) saveLetter(a household.Attachment) {
	p.saveBytes(a.Name, func(ctx context.Context) ([]byte, error) {
		_, data, err := p.o.svc().AttachmentData(ctx, p.o.h.session, a.ID)
		return data, err
	}, p.outcomeLine())
}

func (p *ownCaseParts) saveBytes(name string, load func(ctx context.Context) ([]byte, error), msg *widget.Label) {
	o, h := p.o, p.o.h
	h.touch()
	folder := h.svc.PDFFolder
	h.run(func(ctx context.Context) func() {
		data, err := load(ctx)
		var path string
		if err == nil {
			path, err = saveNew(folder, name, data)
		}
		return func() {
			if err != nil {
				o.fail(msg, err)
				return
			}
			tell(msg, i18n.T("Saved in %s.", path), false)
		}
	})
}

// saveNew writes data in folder (made when missing) under name, or the
// first free "name (2)", "name (3)" …, through a temporary file of mode
// 0600 that appears under the name only when complete; it never replaces
// a file.
func saveNew(folder, name string, data []byte) (string, error) {
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(folder, ".casedesk-*.part")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		path := filepath.Join(folder, name)
		if i > 1 {
			path = filepath.Join(folder, fmt.Sprintf("%s (%d)%s", base, i, ext))
		}
		err := os.Link(tmp.Name(), path)
		if err == nil {
			return path, nil
		}
		if !os.IsExist(err) {
			return "", err
		}
	}
	return "", fmt.Errorf("no free name for %s in %s", name, folder)
}

// removeLetter removes a letter from the case.
func (p *ownCaseParts) removeLetter(a household.Attachment) {
	o, h, id := p.o, p.o.h, p.c.ID
	h.touch()
	h.run(func(ctx context.Context) func() {
		err := o.svc().RemoveAttachment(ctx, h.session, a.ID)
		var as []household.Attachment
		if err == nil {
			as, err = o.svc().Attachments(ctx, h.session, id)
		}
		return func() {
			if err != nil {
				o.fail(p.letterMsg, err)
				return
			}
			if o.parts == p {
				p.showLetters(as)
				p.focus(p.attach)
			}
			tell(p.letterMsg, i18n.T("%s is removed.", a.Name), false)
		}
	})
}

// coverSheet prints or saves the response's cover sheet.
func (p *ownCaseParts) coverSheet(print bool) {
	hs, s, id := p.o.svc(), p.o.h.session, p.c.ID
	name := i18n.T("Cover sheet %s.pdf", string(p.c.Receipt))
	load := func(ctx context.Context) ([]byte, error) {
		var b bytes.Buffer
		_, err := hs.WriteCover(ctx, s, id, &b)
		return b.Bytes(), err
	}
	if print {
		p.printBytes(name, load, p.rfeMsg)
		return
	}
	p.saveBytes(name, load, p.rfeMsg)
}
