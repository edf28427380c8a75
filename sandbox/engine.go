package sandbox

import (
	"fmt"
	"sort"
	"sync"
)

// An Engine runs handlers written in one language. The sandbox package owns
// everything Lambda does around the code — configuration, execution
// environments, the fleet and its limits, the virtual clock, START/END/REPORT
// lines, timeouts, memory limits and billing — and an engine only has to
// load code, run the module once and call the handler.
//
// How an engine plugs in:
//
//  1. Implement Engine and Instance (sandbox/nodejs and sandbox/python are
//     the two implementations) and call Register once, usually from the
//     engine package's init function. A runtime name is accepted by
//     Config.Validate only once an engine serving it is registered; the
//     runtime's figures (cold start, memory, overhead) come from the table
//     in runtimes.go, which AddRuntime can extend.
//  2. For every new execution environment the fleet calls NewInstance with
//     the environment's Host: the validated configuration, the process
//     environment (Lambda's reserved variables plus the function's own),
//     the in-memory /tmp, a seeded random source and the code files.
//  3. INIT: the fleet calls Instance.Init once with a Call. Run the module
//     code there and resolve the handler, so that its errors
//     (Runtime.UserCodeSyntaxError, Runtime.ImportModuleError,
//     Runtime.HandlerNotFound, ...) surface as a *FunctionError.
//  4. INVOKE: the fleet calls Instance.Invoke with a Call and the event's
//     JSON; return the response as JSON, or a *FunctionError. Instance state
//     (globals, module-level variables, timers) persists to the next Invoke:
//     the environment is only "frozen" between calls.
//  5. Time: never read the host clock. Call.Now is the virtual time; a
//     handler that sleeps or awaits a timer calls Call.Wait, which advances
//     virtual time at no real cost and fails with ErrDeadline once the
//     deadline is reached. Engines that count or measure work themselves
//     (sandbox/python, whose interpreter runs on its own thread) report it
//     with Call.AddSteps; others are measured by the host and scaled by the
//     memory's vCPU share.
//  6. Logs: format each line in the runtime's own style (Node prefixes
//     timestamp, request id and level; Python's print writes bare text) and
//     hand it to Call.Log, which applies the output cap. FormatLogTime
//     gives Lambda's timestamp format.
//  7. Stopping: Interrupt may be called from another goroutine at any time
//     (timeout, memory limit). It must make the running Init or Invoke
//     return promptly with any error; the sandbox decides the error Lambda
//     shows and discards the instance afterwards (Close), so an engine
//     never has to recover a VM it has interrupted.
//
// One Instance is used by one goroutine at a time (one request per
// execution environment), apart from Interrupt.
type Engine interface {
	// Runtimes lists the runtime identifiers this engine serves, such as
	// "nodejs22.x". Each must be in the runtime table (see AddRuntime).
	Runtimes() []string
	// NewInstance prepares an uninitialised interpreter for one execution
	// environment. Heavy work (parsing, running module code) belongs in
	// Init, where it is timed as Init Duration.
	NewInstance(h *Host) (Instance, error)
}

// Instance is one interpreter inside one execution environment.
type Instance interface {
	// Init runs the module code and resolves the handler named by
	// Config.Handler. Function errors are returned as *FunctionError.
	Init(c *Call) error
	// Invoke calls the handler with the event (JSON) and returns the
	// response (JSON; "null" when the handler returns nothing).
	Invoke(c *Call, event []byte) ([]byte, error)
	// Interrupt asks running code to stop as soon as possible. It is safe
	// to call from any goroutine, and when nothing runs.
	Interrupt(reason error)
	// Close releases the interpreter; the instance is not used again.
	Close()
}

var (
	registryMu sync.RWMutex
	engines    = map[string]Engine{}
)

// Register makes an engine serve its runtimes. It panics when a runtime is
// not in the runtime table or is already served by another engine: both
// are programming errors found at start-up.
func Register(e Engine) {
	registryMu.Lock()
	defer registryMu.Unlock()
	for _, name := range e.Runtimes() {
		if _, ok := LookupRuntime(name); !ok {
			panic(fmt.Sprintf("sandbox: engine registers unknown runtime %q; add it with AddRuntime first", name))
		}
		if old, ok := engines[name]; ok && old != e {
			panic(fmt.Sprintf("sandbox: runtime %q registered twice", name))
		}
		engines[name] = e
	}
}

// engineFor returns the engine serving a runtime.
func engineFor(runtime string) (Engine, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	e, ok := engines[runtime]
	return e, ok
}

// Runtimes lists the runtimes that have an engine, sorted.
func Runtimes() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(engines))
	for n := range engines {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
