//go:build !linux

package sandbox

import "runtime"

// onHandlerThread runs fn locked to the caller's OS thread (thread
// priorities are set on Linux only); fn receives 0 as the thread's id.
func onHandlerThread(fn func(tid int)) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fn(0)
}

// LowerHandlerPriority does nothing where thread priorities are not set.
func LowerHandlerPriority() {}

// HandlerPriorityLowered is false where thread priorities are not set.
func HandlerPriorityLowered() bool { return false }

// LowerThreadPriority does nothing where thread priorities are not set.
func LowerThreadPriority() {}
