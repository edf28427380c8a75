package sandbox

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// watchdogTick is how often a running call is checked against its
// deadline and memory limit.
const watchdogTick = 2 * time.Millisecond

// forcedGCEvery limits how often the watchdog collects garbage to measure
// the live heap.
const forcedGCEvery = 20 * time.Millisecond

// running holds the watchdogs of the calls running now, process-wide, that
// the process heap measures. The heap is shared: an environment with a
// memory tag (see memtag.go) is measured on its own from the heap profile
// and stopped only by its own figure. What no tag explains (an untagged
// environment, or allocations the profile cannot trace to one) cannot be
// told apart by measuring when several calls run at once: it is blamed on
// the call that reported the most large allocations (Call.Allocating) when
// those explain at least half of it, and otherwise on the call that has
// used the most host time (a memory bomb needs time to allocate).
//
// Instances that measure and limit their own memory (SelfMeasured, such
// as sandbox/python's WebAssembly memory) are measured per environment by
// their engine: the process heap neither stops them nor is blamed on them.
var running struct {
	sync.Mutex
	calls map[*watchdog]struct{}
}

// SelfMeasured is implemented by an Instance whose memory lies outside
// the Go heap and which enforces the function's memory itself, returning
// ErrOutOfMemory from Init or Invoke when it is exceeded.
type SelfMeasured interface {
	Instance
	MeasuresOwnMemory()
}

func registerWatchdog(w *watchdog) {
	running.Lock()
	if running.calls == nil {
		running.calls = map[*watchdog]struct{}{}
	}
	if len(running.calls) > 0 {
		w.shared.Store(true)
		for o := range running.calls {
			o.shared.Store(true)
		}
	}
	running.calls[w] = struct{}{}
	running.Unlock()
}

func unregisterWatchdog(w *watchdog) {
	running.Lock()
	delete(running.calls, w)
	running.Unlock()
}

// blamed reports whether w's call, whose heap growth is past its limit,
// should answer for it. The candidates are the calls running whose
// growth is past their own limit (a call that has not outgrown its limit
// is never stopped, so blaming it would stop nobody): w is blamed when it
// is the only one; or it reported the most large allocations of them and
// they explain half the growth; or, when no call's reports explain it, it
// has used the most host time of them.
func (w *watchdog) blamed(growth int64) bool {
	running.Lock()
	defer running.Unlock()
	var top *watchdog
	var most int64
	candidates := 0
	for o := range running.calls {
		if o != w && !o.over.Load() {
			continue
		}
		candidates++
		if a := o.call.allocated.Load(); top == nil || a > most || (a == most && o == w) {
			top, most = o, a
		}
	}
	if candidates <= 1 {
		return true
	}
	if most*2 >= growth {
		return top == w
	}
	mine := w.call.hostUsed()
	for o := range running.calls {
		if o != w && o.over.Load() && o.call.hostUsed() > mine {
			return false
		}
	}
	return true
}

// phaseOutcome is how one INIT or INVOKE ended.
type phaseOutcome struct {
	err      error
	timedOut bool
	oom      bool
	growth   int64 // measured heap growth in bytes, at least 0
}

// phaseMemory is what a phase may use of the function's memory.
type phaseMemory struct {
	limit int64  // bytes the heap may grow in this phase
	env   int64  // bytes the environment's tagged memory may reach in all
	held  int64  // bytes the environment held when the phase began
	tag   uint32 // the environment's memory tag, 0 for none
}

// runPhase runs fn (an engine's Init or Invoke) under a watchdog that
// interrupts the instance at the call's virtual deadline (host compute
// scaled by the vCPU share) or when the heap grows past limitBytes, and
// turns an engine panic into a crashed runtime instead of a crashed
// process.
//
// Heap is process-wide, so its growth is exact only while one call runs at
// a time. Once the heap has grown by a quarter of the limit, an
// environment with a memory tag is measured on its own at each garbage
// collection: it ends out of memory when its own live memory passes
// mem.env, and the growth reported is its own (see running for what
// cannot be measured so). The call's MemoryLimit is mem.limit, for
// engines that size large allocations before making them. Bytes written
// to /tmp (tmpUsed) are not counted as memory. When
// the heap including garbage passes the limit, a GC (at most every
// forcedGCEvery) tells live data from garbage.
//
// In deterministic mode memory growth is modelled, not measured: the heap
// baseline is then taken at the first tick, which keeps short calls free
// of metric reads (the first 2 ms of allocation escape the limit).
func runPhase(ctx context.Context, inst Instance, call *Call, mem phaseMemory, tmpUsed func() int64, fn func() error) (out phaseOutcome) {
	_, self := inst.(SelfMeasured)
	w := &watchdog{inst: inst, call: call, limit: mem.limit, tmpUsed: tmpUsed, tmp0: tmpUsed(), self: self,
		tag: mem.tag, envLimit: mem.env}
	call.memLimit.Store(mem.limit)
	call.allocated.Store(0)
	if call.measure {
		w.live0, w.obj0 = w.sampler.read()
		w.based = true
	}
	if !self {
		registerWatchdog(w)
		defer unregisterWatchdog(w)
	}
	w.mu.Lock()
	w.timer = time.AfterFunc(watchdogTick, w.check)
	w.mu.Unlock()
	stopCtx := func() bool { return false }
	if ctx.Done() != nil {
		stopCtx = context.AfterFunc(ctx, func() { inst.Interrupt(ctx.Err()) })
	}

	// The call runs on one OS thread so that its CPU clock measures it, at
	// a priority below the sessions' (onHandlerThread), under the
	// environment's memory tag (memtag.go).
	onHandlerThread(func(tid int) {
		call.startPhaseOn(tid)
		out.err = runGuarded(w.tag, fn)
		call.endPhase()
	})

	w.mu.Lock()
	w.done = true
	w.timer.Stop()
	w.mu.Unlock()
	stopCtx()

	out.growth = max(w.peak, 0)
	if call.measure {
		_, obj := w.sampler.read()
		out.growth = max(out.growth, obj-w.obj0-(tmpUsed()-w.tmp0))
	}
	if w.measured {
		// The environment's own figure, as of the collections seen. When
		// no other call ran meanwhile, the process heap's (which also
		// sees between collections) is its own too.
		own := max(w.envPeak-mem.held, 0)
		if w.shared.Load() {
			out.growth = own
		} else {
			out.growth = max(out.growth, own)
		}
	}
	out.oom = w.oom || errors.Is(out.err, ErrOutOfMemory)
	out.timedOut = !out.oom && (w.timedOut || errors.Is(out.err, ErrDeadline) || (out.err != nil && call.Remaining() == 0))
	return out
}

// runGuarded runs fn under tag, turning a panic into a crashed runtime.
func runGuarded(tag uint32, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &FunctionError{Type: ErrTypeExit, Fatal: true,
				Message: fmt.Sprintf("Error: Runtime exited with error: %v", r)}
		}
	}()
	return runTagged(tag, fn)
}

// watchdog watches one running call from the timer goroutine. Its fields
// are guarded by mu; runPhase reads them after setting done.
type watchdog struct {
	mu      sync.Mutex
	inst    Instance
	call    *Call
	limit   int64
	tmpUsed func() int64
	tmp0    int64
	sampler heapSampler
	based   bool
	live0   int64
	obj0    int64
	lastGC  time.Time
	peak    int64
	done    bool
	timer   *time.Timer

	self bool        // the instance measures its own memory (SelfMeasured)
	over atomic.Bool // the heap has grown past limit since the call began (once measured by its tag: by growth no tag explains)

	tag       uint32      // the environment's memory tag (see memtag.go), 0 for none
	envLimit  int64       // bytes the tagged environment may hold
	measured  bool        // the tag has been measured during the phase
	envPeak   int64       // the most the tag measured, less /tmp
	untagged0 int64       // untagged live bytes at the first measure
	shared    atomic.Bool // another call in the process heap ran during the phase

	timedOut, oom bool
}

func (w *watchdog) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	c := w.call
	if ck := c.clock.Load(); ck != nil {
		ck.anchorNow()
	}
	used := c.before + time.Duration(c.awaited.Load()) + max(c.compute(), c.hostCompute())
	if (used >= c.budget || c.overHostLimit()) && !w.timedOut {
		w.timedOut = true
		w.inst.Interrupt(ErrDeadline)
	}
	if w.self {
		w.timer.Reset(watchdogTick)
		return
	}
	live, obj := w.sampler.read()
	if !w.based {
		w.live0, w.obj0, w.based = live, obj, true
	}
	tmp := w.tmpUsed() - w.tmp0
	if obj-w.obj0-tmp > w.limit && time.Since(w.lastGC) > forcedGCEvery {
		runtime.GC()
		w.lastGC = time.Now()
		live, _ = w.sampler.read()
	}
	w.peak = max(w.peak, live-w.live0-tmp)
	over := live-w.live0-tmp > w.limit
	if w.tag != 0 && (over || obj-w.obj0-tmp > w.limit/4) {
		over = w.measure() && over
	}
	w.over.Store(over)
	if over && !w.oom && w.blamed(live-w.live0-tmp) {
		w.oom = true
		w.inst.Interrupt(ErrOutOfMemory)
	}
	w.timer.Reset(watchdogTick)
}

// measure reads the environment's own memory from the heap profile (once
// per collection), stops the call when it is past envLimit, and reports
// whether growth that no tag explains is past the phase's limit (or that
// the profile is off, when the process heap is all there is).
func (w *watchdog) measure() bool {
	mine, untagged, ok := tagLive(w.tag)
	if !ok {
		return true
	}
	mine -= w.tmpUsed()
	if !w.measured {
		w.measured, w.untagged0 = true, untagged
	}
	w.envPeak = max(w.envPeak, mine)
	if mine > w.envLimit && !w.oom {
		w.oom = true
		w.inst.Interrupt(ErrOutOfMemory)
	}
	return untagged-w.untagged0 > w.limit
}
