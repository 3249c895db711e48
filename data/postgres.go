package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"casedesk/app"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// A store on a PostgreSQL server: the clinic with several seats. The same
// Store type serves it, with the same SQL: the store's queries are written
// with ? placeholders and in the SQL both databases read, and the
// connection below turns each ? into PostgreSQL's $n (once per query text).
// Where the SQL must differ, the store asks s.pg; where a migration must,
// migrations/postgres holds that version's file.
//
// Write transactions run at SERIALIZABLE isolation, PostgreSQL's nearest to
// SQLite's one writer at a time, and a transaction the server ends with a
// serialization failure or a deadlock is run again (see tx): a seat never
// sees one.

// mistypedServer refuses a store file's path that looks like a mistyped
// server's address (a space before it, one slash, another scheme), as
// app.CheckStoreAddress does: opened as a file, it would make folders named
// after it, password and all. Every caller should have checked already.
func mistypedServer(path string) error {
	if app.IsServerAddress(path) {
		return nil
	}
	return app.CheckStoreAddress(path)
}

// ServerPool is how many connections one seat keeps to the server at most:
// enough for the window's background reads beside a write. 25 seats fit the
// server's default max_connections (100); more need it raised, or a pooler
// in front (see the README's plan for a statewide network).
const ServerPool = 4

// openServer opens the store on the PostgreSQL server at target, creating
// its tables (the same migrations, in order) when the database is empty.
func openServer(ctx context.Context, target string, opt OpenOptions) (*Store, error) {
	cfg, err := parseServerAddress(target)
	if err != nil {
		return nil, err
	}
	switch {
	case opt.ServerPassword != "":
		cfg.Password = opt.ServerPassword
	case cfg.Password != "" && !urlHasPassword(target):
		// From a password file: used only when nobody else can read it, as
		// libpq does.
		if err := privatePassfile(target); err != nil {
			return nil, err
		}
	}
	// A server that is away is said so within seconds, not minutes.
	switch {
	case cfg.ConnectTimeout == 0:
		cfg.ConnectTimeout = 5 * time.Second
	case cfg.ConnectTimeout > 10*time.Second:
		cfg.ConnectTimeout = 10 * time.Second
	}
	cfg.DialFunc = dialServer
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = "casedesk"
	// Times and dates are kept as text the store formats itself; the
	// session's zone only matters to now(), which the store never uses.
	cfg.RuntimeParams["timezone"] = "UTC"
	// A statement outside tx is one row's change, made right at READ
	// COMMITTED (the row is read again when another seat changed it): never
	// a serialization failure, whatever the database's default says.
	cfg.RuntimeParams["default_transaction_isolation"] = "read committed"
	db := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(ServerPool)
	db.SetMaxIdleConns(ServerPool)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, path: app.RedactAddress(target), now: time.Now, pg: true}
	if err := s.serverReady(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, mapErr(err)
	}
	return s, nil
}

// dialServer opens a connection to the server with TCP keep-alives that
// find a server gone silent (switched off, its network unplugged) within
// half a minute, and, where the system has it, a limit on how long sent
// data may go unanswered (tcpUserTimeout): a pooled connection to such a
// server fails instead of waiting for the system's quarter of an hour.
func dialServer(ctx context.Context, network, addr string) (net.Conn, error) {
	d := net.Dialer{
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 15 * time.Second, Interval: 5 * time.Second, Count: 3},
		Control:         tcpUserTimeout(serverSilence),
	}
	return d.DialContext(ctx, network, addr)
}

// serverSilence is how long a server may leave what was sent unanswered
// at the network's level before its connection counts as broken. A slow
// query is no silence: the server's side acknowledges what it received.
const serverSilence = 30 * time.Second

// serverReady checks what the store needs of the server before anything is
// written: that it answers, and that its database sorts text as SQLite
// does (by code point, collation C), so every list comes in the same order
// on both stores.
func (s *Store) serverReady(ctx context.Context) error {
	var collate, version string
	err := s.db.QueryRowContext(ctx, `SELECT datcollate, current_setting('server_version_num')
		FROM pg_database WHERE datname = current_database()`).Scan(&collate, &version)
	if err != nil {
		return mapErr(err)
	}
	if n, _ := strconv.Atoi(version); n < 130000 {
		return fmt.Errorf("%w: PostgreSQL %d.%d is older than 13", app.ErrServerSetUp, n/10000, n%10000/100)
	}
	if collate != "C" && collate != "POSIX" && collate != "C.UTF-8" && collate != "C.utf8" {
		return fmt.Errorf("%w: the database sorts text as %q; CaseDesk needs a database made with LC_COLLATE 'C' (see the README)",
			app.ErrServerSetUp, collate)
	}
	return nil
}

// pgConnector hands out connections that take the store's ? placeholders.
type pgConnector struct{ inner driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn.(*stdlib.Conn)}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is pgx's database/sql connection with the store's query text
// rebound and its arguments in the types the store's columns hold.
type pgConn struct{ *stdlib.Conn }

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// CheckNamedValue turns an argument into what the store's columns hold:
// booleans are the integers 0 and 1 (as in SQLite), times are text in the
// form the SQLite driver writes them, and named types are their base type.
func (c *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	switch v := nv.Value.(type) {
	case bool:
		if v {
			nv.Value = int64(1)
		} else {
			nv.Value = int64(0)
		}
		return nil
	case time.Time:
		nv.Value = v.Format("2006-01-02 15:04:05.999999999-07:00")
		return nil
	case []byte, string, int64, float64, nil:
		return nil
	}
	v, err := driver.DefaultParameterConverter.ConvertValue(nv.Value)
	if err != nil {
		return err
	}
	nv.Value = v
	return c.CheckNamedValue(nv)
}

// rebound holds each query text rebound, by its text.
var rebound sync.Map

// rebind turns the ? placeholders of query into $1, $2, … — but not a ?
// inside a string, a quoted name, a comment or a dollar-quoted body.
func rebind(query string) string {
	if v, ok := rebound.Load(query); ok {
		return v.(string)
	}
	if !strings.Contains(query, "?") && !strings.Contains(query, "CROSS JOIN") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0 // the largest number given so far: a plain ? is the next, as in SQLite
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case ch == '\'' || ch == '"':
			j := strings.IndexByte(query[i+1:], ch)
			if j < 0 {
				b.WriteString(query[i:])
				i = len(query)
				continue
			}
			b.WriteString(query[i : i+j+2])
			i += j + 1
		case ch == '-' && strings.HasPrefix(query[i:], "--"):
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i - 1
			}
			b.WriteString(query[i : i+j+1])
			i += j
		case ch == '$' && strings.HasPrefix(query[i:], "$$"):
			j := strings.Index(query[i+2:], "$$")
			if j < 0 {
				b.WriteString(query[i:])
				i = len(query)
				continue
			}
			b.WriteString(query[i : i+j+4])
			i += j + 3
		case ch == '?':
			// ?NNN is SQLite's numbered placeholder: PostgreSQL's $NNN.
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				num, _ := strconv.Atoi(query[i+1 : j])
				n = max(n, num)
				b.WriteString(query[i+1 : j])
				i = j - 1
				continue
			}
			n++
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(ch)
		}
	}
	// SQLite's CROSS JOIN is an inner join that keeps the tables' order;
	// PostgreSQL plans the order itself and reads it as a plain JOIN.
	out := strings.ReplaceAll(b.String(), "CROSS JOIN", "JOIN")
	rebound.Store(query, out)
	return out
}

// Retrying a transaction the server ended: for how long at most, and the
// wait before the first retry (doubled each time up to serverRetryCap, with
// jitter). Seats changing one case at once end each other's transactions
// often, so the limit is a time, not a count: a transaction gives up only
// when the server keeps ending it for that long, and then it says why.
const (
	serverRetryFor  = 20 * time.Second
	serverRetryWait = 2 * time.Millisecond
	serverRetryCap  = 100 * time.Millisecond
)

// retryable reports whether err is a serialization failure or a deadlock:
// the transaction changed nothing and may be run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// serverTx is tx on a server: fn at SERIALIZABLE isolation, run again while
// the server ends it with a serialization failure or a deadlock. fn may
// run more than once, so it keeps nothing from a run but what the last
// run sets.
//
// A connection that broke before the commit was asked for (the server was
// restarted while the connection sat in the pool) committed nothing: the
// transaction runs once more on a new connection. A commit whose
// connection broke may or may not have been kept; it is never run again,
// and never reported as done: the caller hears app.ErrServerUnreachable.
func (s *Store) serverTx(ctx context.Context, fn func(*sql.Tx) error) error {
	wait := serverRetryWait
	start := time.Now()
	reconnected := false
	for {
		committing, err := s.serverTxOnce(ctx, fn)
		switch {
		case err == nil:
			return nil
		case retryable(err) && time.Since(start) < serverRetryFor:
		case !committing && !reconnected && ctx.Err() == nil && brokeUnder(err):
			reconnected = true
			continue
		case retryable(err):
			return fmt.Errorf("the server kept ending the change for %s: %w", time.Since(start).Round(time.Second), err)
		default:
			return mapErr(err)
		}
		serverRetries.Add(1)
		d := wait/2 + rand.N(wait)
		select {
		case <-ctx.Done():
			return mapErr(ctx.Err())
		case <-time.After(d):
		}
		wait = min(wait*2, serverRetryCap)
	}
}

// serverRetries counts the transactions run again in this process, for
// the tests' and benchmarks' figures.
var serverRetries atomic.Int64

// serverTxOnce runs fn in one transaction; committing says whether the
// error came from the commit itself.
func (s *Store) serverTxOnce(ctx context.Context, fn func(*sql.Tx) error) (committing bool, err error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return false, err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return false, err
	}
	if serverEndsRun != nil {
		if err := serverEndsRun(); err != nil {
			_ = tx.Rollback()
			return false, err
		}
	}
	return true, tx.Commit()
}

// serverEndsRun is nil but in tests, which end a run with it as the server
// would (a serialization failure), to see that a write's run again keeps
// nothing from the run before.
var serverEndsRun func() error

// urlHasPassword reports whether the address itself carries a password.
func urlHasPassword(target string) bool {
	return app.AddressHasPassword(target)
}

// privatePassfile refuses a password file that others may read.
func privatePassfile(target string) error {
	file := os.Getenv("PGPASSFILE")
	if u, err := url.Parse(target); err == nil && u.Query().Get("passfile") != "" {
		file = u.Query().Get("passfile")
	}
	if file == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil
		}
		file = filepath.Join(home, ".pgpass")
	}
	fi, err := os.Stat(file)
	if err != nil {
		return nil
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%w: the password file %s can be read by others; make it private with chmod 600 %s",
			app.ErrServerSetUp, file, file)
	}
	return nil
}

// pgErrorText is err's message without any password it quotes.
func pgErrorText(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "password="); i >= 0 {
		msg = msg[:i] + "password=xxxxx"
	}
	return msg
}

// mapServerErr turns a PostgreSQL failure into app's sentinel errors, as
// mapErr does SQLite's; ok is false when err is not the server's.
func mapServerErr(err error) (error, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return fmt.Errorf("%w: %v", app.ErrAlreadyExists, err), true
		case strings.HasPrefix(pe.Code, "23"):
			return fmt.Errorf("%w: %v", app.ErrConflict, err), true
		case pe.Code == "53100":
			return fmt.Errorf("%w: %v", app.ErrStoreFull, err), true
		case pe.Code == "28P01" || pe.Code == "28000":
			return fmt.Errorf("%w: %v", app.ErrServerSignIn, err), true
		case pe.Code == "3D000":
			return fmt.Errorf("%w: %v", app.ErrServerSetUp, err), true
		case connLost(err):
			return fmt.Errorf("%w: %v", app.ErrServerUnreachable, err), true
		}
		return err, true
	}
	if connLost(err) {
		return fmt.Errorf("%w: %s", app.ErrServerUnreachable, pgErrorText(err)), true
	}
	return err, false
}

// connLost reports a connection that could not be made or broke under a
// query: the server is away, or was restarted.
func connLost(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, driver.ErrBadConn), pgconn.Timeout(err),
		errors.Is(err, app.ErrServerUnreachable), // mapped already, by a read inside a transaction
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "unexpected EOF") ||
		strings.Contains(msg, "connection reset") || strings.Contains(msg, "broken pipe") ||
		strings.Contains(msg, "connection refused")
}

// brokeUnder reports a connection that was made and then broke: not a
// server that cannot be reached at all (that is said at once).
func brokeUnder(err error) bool {
	var ce *pgconn.ConnectError
	return connLost(err) && !errors.As(err, &ce)
}
