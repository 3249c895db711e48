package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"casedesk/app/auth"
	"casedesk/app/desk"

	"golang.org/x/term"
)

const setupUsage = `Usage:
  casedesk setup --clinic-name N --clinic-address A --clinic-phone P --time-zone Z
                 --admin-given G --admin-family F --admin-username U

setup sets a new store up for a clinic: its details, and its first
administrator. It works only on a store that was never set up (nor made the
demo clinic). The administrator's password is read from standard input:
on a terminal it is asked for twice and not shown; otherwise the first line
is the password, e.g.
  printf '%s\n' "$PASSWORD" | casedesk setup --clinic-name … --db clinic.db
2-step verification is by backup codes, printed once at the end: keep them
safe. An authenticator app can be added in the window later.
In --clinic-address, \n separates the lines.
`

// setupCommand is "setup": a never-set-up store becomes a clinic's, with
// its first administrator, as the window's set-up does.
func setupCommand(ctx context.Context, env Env, args []string) error {
	var c desk.ClinicForm
	var a desk.AdminForm
	call, err := flags(env, "setup", setupUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&c.Name, "clinic-name", "", "the clinic's name, as it goes on letters")
		fs.StringVar(&c.Address, "clinic-address", "", `the clinic's address; \n separates its lines`)
		fs.StringVar(&c.Phone, "clinic-phone", "", "the clinic's phone number")
		fs.StringVar(&c.TimeZone, "time-zone", "", "the clinic's time zone, like America/Chicago")
		fs.StringVar(&a.GivenName, "admin-given", "", "the administrator's given (first) name")
		fs.StringVar(&a.FamilyName, "admin-family", "", "the administrator's family (last) name")
		fs.StringVar(&a.Username, "admin-username", "", "the administrator's username")
	})
	if err != nil {
		return err
	}
	if len(call.words) > 0 {
		return usage(fmt.Sprintf("casedesk setup: unexpected %q\n\n%s", call.words[0], setupUsage))
	}
	c.Address = strings.ReplaceAll(c.Address, `\n`, "\n")
	s, svc, err := openDeskService(ctx, env, "setup", call.db)
	if err != nil {
		return err
	}
	defer s.Close()
	// Asked first, so nobody types a password for a store that is refused.
	if need, err := svc.NeedsSetUp(ctx); err != nil {
		return failed("setup", "%v", err)
	} else if !need {
		return setUpAlready(call.db)
	}
	if a.Password, err = readPassword(env); err != nil {
		return failed("setup", "%v; nothing was saved.", err)
	}
	codes, err := auth.NewBackupCodes()
	if err != nil {
		return failed("setup", "%v", err)
	}
	acct, err := svc.SetUpClinic(ctx, c, a, desk.TwoStep{BackupCodes: codes})
	if errors.Is(err, desk.ErrSetUpAlready) {
		return setUpAlready(call.db)
	}
	if err != nil {
		return deskFailed("setup", err, "")
	}
	w := env.Stdout
	fmt.Fprintf(w, "Set up %s for %s, with its first administrator %s.\n", call.db, strings.TrimSpace(c.Name), acct.Username)
	fmt.Fprintf(w, "2-step verification for %s is by these %d backup codes. Keep them safe, on paper and away from this computer: "+
		"each one signs %s in once, after the password. This is the only time they are shown; CaseDesk keeps only a keyed hash of each.\n",
		acct.Username, len(codes), acct.Username)
	for _, code := range codes {
		fmt.Fprintf(w, "  %s\n", code)
	}
	fmt.Fprintf(w, "Now print the clinic's Recovery Key sheet and lock it away, apart from this computer and the backups: "+
		"without it, no backup opens on another computer.\n  casedesk recovery-key --db %s --print   (or --pdf FILE)\n", call.db)
	return nil
}

func setUpAlready(db string) error {
	return failed("setup", "%s is already set up, for a clinic or as the demo clinic; nothing was changed. "+
		"Use --db to name a new store.", db)
}

// readPassword reads the administrator's password from standard input:
// on a terminal, typed twice and not shown; else the first line.
func readPassword(env Env) (string, error) {
	if env.Stdin == nil {
		return "", errors.New("there is no standard input to read the password from")
	}
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		fmt.Fprint(env.Stderr, "The administrator's password (it is not shown as you type): ")
		first, err := term.ReadPassword(fd)
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.Stderr, "The same password again: ")
		again, err := term.ReadPassword(fd)
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		if string(first) != string(again) {
			return "", errors.New("the two passwords typed differ")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("the password could not be read from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
