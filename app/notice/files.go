package notice

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"

	"casedesk/app"
)

// Save writes docs, on the clinic's letterhead, into one PDF at path. The
// folder is made when missing; the file appears only when complete, so a
// failure leaves no partial file and keeps an earlier one.
func (s *Service) Save(ctx context.Context, path string, docs ...Doc) error {
	lh, err := s.Letterhead(ctx)
	if err != nil {
		return err
	}
	if docs, err = s.inLanguages(ctx, docs); err != nil {
		return err
	}
	return SaveDocs(ctx, path, lh, docs...)
}

// SaveNew is Save for a file that must not replace one already there:
// then it returns an error for fs.ErrExist and writes nothing.
func (s *Service) SaveNew(ctx context.Context, path string, docs ...Doc) error {
	lh, err := s.Letterhead(ctx)
	if err != nil {
		return err
	}
	if docs, err = s.inLanguages(ctx, docs); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return save(ctx, path, false, func(w io.Writer) error { return Write(ctx, w, lh, docs, nil) })
}

// SaveDocs is Save with the letterhead given: for documents made inside a
// store that is gone by the time they are written out.
func SaveDocs(ctx context.Context, path string, lh Letterhead, docs ...Doc) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return save(ctx, path, true, func(w io.Writer) error { return Write(ctx, w, lh, docs, nil) })
}

// Render writes docs, on the clinic's letterhead, as one PDF to w. The PDF
// is made in full before the first byte is written, so a failure writes
// nothing; w is not closed.
func (s *Service) Render(ctx context.Context, w io.Writer, docs ...Doc) error {
	lh, err := s.Letterhead(ctx)
	if err != nil {
		return err
	}
	if docs, err = s.inLanguages(ctx, docs); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := Write(ctx, &b, lh, docs, nil); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// Pages lays out d on the clinic's letterhead as it prints, in its
// reader's language, for showing on screen; it writes no file.
func (s *Service) Pages(ctx context.Context, d Doc) ([]Page, error) {
	lh, err := s.Letterhead(ctx)
	if err != nil {
		return nil, err
	}
	docs, err := s.inLanguages(ctx, []Doc{d})
	if err != nil {
		return nil, err
	}
	return Preview(ctx, lh, docs[0])
}

// SaveCalendar writes the appointment as a calendar file (.ics) in folder,
// made when missing, and returns the file's path. Like Save, the file
// appears only when complete.
func (s *Service) SaveCalendar(folder string, a app.Appointment) (string, error) {
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(folder, app.ICSName(a))
	return path, Save(path, func(w io.Writer) error {
		_, err := w.Write(app.ICS(a, s.now()))
		return err
	})
}
