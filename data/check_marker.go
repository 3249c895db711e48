package data

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// An open marker says that a process has the store open: a small 0600 file
// beside it, <store>-open-<random>, holding the process id. Open makes one
// (synced to disk, with its directory, before the store is written to) and
// Close removes it once SQLite has closed the store. A marker that outlives
// its process — a crash, a kill, a power cut — tells the next Open to run
// the full check before writing.
//
// Each Store has a marker of its own, so that one process closing cleanly
// never hides another's crash. Where there are file locks (flock), a live
// owner holds a lock on its marker, and a marker nobody holds is left over;
// after a reboot no lock survives. Elsewhere any other marker counts as left
// over: a false alarm costs one check.
type openMarker struct {
	path string   // this Store's marker
	f    *os.File // kept open, and locked, for as long as the store is
	// stale are markers left over by runs that ended without closing the
	// store, held locked here until a passed check lets them go.
	stale []*os.File
	// unclean: some run ended without closing the store (its marker may
	// be another opener's to remove).
	unclean bool
}

// markerInfix joins a store's file name and a marker's random part.
const markerInfix = "-open-"

// markOpen makes this Store's marker for the store at path and looks for
// markers left over by earlier runs.
func markOpen(path string) (*openMarker, error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	// The marker is made and locked under a name the scan below (in other
	// processes too) does not read, then renamed: a marker is never seen
	// unlocked while its owner lives.
	f, err := os.CreateTemp(dir, "."+base+"-opening-*")
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*openMarker, error) {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	if _, err := lockMarker(f); err != nil {
		return fail(err)
	}
	if _, err := f.WriteString(strconv.Itoa(os.Getpid()) + "\n"); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if !fileLocks {
		// Without locks there is nothing to hold, and some systems
		// cannot rename or remove a file that is open.
		if err := f.Close(); err != nil {
			return fail(err)
		}
	}
	m := &openMarker{path: filepath.Join(dir, base+markerInfix+strings.TrimPrefix(filepath.Base(f.Name()), "."+base+"-opening-"))}
	if err := os.Rename(f.Name(), m.path); err != nil {
		return fail(err)
	}
	if fileLocks {
		m.f = f
	}
	// A power cut must not lose the marker: the file was synced above,
	// its name is synced here.
	if err := syncDir(dir); err != nil {
		m.release()
		return nil, err
	}
	if err := m.findStale(dir, base); err != nil {
		m.release()
		return nil, err
	}
	return m, nil
}

// findStale reads the other markers of the store: each one whose lock can
// be taken was left over; so was one still locked whose process is gone
// (another opener has taken it over and is checking the store right now).
func (m *openMarker) findStale(dir, base string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if !strings.HasPrefix(e.Name(), base+markerInfix) || name == m.path || !e.Type().IsRegular() {
			continue
		}
		f, err := os.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // its owner closed the store meanwhile
		}
		var free bool
		if err == nil {
			free, err = lockMarker(f)
		}
		if err != nil {
			// A marker that cannot be read (another user's, say) may be
			// left over: check the store rather than guess.
			m.unclean = true
			if f != nil {
				f.Close()
			}
			continue
		}
		if free {
			m.unclean = true
			m.stale = append(m.stale, f)
			continue
		}
		if !processAlive(markerPID(f)) {
			m.unclean = true
		}
		f.Close()
	}
	return nil
}

// markerPID reads the process id a marker holds; 0 when it holds none.
func markerPID(f *os.File) int {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	if err != nil {
		return 0
	}
	return pid
}

// clearStale removes the left-over markers after the store passed its check.
func (m *openMarker) clearStale() {
	for _, f := range m.stale {
		if fileLocks {
			// Removed while still locked, so nobody takes it up meanwhile.
			os.Remove(f.Name())
			f.Close()
		} else {
			f.Close() // some systems cannot remove an open file
			os.Remove(f.Name())
		}
	}
	m.stale = nil
}

// release removes this Store's marker: the store was closed cleanly, or
// never opened. Left-over markers stay for the next Open to check.
func (m *openMarker) release() {
	if m == nil {
		return
	}
	for _, f := range m.stale {
		f.Close()
	}
	m.stale = nil
	os.Remove(m.path)
	if m.f != nil {
		m.f.Close()
		m.f = nil
	}
}
