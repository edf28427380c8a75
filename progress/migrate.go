package progress

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"sync"
)

// migrationFS holds the schema migrations, applied in order at Open.
// To change the schema, add the next numbered file (0002_quiz_reviews.sql,
// ...); never edit a migration that has been released. The same list is
// applied to PostgreSQL databases, through postgresSQL (postgres.go): keep
// to what it translates (TestPostgresSQL checks every file).
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// applicationID marks a SQLite file as a lambdatutor progress database
// (PRAGMA application_id; the bytes spell "LTut").
const applicationID = 0x4c547574

// migration is one numbered schema step.
type migration struct {
	version int
	name    string // file name, for error messages
	sql     string
}

var migrationName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.sql$`) })

// loadMigrations reads every *.sql file at the root of fsys. Names must be
// NNNN_words.sql, numbered 1, 2, 3, ... without gaps or repeats.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		m := migrationName().FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration file %q: name must look like 0002_add_things.sql (four digits, underscore, lower-case words)", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		body, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %04d; migrations must be numbered 0001, 0002, ... without gaps or repeats", m.name, i+1)
		}
	}
	return ms, nil
}

// schemaVersion reads PRAGMA user_version, the number of the last applied
// migration.
func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, err
	}
	return v, nil
}

// migrate applies the migrations newer than the database's user_version,
// each in its own transaction that also records the new version, so a
// failed migration leaves the database at the previous version. It must be
// called with a connection whose transactions begin IMMEDIATE (Open's DSN
// does that), so two processes opening the same new file cannot both apply
// a migration: the second waits, re-reads the version and skips it.
func migrate(ctx context.Context, db *sql.DB, ms []migration) error {
	for _, m := range ms {
		if err := applyMigration(ctx, db, m); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	v, err := schemaVersion(ctx, tx)
	if err != nil {
		return fmt.Errorf("migration %s: read schema version: %w", m.name, err)
	}
	if v >= m.version {
		return nil // applied earlier, or by another process just now
	}
	if v != m.version-1 {
		return fmt.Errorf("migration %s: database is at schema version %d, expected %d", m.name, v, m.version-1)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	// PRAGMA values cannot be bound parameters; both are integers we control.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return fmt.Errorf("migration %s: record schema version: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		return fmt.Errorf("migration %s: record application id: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}
