package cli

import (
	"context"
	"fmt"
	"strings"

	"casedesk/app"
	"casedesk/app/settings"
)

const settingsUsage = `Usage:
  casedesk settings list
  casedesk settings set KEY VALUE
`

// settingsCommand is "settings list" and "settings set KEY VALUE". The
// rules for each value are the settings catalogue's, as in the window.
func settingsCommand(ctx context.Context, env Env, args []string) error {
	c, err := flags(env, "settings", settingsUsage, args, nil)
	if err != nil {
		return err
	}
	w, db := c.words, c.db
	if len(w) == 0 || !(w[0] == "list" && len(w) == 1 || w[0] == "set" && len(w) == 3) {
		return usage(settingsUsage)
	}
	sub, rest := w[0], w[1:]
	s, err := open(ctx, env, "settings", db)
	if err != nil {
		return err
	}
	defer s.Close()
	if sub == "list" {
		vs, err := s.Settings().List(ctx)
		if err != nil {
			return failed("settings", "%v", err)
		}
		for _, v := range vs {
			shown := strings.ReplaceAll(v.Value, "\n", `\n`)
			if !v.Set {
				shown = "(not set)"
			}
			fmt.Fprintf(env.Stdout, "%-22s %s\n%-22s   %s\n", v.Key, shown, "", v.About)
		}
		return nil
	}
	key, value := rest[0], strings.ReplaceAll(rest[1], `\n`, "\n")
	if key == app.SettingKiosk {
		err = setKiosk(ctx, env, s, value)
	} else {
		err = s.Settings().Set(ctx, key, value)
	}
	switch {
	case len(app.InputErrors(err)) > 0:
		// A value the catalogue refuses is bad input (status 1), as at the
		// desk's verbs; only a wrong command line is status 2.
		return deskFailed("settings", err, "")
	case err != nil:
		return failed("settings", "%s", app.StoreMessage(db, err))
	}
	fmt.Fprintf(env.Stdout, "Set %s.\n", key)
	return nil
}

// setKiosk turns the kiosk on or off through the desk, which writes the
// setting with its settings.kiosk audit row naming the operating-system user.
func setKiosk(ctx context.Context, env Env, s Store, value string) error {
	c, _ := settings.Lookup(app.SettingKiosk)
	if err := c.Check(value); err != nil {
		return err
	}
	d, err := s.Desk(ctx)
	if err != nil {
		return err
	}
	return d.CommandLine(env.Actor).SetKiosk(ctx, strings.TrimSpace(value) == "on")
}
