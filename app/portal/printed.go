package portal

import (
	"context"

	"casedesk/app"
	"casedesk/app/notice"
)

// ActionNoticePrinted is the audit action of a stored notice printed, at
// the clinic's desk or by a client at home: the clinic's reports for its
// funders count these rows. The row names the notice's id and nothing
// personal.
const ActionNoticePrinted = "notice.printed"

// Printed records that the signed-in person printed docs: an audit row for
// each that is a stored notice of their own. Other documents (an account
// summary, a case's history) are not notices and are not counted.
func (p *Portal) Printed(ctx context.Context, s *Session, docs ...notice.Doc) error {
	for _, d := range docs {
		n, ok := notice.Stored(d)
		if !ok {
			continue
		}
		if _, err := p.Notice(ctx, s, n.ID); err != nil { // only the person's own
			return err
		}
		e := app.AuditEvent{At: p.now().UTC(), ActorID: s.AccountID, Action: ActionNoticePrinted, RecordType: "notice", RecordID: n.ID}
		if err := p.store.Audit(ctx, &e); err != nil {
			return err
		}
	}
	return nil
}
