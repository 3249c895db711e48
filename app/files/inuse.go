package files

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
)

// A store this process has open is opened by SQLite and by nothing else in
// the process, not even to read its first bytes. SQLite tells the processes
// sharing a store apart with POSIX record locks on the store, its
// write-ahead log index (-shm) and its log; those locks belong to the
// process and the file, not to one descriptor, so closing any other
// descriptor of one of those files drops them all, silently. A file dialog
// that reads a file to choose its icon is enough. The next CaseDesk that
// closes the store then takes itself for the last one: it folds the log into
// the store and deletes the log and its index while this process goes on
// writing to the deleted log, where no other process sees its writes and a
// kill loses them.
//
// So data marks each store it opens (Hold), and whatever reads or replaces
// a file a person chose asks Held first.

// ErrInUse refuses to open a file CaseDesk has open as its store (or the
// store's log) in any other way than through the store.
var ErrInUse = errors.New("CaseDesk has this file open as its case store; it is read only through the store")

// storeFiles are the suffixes of the files SQLite keeps beside a store.
var storeFiles = []string{"", "-wal", "-shm", "-journal"}

var inUse struct {
	sync.Mutex
	held map[string]int // absolute store path: how many opens hold it
}

// Hold marks the store at path, with its log, index and journal, as open in
// this process until release is called (once; later calls do nothing).
func Hold(path string) (release func()) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	inUse.Lock()
	if inUse.held == nil {
		inUse.held = map[string]int{}
	}
	inUse.held[abs]++
	inUse.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			inUse.Lock()
			if inUse.held[abs]--; inUse.held[abs] <= 0 {
				delete(inUse.held, abs)
			}
			inUse.Unlock()
		})
	}
}

// Held says whether path is a store this process holds, or its log, index
// or journal: by name, or as the same file under another name (a link).
// It never opens path.
func Held(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	inUse.Lock()
	stores := make([]string, 0, len(inUse.held))
	for s := range inUse.held {
		stores = append(stores, s)
	}
	inUse.Unlock()
	if len(stores) == 0 {
		return false
	}
	for _, s := range stores {
		for _, suffix := range storeFiles {
			if abs == s+suffix {
				return true
			}
		}
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return false
	}
	for _, s := range stores {
		for _, suffix := range storeFiles {
			if other, err := os.Stat(s + suffix); err == nil && os.SameFile(fi, other) {
				return true
			}
		}
	}
	return false
}
