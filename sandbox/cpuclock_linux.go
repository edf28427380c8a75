package sandbox

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadClock is the CPU-time clock of the OS thread that runs a call (the
// goroutine is locked to it for the call). Time the thread spends
// descheduled — other processes, other goroutines — is not counted, so a
// loaded host does not make handlers look slower or time out.
type threadClock struct {
	id    int32
	start time.Duration
}

// newThreadClock must run on the locked thread it measures.
func newThreadClock() *threadClock {
	tid := unix.Gettid()
	// MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED): ((~tid) << 3) | 4 | 2.
	c := &threadClock{id: int32((^uint32(tid))<<3 | 6)}
	c.start = c.now()
	if c.start < 0 {
		return &threadClock{id: -1, start: c.now()}
	}
	return c
}

// now reads the clock; it may be called from any goroutine. A clock that
// cannot be read (id -1) falls back to the monotonic wall clock.
func (c *threadClock) now() time.Duration {
	if c.id != -1 {
		var ts unix.Timespec
		if unix.ClockGettime(c.id, &ts) == nil {
			return time.Duration(ts.Nano())
		}
	}
	return time.Since(processStart)
}

var processStart = time.Now()
