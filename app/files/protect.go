package files

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
)

// ErrProtected refuses to write a document over one of CaseDesk's own
// files: a case store (or its journal or write-ahead log), a sealed backup
// or a data key. A save dialog or a --force lets a person name any file;
// naming the store by mistake must not end the clinic's records.
var ErrProtected = errors.New("it is one of CaseDesk's own files (a case store, its log, a sealed backup or a data key), which a saved file never replaces; choose another name")

// backupMagic opens every sealed backup (app/backup.Magic; a test there
// keeps the two the same).
const backupMagic = "CASEDESK BACKUP\x00"

// Kind says what a file CaseDesk may be asked to replace is, by its name
// and its first bytes: "store", "backup", "key", or "" for any other file
// or none at all.
func Kind(path string) string {
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if strings.HasSuffix(path, suffix) {
			return "store"
		}
	}
	if strings.HasSuffix(path, ".key") {
		return "key"
	}
	// Reading the first bytes of a store this process has open would drop
	// the process's locks on it (see Held).
	if Held(path) {
		return "store"
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	switch h := string(head[:n]); {
	case h == "SQLite format 3\x00":
		return "store"
	case h == backupMagic:
		return "backup"
	}
	return ""
}

// CheckReplace refuses (an error wrapping ErrProtected, naming path) to
// replace one of CaseDesk's own files at path with a document; any other
// file, or none, may be.
func CheckReplace(path string) error {
	if Kind(path) != "" {
		return &fs.PathError{Op: "save", Path: path, Err: ErrProtected}
	}
	return nil
}
