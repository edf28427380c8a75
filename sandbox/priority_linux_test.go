package sandbox

import (
	"context"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Once a server has asked for it, handler code runs on a thread the
// kernel puts behind the threads that serve sessions, and the caller's
// thread gets its priority back.
// Where the process may not raise a thread's priority again, the code
// runs on a thread of its own, which ends with it.
func TestHandlerCodeRunsAtALowerPriority(t *testing.T) {
	defer func(was bool) { lowPriority.Store(was) }(lowPriority.Load())
	LowerHandlerPriority()
	t.Run("caller's thread", testHandlerPriority)
	t.Run("thread of its own", func(t *testing.T) {
		defer func(f func() bool) { canRenice = f }(canRenice)
		canRenice = func() bool { return false }
		testHandlerPriority(t)
	})
}

// A process serving one user (the CLI, tests) keeps the default priority.
func TestHandlerCodeKeepsTheDefaultPriority(t *testing.T) {
	defer func(was bool) { lowPriority.Store(was) }(lowPriority.Load())
	lowPriority.Store(false)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before, err := threadNice(unix.Gettid())
	if err != nil {
		t.Skipf("cannot read a thread's nice value here: %v", err)
	}
	call := newCall(PhaseInvoke, "req", time.Now(), 0, time.Second, 128, 1000, Options{}, newLogSink(1<<10))
	inside := -100
	runPhase(context.Background(), &fakeInstance{}, call, phaseMemory{limit: 128 << 20}, func() int64 { return 0 }, func() error {
		inside, _ = threadNice(unix.Gettid())
		return nil
	})
	if inside != before {
		t.Errorf("handler code ran at nice %d, want the process's %d", inside, before)
	}
}

func testHandlerPriority(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := unix.Gettid()
	before, err := threadNice(tid)
	if err != nil {
		t.Skipf("cannot read a thread's nice value here: %v", err)
	}
	call := newCall(PhaseInvoke, "req", time.Now(), 0, time.Second, 128, 1000, Options{}, newLogSink(1<<10))
	var inside int
	var insideErr error
	out := runPhase(context.Background(), &fakeInstance{}, call, phaseMemory{limit: 128 << 20}, func() int64 { return 0 }, func() error {
		inside, insideErr = threadNice(unix.Gettid())
		return nil
	})
	if out.err != nil || insideErr != nil {
		t.Fatal(out.err, insideErr)
	}
	if inside != handlerNice {
		t.Errorf("handler code ran at nice %d, want %d", inside, handlerNice)
	}
	if after, _ := threadNice(tid); after != before {
		t.Errorf("the caller's thread was left at nice %d, was %d", after, before)
	}
}

// An engine's own interpreter thread takes the same priority.
func TestLowerThreadPriority(t *testing.T) {
	defer func(was bool) { lowPriority.Store(was) }(lowPriority.Load())
	LowerHandlerPriority()
	got := make(chan int)
	go func() {
		// Exits locked: the thread ends with the goroutine.
		runtime.LockOSThread()
		LowerThreadPriority()
		n, _ := threadNice(unix.Gettid())
		got <- n
	}()
	if n := <-got; n != handlerNice {
		t.Errorf("nice %d, want %d", n, handlerNice)
	}
}
