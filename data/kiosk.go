package data

import (
	"context"
	"database/sql"

	"casedesk/app"
	"casedesk/app/desk"
)

var _ desk.AuditedSettings = DeskStore{}

// SetSettingAudited stores a setting and its audit row in one
// transaction: turning the kiosk on or off is never kept without the row
// that says who did it.
func (s *Store) SetSettingAudited(ctx context.Context, key, value string, e app.AuditEvent) error {
	if err := notOwnSetting(key); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, upsertSetting, key, value); err != nil {
			return err
		}
		return s.auditRow(ctx, tx, e, key)
	})
}
