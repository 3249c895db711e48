package main

import (
	"context"
	"errors"
	"os"
	"os/user"

	"casedesk/app"
	"casedesk/app/backup"
	"casedesk/app/i18n"
	"casedesk/ui"
	"casedesk/ui/cli"
)

// restoreInWindow is the window's restore (ui.Services.RestoreBackup) over
// the store c: only onto a store that was never set up, and only once the
// backup's header says the key fits, is c closed; the store then at c's
// path is opened again whatever happened, and its services returned.
func (c *clinic) restoreInWindow(ctx context.Context, from string, recovered []byte) (ui.Services, func(), string, error) {
	need, err := c.deskService().NeedsSetUp(ctx)
	if err != nil {
		return ui.Services{}, nil, "", err
	}
	if !need {
		return ui.Services{}, nil, "", ui.ErrStoreInUse
	}
	ask := func() ([]byte, error) {
		if recovered == nil {
			return nil, backup.ErrNeedRecoveryKey
		}
		return recovered, nil
	}
	// Every answer that needs nothing closed comes first: the header, and
	// whether this computer's key or the recovery key given opens it.
	h, err := backup.ReadHeaderFile(from)
	switch {
	case err == nil:
		if _, _, err := (backup.Unlock{Local: c.keys, Ask: ask}).Keys(h); err != nil {
			return ui.Services{}, nil, "", err
		}
	default:
		// A plain store file is refused here as in restore: the window
		// never takes one (the command line does, when asked by name).
		return ui.Services{}, nil, "", err
	}
	path := c.Path()
	// The key this window's store (never set up) was sealed with may give
	// way to the clinic's, unless the computer's default store is another
	// one, in use: then restore refuses, as on the command line.
	replace := samePath(path, defaultStore()) || !storeInUse(ctx, defaultStore())
	if recovered != nil && !replace {
		return ui.Services{}, nil, "", backup.ErrKeyInUse
	}
	c.Close()
	out, rerr := restore(ctx, cli.RestoreRequest{Path: path, From: from, Actor: windowActor(), RecoveryKey: ask, ReplaceKey: replace})
	nc, err := openClinic(ctx, path)
	if err == nil {
		if err = nc.OpenKeys(ctx); err != nil {
			nc.Close()
		}
	}
	if err != nil {
		// Nothing could be opened again: the window says why and has no store.
		return ui.Services{StorePath: path}, func() {}, "", errors.Join(rerr, err)
	}
	nc.dailyInBackground(os.Stderr)
	if rerr != nil {
		return nc.services(), func() { nc.Close() }, "", rerr
	}
	msg := i18n.T("The clinic's store was restored from its backup. Sign in with your staff account.")
	if out.KeyInstalled {
		msg += " " + i18n.T("The recovery key is now this computer's data key; keep the sheet locked away as before.")
	}
	return nc.services(), func() { nc.Close() }, msg, nil
}

// windowActor is who the audit log names for a restore in the window,
// before anyone has signed in: the computer account running it.
func windowActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "window (" + u.Username + ")"
	}
	return "window"
}

// storeInUse says whether there is a store at path that was set up.
func storeInUse(ctx context.Context, path string) bool {
	if _, err := os.Stat(path); err != nil {
		return false
	}
	c, err := openClinic(ctx, path)
	if err != nil {
		return true // there, but not readable now: count it as in use
	}
	defer c.Close()
	kind, err := c.Setting(ctx, app.SettingInstallKind)
	if errors.Is(err, app.ErrNotFound) {
		return false
	}
	return err != nil || kind != ""
}
