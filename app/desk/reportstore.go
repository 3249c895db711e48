package desk

import (
	"context"
	"time"

	"casedesk/app"
)

// ReportStore is what exports and funders' reports need of the store. The
// exports stream, one row at a time, so that exporting a clinic of fifty
// thousand clients never holds them all in memory; the reports' counting is
// done by the store, which has the indexes for it, while what the numbers
// mean (which status is an approval, which case is active) stays here.
type ReportStore interface {
	// EachClient calls fn with every client (never a staff member's own
	// row), by family name, given name and id. An error from fn stops the
	// walk and is returned.
	EachClient(ctx context.Context, fn func(Client) error) error
	// EachCase calls fn with every case and its applicant, by date received
	// and receipt number.
	EachCase(ctx context.Context, fn func(CaseRow) error) error
	// EachAuditEvent calls fn with every audit row, oldest first.
	EachAuditEvent(ctx context.Context, fn func(app.AuditEvent) error) error
	// SpanCounts counts, in each span: the distinct clients served (a
	// status event dated in it on a case they are the applicant, petitioner
	// or beneficiary of, an appointment not cancelled starting in it, or
	// added in it), the cases received in it, and the audit rows of action
	// printed in it. The spans may overlap (the months and the whole
	// period): one call reads each table once for all of them.
	SpanCounts(ctx context.Context, spans []Span, printed string) ([]SpanCounts, error)
	// AuditAll appends the audit rows, all or none, in one transaction.
	AuditAll(ctx context.Context, rows []app.AuditEvent) error
	// CaseStatusAt groups the cases that have a status event dated before
	// s.To by form and by the status of their latest such event (latest by
	// date, then by when it was recorded), and says whether that event is
	// dated in s.
	CaseStatusAt(ctx context.Context, s Span) ([]FormStatusCount, error)
}

// CaseRow is a case with its applicant, as an export lists it.
type CaseRow struct {
	app.Case
	Applicant app.Person
}

// Span is a stretch of calendar days [From, To) in the clinic's time zone,
// both as dates (for status, received and notice dates, which have no
// time) and as the instants its first and last midnights are (for what
// is stamped with a time: clients added, appointments, the audit log).
type Span struct {
	From, To     app.Date
	FromAt, ToAt time.Time
}

// SpanCounts are the counts of one span.
type SpanCounts struct {
	ClientsServed  int
	NewCases       int
	NoticesPrinted int
}

// FormStatusCount is how many cases of a form had a status at a span's end.
type FormStatusCount struct {
	Form   string
	Status string // the status code
	InSpan bool   // the status's event is dated in the span
	Cases  int
}
