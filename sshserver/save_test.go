package sshserver

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// eventLog orders the store's failed writes with what the client saw.
type eventLog struct {
	mu     sync.Mutex
	events []string
}

func (l *eventLog) add(e string) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

func (l *eventLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.events, ", ")
}

// lockDatabase takes the write lock of the SQLite file at path from
// another connection, as another process would, until the returned
// function is called.
func lockDatabase(t *testing.T, path string) func() {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release := func() {
		once.Do(func() {
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
			conn.Close()
			db.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// TestLockedDatabaseKeepsTypingAndNeverSaysSaved: another process holds
// the database's write lock for longer than the busy timeout. The
// learner's keys keep reaching the screen while a save waits for the lock
// (before it gives up); at shutdown the farewell says what was not saved
// instead of "your progress is saved"; and the next session saves it.
func TestLockedDatabaseKeepsTypingAndNeverSaysSaved(t *testing.T) {
	t.Parallel()
	log := &eventLog{}
	path := filepath.Join(t.TempDir(), "progress.db")
	store, err := progress.Open(path, progress.WithObserver(func(op string, _ time.Duration, err error) {
		if op == "write" && err != nil {
			log.add("write failed")
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ts := startServer(t, Config{Store: store, ShutdownGrace: 2 * time.Second})
	key := newKey(t)
	term := dial(t, ts.addr, sshtest.Options{Key: key})
	waitFor(t, term, "lessons completed")
	press(t, term, "3")
	waitFor(t, term, "Playground")
	press(t, term, sshtest.Enter)

	release := lockDatabase(t, path)
	press(t, term, "Z", "1")
	waitFor(t, term, "Z1")
	// The draft is saved 0.8 s after the last change: by then the save is
	// waiting for the lock, which it does for the 5 s busy timeout.
	time.Sleep(1500 * time.Millisecond)
	for _, k := range []string{"2", "3", "4"} {
		press(t, term, "Z", k)
		waitFor(t, term, "Z"+k)
		log.add("Z" + k + " on screen")
	}
	if got := log.String(); strings.HasPrefix(got, "write failed") {
		t.Fatalf("events: %s; the keys waited for the save", got)
	}

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	waitEnd(t, term)
	farewell := term.Stderr()
	if strings.Contains(farewell, "your progress is saved") || !strings.Contains(farewell, "not saved yet: your code in the playground") ||
		!strings.Contains(farewell, "saved when you connect again") {
		t.Fatalf("farewell %q, want what was not saved and what happens to it", farewell)
	}
	release()

	// The next session writes what was kept.
	ts2 := startServer(t, Config{Store: store})
	term2 := dial(t, ts2.addr, sshtest.Options{Key: key})
	waitFor(t, term2, "your last session could not save")
	u, err := store.EnsureUser(context.Background(), gossh.FingerprintSHA256(key.PublicKey()), "")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(wait)
	for {
		var code string
		err := db.QueryRow(`SELECT code FROM drafts WHERE user_id = ? AND kind = 'playground'`, u.ID).Scan(&code)
		if err == nil && strings.Contains(code, "Z1Z2Z3Z4") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("draft after reconnecting: %q %v", code, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
