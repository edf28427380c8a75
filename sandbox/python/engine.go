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
// CPython's own start-up runs once per process: later interpreters start
// from a copy of the first one's memory (snapshot.go).
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
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
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

// boto3shim is boto3 and botocore for handlers (aws.go), made ready
// during the interpreter's start-up: it is in the snapshot (and its key).
//
//go:embed boto3shim.py
var boto3shim string

// Engine is the Python engine, registered for python3.12, python3.13 and
// python3.14 when the package is imported.
type Engine struct{}

// Runtimes lists the runtimes the engine serves.
func (Engine) Runtimes() []string { return []string{"python3.12", "python3.13", "python3.14"} }

// NewInstance gives one execution environment its interpreter: one
// started ahead of time when there is one (see pool), else a new one, and
// binds it to the environment: its code, /tmp, memory size and random
// source. The environment variables go with the INIT message.
func (Engine) NewInstance(h *sandbox.Host) (sandbox.Instance, error) {
	if err := Prepare(); err != nil {
		return nil, err
	}
	startPool()
	var in *instance
	select {
	case in = <-pool.ready:
	default:
		var err error
		if in, err = startInterpreter(); err != nil {
			return nil, err
		}
	}
	if err := in.tmp.create(); err != nil {
		in.Close()
		return nil, fmt.Errorf("python: cannot make /tmp for the execution environment: %w", err)
	}
	in.bind(h)
	// The interpreter's goroutine keeps the instance alive, so a caller that
	// drops an account without closing it would leak the interpreter (its
	// thread, memory and /tmp): a finalizer on the handle the sandbox holds
	// closes it then.
	hd := &handle{in}
	runtime.SetFinalizer(hd, func(hd *handle) { go hd.Close() })
	return hd, nil
}

// handle is what the sandbox holds of an instance; see NewInstance.
type handle struct{ *instance }

// pool keeps interpreters started ahead of time (from the start-up
// snapshot once there is one), so that most cold starts only import the
// handler. An interpreter in the pool knows nothing of any function yet.
var pool struct {
	once  sync.Once
	ready chan *instance
}

// poolSize is how many started interpreters wait in the pool (plus the
// one being started).
const poolSize = 1

func startPool() {
	pool.once.Do(func() {
		pool.ready = make(chan *instance, poolSize)
		go func() {
			for {
				in, err := startInterpreter()
				if err != nil {
					return
				}
				select {
				case <-in.ch.ready:
					pool.ready <- in
				case <-in.exited:
					in.Close()
					return
				}
			}
		}()
	})
}

// Memory an interpreter may use before it is bound to a function, and
// the address space reserved for the largest memory size.
const (
	unboundMemory = 256 << 20
	reserveMemory = uint64(sandbox.MaxMemoryMB) << 20
)

func init() { sandbox.Register(Engine{}) }

// instance is one CPython interpreter in one execution environment.
type instance struct {
	h      *sandbox.Host // nil until bind; guarded by mu
	tmp    *tmpDir
	code   *taskFS
	rnd    *swapRand
	ch     *channel
	mem    *linearMemory
	out    *lineWriter
	cancel context.CancelFunc
	exited chan struct{}
	exit   error      // what _start returned; read after exited is closed
	mod    api.Module // set on the interpreter's goroutine before _start
	dead   bool       // the interpreter has stopped; used by the calling goroutine

	cpu      func() time.Duration // the interpreter thread's CPU time
	mu       sync.Mutex
	call     *sandbox.Call // the running call, nil between calls
	last     time.Time     // the virtual time last read
	running  bool          // the guest is running the call's code
	mark     time.Duration // CPU time when compute was last accounted
	used     time.Duration // CPU time the guest used in this call
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

// bind gives an unbound interpreter to one execution environment.
func (in *instance) bind(h *sandbox.Host) {
	in.mu.Lock()
	in.h, in.last = h, h.Start
	in.mu.Unlock()
	in.tmp.limit.Store(int64(h.Config.EphemeralMB) << 20)
	in.mem.limit.Store(uint64(h.Config.MemoryMB) << 20)
	in.code.set(h.Config.Files)
	in.rnd.set(h.Rand)
}

// Init waits for the interpreter to be ready (its start-up is the
// tutor's work, not the function's INIT) and imports the handler's
// module.
func (in *instance) Init(c *sandbox.Call) error {
	msg, _ := json.Marshal(struct {
		Handler string            `json:"handler"`
		Env     map[string]string `json:"env"`
	}{in.h.Config.Handler, in.h.Env})
	var kind byte
	var body []byte
	var err error
	c.Exclude(func() {
		in.begin(c, false)
		select {
		case <-in.ch.ready:
		case <-in.exited:
			err = in.exitError()
		}
		in.end()
		if err == nil {
			kind, body, err = in.roundTrip(c, msg)
		}
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
	if kind != 'M' && in.mem != nil && in.mem.refused.Load() {
		// The handler caught the MemoryError of a growth past the
		// function's memory: on Lambda the process was killed when it
		// outgrew its memory, whatever the code does next.
		kind = 'M'
	}
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

// startInterpreter instantiates CPython with the bootstrap as its
// program, unbound: no function's code, environment or limits yet; from
// the start-up snapshot when there is one (snapshotFor). It returns at
// once; in.ch.ready closes when the bootstrap waits for its INIT message.
func startInterpreter() (*instance, error) {
	from, take := snapshotFor()
	return startFrom(from, take)
}

// startFullInterpreter starts an interpreter without the snapshot.
func startFullInterpreter() (*instance, error) { return startFrom(nil, false) }

// startFrom starts an interpreter from the snapshot from, or in full
// when from is nil, stopping at the snapshot point to take it if take.
func startFrom(from *snapshot, take bool) (*instance, error) {
	tmp := newTmpDir(0)
	mem, err := newLinearMemory(reserveMemory, unboundMemory)
	if err != nil {
		return nil, fmt.Errorf("python: cannot reserve memory for the interpreter: %w", err)
	}
	ch := newChannel(tmp)
	in := &instance{tmp: tmp, code: newTaskFS(), rnd: newSwapRand(ch.ready), ch: ch, mem: mem, exited: make(chan struct{})}
	in.out = &lineWriter{in: in}
	ch.sdk = in.sdkCall
	ctx, cancel := context.WithCancel(context.Background())
	in.cancel = cancel
	ctx = experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(func(_, _ uint64) experimental.LinearMemory { return mem }))

	runtimeDir := fstest.MapFS{
		"bootstrap.py": &fstest.MapFile{Data: []byte(bootstrap), Mode: 0o444},
		"boto3shim.py": &fstest.MapFile{Data: []byte(boto3shim), Mode: 0o444},
	}
	// The mounts, in this order, are the preopened directories the
	// snapshot's memory knows: they are part of its key (mountPoints).
	fsc := wazero.NewFSConfig().WithFSMount(runtimeDir, mountPoints[0])
	fsc = fsc.(sysfs.FSConfig).WithSysFSMount(&sysfs.AdaptFS{FS: in.code}, mountPoints[1])
	fsc = fsc.(sysfs.FSConfig).WithSysFSMount(in.tmp, mountPoints[2])
	fsc = fsc.(sysfs.FSConfig).WithSysFSMount(in.ch, mountPoints[3])

	args := append([]string(nil), snapshotArgs...)
	if from != nil {
		args = append(args[:len(args)-1], "-c", "main()")
	}
	in.ch.wantSnapshot.Store(take)
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions().
		WithArgs(args...).
		WithStdin(bytes.NewReader(nil)).WithStdout(in.out).WithStderr(in.out).
		WithWalltime(in.walltime, sys.ClockResolution(1000)).
		WithNanotime(in.nanotime, sys.ClockResolution(1)).
		WithNanosleep(in.nanosleep).
		WithRandSource(in.rnd).
		WithFSConfig(fsc)
	clock := make(chan func() time.Duration)
	go func() {
		defer close(in.exited)
		// One OS thread runs this interpreter, so that its CPU clock
		// measures the guest's compute, at the priority of handler code.
		runtime.LockOSThread()
		sandbox.LowerThreadPriority()
		clock <- threadClock()
		mod, err := compiled.rt.InstantiateModule(ctx, compiled.mod, cfg)
		if err == nil && from != nil {
			err = from.restore(mod)
		}
		if err == nil {
			in.mod = mod
			_, err = mod.ExportedFunction("_start").Call(ctx)
		}
		if take && in.ch.wantSnapshot.Load() || in.ch.armed.Load() {
			snapshotAbandoned() // ended before the snapshot point
		}
		select {
		case <-in.ch.ready:
		default:
			if from != nil && !in.stopped.Load() {
				snapshotBroken(err) // a start from it failed by itself
			}
		}
		if mod != nil {
			_ = mod.Close(context.Background())
		}
		var ee *sys.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 0 {
			err = nil // as when _start runs as the start function
		}
		in.exit = err
		in.ch.shut()
	}()
	in.cpu = <-clock
	return in, nil
}

// roundTrip sends one message and waits for the answer, enforcing the
// call's deadline on the guest's compute.
func (in *instance) roundTrip(c *sandbox.Call, msg []byte) (byte, []byte, error) {
	if in.dead || in.stopped.Load() {
		return 0, nil, in.exitError()
	}
	in.begin(c, true)
	defer in.end()
	in.tmp.full.Store(false)
	done := make(chan struct{})
	defer close(done)
	go in.watch(c, done)
	if !in.ch.send(msg) {
		<-in.exited
		return 0, nil, in.exitError()
	}
	select {
	case ans := <-in.ch.out:
		// A guest stopped at its deadline (a sleep past it) may still
		// write an answer before wazero closes it: the call has timed
		// out, so the answer does not count.
		if len(ans) == 0 || in.stopped.Load() {
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
	in.call, in.running, in.mark, in.used, in.reported = c, counting, in.cpu(), 0, 0
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

// accountLocked adds the CPU time the guest used since the last mark to
// the call: as execution steps, scaled down by wasmSlowdown (none in
// deterministic mode, where compute is not measured).
func (in *instance) accountLocked() {
	if !in.running {
		return
	}
	now := in.cpu()
	in.used += now - in.mark
	in.mark = now
	step := in.h.Runtime.StepNanos
	if in.h.Deterministic || step <= 0 {
		return
	}
	steps := int64(float64(in.used) / wasmSlowdown / step)
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
			left -= time.Duration(float64(in.used) / wasmSlowdown / share)
		}
		over := left <= 0 || in.used > sandbox.DefaultHostTimeLimit
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
	if in.h == nil {
		return time.Unix(0, 0) // unbound: not observable by any handler
	}
	if in.call != nil {
		in.accountLocked()
		if t := in.call.Now(); t.After(in.last) {
			in.last = t
		}
	}
	return in.last
}

func (in *instance) walltime() (int64, int32) {
	if in.ch.armed.Swap(false) {
		takeSnapshot(in.mod)
	}
	t := in.now()
	return t.Unix(), int32(t.Nanosecond())
}

func (in *instance) nanotime() int64 {
	t := in.now()
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.h == nil {
		return 0
	}
	return int64(t.Sub(in.h.Start))
}

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

// swapRand is the bytes of WASI's random_get (os.urandom, random,
// uuid4): a fixed seed while the interpreter starts (so CPython's hash
// seed is the same in every run, and in the start-up snapshot), then,
// once the bootstrap waits for its INIT message (gate), the environment's
// seeded source. An interpreter bound while it still starts (no
// interpreter was ready) switches at the same point as one from the pool.
type swapRand struct {
	mu    sync.Mutex
	start *rand.Rand
	env   *rand.Rand
	gate  <-chan struct{}
}

func newSwapRand(gate <-chan struct{}) *swapRand {
	return &swapRand{start: rand.New(rand.NewPCG(0x1a3bda, 0x7079)), gate: gate}
}

func (s *swapRand) set(r *rand.Rand) {
	s.mu.Lock()
	s.env = r
	s.mu.Unlock()
}

func (s *swapRand) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.start
	if s.env != nil {
		select {
		case <-s.gate:
			r = s.env
		default:
		}
	}
	for i := range p {
		p[i] = byte(r.Uint32())
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
