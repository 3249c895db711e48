package desk

import (
	"context"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/settings"
)

// ActionKiosk is the audit action of turning the kiosk on or off; its
// detail is "on" or "off".
const ActionKiosk = "settings.kiosk"

// AuditedSettings is the store's write of a setting with its audit row in
// one transaction; the store behind the desk implements it.
type AuditedSettings interface {
	SetSettingAudited(ctx context.Context, key, value string, e app.AuditEvent) error
}

// errNoAuditedSettings is a store that cannot keep a setting with its
// audit row: the kiosk is then left as it is.
var errNoAuditedSettings = errors.New("this store cannot record who changed the kiosk setting")

// setKiosk is SetKiosk for a typed value, checked by the catalogue's rule.
func (d *Desk) setKiosk(ctx context.Context, value string) error {
	if _, err := d.check(ctx, true); err != nil {
		return err
	}
	c, _ := settings.Lookup(app.SettingKiosk)
	if err := c.Check(value); err != nil {
		return err
	}
	return d.SetKiosk(ctx, strings.TrimSpace(value) == "on")
}

// Kiosk says whether the kiosk is on (administrators).
func (d *Desk) Kiosk(ctx context.Context) (bool, error) {
	if _, err := d.check(ctx, true); err != nil {
		return false, err
	}
	return d.svc.settings.Kiosk(ctx), nil
}

// SetKiosk turns the kiosk on or off (administrators: leaving the kiosk
// needs an administrator's sign-in, or the command line). The setting and
// its audit row, settings.kiosk with on or off, are written together.
func (d *Desk) SetKiosk(ctx context.Context, on bool) error {
	a, err := d.check(ctx, true)
	if err != nil {
		return err
	}
	store, ok := d.svc.store.(AuditedSettings)
	if !ok {
		return errNoAuditedSettings
	}
	value := "off"
	if on {
		value = "on"
	}
	return store.SetSettingAudited(ctx, app.SettingKiosk, value, d.event(a, ActionKiosk, "setting", app.SettingKiosk, value))
}
