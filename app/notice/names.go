package notice

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FileName is the name a PDF of d is saved under: its English title (for a
// notice, the kind and the receipt number) and its date, words joined by
// hyphens, like Appointment-Notice-MSC2290011122-2026-04-10.pdf. English in
// every language, so a name is the same whoever saves it and stays ASCII
// for the printers and file shares that mangle accents. It is a name
// Windows, macOS and Linux all take: no path separators, no characters
// Windows refuses, no dot but the extension's.
func FileName(d Doc) string {
	title := safeName(d.title(english()))
	if title == "" {
		title = "notice"
	}
	if date := d.Date(); !date.IsZero() {
		title += "-" + date.ISO()
	}
	return title + ".pdf"
}

// maxTitle bounds the title part of a file name, in bytes: file systems
// allow 255, and a "(2)" or a temporary file's suffix must still fit.
const maxTitle = 120

// safeName joins the words of s with hyphens and drops what a file name
// must not hold: Windows refuses < > : " / \ | ? * and control characters,
// strips trailing dots and spaces, and reserves CON, NUL, COM1 and the like.
func safeName(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFC.String(s) {
		switch {
		case r == utf8.RuneError || unicode.IsControl(r) && !unicode.IsSpace(r):
			continue
		case unicode.IsSpace(r) || strings.ContainsRune(`<>:"/\|?*.`, r):
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteRune(r)
	}
	name := b.String()
	for len(name) > maxTitle {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	name = strings.TrimRight(name, "-")
	if reserved(name) {
		name += "-"
	}
	return name
}

// reserved reports whether Windows keeps name for a device.
func reserved(name string) bool {
	switch u := strings.ToUpper(name); u {
	case "CON", "PRN", "AUX", "NUL":
		return true
	default:
		return len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) && u[3] >= '1' && u[3] <= '9'
	}
}

// numbered is name with " (i)" before its extension, or name itself for 1:
// how file managers name a second file of the same name.
func numbered(name string, i int) string {
	if i <= 1 {
		return name
	}
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + " (" + strconv.Itoa(i) + ")" + ext
}

// NextFree is the first of "name (2).pdf", "name (3).pdf" … beside path
// that nothing is at: where a second file of path's name can go.
func NextFree(path string) string {
	dir, name := filepath.Split(path)
	for i := 2; ; i++ {
		p := filepath.Join(dir, numbered(name, i))
		if _, err := os.Lstat(p); err != nil {
			return p
		}
	}
}

// SaveIn saves d, on the clinic's letterhead, in folder (made when missing)
// under FileName(d), and returns its path. It never replaces a file: when
// one of that name holds this very PDF (the same documents always give the
// same bytes), that one is the path; when it holds something else, d goes
// under the next free name, "name (2).pdf" and so on.
func (s *Service) SaveIn(ctx context.Context, folder string, d Doc) (string, error) {
	lh, err := s.Letterhead(ctx)
	if err != nil {
		return "", err
	}
	docs, err := s.inLanguages(ctx, []Doc{d})
	if err != nil {
		return "", err
	}
	d = docs[0]
	var pdf bytes.Buffer
	if err := Write(ctx, &pdf, lh, []Doc{d}, nil); err != nil {
		return "", err
	}
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return "", &FolderError{Folder: folder, Err: err}
	}
	name := FileName(d)
	for i := 1; ; i++ {
		path := filepath.Join(folder, numbered(name, i))
		if same, taken := holds(path, pdf.Bytes()); same {
			return path, nil
		} else if taken {
			continue
		}
		err := save(ctx, path, false, func(w io.Writer) error {
			_, err := w.Write(pdf.Bytes())
			return err
		})
		if errors.Is(err, fs.ErrExist) {
			continue // a file of that name came meanwhile
		}
		return path, err
	}
}

// holds reports whether something is at path and whether it is a file
// holding exactly b.
func holds(path string, b []byte) (same, taken bool) {
	fi, err := os.Lstat(path)
	if err != nil {
		return false, !errors.Is(err, fs.ErrNotExist)
	}
	if !fi.Mode().IsRegular() || fi.Size() != int64(len(b)) {
		return false, true
	}
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, b), true
}
