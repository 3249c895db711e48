package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"casedesk/app/desk"
)

const messagesUsage = `Usage:
  casedesk messages send --person WHO [--receipt R] --subject S --body B

send writes to a client, about one of their cases when --receipt names it;
they read it in their inbox when they have an online account. --body - reads
the message from standard input. It prints the message's id (the last word).
WHO is a client's id, or a receipt number, A-number or online account
number of theirs.
`

// messagesCommand is "messages send".
func messagesCommand(ctx context.Context, env Env, args []string) error {
	var f desk.MessageForm
	var person, receipt string
	c, err := flags(env, "messages", messagesUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&person, "person", "", "the client")
		fs.StringVar(&receipt, "receipt", "", "the receipt number of the client's case it is about")
		fs.StringVar(&f.Subject, "subject", "", "what it is about, in a few words")
		fs.StringVar(&f.Body, "body", "", `the message; "-" reads it from standard input`)
	})
	if err != nil {
		return err
	}
	if len(c.words) != 1 || c.words[0] != "send" {
		return usage(messagesUsage)
	}
	if person == "" {
		return usage(fmt.Sprintf("casedesk messages send: name the client with --person\n\n%s", messagesUsage))
	}
	const cmd = "messages send"
	if f.Body == "-" {
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
