package sandbox

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/limits"
)

// environment is one execution environment: one engine instance, its /tmp,
// its log stream, and its place on the virtual timeline.
type environment struct {
	f           *Function
	id          int
	host        *Host
	inst        Instance // nil until created, and after a reset
	provisioned bool
	created     time.Time
	lastUsed    time.Time
	busyUntil   time.Time
	ttl         time.Duration
	maxLife     time.Duration
	initialized bool
	invocations int
	baseMB      float64
	retainedMB  float64
	peakMB      float64
	dead        bool
	tag         uint32 // memory tag of an instance in the Go heap (see memtag.go)

	// Place in the function's envPool.
	pos    int       // index in envPool.all
	state  int       // inUse, inBusy, inIdle or released
	idx    [2]int    // index in envPool.busy, and in envPool.expiry
	expiry time.Time // expiresAt, fixed while idle
}

func (f *Function) newEnvLocked(t time.Time, provisioned bool) *environment {
	a := f.acct
	f.nextEnv++
	ttl := time.Duration(limits.Jitter(float64(a.opts.IdleTTL), limits.IdleTTLJitter, a.rng.Float64()))
	life := time.Duration(limits.Jitter(float64(a.opts.MaxLifetime), limits.MaxLifetimeJitter, a.rng.Float64()))
	initType := "on-demand"
	if provisioned {
		// FACTS §2.2 marks this value UNVERIFIED; the variable itself is documented.
		initType = "provisioned-concurrency"
	}
	cfg := f.cfg
	stream := newLogStream(t, cfg.Version(), a.rng)
	host := &Host{Config: cfg, Runtime: f.rt, InitType: initType, LogStream: stream, Start: t,
		Deterministic: a.opts.Deterministic,
		AWS:           cfg.AWS,
		FS:            NewTmpFS(int64(cfg.EphemeralMB)*bytesPerMB, cfg.Files),
		Rand:          rand.New(rand.NewPCG(a.rng.Uint64(), a.rng.Uint64())),
		Env:           processEnv(cfg, f.rt, initType, stream)}
	base := f.rt.MemoryMB[cfg.Arch]
	return &environment{f: f, id: f.nextEnv, host: host, provisioned: provisioned, created: t,
		lastUsed: t, busyUntil: t, ttl: ttl, maxLife: life, baseMB: base, peakMB: base}
}

// processEnv is the environment an engine exposes (process.env,
// os.environ): Lambda's variables and the function's, never the host's.
func processEnv(cfg Config, rt RuntimeInfo, initType, stream string) map[string]string {
	env := map[string]string{
		"AWS_REGION":                      cfg.Region,
		"AWS_DEFAULT_REGION":              cfg.Region,
		"AWS_EXECUTION_ENV":               "AWS_Lambda_" + rt.Name,
		"AWS_LAMBDA_FUNCTION_NAME":        cfg.FunctionName,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(cfg.MemoryMB),
		"AWS_LAMBDA_FUNCTION_VERSION":     cfg.Version(),
		"AWS_LAMBDA_INITIALIZATION_TYPE":  initType,
		"AWS_LAMBDA_LOG_GROUP_NAME":       cfg.LogGroup(),
		"AWS_LAMBDA_LOG_STREAM_NAME":      stream,
		"AWS_LAMBDA_RUNTIME_API":          "127.0.0.1:9001",
		"_HANDLER":                        cfg.Handler,
		"LAMBDA_TASK_ROOT":                TaskRoot,
		"LAMBDA_RUNTIME_DIR":              "/var/runtime",
		"LANG":                            "en_US.UTF-8",
		"TZ":                              ":UTC",
		"PATH":                            "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin",
		"LD_LIBRARY_PATH":                 "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
	}
	for k, v := range cfg.Env {
		env[k] = v
	}
	return env
}

func (e *environment) expiresAt() time.Time {
	a := e.f.acct
	at := limits.Expiry(a.secondsLocked(e.created), a.secondsLocked(e.lastUsed), e.ttl.Seconds(), e.maxLife.Seconds())
	return a.opts.Start.Add(time.Duration(at * float64(time.Second)))
}

func (e *environment) maxMemoryMB() int {
	return min(ceilMB(e.peakMB), e.host.Config.MemoryMB)
}

func (e *environment) shutdown() {
	if e.inst != nil {
		e.inst.Close()
		e.inst = nil
	}
	releaseTag(e.tag)
	e.tag = 0
	e.dead = true
}

func (e *environment) opts() Options { return e.f.acct.opts }

// limitBytes is how far the heap may grow in one call before the memory
// watchdog calls it out of memory.
func (e *environment) limitBytes() int64 {
	mb := float64(e.host.Config.MemoryMB) - e.baseMB - e.retainedMB
	mb = min(mb, float64(e.opts().HostMemoryCapMB))
	return int64(max(mb, 1) * bytesPerMB)
}

// phaseMemory is what the next phase may use: limitBytes of growth, and
// for a tagged environment, measured on its own, the function's memory
// less the runtime's (at most HostMemoryCapMB more than it holds).
func (e *environment) phaseMemory() phaseMemory {
	held := e.retainedMB * bytesPerMB
	limit := e.limitBytes()
	return phaseMemory{limit: limit, env: int64(held) + limit, held: int64(held), tag: e.tag}
}

// initResult is what an INIT produced.
type initResult struct {
	dur     time.Duration
	err     error
	outcome phaseOutcome
}

// runInit creates the instance and runs INIT with the given budget.
func (e *environment) runInit(ctx context.Context, start time.Time, budget time.Duration, log *logSink, call *Call) initResult {
	a := e.f.acct
	cfg := e.host.Config
	if e.inst == nil {
		inst, err := e.f.engine.NewInstance(e.host)
		if err != nil {
			return initResult{err: &FunctionError{Type: ErrTypeExit, Message: err.Error(), Fatal: true}}
		}
		e.inst = inst
		if _, self := inst.(SelfMeasured); !self && e.tag == 0 {
			e.tag = newTag()
		}
	}
	if call == nil {
		base := jitter(a.rng, e.f.rt.initBaseMs(cfg.Arch, cfg.MemoryMB), initJitter)
		base += codeMsPerKiB * float64(cfg.CodeSize()) / 1024
		// INIT runs at a full vCPU whatever the memory size (a community
		// observation, FACTS §4.1).
		call = newCall(PhaseInit, "", start, msDuration(base), budget, 1769, e.f.rt.StepNanos, a.opts, log)
		call.acct = a
	}
	inst := e.inst
	out := runPhase(ctx, inst, call, e.phaseMemory(), e.host.FS.Used, func() error { return inst.Init(call) })
	if a.opts.Deterministic {
		out.growth = int64(cfg.CodeSize() * codeMemoryFactor)
	}
	e.retainedMB += float64(out.growth) / bytesPerMB
	e.peakMB = max(e.peakMB, e.baseMB+e.retainedMB)
	return initResult{dur: min(call.elapsed(), call.budget), err: out.err, outcome: out}
}

// provision runs INIT ahead of any request, as provisioned concurrency
// does (limit: max(130 s, function timeout)). Its log lines go to the
// environment's stream only.
func (e *environment) provision() error {
	budget := max(130*time.Second, e.host.Config.Timeout())
	log := newLogSink(e.opts().MaxLogBytes)
	r := e.runInit(context.Background(), e.created, budget, log, nil)
	// Provisioned INIT happens ahead of traffic: the environment is ready
	// at once on the timeline.
	if r.outcome.timedOut {
		return fmt.Errorf("INIT timed out after %.0f seconds", budget.Seconds())
	}
	if r.outcome.oom {
		return fmt.Errorf("INIT ran out of memory at %d MB", e.host.Config.MemoryMB)
	}
	if r.err != nil {
		return r.err
	}
	e.initialized = true
	return nil
}

// invoke runs one request in this environment, starting at t: INIT first
// when the environment is new, then START, the handler, END and REPORT.
func (e *environment) invoke(ctx context.Context, t time.Time, event []byte, requestID string) *Result {
	a := e.f.acct
	cfg := e.host.Config
	log := newLogSink(e.opts().MaxLogBytes)
	res := &Result{Cold: !e.initialized, Provisioned: e.provisioned, LogStream: e.host.LogStream, EnvID: e.id, Start: t}
	var initMs float64
	start := t
	var initErr error
	initOOM := false
	// retryInit is set when INIT ran over 10 s: it is retried inside this
	// invoke, under the function timeout, with no Init Duration shown.
	retryInit := false
	showInit := false
	if !e.initialized {
		r := e.runInit(ctx, t, MaxInitTime, log, nil)
		switch {
		case r.outcome.timedOut:
			// Abandoned after 10 s; retried inside this invoke under the
			// function timeout, and not shown as Init Duration.
			if e.inst != nil {
				e.inst.Close()
				e.inst = nil
			}
			retryInit = true
			e.retainedMB = 0
			start = t.Add(MaxInitTime)
		default:
			initMs = durationMs(r.dur)
			start = t.Add(r.dur)
			initErr = r.err
			showInit = true
			initOOM = r.outcome.oom
			e.initialized = true
		}
	}
	res.RequestID = requestID
	if requestID == "" {
		res.RequestID = newRequestID(a.rng)
	}
	log.write("START RequestId: " + res.RequestID + " Version: " + cfg.Version())
	overhead := msDuration(jitter(a.rng, e.f.rt.DurationMs[cfg.Arch], overheadJitter))
	call := newCall(PhaseInvoke, res.RequestID, start, overhead, cfg.Timeout(), cfg.MemoryMB, e.f.rt.StepNanos, a.opts, log)
	call.acct = a
	call.watch = streamWatcher(ctx)

	var resp []byte
	var out phaseOutcome
	switch {
	case initOOM:
		out.oom = true
	case initErr != nil:
		out.err = initErr
	case retryInit:
		r := e.runInit(ctx, start, cfg.Timeout(), log, call)
		out = r.outcome
		e.initialized = true
		if out.err == nil && !out.timedOut && !out.oom {
			out = e.runInvoke(ctx, call, event, &resp)
		}
	default:
		out = e.runInvoke(ctx, call, event, &resp)
	}

	dur := min(call.elapsed(), call.budget)
	reset := false
	switch {
	case out.timedOut:
		dur = call.budget
		end := start.Add(dur)
		log.write(fmt.Sprintf("%s %s Task timed out after %.2f seconds", FormatLogTime(end), res.RequestID, cfg.Timeout().Seconds()))
		res.Error = &FunctionError{Type: ErrTypeTimeout, Fatal: true,
			Message: fmt.Sprintf("%s %s Task timed out after %.2f seconds", FormatLogTime(end), res.RequestID, cfg.Timeout().Seconds())}
		reset = true
	case out.oom:
		res.Error = oomError(res.RequestID)
		log.write("RequestId: " + res.RequestID + " Error: Runtime exited with error: signal: killed")
		log.write(ErrTypeOutOfMemory)
		e.peakMB = float64(cfg.MemoryMB)
		reset = true
	case ctx.Err() != nil && out.err != nil:
		res.Error = &FunctionError{Type: ErrTypeExit, Message: "invocation cancelled: " + ctx.Err().Error(), Fatal: true}
		reset = true
	case out.err != nil:
		var fe *FunctionError
		if !errors.As(out.err, &fe) {
			fe = &FunctionError{Type: ErrTypeExit, Message: out.err.Error(), Fatal: true}
		}
		res.Error = fe
		reset = fe.Fatal || initErr != nil
	case len(resp) > MaxResponsePayload && call.stream == nil:
		res.Error = &FunctionError{Type: ErrTypeResponseTooLarge,
			Message: fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", MaxResponsePayload)}
	default:
		res.Response = resp
	}
	if res.Error != nil {
		res.Response = res.Error.Payload()
	}
	res.Stream = call.stream
	if call.stream != nil && res.Error == nil {
		res.Response = call.stream.Body()
	}

	// Memory: the peak over the environment's life.
	growth := out.growth
	if a.opts.Deterministic {
		growth = int64(payloadMemFactor * (len(event) + len(resp)))
	}
	e.peakMB = max(e.peakMB, e.baseMB+e.retainedMB+float64(growth)/bytesPerMB)

	end := start.Add(dur)
	log.platform("END RequestId: " + res.RequestID)
	rep := Report{RequestID: res.RequestID, DurationMs: durationMs(dur), MemorySizeMB: cfg.MemoryMB, MaxMemoryUsedMB: e.maxMemoryMB()}
	billedInit := 0.0
	if showInit {
		rep.InitDurationMs = &initMs
		billedInit = initMs
	}
	rep.BilledDurationMs = billingMs(a.opts.Era, rep.DurationMs, billedInit)
	log.platform(rep.Line())
	res.Report = rep
	res.Cost = invocationCost(cfg, e.provisioned, rep.BilledDurationMs)
	res.Logs, res.LogTruncated = log.close()
	res.End = end

	e.invocations++
	e.lastUsed = end
	e.busyUntil = end
	if reset {
		// A timeout or crash resets the environment: the next request
		// gets a fresh one (cold).
		e.dead = true
	}
	return res
}

func (e *environment) runInvoke(ctx context.Context, call *Call, event []byte, resp *[]byte) phaseOutcome {
	inst := e.inst
	return runPhase(ctx, inst, call, e.phaseMemory(), e.host.FS.Used, func() error {
		r, err := inst.Invoke(call, event)
		*resp = r
		return err
	})
}

func oomError(reqID string) *FunctionError {
	msg := "Error: Runtime exited with error: signal: killed"
	if reqID != "" {
		msg = "RequestId: " + reqID + " " + msg
	}
	return &FunctionError{Type: ErrTypeOutOfMemory, Message: msg, Fatal: true}
}

// MaxJSONDepth is how deeply the sandbox's JSON reader lets arrays and
// objects nest (Go's encoding/json stops at this depth). Real Lambda's
// limit is not documented; a deeper event is refused with a message that
// says so, not as "not JSON".
const MaxJSONDepth = 10000

// JSONDepth returns the deepest nesting of arrays and objects in b, read
// as JSON text (brackets inside strings do not count).
func JSONDepth(b []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}

// invalidEventError is the InvalidRequestContentException for an event
// that is not valid JSON, saying when it is only nested too deeply.
func invalidEventError(event []byte) *RequestError {
	msg := "Could not parse request body into json: the event must be a JSON document"
	if d := JSONDepth(event); d > MaxJSONDepth {
		msg = fmt.Sprintf("Could not parse request body into json: the event nests %d levels deep, and the tutor's in-process JSON reader stops at %d (Lambda documents no such limit); flatten the event", d, MaxJSONDepth)
	}
	return &RequestError{Type: "InvalidRequestContentException", StatusCode: 400, Message: msg}
}
