package auth

import (
	"context"
	"os"
	"path/filepath"

	"casedesk/app"
	"casedesk/app/i18n"
)

// KeyFileFor is where the data key lives when the computer has no keyring
// service: the user's configuration folder, whatever folder the store is in,
// so that a copy of the store's folder never carries the key with the data it
// seals. CASEDESK_KEY_FILE names a file to use instead of the keyring (then
// only is true); it may not sit beside the store either, unless the store is
// in the configuration folder too, as it is by default.
func KeyFileFor(store string) (file string, only bool, err error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", false, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
			Msg: i18n.T("CaseDesk could not find your configuration folder, where it keeps its data key. Set HOME (or XDG_CONFIG_HOME) and start CaseDesk again.")}
	}
	config := filepath.Join(dir, "CaseDesk")
	file = filepath.Join(config, "casedesk.key")
	if f := os.Getenv("CASEDESK_KEY_FILE"); f != "" {
		if file, err = filepath.Abs(f); err != nil {
			return "", false, err
		}
		only = true
	}
	storeDir, err := filepath.Abs(filepath.Dir(store))
	if err != nil {
		return "", false, err
	}
	if sameDir(storeDir, filepath.Dir(file)) && !sameDir(storeDir, config) {
		return "", false, &app.KeyError{Err: app.ErrKeyFile,
			Msg: i18n.T("CASEDESK_KEY_FILE puts the data key in %s, beside the store %s: a copy of that folder would carry the key with the data it protects. Keep the key file in another folder.", file, store)}
	}
	return file, only, nil
}

// sameDir reports whether two folder paths name one folder.
func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// InstallKeys loads the install's data key for the store at store, from
// the keyring kr or the key file (KeyFileFor), making it the first time.
// When it had to be put in a file because no keyring answered, note is the
// sentence that says so, to be shown once.
func InstallKeys(ctx context.Context, kr Keyring, store string) (k *Keys, note string, err error) {
	file, only, err := KeyFileFor(store)
	if err != nil {
		return nil, "", err
	}
	if only {
		kr = nil
	}
	if k, err = LoadKeys(ctx, kr, file); err != nil {
		return nil, "", err
	}
	if k.Created && k.Source == FromFile && !only {
		note = i18n.T("This computer has no keyring, so CaseDesk keeps its data key in %s, readable only by you. Without it the store cannot be read: never keep a copy beside your backups.", k.File)
	}
	return k, note, nil
}
