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
	registerWatchdog(short)
	if !short.blamed() {
		t.Fatal("a call running alone answers for the heap")
	}
	registerWatchdog(long)
	defer unregisterWatchdog(long)
	if short.blamed() || !long.blamed() {
		t.Error("with two calls running, the one with more host time is blamed")
	}
	unregisterWatchdog(short)
}
