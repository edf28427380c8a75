package progress

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func migFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

// migDB opens an empty database the way Open does (same DSN).
func migDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", dsn(filepath.Join(t.TempDir(), "m.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func tableExists(t *testing.T, db *sql.DB, name string) bool {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestLoadMigrations(t *testing.T) {
	ms, err := loadMigrations(migFS(map[string]string{
		"0002_b.sql":  "CREATE TABLE b (x);",
		"0001_a.sql":  "CREATE TABLE a (x);",
		"README.md":   "ignored",
		"0003_c2.sql": "CREATE TABLE c (x);",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[0].name != "0001_a.sql" || ms[1].version != 2 || ms[2].name != "0003_c2.sql" {
		t.Fatalf("got %+v", ms)
	}

	bad := map[string]map[string]string{
		"gap":       {"0001_a.sql": "", "0003_c.sql": ""},
		"repeat":    {"0001_a.sql": "", "0001_b.sql": ""},
		"from zero": {"0000_a.sql": ""},
		"bad name":  {"0001_a.sql": "", "2_b.sql": ""},
		"capitals":  {"0001_Init.sql": ""},
	}
	for name, files := range bad {
		if _, err := loadMigrations(migFS(files)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}

	// The embedded migrations themselves load.
	if _, err := loadMigrations(mustSubFS(t)); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateStepByStepAndIdempotent(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	db := migDB(t)
	files := map[string]string{"0001_a.sql": "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"}
	ms, _ := loadMigrations(migFS(files))
	if err := migrate(ctx, db, ms); err != nil {
		t.Fatal(err)
	}
	// A later build adds 0002: only it runs.
	files["0002_b.sql"] = "CREATE TABLE b (x INTEGER); INSERT INTO a VALUES (2);"
	ms, _ = loadMigrations(migFS(files))
	for range 2 { // the second run must apply nothing
		if err := migrate(ctx, db, ms); err != nil {
			t.Fatal(err)
		}
	}
	var v, rows int
	var app int64
	db.QueryRow("PRAGMA user_version").Scan(&v)
	db.QueryRow("PRAGMA application_id").Scan(&app)
	db.QueryRow("SELECT count(*) FROM a").Scan(&rows)
	if v != 2 || app != applicationID || rows != 2 || !tableExists(t, db, "b") {
		t.Errorf("user_version=%d application_id=%#x rows in a=%d b exists=%v; want 2, %#x, 2, true", v, app, rows, tableExists(t, db, "b"), applicationID)
	}
}

func TestMigrateFailureRollsBackThatStep(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	db := migDB(t)
	ms, _ := loadMigrations(migFS(map[string]string{
		"0001_a.sql": "CREATE TABLE a (x INTEGER);",
		// Creates a table, then fails: the table must not survive.
		"0002_b.sql": "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);",
		"0003_c.sql": "CREATE TABLE c (x INTEGER);",
	}))
	err := migrate(ctx, db, ms)
	wantErr(t, err, "0002_b.sql", "nowhere")
	var v int
	db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != 1 || !tableExists(t, db, "a") || tableExists(t, db, "b") || tableExists(t, db, "c") {
		t.Errorf("after failed 0002: user_version=%d a=%v b=%v c=%v; want 1 true false false",
			v, tableExists(t, db, "a"), tableExists(t, db, "b"), tableExists(t, db, "c"))
	}
}

func TestMigrateConcurrentOpeners(t *testing.T) {
	// Two stores opening the same new file at once: each migration is
	// applied exactly once (a second CREATE TABLE would fail).
	path := testDB(t, "progress.db")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(path)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
