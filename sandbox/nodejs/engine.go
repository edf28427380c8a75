// Package nodejs runs Node.js Lambda handlers on goja, a JavaScript engine
// written in Go, behind the sandbox.Engine interface.
//
// Import it for its side effect of registering the runtimes nodejs22.x and
// nodejs24.x:
//
//	import _ "github.com/lambdatutor/lambdatutor/sandbox/nodejs"
//
// What a handler sees is Node's surface as Lambda offers it: exports.handler,
// module.exports.handler and ES module exports; async, Promise and (on
// nodejs22.x) callback handlers with context.succeed/fail/done; response
// streaming (awslambda.streamifyResponse); the context object; console
// prefixed as Lambda prefixes it; process.env with Lambda's variables;
// timers on the sandbox's virtual clock; and require of the function's own
// files and of the built-ins a sandbox can offer honestly (util, events,
// buffer, crypto, os, path, fs on the in-memory /tmp, timers, timers/promises,
// querystring, url, zlib, stream). Modules that need a network, processes
// or threads fail with a message that says so. Nothing reaches the host's
// files, network, processes or environment.
//
// Errors read as Node's: goja's messages are reworded as V8's (with the
// expression taken from the source, "event.Records is not iterable"), and
// stacks are V8's frames, named as V8 names them.
//
// The url module (WHATWG URL, URLSearchParams) is github.com/dop251/goja_nodejs
// /url. Its buffer is not used: it lacks latin1/ascii/utf16le and new
// Buffer(size); its util has no inspect; its process exposes the host's
// environment; so Buffer, util.inspect, console and process are this
// package's own (support.js, prelude.js).
package nodejs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// maxCallStack is the deepest JavaScript call stack, about Node's default.
const maxCallStack = 10000

// Engine is the Node.js engine. It is registered for nodejs22.x and
// nodejs24.x when the package is imported.
type Engine struct{}

// Runtimes lists the runtimes the engine serves.
func (Engine) Runtimes() []string { return []string{"nodejs22.x", "nodejs24.x"} }

// NewInstance makes an uninitialised interpreter for one execution
// environment.
func (Engine) NewInstance(h *sandbox.Host) (sandbox.Instance, error) {
	return &instance{h: h}, nil
}

func init() { sandbox.Register(Engine{}) }

// instance is one goja VM in one execution environment.
type instance struct {
	h    *sandbox.Host
	vm   *goja.Runtime
	call *sandbox.Call
	last time.Time // virtual time when no call runs

	handler      goja.Callable
	handlerObj   *goja.Object // the handler function, and its module (relative to the task root)
	handlerFile  string
	hspan        *handlerSpan // where the handler is written (see handlerSpan)
	streaming    bool         // awslambda.streamifyResponse(handler)
	streamErr    error        // a write past the streamed response limit
	callbackOK   bool         // callback-style handlers allowed (nodejs22.x)
	passCallback bool         // the handler gets a callback (not for async handlers)

	modules          map[string]*goja.Object // loaded files by path: their module objects
	loading          int                     // depth of module bodies running
	loadStack        []string                // files whose bodies are running, outermost first
	loadStackBuf     [4]string               // loadStack's first backing array
	builtins         map[string]goja.Value
	jsonStrings      map[string]cachedString // parseEvent's short strings (see jsonParser.cached)
	shapes           map[string]*shapeFn     // functions that build events of a known shape (see jsonshape.go)
	shapeBuf         shapeScan               // parseByShape's buffers
	lib              *goja.Object            // support.js, loaded on first need
	datePatched      bool                    // Date prints as Node's (see nodeDate)
	jsonParsePatched bool                    // JSON.parse words errors as V8 (see patchJSONParse)
	aws              *awsSDK                 // the @aws-sdk shim, loaded on first require (awssdk.go)
	hasInst          goja.Value              // instanceof for guarded constructors (see allocguard.go)

	rawGlobal     *goja.Object          // goja's global object, behind the proxy the code sees (see deferGuards)
	guardTraps    *goja.ProxyTrapConfig // that proxy's traps, while guards wait
	pendingGuards uint16                // the guards that wait, by bit of deferredGuards
	trappedReads  int                   // global reads through the proxy's trap (see maxTrappedReads)
	strCounter    goja.Value            // JSON.stringify's counting replacer (see countJSON)
	strStates     []stringifyState      // the guarded JSON.stringify calls running, innermost last
	reflectGet    goja.Callable         // Reflect.get, for the proxy's reads of other names
	jsonTooDeep   bool                  // the fast serializer met a value too deep (see appendValue)

	rewritten    map[*goja.Object][]string // errors already worded as V8's, with their stacks
	lineStarts   map[string][]int          // line offsets of the function's files, for error messages
	esmFiles     map[string]bool           // which of the function's files are ES modules
	asyncModules map[string]bool           // modules compiled with the async wrapper

	timers   timerQueue
	timerSeq int64

	event    goja.Value // the running invocation's event (read by error messages)
	ctxObj   *goja.Object
	ctxData  *contextObject
	callback goja.Value   // the handler's callback, made once
	settled  settlement   // how the running invoke finished
	args     []goja.Value // reused argument slice

	interrupted atomic.Bool
	unhandled   []*goja.Promise // rejected promises without a handler
	vmMu        sync.Mutex      // guards vm against Interrupt from other goroutines
	closed      bool
}

// now is the virtual time: the running call's, or the last one seen.
func (in *instance) now() time.Time {
	if in.call != nil {
		in.last = in.call.Now()
	}
	return in.last
}

// Interrupt stops running JavaScript; the VM is not used again. It may be
// called from any goroutine, even after Close.
func (in *instance) Interrupt(reason error) {
	in.interrupted.Store(true)
	in.vmMu.Lock()
	defer in.vmMu.Unlock()
	if in.vm != nil && !in.closed {
		in.vm.Interrupt(reason)
	}
}

// Close drops the VM.
func (in *instance) Close() {
	in.vmMu.Lock()
	in.closed = true
	in.vmMu.Unlock()
	in.modules = nil
	in.timers = nil
}

// Init creates the VM, runs the handler's module and resolves the handler.
func (in *instance) Init(c *sandbox.Call) (err error) {
	in.call = c
	in.last = c.Now()
	defer func() {
		if r := recover(); r != nil {
			xe, ok := r.(*exitError)
			if !ok {
				panic(r)
			}
			err = &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Fatal: true, Message: xe.Error()}
		}
		in.call = nil
	}()
	in.setup()
	if in.interrupted.Load() {
		in.vm.Interrupt(sandbox.ErrDeadline)
	}
	fe, stopped := in.loadHandler()
	in.vm.ClearInterrupt()
	if stopped != nil {
		return stopped // a timeout or the memory limit: the sandbox reports it
	}
	if fe != nil {
		label := "Uncaught Exception"
		if fe.Type == "Runtime.CallbackHandlerDeprecated" {
			label = "Init Error"
		}
		in.logError("undefined", label, fe)
		return fe
	}
	return nil
}

// loadHandler loads the handler's module and finds the export. An
// interrupted load returns its error as stopped.
func (in *instance) loadHandler() (fe *sandbox.FunctionError, stopped error) {
	spec := in.h.Config.Handler
	slash := strings.LastIndex(spec, "/")
	dot := strings.Index(spec[slash+1:], ".")
	if dot < 0 {
		return &sandbox.FunctionError{Type: "Runtime.MalformedHandlerName", Message: "Bad handler " + spec}, nil
	}
	modName, exportPath := spec[:slash+1+dot], spec[slash+1+dot+1:]
	file := ""
	for _, ext := range []string{".js", ".mjs", ".cjs"} {
		if _, ok := in.h.Config.Files[modName+ext]; ok {
			file = modName + ext
			break
		}
	}
	if file == "" {
		return &sandbox.FunctionError{Type: "Runtime.ImportModuleError",
			Message: fmt.Sprintf("Error: Cannot find module '%s'\nRequire stack:\n- /var/runtime/index.mjs", modName),
			Trace:   []string{"Runtime.ImportModuleError: Error: Cannot find module '" + modName + "'", "Require stack:", "- /var/runtime/index.mjs"}}, nil
	}
	var exports goja.Value
	err := in.guard(func() { exports = in.loadFile(sandbox.TaskRoot + "/" + file).Get("exports") })
	var ie *goja.InterruptedError
	if errors.As(err, &ie) || errors.Is(err, sandbox.ErrDeadline) || (err != nil && in.interrupted.Load()) {
		return nil, err
	}
	if err != nil {
		return in.toFunctionError(err, true), nil
	}
	v := exports
	for _, part := range strings.Split(exportPath, ".") {
		obj, ok := v.(*goja.Object)
		if !ok || goja.IsUndefined(v) || goja.IsNull(v) {
			v = goja.Undefined()
			break
		}
		v = obj.Get(part)
		if v == nil {
			v = goja.Undefined()
		}
	}
	if v == nil || goja.IsUndefined(v) {
		return &sandbox.FunctionError{Type: "Runtime.HandlerNotFound",
			Message: spec + " is undefined or not exported",
			Trace:   []string{"Runtime.HandlerNotFound: " + spec + " is undefined or not exported"}}, nil
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		return &sandbox.FunctionError{Type: "Runtime.HandlerNotFound",
			Message: spec + " is not a function",
			Trace:   []string{"Runtime.HandlerNotFound: " + spec + " is not a function"}}, nil
	}
	in.handler = fn
	obj := v.(*goja.Object)
	in.handlerObj, in.handlerFile, in.hspan = obj, file, nil
	arity := obj.Get("length").ToInteger()
	async := obj.Get("constructor").ToObject(in.vm).Get("name").String() == "AsyncFunction"
	in.callbackOK = in.h.Runtime.CallbackHandlers
	// An async handler gets no callback: its promise is the response.
	in.passCallback = in.callbackOK && (arity >= 3 || !async)
	in.streaming = false
	if in.lib != nil {
		// awslambda.streamifyResponse marks the handler (support.js is
		// loaded when the code used awslambda).
		if is, ok := goja.AssertFunction(in.lib.Get("isStreamingHandler")); ok {
			if r, err := is(goja.Undefined(), v); err == nil && r.ToBoolean() {
				in.streaming, in.passCallback = true, false
			}
		}
	}
	if arity >= 3 && !in.callbackOK && !in.streaming {
		// nodejs24.x decides by the declared parameters alone, async or
		// not (aws/aws-lambda-nodejs-runtime-interface-client,
		// src/function/callback-deprecation.ts: argsNum >= 3).
		msg := "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html."
		return &sandbox.FunctionError{Type: "Runtime.CallbackHandlerDeprecated", Message: msg,
			Trace: []string{"Runtime.CallbackHandlerDeprecated: " + msg}}, nil
	}
	return nil, nil
}

// guard runs JavaScript-calling Go code, turning a thrown JavaScript value
// into an error.
func (in *instance) guard(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			switch x := r.(type) {
			case *goja.Exception:
				err = x
			case *goja.InterruptedError:
				err = x
			case *goja.StackOverflowError:
				err = x
			case *goja.CompilerSyntaxError:
				err = x
			case goja.Value:
				err = &thrown{x}
			case error:
				err = x // ErrDeadline or a *sandbox.FunctionError from the event loop
			default:
				panic(r)
			}
		}
	}()
	fn()
	return nil
}

// thrown wraps a JavaScript value thrown through Go code.
type thrown struct{ v goja.Value }

func (t *thrown) Error() string { return t.v.String() }

// settlement is how a handler finished.
type settlement struct {
	done      bool
	immediate bool // by context.done/succeed/fail: no wait for the event loop
	value     goja.Value
	failed    bool
	reason    goja.Value
}

// Invoke runs the handler on the event.
func (in *instance) Invoke(c *sandbox.Call, event []byte) (resp []byte, err error) {
	in.call = c
	defer func() {
		if r := recover(); r != nil {
			xe, ok := r.(*exitError)
			if !ok {
				panic(r)
			}
			resp, err = nil, &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Fatal: true,
				Message: "RequestId: " + c.RequestID + " " + xe.Error()}
		}
		in.last = c.Now()
		in.call = nil
		in.event = nil
		if in.vm != nil {
			in.vm.ClearInterrupt()
		}
	}()
	if in.vm == nil || in.handler == nil {
		return nil, &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Message: "Error: Runtime exited without providing a reason", Fatal: true}
	}
	ev, err := in.parseEvent(event)
	if err != nil {
		return nil, in.invokeError(c, err)
	}
	in.event = ev
	ctxObj := in.context(c)
	if in.streaming {
		return in.invokeStreaming(c, ev, ctxObj)
	}
	in.settled = settlement{}
	s := &in.settled
	args := in.args[:0]
	args = append(args, ev, ctxObj)
	if in.passCallback {
		args = append(args, in.callbackFn())
	}
	ret, err := in.handler(goja.Undefined(), args...)
	if err != nil {
		var ex *goja.Exception
		if !in.callbackOK || !errors.As(err, &ex) || !isNullish(ex.Value()) {
			return nil, in.invokeError(c, err)
		}
		// The runtime client passes what a plain handler throws to its
		// callback, which reads undefined or null as success.
		if !s.done {
			s.done, s.value, s.immediate = true, goja.Undefined(), !in.ctxData.waits
		}
		err, ret = nil, goja.Undefined()
	}
	var promise *goja.Promise
	if obj, ok := ret.(*goja.Object); ok {
		promise, _ = obj.Export().(*goja.Promise)
	}
	switch {
	case promise != nil:
		if promise.State() == goja.PromiseStatePending && !s.done {
			err = in.runLoop(c, func() bool { return s.done || promise.State() != goja.PromiseStatePending }, false)
			if errors.Is(err, errLoopEmpty) {
				// Node's event loop is empty and the promise can never
				// settle: the runtime client's beforeExit listener answers.
				if in.handlerIsAsync() {
					fe := nodeJsExitError()
					in.logError(c.RequestID, "Invoke Error", fe)
					return nil, fe
				}
				err, s.done, s.value = nil, true, goja.Null()
			}
		}
		if err == nil && !s.done {
			s.done = true
			if promise.State() == goja.PromiseStateRejected {
				s.failed, s.reason = true, promise.Result()
				if in.callbackOK && isNullish(s.reason) {
					// The runtime client's context.fail, which settles a
					// rejected promise, reads no error as "handled".
					s.reason = in.vm.ToValue("handled")
				}
			} else {
				s.value = promise.Result()
			}
		}
	case in.passCallback:
		// A callback handler (or a plain function on nodejs22.x): the
		// response is what the callback gets, or null once the event
		// loop is empty.
		err = in.runLoop(c, func() bool { return s.done }, true)
	default:
		s.done, s.value = true, ret
	}
	if err != nil {
		return nil, in.invokeError(c, err)
	}
	if err := in.checkUnhandled(c, promise); err != nil {
		return nil, err
	}
	if s.done && !s.failed && !s.immediate && in.passCallback && promise == nil && in.ctxData.waits {
		if err := in.runLoop(c, func() bool { return false }, true); err != nil {
			return nil, in.invokeError(c, err)
		}
	}
	if s.failed {
		return nil, in.invokeError(c, &thrown{s.reason})
	}
	if s.value == nil || goja.IsUndefined(s.value) {
		return []byte("null"), nil
	}
	out, ok, err := in.stringifyResponse(s.value)
	if err != nil {
		return nil, in.invokeError(c, err)
	}
	if !ok {
		return []byte("null"), nil
	}
	return out, nil
}

// checkUnhandled fails the invocation, as Node's runtime does, when a
// promise other than the handler's own was rejected and never handled.
func (in *instance) checkUnhandled(c *sandbox.Call, own *goja.Promise) error {
	var stray *goja.Promise
	for _, p := range in.unhandled {
		if p != own {
			stray = p
			break
		}
	}
	in.unhandled = in.unhandled[:0]
	if stray == nil {
		return nil
	}
	fe := in.valueError(stray.Result(), false)
	msg := fe.Type + ": " + fe.Message
	if fe.Type == "string" || fe.Type == "undefined" {
		msg = fe.Message
	}
	out := &sandbox.FunctionError{Type: "Runtime.UnhandledPromiseRejection", Message: msg, Fatal: true,
		Trace: append([]string{"Runtime.UnhandledPromiseRejection: " + msg}, fe.Trace...)}
	in.logError(c.RequestID, "Unhandled Promise Rejection", out)
	return out
}

// callbackFn returns the callback passed to handlers on nodejs22.x. It
// settles the running invoke (once).
func (in *instance) callbackFn() goja.Value {
	if in.callback == nil {
		in.callback = in.vm.ToValue(func(call goja.FunctionCall) goja.Value {
			s := &in.settled
			if s.done {
				return goja.Undefined()
			}
			s.done = true
			if e := call.Argument(0); !goja.IsUndefined(e) && !goja.IsNull(e) {
				s.failed, s.reason = true, e
			} else {
				s.value = call.Argument(1)
				s.immediate = !in.ctxData.waits
			}
			return goja.Undefined()
		})
	}
	return in.callback
}

// settle ends the running invoke at once, as context.done does on
// nodejs22.x: the first of callback, done, succeed and fail wins; later
// calls are ignored.
func (in *instance) settle(err, value goja.Value) {
	s := &in.settled
	if s.done {
		return
	}
	s.done, s.immediate = true, true
	if err != nil && !goja.IsUndefined(err) && !goja.IsNull(err) {
		s.failed, s.reason = true, err
	} else {
		s.value = value
	}
}

// invokeError logs a handler's error as Node's runtime does and converts it.
func (in *instance) invokeError(c *sandbox.Call, err error) error {
	if errors.Is(err, sandbox.ErrDeadline) {
		return err
	}
	var ie *goja.InterruptedError
	if errors.As(err, &ie) {
		return err
	}
	fe := in.toFunctionError(err, false)
	var v goja.Value
	var ex *goja.Exception
	var th *thrown
	switch {
	case errors.As(err, &ex):
		v = ex.Value()
	case errors.As(err, &th):
		v = th.v
	}
	if v != nil && in.vm != nil {
		if line, ok := in.formatRuntimeError(v); ok {
			in.logLine(c.RequestID, "ERROR", "Invoke Error "+line)
			return fe
		}
	}
	in.logError(c.RequestID, "Invoke Error", fe)
	return fe
}

// formatRuntimeError is the JSON the runtime logs after "Invoke Error":
// an Error's name, message, code and own enumerable properties, then its
// stack as lines; anything else first becomes new Error(String(value)).
func (in *instance) formatRuntimeError(v goja.Value) (string, bool) {
	if obj, ok := v.(*goja.Object); ok {
		in.nodeError(obj)
	}
	fn, ok := goja.AssertFunction(in.support().Get("runtimeErrorJSON"))
	if !ok {
		return "", false
	}
	var out goja.Value
	err := in.guard(func() {
		var e error
		out, e = fn(goja.Undefined(), v)
		if e != nil {
			panic(e)
		}
	})
	if err != nil || out == nil {
		return "", false
	}
	return out.String(), true
}

// logError writes Node's runtime error line:
// <ts>\t<id>\tERROR\tInvoke Error \t{"errorType":...,"errorMessage":...,"stack":[...]}.
func (in *instance) logError(reqID, label string, fe *sandbox.FunctionError) {
	stack := fe.Trace
	if stack == nil {
		stack = []string{}
	}
	body := sandbox.MarshalJSON(struct {
		Type    string   `json:"errorType"`
		Message string   `json:"errorMessage"`
		Stack   []string `json:"stack"`
	}{fe.Type, fe.Message, stack})
	in.logLine(reqID, "ERROR", label+" \t"+string(body))
}

// logLine writes one application log line in Lambda's Node format.
func (in *instance) logLine(reqID, level, msg string) {
	if in.call == nil {
		return
	}
	// Like the runtime client, end the entry with a newline: a message's
	// own trailing newline stays (the log sink removes one).
	in.call.Log(sandbox.FormatLogTime(in.now()) + "\t" + reqID + "\t" + level + "\t" + msg + "\n")
}

// runLoop runs timers on the virtual clock until done reports true. With
// emptyOK an empty timer queue ends the loop; otherwise nothing is left
// that could settle what it waits for, and it returns errLoopEmpty.
func (in *instance) runLoop(c *sandbox.Call, done func() bool, emptyOK bool) error {
	for !done() {
		if in.interrupted.Load() {
			return sandbox.ErrDeadline
		}
		t := in.timers.pop()
		if t == nil {
			if emptyOK {
				return nil
			}
			return errLoopEmpty
		}
		if d := t.due.Sub(c.Now()); d > 0 {
			if err := c.Wait(d); err != nil {
				return err
			}
		}
		if t.interval > 0 {
			t.due = t.due.Add(t.interval)
			in.timers.push(t)
		}
		if _, err := t.fn(goja.Undefined(), t.args...); err != nil {
			var ie *goja.InterruptedError
			if errors.As(err, &ie) {
				return err
			}
			// An exception thrown from a timer is uncaught: Node's
			// process exits, so the environment is reset.
			fe := in.toFunctionError(err, false)
			fe.Fatal = true
			return fe
		}
	}
	return nil
}

// context returns the context object of an invocation: a dynamic object
// whose fields are read from the sandbox when the handler reads them (cheap
// to create, and always current). One per environment; the request id and
// callbackWaitsForEmptyEventLoop are reset for each invocation.
func (in *instance) context(c *sandbox.Call) *goja.Object {
	if in.ctxObj == nil {
		in.ctxData = &contextObject{in: in}
		in.ctxObj = in.vm.NewDynamicObject(in.ctxData)
	}
	in.ctxData.requestID = c.RequestID
	in.ctxData.waits = true
	in.ctxData.extra = nil
	return in.ctxObj
}

// contextFields are Node's context fields, in the runtime's order, on
// nodejs22.x (whose runtime client adds succeed, fail and done).
var contextFields = []string{"callbackWaitsForEmptyEventLoop", "succeed", "fail", "done", "functionVersion", "functionName",
	"memoryLimitInMB", "logGroupName", "logStreamName", "invokedFunctionArn", "awsRequestId", "getRemainingTimeInMillis"}

// contextFields24 are those of nodejs24.x, whose runtime client has no
// callbacks: no succeed/fail/done and no callbackWaitsForEmptyEventLoop
// (aws/aws-lambda-nodejs-runtime-interface-client,
// src/context/context-builder.ts).
var contextFields24 = []string{"functionVersion", "functionName",
	"memoryLimitInMB", "logGroupName", "logStreamName", "invokedFunctionArn", "awsRequestId", "getRemainingTimeInMillis"}

func (o *contextObject) fields() []string {
	if o.in.h.Runtime.CallbackHandlers {
		return contextFields
	}
	return contextFields24
}

// contextObject is the Go side of the context object.
type contextObject struct {
	in        *instance
	requestID string
	waits     bool
	remaining goja.Value
	methods   map[string]goja.Value // succeed, fail and done (nodejs22.x)
	extra     map[string]goja.Value // properties the handler added
	order     []string
}

func (o *contextObject) Get(key string) goja.Value {
	in := o.in
	cfg := in.h.Config
	if !in.h.Runtime.CallbackHandlers {
		switch key {
		case "callbackWaitsForEmptyEventLoop", "succeed", "fail", "done":
			return o.extra[key]
		}
	}
	switch key {
	case "callbackWaitsForEmptyEventLoop":
		return in.vm.ToValue(o.waits)
	case "succeed", "fail", "done":
		if o.methods == nil {
			o.methods = map[string]goja.Value{
				"done": in.vm.ToValue(func(call goja.FunctionCall) goja.Value {
					in.settle(call.Argument(0), call.Argument(1))
					return goja.Undefined()
				}),
				"succeed": in.vm.ToValue(func(call goja.FunctionCall) goja.Value {
					in.settle(nil, call.Argument(0))
					return goja.Undefined()
				}),
				"fail": in.vm.ToValue(func(call goja.FunctionCall) goja.Value {
					e := call.Argument(0)
					if goja.IsUndefined(e) || goja.IsNull(e) {
						e = in.vm.ToValue("handled")
					}
					in.settle(e, nil)
					return goja.Undefined()
				}),
			}
		}
		return o.methods[key]
	case "functionVersion":
		return in.vm.ToValue(cfg.Version())
	case "functionName":
		return in.vm.ToValue(cfg.FunctionName)
	case "memoryLimitInMB":
		return in.vm.ToValue(strconv.Itoa(cfg.MemoryMB))
	case "logGroupName":
		return in.vm.ToValue(cfg.LogGroup())
	case "logStreamName":
		return in.vm.ToValue(in.h.LogStream)
	case "invokedFunctionArn":
		arn := cfg.FunctionARN()
		if v := cfg.Version(); v != "$LATEST" {
			arn += ":" + v
		}
		return in.vm.ToValue(arn)
	case "awsRequestId":
		return in.vm.ToValue(o.requestID)
	case "getRemainingTimeInMillis":
		if o.remaining == nil {
			o.remaining = in.vm.ToValue(func() int64 {
				if in.call == nil {
					return 0
				}
				return in.call.Remaining().Milliseconds()
			})
		}
		return o.remaining
	}
	return o.extra[key]
}

func (o *contextObject) Set(key string, v goja.Value) bool {
	switch key {
	case "callbackWaitsForEmptyEventLoop", "succeed", "fail", "done":
		if !o.in.h.Runtime.CallbackHandlers {
			break
		}
		if key == "callbackWaitsForEmptyEventLoop" {
			o.waits = v.ToBoolean()
			return true
		}
		if o.methods != nil {
			o.methods[key] = v
		}
		return true
	case "functionVersion", "functionName", "memoryLimitInMB", "logGroupName", "logStreamName",
		"invokedFunctionArn", "awsRequestId", "getRemainingTimeInMillis":
		return false
	}
	if o.extra == nil {
		o.extra = map[string]goja.Value{}
	}
	if _, ok := o.extra[key]; !ok {
		o.order = append(o.order, key)
	}
	o.extra[key] = v
	return true
}

func (o *contextObject) Has(key string) bool {
	for _, f := range o.fields() {
		if f == key {
			return true
		}
	}
	_, ok := o.extra[key]
	return ok
}

func (o *contextObject) Delete(key string) bool {
	delete(o.extra, key)
	return true
}

func (o *contextObject) Keys() []string {
	keys := append([]string(nil), o.fields()...)
	for _, k := range o.order {
		if _, ok := o.extra[k]; ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// invokeStreaming runs a handler wrapped by awslambda.streamifyResponse, as
// the runtime client does: handler(event, responseStream, context) must
// return a promise; the response is what it writes to the stream, which
// must be ended. https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html
func (in *instance) invokeStreaming(c *sandbox.Call, ev goja.Value, ctxObj *goja.Object) ([]byte, error) {
	in.streamErr = nil
	c.StreamStart("application/octet-stream")
	mk, _ := goja.AssertFunction(in.support().Get("createResponseStream"))
	rs, err := mk(goja.Undefined())
	if err != nil {
		return nil, in.invokeError(c, err)
	}
	rsObj := rs.ToObject(in.vm)
	ret, err := in.handler(goja.Undefined(), ev, rs, ctxObj)
	if err != nil {
		return nil, in.streamFail(c, err)
	}
	var promise *goja.Promise
	if obj, ok := ret.(*goja.Object); ok {
		promise, _ = obj.Export().(*goja.Promise)
	}
	if promise == nil {
		return nil, in.streamFail(c, &thrown{in.vm.ToValue("Streaming does not support non-async handlers.")})
	}
	if err := in.runLoop(c, func() bool { return promise.State() != goja.PromiseStatePending }, false); err != nil {
		return nil, in.invokeError(c, in.waitOutIfEmpty(c, err))
	}
	if in.streamErr != nil {
		fe := &sandbox.FunctionError{Type: sandbox.ErrTypeResponseTooLarge, Message: in.streamErr.Error()}
		in.logError(c.RequestID, "Invoke Error", fe)
		return nil, fe
	}
	if promise.State() == goja.PromiseStateRejected {
		in.removeUnhandled(promise)
		return nil, in.streamFail(c, &thrown{promise.Result()})
	}
	if err := in.checkUnhandled(c, promise); err != nil {
		return nil, err
	}
	if r := promise.Result(); r != nil && !goja.IsUndefined(r) {
		in.logLine(c.RequestID, "WARN", "Streaming handlers ignore return values.")
	}
	if fin := rsObj.Get("writableFinished"); fin == nil || !fin.ToBoolean() {
		return nil, in.streamFail(c, &thrown{in.vm.ToValue("Response stream is not finished.")})
	}
	return []byte{}, nil
}

// streamFail ends a streamed invocation with an error, logged as the
// runtime client logs it.
func (in *instance) streamFail(c *sandbox.Call, err error) error {
	return in.invokeError(c, err)
}

func isNullish(v goja.Value) bool { return v == nil || goja.IsUndefined(v) || goja.IsNull(v) }
