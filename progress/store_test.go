package progress

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// clock is a settable time source for WithClock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)}
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openTest opens a fresh store in a temporary directory.
func openTest(t testing.TB) (*Store, *clock) {
	t.Helper()
	c := newClock()
	s, err := Open(testDB(t, "progress.db"), WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c
}

func mustUser(t testing.TB, s *Store, key, name string) User {
	t.Helper()
	u, err := s.EnsureUser(context.Background(), key, name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// rawDB opens the file with plain go-sqlite3, bypassing Store.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", parts)
	}
	t.Log(err)
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

func TestOpenFromEmptyAndReopen(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "not", "yet") // Open creates it
	path := filepath.Join(dir, "progress.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("created folder has mode %o, want 700", perm)
	}
	ms, err := loadMigrations(mustSubFS(t))
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v != len(ms) || v < 1 {
		t.Fatalf("schema version %d, want %d", v, len(ms))
	}
	var mode string
	var fk, busy int
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow("PRAGMA busy_timeout").Scan(&busy); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || fk != 1 || busy != 5000 {
		t.Errorf("journal_mode=%s foreign_keys=%d busy_timeout=%d, want wal 1 5000", mode, fk, busy)
	}
	u := mustUser(t, s, LocalUserKey, "ada")
	if err := s.SavePosition(ctx, u.ID, "intro", 42); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening applies nothing and keeps the data.
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if v2, _ := s2.SchemaVersion(ctx); v2 != v {
		t.Errorf("schema version after reopen %d, want %d", v2, v)
	}
	u2 := mustUser(t, s2, LocalUserKey, "")
	if u2.ID != u.ID || u2.Name != "ada" {
		t.Errorf("user after reopen %+v, want %+v", u2, u)
	}
	if off, err := s2.Position(ctx, u.ID, "intro"); err != nil || off != 42 {
		t.Errorf("position after reopen = %d, %v; want 42", off, err)
	}
	if s2.Path() != path {
		t.Errorf("Path() = %q, want %q", s2.Path(), path)
	}
}

func TestOpenAwkwardPath(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "we?ird #dir %41", "my db?.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	u := mustUser(t, s, LocalUserKey, "")
	if err := s.SavePosition(context.Background(), u.ID, "x", 1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not created at the exact path: %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	sqliteOnly(t)
	path := filepath.Join(t.TempDir(), "progress.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	known, _ := s.SchemaVersion(context.Background())
	s.Close()
	newer := strconv.Itoa(known + 1)
	if _, err := rawDB(t, path).Exec("PRAGMA user_version = " + newer); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path)
	wantErr(t, err, "progress database "+path+" has schema version "+newer+", newer than this lambdatutor understands ("+strconv.Itoa(known)+")", "upgrade lambdatutor", "--db")
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	sqliteOnly(t)
	dir := t.TempDir()

	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(text)
	wantErr(t, err, text, "not a SQLite database", "--db", "LAMBDATUTOR_DB")

	other := filepath.Join(dir, "other.db")
	if _, err := rawDB(t, other).Exec("CREATE TABLE invoices (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	_, err = Open(other)
	wantErr(t, err, other, "not a lambdatutor progress database", "--db")
	var n int
	if err := rawDB(t, other).QueryRow("SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil || n != 1 {
		t.Errorf("foreign database was changed: %d schema objects, %v", n, err)
	}

	app := filepath.Join(dir, "app.db")
	if _, err := rawDB(t, app).Exec("PRAGMA application_id = 1234"); err != nil {
		t.Fatal(err)
	}
	_, err = Open(app)
	wantErr(t, err, app, "another program", "--db")
}

func TestOpenUnusablePath(t *testing.T) {
	sqliteOnly(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"parent is a file":          filepath.Join(file, "progress.db"),
		"grandparent is a file":     filepath.Join(file, "sub", "progress.db"),
		"database is a directory":   dir,
		"empty path":                "",
		"directory named like a db": mkdir(t, filepath.Join(dir, "progress.db")),
	}
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := Open(path)
			if err == nil {
				s.Close()
			}
			wantErr(t, err, path, "--db", "LAMBDATUTOR_DB")
		})
	}
}

func mkdir(t *testing.T, p string) string {
	t.Helper()
	if err := os.MkdirAll(p, 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data/xdg")
	p, err := DefaultPath()
	if err != nil || p != "/data/xdg/lambdatutor/progress.db" {
		t.Errorf("with XDG_DATA_HOME: %q, %v", p, err)
	}
	t.Setenv("HOME", "/home/ada")
	for _, xdg := range []string{"", "relative/dir"} {
		t.Setenv("XDG_DATA_HOME", xdg)
		p, err = DefaultPath()
		if err != nil || p != "/home/ada/.local/share/lambdatutor/progress.db" {
			t.Errorf("XDG_DATA_HOME=%q: %q, %v", xdg, p, err)
		}
	}
}

func mustSubFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := migrationFS.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = &fstest.MapFile{Data: b}
	}
	return m
}

func TestUnknownUser(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	checks := map[string]error{
		"SavePosition": s.SavePosition(ctx, 99, "intro", 1),
		"SetCompleted": s.SetCompleted(ctx, 99, "intro", true),
		"Reset":        s.Reset(ctx, 99),
	}
	_, _, _, checks["LastPosition"] = s.LastPosition(ctx, 99)
	_, checks["Summary"] = s.Summary(ctx, 99)
	_, checks["Export"] = s.Export(ctx, 99)
	checks["Import"] = s.Import(ctx, 99, &Export{Format: ExportFormat, Version: 1, ExportedAt: time.Now(), User: ExportUser{Key: "local"}})
	for name, err := range checks {
		if !errors.Is(err, ErrUnknownUser) {
			t.Errorf("%s: got %v, want ErrUnknownUser", name, err)
		}
	}
}

// A SQLite file of another program that happens to have user_version 1-3
// (as many programs use it) and no application id must be refused before
// anything is written to it: no tables added, no header field changed, no
// journal mode switched.
func TestOpenRefusesForeignVersionedFileUntouched(t *testing.T) {
	for v := 1; v <= 3; v++ {
		t.Run(strconv.Itoa(v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			db := rawDB(t, path)
			for _, q := range []string{
				"PRAGMA journal_mode = DELETE",
				"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
				"INSERT INTO notes (body) VALUES ('keep me')",
				"PRAGMA user_version = " + strconv.Itoa(v),
			} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(path)
			if err == nil {
				s.Close()
			}
			wantErr(t, err, path, "not a lambdatutor progress database", "--db")
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("the foreign file was changed (%d bytes before, %d after)", len(before), len(after))
			}
			for _, suffix := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + suffix); err == nil {
					t.Errorf("%s was created beside the foreign file", path+suffix)
				}
			}
		})
	}
}
