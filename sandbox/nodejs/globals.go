package nodejs

import (
	"container/heap"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

//go:embed support.js
var supportSource string

var (
	supportOnce sync.Once
	supportProg *goja.Program
	supportErr  error
)

//go:embed prelude.js
var preludeSource string

var (
	preludeOnce sync.Once
	preludeProg *goja.Program
	preludeErr  error
)

// setup creates the VM and runs prelude.js, which defines the globals
// (console, timers, process, Buffer ...) over one host function.
func (in *instance) setup() {
	vm := goja.New()
	in.vmMu.Lock()
	in.vm = vm
	in.vmMu.Unlock()
	in.modules = map[string]*goja.Object{}
	in.builtins = map[string]goja.Value{}
	vm.SetMaxCallStackSize(maxCallStack)
	vm.SetTimeSource(in.now)
	vm.SetRandSource(in.h.Rand.Float64)
	vm.SetPromiseRejectionTracker(in.trackRejection)
	g := vm.GlobalObject()
	// Globals are built on first use: a missing name falls through to the
	// global object's prototype, lazyGlobals, which builds its group.
	lazy := vm.NewDynamicObject(&lazyGlobals{in: in})
	_ = lazy.SetPrototype(g.Prototype())
	_ = g.SetPrototype(lazy)
	in.guardBuiltins() // and makes the global object the code sees, with the global "global"
}

// nodeDate patches goja's Date, in a module that names Date, to print as Node does on Lambda, where
// TZ=:UTC: "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal
// Time)" rather than goja's "(UTC)" (goja uses the host's time zone name).
func (in *instance) nodeDate() {
	in.datePatched = true
	vm := in.vm
	date := vm.Get("Date")
	proto := date.ToObject(vm).Get("prototype").ToObject(vm)
	// en-US is Node's default locale on Lambda; other locales and
	// options fall back to goja's own formatting.
	for name, layout := range map[string]string{
		"toString":           "Mon Jan 02 2006 15:04:05 GMT+0000 (Coordinated Universal Time)",
		"toTimeString":       "15:04:05 GMT+0000 (Coordinated Universal Time)",
		"toLocaleString":     "1/2/2006, 3:04:05 PM",
		"toLocaleDateString": "1/2/2006",
		"toLocaleTimeString": "3:04:05 PM",
	} {
		name, layout := name, layout
		orig, _ := goja.AssertFunction(proto.Get(name))
		locale := strings.HasPrefix(name, "toLocale")
		fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
			t, ok := call.This.Export().(time.Time)
			if !ok {
				panic(vm.NewTypeError("this is not a Date object."))
			}
			if locale && orig != nil {
				l, opts := call.Argument(0), call.Argument(1)
				if !goja.IsUndefined(opts) || !(goja.IsUndefined(l) || l.String() == "en-US") {
					v, err := orig(call.This, call.Arguments...)
					if err != nil {
						panic(err)
					}
					return v
				}
			}
			if ms := call.This.ToObject(vm).Get("getTime"); ms != nil {
				if f, ok := goja.AssertFunction(ms); ok {
					if v, err := f(call.This); err == nil && v.ToFloat() != v.ToFloat() {
						return vm.ToValue("Invalid Date")
					}
				}
			}
			return vm.ToValue(t.UTC().Format(layout))
		}).ToObject(vm)
		_ = fn.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		_ = proto.DefineDataProperty(name, fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
}

// lazyGroups maps each lazily built global to its group in prelude.js
// ("" for the support library).
var lazyGroups = map[string]string{
	"setTimeout": "timers", "setInterval": "timers", "setImmediate": "timers",
	"clearTimeout": "timers", "clearInterval": "timers", "clearImmediate": "timers",
	"queueMicrotask":  "timers",
	"structuredClone": "misc", "performance": "misc", "fetch": "misc", "atob": "misc", "btoa": "misc",
	"console": "console", "process": "process",
	"Buffer": "", "TextEncoder": "", "TextDecoder": "", "awslambda": "",
	"URL": "url", "URLSearchParams": "url",
	"crypto":          "webcrypto",
	"AbortController": "abort", "AbortSignal": "abort", "DOMException": "abort", "EventTarget": "abort", "Event": "abort",
	"__lambdatutorNodeError": "nodeError",
}

// lazyGlobals is the global object's prototype: it builds a global's
// group the first time the name is looked up and defines it on the global
// object, which then answers directly.
type lazyGlobals struct {
	in      *instance
	prelude goja.Callable
}

func (l *lazyGlobals) Has(key string) bool {
	_, ok := lazyGroups[key]
	return ok
}

func (l *lazyGlobals) Get(key string) goja.Value {
	group, ok := lazyGroups[key]
	if !ok {
		return nil
	}
	in := l.in
	g := in.rawGlobal
	switch group {
	case "url", "nodeError", "webcrypto":
		var v goja.Value
		switch group {
		case "url":
			v = in.require("url", "").ToObject(in.vm).Get(key)
		case "webcrypto":
			// Node's global crypto is Web Crypto; the tutor offers its
			// randomUUID and getRandomValues (crypto.subtle is not there).
			c := in.require("crypto", "").ToObject(in.vm)
			w := in.vm.NewObject()
			_ = w.Set("randomUUID", c.Get("randomUUID"))
			_ = w.Set("getRandomValues", c.Get("getRandomValues"))
			_ = w.DefineAccessorProperty("subtle", in.vm.ToValue(func(goja.FunctionCall) goja.Value {
				panic(in.newError("Error", "crypto.subtle (Web Crypto) is not in the tutor: Node.js on Lambda has it, but the tutor offers only crypto.randomUUID and crypto.getRandomValues globally. "+
					"To practise here, use require('crypto') (createHash, createHmac, randomBytes)", ""))
			}), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
			v = w
		default:
			v = in.vm.ToValue(func(e goja.Value) goja.Value {
				// Every caught Error, so that e.message and e.stack read
				// as Node's; the sandbox's time, not the function's.
				if obj, ok := e.(*goja.Object); ok && obj.ClassName() == "Error" {
					if in.call != nil {
						in.call.Exclude(func() { in.nodeError(obj) })
					} else {
						in.nodeError(obj)
					}
				}
				return e
			})
		}
		_ = g.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		return v
	}
	if group == "" {
		v := in.support().Get(key)
		_ = g.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		return v
	}
	if in.call != nil {
		var v goja.Value
		in.call.Exclude(func() { v = l.build(key, group) })
		return v
	}
	return l.build(key, group)
}

// build runs the group's part of prelude.js and returns the global.
func (l *lazyGlobals) build(key, group string) goja.Value {
	in := l.in
	g := in.rawGlobal
	if l.prelude == nil {
		preludeOnce.Do(func() {
			preludeProg, preludeErr = goja.Compile("node:internal/prelude", preludeSource, true)
		})
		if preludeErr != nil {
			panic(in.vm.NewGoError(preludeErr))
		}
		fnv, err := in.vm.RunProgram(preludeProg)
		if err != nil {
			panic(err)
		}
		l.prelude, _ = goja.AssertFunction(fnv)
	}
	if _, err := l.prelude(goja.Undefined(), g, in.vm.ToValue(in.host), in.vm.ToValue(group)); err != nil {
		panic(err)
	}
	v := g.Get(key)
	if v == nil {
		return goja.Undefined()
	}
	return v
}

func (l *lazyGlobals) Set(string, goja.Value) bool { return false }
func (l *lazyGlobals) Delete(string) bool          { return true }
func (l *lazyGlobals) Keys() []string              { return nil }

// jsonFunc returns JSON.parse or JSON.stringify. Looked up on first use:
// building the JSON object costs a new VM several microseconds, and the
// sandbox's own parser and serializer usually do without it.
func (in *instance) jsonFunc(name string) goja.Callable {
	fn, _ := goja.AssertFunction(in.vm.Get("JSON").ToObject(in.vm).Get(name))
	return fn
}

// trackRejection keeps the rejected promises nobody handles: Node's
// runtime exits on one (Runtime.UnhandledPromiseRejection).
func (in *instance) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		in.unhandled = append(in.unhandled, p)
	case goja.PromiseRejectionHandle:
		in.removeUnhandled(p)
	}
}

// removeUnhandled forgets a rejected promise that has been dealt with.
func (in *instance) removeUnhandled(p *goja.Promise) {
	for i, q := range in.unhandled {
		if q == p {
			in.unhandled = append(in.unhandled[:i], in.unhandled[i+1:]...)
			return
		}
	}
}

// host is the Go side of prelude.js: host(op, ...args).
func (in *instance) host(call goja.FunctionCall) goja.Value {
	vm := in.vm
	arg := call.Argument
	switch call.Argument(0).String() {
	case "log":
		level := arg(1).String()
		msg := in.format(call.Arguments[2:])
		if level == "TRACE" {
			msg = "Trace: " + msg
		}
		in.logLine(in.requestID(), level, msg)
	case "dir":
		in.logLine(in.requestID(), "INFO", in.inspect(arg(1)))
	case "timer":
		fn, _ := goja.AssertFunction(arg(2))
		kind := arg(1).ToInteger()
		delay := time.Millisecond
		if ms := arg(3).ToFloat(); ms >= 1 && ms <= 2147483647 {
			delay = time.Duration(ms * float64(time.Millisecond))
		}
		if kind == 2 {
			delay = 0
		}
		t := in.addTimer(delay, fn, call.Arguments[4:])
		if kind == 1 {
			t.interval = max(delay, time.Millisecond)
		}
		return vm.ToValue(t.id)
	case "clear":
		in.timers.remove(arg(1).ToInteger())
	case "now":
		return vm.ToValue(float64(in.now().Sub(in.h.Start).Microseconds()) / 1000)
	case "uptime":
		return vm.ToValue(in.now().Sub(in.h.Start).Seconds())
	case "hrtime":
		return vm.ToValue(in.now().Sub(in.h.Start).Nanoseconds())
	case "memory":
		rss := int64(in.h.Runtime.MemoryMB[in.h.Config.Arch] * 1024 * 1024)
		o := vm.NewObject()
		_ = o.Set("rss", rss)
		_ = o.Set("heapTotal", rss/2)
		_ = o.Set("heapUsed", rss/3)
		_ = o.Set("external", 1<<20)
		_ = o.Set("arrayBuffers", 1<<16)
		return o
	case "exit":
		panic(&exitError{code: arg(1).ToInteger()})
	case "sleep":
		name := "setTimeout"
		if arg(1).ToInteger() == 2 {
			name = "setImmediate"
		}
		fn, _ := goja.AssertFunction(in.require("timers/promises", "").ToObject(vm).Get(name))
		v, err := fn(goja.Undefined(), call.Arguments[2:]...)
		if err != nil {
			panic(err)
		}
		return v
	case "process":
		return in.processInfo()
	case "support":
		return in.support()
	}
	return goja.Undefined()
}

// addTimer queues a callback on the virtual clock.
func (in *instance) addTimer(delay time.Duration, fn goja.Callable, args []goja.Value) *timer {
	in.timerSeq++
	t := &timer{id: in.timerSeq, seq: in.timerSeq, due: in.now().Add(delay), fn: fn}
	if len(args) > 0 {
		t.args = append([]goja.Value(nil), args...)
	}
	in.timers.push(t)
	return t
}

// processInfo is what process is built from: Lambda's environment only.
func (in *instance) processInfo() goja.Value {
	vm := in.vm
	env := vm.NewObject()
	keys := make([]string, 0, len(in.h.Env))
	for k := range in.h.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		_ = env.Set(k, in.h.Env[k])
	}
	major := strings.TrimSuffix(strings.TrimPrefix(in.h.Runtime.Name, "nodejs"), ".x")
	arch := "x64"
	if in.h.Config.Arch == sandbox.ARM64 {
		arch = "arm64"
	}
	o := vm.NewObject()
	_ = o.Set("env", env)
	_ = o.Set("version", "v"+major+".0.0")
	_ = o.Set("arch", arch)
	return o
}

// support runs support.js in this VM once and returns its exports. Its
// cost is the sandbox's, not the function's (Node has these built in).
func (in *instance) support() *goja.Object {
	if in.lib != nil {
		return in.lib
	}
	if in.call != nil {
		in.call.Exclude(in.loadSupport)
	} else {
		in.loadSupport()
	}
	return in.lib
}

func (in *instance) loadSupport() {
	in.installGuards(arrayBufferGuard) // the library makes ArrayBuffers from Go
	supportOnce.Do(func() {
		supportProg, supportErr = goja.Compile("node:internal/support", supportSource, true)
	})
	if supportErr != nil {
		panic(in.newError("Error", "internal: "+supportErr.Error(), ""))
	}
	fnv, err := in.vm.RunProgram(supportProg)
	if err != nil {
		panic(err)
	}
	fn, _ := goja.AssertFunction(fnv)
	lib, err := fn(goja.Undefined(), in.native())
	if err != nil {
		panic(err)
	}
	in.lib = lib.ToObject(in.vm)
}

// native are the Go helpers support.js uses.
func (in *instance) native() *goja.Object {
	vm := in.vm
	o := vm.NewObject()
	_ = o.Set("encode", func(s string, enc string) goja.Value {
		b, err := encodeString(s, enc)
		if err != nil {
			panic(vm.NewTypeError(err.Error()))
		}
		return vm.ToValue(vm.NewArrayBuffer(b))
	})
	_ = o.Set("decode", func(ab goja.ArrayBuffer, off, n int, enc string) string {
		b := ab.Bytes()
		if off < 0 || off+n > len(b) {
			return ""
		}
		return decodeBytes(b[off:off+n], enc)
	})
	_ = o.Set("nodeStack", func(v goja.Value) string {
		obj, ok := v.(*goja.Object)
		if !ok {
			return ""
		}
		return strings.Join(in.nodeError(obj), "\n")
	})
	_ = o.Set("streamStart", func(contentType string) {
		if in.call != nil {
			if contentType == "" {
				contentType = "application/octet-stream"
			}
			in.call.StreamStart(contentType)
		}
	})
	_ = o.Set("streamPrelude", func(json string) {
		if in.call != nil {
			in.call.StreamPrelude([]byte(json))
		}
	})
	_ = o.Set("streamWrite", func(v goja.Value) bool {
		if in.call == nil {
			return false
		}
		if err := in.call.StreamWrite(in.bytesOf(v, nil)); err != nil {
			if in.streamErr == nil {
				in.streamErr = err
			}
			panic(in.newError("Error", err.Error(), "ERR_STREAM_TOO_LARGE"))
		}
		return true
	})
	_ = o.Set("promiseState", func(v goja.Value) string {
		p, ok := v.Export().(*goja.Promise)
		if !ok {
			return "<pending>"
		}
		switch p.State() {
		case goja.PromiseStateFulfilled:
			return in.inspect(p.Result())
		case goja.PromiseStateRejected:
			return "<rejected> " + in.inspect(p.Result())
		}
		return "<pending>"
	})
	return o
}

// inspect formats a value as Node's util.inspect does.
func (in *instance) inspect(v goja.Value) string {
	fn, _ := goja.AssertFunction(in.support().Get("inspect"))
	out, err := fn(goja.Undefined(), v)
	if err != nil {
		return v.String()
	}
	return out.String()
}

// format formats console arguments as Node's util.format does; strings
// alone take a fast path.
func (in *instance) format(args []goja.Value) string {
	simple := true
	for i, a := range args {
		s, ok := a.Export().(string)
		if !ok || !goja.IsString(a) || (i == 0 && strings.Contains(s, "%")) {
			simple = false
			break
		}
	}
	if simple {
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i] = a.String()
		}
		return strings.Join(parts, " ")
	}
	fn, _ := goja.AssertFunction(in.support().Get("format"))
	out, err := fn(goja.Undefined(), in.vm.NewArray(toInterfaces(args)...))
	if err != nil {
		panic(err)
	}
	return out.String()
}

func toInterfaces(vs []goja.Value) []interface{} {
	out := make([]interface{}, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func (in *instance) requestID() string {
	if in.call == nil || in.call.RequestID == "" {
		return "undefined"
	}
	return in.call.RequestID
}

// exitError is process.exit: the runtime process ends.
type exitError struct{ code int64 }

func (e *exitError) Error() string {
	return fmt.Sprintf("Error: Runtime exited with error: exit status %d", e.code)
}

// timer is one pending setTimeout/setInterval/setImmediate on the virtual
// clock.
type timer struct {
	id       int64
	seq      int64
	due      time.Time
	interval time.Duration
	fn       goja.Callable
	args     []goja.Value
	index    int
}

// timerQueue orders timers by due time, then creation.
type timerQueue []*timer

func (q timerQueue) Len() int { return len(q) }
func (q timerQueue) Less(i, j int) bool {
	if q[i].due.Equal(q[j].due) {
		return q[i].seq < q[j].seq
	}
	return q[i].due.Before(q[j].due)
}
func (q timerQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *timerQueue) Push(x any) {
	t := x.(*timer)
	t.index = len(*q)
	*q = append(*q, t)
}
func (q *timerQueue) Pop() any {
	old := *q
	t := old[len(old)-1]
	*q = old[:len(old)-1]
	t.index = -1
	return t
}

func (q *timerQueue) push(t *timer) { heap.Push(q, t) }

func (q *timerQueue) pop() *timer {
	if q.Len() == 0 {
		return nil
	}
	return heap.Pop(q).(*timer)
}

func (q *timerQueue) remove(id int64) {
	for _, t := range *q {
		if t.id == id {
			heap.Remove(q, t.index)
			return
		}
	}
}
