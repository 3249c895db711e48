package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"casedesk/app"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// copyAll is the move's one transaction on the server connection pc.
func copyAll(ctx context.Context, pc *pgx.Conn, src *sql.DB, tables []migrationTable, opt MigrateOptions, at string) ([]TableCheck, error) {
	tx, err := pc.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.Background()) // a no-op once committed
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = pgx.Identifier{t.name}.Sanitize()
	}
	// No seat writes while the clinic moves in; each table is checked
	// empty under the lock, so nothing can slip in between.
	if _, err := tx.Exec(ctx, "LOCK TABLE "+strings.Join(names, ", ")+" IN EXCLUSIVE MODE"); err != nil {
		return nil, err
	}
	for i, t := range tables {
		var some bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+names[i]+")").Scan(&some); err != nil {
			return nil, err
		}
		if some {
			return nil, fmt.Errorf("%w: its table %s holds rows", app.ErrServerNotEmpty, t.name)
		}
	}
	if err := registerCitext(ctx, tx); err != nil {
		return nil, err
	}
	later, err := setAside(ctx, tx)
	if err != nil {
		return nil, err
	}
	checks := make([]TableCheck, len(tables))
	for i, t := range tables {
		n, sum, err := copyTable(ctx, tx, src, t)
		if err != nil {
			return nil, fmt.Errorf("copying the table %s: %w", t.name, err)
		}
		checks[i] = TableCheck{Table: t.name, Rows: n, Checksum: sum}
		if opt.fault != nil {
			if err := opt.fault(ctx, tx, t.name); err != nil {
				return nil, err
			}
		}
		if opt.Progress != nil {
			opt.Progress(t.name, n)
		}
	}
	for _, q := range later {
		if _, err := tx.Exec(ctx, q); err != nil {
			return nil, fmt.Errorf("%w: %s", err, q)
		}
	}
	for i, t := range tables {
		n, sum, err := serverChecksum(ctx, tx, t)
		if err != nil {
			return nil, fmt.Errorf("checking the table %s: %w", t.name, err)
		}
		if n != checks[i].Rows || sum != checks[i].Checksum {
			return nil, fmt.Errorf("%w: the table %s has %d rows (checksum %.12s…) in the store file and %d (%.12s…) on the server",
				app.ErrMigrateMismatch, t.name, checks[i].Rows, checks[i].Checksum, n, sum)
		}
	}
	var detail strings.Builder
	detail.WriteString("moved from a store file; rows per table:")
	for _, c := range checks {
		fmt.Fprintf(&detail, " %s %d", c.Table, c.Rows)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_events (id, at, actor_id, action, record_type, record_id, detail)
		VALUES ($1, $2, $3, 'store.migrated', 'store', '', $4)`, newID(), at, opt.Actor, detail.String()); err != nil {
		return nil, err
	}
	if opt.beforeCommit != nil {
		if err := opt.beforeCommit(ctx); err != nil {
			return nil, err
		}
	}
	return checks, tx.Commit(ctx)
}

// setAside drops, inside the move's transaction, the foreign keys and the
// indexes that no constraint needs, and returns the statements that make
// them again. Built once over all the rows, an index is several times
// faster than kept up row by row; a foreign key added afterwards checks
// every row in one join instead of one query a row. Either way each row is
// checked before the commit, and a rollback brings them all back as they were.
func setAside(ctx context.Context, tx pgx.Tx) (remake []string, err error) {
	var drop, fks, idx []string
	rows, err := tx.Query(ctx, `SELECT format('%I', cl.relname), format('%I', c.conname), pg_get_constraintdef(c.oid)
		FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid
		WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace
		ORDER BY cl.relname, c.conname`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table, name, def string
		if err := rows.Scan(&table, &name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		drop = append(drop, "ALTER TABLE "+table+" DROP CONSTRAINT "+name)
		fks = append(fks, "ALTER TABLE "+table+" ADD CONSTRAINT "+name+" "+def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT format('%I', i.relname), pg_get_indexdef(i.oid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
		ORDER BY i.relname`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		drop = append(drop, "DROP INDEX "+name)
		idx = append(idx, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range drop {
		if _, err := tx.Exec(ctx, q); err != nil {
			return nil, fmt.Errorf("%w: %s", err, q)
		}
	}
	return append(idx, fks...), nil
}

// registerCitext teaches the connection the citext type (a username that
// ignores case), so COPY sends and reads it as the text it is.
func registerCitext(ctx context.Context, tx pgx.Tx) error {
	var oid uint32
	err := tx.QueryRow(ctx, "SELECT oid FROM pg_type WHERE typname = 'citext'").Scan(&oid)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	tm := tx.Conn().TypeMap()
	if _, ok := tm.TypeForOID(oid); !ok {
		tm.RegisterType(&pgtype.Type{Name: "citext", OID: oid, Codec: pgtype.TextCodec{}})
	}
	return nil
}

// copyTable sends the file's rows of t to the server with COPY, in primary
// key order, checksumming each as it goes.
func copyTable(ctx context.Context, tx pgx.Tx, src *sql.DB, t migrationTable) (int64, string, error) {
	order := make([]string, len(t.pk))
	for i, c := range t.pk {
		order[i] = quoteSQLite(c) + " COLLATE BINARY"
	}
	cols := make([]string, len(t.cols))
	for i, c := range t.cols {
		cols[i] = quoteSQLite(c)
	}
	rows, err := src.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+quoteSQLite(t.name)+" ORDER BY "+strings.Join(order, ", "))
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	cs := &copySource{rows: rows, t: t, raw: make([]any, len(t.cols)), ptrs: make([]any, len(t.cols)),
		vals: make([]any, len(t.cols)), h: newRowHasher()}
	for i := range cs.raw {
		cs.ptrs[i] = &cs.raw[i]
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, cs)
	if err != nil {
		return 0, "", err
	}
	if n != cs.n {
		return 0, "", fmt.Errorf("%w: COPY took %d of %d rows", app.ErrMigrateMismatch, n, cs.n)
	}
	return cs.n, cs.h.sum(), nil
}

func quoteSQLite(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// copySource feeds COPY the file's rows, each value in the Go type the
// server's column takes, and checksums them.
type copySource struct {
	rows      *sql.Rows
	t         migrationTable
	raw, ptrs []any
	vals      []any
	h         *rowHasher
	n         int64
	err       error
}

func (c *copySource) Next() bool {
	if c.err != nil || !c.rows.Next() {
		return false
	}
	if c.err = c.rows.Scan(c.ptrs...); c.err != nil {
		return false
	}
	for i, v := range c.raw {
		if c.vals[i], c.err = asServerType(v, c.t.types[i]); c.err != nil {
			c.err = fmt.Errorf("the column %s: %w", c.t.cols[i], c.err)
			return false
		}
	}
	c.h.row(c.vals)
	c.n++
	return true
}

func (c *copySource) Values() ([]any, error) { return c.vals, nil }

func (c *copySource) Err() error {
	if c.err != nil {
		return c.err
	}
	return c.rows.Err()
}

// asServerType is a value read from SQLite in the Go type the server's
// column (of type typ) takes. SQLite keeps any value in any column; the
// store writes each column one way, but a value in another form is turned
// into the column's, never dropped.
func asServerType(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "int2", "int4", "int8":
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) {
				return int64(x), nil
			}
		case string:
			return strconv.ParseInt(x, 10, 64)
		}
	case "float4", "float8", "numeric":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		case string:
			return strconv.ParseFloat(x, 64)
		}
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	case "bool":
		switch x := v.(type) {
		case int64:
			return x != 0, nil
		case bool:
			return x, nil
		}
	default: // text, citext and the like
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		case time.Time:
			return x.Format("2006-01-02 15:04:05.999999999-07:00"), nil
		}
	}
	return nil, fmt.Errorf("a %T value for a column of type %s", v, typ)
}
