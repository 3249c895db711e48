//go:build linux

package auth

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dbus "github.com/godbus/dbus/v5"

	"casedesk/app"
)

// startBus starts a private D-Bus session bus whose activatable services
// are the files in services, and returns its address.
func startBus(t *testing.T, services map[string]string) string {
	t.Helper()
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("no dbus-daemon on this computer")
	}
	dir := t.TempDir()
	svcDir := filepath.Join(dir, "services")
	os.Mkdir(svcDir, 0o700)
	for name, body := range services {
		if err := os.WriteFile(filepath.Join(svcDir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	conf := `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=` + filepath.Join(dir, "bus") + `</listen>
  <servicedir>` + svcDir + `</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`
	if err := os.WriteFile(filepath.Join(dir, "bus.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(daemon, "--config-file="+filepath.Join(dir, "bus.conf"), "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	return strings.TrimSpace(line)
}

// The Secret Service is missing only when there is no session bus, or
// nothing on it provides org.freedesktop.secrets nor can be started for it.
func TestSecretServicePresence(t *testing.T) {
	empty := startBus(t, nil)
	if err := secretService(empty); !errors.Is(err, ErrNoKeyring) {
		t.Errorf("a bus without a keyring: %v", err)
	}
	if err := secretService(""); !errors.Is(err, ErrNoKeyring) {
		t.Errorf("no session bus: %v", err)
	}
	if err := secretService("unix:path=" + filepath.Join(t.TempDir(), "bus")); !errors.Is(err, ErrNoKeyring) {
		t.Errorf("a session bus that is not running: %v", err)
	}

	// A keyring running on the bus.
	conn, err := dbus.Connect(empty)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if reply, err := conn.RequestName(secretsName, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v %v", secretsName, reply, err)
	}
	if err := secretService(empty); err != nil {
		t.Errorf("a running keyring: %v", err)
	}

	// A keyring the bus starts on demand is there too, even when it then
	// fails to start: that is reported, not replaced.
	activatable := startBus(t, map[string]string{"keyring.service": "[D-BUS Service]\nName=" + secretsName + "\nExec=/bin/false\n"})
	if err := secretService(activatable); err != nil {
		t.Errorf("an activatable keyring: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", activatable)
	file := filepath.Join(t.TempDir(), "casedesk.key")
	if k, err := LoadKeys(context.Background(), SystemKeyring{}, file); !errors.Is(err, app.ErrKeyring) {
		t.Errorf("a keyring that fails to start: %+v %v", k, err)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key file was made: %v", err)
	}
}

// On a session bus without a keyring the system keyring falls back to the
// key file.
func TestSystemKeyringWithoutSecretService(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", startBus(t, nil))
	file := filepath.Join(t.TempDir(), "casedesk.key")
	k, err := LoadKeys(context.Background(), SystemKeyring{}, file)
	if err != nil || k.Source != FromFile || !k.Created {
		t.Fatalf("%+v %v", k, err)
	}
}

// A session bus that takes the connection and never answers is a keyring
// that did not answer.
func TestSilentSessionBus(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
	file := filepath.Join(t.TempDir(), "casedesk.key")
	start := time.Now()
	if k, err := LoadKeys(context.Background(), SystemKeyring{}, file); !errors.Is(err, app.ErrKeyring) {
		t.Fatalf("%+v %v", k, err)
	}
	if d := time.Since(start); d > keyringTimeout+time.Second {
		t.Errorf("waited %v", d)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key file was made: %v", err)
	}
}
