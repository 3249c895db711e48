package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"casedesk/app"
	"casedesk/app/desk"
)

// openDesk opens the store at db and the desk over it, as the command
// line's user, for the command cmd. The caller closes the store.
func openDesk(ctx context.Context, env Env, cmd, db string) (Store, *desk.Desk, error) {
	s, svc, err := openDeskService(ctx, env, cmd, db)
	if err != nil {
		return nil, nil, err
	}
	return s, svc.CommandLine(env.Actor), nil
}

// openDeskService opens the store at db and the desk's services over it.
func openDeskService(ctx context.Context, env Env, cmd, db string) (Store, *desk.Service, error) {
	s, err := open(ctx, env, cmd, db)
	if err != nil {
		return nil, nil, err
	}
	svc, err := s.Desk(ctx)
	if err != nil {
		s.Close()
		return nil, nil, failed(cmd, "%s", app.StoreMessage(db, err))
	}
	return s, svc, nil
}

// deskFailed explains why the desk refused or could not do cmd. The desk
// checks every field before it writes, and writes all or nothing, so
// nothing was saved. notFound says what was missing when the desk answers
// app.ErrNotFound.
func deskFailed(cmd string, err error, notFound string) error {
	switch {
	case len(app.InputErrors(err)) > 0:
		return failed(cmd, "nothing was saved:\n%s", indent(desk.Message(err)))
	case errors.Is(err, app.ErrNotFound) && notFound != "":
		return failed(cmd, "%s", notFound)
	case errors.Is(err, app.ErrStoreFull):
		return failed(cmd, "the disk is full; nothing was saved. Free some space and try again.")
	}
	return failed(cmd, "%s", desk.Message(err))
}

// indent puts each line of s two spaces in.
func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// findClient finds the client a command names: by id, or by a receipt
// number, A-number or online account number that belongs to one client.
func findClient(ctx context.Context, d *desk.Desk, cmd, word string) (desk.Page, error) {
	word = strings.TrimSpace(word)
	pg, err := d.Client(ctx, word)
	if err == nil || !errors.Is(err, app.ErrNotFound) {
		if err != nil {
			return desk.Page{}, deskFailed(cmd, err, "")
		}
		return pg, nil
	}
	// Names are not taken here: two clients may share one, and the wrong
	// one would be changed. Numbers pick one client, or say they do not.
	if word != "" && strings.ContainsAny(word, "0123456789") {
		found, err := d.Search(ctx, word, false)
		if err != nil {
			return desk.Page{}, deskFailed(cmd, err, "")
		}
		if len(found) == 1 {
			pg, err := d.Client(ctx, found[0].ID)
			if err != nil {
				return desk.Page{}, deskFailed(cmd, err, "")
			}
			return pg, nil
		}
		if len(found) > 1 {
			var b strings.Builder
			writePeople(&b, found)
			return desk.Page{}, failed(cmd, "%s belongs to %d clients; name one of them by id:\n%s", word, len(found), indent(b.String()))
		}
	}
	return desk.Page{}, failed(cmd, "CaseDesk has no client %q. Name the client by id, receipt number, A-number or online account number; casedesk people list NAME shows ids.", word)
}

// findCase finds the case with the receipt number typed.
func findCase(ctx context.Context, s Store, cmd, typed string) (app.Case, error) {
	r, err := app.ParseReceipt(typed)
	if err != nil {
		return app.Case{}, deskFailed(cmd, err, "")
	}
	c, err := s.CaseByReceipt(ctx, r)
	if errors.Is(err, app.ErrNotFound) {
		return app.Case{}, failed(cmd, "CaseDesk has no case with receipt number %s.", r)
	}
	if err != nil {
		return app.Case{}, failed(cmd, "%v", err)
	}
	return c, nil
}

// table writes aligned columns: the header, then each row.
func table(w io.Writer, header string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// writePeople lists clients as columns: id, name, date of birth, A-number
// (masked: its last digits are enough to tell clients apart) and town.
func writePeople(w io.Writer, people []app.Person) error {
	rows := make([][]string, len(people))
	for i, p := range people {
		anum := ""
		if p.ANumber != "" {
			anum = p.ANumber.Masked()
		}
		rows[i] = []string{p.ID, p.FullName(), dateOrDash(p.DateOfBirth), orDash(anum), orDash(town(p.Address))}
	}
	return table(w, "ID\tNAME\tBORN\tA-NUMBER\tCITY/STATE", rows)
}

// town is "City, ST", or what there is of it.
func town(a app.Address) string {
	switch {
	case a.City != "" && a.State != "":
		return a.City + ", " + a.State
	case a.City != "":
		return a.City
	}
	return a.State
}

// orDash shows "" as "-" in a column.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// dateOrDash shows a date as 2026-03-14, or "-" when there is none.
func dateOrDash(d app.Date) string {
	if d.IsZero() {
		return "-"
	}
	return d.ISO()
}
