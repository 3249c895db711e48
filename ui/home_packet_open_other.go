//go:build !unix

package ui

import "os"

// openNoWait opens a file for reading. Systems without named pipes in the
// file system's namespace have no open(2) that waits for a writer.
func openNoWait(path string) (*os.File, error) { return os.Open(path) }
