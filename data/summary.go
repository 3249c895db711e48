package data

import (
	"context"
	"errors"

	"casedesk/app"
)

// Summary counts what the store holds, for the welcome screen.
func (s *Store) Summary(ctx context.Context) (app.Summary, error) {
	var sum app.Summary
	name, err := s.Setting(ctx, app.SettingClinicName)
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return sum, err
	}
	sum.ClinicName = name
	kind, err := s.Setting(ctx, app.SettingInstallKind)
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return sum, err
	}
	sum.InstallKind = kind
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM people WHERE staff = 0), (SELECT count(*) FROM cases), (SELECT count(*) FROM case_events),
		(SELECT count(*) FROM notices), (SELECT count(*) FROM appointments), (SELECT count(*) FROM messages),
		(SELECT count(*) FROM accounts), (SELECT count(*) FROM settings WHERE substr(key, 1, ?) != ?)`,
		len(app.InternalSettingPrefix), app.InternalSettingPrefix).
		Scan(&sum.People, &sum.Cases, &sum.Events, &sum.Notices, &sum.Appointments, &sum.Messages, &sum.Accounts, &sum.Settings)
	return sum, mapErr(err)
}
