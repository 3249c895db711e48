package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
)

const codesUsage = `Usage:
  casedesk codes issue  (--person ID | --receipt R) [--out FILE] [--print] [--printer P]
  casedesk codes revoke (--person ID | --receipt R)

issue makes a new one-time online access code for the person (a case's
applicant or petitioner with --receipt), replacing any code they had, and
writes the Account Access Notice with the code to FILE; the code is stored
only as a keyed hash, so the notice is the one place it exists. revoke stops
the person's live codes.
`

// codesCommand is "codes issue" and "codes revoke".
func codesCommand(ctx context.Context, env Env, args []string) error {
	var personID, receipt, out, printer string
	var print, reset bool
	c, err := flags(env, "codes", codesUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&personID, "person", "", "the person's id")
		fs.StringVar(&receipt, "receipt", "", "a receipt number of one of the person's cases")
		fs.StringVar(&out, "out", "", "issue: the Account Access Notice PDF (default access-notice-<account number>.pdf)")
		fs.BoolVar(&print, "print", false, "issue: print the notice once it is written")
		fs.BoolVar(&reset, "reset-account", false, "issue, for a person whose account is set up: after checking who they are in person, "+
			"issue a code that replaces their password and 2-step verification when they use it")
		fs.StringVar(&printer, "printer", "", "issue --print: the printer (default: the system default)")
	})
	if err != nil {
		return err
	}
	if len(c.words) != 1 || (c.words[0] != "issue" && c.words[0] != "revoke") {
		return usage(codesUsage)
	}
	sub, db := c.words[0], c.db
	allowed := []string{"person", "receipt"}
	if sub == "issue" {
		allowed = append(allowed, "out", "print", "reset-account", "printer")
	}
	if err := c.only("codes "+sub, allowed...); err != nil {
		return err
	}
	if (personID == "") == (receipt == "") {
		return usage(fmt.Sprintf("casedesk codes %s: name the person with --person or --receipt (one of them)\n\n%s", sub, codesUsage))
	}
	var r app.Receipt
	if receipt != "" {
		if r, err = app.ParseReceipt(receipt); err != nil {
			return failed("codes", "%v", err)
		}
	}
	s, err := open(ctx, env, "codes", db)
	if err != nil {
		return err
	}
	defer s.Close()
	if receipt != "" {
		c, err := s.CaseByReceipt(ctx, r)
		if err != nil {
			return failed("codes", "CaseDesk has no case with receipt number %s.", r)
		}
		personID = c.ApplicantID
	}
	codes, err := s.Codes(ctx)
	if err != nil {
		return failed("codes", "%s", app.StoreMessage(db, err))
	}
	if sub == "revoke" {
		n, err := codes.Revoke(ctx, personID, env.Actor)
		if err != nil {
			return failed("codes", "%s", personMessage(err))
		}
		fmt.Fprintf(env.Stdout, "Revoked %d live access code(s).\n", n)
		return nil
	}
	purpose := auth.ForSetUp
	if reset {
		purpose = auth.ForReset
	}
	is, err := codes.Issue(ctx, personID, env.Actor, purpose)
	if errors.Is(err, auth.ErrAccountSetUp) {
		return failed("codes", "this person's account is already set up. A new code would replace its password and "+
			"2-step verification when it is used. Check who the person is in person (photo identification), then run the "+
			"same command with --reset-account. Nothing was changed.")
	}
	if err != nil {
		return failed("codes", "%s", personMessage(err))
	}
	if out == "" {
		out = "access-notice-" + string(is.Account.Number) + ".pdf"
	}
	abs, err := filepath.Abs(out)
	if err == nil {
		err = s.Notices().Save(ctx, abs, is.Notice())
	}
	if err != nil {
		return failed("codes", "the code was issued but its notice could not be written: %v. Revoke it and issue another.", err)
	}
	fmt.Fprintf(env.Stdout, "Issued an access code for %s (online account number %s), valid through %s.\nThe Account Access Notice with the code is in %s\n",
		is.Person.FullName(), is.Account.Number, is.Expires, abs)
	if is.Reset {
		fmt.Fprintln(env.Stdout, "This code resets the account: when it is used, the old password, authenticator app and backup codes stop working. The reset is in the audit log.")
	}
	if print {
		return printFile(ctx, env, abs, printer)
	}
	return nil
}

func personMessage(err error) string {
	if errors.Is(err, app.ErrNotFound) {
		return "CaseDesk has no such person."
	}
	return err.Error()
}

const accountsUsage = "Usage:\n  casedesk accounts unlock --username U\n\nunlock clears the lock that 5 failed sign-ins put on an account.\n"

// accountsCommand is "accounts unlock --username U": staff clear a lock
// after checking who is asking.
func accountsCommand(ctx context.Context, env Env, args []string) error {
	var username string
	c, err := flags(env, "accounts", accountsUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "the account's username")
	})
	if err != nil {
		return err
	}
	if len(c.words) != 1 || c.words[0] != "unlock" || strings.TrimSpace(username) == "" {
		return usage(accountsUsage)
	}
	db := c.db
	s, err := open(ctx, env, "accounts", db)
	if err != nil {
		return err
	}
	defer s.Close()
	acct, err := auth.Unlock(ctx, s, username, env.Actor, time.Now())
	if errors.Is(err, app.ErrNotFound) {
		return failed("accounts", "there is no account with the username %s.", username)
	}
	if err != nil {
		return failed("accounts", "%v", err)
	}
	fmt.Fprintf(env.Stdout, "Unlocked %s; they can sign in again now.\n", acct.Username)
	return nil
}
