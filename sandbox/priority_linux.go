package sandbox

import (
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// handlerNice is the nice value of the OS threads that run handler code,
// once LowerHandlerPriority has been called (a server does). On Linux a
// thread's nice value is its own, and it weighs only against the threads
// of the same scheduling group (this process, under autogroup): a
// handler that computes without pause then yields its core to the
// threads that serve sessions (keystrokes, screens, SSH) whenever those
// have work, and has it the rest of the time. Handler compute is
// measured in thread CPU time, so waiting for the core does not count
// against the function's timeout; wall-clock limits (a regular
// expression's match timeout, a check's wall time) do count it, which is
// why a process serving one user (the CLI, tests) keeps the default.
//
// Nice 5 (a third of the default weight), not 19 (1/68): the garbage
// collector's stop-the-world phases wait for every running goroutine to
// stop, handlers' too, so a thread the kernel leaves waiting for long
// stalls every session. With 50 learners beside the hostile bench's five
// (load average 23-25), the learners' keystroke p99 was 534-551 ms at
// nice 5, 720 ms at 10, 802-897 ms at 19 and 904 ms at 0.
const handlerNice = 5

// lowPriority is set by LowerHandlerPriority.
var lowPriority atomic.Bool

// LowerHandlerPriority makes handler code from now on run at a lower
// priority than the rest of the process (see handlerNice): a server
// calls it, so that learners' handlers cannot slow the sessions.
func LowerHandlerPriority() { lowPriority.Store(true) }

// HandlerPriorityLowered reports whether LowerHandlerPriority was called.
func HandlerPriorityLowered() bool { return lowPriority.Load() }

// canRenice reports whether this process may give a thread its nice
// value back after lowering it (raising a nice value is always allowed;
// lowering it again needs CAP_SYS_NICE or RLIMIT_NICE). It is asked once,
// on a throwaway thread.
var canRenice = sync.OnceValue(func() bool {
	ok := make(chan bool)
	go func() {
		// Exiting while locked ends the thread, whatever its nice value.
		runtime.LockOSThread()
		tid := unix.Gettid()
		old, err := threadNice(tid)
		ok <- err == nil && setThreadNice(tid, old+1) == nil && setThreadNice(tid, old) == nil
	}()
	return <-ok
})

// threadNice is the nice value of thread tid.
func threadNice(tid int) (int, error) {
	// The system call returns 20 - nice, so that it is never negative.
	p, err := unix.Getpriority(unix.PRIO_PROCESS, tid)
	return 20 - p, err
}

func setThreadNice(tid, nice int) error { return unix.Setpriority(unix.PRIO_PROCESS, tid, nice) }

// onHandlerThread runs fn on an OS thread of its own at handlerNice, and
// returns when fn has. fn receives the thread's id. Where the process may
// restore a thread's priority, fn runs on the caller's thread, lowered
// for the time of fn; otherwise on a new thread, which ends with fn.
func onHandlerThread(fn func(tid int)) {
	if !lowPriority.Load() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		fn(threadID())
		return
	}
	if !canRenice() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			// Exits locked: the lowered thread ends with the goroutine.
			runtime.LockOSThread()
			tid := unix.Gettid()
			_ = setThreadNice(tid, handlerNice)
			fn(tid)
		}()
		<-done
		return
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := unix.Gettid()
	old, err := threadNice(tid)
	if err != nil || old >= handlerNice || setThreadNice(tid, handlerNice) != nil {
		fn(tid)
		return
	}
	defer setThreadNice(tid, old)
	fn(tid)
}

// LowerThreadPriority gives the calling goroutine's OS thread the
// priority of handler code (see handlerNice), once LowerHandlerPriority
// has been called. The caller must be locked to the thread and run only
// handler code on it until it exits, still locked, which ends the thread
// (an engine's interpreter thread).
func LowerThreadPriority() {
	if lowPriority.Load() {
		_ = setThreadNice(unix.Gettid(), handlerNice)
	}
}
