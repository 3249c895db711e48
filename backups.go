package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/app/i18n"
	"casedesk/ui/cli"
)

// This file wires the store's backups: the day's automatic backup, the one
// before a migration, and restore with this computer's key or the clinic's
// recovery key.

// backups are the store's backups, sealed under the install's key once
// OpenKeys has loaded it.
func (c *clinic) backups() *backup.Service {
	var k backup.Key
	if c.keys != nil {
		k = c.keys
	}
	return backupsOf(c.Store, k)
}

// wantsDaily says whether the store gets automatic backups: a store set up
// and in use (it has its data key), not the demo clinic's, nor one on a
// database server. A store nobody
// set up yet holds nothing to back up, and is left as it is.
func (c *clinic) wantsDaily(ctx context.Context) bool {
	if c.OnServer() {
		return false // backed up on the server, with pg_dump
	}
	if kind, err := c.Setting(ctx, app.SettingInstallKind); err != nil || kind == "" || kind == app.InstallDemo {
		return false
	}
	_, err := c.Setting(ctx, app.InternalSettingPrefix+"key_check")
	return err == nil
}

// backgroundBackup is the day's backup running beside the window; Close
// stops and waits for it.
type backgroundBackup struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// dailyInBackground makes the day's backup, when it is due, without
// holding up the window. A failure is recorded in the store (the desk
// shows it) and written to stderr.
func (c *clinic) dailyInBackground(stderr io.Writer) {
	ctx, cancel := context.WithCancel(context.Background())
	c.daily.cancel = cancel
	c.daily.wg.Go(func() {
		if !c.wantsDaily(ctx) {
			return
		}
		if _, err := c.backups().Daily(ctx); err != nil && ctx.Err() == nil {
			fmt.Fprintln(stderr, "casedesk:", i18n.T("the day's automatic backup failed: %v", err))
		}
	})
}

// Close stops the day's backup if it is still running, then closes the store.
func (c *clinic) Close() error {
	if c.daily.cancel != nil {
		c.daily.cancel()
		c.daily.wg.Wait()
	}
	return c.Store.Close()
}

// dailyForCommand makes the day's backup before the first command of the
// day runs. It loads the data key only for a store that already has one,
// so a command that needs no key still works without it; a failure is
// said on stderr and recorded, and the command goes on.
func (c sayingClinic) dailyForCommand(ctx context.Context, stderr io.Writer) {
	if !c.wantsDaily(ctx) {
		return
	}
	due, err := c.backups().Due(ctx)
	if err != nil || !due {
		return
	}
	if err := c.OpenKeys(ctx); err != nil {
		fmt.Fprintln(stderr, "casedesk:", i18n.T("the day's automatic backup was not made: %v", err))
		return
	}
	if made, err := c.backups().Daily(ctx); err != nil {
		fmt.Fprintln(stderr, "casedesk:", i18n.T("the day's automatic backup failed: %v", err))
	} else if made != "" {
		fmt.Fprintln(stderr, "casedesk:", i18n.T("made the day's backup, %s", made))
	}
}

// restore restores a backup: with this computer's key when the backup was
// sealed under it, else with the clinic's recovery key, which is put in
// this computer's keyring only once the store is in place.
func restore(ctx context.Context, r cli.RestoreRequest) (cli.Restored, error) {
	var out cli.Restored
	h, err := backup.ReadHeaderFile(r.From)
	var key backup.Key
	var recovered []byte
	switch {
	case err == nil:
		var keys *auth.Keys
		keys, recovered, err = backup.Unlock{Local: localKeys(ctx, r.Path), Ask: r.RecoveryKey}.Keys(h)
		if err != nil {
			return out, err
		}
		key = keys
	case !errors.Is(err, backup.ErrNotSealed):
		return out, err
	}
	if recovered != nil && !r.ReplaceKey && !samePath(r.Path, defaultStore()) {
		// The recovered key will be this computer's: refuse, before anything
		// is changed, to put it in place of another that some store here,
		// not the one restored, may be sealed with.
		own, err := auth.PeekKeys(ctx, systemKeyring, r.Path)
		if err != nil {
			return out, err
		}
		if rk, _ := auth.KeysFromRecovered(recovered); own != nil && own.KeyCheck() != rk.KeyCheck() {
			return out, backup.ErrKeyInUse
		}
	}
	out.Kept, out.Plain, err = restoreFile(ctx, r.Path, r.From, key, r.Plain)
	if err != nil {
		return out, err
	}
	if recovered != nil {
		if _, err := auth.InstallRecoveredKey(ctx, systemKeyring, r.Path, recovered); err != nil {
			return out, fmt.Errorf("%s: %w", i18n.T("the store was restored, but the recovery key could not be put in this computer's keyring; run restore again with the recovery key"), err)
		}
		out.KeyInstalled = true
	}
	return out, auditRestore(ctx, r, h, out)
}

// auditRestore writes the restore in the restored store's audit log: what
// kind of backup, and from when; never its path.
func auditRestore(ctx context.Context, r cli.RestoreRequest, h backup.Header, out cli.Restored) error {
	detail := "a plain backup made by an earlier CaseDesk"
	if !out.Plain {
		detail = "a sealed backup made " + h.Created.Format(time.RFC3339)
	}
	if out.KeyInstalled {
		detail += "; opened with the recovery key, now this computer's data key"
	}
	return auditIn(ctx, r.Path, &app.AuditEvent{ActorID: r.Actor, Action: "backup.restored", RecordType: "backup", Detail: detail})
}

// localKeys is this computer's data key for the store at path, or nil when
// it has none yet: a computer that never opened the store, and has no key
// file, is not given a new key just to be told it does not fit.
func localKeys(ctx context.Context, path string) *auth.Keys {
	_, serr := os.Stat(path)
	file, _, ferr := auth.KeyFileFor(path)
	if errors.Is(serr, fs.ErrNotExist) {
		if ferr != nil {
			return nil
		}
		if _, err := os.Stat(file); err != nil {
			return nil
		}
	}
	keys, _, err := auth.InstallKeys(ctx, systemKeyring, path)
	if err != nil {
		return nil
	}
	return keys
}

// samePath says whether two paths name one file (or would, once made).
func samePath(a, b string) bool {
	a, errA := filepath.Abs(a)
	b, errB := filepath.Abs(b)
	if errA != nil || errB != nil {
		return false
	}
	if a == b {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
