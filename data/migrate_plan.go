package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"casedesk/app"
)

// migrationTable is one table to copy: its columns in the server's order,
// each with the server's type, and its primary key, by which both sides
// order the rows they checksum.
type migrationTable struct {
	name  string
	cols  []string
	types []string // the server's udt_name of each column
	pk    []string
}

// migrationPlan lists the tables to copy, parents before the tables that
// refer to them, after checking that the file and the server have the same
// tables with the same columns at the same schema version.
func migrationPlan(ctx context.Context, src *sql.DB, dst *Store) ([]migrationTable, error) {
	var version int
	if err := dst.db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return nil, mapErr(err)
	}
	if version != latestVersion() {
		return nil, fmt.Errorf("%w: the server's database has schema %d, this CaseDesk %d", app.ErrServerSetUp, version, latestVersion())
	}
	server := map[string]*migrationTable{}
	rows, err := dst.db.QueryContext(ctx, `SELECT c.table_name, c.column_name, c.udt_name
		FROM information_schema.columns c JOIN information_schema.tables t
			ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
		WHERE c.table_schema = current_schema() AND c.table_name <> 'schema_migrations'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, mapErr(err)
	}
	for rows.Next() {
		var table, col, typ string
		if err := rows.Scan(&table, &col, &typ); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		t := server[table]
		if t == nil {
			t = &migrationTable{name: table}
			server[table] = t
		}
		t.cols, t.types = append(t.cols, col), append(t.types, typ)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	if err := serverKeys(ctx, dst, server); err != nil {
		return nil, err
	}
	// The file's tables and columns must be the server's.
	var fileTables []string
	rows, err = src.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
	if err != nil {
		return nil, mapErr(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		fileTables = append(fileTables, n)
	}
	rows.Close()
	for _, n := range fileTables {
		t := server[n]
		if t == nil {
			return nil, fmt.Errorf("%w: the store file has a table %s that the server's database has not", app.ErrServerSetUp, n)
		}
		var cols []string
		if err := scanStrings(ctx, src, &cols, `SELECT name FROM pragma_table_info(?) ORDER BY name`, n); err != nil {
			return nil, err
		}
		if want := slices.Sorted(slices.Values(t.cols)); !slices.Equal(cols, want) {
			return nil, fmt.Errorf("%w: the table %s has the columns %s in the store file and %s on the server",
				app.ErrServerSetUp, n, strings.Join(cols, ", "), strings.Join(want, ", "))
		}
	}
	for n := range server {
		if !slices.Contains(fileTables, n) {
			return nil, fmt.Errorf("%w: the server's database has a table %s that the store file has not", app.ErrServerSetUp, n)
		}
	}
	return orderByReferences(ctx, dst, server)
}

// serverKeys reads each table's primary key; a table without one is
// ordered by all its columns.
func serverKeys(ctx context.Context, dst *Store, tables map[string]*migrationTable) error {
	rows, err := dst.db.QueryContext(ctx, `SELECT cl.relname, a.attname
		FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid
		JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) ON true
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
		WHERE c.contype = 'p' AND cl.relnamespace = current_schema()::regnamespace
		ORDER BY cl.relname, k.n`)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return mapErr(err)
		}
		if t := tables[table]; t != nil {
			t.pk = append(t.pk, col)
		}
	}
	if err := rows.Err(); err != nil {
		return mapErr(err)
	}
	for _, t := range tables {
		if len(t.pk) == 0 {
			t.pk = t.cols
		}
	}
	return nil
}

// orderByReferences puts each table after the tables its foreign keys
// name, so that every row's references are there when it is copied.
func orderByReferences(ctx context.Context, dst *Store, tables map[string]*migrationTable) ([]migrationTable, error) {
	deps := map[string][]string{}
	rows, err := dst.db.QueryContext(ctx, `SELECT cl.relname, rf.relname
		FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class rf ON rf.oid = c.confrelid
		WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, mapErr(err)
	}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		if from != to {
			deps[from] = append(deps[from], to)
		}
	}
	rows.Close()
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []migrationTable
	state := map[string]int{} // 1 visiting, 2 placed
	var visit func(n string) error
	visit = func(n string) error {
		switch state[n] {
		case 1:
			return fmt.Errorf("%w: the tables' references go round in a circle at %s", app.ErrServerSetUp, n)
		case 2:
			return nil
		}
		state[n] = 1
		for _, d := range deps[n] {
			if tables[d] != nil {
				if err := visit(d); err != nil {
					return err
				}
			}
		}
		state[n] = 2
		out = append(out, *tables[n])
		return nil
	}
	for _, n := range names {
		if err := visit(n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanStrings(ctx context.Context, db *sql.DB, out *[]string, query string, args ...any) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return mapErr(err)
		}
		*out = append(*out, s)
	}
	return mapErr(rows.Err())
}
