package desk

import (
	"context"
	"strings"

	"casedesk/app"
)

// clientIndex finds the store's clients by A-number and by folded full
// name with date of birth (app.NameKey, as LikelyDuplicates compares them).
type clientIndex struct {
	byA    map[app.ANumber]*Client
	byName map[string][]*Client
	// byShort is by given and family name with date of birth, leaving the
	// middle name out: a cases file names the client with two names.
	byShort map[string][]*Client
}

func indexClients(clients []Client) clientIndex {
	idx := clientIndex{byA: make(map[app.ANumber]*Client, len(clients)), byName: make(map[string][]*Client, len(clients)),
		byShort: make(map[string][]*Client, len(clients))}
	for i := range clients {
		c := &clients[i]
		if c.ANumber != "" {
			idx.byA[c.ANumber] = c
		}
		if k := nameKey(c.Person); k != "" {
			idx.byName[k] = append(idx.byName[k], c)
		}
		if c.MiddleName != "" {
			short := c.Person
			short.MiddleName = ""
			if k := nameKey(short); k != "" {
				idx.byShort[k] = append(idx.byShort[k], c)
			}
		}
	}
	return idx
}

// nameKey is a person's folded full name with their date of birth; "" when
// either is missing.
func nameKey(p app.Person) string {
	n := app.NameKey(p.FullName())
	if n == "" || p.DateOfBirth.IsZero() {
		return ""
	}
	return n + "|" + p.DateOfBirth.ISO()
}

// clientFieldColumn is the column of each field a client's row is checked for.
var clientFieldColumn = map[app.Field]string{
	app.FieldGivenName: "given_name", app.FieldMiddleName: "middle_name", app.FieldFamilyName: "family_name",
	app.FieldOtherNames: "other_names", app.FieldDateOfBirth: "date_of_birth", app.FieldCountryOfBirth: "country_of_birth",
	app.FieldANumber: "a_number", app.FieldStreet: "street", app.FieldCity: "city", app.FieldState: "state",
	app.FieldZIP: "zip", app.FieldPhone: "phone", app.FieldEmail: "email", app.FieldLanguage: "language",
}

// clientFormOf is a row's client form; cells of columns not mapped are empty.
func clientFormOf(m Mapping, rec []string) ClientForm {
	c := func(k string) string { return m.cell(rec, k) }
	return ClientForm{GivenName: c("given_name"), MiddleName: c("middle_name"), FamilyName: c("family_name"),
		OtherNames: c("other_names"), DateOfBirth: c("date_of_birth"), CountryOfBirth: c("country_of_birth"),
		ANumber: c("a_number"), Line1: c("street"), Line2: c("street2"), City: c("city"), State: c("state"),
		ZIP: c("zip"), Phone: c("phone"), Email: c("email"), Language: c("language")}
}

// over fills in what a row leaves empty from what the store has: an empty
// cell keeps the client's detail, it never erases it. The address goes
// whole: a row with any part of it gives all of it.
func over(had ClientForm, row ClientForm) ClientForm {
	keep := func(v *string, old string) {
		if *v == "" {
			*v = old
		}
	}
	out := row
	keep(&out.MiddleName, had.MiddleName)
	keep(&out.OtherNames, had.OtherNames)
	keep(&out.CountryOfBirth, had.CountryOfBirth)
	keep(&out.ANumber, had.ANumber)
	keep(&out.Phone, had.Phone)
	keep(&out.Email, had.Email)
	keep(&out.Language, had.Language)
	if row.Line1+row.Line2+row.City+row.State+row.ZIP == "" {
		out.Line1, out.Line2, out.City, out.State, out.ZIP = had.Line1, had.Line2, had.City, had.State, had.ZIP
	}
	out.AssignedTo = had.AssignedTo
	return out
}

// planClients is the dry run of a clients file.
func (d *Desk) planClients(ctx context.Context, f *CSVFile, m Mapping, idx clientIndex) ([]PlanRow, error) {
	colOf := columnNamer(ImportClients, f, m, clientFieldColumn)
	rows := make([]PlanRow, 0, len(f.Records))
	seenA := map[app.ANumber]int{}
	type seen struct {
		line  int
		withA bool
	}
	seenName := map[string]seen{}
	for n, rec := range f.Records {
		if n%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		form := clientFormOf(m, rec.Fields)
		what := strings.TrimSpace(form.GivenName + " " + form.FamilyName)
		c, err := ParseClient(form)
		if err != nil {
			rows = append(rows, refuse(rec.Line, what, err, colOf))
			continue
		}
		what = c.FullName()
		key := nameKey(c.Person)
		if c.ANumber != "" {
			if line, ok := seenA[c.ANumber]; ok {
				rows = append(rows, refuse(rec.Line, what, app.Invalid(app.FieldANumber, "is the same as on line %d; a client is imported once", line), colOf))
				continue
			}
		}
		if s, ok := seenName[key]; ok && (c.ANumber == "" || !s.withA) {
			rows = append(rows, refuse(rec.Line, what, app.Invalid(app.FieldFamilyName, "and date of birth are the same as on line %d; a client is imported once (give each an A-number if they are two people)", s.line), colOf))
			continue
		}
		if c.ANumber != "" {
			seenA[c.ANumber] = rec.Line
		}
		if _, ok := seenName[key]; !ok {
			seenName[key] = seen{rec.Line, c.ANumber != ""}
		}
		had, err := idx.match(c)
		if err != nil {
			rows = append(rows, refuse(rec.Line, what, err, colOf))
			continue
		}
		if had == nil {
			c.CreatedAt = d.svc.now().UTC()
			nc := c
			rows = append(rows, PlanRow{Line: rec.Line, Action: ActionAdd, What: what, record: &ImportRecord{
				NewClient: &nc, Audit: app.AuditEvent{Action: "client.add", RecordType: "person", Detail: "imported from a CSV file"}}})
			continue
		}
		merged, err := ParseClient(over(FormOf(*had), form))
		if err != nil { // the store's own details are valid; this is the row's
			rows = append(rows, refuse(rec.Line, what, err, colOf))
			continue
		}
		merged.ID, merged.CreatedAt = had.ID, had.CreatedAt
		changed := changedFields(*had, merged)
		if len(changed) == 0 {
			rows = append(rows, PlanRow{Line: rec.Line, Action: ActionUnchanged, What: what})
			continue
		}
		rows = append(rows, PlanRow{Line: rec.Line, Action: ActionUpdate, What: what, Changes: changed, record: &ImportRecord{
			Client: &merged, Audit: app.AuditEvent{Action: "client.edit", RecordType: "person", RecordID: had.ID,
				Detail: "imported from a CSV file: changed " + strings.Join(changed, ", ")}}})
	}
	return rows, nil
}

// match finds the store's client a row is about: by A-number when the row
// has one, else (or when no client has it) by name and date of birth. A
// row whose name and date of birth are another A-number's client, or many
// clients', is refused rather than guessed; so is a row whose A-number is
// a client's whose name and date of birth both differ from the row's.
func (idx clientIndex) match(c Client) (*Client, error) {
	if c.ANumber != "" {
		if had, ok := idx.byA[c.ANumber]; ok {
			if !samePerson(*had, c) {
				// The message names neither the client's name nor their date of
				// birth: the file's author may not be entitled to them.
				return nil, app.Invalid(app.FieldANumber, "is another client's in CaseDesk, whose name and date of birth differ from this row's: check the A-number")
			}
			return had, nil
		}
	}
	same := idx.byName[nameKey(c.Person)]
	var free []*Client
	for _, s := range same {
		if s.ANumber == "" {
			free = append(free, s)
		}
	}
	switch {
	case len(same) == 0:
		return nil, nil
	case c.ANumber != "" && len(free) == 1:
		return free[0], nil // the row gives the client their A-number
	case c.ANumber != "" && len(free) == 0:
		return nil, app.Invalid(app.FieldANumber, "%s is no client's, but a client with the same name and date of birth has %s; check the number, or change that client at the desk", c.ANumber.Masked(), same[0].ANumber.Masked())
	case len(same) == 1:
		return same[0], nil
	}
	return nil, app.Invalid(app.FieldDateOfBirth, "and name match %d clients; add an A-number column to say which", len(same))
}

// samePerson tells whether a row matched by A-number can be about the
// client who has it: the folded full name or the date of birth agrees (a
// married name, a corrected date). When both differ the A-number is most
// likely mistyped, and updating would give that client another person's
// identity. A row without a middle name keeps the client's, as over does.
func samePerson(had Client, row Client) bool {
	if had.DateOfBirth.ISO() == row.DateOfBirth.ISO() {
		return true
	}
	p := row.Person
	if p.MiddleName == "" {
		p.MiddleName = had.MiddleName
	}
	return app.NameKey(p.FullName()) == app.NameKey(had.FullName())
}
