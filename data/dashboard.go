package data

import (
	"context"
	"time"

	"casedesk/app"
)

// Dashboard gathers what an applicant sees first: their cases with the
// current status, appointments from now on (soonest first) and the number of
// unread messages.
func (s *Store) Dashboard(ctx context.Context, personID string, now time.Time) (app.Dashboard, error) {
	var d app.Dashboard
	var err error
	if d.Cases, err = s.CasesOfPerson(ctx, personID); err != nil {
		return d, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+appointmentColumns+` FROM appointments
		WHERE person_id = ? AND starts_at >= ? ORDER BY starts_at LIMIT 20`, personID, formatTime(now))
	if err != nil {
		return d, mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAppointment(rows)
		if err != nil {
			return d, err
		}
		d.Upcoming = append(d.Upcoming, a)
	}
	if err := rows.Err(); err != nil {
		return d, mapErr(err)
	}
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE person_id = ? AND read_at = ''`, personID).Scan(&d.Unread)
	return d, mapErr(err)
}
