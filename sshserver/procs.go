package sshserver

import (
	"runtime"
	"sync"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// handlerProcsFactor is how many Go processors a server runs per
// processor it was given (GOMAXPROCS, by default the CPUs it may use).
//
// Learners' handlers run in this process, each on an OS thread of its own
// that the kernel puts behind the threads serving sessions (sandbox's
// LowerHandlerPriority). That priority only helps if the sessions'
// goroutines have a Go processor to run on: a handler that computes
// without pause holds one, and with as many running as there are
// processors a keystroke's goroutines would wait for the scheduler to
// preempt one (10 ms a time, and longer when the thread holding the
// processor is itself waiting for the kernel). With three processors per
// CPU, up to twice as many handlers as CPUs can compute while the
// sessions keep processors of their own, and the kernel gives the CPUs
// to the sessions first.
const handlerProcsFactor = 3

var favourSessionsOnce sync.Once

// favourSessions lowers the priority of handler code (sandbox) and sets
// GOMAXPROCS to handlerProcsFactor times its value, once per process.
func favourSessions() {
	favourSessionsOnce.Do(func() {
		sandbox.LowerHandlerPriority()
		n := runtime.GOMAXPROCS(0)
		runtime.GOMAXPROCS(n * handlerProcsFactor)
	})
}
