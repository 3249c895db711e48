package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
)

// auditUsage is var, not const: it holds the list of kinds.
var auditUsage = `Usage:
  casedesk audit [--person WHO] [--staff USERNAME] [--kind K] [--from D] [--to D]

audit shows the audit log, newest first: when, who, what and its detail. It
only reads the log. --person keeps the rows about a client, their online
account and their cases (WHO is a client's id, or a receipt number, A-number
or online account number of theirs); --staff the rows a staff member wrote,
their sign-ins included (what the command line wrote names "command line
(USER)", which --staff takes too); --kind the rows of one kind:
` + auditKindsHelp + `
or the actions that begin with what is typed, like case.status; --from and
--to the rows of those days and the days between, on this computer's clock.
Dates are 2026-03-14 or 03/14/2026. At most the newest 500 rows that match
are shown.
`

// auditKinds are the kinds of audit rows --kind picks, as the window offers
// them: each a name, the beginning of its rows' actions and what they are.
var auditKinds = []struct{ name, prefix, about string }{
	{"signin", "signin.", "sign-ins, failed and refused ones included"},
	{"client", "client.", "clients added and changed"},
	{"case", "case.", "cases added and linked, status changes"},
	{"appointment", "appointment.", "appointments scheduled, moved and cancelled"},
	{"message", "message.", "messages sent to clients"},
	{"code", "access_code.", "access codes issued, used and revoked"},
	{"account", "account.", "online accounts: set up, locked, unlocked, reset, 2-step"},
	{"recovery", "recovery.", "forgotten passwords and usernames"},
	{"staff", "staff.", "staff accounts added, disabled and reset"},
	{"setting", "setting.", "settings changed"},
	{"processing", "processing.", "processing times"},
	{"clinic", "clinic.", "the clinic's set-up"},
}

// auditKindsHelp lists the kinds, one a line, for the usage.
var auditKindsHelp = func() string {
	var b strings.Builder
	for _, k := range auditKinds {
		fmt.Fprintf(&b, "  %-12s %s\n", k.name, k.about)
	}
	return strings.TrimSuffix(b.String(), "\n")
}()

// auditAction is the beginning of the actions of the kind typed: a kind's
// name (or its plural, "sign-ins" for signin), or an action's beginning
// as typed when it has a dot.
func auditAction(typed string) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(typed))
	if strings.Contains(t, ".") {
		return t, true
	}
	t = strings.NewReplacer("-", "", "_", "", " ", "").Replace(t)
	for _, k := range auditKinds {
		for _, n := range []string{k.name, strings.ReplaceAll(strings.TrimSuffix(k.prefix, "."), "_", "")} {
			if t == n || t == n+"s" {
				return k.prefix, true
			}
		}
	}
	return "", false
}

// auditShown is how many rows the desk's audit log returns at most.
const auditShown = 500

// auditCommand is "audit": the audit log, read-only, narrowed as asked.
func auditCommand(ctx context.Context, env Env, args []string) error {
	var person, staff, kind, from, to string
	c, err := flags(env, "audit", auditUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&person, "person", "", "the rows about this client")
		fs.StringVar(&staff, "staff", "", "the rows this staff member (a username) wrote")
		fs.StringVar(&kind, "kind", "", "the rows of this kind (see above), or whose action begins so, like case.status")
		fs.StringVar(&from, "from", "", "the rows of this day and later, like 03/14/2026")
		fs.StringVar(&to, "to", "", "the rows of this day and earlier, like 03/14/2026")
	})
	if err != nil {
		return err
	}
	if len(c.words) > 0 {
		return usage(fmt.Sprintf("casedesk audit: unexpected %q\n\n%s", c.words[0], auditUsage))
	}
	f := desk.AuditFilter{Actor: strings.TrimSpace(staff), Limit: auditShown}
	if kind != "" {
		var ok bool
		if f.Action, ok = auditAction(kind); !ok {
			return failed("audit", "%q is not a kind of audit row; --kind takes one of:\n%s\nor an action's beginning, like case.status.", kind, auditKindsHelp)
		}
	}
	// Whole days on this computer's clock, as the window reads them.
	var first, last app.Date
	if from != "" {
		if first, err = app.ParseDate(from); err != nil {
			return failed("audit", "--from: %s", desk.Message(err))
		}
		f.From = desk.Day(first)
	}
	if to != "" {
		if last, err = app.ParseDate(to); err != nil {
			return failed("audit", "--to: %s", desk.Message(err))
		}
		f.To = desk.Day(last).AddDate(0, 0, 1)
	}
	if from != "" && to != "" && last.Before(first) {
		return failed("audit", "--from %s is after --to %s; no row can be in between.", first, last)
	}
	s, d, err := openDesk(ctx, env, "audit", c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	if person != "" {
		pg, err := findClient(ctx, d, "audit", person)
		if err != nil {
			return err
		}
		f.PersonID = pg.Client.ID
	}
	rows, err := d.AuditLog(ctx, f)
	if err != nil {
		return deskFailed("audit", err, "")
	}
	// Staff members' own sign-ins name their account; show its username.
	names := map[string]string{}
	known := false
	staffList, err := d.Staff(ctx)
	if err != nil {
		return deskFailed("audit", err, "")
	}
	for _, m := range staffList {
		names[m.AccountID] = m.Username
		known = known || strings.EqualFold(m.Username, f.Actor)
	}
	if len(rows) == 0 {
		fmt.Fprintln(env.Stdout, "Nothing in the audit log matches.")
		if f.Actor != "" && !known && !strings.HasPrefix(f.Actor, "command line") {
			fmt.Fprintf(env.Stdout, "No staff account has the username %q; what the command line wrote names \"command line (USER)\".\n", f.Actor)
		}
		return nil
	}
	out := make([][]string, len(rows))
	for i, e := range rows {
		who := e.ActorID
		if n, ok := names[who]; ok {
			who = n
		}
		out[i] = []string{clock(e.At), who, e.Action, oneLine(e.Detail)}
	}
	if err := table(env.Stdout, "WHEN\tWHO\tACTION\tDETAIL", out); err != nil {
		return err
	}
	if len(rows) >= auditShown {
		fmt.Fprintf(env.Stderr, "These are the newest %d rows that match; narrow the dates (--from, --to) to see earlier ones.\n", len(rows))
	}
	return nil
}
