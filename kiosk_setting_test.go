package main

// Turning the kiosk on and off: only an administrator may, in the service
// itself, and each change leaves its settings.kiosk audit row.

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/portal"
	"casedesk/app/settings"
)

// kioskRows are the settings.kiosk rows of the audit log, as "actor detail".
func kioskRows(t *testing.T, r *deskRig) []string {
	t.Helper()
	var rows []string
	if err := r.c.EachAuditEvent(context.Background(), func(e app.AuditEvent) error {
		if e.Action == desk.ActionKiosk {
			rows = append(rows, e.ActorID+" "+e.Detail)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return rows
}

// An administrator turns the kiosk on and off; a plain staff member, an
// applicant, a signed-out or timed-out administrator and no session at all
// are refused, change nothing and leave no audit row.
func TestKioskOnlyAnAdministratorTurnsItOnOrOff(t *testing.T) {
	useConfigDir(t, newMemKeyring())
	r := newDeskRig(t)
	ctx := context.Background()
	admin := r.setUp(t)
	staff := r.staffSession(t, admin, "tomas.h", app.RoleStaff)
	set := settings.New(r.c.Store)
	if err := r.desk.For(admin).SetKiosk(ctx, true); err != nil || !set.Kiosk(ctx) {
		t.Fatalf("the administrator's kiosk on: %v", err)
	}
	if on, err := r.desk.For(admin).Kiosk(ctx); err != nil || !on {
		t.Fatalf("the kiosk reads %v, %v", on, err)
	}
	who := intruders(t, r, admin)
	who["staff member"] = staff
	before := kioskRows(t, r)
	for name, s := range who {
		for _, call := range []func() error{
			func() error { return r.desk.For(s).SetKiosk(ctx, false) },
			func() error { return r.desk.For(s).SetSetting(ctx, app.SettingKiosk, "off") },
			func() error { _, err := r.desk.For(s).Kiosk(ctx); return err },
		} {
			err := call()
			if !errors.Is(err, desk.ErrNotStaff) && !errors.Is(err, desk.ErrNotAdmin) && !errors.Is(err, portal.ErrSignedOut) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if !set.Kiosk(ctx) {
			t.Fatalf("%s turned the kiosk off", name)
		}
	}
	if after := kioskRows(t, r); len(after) != len(before) {
		t.Fatalf("refused calls left audit rows: %v", after)
	}
	// The settings tab's generic Save writes the same row as the card.
	if err := r.desk.For(admin).SetSetting(ctx, app.SettingKiosk, "maybe"); !app.IsInput(err, app.FieldValue) {
		t.Fatalf("kiosk=maybe: %v", err)
	}
	if err := r.desk.For(admin).SetSetting(ctx, app.SettingKiosk, "off"); err != nil || set.Kiosk(ctx) {
		t.Fatalf("the administrator's kiosk off: %v", err)
	}
	if got := strings.Join(kioskRows(t, r), "; "); got != "rosa.admin on; rosa.admin off" {
		t.Fatalf("audit rows: %s", got)
	}
}

// settings set kiosk on|off on the command line writes the audit row too,
// naming the operating-system user; a wrong value changes nothing.
func TestKioskFromTheCommandLine(t *testing.T) {
	useConfigDir(t, newMemKeyring())
	db := filepath.Join(t.TempDir(), "casedesk.db")
	if code, _, errOut := runCLI(t, "demo", "--db", db, "--people", "3"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	if code, out, errOut := runCLI(t, "settings", "set", "kiosk", "on", "--db", db); code != 0 || !strings.Contains(out, "Set kiosk.") {
		t.Fatalf("kiosk on: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "settings", "set", "kiosk", "yes", "--db", db); code != 1 || !strings.Contains(errOut, "neither on nor off") {
		t.Fatalf("kiosk yes: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "settings", "set", "kiosk", "off", "--db", db); code != 0 {
		t.Fatalf("kiosk off: %d %s", code, errOut)
	}
	code, out, _ := runCLI(t, "audit", "--db", db)
	if code != 0 || strings.Count(out, desk.ActionKiosk) != 2 {
		t.Fatalf("audit: %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "settings", "list", "--db", db); code != 0 || !strings.Contains(out, "kiosk                  off") {
		t.Fatalf("settings list: %d\n%s", code, out)
	}
}

// The Kiosk card in Settings turns the kiosk on and off, and the window
// follows at once; the card, not a row of its own, is the kiosk's setting.
func TestKioskCardInSettings(t *testing.T) {
	w := newDeskWindow(t)
	var applied []bool
	w.svc.KioskChanged = func(on bool) { applied = append(applied, on) }
	d, _ := w.show(w.setUp(t))
	openTab(t, d, "Settings")
	text := words(d.Content())
	if !strings.Contains(text, "Kiosk") || !strings.Contains(text, "The kiosk is off") || strings.Contains(text, "\nkiosk\n") {
		t.Fatalf("settings:\n%s", text)
	}
	tap(t, d.Content(), "Turn the kiosk on")
	w.shot(t, "tab-settings-kiosk")
	set := settings.New(w.c.Store)
	ctx := context.Background()
	if !set.Kiosk(ctx) || len(applied) != 1 || !applied[0] || !strings.Contains(words(d.Content()), "The kiosk is on.") {
		t.Fatalf("kiosk on: %v %v\n%s", set.Kiosk(ctx), applied, words(d.Content()))
	}
	tap(t, d.Content(), "Turn the kiosk off")
	if set.Kiosk(ctx) || len(applied) != 2 || applied[1] {
		t.Fatalf("kiosk off: %v %v", set.Kiosk(ctx), applied)
	}
}
