package ui

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"casedesk/app/packet"
)

// Only a regular file is read as a packet: a folder given a packet's name
// is refused with the not-a-packet message at once, and a packet reached
// through a link is read as the file it names.
func TestReadPacketOnlyRegularFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x"+packet.Ext)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ok, err := readPacketWithin(dir, 3*time.Second)
	if !ok || !errors.Is(err, packet.ErrNotPacket) {
		t.Fatalf("a folder: %v %v", ok, err)
	}
	if _, err := readPacket(filepath.Join(t.TempDir(), "gone"+packet.Ext)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a missing file: %v", err)
	}
	c := newClinicPackets(t)
	real := c.write(t, 1, 1)
	link := filepath.Join(t.TempDir(), "link"+packet.Ext)
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no links here:", err)
	}
	if b, err := readPacket(link); err != nil || len(b) == 0 {
		t.Fatalf("a packet through a link: %d %v", len(b), err)
	}
}

// readPacketWithin runs readPacket and says whether it returned in time.
func readPacketWithin(path string, limit time.Duration) (bool, error) {
	done := make(chan error, 1)
	go func() {
		_, err := readPacket(path)
		done <- err
	}()
	select {
	case err := <-done:
		return true, err
	case <-time.After(limit):
		return false, nil
	}
}
