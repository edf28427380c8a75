package sandbox

import (
	"slices"
	"time"
)

// envPool keeps a function's live execution environments ordered, so that
// one invocation costs O(log n) in the number of environments instead of a
// scan of all of them (a function scaled out to thousands of environments
// by a burst would otherwise pay for every one of them on every request):
//
//   - busy: environments serving a request, a heap with the earliest end
//     on top; advance moves those whose request has ended by the current
//     time to the idle stacks;
//   - idleProv and idle: idle provisioned and on-demand environments. An
//     environment becomes idle when its request ends, and time never goes
//     back, so each is pushed after every one already there has ended:
//     the top is the most recently used. Among requests that end at the
//     same instant, the busy heap hands over the highest id first, so the
//     lowest is on top: the order a scan in creation order would pick.
//     An environment reclaimed from the middle stays behind as a dead
//     entry, skipped when it comes to the top (and the stack is compacted
//     when they are over half of it);
//   - expiry: idle on-demand environments, a heap with the one reclaimed
//     first on top.
//
// The virtual time an account passes to its functions never goes back,
// which is what lets busy environments leave the busy heap for good.
// Every method is called with the account's lock held.
type envPool struct {
	all          []*environment // live environments, in no order (see environment.pos)
	busy         envHeap
	idleProv     envStack
	idle         envStack
	expiry       envHeap
	provisioned  int // live provisioned environments (always counted as in use)
	busyOnDemand int // on-demand environments in busy
}

// Where an environment is in its pool.
const (
	inUse    = iota // serving a request (or being provisioned): in no set
	inBusy          // in busy
	inIdle          // in idle or idleProv (and, on demand, in expiry)
	released        // no longer in the pool
)

func newEnvPool() envPool {
	return envPool{
		busy: envHeap{slot: 0, less: func(a, b *environment) bool {
			if !a.busyUntil.Equal(b.busyUntil) {
				return a.busyUntil.Before(b.busyUntil)
			}
			return a.id > b.id
		}},
		expiry: envHeap{slot: 1, less: func(a, b *environment) bool {
			return a.expiry.Before(b.expiry)
		}},
	}
}

// add makes a new environment live; it is in use until release.
func (p *envPool) add(e *environment) {
	e.pos = len(p.all)
	e.state = inUse
	p.all = append(p.all, e)
	if e.provisioned {
		p.provisioned++
	}
}

// release puts an environment back after a request (or its provisioning):
// busy until e.busyUntil.
func (p *envPool) release(e *environment) {
	p.busy.push(e)
	e.state = inBusy
	if !e.provisioned {
		p.busyOnDemand++
	}
}

// advance moves the environments whose request has ended by t to the idle
// stacks.
func (p *envPool) advance(t time.Time) {
	for len(p.busy.items) > 0 && !p.busy.items[0].busyUntil.After(t) {
		e := p.busy.pop()
		e.state = inIdle
		if e.provisioned {
			p.idleProv.push(e)
			continue
		}
		p.busyOnDemand--
		e.expiry = e.expiresAt()
		p.idle.push(e)
		p.expiry.push(e)
	}
}

// reclaim removes and returns, one at a time, the idle on-demand
// environments past their idle time or lifetime at t; nil when none is.
func (p *envPool) reclaim(t time.Time) *environment {
	p.advance(t)
	if len(p.expiry.items) == 0 || p.expiry.items[0].expiry.After(t) {
		return nil
	}
	e := p.expiry.items[0]
	p.remove(e)
	return e
}

// take returns a free environment at t and marks it in use: provisioned
// first, then the most recently used on-demand one; nil when all are busy.
func (p *envPool) take(t time.Time) *environment {
	p.advance(t)
	e := p.idleProv.pop()
	if e == nil {
		if e = p.idle.pop(); e != nil {
			p.expiry.remove(e)
		}
	}
	if e != nil {
		e.state = inUse
	}
	return e
}

// inUse counts the environments serving a request at t; provisioned
// environments always count, busy or not.
func (p *envPool) inUse(t time.Time) int {
	p.advance(t)
	return p.provisioned + p.busyOnDemand
}

// remove drops a live environment from the pool.
func (p *envPool) remove(e *environment) {
	if e.pos < 0 || e.pos >= len(p.all) || p.all[e.pos] != e {
		return
	}
	switch e.state {
	case inBusy:
		p.busy.remove(e)
		if !e.provisioned {
			p.busyOnDemand--
		}
	case inIdle:
		if e.provisioned {
			p.idleProv.dead++
		} else {
			p.idle.dead++
			p.expiry.remove(e)
		}
	}
	e.state = released
	last := len(p.all) - 1
	p.all[e.pos] = p.all[last]
	p.all[e.pos].pos = e.pos
	p.all[last] = nil
	p.all = p.all[:last]
	e.pos = -1
	if e.provisioned {
		p.provisioned--
	}
	p.idle.compact()
	p.idleProv.compact()
}

// clear drops every environment and returns them, by id.
func (p *envPool) clear() []*environment {
	out := p.sorted()
	for _, e := range out {
		e.state, e.pos = released, -1
	}
	*p = newEnvPool()
	return out
}

// sorted returns the live environments by id (creation order).
func (p *envPool) sorted() []*environment {
	out := slices.Clone(p.all)
	slices.SortFunc(out, func(a, b *environment) int { return a.id - b.id })
	return out
}

// envStack is a stack of idle environments whose released entries are
// skipped (dead counts them).
type envStack struct {
	items []*environment
	dead  int
}

// push puts e on top, or under the entries that a scan would pick before
// it (used more recently, or as recently with a lower id): none, as time
// goes, but for requests that take no time at all.
func (s *envStack) push(e *environment) {
	s.items = append(s.items, e)
	i := len(s.items) - 1
	for ; i > 0; i-- {
		above := s.items[i-1]
		if !above.lastUsed.After(e.lastUsed) && !(above.lastUsed.Equal(e.lastUsed) && above.id < e.id) {
			break
		}
		s.items[i] = above
	}
	s.items[i] = e
}

// pop removes and returns the top live environment, nil when none is.
func (s *envStack) pop() *environment {
	for n := len(s.items); n > 0; n = len(s.items) {
		e := s.items[n-1]
		s.items[n-1] = nil
		s.items = s.items[:n-1]
		if e.state == inIdle {
			return e
		}
		s.dead--
	}
	return nil
}

// compact drops the released entries once they are over half the stack.
func (s *envStack) compact() {
	if s.dead == 0 || 2*s.dead < len(s.items) {
		return
	}
	kept := s.items[:0]
	for _, e := range s.items {
		if e.state == inIdle {
			kept = append(kept, e)
		}
	}
	clear(s.items[len(kept):])
	s.items, s.dead = kept, 0
}

// envHeap is a binary heap of environments that knows where each one sits
// (environment.idx[slot]), so that any of them can be removed in O(log n).
type envHeap struct {
	items []*environment
	slot  int
	less  func(a, b *environment) bool
}

func (h *envHeap) push(e *environment) {
	e.idx[h.slot] = len(h.items)
	h.items = append(h.items, e)
	h.up(len(h.items) - 1)
}

func (h *envHeap) pop() *environment {
	e := h.items[0]
	h.remove(e)
	return e
}

func (h *envHeap) remove(e *environment) {
	i := e.idx[h.slot]
	last := len(h.items) - 1
	if i != last {
		h.swap(i, last)
	}
	h.items[last] = nil
	h.items = h.items[:last]
	e.idx[h.slot] = -1
	if i != last {
		h.down(i)
		h.up(i)
	}
}

func (h *envHeap) swap(i, j int) {
	h.items[i], h.items[j] = h.items[j], h.items[i]
	h.items[i].idx[h.slot] = i
	h.items[j].idx[h.slot] = j
}

func (h *envHeap) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !h.less(h.items[i], h.items[parent]) {
			return
		}
		h.swap(i, parent)
		i = parent
	}
}

func (h *envHeap) down(i int) {
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(h.items[r], h.items[l]) {
			m = r
		}
		if !h.less(h.items[m], h.items[i]) {
			return
		}
		h.swap(i, m)
		i = m
	}
}
