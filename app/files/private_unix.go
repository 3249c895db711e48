//go:build unix

package files

import "syscall"

// Private makes everything CaseDesk creates from now on (store,
// write-ahead log, backups, key file, PDFs, demo codes, folders) readable
// by the user alone from the moment it exists, whatever mode the code that
// creates it asks for.
func Private() { syscall.Umask(0o077) }
