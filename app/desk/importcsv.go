package desk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"casedesk/app/i18n"
)

// MaxImportBytes is the largest CSV file an import reads: far more than a
// clinic's spreadsheet (10,000 clients are about 2 MB), little enough to
// read whole.
const MaxImportBytes = 64 << 20

// ErrImportFile refuses a file that is not a CSV file CaseDesk can read
// whole: its *ImportFileError says why and what to do.
var ErrImportFile = errors.New("the file cannot be imported")

// ImportFileError is why a whole file was refused, for people: which line
// when one is to blame, and what to do.
type ImportFileError struct {
	Line int // 0 when no one line is to blame
	Msg  string
}

func (e *ImportFileError) Error() string {
	if e.Line > 0 {
		return i18n.T("Line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Unwrap lets callers test for ErrImportFile.
func (e *ImportFileError) Unwrap() error { return ErrImportFile }

// CSVFile is a CSV file as read: its header and its records, each with the
// physical line it starts on.
type CSVFile struct {
	Header    []string
	Records   []CSVRecord
	Separator rune // ',' or ';'
}

// CSVRecord is one record of a CSV file.
type CSVRecord struct {
	Line   int // the line the record starts on, counting the line breaks inside quoted fields
	Fields []string
}

// utf8BOM is the byte-order mark Excel writes before "CSV UTF-8".
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ReadCSV reads a CSV file as spreadsheet programs save it: UTF-8 with or
// without a byte-order mark, fields separated by commas or semicolons
// (whichever the header line has more of: a European Excel saves with
// semicolons), quoted fields that may hold separators, quotes and line
// breaks, lines ending in CRLF or LF. A file that is not UTF-8 is refused
// with the first line that is not, never read garbled: a Latin-1 "é" read
// as UTF-8 would become a name no notice should print.
func ReadCSV(r io.Reader) (*CSVFile, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxImportBytes {
		return nil, &ImportFileError{Msg: i18n.T("The file is larger than %d MB. Split it into smaller files and import each.", MaxImportBytes>>20)}
	}
	return ParseCSV(b)
}

// ParseCSV is ReadCSV over the file's bytes.
func ParseCSV(b []byte) (*CSVFile, error) {
	b = bytes.TrimPrefix(b, utf8BOM)
	if i := invalidUTF8(b); i >= 0 {
		line := 1 + bytes.Count(b[:i], []byte{'\n'})
		return nil, &ImportFileError{Line: line, Msg: i18n.T("the file is not UTF-8 text (it may be Latin-1 or Windows-1252, which older spreadsheet programs save). Save it as UTF-8 (in Excel: Save As, \"CSV UTF-8 (Comma delimited)\"; in LibreOffice: Character set \"Unicode (UTF-8)\") and import it again.")}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &ImportFileError{Msg: i18n.T("The file is empty. Choose the CSV file with your clients or cases, with a header line naming the columns.")}
	}
	return parseCSV(b, sniffSeparator(b))
}

// parseCSV reads UTF-8 bytes with no byte-order mark, fields separated by sep.
func parseCSV(b []byte, sep rune) (*CSVFile, error) {
	f := &CSVFile{Separator: sep}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = f.Separator
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	cr.ReuseRecord = false
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ImportFileError{Line: pe.StartLine, Msg: csvMessage(pe)}
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if f.Header == nil {
			f.Header = rec
			continue
		}
		if blank(rec) {
			continue // spreadsheets save empty rows as ",,,,"
		}
		f.Records = append(f.Records, CSVRecord{Line: line, Fields: rec})
	}
	if f.Header == nil {
		return nil, &ImportFileError{Msg: i18n.T("The file has no header line. Its first line must name the columns; save the template to see them.")}
	}
	return f, nil
}

// invalidUTF8 is the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// sniffSeparator is ';' when the header line (the first that is not
// empty, up to its line break outside quotes) has more semicolons than
// commas, else ','.
func sniffSeparator(b []byte) rune {
	for len(b) > 0 && (b[0] == '\n' || b[0] == '\r') {
		b = b[1:] // the CSV reader skips empty lines too
	}
	commas, semis := 0, 0
	quoted := false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// csvMessage says what is wrong with a file the CSV reader refused.
func csvMessage(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		return i18n.T("a quoted field is not closed: a field that starts with \" must end with \" (a quote inside it is written twice, \"\"). Check the line in a text editor, or save the file again from the spreadsheet.")
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return i18n.T("a field has a \" in the middle of it. Save the file from the spreadsheet program again, which quotes such fields, or remove the quote.")
	}
	return pe.Err.Error()
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
