package data

import (
	"context"

	"casedesk/app/desk"
)

// servedQuery counts the distinct clients served in a span: ?1 and ?2 are
// its instants, ?3 and ?4 its dates. See desk.ReportStore.
const servedQuery = `SELECT count(*) FROM (
	SELECT id FROM people WHERE staff = 0 AND created_at >= ?1 AND created_at < ?2
	UNION SELECT a.person_id FROM appointments a
		WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND a.status != 'cancelled'
	UNION SELECT c.applicant_id FROM cases c
		WHERE c.id IN (SELECT case_id FROM case_events WHERE event_date >= ?3 AND event_date < ?4)
	UNION SELECT c.petitioner_id FROM cases c WHERE c.petitioner_id IS NOT NULL
		AND c.id IN (SELECT case_id FROM case_events WHERE event_date >= ?3 AND event_date < ?4)
	UNION SELECT c.beneficiary_id FROM cases c WHERE c.beneficiary_id IS NOT NULL
		AND c.id IN (SELECT case_id FROM case_events WHERE event_date >= ?3 AND event_date < ?4)
) x JOIN people p ON p.id = x.id AND p.staff = 0`

// SpanCounts counts the clients served, the cases received and the audit
// rows of action printed in the span.
func (s *Store) SpanCounts(ctx context.Context, sp desk.Span, printed string) (desk.SpanCounts, error) {
	var c desk.SpanCounts
	fromAt, toAt := formatTime(sp.FromAt), formatTime(sp.ToAt)
	from, to := sp.From.ISO(), sp.To.ISO()
	if err := s.db.QueryRowContext(ctx, servedQuery, fromAt, toAt, from, to).Scan(&c.ClientsServed); err != nil {
		return desk.SpanCounts{}, mapErr(err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE received_date >= ? AND received_date < ?`,
		from, to).Scan(&c.NewCases); err != nil {
		return desk.SpanCounts{}, mapErr(err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_events WHERE action = ? AND at >= ? AND at < ?`,
		printed, fromAt, toAt).Scan(&c.NoticesPrinted); err != nil {
		return desk.SpanCounts{}, mapErr(err)
	}
	return c, nil
}

// CaseStatusAt groups the cases with a status event dated before the
// span's end by form and by the status of their latest such event (by
// date, then by when it was recorded, as a case's history is ordered).
func (s *Store) CaseStatusAt(ctx context.Context, sp desk.Span) ([]desk.FormStatusCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.form_type, e.status_code, e.event_date >= ?1, count(*)
		FROM cases c JOIN case_events e ON e.id = (SELECT id FROM case_events
			WHERE case_id = c.id AND event_date < ?2 ORDER BY event_date DESC, created_at DESC, id DESC LIMIT 1)
		GROUP BY 1, 2, 3`, sp.From.ISO(), sp.To.ISO())
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []desk.FormStatusCount
	for rows.Next() {
		var g desk.FormStatusCount
		if err := rows.Scan(&g.Form, &g.Status, &g.InSpan, &g.Cases); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, g)
	}
	return out, mapErr(rows.Err())
}
