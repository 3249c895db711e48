package auth

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
)

// readKeyFile reads the data key from file: nil and no error when there is
// no such file. A file that others may read is refused, not repaired: how
// it came to be so is for its owner to see.
func readKeyFile(file string) ([]byte, error) {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
			Msg: i18n.T("CaseDesk could not read its key file %s.", file)}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
			Msg: i18n.T("CaseDesk could not read its key file %s.", file)}
	}
	// Windows has no such mode bits; its files are guarded by their folder.
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, &app.KeyError{Err: app.ErrKeyFile,
			Msg: i18n.T("Other people on this computer can read the key file %s, so CaseDesk did not use it. Make it readable only by you with the command  chmod 600 %s  and start CaseDesk again.", file, file)}
	}
	b, err := io.ReadAll(io.LimitReader(f, 1024))
	if err == nil {
		var key []byte
		if key, err = decodeKey(string(b)); err == nil {
			return key, nil
		}
	}
	return nil, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
		Msg: i18n.T("The key file %s is damaged, so CaseDesk did not use it. Put back a copy of it; CaseDesk did not make a new key.", file)}
}

// writeKeyFile puts key in file, readable only by its owner, unless the
// file is there already: then it returns the key the file holds. The file
// appears whole (a temporary file linked into place), so a CaseDesk reading
// it at that moment finds either nothing or the key.
func writeKeyFile(file string, key []byte) (got []byte, created bool, err error) {
	cannot := func(err error) ([]byte, bool, error) {
		return nil, false, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
			Msg: i18n.T("CaseDesk could not write its key file %s. Nothing was changed.", file)}
	}
	dir := filepath.Dir(file)
	tmp, err := os.CreateTemp(dir, ".casedesk.key.*") // 0600
	if err != nil {
		return cannot(err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(encodeKey(key) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return cannot(err)
	}
	// A link, unlike a rename, never replaces a file that is there.
	if err := os.Link(tmp.Name(), file); errors.Is(err, fs.ErrExist) {
		got, err := readKeyFile(file)
		return got, false, err
	} else if err != nil {
		return cannot(err)
	}
	if err := syncDir(dir); err != nil {
		return cannot(err)
	}
	return key, true, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some systems (Windows) cannot sync a folder; the link is made all the same.
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && runtime.GOOS != "windows" {
		return err
	}
	return nil
}

// lockWait is how long a first start waits for another one making the
// key: its keyring calls take at most twice keyringTimeout.
const lockWait = 3 * keyringTimeout

// keyFolder makes the private folder the key file goes in.
func keyFolder(file string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return &app.KeyError{Err: app.ErrKeyFile, Cause: err,
			Msg: i18n.T("CaseDesk could not make its folder %s for the data key.", filepath.Dir(file))}
	}
	return nil
}

// lockKeyFolder makes the key file's folder and takes the lock beside
// the file (lockKeys).
func lockKeyFolder(ctx context.Context, file string) (unlock func(), err error) {
	if err := keyFolder(file); err != nil {
		return nil, err
	}
	return lockKeys(ctx, file+".lock")
}

// lockKeys takes the lock that serialises making the data key: an
// exclusive lock on the file lock, which stays in place.
func lockKeys(ctx context.Context, lock string) (unlock func(), err error) {
	f, err := os.OpenFile(lock, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
			Msg: i18n.T("CaseDesk could not make its lock file %s.", lock)}
	}
	deadline := time.Now().Add(lockWait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
				Msg: i18n.T("CaseDesk could not lock its lock file %s.", lock)}
		}
		if ok {
			return func() { unlockFile(f); f.Close() }, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, &app.KeyError{Err: app.ErrKeyring,
				Msg: i18n.T("Another CaseDesk on this computer is setting up the data key and has not finished. Try again in a moment; CaseDesk did not make a new key.")}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
