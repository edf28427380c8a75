package exercises

import (
	"context"
	"errors"
	"testing"
	"time"
)

// One learner's runaway check holds only their own slot: another
// learner's check runs beside it and completes while the runaway one is
// still running. (With one slot for the whole process, the second check
// waited for the first to end.)
func TestRunawayCheckHoldsOnlyItsLearnersSlot(t *testing.T) {
	ex, err := loadGood(t).Get("greet")
	if err != nil {
		t.Fatal(err)
	}
	runaway := ex.SolutionCode(Node)
	// An endless loop in module code: every cold start spends the 10 s
	// INIT limit, so the whole check runs for tens of seconds.
	runaway.Files["lib/greet.js"] = "while (true) {}\n"
	actx, cancel := context.WithCancel(context.Background())
	defer cancel()
	aDone := make(chan error, 1)
	go func() {
		_, err := Check(actx, ex, runaway, CheckOptions{Learner: "a", WallLimit: time.Minute, TotalWallLimit: 10 * time.Minute})
		aDone <- err
	}()
	for checks.busy() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	bDone := make(chan *CheckResult, 1)
	go func() {
		r, err := Check(context.Background(), ex, ex.SolutionCode(Node), CheckOptions{Learner: "b"})
		if err != nil {
			t.Error(err)
		}
		bDone <- r
	}()
	select {
	case r := <-bDone:
		if r != nil && !r.Passed {
			t.Errorf("learner b's solution failed:\n%s", r.Panel(100))
		}
	case <-time.After(5 * time.Minute):
		t.Fatal("learner b's check has not finished: learner a's runaway check holds the only slot")
	}
	select {
	case err := <-aDone:
		t.Fatalf("learner a's runaway check ended (%v) before learner b's check: b waited for a's slot", err)
	default:
	}
	cancel()
	if err := <-aDone; !errors.Is(err, context.Canceled) {
		t.Errorf("learner a's check: err = %v, want it cancelled", err)
	}
}

// A learner's checks run one at a time: the second waits for the first.
func TestLearnerHasOneSlot(t *testing.T) {
	q := newCheckQueue(4)
	rel, err := q.acquire(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := q.acquire(ctx, "a"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a second check of the same learner got a slot: %v", err)
	}
	relB, err := q.acquire(context.Background(), "b")
	if err != nil {
		t.Fatalf("another learner's check waited: %v", err)
	}
	relB()
	rel()
	rel, err = q.acquire(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	rel()
	if len(q.learners) != 0 || q.running != 0 {
		t.Errorf("slots left behind: %d learners, %d running", len(q.learners), q.running)
	}
}

// When every place is taken, learners are served in the order they asked,
// and one who gives up waiting leaves no place behind.
func TestPlacesAreServedInOrder(t *testing.T) {
	q := newCheckQueue(1)
	rel, err := q.acquire(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 3)
	gaveUp, stop := context.WithCancel(context.Background())
	waitFor := func(n int) {
		for {
			q.mu.Lock()
			w := len(q.waiting)
			q.mu.Unlock()
			if w == n {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
	for i, name := range []string{"b", "quitter", "c"} {
		ctx := context.Background()
		if name == "quitter" {
			ctx = gaveUp
		}
		go func() {
			r, err := q.acquire(ctx, name)
			if err != nil {
				order <- name + " gave up"
				return
			}
			order <- name
			r()
		}()
		waitFor(i + 1)
	}
	stop()
	if got := <-order; got != "quitter gave up" {
		t.Fatalf("first = %q", got)
	}
	rel()
	for _, want := range []string{"b", "c"} {
		if got := <-order; got != want {
			t.Fatalf("served %q, want %q", got, want)
		}
	}
	waitFor(0)
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.running != 0 {
		t.Errorf("%d places still taken", q.running)
	}
}
