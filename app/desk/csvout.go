package desk

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"strings"

	"casedesk/app/notice"
)

// bom is UTF-8's byte-order mark: Excel reads a CSV file without one in the
// computer's old code page and garbles every accented name.
const bom = "\uFEFF"

// Neutralise makes a cell safe to open in a spreadsheet: one that starts
// with =, +, -, @, a tab or a carriage return would be read as a formula
// (OWASP's CSV injection), so it gets a single quote in front, which the
// spreadsheet shows and never runs. The rest of the text is kept.
func Neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// csvOut writes a CSV file as spreadsheets open it best: UTF-8 with a
// byte-order mark, lines ended by CRLF, every cell neutralised, the
// header's too: a header may carry text someone typed (the funders'
// report names the clinic there), and a spreadsheet runs a formula on the
// first line as readily as on any other.
type csvOut struct {
	w    *csv.Writer
	rows int // rows written after the header
}

func newCSVOut(w io.Writer, header ...string) (*csvOut, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	c := &csvOut{w: csv.NewWriter(w)}
	c.w.UseCRLF = true
	cells := make([]string, len(header))
	for i, h := range header {
		cells[i] = Neutralise(h)
	}
	if err := c.w.Write(cells); err != nil {
		return nil, err
	}
	return c, nil
}

// row writes one row, each cell neutralised.
func (c *csvOut) row(cells ...string) error {
	for i, s := range cells {
		cells[i] = Neutralise(s)
	}
	c.rows++
	return c.w.Write(cells)
}

func (c *csvOut) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// writeCSVFile writes a CSV file at path through a temporary file in the
// same folder, mode 0600, that takes its place only when complete: a
// failure leaves no partial file. A file already at path is kept, and an
// error for fs.ErrExist returned, unless replace is set. fill writes the
// rows; the count of rows is returned.
func writeCSVFile(ctx context.Context, path string, replace bool, header []string, fill func(*csvOut) error) (int, error) {
	rows := 0
	err := notice.SaveFile(ctx, path, replace, func(w io.Writer) error {
		b := bufio.NewWriterSize(w, 64<<10)
		c, err := newCSVOut(b, header...)
		if err != nil {
			return err
		}
		if err := fill(c); err != nil {
			return err
		}
		if err := c.flush(); err != nil {
			return err
		}
		rows = c.rows
		return b.Flush()
	})
	return rows, err
}
