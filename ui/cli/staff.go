package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
)

const staffUsage = `Usage:
  casedesk staff add --given G --family F --username U [--role staff|admin]
  casedesk staff disable USERNAME
  casedesk staff reset USERNAME
  casedesk staff list

add adds a staff member and prints a one-time password, once: hand it to
them in person. At their first sign-in they choose their own password and
set up 2-step verification. disable stops an account signing in (it is kept,
and its name stays in the audit log). reset gives a staff member who lost
their password or 2-step verification a new one-time password, and unlocks
the account. list shows every account and where it stands.
`

// staffCommand is "staff add", "staff disable", "staff reset" and "staff list".
func staffCommand(ctx context.Context, env Env, args []string) error {
	var f desk.StaffForm
	var role string
	c, err := flags(env, "staff", staffUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&f.GivenName, "given", "", "add: given (first) name")
		fs.StringVar(&f.FamilyName, "family", "", "add: family (last) name")
		fs.StringVar(&f.Username, "username", "", "add: the username they sign in with")
		fs.StringVar(&role, "role", string(app.RoleStaff), "add: staff, or admin for one who also manages staff and settings")
	})
	if err != nil {
		return err
	}
	if len(c.words) == 0 {
		return usage(staffUsage)
	}
	sub, rest := c.words[0], c.words[1:]
	cmd := "staff " + sub
	switch {
	case sub == "add" && len(rest) == 0:
		err = c.only(cmd, "given", "family", "username", "role")
	case (sub == "disable" || sub == "reset") && len(rest) == 1, sub == "list" && len(rest) == 0:
		err = c.only(cmd)
	case sub == "add" || sub == "disable" || sub == "reset" || sub == "list":
		return usage(fmt.Sprintf("casedesk %s: wrong number of words\n\n%s", cmd, staffUsage))
	default:
		return usage(fmt.Sprintf("casedesk staff: unknown command %q\n\n%s", sub, staffUsage))
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
		f.Role = app.Role(strings.ToLower(strings.TrimSpace(role)))
		m, password, err := d.AddStaff(ctx, f)
		if err != nil {
			return deskFailed(cmd, err, "")
		}
		fmt.Fprintf(env.Stdout, "Added %s as %s, with the username %s.\n", m.Name, m.Role, m.Username)
		oneTimePassword(env, m.Username, password)
		return nil
	case "list":
		return listStaff(ctx, env, d)
	}
	m, err := staffByUsername(ctx, d, cmd, rest[0])
	if err != nil {
		return err
	}
	if sub == "disable" {
		err := d.DisableStaff(ctx, m.AccountID)
		switch {
		case errors.Is(err, app.ErrUnchanged):
			fmt.Fprintf(env.Stdout, "%s was already disabled; nothing was changed.\n", m.Username)
			return nil
		case errors.Is(err, desk.ErrLastAdmin):
			return failed(cmd, "%s is the clinic's last administrator, so it stays enabled; nothing was changed. Add another administrator first.", m.Username)
		case err != nil:
			return deskFailed(cmd, err, "")
		}
		fmt.Fprintf(env.Stdout, "Disabled %s (%s); they cannot sign in any more.\n", m.Username, m.Name)
		return nil
	}
	password, err := d.ResetStaff(ctx, m.AccountID)
	if err != nil {
		return deskFailed(cmd, err, "")
	}
	fmt.Fprintf(env.Stdout, "Reset the password and 2-step verification of %s (%s), and unlocked the account.\n", m.Username, m.Name)
	oneTimePassword(env, m.Username, password)
	return nil
}

// oneTimePassword prints a staff member's one-time password and what to do with it.
func oneTimePassword(env Env, username, password string) {
	fmt.Fprintf(env.Stdout, "One-time password: %s\n", password)
	fmt.Fprintf(env.Stdout, "Hand it to them in person; it is shown only this once. %s must change it at their first sign-in "+
		"and set up 2-step verification then.\n", username)
}

// staffByUsername finds a staff account by its username, in any case.
func staffByUsername(ctx context.Context, d *desk.Desk, cmd, username string) (desk.StaffMember, error) {
	all, err := d.Staff(ctx)
	if err != nil {
		return desk.StaffMember{}, deskFailed(cmd, err, "")
	}
	for _, m := range all {
		if strings.EqualFold(m.Username, strings.TrimSpace(username)) {
			return m, nil
		}
	}
	return desk.StaffMember{}, failed(cmd, "there is no staff account with the username %s; casedesk staff list shows them.", username)
}

// listStaff prints every staff account as columns.
func listStaff(ctx context.Context, env Env, d *desk.Desk) error {
	all, err := d.Staff(ctx)
	if err != nil {
		return deskFailed("staff list", err, "")
	}
	if len(all) == 0 {
		fmt.Fprintln(env.Stdout, "There are no staff accounts yet (casedesk setup makes the first).")
		return nil
	}
	rows := make([][]string, len(all))
	for i, m := range all {
		state := "active"
		switch {
		case m.Disabled:
			state = "disabled"
		case m.MustChange:
			state = "must change password"
		}
		last := "never"
		if !m.LastSignInAt.IsZero() {
			last = m.LastSignInAt.Local().Format("2006-01-02 15:04")
		}
		rows[i] = []string{m.Name, m.Username, string(m.Role), state, last}
	}
	return table(env.Stdout, "NAME\tUSERNAME\tROLE\tSTATE\tLAST SIGN-IN", rows)
}
