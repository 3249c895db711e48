package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"casedesk/app"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Moving a clinic from its store file to a database server: every table is
// copied, in one transaction on the server, with PostgreSQL's COPY; then,
// in the same transaction, each table's rows are counted and checksummed on
// the server the same way they were as they left the file, and only when
// every table matches is the transaction committed. Anything else rolls it
// back: the server's database is left as it was found, empty. The store
// file is opened read-only and is never written to.

// MigrateOptions choose how Migrate reaches the server.
type MigrateOptions struct {
	// ServerPassword is the server role's password, as in OpenOptions.
	ServerPassword string
	// Actor is who the audit row on the server names.
	Actor string
	// KeyCheck, when set, is the key check of the data key the person
	// moving the clinic holds: a store file that keeps another is refused
	// with app.ErrWrongKey before anything is copied, since no seat could
	// then open the copy.
	KeyCheck string
	// Progress, when set, is told each table once it is copied.
	Progress func(table string, rows int64)
	// fault, in tests, runs in the move's transaction after each table is
	// copied: an error fails the move there.
	fault func(ctx context.Context, tx pgx.Tx, table string) error
}

// TableCheck is one table as Migrate copied and verified it: its rows and
// the checksum both sides agreed on (see rowHasher).
type TableCheck struct {
	Table    string
	Rows     int64
	Checksum string // SHA-256, hex
}

// Migrated is what Migrate did.
type Migrated struct {
	Tables []TableCheck
	Took   time.Duration
}

// Migrate copies the store file from into the empty database on the server
// to (a postgres:// address), verifying every table before the copy is
// committed. The file must be a store of this CaseDesk's schema that no
// CaseDesk has open; the server's database must hold no rows
// (app.ErrServerNotEmpty). A difference after the copy is
// app.ErrMigrateMismatch. On any failure the server's database holds no
// rows; the file is untouched either way.
func Migrate(ctx context.Context, from, to string, opt MigrateOptions) (Migrated, error) {
	start := time.Now()
	if IsServer(from) || !IsServer(to) {
		return Migrated{}, errors.New("migrate copies a store file (--from) to a database server (--to postgres://…)")
	}
	src, err := openSource(ctx, from)
	if err != nil {
		return Migrated{}, err
	}
	defer src.Close()
	if opt.KeyCheck != "" {
		var kept string
		err := src.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, keyCheckSetting).Scan(&kept)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return Migrated{}, mapErr(err)
		}
		if kept != "" && kept != opt.KeyCheck {
			return Migrated{}, app.ErrWrongKey
		}
	}
	dst, err := openServer(ctx, to, OpenOptions{ServerPassword: opt.ServerPassword})
	if err != nil {
		return Migrated{}, err
	}
	defer dst.Close()
	tables, err := migrationPlan(ctx, src, dst)
	if err != nil {
		return Migrated{}, err
	}
	conn, err := dst.db.Conn(ctx)
	if err != nil {
		return Migrated{}, mapErr(err)
	}
	defer conn.Close()
	var out Migrated
	err = conn.Raw(func(dc any) error {
		pc := dc.(*pgConn).Conn.Conn()
		out.Tables, err = copyAll(ctx, pc, src, tables, opt, dst.stamp())
		return err
	})
	if err != nil {
		return Migrated{}, mapErr(err)
	}
	out.Took = time.Since(start)
	return out, nil
}

// openSource opens the store file at path read-only, after checking that it
// is a store of this CaseDesk's schema that no CaseDesk has open: the copy
// must be of a store at rest. immutable=1 lets SQLite read it without
// taking locks or making a shared-memory file beside it, so the folder is
// left exactly as it was.
func openSource(ctx context.Context, path string) (*sql.DB, error) {
	exists, err := readHeader(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, fmt.Errorf("%w: there is no store at %s", app.ErrNotFound, path)
	}
	if err := notOpen(path); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("%w: %s has changes not yet written into the file (its -wal file); open it once with CaseDesk and close it, then move it",
			app.ErrStoreInUse, path)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&immutable=1")
	if err != nil {
		return nil, err
	}
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		db.Close()
		return nil, mapErr(err)
	}
	if v != latestVersion() {
		db.Close()
		if v > latestVersion() {
			return nil, checkVersion(v)
		}
		return nil, fmt.Errorf("the store %s has schema %d, older than this CaseDesk's %d: open it once with this CaseDesk (it updates it, after a backup), close it, then move it",
			path, v, latestVersion())
	}
	if err := quickCheck(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// notOpen refuses a store that a running CaseDesk has open: one of its
// open markers (check_marker.go) is locked by its owner.
func notOpen(path string) error {
	if !fileLocks {
		return nil // no marker can show that its owner lives
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), base+markerInfix) || !e.Type().IsRegular() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		free, err := lockMarker(f)
		f.Close()
		if err != nil {
			return err
		}
		if !free {
			return fmt.Errorf("%w: close CaseDesk on every computer that uses %s, then move it", app.ErrStoreInUse, path)
		}
	}
	return nil
}

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

// serverChecksum counts and checksums t's rows on the server, in the same
// order and form as copyTable did the file's.
func serverChecksum(ctx context.Context, tx pgx.Tx, t migrationTable) (int64, string, error) {
	order := make([]string, len(t.pk))
	for i, c := range t.pk {
		q := pgx.Identifier{c}.Sanitize()
		switch t.types[slices.Index(t.cols, c)] {
		case "text", "varchar", "bpchar", "citext", "name":
			// Byte order, as SQLite's BINARY; citext would ignore case.
			q += `::text COLLATE "C"`
		}
		order[i] = q
	}
	cols := make([]string, len(t.cols))
	for i, c := range t.cols {
		cols[i] = pgx.Identifier{c}.Sanitize()
	}
	rows, err := tx.Query(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+pgx.Identifier{t.name}.Sanitize()+" ORDER BY "+strings.Join(order, ", "))
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	h := newRowHasher()
	var n int64
	vals := make([]any, len(t.cols))
	for rows.Next() {
		raw, err := rows.Values()
		if err != nil {
			return 0, "", err
		}
		for i, v := range raw {
			if vals[i], err = fromServer(v); err != nil {
				return 0, "", fmt.Errorf("the column %s: %w", t.cols[i], err)
			}
		}
		h.row(vals)
		n++
	}
	return n, h.sum(), rows.Err()
}

// fromServer is a value pgx read in the types copySource sends.
func fromServer(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, []byte, int64, float64, bool:
		return x, nil
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case float32:
		return float64(x), nil
	}
	return nil, fmt.Errorf("an unexpected %T", v)
}

// rowHasher is a table's checksum: SHA-256 over its rows in primary key
// order, each value as a tag (its kind) and a length-prefixed canonical
// text (decimal integers, shortest round-trip floats, text and bytes as
// they are), so that no two different rows write the same bytes.
type rowHasher struct {
	h   hash.Hash
	buf []byte
}

func newRowHasher() *rowHasher { return &rowHasher{h: sha256.New()} }

func (r *rowHasher) row(vals []any) {
	b := r.buf[:0]
	for _, v := range vals {
		var tag byte
		var text []byte
		switch x := v.(type) {
		case nil:
			tag = 'N'
		case string:
			tag, text = 's', []byte(x)
		case []byte:
			tag, text = 'b', x
		case int64:
			tag, text = 'i', strconv.AppendInt(nil, x, 10)
		case float64:
			tag, text = 'f', strconv.AppendFloat(nil, x, 'g', -1, 64)
		case bool:
			tag, text = 'i', []byte("0")
			if x {
				text = []byte("1")
			}
		}
		b = append(b, tag)
		b = binary.AppendUvarint(b, uint64(len(text)))
		b = append(b, text...)
	}
	b = append(b, '\n')
	r.h.Write(b)
	r.buf = b
}

func (r *rowHasher) sum() string { return hex.EncodeToString(r.h.Sum(nil)) }
