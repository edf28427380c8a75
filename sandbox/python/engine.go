// Package python runs Python Lambda handlers on Starlark (go.starlark.net),
// a Python dialect interpreted in Go, behind the sandbox.Engine interface.
//
// Import it for its side effect of registering the runtimes python3.12,
// python3.13 and python3.14:
//
//	import _ "github.com/lambdatutor/lambdatutor/sandbox/python"
//
// The handler is "file.function" (lambda_function.lambda_handler). Source
// is rewritten before compiling where a Python construct maps exactly onto
// the dialect (imports, f-strings, "is None", raise, assert, "**", type
// hints), and refused with an error naming the construct, its line and
// column and what to write instead where it does not (see SUBSET.md).
// Modules such as json, os, time and logging are written in Go with
// CPython's behaviour and output. Compute time comes from Starlark's
// execution steps, so durations are deterministic.
package python

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.starlark.net/starlark"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

const (
	// maxRecursion is Python's default recursion limit.
	maxRecursion = 1000
	// maxStringBytes caps a string or JSON text built by a module
	// function, so that one call cannot allocate without bound.
	maxStringBytes = 64 << 20
	// SubsetLesson is the lesson that explains the tutor's Python.
	SubsetLesson = "python-subset"
)

// Engine is the Python engine, registered for python3.12, python3.13 and
// python3.14 when the package is imported.
type Engine struct{}

// Runtimes lists the runtimes the engine serves.
func (Engine) Runtimes() []string { return []string{"python3.12", "python3.13", "python3.14"} }

// NewInstance makes an uninitialised interpreter for one execution
// environment.
func (Engine) NewInstance(h *sandbox.Host) (sandbox.Instance, error) {
	return &instance{h: h, modules: map[string]starlark.Value{}, loading: map[string]bool{}, logLevel: levelWarning}, nil
}

func init() { sandbox.Register(Engine{}) }

// instance is one Python interpreter in one execution environment: the
// module's globals persist from INIT through every warm invoke.
type instance struct {
	h        *sandbox.Host
	call     *sandbox.Call
	last     time.Time
	reported uint64 // steps of the running thread already reported

	predeclared starlark.StringDict
	globals     starlark.StringDict
	handler     starlark.Callable
	modName     string
	funcName    string
	modules     map[string]starlark.Value // imported modules, by name
	loading     map[string]bool           // user modules being imported
	sources     map[string][]string       // source lines by file, for tracebacks
	logLevel    int                       // root logger level
	pending     string                    // stdout text not yet ended by a newline
	seeded      *rand.Rand                // the source random.seed() made

	mu          sync.Mutex
	thread      *starlark.Thread // the running thread, nil between calls
	idle        *starlark.Thread // the thread, kept between calls
	interrupted atomic.Bool
	reason      atomic.Value // error given to Interrupt
}

// Interrupt cancels the running thread; the instance is not used again.
func (in *instance) Interrupt(reason error) {
	if reason == nil {
		reason = sandbox.ErrDeadline
	}
	in.reason.Store(reason)
	in.interrupted.Store(true)
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.thread != nil {
		in.thread.Cancel(reason.Error())
	}
}

// Close drops the interpreter's state.
func (in *instance) Close() {
	in.globals, in.handler, in.modules = nil, nil, nil
}

// now is the virtual time: the running call's, or the last one seen.
func (in *instance) now() time.Time {
	if in.call != nil {
		in.flush()
		in.last = in.call.Now()
	}
	return in.last
}

// requestID is the running invocation's id, empty during INIT.
func (in *instance) requestID() string {
	if in.call == nil {
		return ""
	}
	return in.call.RequestID
}

// flush reports the steps executed since the last report to the call.
func (in *instance) flush() {
	th := in.thread
	if th == nil || in.call == nil {
		return
	}
	n := th.ExecutionSteps()
	if n > in.reported {
		in.call.AddSteps(int64(n - in.reported))
		in.reported = n
	}
}

// limitSteps caps the thread at the steps that fit before the deadline.
func (in *instance) limitSteps() {
	th := in.thread
	if left := in.call.StepsLeft(); left >= 0 {
		th.SetMaxExecutionSteps(th.ExecutionSteps() + uint64(left) + 1)
	}
}

// onMaxSteps stops the thread at the deadline, or extends its limit when
// virtual time is left (the limit is set from an estimate).
func (in *instance) onMaxSteps(th *starlark.Thread) {
	in.flush()
	if in.call.StepsLeft() > 0 {
		in.limitSteps()
		return
	}
	th.Cancel(errStepLimit.Error())
}

// errStepLimit marks a thread stopped because its steps reached the
// deadline.
var errStepLimit = fmt.Errorf("%w: execution steps reached the timeout", sandbox.ErrDeadline)

// run executes fn on a fresh thread bound to the call, with the step
// limit set from the call's deadline.
func (in *instance) run(c *sandbox.Call, fn func(th *starlark.Thread) error) error {
	// One thread serves the instance's calls, one at a time; its step
	// counter keeps running, so steps are reported as differences.
	th := in.idle
	if th == nil {
		th = &starlark.Thread{Name: "lambda", Print: in.print}
		th.OnMaxSteps = in.onMaxSteps
		in.idle = th
	}
	th.Uncancel()
	in.mu.Lock()
	in.call, in.thread, in.reported = c, th, th.ExecutionSteps()
	in.mu.Unlock()
	defer func() {
		in.flushOutput()
		in.flush()
		in.last = c.Now()
		in.mu.Lock()
		in.call, in.thread = nil, nil
		in.mu.Unlock()
	}()
	if in.interrupted.Load() {
		return in.stopError()
	}
	in.limitSteps()
	err := fn(th)
	if err != nil && (in.interrupted.Load() || strings.Contains(err.Error(), "Starlark computation cancelled")) {
		in.flush()
		if in.interrupted.Load() {
			return in.stopError()
		}
		return errStepLimit
	}
	return err
}

// stopError is the error for an interrupted call: the reason given to
// Interrupt (deadline, memory, cancelled context).
func (in *instance) stopError() error {
	if r, ok := in.reason.Load().(error); ok {
		return r
	}
	return sandbox.ErrDeadline
}

// Init compiles the handler's module, runs it once and finds the handler.
func (in *instance) Init(c *sandbox.Call) error {
	spec := in.h.Config.Handler
	mod, fn, ok := splitHandler(spec)
	if !ok {
		return &sandbox.FunctionError{Type: "Runtime.MalformedHandlerName",
			Message: fmt.Sprintf("Bad handler '%s': not enough values to unpack (expected 2, got 1)", spec),
			Trace:   []string{"write the handler as file.function, for example lambda_function.lambda_handler"}}
	}
	in.modName, in.funcName = mod, fn
	in.predeclared = in.newPredeclared()
	var globals starlark.StringDict
	err := in.run(c, func(th *starlark.Thread) error {
		var err error
		globals, err = in.loadModule(th, mod, true)
		return err
	})
	if err != nil {
		return in.failure(c, err, true)
	}
	in.globals = globals
	v, ok := globals[fn]
	if !ok {
		return &sandbox.FunctionError{Type: "Runtime.HandlerNotFound",
			Message: fmt.Sprintf("Handler '%s' missing on module '%s'", fn, mod),
			Trace:   []string{fmt.Sprintf("define def %s(event, context): in %s.py, or change the handler setting", fn, mod)}}
	}
	h, ok := v.(starlark.Callable)
	if !ok {
		return &sandbox.FunctionError{Type: "Runtime.HandlerNotFound",
			Message: fmt.Sprintf("Handler '%s' on module '%s' is not a function but a %s", fn, mod, typeName(v)),
			Trace:   []string{fmt.Sprintf("define def %s(event, context): in %s.py", fn, mod)}}
	}
	in.handler = h
	return nil
}

// splitHandler splits "dir/file.function" (or "pkg.file.function") into
// the module path and the function name.
func splitHandler(spec string) (mod, fn string, ok bool) {
	i := strings.LastIndex(spec, ".")
	if i <= 0 || i == len(spec)-1 {
		return "", "", false
	}
	return strings.ReplaceAll(spec[:i], ".", "/"), spec[i+1:], true
}

// Invoke calls the handler with the event and the context and serialises
// the result as the runtime does, with json.dumps.
func (in *instance) Invoke(c *sandbox.Call, event []byte) ([]byte, error) {
	if in.handler == nil {
		return nil, &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Message: "Error: Runtime exited without providing a reason", Fatal: true}
	}
	ev, err := decodeJSON(string(event), in.newerJSON())
	if err != nil {
		return nil, &sandbox.FunctionError{Type: "Runtime.UnmarshalError", Message: "Unable to unmarshal input: " + strings.TrimPrefix(err.Error(), "JSONDecodeError: ")}
	}
	var out []byte
	err = in.run(c, func(th *starlark.Thread) error {
		res, err := starlark.Call(th, in.handler, starlark.Tuple{ev, newContext(in, c)}, nil)
		if err != nil {
			return err
		}
		out, err = encodeJSON(th, res)
		if err != nil {
			var pe *pyError
			if errors.As(err, &pe) && pe.Type == "TypeError" {
				return &sandbox.FunctionError{Type: "Runtime.MarshalError",
					Message: "Unable to marshal response: " + pe.Msg,
					Trace:   []string{"return only dicts, lists, strings, numbers, booleans and None, or convert the value first (str(x), json.dumps(x, default=str))"}}
			}
		}
		return err
	})
	if err != nil {
		return nil, in.failure(c, err, false)
	}
	return out, nil
}

// newerJSON tells whether the runtime's json module has Python 3.13's
// messages.
func (in *instance) newerJSON() bool { return in.h.Runtime.Name != "python3.12" }

// print writes print()'s text to the log: bare text, one line per line.
func (in *instance) print(_ *starlark.Thread, msg string) { in.logText(msg) }

func (in *instance) logText(msg string) {
	if in.call == nil {
		return
	}
	for _, line := range strings.Split(msg, "\n") {
		in.call.Log(line)
	}
}
