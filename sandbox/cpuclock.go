package sandbox

import (
	"sync/atomic"
	"time"
)

// threadClock measures the host time of one phase of a call. A short call
// (under one watchdog tick, the usual case) is measured by the wall clock,
// which costs nothing. From the watchdog's first tick on, it counts the
// CPU time of the OS thread the call is locked to, so that time spent
// descheduled (other processes, other goroutines on a loaded host) does
// not make a handler look slower or time out. Before the anchor at most
// one tick of wall time is counted.
type threadClock struct {
	tid    int
	wall   time.Time
	anchor atomic.Pointer[clockAnchor]
}

type clockAnchor struct {
	pre time.Duration // host time counted up to the anchor
	cpu time.Duration // the thread's CPU clock at the anchor
}

// newThreadClock must run on the (locked) thread it measures.
func newThreadClock() *threadClock { return newThreadClockOn(0) }

// newThreadClockOn is newThreadClock for a thread whose id the caller
// already has (0: ask the system, which costs a system call).
func newThreadClockOn(tid int) *threadClock {
	if tid <= 0 {
		tid = threadID()
	}
	return &threadClock{tid: tid, wall: time.Now()}
}

// used is the host time of the phase so far; any goroutine may call it.
func (c *threadClock) used() time.Duration {
	if a := c.anchor.Load(); a != nil {
		if cpu, ok := threadCPU(c.tid); ok {
			return a.pre + cpu - a.cpu
		}
	}
	return time.Since(c.wall)
}

// anchorNow switches the clock to the thread's CPU time; the watchdog calls
// it on every tick, and only the first one counts.
func (c *threadClock) anchorNow() {
	if c.anchor.Load() != nil {
		return
	}
	cpu, ok := threadCPU(c.tid)
	if !ok {
		return
	}
	c.anchor.Store(&clockAnchor{pre: min(time.Since(c.wall), watchdogTick), cpu: cpu})
}
