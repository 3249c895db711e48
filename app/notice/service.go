package notice

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
)

// Store is what the notice service reads; the case store implements it.
type Store interface {
	Notice(ctx context.Context, id string) (app.Notice, error)
	NoticesOfCase(ctx context.Context, caseID string) ([]app.Notice, error)
	NoticesOn(ctx context.Context, d app.Date) ([]app.Notice, error)
	CountNoticesOn(ctx context.Context, d app.Date) (int, error)
	LatestNoticeDate(ctx context.Context, d app.Date) (app.Date, error)
	CaseByReceipt(ctx context.Context, r app.Receipt) (app.Case, error)
	Events(ctx context.Context, caseID string) ([]app.CaseEvent, error)
	Person(ctx context.Context, id string) (app.Person, error)
	Setting(ctx context.Context, key string) (string, error)
}

// Service turns stored notices and other documents into PDF files: the one
// place CaseDesk renders a document to a file.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a notice service over store. now is the clock (nil: time.Now).
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Today is the service clock's date.
func (s *Service) Today() app.Date { return app.DateOf(s.now()) }

// Letterhead reads the clinic's name, address and phone number from the
// settings; the phone goes under the address, where a letter's reader
// looks for whom to call.
func (s *Service) Letterhead(ctx context.Context) (Letterhead, error) {
	name, err := s.store.Setting(ctx, app.SettingClinicName)
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return Letterhead{}, err
	}
	addr, err := s.store.Setting(ctx, app.SettingClinicAddress)
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return Letterhead{}, err
	}
	phone, err := s.store.Setting(ctx, app.SettingClinicPhone)
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return Letterhead{}, err
	}
	addr += "\n" + phone
	lh := Letterhead{Name: strings.TrimSpace(name)}
	if lh.Name == "" {
		lh.Name = "CaseDesk"
	}
	for _, l := range strings.Split(addr, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lh.Address = append(lh.Address, l)
		}
	}
	return lh, nil
}

// Day describes the notices of one date.
type Day struct {
	Date   app.Date
	Count  int
	Latest app.Date // when Count is 0: the latest earlier date with notices, or zero
}

// Day counts the notices dated d and, when there are none, finds the latest
// earlier date that has some.
func (s *Service) Day(ctx context.Context, d app.Date) (Day, error) {
	n, err := s.store.CountNoticesOn(ctx, d)
	if err != nil {
		return Day{}, err
	}
	day := Day{Date: d, Count: n}
	if n == 0 {
		if day.Latest, err = s.store.LatestNoticeDate(ctx, d); err != nil {
			return Day{}, err
		}
	}
	return day, nil
}

// Selection says which documents to export: one notice, a case's notices
// (with its history report if asked), or every notice of a date.
type Selection struct {
	NoticeID string
	Receipt  app.Receipt
	History  bool // with Receipt: add the case history report
	Date     app.Date
}

// Describe names the selection for messages and default file names.
func (sel Selection) Describe() string {
	switch {
	case sel.NoticeID != "":
		return i18n.T("notice %s", sel.NoticeID)
	case sel.Receipt != "":
		return i18n.T("the notices of %s", string(sel.Receipt))
	default:
		return i18n.T("the notices dated %s", sel.Date.String())
	}
}

// FileName is a sensible name for the exported PDF.
func (sel Selection) FileName() string {
	switch {
	case sel.NoticeID != "":
		return "notice-" + sel.NoticeID + ".pdf"
	case sel.Receipt != "":
		return string(sel.Receipt) + "-notices.pdf"
	default:
		return "notices-" + sel.Date.ISO() + ".pdf"
	}
}

// ErrNothing means the selection holds no notice.
var ErrNothing = errors.New("no notices")

// Docs loads the documents of a selection.
func (s *Service) Docs(ctx context.Context, sel Selection) ([]Doc, error) {
	var ns []app.Notice
	var extra []Doc
	switch {
	case sel.NoticeID != "":
		n, err := s.store.Notice(ctx, sel.NoticeID)
		if err != nil {
			return nil, err
		}
		ns = []app.Notice{n}
	case sel.Receipt != "":
		c, err := s.store.CaseByReceipt(ctx, sel.Receipt)
		if err != nil {
			return nil, err
		}
		if ns, err = s.store.NoticesOfCase(ctx, c.ID); err != nil {
			return nil, err
		}
		if sel.History {
			h, err := s.history(ctx, c)
			if err != nil {
				return nil, err
			}
			extra = append(extra, h)
		}
	case !sel.Date.IsZero():
		var err error
		if ns, err = s.store.NoticesOn(ctx, sel.Date); err != nil {
			return nil, err
		}
	default:
		return nil, errors.New("notice: empty selection")
	}
	docs := make([]Doc, 0, len(ns)+len(extra))
	for _, n := range ns {
		docs = append(docs, Notice(n))
	}
	docs = append(docs, extra...)
	if len(docs) == 0 {
		return nil, ErrNothing
	}
	return s.inLanguages(ctx, docs)
}

// inLanguages gives each stored notice of docs whose language is not yet
// known its recipient's: the person's language decides a notice's,
// whatever the language of the screen that prints it. A notice whose
// recipient is gone prints in English. docs itself is not changed.
func (s *Service) inLanguages(ctx context.Context, docs []Doc) ([]Doc, error) {
	out, copied := docs, false
	tags := map[string]string{} // person → language tag
	for i, d := range docs {
		st, ok := d.(stored)
		if !ok || st.tr != nil {
			continue
		}
		tag, seen := tags[st.n.PersonID]
		if !seen && st.n.PersonID != "" {
			p, err := s.store.Person(ctx, st.n.PersonID)
			switch {
			case err == nil:
				tag = p.Language
			case !errors.Is(err, app.ErrNotFound):
				return nil, err
			}
			tags[st.n.PersonID] = tag
		}
		if !copied {
			out, copied = append([]Doc(nil), docs...), true
		}
		st.tr = i18n.In(tag)
		out[i] = st
	}
	return out, nil
}

func (s *Service) history(ctx context.Context, c app.Case) (Doc, error) {
	events, err := s.store.Events(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	p, err := s.store.Person(ctx, c.ApplicantID)
	if err != nil {
		return nil, err
	}
	return CaseHistory{Case: c, Name: p.FullName(), Address: AddressBlock(p), Events: events, Printed: s.Today(), Lang: p.Language}, nil
}

// AddressBlock is a person's mailing block: name, street lines, city state ZIP.
func AddressBlock(p app.Person) string {
	lines := []string{p.FullName(), p.Address.Line1}
	if p.Address.Line2 != "" {
		lines = append(lines, p.Address.Line2)
	}
	lines = append(lines, strings.TrimSpace(p.Address.City+" "+p.Address.State+" "+string(p.Address.ZIP)))
	return strings.Join(lines, "\n")
}

// Progress reports an export: done of total documents.
type Progress func(done, total int)

// Export writes the selection into one PDF at path, making its folder when
// missing, and returns how many documents it holds. The file appears only
// when complete, replacing one of that name; a cancelled or failed export
// leaves no partial file and keeps an earlier one.
func (s *Service) Export(ctx context.Context, sel Selection, path string, progress Progress) (int, error) {
	return s.export(ctx, sel, path, true, progress)
}

// ExportNew is Export that never replaces a file: when path is taken it
// returns an error for fs.ErrExist, at once when it is taken at the start,
// and leaves the file as it is.
func (s *Service) ExportNew(ctx context.Context, sel Selection, path string, progress Progress) (int, error) {
	return s.export(ctx, sel, path, false, progress)
}

func (s *Service) export(ctx context.Context, sel Selection, path string, replace bool, progress Progress) (int, error) {
	docs, err := s.Docs(ctx, sel)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return 0, &FolderError{Folder: filepath.Dir(path), Err: err}
	}
	if _, err := os.Lstat(path); err == nil && !replace {
		return 0, &fs.PathError{Op: "save", Path: path, Err: fs.ErrExist}
	}
	lh, err := s.Letterhead(ctx)
	if err != nil {
		return 0, err
	}
	total := len(docs)
	if progress != nil {
		progress(0, total)
	}
	err = save(ctx, path, replace, func(w io.Writer) error {
		return Write(ctx, w, lh, docs, func(done int) {
			if progress != nil {
				progress(done, total)
			}
		})
	})
	if err != nil {
		return 0, err
	}
	return total, nil
}

// ExportMessage turns an export error into words for people.
func ExportMessage(sel Selection, err error) string {
	var ue *UnprintableError
	var in *app.InputError
	var fe *FolderError
	switch {
	case errors.Is(err, ErrNothing) && sel.Receipt != "":
		return i18n.T("Case %s has no notices yet, so no PDF was made.", string(sel.Receipt))
	case errors.Is(err, ErrNothing):
		return i18n.T("No notices are dated %s, so no PDF was made.", sel.Date.String())
	case errors.Is(err, app.ErrNotFound) && sel.Receipt != "":
		return i18n.T("CaseDesk has no case with receipt number %s. Check the number on the notice and try again.", string(sel.Receipt))
	case errors.Is(err, app.ErrNotFound):
		return i18n.T("CaseDesk has no %s. Check the id with “casedesk notices list” and try again.", sel.Describe())
	case errors.Is(err, context.Canceled):
		return i18n.T("Export cancelled. No file was written.")
	case errors.As(err, &fe):
		return i18n.T("Could not make the folder %s: %v. Choose another folder.", fe.Folder, fe.Err)
	case errors.Is(err, fs.ErrExist):
		return i18n.T("A file of that name is already in the folder, so no PDF was saved.")
	case errors.As(err, &ue), errors.As(err, &in):
		return err.Error()
	}
	return i18n.T("Could not write the PDF: %v. Check that the folder exists and that you may write to it.", err)
}

// String shows a day for people: "12 notices dated March 4, 2026".
func (d Day) String() string {
	if d.Count == 0 {
		return i18n.T("No notices are dated %s.", d.Date.String())
	}
	return i18n.N(d.Count, "%d notice is dated %s.", "%d notices are dated %s.", d.Count, d.Date.String())
}

// FolderError means the folder a PDF goes in could not be made.
type FolderError struct {
	Folder string
	Err    error
}

func (e *FolderError) Error() string {
	return "could not make the folder " + e.Folder + ": " + e.Err.Error()
}
func (e *FolderError) Unwrap() error { return e.Err }
