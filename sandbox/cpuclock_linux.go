package sandbox

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadID names the OS thread the running call is locked to, so that the
// watchdog can read that thread's CPU clock from its own goroutine.
func threadID() int { return unix.Gettid() }

// threadCPU reads the CPU time of a thread; ok is false where the clock
// cannot be read.
func threadCPU(tid int) (time.Duration, bool) {
	if tid <= 0 {
		return 0, false
	}
	// MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED): ((~tid) << 3) | 4 | 2.
	id := int32((^uint32(tid))<<3 | 6)
	var ts unix.Timespec
	if unix.ClockGettime(id, &ts) != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
