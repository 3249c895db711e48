package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
)

// knownSettings are the settings people may change, with what each is and
// how to check a value.
var knownSettings = []struct {
	key, about string
	check      func(string) error
}{
	{app.SettingClinicName, "the clinic's name, on letterheads and in the window", nonEmpty},
	{app.SettingClinicAddress, `the clinic's address on letterheads; separate lines with \n`, nonEmpty},
	{auth.SettingCodeExpiryDays, "how many days a new access code works (1 to 90; 30 when unset)", intBetween(1, auth.MaxCodeExpiryDays)},
	{auth.SettingTimeZone, "the clinic's time zone, like America/Chicago: the day an access code is issued and its last day are the clinic's days (the computer's zone when unset)", func(v string) error { _, err := auth.LoadZone(v); return err }},
	{app.SettingSessionIdleMinutes, "minutes of no activity before an applicant is signed out (1 to 60; 15 when unset, 2 for a shared computer)", intBetween(1, 60)},
}

func nonEmpty(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("the value is empty")
	}
	return nil
}

func intBetween(lo, hi int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%q is not a whole number from %d to %d", v, lo, hi)
		}
		return nil
	}
}

const settingsUsage = `Usage:
  casedesk settings list
  casedesk settings set KEY VALUE
`

func settingsVerb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "list" && args[0] != "set") {
		fmt.Fprint(stderr, settingsUsage)
		return 2
	}
	sub := args[0]
	db, rest, code, ok := flags("settings "+sub, args[1:], stderr, nil)
	if !ok {
		return code
	}
	if (sub == "list" && len(rest) != 0) || (sub == "set" && len(rest) != 2) {
		fmt.Fprint(stderr, settingsUsage)
		return 2
	}
	s, ok := openStore(ctx, db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	if sub == "list" {
		for _, k := range knownSettings {
			v, err := s.Setting(ctx, k.key)
			if errors.Is(err, app.ErrNotFound) {
				v = "(not set)"
			} else if err != nil {
				fmt.Fprintln(stderr, "casedesk settings:", err)
				return 1
			}
			fmt.Fprintf(stdout, "%-22s %s\n%-22s   %s\n", k.key, strings.ReplaceAll(v, "\n", `\n`), "", k.about)
		}
		return 0
	}
	key, value := rest[0], strings.ReplaceAll(rest[1], `\n`, "\n")
	for _, k := range knownSettings {
		if k.key != key {
			continue
		}
		if err := k.check(value); err != nil {
			fmt.Fprintf(stderr, "casedesk settings: %s: %v; it is %s.\n", key, err, k.about)
			return 2
		}
		if err := s.SetSetting(ctx, key, strings.TrimSpace(value)); err != nil {
			fmt.Fprintln(stderr, "casedesk settings:", app.StoreMessage(db, err))
			return 1
		}
		fmt.Fprintf(stdout, "Set %s.\n", key)
		return 0
	}
	names := make([]string, len(knownSettings))
	for i, k := range knownSettings {
		names[i] = k.key
	}
	fmt.Fprintf(stderr, "casedesk settings: there is no setting %q; the settings are %s.\n", key, strings.Join(names, ", "))
	return 2
}
