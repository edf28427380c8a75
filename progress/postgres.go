package progress

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The PostgreSQL backend: the same Store, the same SQL and the same
// migrations as SQLite, through pgx's database/sql driver wrapped so that
// the store's "?" and "?N" placeholders become "$N" and Go bools become the
// 0/1 integers the schema stores. Every per-user write first updates the
// user's row (touchUser), which locks it until commit: two instances
// writing the same learner queue there, and each statement after it (READ
// COMMITTED) sees the other's committed work. Reads that need one snapshot
// run in REPEATABLE READ READ ONLY transactions. Migrations run under a
// session advisory lock, so instances starting together apply each once.

// PostgresHint is how PostgreSQL error messages tell the user what to
// check.
const PostgresHint = "check the URL given with --db (or LAMBDATUTOR_DB)"

// MaxPostgresConns bounds the connections one Store opens to PostgreSQL
// (a pool_max_conns parameter in the URL overrides it).
const MaxPostgresConns = 16

// migrationLockKey is the advisory lock migrations hold (the bytes spell
// "LTut", as SQLite's application id).
const migrationLockKey = applicationID

// IsPostgresURL reports whether target names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func IsPostgresURL(target string) bool {
	l := strings.ToLower(target)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// RedactURL returns a PostgreSQL URL without its password, for logs and
// messages; other strings are returned unchanged.
func RedactURL(target string) string {
	if !IsPostgresURL(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

func openPostgres(target string, opts ...Option) (*Store, error) {
	ms, err := builtinMigrations()
	if err != nil {
		return nil, err
	}
	return openPostgresWith(target, ms, opts...)
}

// openPostgresWith opens target and brings it to the last of ms.
func openPostgresWith(target string, ms []migration, opts ...Option) (*Store, error) {
	shown := RedactURL(target)
	max := MaxPostgresConns
	if u, err := url.Parse(target); err == nil {
		q := u.Query()
		if v := q.Get("pool_max_conns"); v != "" {
			if _, err := fmt.Sscan(v, &max); err != nil || max < 1 {
				return nil, fmt.Errorf("progress database %s: pool_max_conns=%q is not a positive number; fix the URL given with --db (or LAMBDATUTOR_DB)", shown, v)
			}
			q.Del("pool_max_conns")
			u.RawQuery = q.Encode()
			target = u.String()
		}
	}
	cfg, err := pgx.ParseConfig(target)
	if err != nil {
		return nil, fmt.Errorf("progress database %s: the URL is not valid (%w); use postgres://USER:PASSWORD@HOST:PORT/DATABASE", shown, err)
	}
	db := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(max)
	db.SetMaxIdleConns(max)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, path: shown, now: time.Now, pg: true}
	for _, o := range opts {
		o(s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := s.preparePostgres(ctx, ms); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// preparePostgres takes the migration lock, checks that the database is
// ours and not newer than this build, and applies pending migrations.
func (s *Store) preparePostgres(ctx context.Context, ms []migration) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.openErr(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, migrationLockKey); err != nil {
		return s.openErr(err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(?)`, migrationLockKey); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) // closing the session frees the lock
		}
	}()
	v, err := pgSchemaVersion(ctx, conn)
	if err != nil {
		return s.openErr(err)
	}
	known := len(ms)
	if v < 0 {
		var tables int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&tables); err != nil {
			return s.openErr(err)
		}
		if tables > 0 {
			return fmt.Errorf("PostgreSQL database %s holds tables that lambdatutor did not create (%d tables and no lambdatutor_schema), so it is not a lambdatutor progress database; create an empty database for lambdatutor (createdb lambdatutor) and %s", s.path, tables, PostgresHint)
		}
		v = 0
	}
	if v > known {
		return fmt.Errorf("progress database %s has schema version %d, newer than this lambdatutor understands (%d); upgrade lambdatutor on every instance, or %s", s.path, v, known, PostgresHint)
	}
	for _, m := range ms[v:] {
		if err := applyPostgresMigration(ctx, conn, m); err != nil {
			return fmt.Errorf("cannot update progress database %s to schema version %d: %w", s.path, known, s.mapErr(err))
		}
	}
	return nil
}

// pgSchemaVersion reads the schema version; -1 means the database has no
// lambdatutor_schema table.
func pgSchemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, `SELECT to_regclass('lambdatutor_schema') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return -1, nil
	}
	var v int
	err := q.QueryRowContext(ctx, `SELECT version FROM lambdatutor_schema`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

func applyPostgresMigration(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS lambdatutor_schema (
		one     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
		version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migration %s: create lambdatutor_schema: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, postgresSQL(m.sql)); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lambdatutor_schema (one, version) VALUES (TRUE, ?)
		ON CONFLICT (one) DO UPDATE SET version = excluded.version`, m.version); err != nil {
		return fmt.Errorf("migration %s: record schema version: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}

var (
	sqlComment   = regexp.MustCompile(`--[^\n]*`)
	sqlRowidKey  = regexp.MustCompile(`\bINTEGER PRIMARY KEY\b`)
	sqlInteger   = regexp.MustCompile(`\bINTEGER\b`)
	sqlReal      = regexp.MustCompile(`\bREAL\b`)
	sqlText      = regexp.MustCompile(`\bTEXT\b`)
	sqlTableOpts = regexp.MustCompile(`\)\s*STRICT(\s*,\s*WITHOUT ROWID)?\s*;`)
)

// postgresSQL turns a migration written for SQLite (the one list in
// migrations/) into PostgreSQL. Migrations keep to what it knows: STRICT
// tables (optionally WITHOUT ROWID) of INTEGER, REAL and TEXT columns,
// "INTEGER PRIMARY KEY" for generated ids, and standard CREATE TABLE,
// CREATE INDEX, ALTER TABLE ADD COLUMN. Integers become BIGINT, REAL
// DOUBLE PRECISION, and TEXT compares byte-wise (COLLATE "C") as in SQLite,
// so RFC 3339 times and ids sort the same on both backends.
func postgresSQL(sqlite string) string {
	s := sqlComment.ReplaceAllString(sqlite, "")
	s = sqlTableOpts.ReplaceAllString(s, ");")
	s = sqlRowidKey.ReplaceAllString(s, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
	s = sqlInteger.ReplaceAllString(s, "BIGINT")
	s = sqlReal.ReplaceAllString(s, "DOUBLE PRECISION")
	s = sqlText.ReplaceAllString(s, `TEXT COLLATE "C"`)
	return s
}

// rebind turns the store's SQLite placeholders into PostgreSQL's: "?N"
// becomes "$N" and a bare "?" the next "$N". Quoted strings, quoted
// identifiers and comments are left alone.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				b.WriteString(q[i+1 : j])
				i = j - 1
			} else {
				n++
				fmt.Fprint(&b, n)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pgConnector and pgConn wrap pgx's database/sql driver with rebind and
// the bool conversion.
type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{cn.(*stdlib.Conn)}, nil
}

type pgConn struct{ *stdlib.Conn }

func (c *pgConn) Prepare(q string) (driver.Stmt, error) { return c.Conn.Prepare(rebind(q)) }

func (c *pgConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(q))
}

func (c *pgConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(q), args)
}

func (c *pgConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(q), args)
}

// CheckNamedValue stores Go bools as the 0/1 integers of the schema.
func (c *pgConn) CheckNamedValue(v *driver.NamedValue) error {
	if b, ok := v.Value.(bool); ok {
		v.Value = int64(0)
		if b {
			v.Value = int64(1)
		}
		return nil
	}
	return c.Conn.CheckNamedValue(v)
}

// writePostgres runs fn in a READ COMMITTED transaction, retrying a few
// times when PostgreSQL aborts it for a deadlock or a serialization
// failure (the other transaction went through; running fn again is
// correct).
func (s *Store) writePostgres(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := range 5 {
		if attempt > 0 {
			select {
			case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err = s.writeOnce(ctx, fn)
		if !retryable(err) {
			break
		}
	}
	return s.mapErr(err)
}

func (s *Store) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// readPostgres runs fn in a REPEATABLE READ READ ONLY transaction: one
// snapshot for everything fn reads.
func (s *Store) readPostgres(ctx context.Context, fn func(q querier) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return s.mapErr(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.mapErr(err)
	}
	return nil
}

// mapPostgresErr turns the PostgreSQL errors a user can act on into
// messages that say what to do; others are returned unchanged.
func (s *Store) mapPostgresErr(err error) error {
	var (
		pe  *pgconn.PgError
		ce  *pgconn.ConnectError
		ne  net.Error
		ex  explained
		msg error
	)
	if err == nil || errors.As(err, &ex) {
		return err
	}
	switch {
	case errors.As(err, &pe):
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			msg = fmt.Errorf("PostgreSQL refused the login to %s (%w); check the user and password in the URL, or %s", s.path, err, PostgresHint)
		case pe.Code == "3D000":
			msg = fmt.Errorf("the PostgreSQL database of %s does not exist (%w); create it (createdb NAME) or %s", s.path, err, PostgresHint)
		case pe.Code == "25006":
			msg = fmt.Errorf("PostgreSQL database %s is read-only, so progress cannot be saved (%w); point lambdatutor at the primary server, or %s", s.path, err, PostgresHint)
		case pe.Code == "53100":
			msg = fmt.Errorf("cannot write progress database %s: the server's disk is full (%w); free some space on the PostgreSQL server", s.path, err)
		case pe.Code == "53300" || pe.Code == "57P03":
			msg = fmt.Errorf("PostgreSQL server of %s accepts no more connections now (%w); raise max_connections or lower pool_max_conns in the URL", s.path, err)
		case strings.HasPrefix(pe.Code, "42") && strings.Contains(pe.Message, "permission denied"):
			msg = fmt.Errorf("PostgreSQL user of %s may not do this (%w); grant it the rights on the lambdatutor database, or %s", s.path, err, PostgresHint)
		default:
			return err
		}
	case errors.As(err, &ce), errors.As(err, &ne):
		msg = fmt.Errorf("cannot reach the PostgreSQL server of %s (%w); check that it runs and accepts connections, or %s", s.path, err, PostgresHint)
	default:
		return err
	}
	return explained{msg}
}
