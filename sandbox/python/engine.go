// Package python runs Python Lambda handlers on real CPython 3.12,
// compiled to WebAssembly (wasm32-wasi) and run inside this process by
// wazero, behind the sandbox.Engine interface.
//
// Import it for its side effect of registering the runtimes python3.12,
// python3.13 and python3.14 (all three run CPython 3.12.0):
//
//	import _ "github.com/lambdatutor/lambdatutor/sandbox/python"
//
// Each execution environment is one wasm instance. An embedded bootstrap
// (bootstrap.py) loops like Lambda's runtime interface client: it imports
// the handler at INIT, then calls it for every request with a context
// object, and sends back the response or the error object in Lambda's
// shape on a private channel. Module state and /tmp persist between warm
// invokes. The sandbox's rules are enforced from outside the interpreter:
// the virtual clock through wazero's clock hooks (time.sleep advances it
// at no real cost), the timeout by closing the instance, the function's
// memory size by the instance's memory allocator (Runtime.OutOfMemory),
// /tmp's size by its file system, and seeded randomness.
//
// The interpreter is compiled to machine code once per machine and kept
// in the compile cache (CacheDir); Prepare does it ahead of time.
//
// INIT and Duration are modelled, not measured: the wasm build is many
// times slower than CPython on Lambda, so its own start-up is left out of
// Init Duration, and handler compute is measured and divided by
// wasmSlowdown (and not counted at all in deterministic mode).
package python

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	"github.com/tetratelabs/wazero/sys"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Lesson is the lesson that explains how the tutor runs Python.
const Lesson = "python-subset"

// wasmSlowdown is how much slower the wasm build runs Python than CPython
// on Lambda (it was compiled at -O0: 10-30x on CPU-bound code): measured
// handler compute is divided by it before it reaches Duration.
const wasmSlowdown = 10

// watchTick is how often a running call is checked against its deadline.
const watchTick = 2 * time.Millisecond

//go:embed bootstrap.py
var bootstrap string

// Engine is the Python engine, registered for python3.12, python3.13 and
// python3.14 when the package is imported.
type Engine struct{}

// Runtimes lists the runtimes the engine serves.
func (Engine) Runtimes() []string { return []string{"python3.12", "python3.13", "python3.14"} }

// NewInstance prepares one execution environment's interpreter: the
// compiled module (compiled on the first use in the process) and /tmp.
// The interpreter starts in Init.
func (Engine) NewInstance(h *sandbox.Host) (sandbox.Instance, error) {
	if err := Prepare(); err != nil {
		return nil, err
	}
	tmp, err := newTmpDir(int64(h.Config.EphemeralMB) << 20)
	if err != nil {
		return nil, fmt.Errorf("python: cannot make /tmp for the execution environment: %w", err)
	}
	in := &instance{h: h, tmp: tmp, ch: newChannel(), exited: make(chan struct{}), last: h.Start}
	in.out = &lineWriter{in: in}
	return in, nil
}

func init() { sandbox.Register(Engine{}) }

// instance is one CPython interpreter in one execution environment.
type instance struct {
	h      *sandbox.Host
	tmp    *tmpDir
	ch     *channel
	mem    *linearMemory
	out    *lineWriter
	cancel context.CancelFunc
	exited chan struct{}
	exit   error // what _start returned; read after exited is closed
	dead   bool  // the interpreter has stopped; used by the calling goroutine

	mu       sync.Mutex
	call     *sandbox.Call // the running call, nil between calls
	last     time.Time     // the virtual time last read
	running  bool          // the guest is running the call's code
	mark     time.Time     // wall time compute was last accounted
	wall     time.Duration // wall time the guest ran in this call
	reported int64         // steps reported to the call

	stopped atomic.Bool
	reason  atomic.Value // error: why the instance was stopped
}

// Interrupt stops the interpreter: the running call returns reason, and
// the instance is not used again.
func (in *instance) Interrupt(reason error) {
	if reason == nil {
		reason = sandbox.ErrDeadline
	}
	in.stop(reason)
}

func (in *instance) stop(reason error) {
	if in.stopped.Swap(true) {
		return
	}
	in.reason.Store(reason)
	if in.cancel != nil {
		in.cancel()
	}
	in.ch.shut()
}

// Close ends the interpreter and releases its memory and /tmp.
func (in *instance) Close() {
	in.stop(errClosed)
	if in.cancel != nil {
		<-in.exited
	}
	if in.mem != nil {
		in.mem.Free()
	}
	in.tmp.remove()
}

var errClosed = errors.New("python: instance closed")

// Init starts the interpreter and imports the handler's module.
func (in *instance) Init(c *sandbox.Call) error {
	var kind byte
	var body []byte
	var err error
	c.Exclude(func() {
		if err = in.start(c); err != nil {
			return
		}
		kind, body, err = in.roundTrip(c, []byte(in.h.Config.Handler))
	})
	if err != nil {
		return err
	}
	return in.outcome(kind, body, true)
}

// Invoke sends the event to the bootstrap and waits for its answer.
func (in *instance) Invoke(c *sandbox.Call, event []byte) ([]byte, error) {
	head, _ := json.Marshal(struct {
		RequestID  string `json:"requestId"`
		DeadlineMs int64  `json:"deadlineMs"`
		ARN        string `json:"arn"`
	}{c.RequestID, c.Deadline().UnixMilli(), in.arn()})
	msg := append(append(head, '\n'), event...)
	var kind byte
	var body []byte
	var err error
	c.Exclude(func() { kind, body, err = in.roundTrip(c, msg) })
	if err != nil {
		return nil, err
	}
	if err := in.outcome(kind, body, false); err != nil {
		return nil, err
	}
	return body, nil
}

func (in *instance) arn() string {
	cfg := in.h.Config
	arn := cfg.FunctionARN()
	if v := cfg.Version(); v != "$LATEST" {
		arn += ":" + v
	}
	return arn
}

// outcome turns a bootstrap answer into the call's result.
func (in *instance) outcome(kind byte, body []byte, atInit bool) error {
	switch kind {
	case 'R':
		return nil
	case 'M':
		in.stop(sandbox.ErrOutOfMemory)
		return sandbox.ErrOutOfMemory
	case 'E':
		var e struct {
			Message string   `json:"errorMessage"`
			Type    string   `json:"errorType"`
			Trace   []string `json:"stackTrace"`
		}
		if err := json.Unmarshal(body, &e); err != nil {
			return &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Fatal: true,
				Message: "Error: Runtime exited with error: the bootstrap sent a malformed error: " + err.Error()}
		}
		return &sandbox.FunctionError{Type: e.Type, Message: e.Message, Trace: e.Trace, Raw: body, Fatal: atInit}
	}
	return &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Fatal: true,
		Message: fmt.Sprintf("Error: Runtime exited with error: unknown answer %q from the bootstrap", kind)}
}

// start instantiates CPython with the bootstrap as its program. It
// returns once the bootstrap waits for its first message.
func (in *instance) start(c *sandbox.Call) error {
	// The interpreter's own start-up is not the function's INIT: it is
	// not counted (the clocks still read the call's time).
	in.begin(c, false)
	defer in.end()
	limit := uint64(in.h.Config.MemoryMB) << 20
	mem, err := newLinearMemory(limit)
	if err != nil {
		return fmt.Errorf("python: cannot reserve %d MB for the interpreter: %w", in.h.Config.MemoryMB, err)
	}
	in.mem = mem
	ctx, cancel := context.WithCancel(context.Background())
	in.cancel = cancel
	ctx = experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(func(_, _ uint64) experimental.LinearMemory { return mem }))

	code := fstest.MapFS{}
	for name, src := range in.h.Config.Files {
		code[name] = &fstest.MapFile{Data: []byte(src), Mode: 0o444}
	}
	runtimeDir := fstest.MapFS{"bootstrap.py": &fstest.MapFile{Data: []byte(bootstrap), Mode: 0o444}}
	fsc := wazero.NewFSConfig().WithFSMount(code, sandbox.TaskRoot).WithFSMount(runtimeDir, "/var/runtime")
	fsc = fsc.(sysfs.FSConfig).WithSysFSMount(in.tmp, "/tmp")
	fsc = fsc.(sysfs.FSConfig).WithSysFSMount(in.ch, channelDir)

	cfg := wazero.NewModuleConfig().WithName("").
		WithArgs("python", "-S", "-X", "frozen_modules=on", "/var/runtime/bootstrap.py").
		WithStdin(bytes.NewReader(nil)).WithStdout(in.out).WithStderr(in.out).
		WithWalltime(in.walltime, sys.ClockResolution(1000)).
		WithNanotime(in.nanotime, sys.ClockResolution(1)).
		WithNanosleep(in.nanosleep).
		WithRandSource(randReader{in.h.Rand}).
		WithFSConfig(fsc)
	keys := make([]string, 0, len(in.h.Env))
	for k := range in.h.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cfg = cfg.WithEnv(k, in.h.Env[k])
	}
	go func() {
		defer close(in.exited)
		mod, err := compiled.rt.InstantiateModule(ctx, compiled.mod, cfg)
		if mod != nil {
			_ = mod.Close(context.Background())
		}
		in.exit = err
		in.ch.shut()
	}()
	select {
	case <-in.ch.ready:
		return nil
	case <-in.exited:
		return in.exitError()
	}
}

// roundTrip sends one message and waits for the answer, enforcing the
// call's deadline on the guest's compute.
func (in *instance) roundTrip(c *sandbox.Call, msg []byte) (byte, []byte, error) {
	if in.dead || in.stopped.Load() {
		return 0, nil, in.exitError()
	}
	in.begin(c, true)
	defer in.end()
	done := make(chan struct{})
	defer close(done)
	go in.watch(c, done)
	if !in.ch.send(msg) {
		<-in.exited
		return 0, nil, in.exitError()
	}
	select {
	case ans := <-in.ch.out:
		if len(ans) == 0 {
			return 0, nil, in.exitError()
		}
		return ans[0], ans[1:], nil
	case <-in.exited:
		return 0, nil, in.exitError()
	}
}

// exitError says why the interpreter stopped.
func (in *instance) exitError() error {
	in.dead = true
	if r, ok := in.reason.Load().(error); ok && r != errClosed {
		return r
	}
	if in.mem != nil && in.mem.refused.Load() {
		return sandbox.ErrOutOfMemory
	}
	select {
	case <-in.exited:
	default:
		return &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Fatal: true, Message: "Error: Runtime exited without providing a reason"}
	}
	var ee *sys.ExitError
	if errors.As(in.exit, &ee) {
		return &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Fatal: true,
			Message: "Error: Runtime exited with error: exit status " + strconv.Itoa(int(ee.ExitCode()))}
	}
	if in.exit != nil {
		return &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Fatal: true, Message: "Error: Runtime exited with error: " + in.exit.Error()}
	}
	return &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Fatal: true, Message: "Error: Runtime exited without providing a reason"}
}

// begin binds the instance to a call; the guest's compute counts from
// now.
func (in *instance) begin(c *sandbox.Call, counting bool) {
	in.mu.Lock()
	in.call, in.running, in.mark, in.wall, in.reported = c, counting, time.Now(), 0, 0
	in.mu.Unlock()
}

// end accounts the call's last compute and unbinds it.
func (in *instance) end() {
	in.mu.Lock()
	if in.call != nil {
		in.accountLocked()
		in.last = in.call.Now()
	}
	in.call, in.running = nil, false
	in.mu.Unlock()
	in.out.flush()
}

// accountLocked adds the wall time the guest ran since the last mark to
// the call: as execution steps, scaled down by wasmSlowdown (none in
// deterministic mode, where compute is not measured).
func (in *instance) accountLocked() {
	if !in.running {
		return
	}
	now := time.Now()
	in.wall += now.Sub(in.mark)
	in.mark = now
	step := in.h.Runtime.StepNanos
	if in.h.Deterministic || step <= 0 {
		return
	}
	steps := int64(float64(in.wall) / wasmSlowdown / step)
	if steps > in.reported {
		in.call.AddSteps(steps - in.reported)
		in.reported = steps
	}
}

// watch stops the guest when its call reaches the deadline: virtual time
// waited, plus the guest's compute scaled down by wasmSlowdown and by the
// memory's vCPU share; or when it has run sandbox.DefaultHostTimeLimit
// on the host.
func (in *instance) watch(c *sandbox.Call, done chan struct{}) {
	t := time.NewTicker(watchTick)
	defer t.Stop()
	share := min(float64(in.h.Config.MemoryMB)/1769, 1)
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		in.mu.Lock()
		if in.call != c {
			in.mu.Unlock()
			return
		}
		in.accountLocked()
		left := c.Remaining()
		if in.h.Deterministic || in.h.Runtime.StepNanos <= 0 {
			left -= time.Duration(float64(in.wall) / wasmSlowdown / share)
		}
		over := left <= 0 || in.wall > sandbox.DefaultHostTimeLimit
		in.mu.Unlock()
		if over {
			in.stop(sandbox.ErrDeadline)
			return
		}
	}
}

// now is the virtual time, for the guest's clocks.
func (in *instance) now() time.Time {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.call != nil {
		in.accountLocked()
		if t := in.call.Now(); t.After(in.last) {
			in.last = t
		}
	}
	return in.last
}

func (in *instance) walltime() (int64, int32) {
	t := in.now()
	return t.Unix(), int32(t.Nanosecond())
}

func (in *instance) nanotime() int64 { return int64(in.now().Sub(in.h.Start)) }

// nanosleep advances virtual time instead of waiting (time.sleep); at
// the deadline the instance stops.
func (in *instance) nanosleep(ns int64) {
	in.mu.Lock()
	c := in.call
	if c != nil {
		in.accountLocked()
	}
	in.mu.Unlock()
	if c == nil {
		return
	}
	if err := c.Wait(time.Duration(ns)); err != nil {
		in.stop(sandbox.ErrDeadline)
	}
}

// randReader is the environment's seeded random source as the bytes of
// WASI's random_get (os.urandom, the hash seed, random, uuid4).
type randReader struct{ r *rand.Rand }

func (r randReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}

// lineWriter turns the interpreter's stdout and stderr into log lines of
// the running call.
type lineWriter struct {
	in      *instance
	mu      sync.Mutex
	pending []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = append(w.pending, p...)
	for {
		i := bytes.IndexByte(w.pending, '\n')
		if i < 0 {
			break
		}
		w.log(string(w.pending[:i]))
		w.pending = w.pending[i+1:]
	}
	return len(p), nil
}

func (w *lineWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) > 0 {
		w.log(string(w.pending))
		w.pending = nil
	}
}

func (w *lineWriter) log(line string) {
	w.in.mu.Lock()
	c := w.in.call
	w.in.mu.Unlock()
	if c != nil {
		c.Log(line)
	}
}

var _ io.Writer = (*lineWriter)(nil)
