package backup

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Retention: the newest backup of each of the last KeepDays days that have
// one, and the newest of each of the last KeepWeeks ISO weeks that have
// one. A clinic that notices a mistake a month late still has a store from
// before it; the folder does not grow without end.
const (
	KeepDays  = 14
	KeepWeeks = 8
)

// Keep splits files (newest first, as List returns them) into those
// retention keeps and those it removes.
func Keep(files []File) (keep, remove []File) {
	days := map[string]bool{}
	weeks := map[[2]int]bool{}
	for _, f := range files {
		day := f.At.Format("2006-01-02")
		y, w := f.At.ISOWeek()
		week := [2]int{y, w}
		kept := false
		if !days[day] && len(days) < KeepDays {
			days[day], kept = true, true
		}
		if !weeks[week] && len(weeks) < KeepWeeks {
			weeks[week], kept = true, true
		}
		if kept {
			keep = append(keep, f)
		} else {
			remove = append(remove, f)
		}
	}
	return keep, remove
}

// Prune removes from dir the backups CaseDesk made that retention does not
// keep, and returns how many it removed. Files CaseDesk did not make are
// never touched.
func Prune(dir string, loc *time.Location) (int, error) {
	files, err := List(dir, loc)
	if err != nil {
		return 0, err
	}
	_, remove := Keep(files)
	n := 0
	var errs []error
	for _, f := range remove {
		if err := os.Remove(filepath.Join(dir, f.Name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}
