package data

import (
	"database/sql"
	"errors"
	"fmt"

	"casedesk/app"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// mapErr turns SQLite failures into app's sentinel errors, keeping the
// original text for logs: errors.Is(err, app.ErrAlreadyExists) and the
// detail both work.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return app.ErrNotFound
	}
	if mapped, ok := mapServerErr(err); ok {
		return mapped
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w: %v", app.ErrAlreadyExists, err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_CHECK,
		sqlite3.SQLITE_CONSTRAINT_TRIGGER, sqlite3.SQLITE_CONSTRAINT_NOTNULL,
		sqlite3.SQLITE_CONSTRAINT:
		return fmt.Errorf("%w: %v", app.ErrConflict, err)
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%w: %v", app.ErrStoreFull, err)
	case sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%w: %v", app.ErrStoreNotSQLite, err)
	case sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("%w: %v", app.ErrStoreDamaged, err)
	}
	return err
}
