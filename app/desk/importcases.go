package desk

import (
	"context"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/i18n"
)

// caseFieldColumn is the column of each field a case's row is checked for.
var caseFieldColumn = map[app.Field]string{
	app.FieldReceipt: "receipt", app.FieldForm: "form", app.FieldANumber: "a_number",
	app.FieldGivenName: "given_name", app.FieldFamilyName: "family_name", app.FieldDateOfBirth: "date_of_birth",
	app.FieldDate: "received", fieldPriority: "priority", app.FieldOffice: "office",
	app.FieldStatus: "status", fieldStatusDate: "status_date",
}

// The columns of a case's row that no desk form has a field for.
const (
	fieldPriority   app.Field = "priority_date"
	fieldStatusDate app.Field = "status_date"
)

// invalidAs is app.Invalid for a field app does not name.
func invalidAs(f app.Field, label, msg string, args ...any) error {
	return &app.InputError{Code: f, Field: i18n.T(label), Msg: i18n.T(msg, args...)}
}

// statusByTitle finds a status by its USCIS title, its Spanish title or
// its code, ignoring case, accents and punctuation.
var statusByTitle = func() map[string]app.Status {
	m := map[string]app.Status{}
	for _, s := range app.Statuses() {
		for _, k := range []string{s.Code, s.Title, s.TitleES} {
			if k := app.NameKey(k); k != "" {
				if _, dup := m[k]; !dup {
					m[k] = s
				}
			}
		}
	}
	return m
}()

// caseRow is a case's row, checked.
type caseRow struct {
	receipt        app.Receipt
	form           app.Form
	received       app.Date
	priority       app.Date
	office         string
	status         app.Status
	statusDate     app.Date
	hasStatus      bool
	hasPriority    bool
	hasOffice      bool
	clientA        app.ANumber
	clientKey      string
	clientWhat     string
	clientKeyField app.Field
}

// parseCaseRow checks a case's row with the same parsers as the desk's case form.
func (d *Desk) parseCaseRow(m Mapping, rec []string) (caseRow, error) {
	c := func(k string) string { return m.cell(rec, k) }
	var r caseRow
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	r.receipt, err = app.ParseReceipt(c("receipt"))
	add(err)
	ft := strings.ToUpper(strings.ReplaceAll(c("form"), " ", ""))
	var ok bool
	if r.form, ok = app.FormByType(ft); !ok {
		names := make([]string, len(app.Forms))
		for i, f := range app.Forms {
			names[i] = f.Type
		}
		add(app.Invalid(app.FieldForm, "%q is not a form CaseDesk knows; use one of %s", c("form"), strings.Join(names, ", ")))
	}
	today := d.today()
	if c("received") == "" {
		add(invalidAs(app.FieldDate, "Received date", "is empty; type the date USCIS received the case, like 03/14/2025"))
	} else if r.received, err = app.ParseDate(c("received")); err != nil {
		for _, in := range app.InputErrors(err) {
			in.Field = i18n.T("Received date") // the parser's own words, about this date
		}
		add(err)
	} else if today.Before(r.received) {
		add(invalidAs(app.FieldDate, "Received date", "%s is in the future; type the date USCIS received the case", r.received))
	}
	if v := c("priority"); v != "" {
		r.hasPriority = true
		if r.priority, err = app.ParseDate(v); err != nil {
			add(invalidAs(fieldPriority, "Priority date", "%q is not a date; type it like 03/14/2025", v))
		}
	}
	r.office = strings.Join(strings.Fields(c("office")), " ")
	r.hasOffice = r.office != ""
	if r.office == "" && r.receipt != "" {
		r.office = r.receipt.Office()
	}
	if v := c("status"); v != "" {
		r.hasStatus = true
		if r.status, ok = statusByTitle[app.NameKey(v)]; !ok {
			add(app.Invalid(app.FieldStatus, "%q is not a USCIS case status title; type it as USCIS shows it, like \"Case Was Received\" or \"Case Was Approved\"", v))
		}
		switch sd := c("status_date"); {
		case sd == "":
			r.statusDate = r.received
		default:
			if r.statusDate, err = app.ParseDate(sd); err != nil {
				add(invalidAs(fieldStatusDate, "Status date", "%q is not a date; type it like 03/14/2025", sd))
			} else if today.Before(r.statusDate) {
				add(invalidAs(fieldStatusDate, "Status date", "%s is in the future; type the date of the status", r.statusDate))
			} else if !r.received.IsZero() && r.statusDate.Before(r.received) {
				add(invalidAs(fieldStatusDate, "Status date", "%s is before the received date %s; check both dates", r.statusDate, r.received))
			}
		}
	}
	if a := c("a_number"); a != "" {
		r.clientA, err = app.ParseANumber(a)
		add(err)
		r.clientWhat, r.clientKeyField = r.clientA.Masked(), app.FieldANumber
	} else {
		given, family := c("given_name"), c("family_name")
		p := app.Person{GivenName: given, FamilyName: family}
		if given == "" || family == "" {
			add(app.Invalid(app.FieldANumber, "is empty; name the client by A-number, or by given name, family name and date of birth"))
		} else if dob, err := app.ParseDateOfBirth(c("date_of_birth")); err != nil {
			add(err)
		} else {
			p.DateOfBirth = dob
		}
		r.clientKey, r.clientWhat, r.clientKeyField = nameKey(p), strings.TrimSpace(given+" "+family), app.FieldFamilyName
	}
	return r, errors.Join(errs...)
}

// client finds the store's client a case's row names.
func (r caseRow) client(idx clientIndex) (*Client, error) {
	if r.clientA != "" {
		if c, ok := idx.byA[r.clientA]; ok {
			return c, nil
		}
		return nil, app.Invalid(app.FieldANumber, "%s is no client's in CaseDesk; import or add the client first", r.clientA.Masked())
	}
	same := idx.byName[r.clientKey]
	if len(same) == 0 {
		same = idx.byShort[r.clientKey] // the row left the middle name out
	}
	switch len(same) {
	case 1:
		return same[0], nil
	case 0:
		return nil, app.Invalid(app.FieldFamilyName, "and date of birth are no client's in CaseDesk; import or add the client first")
	default:
		return nil, app.Invalid(app.FieldFamilyName, "and date of birth match %d clients; add an A-number column to say which", len(same))
	}
}

// planCases is the dry run of a cases file. A case's client must already
// be in CaseDesk (import the clients first); the client is the applicant,
// or the petitioner of a petition (the desk adds a beneficiary's petition).
func (d *Desk) planCases(ctx context.Context, f *CSVFile, m Mapping, idx clientIndex) ([]PlanRow, error) {
	colOf := columnNamer(ImportCases, f, m, caseFieldColumn)
	rows := make([]PlanRow, 0, len(f.Records))
	seen := map[app.Receipt]int{}
	for n, rec := range f.Records {
		if n%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r, err := d.parseCaseRow(m, rec.Fields)
		what := strings.TrimSpace(m.cell(rec.Fields, "receipt"))
		if err != nil {
			rows = append(rows, refuse(rec.Line, what, err, colOf))
			continue
		}
		what = string(r.receipt) + " " + r.form.Type
		if line, ok := seen[r.receipt]; ok {
			rows = append(rows, refuse(rec.Line, what, app.Invalid(app.FieldReceipt, "is the same as on line %d; a case is imported once", line), colOf))
			continue
		}
		seen[r.receipt] = rec.Line
		cl, err := r.client(idx)
		if err != nil {
			rows = append(rows, refuse(rec.Line, what, err, colOf))
			continue
		}
		had, err := d.svc.store.CaseByReceipt(ctx, r.receipt)
		switch {
		case errors.Is(err, app.ErrNotFound):
			rows = append(rows, d.newCaseRow(rec.Line, what, r, cl))
		case err != nil:
			return nil, err
		case had.ApplicantID != cl.ID && had.PetitionerID != cl.ID && had.BeneficiaryID != cl.ID:
			rows = append(rows, refuse(rec.Line, what, app.Invalid(app.FieldReceipt, "%s is another client's case in CaseDesk; check the receipt number and the client", r.receipt), colOf))
		default:
			rows = append(rows, caseUpdateRow(rec.Line, what, r, had))
		}
	}
	return rows, nil
}

// newCaseRow adds a case: "Case Was Received" on the received date, then
// the row's status on its date when it is another.
func (d *Desk) newCaseRow(line int, what string, r caseRow, cl *Client) PlanRow {
	c := &app.Case{Receipt: r.receipt, FormType: r.form.Type, FormTitle: r.form.Title, ReceivedDate: r.received,
		PriorityDate: r.priority, Office: r.office, ApplicantID: cl.ID}
	if r.form.Petition {
		c.PetitionerID = cl.ID
	}
	events := []app.CaseEvent{{StatusCode: "received", Date: r.received}}
	if r.hasStatus && r.status.Code != "received" {
		events = append(events, app.CaseEvent{StatusCode: r.status.Code, Date: r.statusDate})
	}
	last := events[len(events)-1]
	c.StatusCode, c.StatusDate = last.StatusCode, last.Date
	return PlanRow{Line: line, Action: ActionAdd, What: what, record: &ImportRecord{NewCase: c, Events: events,
		Audit: app.AuditEvent{Action: "case.add", RecordType: "case", Detail: string(r.receipt) + " " + r.form.Type + ", imported from a CSV file"}}}
}

// caseUpdateRow compares a case's row with the case in the store: a
// changed form, office or date updates it, and a status newer than the
// case's (or another on the same day) is added to its history. An older
// status is history the store already has news after, and changes nothing,
// so importing the same file again changes nothing.
func caseUpdateRow(line int, what string, r caseRow, had app.Case) PlanRow {
	c := had
	var changed []string
	if c.FormType != r.form.Type {
		c.FormType, c.FormTitle = r.form.Type, r.form.Title
		changed = append(changed, "form")
	}
	if r.hasOffice && c.Office != r.office {
		c.Office = r.office
		changed = append(changed, "office")
	}
	if c.ReceivedDate.ISO() != r.received.ISO() {
		c.ReceivedDate = r.received
		changed = append(changed, "received date")
	}
	if r.hasPriority && c.PriorityDate.ISO() != r.priority.ISO() {
		c.PriorityDate = r.priority
		changed = append(changed, "priority date")
	}
	var events []app.CaseEvent
	if r.hasStatus && !r.statusDate.Before(had.StatusDate) && (r.status.Code != had.StatusCode || r.statusDate.ISO() != had.StatusDate.ISO()) {
		events = append(events, app.CaseEvent{CaseID: had.ID, StatusCode: r.status.Code, Date: r.statusDate})
		changed = append(changed, "status")
	}
	if len(changed) == 0 {
		return PlanRow{Line: line, Action: ActionUnchanged, What: what}
	}
	return PlanRow{Line: line, Action: ActionUpdate, What: what, Changes: changed, record: &ImportRecord{Case: &c, Events: events,
		Audit: app.AuditEvent{Action: "case.edit", RecordType: "case", RecordID: had.ID, Detail: string(r.receipt) + ", imported from a CSV file: changed " + strings.Join(changed, ", ")}}}
}
