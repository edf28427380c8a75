package progress

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLiveSessions holds a per-key limit over two stores on one database
// (two server instances), with expiry for the sessions of a crashed one.
func TestLiveSessions(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	stores := twoStores(t, WithClock(c.now))
	a, b := stores[0], stores[1]
	const key, ttl = "SHA256:k", time.Minute
	id1, err := a.AcquireSession(ctx, key, "a:1", 2, ttl)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := b.AcquireSession(ctx, key, "b:1", 2, ttl)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcquireSession(ctx, key, "a:1", 2, ttl); !errors.Is(err, ErrSessionLimit) {
		t.Fatalf("third session of a key with limit 2: %v, want ErrSessionLimit", err)
	}
	if _, err := b.AcquireSession(ctx, "SHA256:other", "b:1", 2, ttl); err != nil {
		t.Fatalf("another key is not limited by this one: %v", err)
	}
	if err := b.ReleaseSession(ctx, id2); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.LiveSessions(ctx, key); n != 1 {
		t.Errorf("live sessions after a release: %d, want 1", n)
	}
	if _, err := b.AcquireSession(ctx, key, "b:1", 2, ttl); err != nil {
		t.Fatalf("after a release: %v", err)
	}
	// Instance a keeps its session alive; b "crashes" and stops renewing.
	c.advance(40 * time.Second)
	if err := a.RenewSessions(ctx, []int64{id1}, ttl); err != nil {
		t.Fatal(err)
	}
	c.advance(40 * time.Second)
	if n, _ := a.LiveSessions(ctx, key); n != 1 {
		t.Errorf("live sessions after b's expired: %d, want 1", n)
	}
	if _, err := a.AcquireSession(ctx, key, "a:1", 2, ttl); err != nil {
		t.Fatalf("b's expired session still counts: %v", err)
	}
	if _, err := a.AcquireSession(ctx, key, "a:1", 2, ttl); !errors.Is(err, ErrSessionLimit) {
		t.Fatalf("renewed session stopped counting: %v", err)
	}
	if _, err := a.AcquireSession(ctx, " x", "a:1", 2, ttl); err == nil {
		t.Error("a key with spaces was accepted")
	}
}

// TestLiveSessionsRace admits one key from many goroutines over two stores
// at once: exactly limit of them get in.
func TestLiveSessionsRace(t *testing.T) {
	ctx := context.Background()
	stores := twoStores(t)
	const limit, tries = 3, 12
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	for i := range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := stores[i%2].AcquireSession(ctx, "SHA256:race", "i", limit, time.Minute)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, ErrSessionLimit):
				refused.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != limit || refused.Load() != tries-limit {
		t.Errorf("%d admitted and %d refused, want %d and %d", ok.Load(), refused.Load(), limit, tries-limit)
	}
}

func TestObserverAndPing(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	ops := map[string]int{}
	s, err := Open(testDB(t, "progress.db"), WithObserver(func(op string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		if d < 0 || err != nil {
			t.Errorf("%s: %v %v", op, d, err)
		}
		ops[op]++
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u := mustUser(t, s, "SHA256:o", "o")
	if err := s.SavePosition(ctx, u.ID, "intro", 3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Summary(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if ops["write"] != 2 || ops["read"] != 1 { // EnsureUser and SavePosition; Summary
		t.Errorf("observed %v, want 2 writes and 1 read", ops)
	}
}
