//go:build unix

package ui

// Attacks on how the home's screens read a packet file the person picks:
// a file that never ends, a huge file, and a named pipe.

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"casedesk/app/packet"
)

// A device that never ends and a sparse file of 1 GB are read no further
// than a packet's largest size, and refused.
func TestSecurityReadPacketBounded(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big"+packet.Ext)
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(packet.Magic); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, path := range []string{"/dev/zero", "/dev/urandom", big} {
		ok, err := readPacketWithin(path, 10*time.Second)
		if !ok {
			t.Fatalf("%s: still reading after 10 s", path)
		}
		if !errors.Is(err, packet.ErrNotPacket) {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// A named pipe given the packet's name (on a stick formatted for Linux)
// must not hang the reading for good: the screen's Choose button stays
// disabled until the read returns.
func TestSecurityReadPacketNamedPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "x"+packet.Ext)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	t.Cleanup(func() {
		// Let a reader still blocked go.
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	if ok, _ := readPacketWithin(fifo, 3*time.Second); !ok {
		t.Fatal("reading a named pipe still blocks after 3 s")
	}
}
