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

const peopleUsage = `Usage:
  casedesk people add  --given G --family F --date-of-birth D [more details] [--assign USERNAME] [--confirm-duplicate]
  casedesk people edit WHO [the details to change]
  casedesk people list [QUERY]
  casedesk people show WHO

add adds a client and prints their id, the last word of what it prints. A
client who looks like one already in CaseDesk (the same name and date of
birth) is refused with the matches; when it is someone else, run the same
command again with --confirm-duplicate. edit changes only the details whose
flags are given (--assign "" takes the client off anyone's list). list finds
clients by name, receipt number, A-number or online account number (no
QUERY: the latest added or changed). show prints a client's page. WHO is a
client's id, or a receipt number, A-number or online account number that
belongs to one client. Dates are 03/14/1985 or 1985-03-14.
`

// clientFlags are the flags of a client's details, one for each field of
// the desk's client form.
var clientFlags = []struct {
	name, usage string
	field       func(*desk.ClientForm) *string
}{
	{"given", "given (first) name, as on the passport or other ID", func(f *desk.ClientForm) *string { return &f.GivenName }},
	{"middle", "middle name", func(f *desk.ClientForm) *string { return &f.MiddleName }},
	{"family", "family (last) name", func(f *desk.ClientForm) *string { return &f.FamilyName }},
	{"other-names", "other names used, separated by commas", func(f *desk.ClientForm) *string { return &f.OtherNames }},
	{"date-of-birth", "date of birth, like 03/14/1985", func(f *desk.ClientForm) *string { return &f.DateOfBirth }},
	{"country-of-birth", "country of birth", func(f *desk.ClientForm) *string { return &f.CountryOfBirth }},
	{"a-number", "A-number, like A123456789", func(f *desk.ClientForm) *string { return &f.ANumber }},
	{"street", "street address", func(f *desk.ClientForm) *string { return &f.Line1 }},
	{"street2", "apartment, suite or unit", func(f *desk.ClientForm) *string { return &f.Line2 }},
	{"city", "city", func(f *desk.ClientForm) *string { return &f.City }},
	{"state", "state, two letters like TX", func(f *desk.ClientForm) *string { return &f.State }},
	{"zip", "ZIP code", func(f *desk.ClientForm) *string { return &f.ZIP }},
	{"phone", "phone number", func(f *desk.ClientForm) *string { return &f.Phone }},
	{"email", "e-mail address", func(f *desk.ClientForm) *string { return &f.Email }},
	{"language", "preferred language, two letters like en or es (default en)", func(f *desk.ClientForm) *string { return &f.Language }},
}

// peopleCommand is "people add", "people edit", "people list" and "people show".
func peopleCommand(ctx context.Context, env Env, args []string) error {
	values := map[string]*string{}
	var assign string
	var confirm bool
	c, err := flags(env, "people", peopleUsage, args, func(fs *flag.FlagSet) {
		for _, f := range clientFlags {
			values[f.name] = fs.String(f.name, "", "add, edit: "+f.usage)
		}
		fs.StringVar(&assign, "assign", "", "add, edit: the username of the staff member the client is assigned to")
		fs.BoolVar(&confirm, "confirm-duplicate", false, "add: add the client even though they look like one already in CaseDesk")
	})
	if err != nil {
		return err
	}
	if len(c.words) == 0 {
		return usage(peopleUsage)
	}
	sub, rest := c.words[0], c.words[1:]
	cmd := "people " + sub
	var details []string
	for _, f := range clientFlags {
		details = append(details, f.name)
	}
	switch {
	case sub == "add" && len(rest) == 0:
		err = c.only(cmd, append(details, "assign", "confirm-duplicate")...)
	case sub == "edit" && len(rest) == 1:
		err = c.only(cmd, append(details, "assign")...)
	case sub == "list":
		err = c.only(cmd)
	case sub == "show" && len(rest) == 1:
		err = c.only(cmd)
	case sub == "add" || sub == "edit" || sub == "show":
		return usage(fmt.Sprintf("casedesk %s: wrong number of words\n\n%s", cmd, peopleUsage))
	default:
		return usage(fmt.Sprintf("casedesk people: unknown command %q\n\n%s", sub, peopleUsage))
	}
	if err != nil {
		return err
	}
	// given applies the flags given to a form: add starts from an empty
	// one, edit from the client's details.
	given := func(f *desk.ClientForm) (n int) {
		c.fs.Visit(func(fl *flag.Flag) {
			for _, cf := range clientFlags {
				if cf.name == fl.Name {
					*cf.field(f) = *values[fl.Name]
					n++
				}
			}
		})
		return n
	}
	assignGiven := false
	c.fs.Visit(func(fl *flag.Flag) { assignGiven = assignGiven || fl.Name == "assign" })
	if sub == "edit" && !assignGiven && given(&desk.ClientForm{}) == 0 {
		return usage(fmt.Sprintf("casedesk people edit: give the details to change, like --phone or --street\n\n%s", peopleUsage))
	}
	s, d, err := openDesk(ctx, env, cmd, c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "list":
		return listPeople(ctx, env, d, strings.Join(rest, " "))
	case "show":
		pg, err := findClient(ctx, d, cmd, rest[0])
		if err != nil {
			return err
		}
		return showPage(env, pg)
	case "add":
		var f desk.ClientForm
		given(&f)
		if err := assignTo(ctx, d, &f, assign, assignGiven); err != nil {
			return deskFailed(cmd, err, "")
		}
		return addClient(ctx, env, d, f, confirm)
	}
	pg, err := findClient(ctx, d, cmd, rest[0])
	if err != nil {
		return err
	}
	f := desk.FormOf(pg.Client)
	given(&f)
	if err := assignTo(ctx, d, &f, assign, assignGiven); err != nil {
		return deskFailed(cmd, err, "")
	}
	cl, err := d.EditClient(ctx, pg.Client.ID, f)
	if errors.Is(err, app.ErrUnchanged) {
		fmt.Fprintf(env.Stdout, "%s already has these details; nothing was changed.\n", pg.Client.FullName())
		return nil
	}
	if err != nil {
		return deskFailed(cmd, err, "")
	}
	fmt.Fprintf(env.Stdout, "Saved the new details of client %s: %s\n", cl.FullName(), cl.ID)
	return nil
}

// assignTo puts the staff member with the username into the form, when
// --assign was given. A username that is no enabled staff member's is
// refused together with whatever else is wrong with the form.
func assignTo(ctx context.Context, d *desk.Desk, f *desk.ClientForm, username string, given bool) error {
	if !given {
		return nil
	}
	username = strings.TrimSpace(username)
	if username == "" {
		f.AssignedTo = ""
		return nil
	}
	staff, err := d.StaffNames(ctx)
	if err != nil {
		return err
	}
	for _, m := range staff {
		if strings.EqualFold(m.Username, username) {
			f.AssignedTo = m.AccountID
			return nil
		}
	}
	_, formErr := desk.ParseClient(*f)
	return errors.Join(formErr, app.Invalid(app.FieldAssignedTo,
		"%q is not the username of a staff member who can take clients; casedesk staff list shows them", username))
}

// addClient adds a client; a likely duplicate is shown, not added.
func addClient(ctx context.Context, env Env, d *desk.Desk, f desk.ClientForm, confirm bool) error {
	cl, err := d.AddClient(ctx, f, confirm)
	var dup *desk.DuplicateError
	if errors.As(err, &dup) {
		var b strings.Builder
		writePeople(&b, dup.Matches)
		return failed("people add", "this may be a client already in CaseDesk, so nothing was saved:\n%s\n"+
			"If it is someone else, run the same command again with --confirm-duplicate.", indent(b.String()))
	}
	if err != nil {
		return deskFailed("people add", err, "")
	}
	fmt.Fprintf(env.Stdout, "Added client %s: %s\n", cl.FullName(), cl.ID)
	return nil
}

// listPeople prints the clients a query finds, as columns.
func listPeople(ctx context.Context, env Env, d *desk.Desk, query string) error {
	found, err := d.Search(ctx, query, false)
	if err != nil {
		return deskFailed("people list", err, "")
	}
	if len(found) == 0 {
		if strings.TrimSpace(query) == "" {
			fmt.Fprintln(env.Stdout, "CaseDesk has no clients yet.")
		} else {
			fmt.Fprintf(env.Stdout, "No client matches %q.\n", query)
		}
		return nil
	}
	return writePeople(env.Stdout, found)
}
