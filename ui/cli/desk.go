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

// table writes aligned columns: the header, then each row.
func table(w io.Writer, header string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}
