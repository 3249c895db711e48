package desk

import (
	"context"

	"casedesk/app"
	"casedesk/app/notice"
	"casedesk/app/portal"
)

// ActionNoticePrinted is the audit action of a notice printed; the
// funders' report counts these rows.
const ActionNoticePrinted = portal.ActionNoticePrinted

// Printed records that docs went to the printer from the desk: an audit
// row, all at once, for each that is a stored notice (its id, nothing
// personal). The screens call it once the printer has the job, so the
// funders' report can count the notices printed.
func (d *Desk) Printed(ctx context.Context, docs ...notice.Doc) error {
	a, err := d.check(ctx, false)
	if err != nil {
		return err
	}
	var rows []app.AuditEvent
	for _, doc := range docs {
		if n, ok := notice.Stored(doc); ok {
			rows = append(rows, d.event(a, ActionNoticePrinted, "notice", n.ID, ""))
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return d.svc.store.AuditAll(ctx, rows)
}

// PrintedSelection is Printed for the notices of a selection (one
// notice, a case's, or a mailing day's).
func (d *Desk) PrintedSelection(ctx context.Context, sel notice.Selection) error {
	if _, err := d.check(ctx, false); err != nil {
		return err
	}
	if d.svc.notices == nil {
		return nil
	}
	docs, err := d.svc.notices.Docs(ctx, sel)
	if err != nil {
		return err
	}
	return d.Printed(ctx, docs...)
}
