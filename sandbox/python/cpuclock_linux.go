package python

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadClock returns a reader of the CPU time of the calling OS thread,
// usable from any goroutine; the caller must stay locked to the thread.
// Compute is measured in CPU time, so a busy machine does not make a
// handler look slower.
func threadClock() func() time.Duration {
	// MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED): ((~tid) << 3) | 4 | 2.
	id := int32((^uint32(unix.Gettid()))<<3 | 6)
	start := time.Now()
	return func() time.Duration {
		var ts unix.Timespec
		if unix.ClockGettime(id, &ts) != nil {
			return time.Since(start)
		}
		return time.Duration(ts.Nano())
	}
}
