//go:build unix

package ui

import (
	"os"
	"syscall"
)

// openNoWait opens a file for reading without waiting in open(2): a named
// pipe nobody writes to, swapped in after the file was looked at, returns
// at once instead of holding the reading for good.
func openNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
