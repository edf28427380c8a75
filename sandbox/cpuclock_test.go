package sandbox

import (
	"runtime"
	"testing"
	"time"
)

func TestThreadClockCountsCPUNotSleep(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := threadID()
	start, ok := threadCPU(tid)
	if !ok {
		t.Skip("no thread CPU clock on this system")
	}
	time.Sleep(30 * time.Millisecond)
	slept, _ := threadCPU(tid)
	if slept-start > 10*time.Millisecond {
		t.Errorf("30 ms of sleep counted %v of CPU", slept-start)
	}
	x := 0
	for i := 0; i < 20_000_000; i++ {
		x += i % 7
	}
	busy, _ := threadCPU(tid)
	if busy <= slept || x == 0 {
		t.Errorf("a busy loop must count CPU: %v -> %v", slept, busy)
	}
	c := newThreadClock()
	c.anchorNow()
	if a := c.anchor.Load(); a == nil || a.pre > watchdogTick {
		t.Errorf("anchor = %+v", a)
	}
}

func TestMemoryBlameGoesToTheLongestRunningCall(t *testing.T) {
	short := &watchdog{call: &Call{}}
	long := &watchdog{call: &Call{}}
	short.call.cpuDone.Store(int64(time.Millisecond))
	long.call.cpuDone.Store(int64(time.Second))
	short.over.Store(true)
	long.over.Store(true)
	registerWatchdog(short)
	if !short.blamed(1 << 20) {
		t.Fatal("a call running alone answers for the heap")
	}
	registerWatchdog(long)
	defer unregisterWatchdog(long)
	if short.blamed(1<<20) || !long.blamed(1<<20) {
		t.Error("with two calls running, the one with more host time is blamed")
	}
	// A call that reported large allocations explaining the growth is
	// blamed, however little host time it used.
	short.call.Allocating(600 << 10)
	if !short.blamed(1<<20) || long.blamed(1<<20) {
		t.Error("the call whose reported allocations explain the growth is blamed")
	}
	if short.blamed(10<<20) || !long.blamed(10<<20) {
		t.Error("allocations explaining less than half the growth do not shift the blame")
	}
	// A call that has not outgrown its own limit is never blamed in the
	// stead of one that has: blaming it would stop nobody.
	long.over.Store(false)
	short.call.allocated.Store(0)
	if !short.blamed(10 << 20) {
		t.Error("the only call past its limit is blamed, whatever the others reported or used")
	}
	unregisterWatchdog(short)
}
