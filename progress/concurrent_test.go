package progress

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentUsers has many goroutines, through two Stores on the same
// file (as two processes would be), each writing and reading one user's
// progress at the same time. Every write must succeed (no SQLITE_BUSY) and
// land on the right user.
func TestConcurrentUsers(t *testing.T) {
	ctx := context.Background()
	path := testDB(t, "progress.db")
	var stores [2]*Store
	for i := range stores {
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	const users, writes = 12, 40
	var wg sync.WaitGroup
	errs := make(chan error, users)
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[u%2]
			user, err := s.EnsureUser(ctx, fmt.Sprintf("SHA256:user%d", u), fmt.Sprintf("user%d", u))
			if err != nil {
				errs <- err
				return
			}
			for i := range writes {
				lesson := fmt.Sprintf("lesson-%d", i%5)
				if err := s.SavePosition(ctx, user.ID, lesson, u*1000+i); err != nil {
					errs <- fmt.Errorf("user %d write %d: %w", u, i, err)
					return
				}
				if i >= writes-5 && i%5 != 0 { // completes lesson-1 to lesson-4
					if err := s.SetCompleted(ctx, user.ID, lesson, true); err != nil {
						errs <- fmt.Errorf("user %d complete %d: %w", u, i, err)
						return
					}
				}
				// Reads run alongside the writers.
				if got, err := s.Position(ctx, user.ID, lesson); err != nil || got != u*1000+i {
					errs <- fmt.Errorf("user %d read back %d, %v; want %d", u, got, err, u*1000+i)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	for u := range users {
		user, err := stores[0].EnsureUser(ctx, fmt.Sprintf("SHA256:user%d", u), "")
		if err != nil {
			t.Fatal(err)
		}
		sum, err := stores[0].Summary(ctx, user.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := writes - 1
		if sum.Started != 5 || len(sum.Completed) != 4 || sum.LastLesson != fmt.Sprintf("lesson-%d", last%5) || sum.LastOffset != u*1000+last {
			t.Errorf("user %d: %+v", u, sum)
		}
	}
}
