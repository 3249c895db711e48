package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"casedesk/app/desk"
)

const messagesUsage = `Usage:
  casedesk messages send --person WHO [--receipt R] --subject S --body B
  casedesk messages inbox [--unread]
  casedesk messages read ID

send writes to a client, about one of their cases when --receipt names it;
they read it in their inbox when they have an online account. --body - reads
the message from standard input. It prints the message's id (the last word).
WHO is a client's id, or a receipt number, A-number or online account
number of theirs.
inbox lists the messages clients sent the clinic, newest first, with their
ids and how many the clinic has not read; --unread lists only those. read
shows one message in full and marks it read by the clinic. What the clinic
read is its own: the client's side is not changed.
`

// messagesCommand is "messages send", "messages inbox" and "messages read".
func messagesCommand(ctx context.Context, env Env, args []string) error {
	var f desk.MessageForm
	var person, receipt string
	var unread bool
	c, err := flags(env, "messages", messagesUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&person, "person", "", "send: the client")
		fs.StringVar(&receipt, "receipt", "", "send: the receipt number of the client's case it is about")
		fs.StringVar(&f.Subject, "subject", "", "send: what it is about, in a few words")
		fs.StringVar(&f.Body, "body", "", `send: the message; "-" reads it from standard input`)
		fs.BoolVar(&unread, "unread", false, "inbox: only the messages the clinic has not read")
	})
	if err != nil {
		return err
	}
	if len(c.words) == 0 {
		return usage(messagesUsage)
	}
	sub, rest := c.words[0], c.words[1:]
	cmd := "messages " + sub
	switch {
	case sub == "send" && len(rest) == 0:
		err = c.only(cmd, "person", "receipt", "subject", "body")
		if err == nil && person == "" {
			return usage(fmt.Sprintf("casedesk messages send: name the client with --person\n\n%s", messagesUsage))
		}
	case sub == "inbox" && len(rest) == 0:
		err = c.only(cmd, "unread")
	case sub == "read" && len(rest) == 1:
		err = c.only(cmd)
	case sub == "send" || sub == "inbox" || sub == "read":
		return usage(fmt.Sprintf("casedesk %s: wrong number of words\n\n%s", cmd, messagesUsage))
	default:
		return usage(fmt.Sprintf("casedesk messages: unknown command %q\n\n%s", sub, messagesUsage))
	}
	if err != nil {
		return err
	}
	if sub == "send" && f.Body == "-" {
		if env.Stdin == nil {
			return failed(cmd, "there is no standard input to read the message from; nothing was sent.")
		}
		b, err := io.ReadAll(io.LimitReader(env.Stdin, 1<<20))
		if err != nil {
			return failed(cmd, "the message could not be read from standard input: %v; nothing was sent.", err)
		}
		f.Body = string(b)
	}
	s, d, err := openDesk(ctx, env, cmd, c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "inbox":
		return inbox(ctx, env, d, cmd, unread)
	case "read":
		return readMessage(ctx, env, d, cmd, strings.TrimSpace(rest[0]))
	}
	pg, err := findClient(ctx, d, cmd, person)
	if err != nil {
		return err
	}
	f.PersonID = pg.Client.ID
	if receipt != "" {
		k, err := findCase(ctx, s, cmd, receipt)
		if err != nil {
			return err
		}
		f.CaseID = k.ID
	}
	m, err := d.Send(ctx, f)
	if err != nil {
		return deskFailed(cmd, err, fmt.Sprintf("the case %s is not %s's; nothing was sent.", strings.ToUpper(strings.TrimSpace(receipt)), pg.Client.FullName()))
	}
	fmt.Fprintf(env.Stdout, "Sent %q to %s: %s\n", m.Subject, pg.Client.FullName(), m.ID)
	return nil
}

// inboxShown is how many messages the desk's inbox lists at most.
const inboxShown = 500

// inbox lists the clinic's inbox: how many are unread, then one message a
// line, newest first.
func inbox(ctx context.Context, env Env, d *desk.Desk, cmd string, unread bool) error {
	items, n, err := d.Inbox(ctx, unread)
	if err != nil {
		return deskFailed(cmd, err, "")
	}
	w := env.Stdout
	switch {
	case unread && len(items) == 0:
		fmt.Fprintln(w, "No unread messages from clients.")
		return nil
	case len(items) == 0:
		fmt.Fprintln(w, "No messages from clients.")
		return nil
	case len(items) >= inboxShown:
		fmt.Fprintf(w, "The newest %d messages from clients; %d unread in all.\n", len(items), n)
	case unread:
		fmt.Fprintf(w, "%s from clients.\n", count(n, "unread message"))
	default:
		fmt.Fprintf(w, "%s from clients, %d unread.\n", count(len(items), "message"), n)
	}
	rows := make([][]string, len(items))
	for i, it := range items {
		read := "unread"
		if !it.ClinicReadAt.IsZero() {
			read = "read"
		}
		rows[i] = []string{it.ID, clock(it.SentAt), it.PersonName, oneLine(it.Subject), read}
	}
	return table(w, "ID\tSENT\tFROM\tSUBJECT\tSTATUS", rows)
}

// readMessage shows one message in full; the desk marks a client's message
// read by the clinic.
func readMessage(ctx context.Context, env Env, d *desk.Desk, cmd, id string) error {
	m, err := d.Read(ctx, id)
	if err != nil {
		return deskFailed(cmd, err, fmt.Sprintf("CaseDesk has no message %q; casedesk messages inbox lists the clients' messages with their ids.", id))
	}
	// The message is read by now: what cannot be looked up below is left
	// out, and the command does not fail for it.
	client := "client " + m.PersonID
	if pg, err := d.Client(ctx, m.PersonID); err == nil {
		client = fmt.Sprintf("%s (client %s)", pg.Client.FullName(), m.PersonID)
	}
	from, to := client, "the clinic"
	if m.FromStaff {
		from, to = "the clinic", client
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "From:\t%s\n", from)
	fmt.Fprintf(tw, "To:\t%s\n", to)
	fmt.Fprintf(tw, "Sent:\t%s\n", clock(m.SentAt))
	if m.CaseID != "" {
		about := m.CaseID
		if v, err := d.Case(ctx, m.CaseID); err == nil {
			about = string(v.Case.Receipt)
		}
		fmt.Fprintf(tw, "Case:\t%s\n", about)
	}
	if m.ReplyTo != "" {
		fmt.Fprintf(tw, "Answers:\t%s\n", m.ReplyTo)
	}
	fmt.Fprintf(tw, "Subject:\t%s\n", m.Subject)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\n%s\n\n", strings.TrimRight(m.Body, "\n"))
	switch {
	case !m.FromStaff:
		fmt.Fprintln(env.Stdout, "Marked read by the clinic.")
	case m.ReadAt.IsZero():
		fmt.Fprintln(env.Stdout, "The client has not read it yet.")
	default:
		fmt.Fprintf(env.Stdout, "The client read it on %s.\n", clock(m.ReadAt))
	}
	return nil
}

// clock shows a moment on this computer's clock, like 2026-11-20 14:03.
func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// oneLine is s with every run of spaces, tabs and line breaks made one
// space, for a column.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// count is "1 message" or "n messages".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
