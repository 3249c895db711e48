package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"casedesk/app"
	"casedesk/app/desk"
)

// showPage prints a client's page as the desk shows it: details, cases
// with their status, the online account, appointments and messages.
func showPage(env Env, pg desk.Page) error {
	w := env.Stdout
	p := pg.Client.Person
	fmt.Fprintln(w, p.FullName())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", label, value)
		}
	}
	line("id", p.ID)
	line("other names", p.OtherNames)
	born := p.DateOfBirth.String()
	if p.CountryOfBirth != "" {
		born += " in " + p.CountryOfBirth
	}
	line("born", born)
	if p.ANumber != "" {
		line("A-number", p.ANumber.Masked())
	}
	line("address", address(p.Address))
	line("phone", p.Phone)
	line("e-mail", p.Email)
	line("language", p.Language)
	if pg.Client.AssignedTo != "" {
		line("assigned to", orDash(pg.AssignedName))
	}
	line("online account", accountState(pg.Account))
	line("messages", fmt.Sprintf("%d", len(pg.Messages)))
	if len(pg.History) > 0 {
		line("earlier details", fmt.Sprintf("%d versions kept", len(pg.History)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(pg.Cases) == 0 {
		fmt.Fprintln(w, "Cases: none yet (casedesk cases add).")
	} else {
		fmt.Fprintln(w, "Cases:")
		if err := writeCases(w, p.ID, pg.Cases); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	if len(pg.Appointments) == 0 {
		fmt.Fprintln(w, "Appointments: none.")
		return nil
	}
	fmt.Fprintln(w, "Appointments:")
	rows := make([][]string, len(pg.Appointments))
	for i, a := range pg.Appointments {
		rows[i] = []string{a.ID, a.When(), string(a.Kind), a.PlaceName, a.Status}
	}
	return table(w, "ID\tWHEN\tKIND\tPLACE\tSTATUS", rows)
}

// address is an address on one line.
func address(a app.Address) string {
	var parts []string
	for _, s := range []string{a.Line1, a.Line2, a.City} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if st := strings.TrimSpace(a.State + " " + string(a.ZIP)); st != "" {
		parts = append(parts, st)
	}
	return strings.Join(parts, ", ")
}

// accountState says in words where a client's online account stands.
func accountState(a desk.Account) string {
	switch a.State {
	case desk.CodeIssued:
		return fmt.Sprintf("access code issued, valid through %s; not yet set up", app.DateOf(a.CodeExpires))
	case desk.CodeLapsed:
		return "an access code was issued but lapsed or was revoked; not set up (casedesk codes issue)"
	case desk.SetUp:
		s := fmt.Sprintf("set up: username %s, account number %s", a.Username, a.Number)
		if !a.LastSignIn.IsZero() {
			s += ", last signed in " + app.DateOf(a.LastSignIn).String()
		}
		return s
	case desk.Locked:
		return fmt.Sprintf("locked after failed sign-ins until %s (casedesk accounts unlock --username %s)",
			a.LockedUntil.Local().Format("01/02/2006 3:04 PM"), a.Username)
	}
	return "none; no access code was issued (casedesk codes issue)"
}

// caseRole is the client's part in a case.
func caseRole(personID string, c app.Case) string {
	switch personID {
	case c.BeneficiaryID:
		return string(desk.AsBeneficiary)
	case c.PetitionerID:
		return string(desk.AsPetitioner)
	}
	return string(desk.AsApplicant)
}

// statusTitle is the USCIS title of a status code.
func statusTitle(code string) string {
	if st, ok := app.StatusByCode(code); ok {
		return st.Title
	}
	return code
}

// writeCases lists a client's cases as columns.
func writeCases(w io.Writer, personID string, cases []app.Case) error {
	rows := make([][]string, len(cases))
	for i, c := range cases {
		rows[i] = []string{string(c.Receipt), c.FormType, caseRole(personID, c), statusTitle(c.StatusCode), dateOrDash(c.StatusDate), c.ID}
	}
	return table(w, "RECEIPT\tFORM\tROLE\tSTATUS\tSINCE\tID", rows)
}
