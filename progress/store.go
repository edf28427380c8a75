// Package progress is lambdatutor's store of learner progress: a SQLite
// file (WAL mode, foreign keys on, 5 s busy timeout) holding users and, per
// user, the lessons they viewed and completed and where they stopped. The
// same Store can instead keep them in a PostgreSQL database that several
// servers share (Open with a postgres:// URL; see postgres.go).
//
// One Store is safe for use by many goroutines at once (the SSH server
// serves many users from one Store): reads run in parallel, writes are
// serialized inside the process and, across processes, by SQLite's lock
// with a busy timeout. Committed writes survive the process being killed.
//
// The schema comes from the numbered SQL files in migrations/, applied at
// Open; the number of the last one applied is kept in PRAGMA user_version,
// and PRAGMA application_id marks the file as ours (set by every migration
// since the first, so Open refuses a versioned file without it).
package progress

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// FlagHint is how error messages tell the user to choose another database
// file. It names the CLI flag and environment variable that set the path.
const FlagHint = "point --db (or LAMBDATUTOR_DB) at another file"

// BusyTimeout is how long a write waits for another process that holds the
// database's write lock before failing.
const BusyTimeout = 5 * time.Second

// ErrUnknownUser is returned (wrapped) when a user id does not exist in the
// store; get ids from EnsureUser.
var ErrUnknownUser = errors.New("unknown user")

// Store is an open progress database. Its methods are safe for concurrent
// use. Close it when done.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
	// writeSem serializes this process's write transactions (capacity 1),
	// so goroutines queue here instead of polling SQLite's busy handler.
	// PostgreSQL stores leave it nil.
	writeSem chan struct{}
	// pg is true for a PostgreSQL store (see postgres.go).
	pg bool
	// observe, when set, is told how long each write and snapshot read
	// took (WithObserver).
	observe func(op string, d time.Duration, err error)
}

// Option configures Open.
type Option func(*Store)

// WithClock makes the store take "now" (viewed and completed times) from
// clock instead of time.Now, for deterministic tests. Times are stored in
// UTC at one-second precision.
func WithClock(clock func() time.Time) Option {
	return func(s *Store) { s.now = clock }
}

// WithObserver makes the store call observe after every write transaction
// (op "write") and every snapshot read (op "read") with how long it took
// and its error, e.g. to export store latency as metrics. observe must be
// quick and safe for concurrent use.
func WithObserver(observe func(op string, d time.Duration, err error)) Option {
	return func(s *Store) { s.observe = observe }
}

// DefaultPath returns the default database path:
// $XDG_DATA_HOME/lambdatutor/progress.db, or
// ~/.local/share/lambdatutor/progress.db when XDG_DATA_HOME is unset or not
// absolute (as the XDG spec requires).
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "lambdatutor", "progress.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the default progress database: %w; set XDG_DATA_HOME or HOME, or choose a file with --db (or LAMBDATUTOR_DB)", err)
	}
	return filepath.Join(home, ".local", "share", "lambdatutor", "progress.db"), nil
}

// Open opens the progress database at path, creating the file and its
// parent directory (mode 0700) when missing, and brings its schema up to
// date. It refuses a database written by a newer lambdatutor (a higher
// schema version than this build knows) and a SQLite file that belongs to
// something else. A database the process may not write opens fine for
// reading; the first write then fails with an error saying it is read-only.
//
// A path that is a postgres:// or postgresql:// URL opens that PostgreSQL
// database instead (see postgres.go); the schema and every method are the
// same.
func Open(path string, opts ...Option) (*Store, error) {
	if IsPostgresURL(path) {
		return openPostgres(path, opts...)
	}
	if path == "" {
		return nil, errors.New("no progress database path given; set one with --db (or LAMBDATUTOR_DB)")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("progress database %s: %w; %s", path, err, FlagHint)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the folder for progress database %s: %w; make sure the folder path is made of directories you can write, or %s", abs, err, FlagHint)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("progress database %s is a directory, not a file; %s", abs, FlagHint)
	}
	createPrivate(abs)
	ms, err := builtinMigrations()
	if err != nil {
		return nil, err
	}

	db, err := sql.Open("sqlite3", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("cannot open progress database %s: %w; %s", abs, err, FlagHint)
	}
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: abs, now: time.Now, writeSem: make(chan struct{}, 1)}
	for _, o := range opts {
		o(s)
	}
	if err := s.checkOwner(context.Background(), len(ms)); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.prepare(context.Background(), ms); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkOwner reads the file's header fields through a read-only connection
// that changes nothing (no journal-mode switch, no -wal file for a file in
// rollback mode) and refuses a file that is not a lambdatutor progress
// database before the read-write connection touches it. An empty file is a
// new database.
func (s *Store) checkOwner(ctx context.Context, known int) error {
	fi, err := os.Stat(s.path)
	if err != nil || fi.Size() == 0 {
		return nil // missing or new: the read-write open reports or creates it
	}
	p := (&url.URL{Path: filepath.ToSlash(s.path)}).EscapedPath()
	ro, err := sql.Open("sqlite3", "file:"+p+"?mode=ro&_busy_timeout="+fmt.Sprint(BusyTimeout.Milliseconds()))
	if err != nil {
		return nil
	}
	defer ro.Close()
	var (
		v, tables int
		appID     int64
	)
	err = ro.QueryRowContext(ctx, `SELECT
		(SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&v, &appID, &tables)
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrNotADB {
			return s.openErr(err)
		}
		// Cannot read it read-only (a WAL file whose -shm cannot be made,
		// say): the read-write open below explains the problem.
		return nil
	}
	return s.owned(v, tables, appID, known)
}

// owned decides from a file's header fields whether it is ours to open.
// Every migration lambdatutor has ever applied also set application_id, so
// a file with a schema version but without our application id belongs to
// another program, whatever its version number.
func (s *Store) owned(v, tables int, appID int64, known int) error {
	if appID != 0 && appID != applicationID {
		return fmt.Errorf("%s is a SQLite database of another program (application id %#x), not a lambdatutor progress database; %s", s.path, appID, FlagHint)
	}
	if v == 0 && tables > 0 {
		return fmt.Errorf("%s holds tables that lambdatutor did not create (%d schema objects), so it is not a lambdatutor progress database; %s", s.path, tables, FlagHint)
	}
	if v > 0 && appID != applicationID {
		return fmt.Errorf("%s is a SQLite database of another program (schema version %d without lambdatutor's application id), not a lambdatutor progress database; %s", s.path, v, FlagHint)
	}
	if v > known {
		return fmt.Errorf("progress database %s has schema version %d, newer than this lambdatutor understands (%d); upgrade lambdatutor or %s", s.path, v, known, FlagHint)
	}
	return nil
}

// createPrivate creates a missing database file empty with mode 0600 (a
// learner's answers and drafts are theirs alone); SQLite then gives the
// -wal and -shm files the database file's mode. An existing file keeps its
// mode, and a file that cannot be created is left to SQLite to report.
func createPrivate(abs string) {
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		_ = f.Close()
	}
}

// builtinMigrations loads the embedded migrations, the one list both
// backends apply.
func builtinMigrations() ([]migration, error) {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("built-in migrations are missing: %w", err)
	}
	ms, err := loadMigrations(sub)
	if err != nil {
		return nil, fmt.Errorf("built-in migrations are broken: %w", err)
	}
	return ms, nil
}

// dsn builds the go-sqlite3 connection string. The path goes in a file: URI
// so that '?', '#' and '%' in it are escaped; every pooled connection gets
// the same settings. _txlock=immediate makes every transaction take the
// write lock at BEGIN, so two writers never deadlock upgrading a read lock
// (SQLITE_BUSY without waiting); synchronous=NORMAL in WAL mode keeps every
// committed transaction across a process crash or kill (a power cut may lose
// the last few, never corrupting the file).
func dsn(abs string) string {
	p := (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(BusyTimeout.Milliseconds()))
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	q.Set("_stmt_cache_size", "32")
	return "file:" + p + "?" + q.Encode()
}

// prepare checks that the file is ours and not newer than this build, then
// applies pending migrations.
func (s *Store) prepare(ctx context.Context, ms []migration) error {
	// One statement, so one snapshot: another process may be migrating
	// this file right now.
	var (
		v, tables int
		appID     int64
	)
	// The first statement opens the connection, which switches a new file
	// to WAL. Two processes creating the same file at once race for that
	// switch, and SQLite answers the loser SQLITE_BUSY at once, without
	// its busy handler: try again until BusyTimeout has passed.
	start := time.Now()
	var err error
	for {
		err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&v, &appID, &tables)
		if s.pg || !isBusy(err) || time.Since(start) >= BusyTimeout || ctx.Err() != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		return s.openErr(err)
	}
	known := len(ms)
	if err := s.owned(v, tables, appID, known); err != nil {
		return err
	}
	if v == known {
		return nil
	}
	if err := migrate(ctx, s.db, ms); err != nil {
		return fmt.Errorf("cannot update progress database %s to schema version %d: %w", s.path, known, s.mapErr(err))
	}
	return nil
}

// SalvageCommand is the command that copies what can be read of the
// damaged database at path into a new file beside it.
func SalvageCommand(path string) string {
	return "lambdatutor --db " + shellQuote(path) + " progress salvage " + shellQuote(strings.TrimSuffix(path, ".db")+"-salvaged.db")
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// openErr explains a failure to read the file at all.
func (s *Store) openErr(err error) error {
	if s.pg {
		if mapped := s.mapPostgresErr(err); mapped != err {
			return mapped
		}
		return fmt.Errorf("cannot read progress database %s: %w; %s", s.path, err, PostgresHint)
	}
	var (
		se sqlite3.Error
		ex explained
	)
	if errors.As(err, &ex) {
		return err
	}
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrReadonly:
			return fmt.Errorf("cannot open progress database %s: it is read-only and SQLite cannot create its -wal and -shm files beside it (%w); make the file and its folder writable, or %s", s.path, err, FlagHint)
		case sqlite3.ErrNotADB:
			return fmt.Errorf("%s is not a SQLite database, so not a lambdatutor progress database (%w); %s", s.path, err, FlagHint)
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrAuth:
			return fmt.Errorf("cannot open progress database %s (%w); check that it and its folder are readable and writable, or %s", s.path, err, FlagHint)
		}
	}
	if mapped := s.mapErr(err); mapped != err {
		return mapped
	}
	return fmt.Errorf("cannot read progress database %s: %w; %s", s.path, err, FlagHint)
}

// explained is an error mapErr has already turned into advice, so that
// mapping it again (an error passing up through two layers) changes nothing.
type explained struct{ err error }

func (e explained) Error() string { return e.err.Error() }
func (e explained) Unwrap() error { return e.err }

// mapErr turns the SQLite errors a user can act on into messages that say
// what to do; others are returned unchanged.
func (s *Store) mapErr(err error) error {
	if s.pg {
		return s.mapPostgresErr(err)
	}
	var (
		se sqlite3.Error
		ex explained
	)
	if errors.As(err, &ex) || !errors.As(err, &se) {
		return err
	}
	var msg error
	switch se.Code {
	case sqlite3.ErrReadonly:
		msg = fmt.Errorf("progress database %s is read-only, so progress cannot be saved (%w); make the file and its folder writable, or %s", s.path, err, FlagHint)
	case sqlite3.ErrCantOpen, sqlite3.ErrPerm:
		msg = fmt.Errorf("cannot write progress database %s (%w); check that the file and its folder are writable, or %s", s.path, err, FlagHint)
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		msg = fmt.Errorf("progress database %s stayed locked by another program for %v (%w); close other lambdatutor instances using it, or %s", s.path, BusyTimeout, err, FlagHint)
	case sqlite3.ErrFull:
		msg = fmt.Errorf("cannot write progress database %s: the disk is full (%w); free some space, or %s", s.path, err, FlagHint)
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		msg = fmt.Errorf("progress database %s is damaged (%w); copy what can still be read into a new file with `%s`, then use that file with --db (or LAMBDATUTOR_DB)", s.path, err, SalvageCommand(s.path))
	default:
		return err
	}
	return explained{msg}
}

// Close closes the database. Pending writes have committed when their
// method returned.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close progress database %s: %w", s.path, err)
	}
	return nil
}

// Path returns the absolute path of the database file, or for PostgreSQL
// the URL without its password.
func (s *Store) Path() string { return s.path }

// SchemaVersion returns the schema version of the open database (the
// number of the last migration applied).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var (
		v   int
		err error
	)
	if s.pg {
		v, err = pgSchemaVersion(ctx, s.db)
	} else {
		v, err = schemaVersion(ctx, s.db)
	}
	if err != nil {
		return 0, fmt.Errorf("read schema version of %s: %w", s.path, s.mapErr(err))
	}
	return v, nil
}

// write runs fn in one write transaction (BEGIN IMMEDIATE), committing if
// fn returns nil. Only one write transaction of this Store runs at a time.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.observe != nil {
		start := time.Now()
		err := s.writeTx(ctx, fn)
		s.observe("write", time.Since(start), err)
		return err
	}
	return s.writeTx(ctx, fn)
}

func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.pg {
		return s.writePostgres(ctx, fn)
	}
	select {
	case s.writeSem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.writeSem }()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.mapErr(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.mapErr(err)
	}
	if err := tx.Commit(); err != nil {
		return s.mapErr(err)
	}
	return nil
}

// read runs fn inside one read transaction (BEGIN DEFERRED on a pooled
// connection), so everything fn reads comes from one snapshot of the
// database while writers carry on (WAL). Transactions from BeginTx would
// take the write lock (_txlock=immediate), hence the explicit BEGIN.
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	if s.observe != nil {
		start := time.Now()
		err := s.readTx(ctx, fn)
		s.observe("read", time.Since(start), err)
		return err
	}
	return s.readTx(ctx, fn)
}

func (s *Store) readTx(ctx context.Context, fn func(q querier) error) error {
	if s.pg {
		return s.readPostgres(ctx, fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.mapErr(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return s.mapErr(err)
	}
	// Always end the transaction, even when ctx is done, before the
	// connection goes back to the pool; if that fails, drop the connection.
	defer func() {
		if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if err := fn(conn); err != nil {
		return s.mapErr(err)
	}
	return nil
}

// stamp returns the current time as stored: UTC, RFC 3339, whole seconds.
func (s *Store) stamp() string { return formatTime(s.now()) }

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// parseTime reads a stored time; NULL reads as the zero time.
func parseTime(ns sql.NullString) (time.Time, error) {
	if !ns.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, ns.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q is not RFC 3339: %w", ns.String, err)
	}
	return t.UTC(), nil
}

func unknownUser(id int64) error {
	return fmt.Errorf("user id %d: %w; get the id from EnsureUser", id, ErrUnknownUser)
}

func checkLessonID(id string) error {
	if err := checkID("lesson", id); err != nil {
		return fmt.Errorf("invalid %w", err)
	}
	return nil
}

// isBusy reports SQLite's "database is locked" (SQLITE_BUSY).
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrBusy
}
