package desk

import (
	"context"
	"fmt"
	"os"
	"time"

	"casedesk/app"
)

// Exports are personal data in bulk, so only an administrator (or the
// command line) may make them, and each one is audited with how many rows
// it wrote and never with what they hold.

// ExportClientColumns are the columns of a client export, in order.
var ExportClientColumns = []string{"A-number", "Given name", "Middle name", "Family name", "Other names",
	"Date of birth", "Country of birth", "Address line 1", "Address line 2", "City", "State", "ZIP",
	"Phone", "Email", "Language", "Added"}

// ExportCaseColumns are the columns of a case export, in order.
var ExportCaseColumns = []string{"Receipt number", "Form", "A-number", "Given name", "Family name", "Date of birth",
	"Received", "Priority date", "Office", "Status", "Status date"}

// AuditColumns are the columns of an audit-log export, in order.
var AuditColumns = []string{"At (UTC)", "Who", "Action", "Record type", "Record", "Detail"}

// ExportClients writes every client to a CSV file at path, replacing a
// file there only when replace is set (else an error for fs.ErrExist),
// and returns how many it wrote.
func (d *Desk) ExportClients(ctx context.Context, path string, replace bool) (int, error) {
	a, err := d.check(ctx, true)
	if err != nil {
		return 0, err
	}
	zone := d.zone(ctx)
	n, err := writeCSVFile(ctx, path, replace, ExportClientColumns, func(c *csvOut) error {
		return d.svc.store.EachClient(ctx, func(cl Client) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			p := cl.Person
			return c.row(string(p.ANumber), p.GivenName, p.MiddleName, p.FamilyName, p.OtherNames,
				isoOrEmpty(p.DateOfBirth), p.CountryOfBirth, p.Address.Line1, p.Address.Line2, p.Address.City,
				p.Address.State, string(p.Address.ZIP), p.Phone, p.Email, p.Language, localDay(p.CreatedAt, zone))
		})
	})
	return n, d.exported(ctx, a, path, "export.clients", n, "clients", err)
}

// ExportCases writes every case, with its applicant's A-number, name and
// date of birth, to a CSV file at path; see ExportClients.
func (d *Desk) ExportCases(ctx context.Context, path string, replace bool) (int, error) {
	a, err := d.check(ctx, true)
	if err != nil {
		return 0, err
	}
	n, err := writeCSVFile(ctx, path, replace, ExportCaseColumns, func(c *csvOut) error {
		return d.svc.store.EachCase(ctx, func(r CaseRow) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			status := r.StatusCode
			if st, ok := app.StatusByCode(r.StatusCode); ok {
				status = st.Title
			}
			return c.row(string(r.Receipt), r.FormType, string(r.Applicant.ANumber), r.Applicant.GivenName,
				r.Applicant.FamilyName, isoOrEmpty(r.Applicant.DateOfBirth), isoOrEmpty(r.ReceivedDate),
				isoOrEmpty(r.PriorityDate), r.Office, status, isoOrEmpty(r.StatusDate))
		})
	})
	return n, d.exported(ctx, a, path, "export.cases", n, "cases", err)
}

// ExportAudit writes the whole audit log, oldest first, to a CSV file at
// path; see ExportClients.
func (d *Desk) ExportAudit(ctx context.Context, path string, replace bool) (int, error) {
	a, err := d.check(ctx, true)
	if err != nil {
		return 0, err
	}
	n, err := writeCSVFile(ctx, path, replace, AuditColumns, func(c *csvOut) error {
		return d.svc.store.EachAuditEvent(ctx, func(e app.AuditEvent) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return c.row(e.At.UTC().Format("2006-01-02 15:04:05"), e.ActorID, e.Action, e.RecordType, e.RecordID, e.Detail)
		})
	})
	return n, d.exported(ctx, a, path, "export.audit", n, "rows", err)
}

// exported audits a finished export with its row count. A failed one
// wrote no file and is not audited; an export whose audit row cannot be
// written is removed, so none is ever left unaudited.
func (d *Desk) exported(ctx context.Context, a actor, path, action string, n int, what string, err error) error {
	if err != nil {
		return err
	}
	e := d.event(a, action, "", "", fmt.Sprintf("%d %s", n, what))
	if err := d.svc.store.Audit(ctx, &e); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func isoOrEmpty(d app.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.ISO()
}

// localDay is the day t fell on in zone, as YYYY-MM-DD.
func localDay(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format(time.DateOnly)
}
