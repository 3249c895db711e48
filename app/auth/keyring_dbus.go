//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package auth

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	dbus "github.com/godbus/dbus/v5"
)

// secretsName is the D-Bus name of the Secret Service, which go-keyring uses
// on these systems.
const secretsName = "org.freedesktop.secrets"

// systemService checks that there is a Secret Service to ask.
func systemService() error { return secretService(sessionBusAddress()) }

// sessionBusAddress finds the D-Bus session bus the way go-keyring's D-Bus
// library does, short of launching a bus of its own (a new, empty bus would
// hold no keyring): $DBUS_SESSION_BUS_ADDRESS, else the socket or address
// file in /run/user/<uid>. It is "" when there is none.
func sessionBusAddress() string {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return a
	}
	run := filepath.Join("/run/user", strconv.Itoa(os.Getuid()))
	if _, err := os.Stat(filepath.Join(run, "bus")); err == nil {
		return "unix:path=" + dbus.EscapeBusAddressValue(filepath.Join(run, "bus"))
	}
	if b, err := os.ReadFile(filepath.Join(run, "dbus-session")); err == nil {
		if a, ok := strings.CutPrefix(string(b), "DBUS_SESSION_BUS_ADDRESS="); ok {
			return strings.TrimRight(a, "\r\n")
		}
	}
	return ""
}

// secretService tells a computer with no keyring service (ErrNoKeyring)
// from one whose keyring did not answer (any other error, or none returned
// in time). There is no service when there is no session bus to ask — none
// is known, or nothing listens where it should be — or when nothing on the
// bus owns org.freedesktop.secrets and the bus cannot start anything for
// it. A bus that refuses or does not answer, or a keyring the bus would
// start, is a keyring that is there.
func secretService(address string) error {
	if address == "" {
		return fmt.Errorf("%w: no D-Bus session bus", ErrNoKeyring)
	}
	conn, err := dbus.Connect(address)
	if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Errorf("%w: no D-Bus session bus runs at %s", ErrNoKeyring, address)
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	bus := conn.BusObject()
	var owned bool
	if err := bus.Call("org.freedesktop.DBus.NameHasOwner", 0, secretsName).Store(&owned); err != nil {
		return err
	}
	if owned {
		return nil
	}
	var startable []string
	if err := bus.Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&startable); err != nil {
		return err
	}
	if slices.Contains(startable, secretsName) {
		return nil
	}
	return fmt.Errorf("%w: nothing on the D-Bus session bus provides %s", ErrNoKeyring, secretsName)
}
