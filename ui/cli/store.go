package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"golang.org/x/term"

	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/app/desk"
)

const backupUsage = `Usage:
  casedesk backup [FILE [--force]]

backup makes a sealed backup of the store: checked, then encrypted with a
key that comes from this computer's data key, so that the file shows
nothing to whoever finds it. Without FILE it goes into the backup folder
(settings set backup.folder PATH; a "CaseDesk Backups" folder beside the
store when unset), and the folder keeps the last 14 daily and 8 weekly
backups; with FILE it goes there. A file already at FILE is kept unless
--force is given, and even then only another backup is replaced.
`

const restoreUsage = `Usage:
  casedesk restore FILE [--recovery-key-file F | --recovery-qr IMAGE]
  casedesk restore --plain-backup FILE
  casedesk restore --replace-key FILE …

restore opens the backup FILE, checking every part of it, then puts it in
place of the store; the store it replaces is kept beside it. A backup
sealed on another computer needs the clinic's recovery key: restore asks
for it in a terminal, or reads it from F (the key as typed from the sheet)
or from a photo or scan of the sheet's QR code. The key is put in this
computer's keyring only once the restore succeeded; in place of a key this
computer already holds only when the store restored is the default one, or
--replace-key says no other store here uses that key. A plain, unsealed
backup (as CaseDesk made before backups were sealed) is refused unless
--plain-backup says it is one and it never left your hands: nothing tells
it from a store someone built to bring in an administrator of their own.
`

// backupCommand is "backup [FILE]": a sealed, checked backup of the store.
func backupCommand(ctx context.Context, env Env, args []string) error {
	var force bool
	c, err := flags(env, "backup", backupUsage, args, func(fs *flag.FlagSet) {
		fs.BoolVar(&force, "force", false, "FILE: replace the backup already there")
	})
	if err != nil {
		return err
	}
	db, rest := c.db, c.words
	if len(rest) > 1 {
		return badCall("backup", "name one backup file, or none to use the backup folder: casedesk backup, or casedesk backup ~/casedesk-2026-11-23.cdbackup")
	}
	s, err := open(ctx, env, "backup", db)
	if err != nil {
		return err
	}
	defer s.Close()
	svc, err := s.Desk(ctx)
	if err != nil {
		return failed("backup", "%v", err)
	}
	d := svc.CommandLine(env.Actor)
	if len(rest) == 1 {
		if err := d.BackUpTo(ctx, rest[0], force); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return failed("backup", "%s is there already; name another file, or add --force to replace the backup there.", rest[0])
			}
			return failed("backup", "%s", desk.Message(err))
		}
		fmt.Fprintf(env.Stdout, "Backed up %s to %s (checked and sealed).\n", db, rest[0])
		return nil
	}
	made, err := d.BackUpNow(ctx)
	if err != nil {
		return failed("backup", "%s", desk.Message(err))
	}
	fmt.Fprintf(env.Stdout, "Backed up %s to %s (checked and sealed). The folder keeps the last %d daily and %d weekly backups.\n",
		db, made, backup.KeepDays, backup.KeepWeeks)
	return nil
}

// restoreCommand is "restore FILE": the store replaced by a checked backup,
// the replaced store kept.
func restoreCommand(ctx context.Context, env Env, args []string) error {
	var keyFile, qr string
	var plain, replaceKey bool
	c, err := flags(env, "restore", restoreUsage, args, func(fs *flag.FlagSet) {
		fs.BoolVar(&replaceKey, "replace-key", false, "put the recovery key in place of this computer's own data key, which no other store here uses")
		fs.StringVar(&keyFile, "recovery-key-file", "", "a file holding the clinic's recovery key, as typed from its sheet")
		fs.StringVar(&qr, "recovery-qr", "", "a photo or scan of the recovery key sheet's QR code")
		fs.BoolVar(&plain, "plain-backup", false, "FILE is a plain, unsealed backup an earlier CaseDesk made, which never left your hands")
	})
	if err != nil {
		return err
	}
	db, rest := c.db, c.words
	if len(rest) != 1 {
		return badCall("restore", "name the backup file to restore, e.g. casedesk restore ~/casedesk-2026-11-23.cdbackup")
	}
	if keyFile != "" && qr != "" {
		return badCall("restore", "give the recovery key one way: --recovery-key-file or --recovery-qr, not both")
	}
	r, err := env.Stores.Restore(ctx, RestoreRequest{Path: db, From: rest[0], Actor: env.Actor,
		RecoveryKey: recoveryKey(env, keyFile, qr), Plain: plain, ReplaceKey: replaceKey})
	if err != nil {
		return failed("restore", "%s", backup.Message(rest[0], err))
	}
	if r.Plain {
		fmt.Fprintf(env.Stdout, "Restored %s from %s, a plain backup made by an earlier CaseDesk (not sealed; keep it somewhere safe or delete it).\n", db, rest[0])
	} else {
		fmt.Fprintf(env.Stdout, "Restored %s from %s (every part checked).\n", db, rest[0])
	}
	if r.Kept != "" {
		fmt.Fprintf(env.Stdout, "The store it replaced is kept at %s\n", r.Kept)
	}
	if r.KeyInstalled {
		fmt.Fprintln(env.Stdout, "The recovery key is now this computer's data key.")
	}
	return nil
}

// RestoreRequest is a restore asked for on the command line.
type RestoreRequest struct {
	Path, From string
	Actor      string // who the audit log names
	// RecoveryKey asks for the clinic's recovery key when the backup was
	// sealed with another computer's data key; it returns the 32-byte key.
	RecoveryKey func() ([]byte, error)
	// ReplaceKey lets the recovered key take the place of another data key
	// this computer holds (kept aside) when the store restored is not the
	// default one; without it that is refused (backup.ErrKeyInUse).
	ReplaceKey bool
	// Plain accepts a plain, unsealed backup an earlier CaseDesk made.
	// Without it such a file is refused: nothing tells it from a store
	// someone built to bring in an administrator of their own.
	Plain bool
}

// Restored says how a restore went.
type Restored struct {
	Kept         string // the replaced store, kept beside it; "" when none
	Plain        bool   // a plain backup made by an earlier CaseDesk
	KeyInstalled bool   // the recovery key became this computer's data key
}

// recoveryKey is how restore gets the recovery key: from the file or the
// QR image named, or typed in a terminal without echo.
func recoveryKey(env Env, keyFile, qr string) func() ([]byte, error) {
	switch {
	case keyFile != "":
		return func() ([]byte, error) {
			b, err := os.ReadFile(keyFile)
			if err != nil {
				return nil, err
			}
			return auth.ParseRecoveryKey(string(b))
		}
	case qr != "":
		return func() ([]byte, error) { return auth.ReadRecoveryQR(qr) }
	}
	f, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil // nobody to ask: restore says to give the key
	}
	return func() ([]byte, error) {
		fmt.Fprint(env.Stderr, "This backup was sealed with another computer's data key.\nType the clinic's recovery key (13 groups from the sheet; it is not shown): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(string(b)) == "" {
			return nil, errors.New("no recovery key was typed; nothing was changed")
		}
		return auth.ParseRecoveryKey(string(b))
	}
}
