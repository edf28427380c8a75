package progress

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestConcurrentUsers has many goroutines, through two Stores on the same
// file (as two processes would be), each writing and reading one user's
// progress at the same time. Every write must succeed (no SQLITE_BUSY) and
// land on the right user.
func TestConcurrentUsers(t *testing.T) {
	ctx := context.Background()
	stores := twoStores(t)
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

// TestTwoStoresSameLearner is one learner connected twice, to two
// instances (two Stores on one database): both register the same key at
// once, then check runs, hints, quiz answers and drafts race. Counters
// must add up exactly, the card must hold the newest review, and every
// answer must be logged.
func TestTwoStoresSameLearner(t *testing.T) {
	ctx := context.Background()
	stores := twoStores(t)
	const workers, rounds, maxHints = 6, 15, 3
	base := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	ids := make(chan int64, workers)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%2]
			u, err := s.EnsureUser(ctx, "SHA256:twice", fmt.Sprintf("name%d", w%2))
			if err != nil {
				errs <- err
				return
			}
			ids <- u.ID
			for i := range rounds {
				if _, err := s.RecordExerciseAttempt(ctx, u.ID, ExerciseAttempt{ExerciseID: "ex", Runtime: "node", Passed: i%3 == 0, TestsPassed: 1, TestsTotal: 1}); err != nil {
					errs <- fmt.Errorf("attempt: %w", err)
					return
				}
				if _, err := s.RecordExerciseHint(ctx, u.ID, "ex", maxHints); err != nil {
					errs <- fmt.Errorf("hint: %w", err)
					return
				}
				at := base.Add(time.Duration(w*rounds+i) * time.Minute)
				c := Card{ID: "q", State: 2, Due: at.Add(24 * time.Hour), Stability: float64(w*rounds + i), Difficulty: 5, Reps: i + 1, LastReview: at}
				if err := s.SaveReview(ctx, u.ID, Review{QuestionID: "q", CardID: "q", Grade: 3, Correct: true, Mode: "practice", ReviewedAt: at}, c); err != nil {
					errs <- fmt.Errorf("review: %w", err)
					return
				}
				code := strings.Repeat(fmt.Sprintf("// worker %d round %d\n", w, i), 200)
				if err := s.SaveDraft(ctx, u.ID, DraftKey{Kind: "exercise", Name: "ex", Runtime: "node"}, code); err != nil {
					errs <- fmt.Errorf("draft: %w", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	close(ids)
	for err := range errs {
		t.Fatal(err)
	}
	var id int64
	for got := range ids {
		if id != 0 && got != id {
			t.Fatalf("the same key got two user ids: %d and %d", id, got)
		}
		id = got
	}
	for i, s := range stores {
		rec, ok, err := s.Exercise(ctx, id, "ex")
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if rec.Attempts != workers*rounds || rec.Passes != workers*5 || rec.HintsUsed != maxHints || !rec.Solved() {
			t.Errorf("store %d: exercise record %+v; want %d attempts, %d passes, %d hints, solved", i, rec, workers*rounds, workers*5, maxHints)
		}
		atts, err := s.ExerciseAttempts(ctx, id, "ex")
		if err != nil || len(atts) != workers*rounds {
			t.Errorf("store %d: %d attempts logged, %v; want %d", i, len(atts), err, workers*rounds)
		}
		cards, reviews, err := s.QuizData(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		newest := base.Add(time.Duration(workers*rounds-1) * time.Minute)
		if len(cards) != 1 || !cards[0].LastReview.Equal(newest) || cards[0].Stability != float64(workers*rounds-1) {
			t.Errorf("store %d: card %+v; want the newest review's (%v)", i, cards, newest)
		}
		if len(reviews) != workers*rounds {
			t.Errorf("store %d: %d reviews logged, want %d", i, len(reviews), workers*rounds)
		}
		code, ok, err := s.Draft(ctx, id, DraftKey{Kind: "exercise", Name: "ex", Runtime: "node"})
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		first, _, _ := strings.Cut(code, "\n")
		if code != strings.Repeat(first+"\n", 200) || !strings.HasSuffix(first, fmt.Sprintf("round %d", rounds-1)) {
			t.Errorf("store %d: draft is not one whole last version: starts %q, %d bytes", i, first, len(code))
		}
	}
}
