package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/files"
)

// When a store is checked. A full PRAGMA quick_check reads every page, so
// its cost grows with the store (about 2 s for 200,000 people); Open runs
// it only when there is a reason to:
//
//   - the last run that had the store open did not close it (a crash, a
//     kill, a power cut): its open marker is still there (see check_marker.go);
//   - the last passed check is older than checkInterval, or was never
//     recorded (a store from before this rule, or a new file built by Create);
//
// and otherwise relies on SQLite's own checks of each page it reads. The
// scheduled check runs synchronously, before anything is written: once a
// week one open takes as long as every open used to.
const checkInterval = 7 * 24 * time.Hour

// checkedAtSetting is the settings row where the store keeps the time of
// its last passed quick_check, as timeLayout UTC text.
const checkedAtSetting = app.InternalSettingPrefix + "checked_at"

// readHeader reads an existing file without changing it: the SQLite header
// and the schema version (PRAGMA user_version sits at byte 60 of the
// header). It reports false for a file that is absent or empty: a new store.
// A store this process has open already is not read here: closing the file
// would drop the locks SQLite holds on it for the other Store (see
// files.Held); it is a store, and checkContents reads its version.
func readHeader(path string) (exists bool, err error) {
	if files.Held(path) {
		return true, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var hdr [100]byte
	n, err := io.ReadFull(f, hdr[:])
	f.Close()
	if n == 0 && (err == io.EOF || err == nil) {
		return false, nil
	}
	if n < len(hdr) || !bytes.Equal(hdr[:16], []byte(sqliteHeader)) {
		return false, app.ErrStoreNotSQLite
	}
	return true, checkVersion(int(binary.BigEndian.Uint32(hdr[60:64])))
}

// checkFile reads an existing file without changing it: the header, a full
// quick_check and the schema version, through a read-only connection.
func checkFile(ctx context.Context, path string) error {
	exists, err := readHeader(path)
	if err != nil || !exists {
		return err
	}
	_, err = checkContents(ctx, path, true, time.Now())
	return err
}

// checkContents opens the existing store at path read-only and runs
// quick_check when full is set or when the store's last passed check is
// due at now; it reports whether it ran one. It then checks the schema
// version, which the header may not show yet when the write-ahead log
// holds the latest migration.
func checkContents(ctx context.Context, path string, full bool, now time.Time) (checked bool, err error) {
	ro, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return false, err
	}
	defer ro.Close()
	if full || checkDue(ctx, ro, now) {
		if err := quickCheck(ctx, ro); err != nil {
			return false, err
		}
		checked = true
	}
	var v int
	if err := ro.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, mapErr(err)
	}
	return checked, checkVersion(v)
}

// checkDue reports whether the last passed check is older than
// checkInterval at now. A time that cannot be read, or that lies in the
// future (a clock set wrong once must not put checks off for years), makes
// one due; so does any failure to read it, which the check then explains.
func checkDue(ctx context.Context, db *sql.DB, now time.Time) bool {
	var v string
	if err := db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, checkedAtSetting).Scan(&v); err != nil {
		return true
	}
	at, err := time.Parse(timeLayout, v)
	if err != nil {
		return true
	}
	age := now.Sub(at)
	return age < -24*time.Hour || age >= checkInterval
}

// recordCheck keeps the time of a passed check in the store.
func recordCheck(ctx context.Context, db *sql.DB, at time.Time) error {
	_, err := db.ExecContext(ctx, upsertSetting, checkedAtSetting, at.UTC().Format(timeLayout))
	return mapErr(err)
}

// checkVersion refuses a schema newer than this CaseDesk's migrations.
func checkVersion(v int) error {
	if latest := latestVersion(); v > latest {
		return fmt.Errorf("%w (schema %d; this CaseDesk knows up to %d)", app.ErrStoreTooNew, v, latest)
	}
	return nil
}

// quickCheck runs PRAGMA quick_check and turns anything but "ok" into ErrStoreDamaged.
func quickCheck(ctx context.Context, db *sql.DB) error {
	return check(ctx, db, "PRAGMA quick_check")
}

func check(ctx context.Context, db *sql.DB, pragma string) error {
	rows, err := db.QueryContext(ctx, pragma)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return mapErr(err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return mapErr(err)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = problems[:3]
		}
		return fmt.Errorf("%w: %s", app.ErrStoreDamaged, strings.Join(problems, "; "))
	}
	return nil
}
