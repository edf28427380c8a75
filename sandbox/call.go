package sandbox

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrDeadline is returned by Call.Wait when the call's deadline (the
// function timeout, or the INIT limit) is reached.
var ErrDeadline = errors.New("deadline reached")

// ErrOutOfMemory is the reason given to Instance.Interrupt when the memory
// watchdog stops a call. An engine that enforces the function's memory
// itself (sandbox/python) returns it from Init or Invoke, and the call
// ends as Lambda's out-of-memory error.
var ErrOutOfMemory = errors.New("memory limit reached")

// Host is what an execution environment gives its engine instance for its
// whole life.
type Host struct {
	// Config is the validated function configuration.
	Config Config
	// Runtime is the runtime's table entry.
	Runtime RuntimeInfo
	// Env is the process environment: Lambda's reserved variables and the
	// function's own, nothing of the host's.
	Env map[string]string
	// FS is the environment's /tmp.
	FS *TmpFS
	// Rand is the environment's seeded random source (Math.random,
	// crypto.randomUUID, random.random ...).
	Rand *rand.Rand
	// InitType is "on-demand" or "provisioned-concurrency".
	InitType string
	// LogStream is the environment's log stream name.
	LogStream string
	// Start is the virtual instant the environment was created.
	Start time.Time
	// Deterministic is set when host measurements are replaced by models.
	Deterministic bool
	// AWS is the function's door to the in-process AWS services (see
	// Config.AWS); nil when the function has no project.
	AWS AWSFunc
}

// Phase tells INIT from INVOKE.
type Phase int

// The phases of a Call.
const (
	PhaseInit Phase = iota
	PhaseInvoke
)

// Call is one phase in progress, INIT or INVOKE: the engine's view of the
// virtual clock, the deadline and the log.
type Call struct {
	// Phase is PhaseInit or PhaseInvoke.
	Phase Phase
	// RequestID is the invocation's id; empty during INIT.
	RequestID string

	start     time.Time     // virtual start of the call
	before    time.Duration // virtual time spent before the engine runs (runtime overhead)
	budget    time.Duration // virtual time allowed from start
	share     float64       // vCPU share of the memory size, at most 1
	stepNanos float64
	measure   bool          // count measured host time in Now (false in deterministic mode)
	hostScale float64       // multiplies measured host time
	hostLimit time.Duration // host time the call may take
	acct      *Account      // the account whose invocation this is (see InvokeFrom)

	clock   atomic.Pointer[threadClock] // the running phase's thread clock
	cpuDone atomic.Int64                // host nanoseconds of finished phases

	memLimit  atomic.Int64 // bytes the running phase may add to the heap
	allocated atomic.Int64 // bytes of large allocations the engine reported

	awaited  atomic.Int64 // virtual nanoseconds waited
	steps    atomic.Int64
	excluded atomic.Int64 // host nanoseconds of the sandbox's own work

	log *logSink

	stream *StreamedResponse               // set once a streaming handler writes
	watch  func(string, StreamChunk, bool) // WithStreamWatcher's function, or nil
}

func newCall(phase Phase, reqID string, start time.Time, before, budget time.Duration, memoryMB int, stepNanos float64, opts Options, log *logSink) *Call {
	return &Call{Phase: phase, RequestID: reqID, start: start, before: before, budget: budget,
		share: vcpuShare(memoryMB), stepNanos: stepNanos, measure: !opts.Deterministic,
		hostScale: opts.HostTimeScale, hostLimit: opts.HostTimeLimit, log: log}
}

// vcpuShare is the CPU a single thread gets at a memory size: 1,769 MB is
// one full vCPU (FACTS §2); one thread cannot use more than one.
func vcpuShare(memoryMB int) float64 {
	s := float64(memoryMB) / 1769
	if s > 1 {
		return 1
	}
	return s
}

// compute is the virtual compute time so far: counted steps when the
// engine reports them, otherwise host time scaled by the vCPU share (or
// nothing in deterministic mode).
func (c *Call) compute() time.Duration {
	if n := c.steps.Load(); n > 0 {
		return time.Duration(float64(n) * c.stepNanos / c.share)
	}
	if !c.measure {
		return 0
	}
	return c.hostCompute()
}

// hostCompute is the measured host time scaled by the vCPU share; the
// watchdog always uses it, so an endless loop stops even in deterministic
// mode.
func (c *Call) hostCompute() time.Duration {
	return time.Duration(float64(c.hostUsed()) * c.hostScale / c.share)
}

// hostUsed is the host CPU time the call's phases have used so far, less
// the sandbox's own work.
func (c *Call) hostUsed() time.Duration {
	used := time.Duration(c.cpuDone.Load())
	if ck := c.clock.Load(); ck != nil {
		used += ck.used()
	}
	return used - time.Duration(c.excluded.Load())
}

// startPhaseOn starts measuring on the OS thread tid (0: the current
// one), to which the caller is locked.
func (c *Call) startPhaseOn(tid int) { c.clock.Store(newThreadClockOn(tid)) }

// endPhase stops measuring and keeps the phase's time.
func (c *Call) endPhase() {
	if ck := c.clock.Swap(nil); ck != nil {
		c.cpuDone.Add(int64(ck.used()))
	}
}

// overHostLimit reports whether the call has used up its host CPU time.
func (c *Call) overHostLimit() bool {
	return c.hostLimit > 0 && c.hostUsed() > c.hostLimit
}

// Exclude runs fn, work of the sandbox itself rather than of the function
// (compiling or loading an engine's own library, which Node or Python
// have built in), without counting its host time as compute.
func (c *Call) Exclude(fn func()) {
	ck := c.clock.Load()
	if ck == nil {
		fn()
		return
	}
	start := ck.used()
	defer func() { c.excluded.Add(int64(ck.used() - start)) }()
	fn()
}

func (c *Call) elapsed() time.Duration {
	return c.before + time.Duration(c.awaited.Load()) + c.compute()
}

// Now is the virtual time inside the call.
func (c *Call) Now() time.Time {
	e := c.elapsed()
	if e > c.budget {
		e = c.budget
	}
	return c.start.Add(e)
}

// Deadline is the virtual instant at which the call times out.
func (c *Call) Deadline() time.Time { return c.start.Add(c.budget) }

// Remaining is the virtual time left before the deadline
// (context.getRemainingTimeInMillis).
func (c *Call) Remaining() time.Duration {
	r := c.budget - c.elapsed()
	if r < 0 {
		return 0
	}
	return r
}

// Wait advances virtual time by d, as a timer or sleep would, without real
// waiting. When the deadline comes first, it advances to the deadline and
// returns ErrDeadline.
func (c *Call) Wait(d time.Duration) error {
	if d < 0 {
		d = 0
	}
	if r := c.Remaining(); d >= r {
		c.awaited.Add(int64(r))
		return ErrDeadline
	}
	c.awaited.Add(int64(d))
	return nil
}

// MemoryLimit is how many bytes the running phase may still add to the
// heap before it ends out of memory: the function's memory less what the
// runtime and earlier calls keep. An engine checks a single large
// allocation against it before making it, and stops the call with
// ErrOutOfMemory (see Instance.Interrupt) when it does not fit.
func (c *Call) MemoryLimit() int64 {
	if n := c.memLimit.Load(); n > 0 {
		return n
	}
	return int64(DefaultHostMemoryCapMB) * bytesPerMB
}

// Allocating reports n bytes the engine is about to allocate for the
// call. When several calls run at once in the process the heap's growth
// cannot be told apart, and the memory watchdog holds the call that
// reported the most to account for it.
func (c *Call) Allocating(n int64) { c.allocated.Add(n) }

// AddSteps reports n execution steps of deterministic compute.
func (c *Call) AddSteps(n int64) { c.steps.Add(n) }

// StepsLeft is how many more steps fit before the deadline (for engines
// that can cap their own step count); -1 when the runtime has no step cost.
func (c *Call) StepsLeft() int64 {
	if c.stepNanos <= 0 {
		return -1
	}
	return int64(float64(c.Remaining()) * c.share / c.stepNanos)
}

// Log appends one line to the function's log, in the runtime's own format
// (see FormatLogTime). Lines beyond the output cap are dropped and the
// result is marked truncated.
func (c *Call) Log(line string) { c.log.write(line) }

// logSink collects an invocation's log lines under a byte cap.
type logSink struct {
	mu        sync.Mutex
	lines     []string
	size      int
	limit     int
	dropped   int
	truncated bool
	noted     bool
	first     [8]string
}

func newLogSink(limit int) *logSink {
	l := &logSink{limit: limit}
	l.lines = l.first[:0] // one allocation for the sink and its usual lines
	return l
}

func (l *logSink) write(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	line = strings.TrimSuffix(line, "\n")
	if l.truncated {
		l.dropped += len(line) + 1
		return
	}
	if l.size+len(line)+1 > l.limit {
		l.truncated = true
		l.dropped += len(line) + 1
		return
	}
	l.size += len(line) + 1
	l.lines = append(l.lines, line)
}

// platform appends a line of Lambda's own (END, REPORT) past the cap,
// after the truncation notice if output was dropped.
func (l *logSink) platform(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.truncated && !l.noted {
		l.lines = append(l.lines, fmt.Sprintf("[lambdatutor] log output truncated: %d bytes over the %d-byte limit of one invocation were dropped", l.dropped, l.limit))
		l.noted = true
	}
	l.lines = append(l.lines, line)
}

// close ends the sink and returns the lines and whether output was dropped.
func (l *logSink) close() ([]string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines, l.truncated
}
