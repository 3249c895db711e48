package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/notice"
)

const casesUsage = `Usage:
  casedesk cases add    --person WHO --role applicant|petitioner|beneficiary [--other WHO]
                        --receipt R --form F --filed D [--office O] [--priority D]
  casedesk cases status --receipt R --status STATUS --date D [--note N]
                        [--notice KIND [--notice-date D] [--due D]]
  casedesk cases status --list-statuses
  casedesk cases list   (--person WHO | --receipt R)

add adds a client's case, with "Case Was Received" on the date filed as its
first status, and prints its receipt number and id (the last word). On a
petition, --other is the other client: the beneficiary when the client
petitions, the petitioner when the client benefits. status records a status
change; STATUS is a code or the USCIS title as USCIS writes it, in any case
(--list-statuses lists them). --notice records the notice USCIS mailed for
it: receipt, approval, denial, rfe, transfer, card or rejection; --due is a
request for evidence's response date. list shows a client's cases, or one
case with its history. WHO is a client's id, or a receipt number, A-number or
online account number of theirs. Dates are 03/14/2026 or 2026-03-14.
`

// casesCommand is "cases add", "cases status" and "cases list".
func casesCommand(ctx context.Context, env Env, args []string) error {
	var cf desk.CaseForm
	var sf desk.StatusForm
	var person, other, role, receipt, kind string
	var listStatuses bool
	c, err := flags(env, "cases", casesUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&person, "person", "", "add, list: the client")
		fs.StringVar(&role, "role", "", "add: the client's part: applicant, petitioner or beneficiary")
		fs.StringVar(&other, "other", "", "add: the other client on a petition")
		fs.StringVar(&receipt, "receipt", "", "the case's receipt number")
		fs.StringVar(&cf.FormType, "form", "", "add: the form, like I-485")
		fs.StringVar(&cf.Office, "office", "", "add: the office (default: from the receipt number)")
		fs.StringVar(&cf.Filed, "filed", "", "add: the date USCIS received the case")
		fs.StringVar(&cf.PriorityDate, "priority", "", "add: the priority date, when there is one")
		fs.StringVar(&sf.Status, "status", "", "status: the new status, a code or its USCIS title")
		fs.StringVar(&sf.Date, "date", "", "status: the date of the change")
		fs.StringVar(&sf.Note, "note", "", "status: a note for the case's history")
		fs.StringVar(&kind, "notice", "", "status: the notice USCIS mailed for it, to record with it")
		fs.StringVar(&sf.NoticeDate, "notice-date", "", "status --notice: the notice's date (default: the change's)")
		fs.StringVar(&sf.DueDate, "due", "", "status --notice rfe: the response date on the request for evidence")
		fs.BoolVar(&listStatuses, "list-statuses", false, "status: list the statuses and their codes instead")
	})
	if err != nil {
		return err
	}
	if len(c.words) == 0 {
		return usage(casesUsage)
	}
	sub := c.words[0]
	cmd := "cases " + sub
	if len(c.words) > 1 {
		return usage(fmt.Sprintf("casedesk %s: unexpected %q\n\n%s", cmd, c.words[1], casesUsage))
	}
	switch sub {
	case "add":
		err = c.only(cmd, "person", "role", "other", "receipt", "form", "office", "filed", "priority")
		if err == nil && person == "" {
			return usage(fmt.Sprintf("casedesk cases add: name the client with --person\n\n%s", casesUsage))
		}
	case "status":
		if listStatuses {
			if err := c.only(cmd, "list-statuses"); err != nil {
				return err
			}
			return writeStatuses(env)
		}
		err = c.only(cmd, "receipt", "status", "date", "note", "notice", "notice-date", "due")
		if err == nil && receipt == "" {
			return usage(fmt.Sprintf("casedesk cases status: name the case with --receipt\n\n%s", casesUsage))
		}
	case "list":
		err = c.only(cmd, "person", "receipt")
		if err == nil && (person == "") == (receipt == "") {
			return usage(fmt.Sprintf("casedesk cases list: name the client with --person or the case with --receipt (one of them)\n\n%s", casesUsage))
		}
	default:
		return usage(fmt.Sprintf("casedesk cases: unknown command %q\n\n%s", sub, casesUsage))
	}
	if err != nil {
		return err
	}
	s, d, err := openDesk(ctx, env, cmd, c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "add":
		pg, err := findClient(ctx, d, cmd, person)
		if err != nil {
			return err
		}
		cf.PersonID, cf.Role, cf.Receipt = pg.Client.ID, desk.CaseRole(strings.ToLower(strings.TrimSpace(role))), receipt
		cf.OtherPersonID = strings.TrimSpace(other)
		if cf.OtherPersonID != "" {
			// A number names the client it belongs to; anything else goes to
			// the desk as typed, which says when it is no client.
			if o, err := findClient(ctx, d, cmd, other); err == nil {
				cf.OtherPersonID = o.Client.ID
			}
		}
		k, err := d.AddCase(ctx, cf)
		if err != nil {
			return deskFailed(cmd, err, "")
		}
		fmt.Fprintf(env.Stdout, "Added case %s (%s) for %s as %s: %s\n", k.Receipt, k.FormType, pg.Client.FullName(), cf.Role, k.ID)
		return nil
	case "status":
		k, err := findCase(ctx, s, cmd, receipt)
		if err != nil {
			return err
		}
		sf.CaseID, sf.Status, sf.Notice = k.ID, statusCode(sf.Status), noticeKind(kind)
		return recordStatus(ctx, env, d, k, sf)
	}
	if receipt != "" {
		k, err := findCase(ctx, s, cmd, receipt)
		if err != nil {
			return err
		}
		return showCase(ctx, env, d, k)
	}
	pg, err := findClient(ctx, d, cmd, person)
	if err != nil {
		return err
	}
	if len(pg.Cases) == 0 {
		fmt.Fprintf(env.Stdout, "%s has no cases yet.\n", pg.Client.FullName())
		return nil
	}
	return writeCases(env.Stdout, pg.Client.ID, pg.Cases)
}

// recordStatus records a status change and says what was written.
func recordStatus(ctx context.Context, env Env, d *desk.Desk, k app.Case, f desk.StatusForm) error {
	r, err := d.RecordStatus(ctx, f)
	if err != nil {
		for _, in := range app.InputErrors(err) {
			if in.Code == app.FieldStatus {
				return failed("cases status", "nothing was saved:\n%s\ncasedesk cases status --list-statuses lists the statuses.",
					indent(desk.Message(err)))
			}
		}
		return deskFailed("cases status", err, "")
	}
	fmt.Fprintf(env.Stdout, "Recorded for %s: %s on %s.\n", k.Receipt, statusTitle(r.Event.StatusCode), r.Event.Date)
	if n := r.Notice; n != nil {
		fmt.Fprintf(env.Stdout, "With it, the %s dated %s", notice.KindTitle(n.Kind), n.NoticeDate)
		if !n.DueDate.IsZero() {
			fmt.Fprintf(env.Stdout, ", response due %s", n.DueDate)
		}
		fmt.Fprintf(env.Stdout, ": notice %s\n", n.ID)
	}
	return nil
}

// showCase prints one case and its history.
func showCase(ctx context.Context, env Env, d *desk.Desk, k app.Case) error {
	v, err := d.Case(ctx, k.ID)
	if err != nil {
		return deskFailed("cases list", err, "")
	}
	if err := writeCases(env.Stdout, v.Case.ApplicantID, []app.Case{v.Case}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nHistory (%d notice(s): casedesk notices list --receipt %s):\n", len(v.Notices), v.Case.Receipt)
	rows := make([][]string, len(v.Events))
	for i, e := range v.Events {
		rows[i] = []string{e.Date.ISO(), statusTitle(e.StatusCode), orDash(e.Note)}
	}
	return table(env.Stdout, "DATE\tSTATUS\tNOTE", rows)
}

// writeStatuses lists the status catalogue: the codes and titles status takes.
func writeStatuses(env Env) error {
	var rows [][]string
	for _, st := range app.Statuses() {
		rows = append(rows, []string{st.Code, st.Title, string(st.Group)})
	}
	return table(env.Stdout, "CODE\tTITLE\tSTAGE", rows)
}

// statusCode reads a status as typed: its code, or its USCIS title in any
// case. Anything else goes to the desk as typed, which refuses it.
func statusCode(typed string) string {
	t := strings.TrimSpace(typed)
	if _, ok := app.StatusByCode(strings.ToLower(t)); ok {
		return strings.ToLower(t)
	}
	for _, st := range app.Statuses() {
		if strings.EqualFold(st.Title, t) {
			return st.Code
		}
	}
	return t
}

// noticeKind reads a notice's kind as typed: its code (rfe), its title
// (Request for Evidence) or the title without "Notice" (approval), in any
// case. Anything else goes to the desk as typed, which refuses it.
func noticeKind(typed string) app.NoticeKind {
	t := strings.ToLower(strings.Join(strings.Fields(typed), " "))
	for _, k := range desk.NoticeKinds {
		title := strings.ToLower(notice.KindTitle(k))
		if t == string(k) || t == title || t == strings.TrimSuffix(title, " notice") {
			return k
		}
	}
	return app.NoticeKind(strings.TrimSpace(typed))
}
