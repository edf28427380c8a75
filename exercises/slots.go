package exercises

import (
	"context"
	"runtime"
	"sync"
)

// checkQueue bounds the checks that run at once. Each learner has one
// slot of their own (a learner's second check waits for their first), and
// at most limit checks run in the process; learners waiting for a place
// are served in the order they asked. A learner's runaway check therefore
// holds their own slot and one place, never everyone's checks.
type checkQueue struct {
	mu       sync.Mutex
	limit    int
	running  int
	waiting  []chan struct{}         // learners holding their own slot, first come first served
	learners map[string]*learnerSlot // slots in use or waited for
}

// learnerSlot is one learner's slot, with the checks that use or wait for it.
type learnerSlot struct {
	ch    chan struct{}
	users int
}

// maxParallelChecks is the process-wide bound: one check per core, and at
// least two so that one runaway check never stops the others.
func maxParallelChecks() int { return max(2, runtime.GOMAXPROCS(0)) }

var checks = newCheckQueue(maxParallelChecks())

func newCheckQueue(limit int) *checkQueue {
	return &checkQueue{limit: max(limit, 1), learners: map[string]*learnerSlot{}}
}

// acquire waits for the learner's own slot, then for a place in the
// process. The returned function gives both back.
func (q *checkQueue) acquire(ctx context.Context, learner string) (release func(), err error) {
	q.mu.Lock()
	ls := q.learners[learner]
	if ls == nil {
		ls = &learnerSlot{ch: make(chan struct{}, 1)}
		q.learners[learner] = ls
	}
	ls.users++
	q.mu.Unlock()
	select {
	case ls.ch <- struct{}{}:
	case <-ctx.Done():
		q.leave(learner, ls)
		return nil, ctx.Err()
	}
	if err := q.place(ctx); err != nil {
		<-ls.ch
		q.leave(learner, ls)
		return nil, err
	}
	return func() {
		q.givePlace()
		<-ls.ch
		q.leave(learner, ls)
	}, nil
}

// place takes one of the process's places, queueing in order of arrival.
func (q *checkQueue) place(ctx context.Context) error {
	q.mu.Lock()
	if q.running < q.limit && len(q.waiting) == 0 {
		q.running++
		q.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	q.waiting = append(q.waiting, turn)
	q.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
		q.mu.Lock()
		for i, w := range q.waiting {
			if w == turn {
				q.waiting = append(q.waiting[:i], q.waiting[i+1:]...)
				q.mu.Unlock()
				return ctx.Err()
			}
		}
		q.mu.Unlock()
		// The place was handed over as ctx ended: pass it on.
		q.givePlace()
		return ctx.Err()
	}
}

// givePlace hands a place to the first learner waiting, or frees it.
func (q *checkQueue) givePlace() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiting) > 0 {
		close(q.waiting[0])
		q.waiting = q.waiting[1:]
		return
	}
	q.running--
}

// leave forgets a learner's slot once nobody uses or waits for it.
func (q *checkQueue) leave(learner string, ls *learnerSlot) {
	q.mu.Lock()
	defer q.mu.Unlock()
	ls.users--
	if ls.users == 0 && q.learners[learner] == ls {
		delete(q.learners, learner)
	}
}

// busy is how many checks hold a place now.
func (q *checkQueue) busy() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.running
}
