package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"casedesk/app"
	"casedesk/app/desk"
)

const importUsage = `Usage:
  casedesk import clients FILE [--apply] [--map COLUMN=HEADER]…
  casedesk import cases FILE [--apply] [--map COLUMN=HEADER]…
  casedesk import clients|cases --template FILE

import reads a CSV file as a spreadsheet program saves it (UTF-8, with
commas or semicolons) and prints what importing it would do, row by row:
add, update, unchanged or refused, and for each refused row its line, its
column and what is wrong. It writes nothing until it is run again with
--apply, which imports the good rows at once and leaves out the refused
ones. Rows are matched to clients by A-number, or by name and date of
birth; to cases by receipt number; importing the same file again changes
nothing. Import clients before their cases.

The file's first line names its columns; --template FILE writes an empty
file with every column CaseDesk reads. Columns named otherwise are found
by their usual names ("First name", "DOB", "A#"); --map "Given name=Nombre
de pila" says which of the file's columns holds a column (repeat it for
more). The exit status is 1 when any row was refused.
`

// mapFlags is --map, which may be given many times.
type mapFlags []string

func (m *mapFlags) String() string     { return strings.Join(*m, ", ") }
func (m *mapFlags) Set(v string) error { *m = append(*m, v); return nil }

// importCommand is "import clients" and "import cases".
func importCommand(ctx context.Context, env Env, args []string) error {
	var apply bool
	var template string
	var maps mapFlags
	c, err := flags(env, "import", importUsage, args, func(fs *flag.FlagSet) {
		fs.BoolVar(&apply, "apply", false, "import the good rows; without it nothing is written")
		fs.StringVar(&template, "template", "", "write an empty CSV file with the columns to FILE, and nothing else")
		fs.Var(&maps, "map", `COLUMN=HEADER: the file's column HEADER holds CaseDesk's COLUMN (repeat for more)`)
	})
	if err != nil {
		return err
	}
	if len(c.words) == 0 {
		return usage(importUsage)
	}
	kind := desk.ImportKind(c.words[0])
	cmd := "import " + c.words[0]
	if kind != desk.ImportClients && kind != desk.ImportCases {
		return badCall("import", "unknown command %q; import clients or import cases", c.words[0])
	}
	if template != "" {
		if err := c.only(cmd, "template"); err != nil {
			return err
		}
		if len(c.words) != 1 {
			return badCall(cmd, "--template writes the template and reads no file; drop %q", c.words[1])
		}
		if err := desk.SaveTemplate(template, kind); err != nil {
			return failed(cmd, "could not write the template: %v", err)
		}
		fmt.Fprintf(env.Stdout, "Wrote the %s template to %s.\n", kind, template)
		return nil
	}
	if len(c.words) != 2 {
		return badCall(cmd, "wrong number of words; name one CSV file: casedesk %s FILE", cmd)
	}
	path := c.words[1]
	file, err := readImportFile(path)
	if err != nil {
		return failed(cmd, "%s: %s", path, desk.ImportMessage(err))
	}
	m := desk.DefaultMapping(kind, file.Header)
	for _, mv := range maps {
		if err := setMapping(m, kind, file.Header, mv); err != nil {
			return badCall(cmd, "%v", err)
		}
	}
	s, d, err := openDesk(ctx, env, cmd, c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	plan, err := d.DryRun(ctx, kind, file, m)
	if err != nil {
		return failed(cmd, "%s", desk.ImportMessage(err))
	}
	printPlan(env.Stdout, plan)
	if !apply {
		fmt.Fprintf(env.Stdout, "\nNothing was written. To import the %d rows to add or update, run the same command with --apply.\n", plan.Writes())
		return refusedRows(cmd, plan, false)
	}
	progress := func(done, total int) {}
	if isTerminal(env.Stderr) {
		progress = func(done, total int) { fmt.Fprintf(env.Stderr, "\rimported %d of %d", done, total) }
	}
	res, err := d.Apply(ctx, plan, progress)
	if isTerminal(env.Stderr) {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		return failed(cmd, "%s", desk.ImportMessage(err))
	}
	fmt.Fprintf(env.Stdout, "\nImported: %d added, %d updated; %d unchanged, %d refused.\n", res.Added, res.Updated, res.Unchanged, res.Refused)
	return refusedRows(cmd, plan, true)
}

// readImportFile reads the CSV file at path.
func readImportFile(path string) (*desk.CSVFile, error) {
	f, err := os.Open(filepath.Clean(path))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return desk.ReadCSV(f)
}

// setMapping applies one --map COLUMN=HEADER.
func setMapping(m desk.Mapping, kind desk.ImportKind, header []string, v string) error {
	col, head, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("--map %q: write it COLUMN=HEADER, like --map \"Given name=Nombre de pila\"", v)
	}
	key := ""
	for _, c := range desk.Columns(kind) {
		if app.SameName(c.Header, col) || c.Key == strings.TrimSpace(col) {
			key = c.Key
		}
	}
	if key == "" {
		return fmt.Errorf("--map %q: %q is not a column of a %s file; the template names them", v, col, kind)
	}
	for i, h := range header {
		if strings.TrimSpace(h) == strings.TrimSpace(head) {
			m[key] = i
			return nil
		}
	}
	if strings.TrimSpace(head) == "" {
		m[key] = -1 // --map "Phone=": leave the column out
		return nil
	}
	return fmt.Errorf("--map %q: the file has no column %q; its columns are %s", v, head, strings.Join(header, ", "))
}

// printPlan writes the dry run: the counts, then the rows that would be
// written or were refused (refused first), each refused row's problems
// under it. Unchanged rows are only counted.
func printPlan(w io.Writer, p *desk.Plan) {
	fmt.Fprintf(w, "%s\n\n", p.Summary())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tACTION\tROW\tDETAIL")
	for _, r := range p.RefusedFirst() {
		switch r.Action {
		case desk.ActionUnchanged:
			continue
		case desk.ActionRefused:
			for i, pr := range r.Problems {
				line, action, what := fmt.Sprint(r.Line), string(r.Action), r.What
				if i > 0 {
					line, action, what = "", "", ""
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s: %s\n", line, action, what, pr.Column, pr.Message)
			}
		case desk.ActionUpdate:
			fmt.Fprintf(tw, "%d\t%s\t%s\tchanges %s\n", r.Line, r.Action, r.What, strings.Join(r.Changes, ", "))
		default:
			fmt.Fprintf(tw, "%d\t%s\t%s\t\n", r.Line, r.Action, r.What)
		}
	}
	tw.Flush()
}

// refusedRows is the command's failure when rows were refused (exit 1).
func refusedRows(cmd string, p *desk.Plan, applied bool) error {
	n := p.Count(desk.ActionRefused)
	if n == 0 {
		return nil
	}
	if applied {
		return failed(cmd, "%d rows were refused and not imported; fix them in the file and import it again (the rows imported now will show as unchanged)", n)
	}
	return failed(cmd, "%d rows would be refused; fix them in the file, or import the others with --apply", n)
}
