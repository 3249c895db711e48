package cli

import (
	"context"
	"fmt"

	"casedesk/app"
)

const backupUsage = `Usage:
  casedesk backup FILE

backup copies the store to FILE and checks the copy.
`

const restoreUsage = `Usage:
  casedesk restore FILE

restore checks the backup FILE, then puts it in place of the store; the
store it replaces is kept beside it.
`

// backupCommand is "backup FILE": a checked copy of the store.
func backupCommand(ctx context.Context, env Env, args []string) error {
	c, err := flags(env, "backup", backupUsage, args, nil)
	if err != nil {
		return err
	}
	db, rest := c.db, c.words
	if len(rest) != 1 {
		return badCall("backup", "name the backup file, e.g. casedesk backup ~/casedesk-2026-11-23.db")
	}
	s, err := open(ctx, env, "backup", db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, rest[0]); err != nil {
		return failed("backup", "%v", err)
	}
	fmt.Fprintf(env.Stdout, "Backed up %s to %s (checked).\n", db, rest[0])
	return nil
}

// restoreCommand is "restore FILE": the store replaced by a checked backup,
// the replaced store kept.
func restoreCommand(ctx context.Context, env Env, args []string) error {
	c, err := flags(env, "restore", restoreUsage, args, nil)
	if err != nil {
		return err
	}
	db, rest := c.db, c.words
	if len(rest) != 1 {
		return badCall("restore", "name the backup file to restore, e.g. casedesk restore ~/casedesk-2026-11-23.db")
	}
	kept, err := env.Stores.Restore(ctx, db, rest[0])
	if err != nil {
		return failed("restore", "%s", app.BackupMessage(rest[0], err))
	}
	fmt.Fprintf(env.Stdout, "Restored %s from %s.\n", db, rest[0])
	if kept != "" {
		fmt.Fprintf(env.Stdout, "The store it replaced is kept at %s\n", kept)
	}
	return nil
}
