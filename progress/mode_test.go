//go:build unix

package progress

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestDatabaseFilesArePrivate: the database holds a learner's answers and
// drafts, so it is created 0600 like the SSH host key, and SQLite gives its
// -wal and -shm files the database's mode. The umask is set to the common
// 022, which alone would leave the files world-readable (0644).
func TestDatabaseFilesArePrivate(t *testing.T) {
	sqliteOnly(t)
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "progress.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.EnsureUser(context.Background(), "local", "ada"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s: %v (WAL mode keeps -wal and -shm beside the open database)", filepath.Base(p), err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(p), perm)
		}
	}
}
