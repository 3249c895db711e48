//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package data

import (
	"errors"
	"os"
	"syscall"
)

// fileLocks: markers are held with flock(2), which the kernel drops when
// its process ends, however it ends.
const fileLocks = true

// lockMarker takes an exclusive flock on f without waiting and reports
// whether it got it. flock belongs to the open file, so a second Store in
// the same process does not take the first one's marker either.
func lockMarker(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

// processAlive reports whether a process with the id runs (EPERM: it does,
// as another user's).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
