package household

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"casedesk/app/portal"
)

// MaxAttachment is the largest letter kept: 25 MB, more than a scanned
// letter of a few pages or a phone's photo needs.
const MaxAttachment = 25 << 20

// FileKind is the kind of a letter's file, as its bytes say.
type FileKind string

// The kinds of file a letter may be.
const (
	KindPDF  FileKind = "pdf"
	KindJPEG FileKind = "jpeg"
	KindPNG  FileKind = "png"
)

// Sniff tells a file's kind from its first bytes, never from its name: a
// program renamed letter.pdf is not a PDF.
func Sniff(b []byte) (FileKind, bool) {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return KindPDF, true
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return KindJPEG, true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG, true
	}
	return "", false
}

// Ext is the file name extension of the kind.
func (k FileKind) Ext() string {
	if k == KindJPEG {
		return ".jpg"
	}
	return "." + string(k)
}

// ReadLetter reads a letter's file from r, whose size is size bytes (-1
// when unknown), and checks its kind. A file over MaxAttachment is refused
// before it is read; one of known size is read into a buffer of exactly
// its size, the one copy of the file in memory.
func ReadLetter(r io.Reader, size int64) ([]byte, FileKind, error) {
	if size > MaxAttachment {
		return nil, "", ErrFileTooLarge
	}
	var b []byte
	if size >= 0 {
		b = make([]byte, size)
		n, err := io.ReadFull(r, b)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, "", err
		}
		b = b[:n]
		// A file that grew since its size was taken is read no further.
		if extra, _ := r.Read(make([]byte, 1)); extra > 0 {
			return nil, "", ErrFileTooLarge
		}
	} else {
		var err error
		if b, err = io.ReadAll(io.LimitReader(r, MaxAttachment+1)); err != nil {
			return nil, "", err
		}
	}
	return checkLetter(b)
}

func checkLetter(b []byte) ([]byte, FileKind, error) {
	if len(b) > MaxAttachment {
		return nil, "", ErrFileTooLarge
	}
	kind, ok := Sniff(b)
	if !ok {
		return nil, "", ErrFileKind
	}
	return b, kind, nil
}

// maxFileName is the longest file name kept, in characters.
const maxFileName = 120

// cleanName is a file's base name, without folders, at most maxFileName
// characters, with the extension its bytes call for.
func cleanName(name string, kind FileKind) string {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	name = strings.TrimSuffix(name, filepath.Ext(name))
	if name == "" || name == "." || name == "/" {
		name = "letter"
	}
	if utf8.RuneCountInString(name) > maxFileName {
		name = string([]rune(name)[:maxFileName])
	}
	return name + kind.Ext()
}

// Attach keeps a letter with a case, sealed with the install's data key.
// data is the file as read (ReadLetter); it is checked again here: a file
// that is not a PDF, JPEG or PNG, or is over MaxAttachment, is refused.
// The letter is sealed into one new buffer; data is not kept.
func (s *Service) Attach(ctx context.Context, sess *portal.Session, caseID, name string, data []byte) (Attachment, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return Attachment{}, err
	}
	c, err := s.caseOf(ctx, o, caseID)
	if err != nil {
		return Attachment{}, err
	}
	_, kind, err := checkLetter(data)
	if err != nil {
		return Attachment{}, err
	}
	a := Attachment{CaseID: c.ID, Name: cleanName(name, kind), Kind: kind, Size: int64(len(data)), AddedAt: s.now().UTC()}
	sealed := s.keys.Seal(data)
	err = s.store.AddAttachment(ctx, &a, sealed, s.event(o, "household.letter.add", "case", c.ID, string(kind)+" letter attached"))
	return a, err
}

// Attachments lists the letters kept with a case, oldest first.
func (s *Service) Attachments(ctx context.Context, sess *portal.Session, caseID string) ([]Attachment, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return nil, err
	}
	if _, err := s.caseOf(ctx, o, caseID); err != nil {
		return nil, err
	}
	return s.store.Attachments(ctx, caseID)
}

// AttachmentData returns a letter and its bytes, opened: the sealed bytes
// as the store reads them and the letter are the only copies made.
func (s *Service) AttachmentData(ctx context.Context, sess *portal.Session, id string) (Attachment, []byte, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return Attachment{}, nil, err
	}
	a, err := s.store.Attachment(ctx, id)
	if err != nil {
		return Attachment{}, nil, err
	}
	if _, err := s.caseOf(ctx, o, a.CaseID); err != nil {
		return Attachment{}, nil, err
	}
	var b []byte
	err = s.store.UseSealed(ctx, id, func(sealed []byte) (err error) {
		b, err = s.keys.Open(sealed)
		return err
	})
	if err != nil {
		return Attachment{}, nil, err
	}
	return a, b, nil
}

// RemoveAttachment removes a letter from its case.
func (s *Service) RemoveAttachment(ctx context.Context, sess *portal.Session, id string) error {
	o, err := s.check(ctx, sess)
	if err != nil {
		return err
	}
	a, err := s.store.Attachment(ctx, id)
	if err != nil {
		return err
	}
	if _, err := s.caseOf(ctx, o, a.CaseID); err != nil {
		return err
	}
	return s.store.RemoveAttachment(ctx, id, s.event(o, "household.letter.remove", "case", a.CaseID, string(a.Kind)+" letter removed"))
}

// IsFileError reports whether err is about the file chosen (its kind or size).
func IsFileError(err error) bool {
	return errors.Is(err, ErrFileKind) || errors.Is(err, ErrFileTooLarge)
}
