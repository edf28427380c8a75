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
//   - busy: environments serving a request, earliest end first; advance
//     moves those whose request has ended by the current time to the idle
//     heaps;
//   - idleProv and idle: idle provisioned and on-demand environments, the
//     most recently used first (the lowest id among equals, the order a scan
//     in creation order would find);
//   - expiry: idle on-demand environments, the one reclaimed first on top.
//
// The virtual time an account passes to its functions never goes back,
// which is what lets busy environments leave the busy heap for good.
// Every method is called with the account's lock held.
type envPool struct {
	all          []*environment // live environments, in no order (see environment.pos)
	busy         envHeap
	idleProv     envHeap
	idle         envHeap
	expiry       envHeap
	provisioned  int // live provisioned environments (always counted as in use)
	busyOnDemand int // on-demand environments in busy
}

func newEnvPool() envPool {
	return envPool{
		busy: envHeap{slot: 0, less: func(a, b *environment) bool {
			return a.busyUntil.Before(b.busyUntil)
		}},
		idleProv: envHeap{slot: 0, less: recentFirst},
		idle:     envHeap{slot: 0, less: recentFirst},
		expiry: envHeap{slot: 1, less: func(a, b *environment) bool {
			return a.expiry.Before(b.expiry)
		}},
	}
}

// recentFirst orders idle environments as the fleet picks them: the most
// recently used, then the oldest (lowest id).
func recentFirst(a, b *environment) bool {
	if !a.lastUsed.Equal(b.lastUsed) {
		return a.lastUsed.After(b.lastUsed)
	}
	return a.id < b.id
}

// add makes a new environment live; it is in use (not in any heap) until
// release.
func (p *envPool) add(e *environment) {
	e.pos = len(p.all)
	e.heap = nil
	p.all = append(p.all, e)
	if e.provisioned {
		p.provisioned++
	}
}

// release puts an environment back after a request (or its provisioning):
// busy until e.busyUntil.
func (p *envPool) release(e *environment) {
	p.busy.push(e)
	e.heap = &p.busy
	if !e.provisioned {
		p.busyOnDemand++
	}
}

// advance moves the environments whose request has ended by t to the idle
// heaps.
func (p *envPool) advance(t time.Time) {
	for len(p.busy.items) > 0 && !p.busy.items[0].busyUntil.After(t) {
		e := p.busy.pop()
		if e.provisioned {
			p.idleProv.push(e)
			e.heap = &p.idleProv
			continue
		}
		p.busyOnDemand--
		e.expiry = e.expiresAt()
		p.idle.push(e)
		e.heap = &p.idle
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
	var e *environment
	switch {
	case len(p.idleProv.items) > 0:
		e = p.idleProv.items[0]
	case len(p.idle.items) > 0:
		e = p.idle.items[0]
	default:
		return nil
	}
	p.unlink(e)
	return e
}

// inUse counts the environments serving a request at t; provisioned
// environments always count, busy or not.
func (p *envPool) inUse(t time.Time) int {
	p.advance(t)
	return p.provisioned + p.busyOnDemand
}

// unlink takes an environment out of the heap it is in.
func (p *envPool) unlink(e *environment) {
	switch e.heap {
	case nil:
		return
	case &p.busy:
		if !e.provisioned {
			p.busyOnDemand--
		}
	case &p.idle:
		p.expiry.remove(e)
	}
	e.heap.remove(e)
	e.heap = nil
}

// remove drops a live environment from the pool.
func (p *envPool) remove(e *environment) {
	if e.pos < 0 || e.pos >= len(p.all) || p.all[e.pos] != e {
		return
	}
	p.unlink(e)
	last := len(p.all) - 1
	p.all[e.pos] = p.all[last]
	p.all[e.pos].pos = e.pos
	p.all[last] = nil
	p.all = p.all[:last]
	e.pos = -1
	if e.provisioned {
		p.provisioned--
	}
}

// clear drops every environment and returns them, by id.
func (p *envPool) clear() []*environment {
	out := p.sorted()
	*p = newEnvPool()
	return out
}

// sorted returns the live environments by id (creation order).
func (p *envPool) sorted() []*environment {
	out := slices.Clone(p.all)
	slices.SortFunc(out, func(a, b *environment) int { return a.id - b.id })
	return out
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
