package main

// A clinic whose seats share a store on a database server (PostgreSQL):
// the window's first run can choose one ("This clinic uses a database
// server"), and this file keeps that choice and the role's password.
//
// The choice is the server's address without a password, in server.json
// in the user's CaseDesk folder, private (0600) and written whole (a temp
// file renamed over it). The password is only ever in the system keyring,
// under the address: never in a file, a setting or a message. Without a
// keyring, a .pgpass file at 0600 gives it (data.OpenWith checks the mode).

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/ui"
)

// serverKeyring is the keyring entry of a server role's password: the
// service, and the address (which holds no password) as the user.
const serverKeyring = "casedesk-database-server"

// serverKeyringTimeout bounds a keyring call: a locked keyring can wait
// for a password prompt nobody sees.
const serverKeyringTimeout = 3 * time.Second

// serverChoice is what server.json holds.
type serverChoice struct {
	// Address is the server's postgres:// address, never with a password.
	Address string `json:"address"`
}

// serverChoiceFile is where the window's choice of a server is kept.
func serverChoiceFile() string {
	return filepath.Join(filepath.Dir(defaultStore()), "server.json")
}

// chosenServer is the server the window chose at its first run, if any.
// A file that cannot be read, or holds a password, is not used.
func chosenServer() (string, bool) {
	b, err := os.ReadFile(serverChoiceFile())
	if err != nil {
		return "", false
	}
	var c serverChoice
	if json.Unmarshal(b, &c) != nil || !app.IsServerAddress(c.Address) || addressHasPassword(c.Address) {
		return "", false
	}
	return c.Address, true
}

// saveServerChoice keeps address as the window's store from now on.
func saveServerChoice(address string) error {
	if addressHasPassword(address) {
		return errors.New("the address holds a password; CaseDesk keeps it only in the keyring")
	}
	b, err := json.MarshalIndent(serverChoice{Address: address}, "", "  ")
	if err != nil {
		return err
	}
	return writePrivate(serverChoiceFile(), append(b, '\n'))
}

// writePrivate writes b to path whole or not at all, readable by its owner only.
func writePrivate(path string, b []byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*") // 0600
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err == nil {
		_, err = tmp.Write(b)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// addressHasPassword reports whether a postgres:// address carries a
// password, in any of its forms (see app.AddressHasPassword); an address
// that cannot be read counts as carrying one, and so does one whose
// options are separated by ; (a password after it would be missed).
func addressHasPassword(address string) bool {
	u, err := url.Parse(address)
	return err != nil || app.AddressHasPassword(address) || strings.Contains(u.RawQuery, ";")
}

// serverPassword is the password the keyring keeps for address; "" when
// it keeps none (a .pgpass file may then give it) or does not answer.
func serverPassword(ctx context.Context, address string) string {
	if !app.IsServerAddress(address) || addressHasPassword(address) {
		return ""
	}
	pw, err := keyringCall(ctx, func() (string, error) { return systemKeyring.Get(serverKeyring, address) })
	if err != nil {
		return ""
	}
	return pw
}

// saveServerPassword keeps password for address in the keyring.
func saveServerPassword(ctx context.Context, address, password string) error {
	_, err := keyringCall(ctx, func() (string, error) { return "", systemKeyring.Set(serverKeyring, address, password) })
	return err
}

// keyringCall runs f, giving up after serverKeyringTimeout.
func keyringCall(ctx context.Context, f func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	t := time.NewTimer(serverKeyringTimeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-t.C:
		return "", auth.ErrKeyringTimeout
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// windowStore is the store the window opens: --db when given, else the
// server chosen at the first run, else the file in the config folder.
func windowStore(given bool, db string) string {
	if given {
		return db
	}
	if address, ok := chosenServer(); ok {
		return address
	}
	return db
}

// serverSetUp is the first run's "This clinic uses a database server":
// offered on a store file, never on the demo's or on a server's.
func (c *clinic) serverSetUp(kind string) *ui.ServerSetUp {
	if kind == app.InstallDemo || app.IsServerAddress(c.Path()) {
		return nil
	}
	// Checked here too, not only by the welcome screen that shows the card:
	// a clinic's store in use never moves from under its records.
	d := c.deskService()
	return &ui.ServerSetUp{Check: checkServer,
		Use: func(ctx context.Context, address, password string) (ui.Services, func(), bool, error) {
			if need, err := d.NeedsSetUp(ctx); err != nil || !need {
				return ui.Services{}, nil, false, errors.Join(ui.ErrSetUpAlready, err)
			}
			return useServer(ctx, address, password)
		}}
}

// forServer is svc without what a clinic's shared store on a server cannot
// be: a household's own CaseDesk (nor its case packets), the demo clinic
// (kept in a file of its own beside a store file), or a restore from a
// sealed backup (a server's are pg_dump's; see the README).
func (c *clinic) forServer(svc ui.Services) ui.Services {
	if !app.IsServerAddress(c.Path()) {
		return svc
	}
	svc.Household, svc.Packets, svc.OpenDemo, svc.RestoreBackup = nil, nil, nil, nil
	return svc
}
