package backup

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"
)

// Ext ends the name of every sealed backup.
const Ext = ".cdbackup"

// DefaultFolderName is the folder beside the store that automatic backups
// go to until an administrator chooses another: backups happen from the
// first day, before anyone thinks of them.
const DefaultFolderName = "CaseDesk Backups"

// made matches the names CaseDesk gives the backups it makes, and only
// those: retention never touches another file.
var made = regexp.MustCompile(`^casedesk-(\d{4}-\d{2}-\d{2})(?:-(\d{6}))?` + regexp.QuoteMeta(Ext) + `$`)

// DailyName is the name of the day's automatic backup, by the clinic's date.
func DailyName(t time.Time) string { return "casedesk-" + t.Format("2006-01-02") + Ext }

// TimedName is the name of a backup made at t that is not the day's first
// (made with "Back up now" or before an update): the time keeps it apart.
func TimedName(t time.Time) string { return "casedesk-" + t.Format("2006-01-02-150405") + Ext }

// FreeName is DailyName(t) in dir, or TimedName(t) when that is taken.
func FreeName(dir string, t time.Time) string {
	p := filepath.Join(dir, DailyName(t))
	if _, err := os.Lstat(p); err == nil {
		p = filepath.Join(dir, TimedName(t))
	}
	return p
}

// File is a backup CaseDesk made, found in a folder.
type File struct {
	Name string
	At   time.Time // from its name, in the clinic's zone
}

// List returns the backups CaseDesk made in dir, newest first: files
// named as CaseDesk names them that start as a sealed backup does. Other
// files (a person's own saved under such a name) are left out.
func List(dir string, loc *time.Location) ([]File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []File
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		m := made.FindStringSubmatch(e.Name())
		if m == nil || !sealedFile(filepath.Join(dir, e.Name())) {
			continue
		}
		at, err := time.ParseInLocation("2006-01-02", m[1], loc)
		if err != nil {
			continue
		}
		if m[2] != "" {
			if at, err = time.ParseInLocation("2006-01-02150405", m[1]+m[2], loc); err != nil {
				continue
			}
		}
		out = append(out, File{Name: e.Name(), At: at})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.After(out[j].At)
		}
		return out[i].Name > out[j].Name
	})
	return out, nil
}

// sealedFile says whether the file at path starts as a sealed backup.
func sealedFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(Magic))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == Magic
}
