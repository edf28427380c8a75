package tui

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
)

// drainSaves waits until the app's saver has written everything queued.
func drainSaves(t testing.TB, a *App) {
	t.Helper()
	if a.c.saver == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.c.saver.wait(ctx); err != nil {
		t.Fatalf("the saver did not finish: %v", err)
	}
}

// holdWriteLock takes the database's write lock from another connection,
// as another process would, until release is called.
func holdWriteLock(t testing.TB, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=1000")
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
	release = func() {
		once.Do(func() {
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
			conn.Close()
			db.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// writeLog records the store's failed writes, in order with the test's
// own events.
type writeLog struct {
	mu     sync.Mutex
	events []string
}

func (l *writeLog) add(e string) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

func (l *writeLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.events...)
}

// TestSavesLeaveTheUpdateLoop: while another process holds the database's
// write lock, closing the playground (which saves the code) returns at
// once instead of waiting out the busy timeout; the code is written once
// the lock goes; and a session that ends while the lock is still held
// says what was not saved, keeps it, and the next session saves it.
func TestSavesLeaveTheUpdateLoop(t *testing.T) {
	oldFirst := saveBackoffFirst
	saveBackoffFirst = 20 * time.Millisecond
	t.Cleanup(func() { saveBackoffFirst = oldFirst })

	log := &writeLog{}
	path := filepath.Join(t.TempDir(), "progress.db")
	s, err := progress.Open(path, progress.WithObserver(func(op string, _ time.Duration, err error) {
		if op == "write" && err != nil {
			log.add("write failed")
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	u, err := s.EnsureUser(context.Background(), progress.LocalUserKey, "tester")
	if err != nil {
		t.Fatal(err)
	}
	a, p := openPlayground(t, s, u.ID)
	key := p.draftKey()

	release := holdWriteLock(t, path)
	drive(a, enter)
	p.ed.SetValue("exports.handler = async () => 'kept while locked';\n")
	p.changed("Code changed")
	a.Update(esc) // stop editing: saves the draft
	log.add("update returned")
	a.Update(tea.KeyPressMsg{Code: 'e', Text: "e"})
	log.add("next key handled")
	if got := log.list(); len(got) < 2 || got[0] != "update returned" || got[1] != "next key handled" {
		t.Fatalf("events %q: a save waited for the lock inside Update", got)
	}
	if _, ok, _ := s.Draft(context.Background(), u.ID, key); ok {
		t.Fatal("the draft was written while another process held the lock")
	}
	// Reopening the screen shows the queued code, not the stale database.
	if text, ok := draft(a.c, key); !ok || !strings.Contains(text, "kept while locked") {
		t.Fatalf("queued draft not seen by reads: %q %v", text, ok)
	}
	release()
	drainSaves(t, a)
	if code, ok, err := s.Draft(context.Background(), u.ID, key); !ok || err != nil || !strings.Contains(code, "kept while locked") {
		t.Fatalf("draft after the lock went: %q %v %v", code, ok, err)
	}

	// The session ends while the lock is held: nothing is called saved.
	release = holdWriteLock(t, path)
	p.ed.SetValue("exports.handler = async () => 'typed at the end';\n")
	p.changed("Code changed")
	a.quit()
	un := a.Close(200 * time.Millisecond)
	if un == nil {
		t.Fatal("Close reported everything saved while the database was locked")
	}
	msg := un.Message("", "you start lambdatutor again")
	if !strings.Contains(msg, "not saved") || !strings.Contains(msg, "playground") || un.Kept == "" {
		t.Fatalf("unsaved message %q (kept %q)", msg, un.Kept)
	}
	if _, err := os.Stat(un.Kept); err != nil {
		t.Fatalf("recovery file: %v", err)
	}
	release()
	if code, _, _ := s.Draft(context.Background(), u.ID, key); strings.Contains(code, "typed at the end") {
		t.Log("the stuck write finished after Close; the recovery file repeats it")
	}

	// The next session writes what was kept, says so, and drops the file.
	b := testApp(t, Options{Catalog: a.c.Catalog, Store: s, UserID: u.ID, NoColor: true})
	if !strings.Contains(b.status, "your last session could not save") {
		t.Errorf("status at start %q, want the recovered changes named", b.status)
	}
	drainSaves(t, b)
	if code, ok, err := s.Draft(context.Background(), u.ID, key); !ok || err != nil || !strings.Contains(code, "typed at the end") {
		t.Fatalf("recovered draft: %q %v %v", code, ok, err)
	}
	if _, err := os.Stat(un.Kept); !os.IsNotExist(err) {
		t.Errorf("recovery file still there after it was written: %v", err)
	}
	if u := b.Close(time.Second); u != nil {
		t.Errorf("unsaved after recovery: %+v", u)
	}
}

// TestGradedMeansSaved: while the database is locked, an answered question
// says "saving…" where it says "graded" once the review is in the store.
func TestGradedMeansSaved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.db")
	s, err := progress.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	u, err := s.EnsureUser(context.Background(), progress.LocalUserKey, "tester")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := testApp(t, Options{Catalog: cat, Store: s, UserID: u.ID, NoColor: true})
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 30})
	drive(a, keys("4")...)
	drive(a, enter)
	qs, ok := a.top().(*quizScreen)
	if !ok {
		t.Fatalf("top screen is %T", a.top())
	}
	release := holdWriteLock(t, path)
	typeText(a, rightAnswer(qs.item))
	drive(a, enter)
	if qs.fb != nil && qs.fb.NeedsSelfGrade {
		drive(a, keys("3")...)
	}
	got := screenText(a)
	if strings.Contains(got, "graded") || !strings.Contains(got, "saving…") {
		t.Fatalf("answer while the database is locked:\n%s", got)
	}
	ch := qs.saving
	release()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatal("the review was not written after the lock went")
	}
	drive(a, reviewSavedMsg{ch}) // what the screen's command brings
	if got := screenText(a); !strings.Contains(got, "graded") || strings.Contains(got, "saving…") {
		t.Fatalf("answer once saved:\n%s", got)
	}
	if _, reviews, err := s.QuizData(context.Background(), u.ID); err != nil || len(reviews) != 1 {
		t.Fatalf("reviews in the store: %d %v", len(reviews), err)
	}
}

// TestHintWhileLocked: h shows the next hint at once while another process
// holds the write lock; the hint count reaches the store once it is free.
func TestHintWhileLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.db")
	s, err := progress.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	u, err := s.EnsureUser(context.Background(), progress.LocalUserKey, "tester")
	if err != nil {
		t.Fatal(err)
	}
	a, es := openFirstExercise(t, s, u.ID)
	release := holdWriteLock(t, path)
	drive(a, keys("h")...)
	if got := screenText(a); !strings.Contains(got, "Hint 1 of") || len(es.hints) != 1 {
		t.Fatalf("hint while the database is locked:\n%s", got)
	}
	if rec, _, _ := s.Exercise(context.Background(), u.ID, es.ex.ID); rec.HintsUsed != 0 {
		t.Fatalf("hints recorded while another process held the lock: %d", rec.HintsUsed)
	}
	release()
	drainSaves(t, a)
	if rec, _, err := s.Exercise(context.Background(), u.ID, es.ex.ID); err != nil || rec.HintsUsed != 1 {
		t.Fatalf("hints recorded after the lock went: %d %v", rec.HintsUsed, err)
	}
}
