package desk

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"casedesk/app"
	"casedesk/app/i18n"
)

// ImportStore is what importing needs of the store beyond the rest of Store.
type ImportStore interface {
	// AllClients lists every client (never a staff member's own row), for
	// matching an import's rows by A-number or by name and date of birth.
	AllClients(ctx context.Context) ([]Client, error)
	// Import writes every record of the batch and its audit rows, then the
	// batch's summary audit row, in one transaction: all or none. It
	// reports progress after each record and stops, writing nothing, when
	// ctx is cancelled. app.ErrAlreadyExists when an A-number or receipt
	// number it adds was taken meanwhile, or when a client it adds without
	// an A-number has the folded full name and date of birth of a client
	// in the store (one added since the dry run: the dry run would have
	// planned an update of them).
	Import(ctx context.Context, b ImportBatch, progress func(done, total int)) error
}

// ImportBatch is what an import writes at once.
type ImportBatch struct {
	Records []ImportRecord
	Summary app.AuditEvent
}

// ImportRecord is one record an import writes: exactly one of NewClient,
// Client, NewCase and Case is set.
type ImportRecord struct {
	NewClient *Client // a client to add (the store assigns the ID)
	Client    *Client // a client's new details; the earlier ones go to their history
	// NewCase is a case to add with Events, its history, oldest first (the
	// case's status is the last one's).
	NewCase *app.Case
	// Case is a case whose form, office and dates change; Events are
	// status changes to add to it.
	Case   *app.Case
	Events []app.CaseEvent
	Audit  app.AuditEvent
}

// Action is what an import does with a row.
type Action string

// The actions, in the order the dry run counts them.
const (
	ActionAdd       Action = "add"
	ActionUpdate    Action = "update"
	ActionUnchanged Action = "unchanged"
	ActionRefused   Action = "refused"
)

// Actions are every action, in the order they are counted.
var Actions = []Action{ActionAdd, ActionUpdate, ActionUnchanged, ActionRefused}

// Label is the action in words, translated.
func (a Action) Label() string {
	switch a {
	case ActionAdd:
		return i18n.T("add")
	case ActionUpdate:
		return i18n.T("update")
	case ActionUnchanged:
		return i18n.T("unchanged")
	}
	return i18n.T("refused")
}

// Problem is what is wrong with a refused row: in which column (as the
// file names it) and what a valid value looks like.
type Problem struct {
	Column  string
	Message string
}

// PlanRow is what the import would do with one row of the file.
type PlanRow struct {
	Line     int // the line the row starts on
	Action   Action
	What     string    // whom or what the row is about: a client's name, a receipt number
	Changes  []string  // an update's changed fields
	Problems []Problem // a refused row's problems
	record   *ImportRecord
}

// Plan is a dry run: what importing a file would do, row by row. Only
// DryRun makes one, and it is applied at most once.
type Plan struct {
	Kind    ImportKind
	Rows    []PlanRow
	counts  map[Action]int
	applied bool
}

// Count is how many rows would be handled so.
func (p *Plan) Count(a Action) int { return p.counts[a] }

// Writes is how many rows importing would write (added or updated).
func (p *Plan) Writes() int { return p.counts[ActionAdd] + p.counts[ActionUpdate] }

// RefusedFirst lists the rows with the refused ones first, then the rest,
// each in the file's order: what the clinic must fix is on top.
func (p *Plan) RefusedFirst() []PlanRow {
	out := append([]PlanRow(nil), p.Rows...)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Action == ActionRefused && out[j].Action != ActionRefused
	})
	return out
}

// Summary is the counts in words: "12 to add, 3 to update, 40 unchanged, 2 refused".
func (p *Plan) Summary() string {
	return i18n.T("%d to add, %d to update, %d unchanged, %d refused",
		p.counts[ActionAdd], p.counts[ActionUpdate], p.counts[ActionUnchanged], p.counts[ActionRefused])
}

// ErrPlanApplied refuses to apply a dry run a second time.
var ErrPlanApplied = errors.New("this import was already applied; run the dry run again")

// DryRun reads what importing the file would do, writing nothing: each
// row is checked with the same rules as the desk's forms and matched
// against the store. It is an administrator's call: an import writes many
// records at once.
func (d *Desk) DryRun(ctx context.Context, kind ImportKind, f *CSVFile, m Mapping) (*Plan, error) {
	if _, err := d.check(ctx, true); err != nil {
		return nil, err
	}
	if f == nil {
		return nil, &ImportFileError{Msg: i18n.T("Choose a CSV file to import.")}
	}
	if err := checkMapping(kind, f, m); err != nil {
		return nil, err
	}
	clients, err := d.svc.store.AllClients(ctx)
	if err != nil {
		return nil, err
	}
	idx := indexClients(clients)
	p := &Plan{Kind: kind, counts: map[Action]int{}}
	var rows []PlanRow
	switch kind {
	case ImportClients:
		rows, err = d.planClients(ctx, f, m, idx)
	case ImportCases:
		rows, err = d.planCases(ctx, f, m, idx)
	default:
		return nil, fmt.Errorf("desk: no import of %q", kind)
	}
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].What = shortWhat(rows[i].What)
		p.counts[rows[i].Action]++
	}
	p.Rows = rows
	return p, nil
}

// maxWhat bounds, in letters, how a plan row names whom it is about: a
// refused row's name is the file's cells as they are, and one enormous
// cell must not fill the dry run's table or the command line's report.
// A real name or receipt number is far shorter.
const maxWhat = 80

// shortWhat is what cut to maxWhat letters, at a letter's boundary, with
// "…" to show that more was left out.
func shortWhat(what string) string {
	n := 0
	for i := range what {
		if n == maxWhat {
			return what[:i] + "…"
		}
		n++
	}
	return what
}

// checkMapping refuses a mapping without a required column, or one that
// points past the header.
func checkMapping(kind ImportKind, f *CSVFile, m Mapping) error {
	var missing []string
	for _, c := range Columns(kind) {
		if i, ok := m[c.Key]; ok && i >= len(f.Header) {
			return &ImportFileError{Msg: i18n.T("The column chosen for %q is not in the file. Choose the columns again.", c.Header)}
		}
		if c.Required && !m.has(c.Key) {
			missing = append(missing, c.Header)
		}
	}
	if kind == ImportCases && !m.has("a_number") && !(m.has("given_name") && m.has("family_name") && m.has("date_of_birth")) {
		missing = append(missing, i18n.T("A-number (or Given name, Family name and Date of birth)"))
	}
	if len(missing) > 0 {
		return &ImportFileError{Msg: i18n.T("The file has no column for %s. Choose which of its columns holds each, or add them (the template names every column).", strings.Join(missing, ", "))}
	}
	return nil
}

// Imported is what an import wrote.
type Imported struct {
	Added, Updated, Unchanged, Refused int
}

// Apply writes the plan's added and updated rows in one transaction, each
// with its audit row, and a summary audit row (counts only, never a name).
// Refused and unchanged rows are left out. progress is told how far it
// got; cancelling ctx stops it, and a cancelled or failed import leaves the
// store as it was.
func (d *Desk) Apply(ctx context.Context, p *Plan, progress func(done, total int)) (Imported, error) {
	a, err := d.check(ctx, true)
	if err != nil {
		return Imported{}, err
	}
	if p == nil || p.counts == nil {
		return Imported{}, errors.New("desk: apply needs a dry run's plan")
	}
	if p.applied {
		return Imported{}, ErrPlanApplied
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	at := d.svc.now().UTC()
	b := ImportBatch{}
	for _, r := range p.Rows {
		if r.record == nil {
			continue
		}
		rec := *r.record
		rec.Audit.At, rec.Audit.ActorID = at, a.name
		for i := range rec.Events {
			rec.Events[i].RecordedBy, rec.Events[i].CreatedAt = a.name, at
		}
		b.Records = append(b.Records, rec)
	}
	res := Imported{Added: p.counts[ActionAdd], Updated: p.counts[ActionUpdate], Unchanged: p.counts[ActionUnchanged], Refused: p.counts[ActionRefused]}
	b.Summary = d.event(a, "import."+string(p.Kind), "import", "", i18n.T("added %d, updated %d, unchanged %d, refused %d",
		res.Added, res.Updated, res.Unchanged, res.Refused))
	err = d.svc.store.Import(ctx, b, progress)
	switch {
	case err == nil:
		p.applied = true
		return res, nil
	case errors.Is(err, context.Canceled):
		return Imported{}, ErrImportCancelled
	case errors.Is(err, app.ErrAlreadyExists):
		return Imported{}, ErrImportStale
	}
	return Imported{}, err
}

// Errors of applying an import; the store is as it was before.
var (
	ErrImportCancelled = errors.New("the import was cancelled; nothing was imported")
	ErrImportStale     = errors.New("a client or case in the file was added at the desk since the dry run; nothing was imported. Run the dry run again")
)

// ImportMessage explains an import's failure to the person at the screen.
func ImportMessage(err error) string {
	var fe *ImportFileError
	switch {
	case errors.As(err, &fe):
		return fe.Error()
	case errors.Is(err, ErrImportCancelled):
		return i18n.T("The import was cancelled. Nothing was imported; CaseDesk is as it was.")
	case errors.Is(err, ErrImportStale):
		return i18n.T("A client or case in the file was added at the desk since the dry run. Nothing was imported; run the dry run again.")
	case errors.Is(err, ErrPlanApplied):
		return i18n.T("This import was already done. Run the dry run again to import the file once more.")
	case errors.Is(err, app.ErrStoreFull):
		return i18n.T("The disk is full. Nothing was imported; free some space and try again.")
	}
	return Message(err)
}

// refuse is a refused row with the problems of err, each under the
// file's name of its column.
func refuse(line int, what string, err error, colOf func(app.Field) string) PlanRow {
	r := PlanRow{Line: line, Action: ActionRefused, What: what}
	for _, in := range app.InputErrors(err) {
		r.Problems = append(r.Problems, Problem{Column: colOf(in.Code), Message: in.Error()})
	}
	if len(r.Problems) == 0 && err != nil {
		r.Problems = []Problem{{Message: err.Error()}}
	}
	return r
}

// columnNamer names a field by the header the file gives its column, or
// by the template's header when the file has none.
func columnNamer(kind ImportKind, f *CSVFile, m Mapping, fieldColumn map[app.Field]string) func(app.Field) string {
	return func(fld app.Field) string {
		key, ok := fieldColumn[fld]
		if !ok {
			return fld.Label()
		}
		if i, ok := m[key]; ok && i >= 0 && i < len(f.Header) && strings.TrimSpace(f.Header[i]) != "" {
			return strings.TrimSpace(f.Header[i])
		}
		for _, c := range Columns(kind) {
			if c.Key == key {
				return c.Header
			}
		}
		return fld.Label()
	}
}
