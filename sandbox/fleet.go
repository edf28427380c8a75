package sandbox

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/limits"
)

// Account defaults (FACTS §2, §2.1, §4.2).
const (
	// DefaultConcurrencyLimit is the default account concurrency per Region.
	DefaultConcurrencyLimit = limits.DefaultConcurrency
	// NewAccountConcurrencyLimit is the limit new accounts often start with.
	NewAccountConcurrencyLimit = limits.NewAccountConcurrency
	// UnreservedMinimum must stay unreserved (or the whole limit, when smaller).
	UnreservedMinimum = limits.UnreservedMinimum
	// DefaultBurst is how many environments a function may add per BurstWindow.
	DefaultBurst = limits.ScaleEnvironments
	// BurstWindow is the window of the scaling rate.
	BurstWindow = limits.ScaleWindow
	// DefaultIdleTTL is how long an idle environment is kept (jittered).
	DefaultIdleTTL = limits.DefaultIdleTTL
	// DefaultMaxLifetime is how long any environment lives at most (jittered).
	DefaultMaxLifetime = limits.DefaultMaxLifetime
	// DefaultMaxLogBytes caps the log of one invocation.
	DefaultMaxLogBytes = 256 * 1024
	// DefaultHostTimeLimit caps the host CPU time of one call.
	DefaultHostTimeLimit = 30 * time.Second
	// DefaultHostMemoryCapMB caps what one call may allocate on the host,
	// whatever the function's memory size.
	DefaultHostMemoryCapMB = 1024
)

// DeterministicStart is where the virtual clock starts in deterministic mode.
var DeterministicStart = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

// Options configure an Account: the clock, the limits and the models.
type Options struct {
	// Deterministic replaces host measurements by models and seeds every
	// random choice, so that every figure and log line is reproducible.
	Deterministic bool
	// Seed seeds request ids, log stream names and jitter. Zero means 1 in
	// deterministic mode and a time-based seed otherwise.
	Seed uint64
	// Start is the virtual clock's first instant. Zero means
	// DeterministicStart in deterministic mode and the host's time otherwise.
	Start time.Time
	// ConcurrencyLimit is the account's concurrency; 0 means 1000.
	ConcurrencyLimit int
	// Burst is how many environments a function may add per 10 s; 0 means 1000.
	Burst int
	// IdleTTL and MaxLifetime bound an environment's life; 0 means the defaults.
	IdleTTL     time.Duration
	MaxLifetime time.Duration
	// Era is the billing era; "" means billing.EraCurrent.
	Era billing.Era
	// MaxLogBytes caps one invocation's log; 0 means DefaultMaxLogBytes.
	MaxLogBytes int
	// HostMemoryCapMB caps one call's heap growth; 0 means DefaultHostMemoryCapMB.
	HostMemoryCapMB int
	// HostTimeLimit caps the host CPU time one call may use, whatever its
	// timeout; 0 means DefaultHostTimeLimit. A call stopped there ends as
	// a timeout, as the code would on Lambda. It keeps a 15-minute endless
	// loop at 10 GB from holding a host core for 15 minutes.
	HostTimeLimit time.Duration
	// HostTimeScale multiplies measured host compute (the CPU time of the
	// thread running the call) before the vCPU scaling; 0 means 1. Tests
	// raise it so that endless loops reach their (virtual) timeout sooner.
	HostTimeScale float64
}

func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		if o.Deterministic {
			o.Seed = 1
		} else {
			o.Seed = uint64(time.Now().UnixNano())
		}
	}
	if o.Start.IsZero() {
		if o.Deterministic {
			o.Start = DeterministicStart
		} else {
			o.Start = time.Now().UTC()
		}
	}
	if o.ConcurrencyLimit == 0 {
		o.ConcurrencyLimit = DefaultConcurrencyLimit
	}
	if o.Burst == 0 {
		o.Burst = DefaultBurst
	}
	if o.IdleTTL == 0 {
		o.IdleTTL = DefaultIdleTTL
	}
	if o.MaxLifetime == 0 {
		o.MaxLifetime = DefaultMaxLifetime
	}
	if o.Era == "" {
		o.Era = billing.EraCurrent
	}
	if o.MaxLogBytes == 0 {
		o.MaxLogBytes = DefaultMaxLogBytes
	}
	if o.HostTimeLimit <= 0 {
		o.HostTimeLimit = DefaultHostTimeLimit
	}
	if o.HostTimeScale <= 0 {
		o.HostTimeScale = 1
	}
	if o.HostMemoryCapMB == 0 {
		o.HostMemoryCapMB = DefaultHostMemoryCapMB
	}
	return o
}

// Account is one AWS account in one Region: a virtual clock and a
// concurrency pool shared by its functions. Its methods are safe for
// concurrent use; invocations within one account run one at a time on the
// host, while the virtual clock lets them overlap.
type Account struct {
	mu    sync.Mutex
	opts  Options
	now   time.Time
	rng   *rand.Rand
	funcs []*Function
}

// NewAccount makes an account with its virtual clock at opts.Start.
func NewAccount(opts Options) *Account {
	opts = opts.withDefaults()
	return &Account{opts: opts, now: opts.Start, rng: rand.New(rand.NewPCG(opts.Seed, 0x6c616d626461))}
}

// Options returns the account's options, defaults applied.
func (a *Account) Options() Options { return a.opts }

// Now is the virtual time.
func (a *Account) Now() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

// Advance moves the virtual clock forward, as if time passed with no
// requests; idle environments past their time are reclaimed at the next
// invoke.
func (a *Account) Advance(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if d > 0 {
		a.now = a.now.Add(d)
	}
}

// Close shuts every environment of every function down.
func (a *Account) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, f := range a.funcs {
		f.resetLocked()
	}
}

// Function is a deployed function: its configuration and its fleet of
// execution environments.
type Function struct {
	acct   *Account
	cfg    Config
	rt     RuntimeInfo
	engine Engine

	pool    envPool
	nextEnv int
	// scale is the scaling rate (one token per new environment) and rps
	// the invoke-rate limit (one token per request), on the account's
	// clock in seconds since Options.Start (see limits).
	scale limits.Bucket
	rps   limits.Bucket
	stats Stats
}

// Stats counts what happened to a function.
type Stats struct {
	Invocations int
	ColdStarts  int
	Throttles   int
	Errors      int
}

// NewFunction validates the configuration (defaults applied) and deploys
// it. Provisioned environments are initialised at once, at the current
// virtual time.
func (a *Account) NewFunction(cfg Config) (*Function, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid function configuration: %w", err)
	}
	eng, _ := engineFor(cfg.Runtime)
	rt, _ := LookupRuntime(cfg.Runtime)
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.checkReservedLocked(nil, cfg); err != nil {
		return nil, err
	}
	f := &Function{acct: a, cfg: cfg, rt: rt, engine: eng, pool: newEnvPool()}
	f.resetLimitsLocked()
	a.funcs = append(a.funcs, f)
	for i := 0; i < cfg.ProvisionedConcurrency; i++ {
		if err := f.provisionLocked(); err != nil {
			f.resetLocked()
			a.funcs = a.funcs[:len(a.funcs)-1]
			return nil, fmt.Errorf("provisioned concurrency could not be initialised (fix the module code, or set provisioned concurrency to 0): %w", err)
		}
	}
	return f, nil
}

// Update replaces the configuration (and code), as UpdateFunctionCode or
// UpdateFunctionConfiguration do: every environment is shut down, so the
// next invoke is cold. On a validation error nothing changes.
func (f *Function) Update(cfg Config) error {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("invalid function configuration: %w", err)
	}
	a := f.acct
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.checkReservedLocked(f, cfg); err != nil {
		return err
	}
	eng, _ := engineFor(cfg.Runtime)
	rt, _ := LookupRuntime(cfg.Runtime)
	f.resetLocked()
	f.cfg, f.engine, f.rt = cfg, eng, rt
	f.resetLimitsLocked()
	for i := 0; i < cfg.ProvisionedConcurrency; i++ {
		if err := f.provisionLocked(); err != nil {
			f.resetLocked()
			return fmt.Errorf("provisioned concurrency could not be initialised (fix the module code, or set provisioned concurrency to 0): %w", err)
		}
	}
	return nil
}

// Delete shuts the function's environments down and removes it from the
// account, freeing its reserved concurrency.
func (f *Function) Delete() {
	a := f.acct
	a.mu.Lock()
	defer a.mu.Unlock()
	f.resetLocked()
	for i, g := range a.funcs {
		if g == f {
			a.funcs = append(a.funcs[:i], a.funcs[i+1:]...)
			break
		}
	}
}

// Config returns the function's configuration, defaults applied.
func (f *Function) Config() Config {
	f.acct.mu.Lock()
	defer f.acct.mu.Unlock()
	return f.cfg
}

// checkReservedLocked refuses reserved concurrency that would leave less
// than the unreserved minimum in the account; self is the function being
// updated (nil for a new one).
func (a *Account) checkReservedLocked(self *Function, cfg Config) error {
	if cfg.ReservedConcurrency == nil || *cfg.ReservedConcurrency == 0 {
		return nil
	}
	reserved := *cfg.ReservedConcurrency
	for _, g := range a.funcs {
		if g != self && g.cfg.ReservedConcurrency != nil {
			reserved += *g.cfg.ReservedConcurrency
		}
	}
	if minimum, ok := limits.CheckReserved(a.opts.ConcurrencyLimit, reserved); !ok {
		return &ValidationError{Field: "reservedConcurrentExecutions",
			Message: fmt.Sprintf("InvalidParameterValueException: Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", minimum),
			Hint:    fmt.Sprintf("the account's limit is %d; lower the reserved concurrency", a.opts.ConcurrencyLimit)}
	}
	return nil
}

// Stats returns the counters.
func (f *Function) Stats() Stats {
	f.acct.mu.Lock()
	defer f.acct.mu.Unlock()
	return f.stats
}

// Reset shuts every environment down, as a configuration change or a new
// deployment does: the next invoke is cold. Provisioned environments are
// initialised again.
func (f *Function) Reset() error {
	f.acct.mu.Lock()
	defer f.acct.mu.Unlock()
	f.resetLocked()
	for i := 0; i < f.cfg.ProvisionedConcurrency; i++ {
		if err := f.provisionLocked(); err != nil {
			return fmt.Errorf("provisioned concurrency could not be initialised again: %w", err)
		}
	}
	return nil
}

func (f *Function) resetLocked() {
	for _, e := range f.pool.clear() {
		e.shutdown()
	}
}

// EnvInfo describes one execution environment, for display.
type EnvInfo struct {
	ID          int
	LogStream   string
	Provisioned bool
	Busy        bool
	Created     time.Time
	LastUsed    time.Time
	Invocations int
	// MaxMemoryUsedMB is the peak so far.
	MaxMemoryUsedMB int
	// ExpiresAt is when the environment will be reclaimed if it stays idle.
	ExpiresAt time.Time
}

// Environments lists the live environments at the current virtual time.
func (f *Function) Environments() []EnvInfo {
	f.acct.mu.Lock()
	defer f.acct.mu.Unlock()
	now := f.acct.now
	f.reclaimLocked(now)
	envs := f.pool.sorted()
	out := make([]EnvInfo, 0, len(envs))
	for _, e := range envs {
		out = append(out, EnvInfo{ID: e.id, LogStream: e.host.LogStream, Provisioned: e.provisioned,
			Busy: e.busyUntil.After(now), Created: e.created, LastUsed: e.lastUsed,
			Invocations: e.invocations, MaxMemoryUsedMB: e.maxMemoryMB(), ExpiresAt: e.expiresAt()})
	}
	return out
}

// reclaimLocked shuts down idle on-demand environments past their idle
// time or maximum lifetime.
func (f *Function) reclaimLocked(t time.Time) {
	for e := f.pool.reclaim(t); e != nil; e = f.pool.reclaim(t) {
		e.shutdown()
	}
}

// pickLocked returns a free warm environment at t, taken out of the idle
// ones: provisioned first, then the most recently used on-demand one.
func (f *Function) pickLocked(t time.Time) *environment { return f.pool.take(t) }

// busyLocked counts the function's environments serving a request at t;
// provisioned environments always count, busy or not.
func (f *Function) busyLocked(t time.Time) int { return f.pool.inUse(t) }

// resetLimitsLocked starts the function's buckets full at the current
// time: the scaling rate (Options.Burst per 10 s) and the RPS limit (10 ×
// the reserved concurrency, or 10 × the account limit).
func (f *Function) resetLimitsLocked() {
	a := f.acct
	f.scale = limits.Scaling2023.Bucket(a.opts.Burst)
	conc := a.opts.ConcurrencyLimit
	if r := f.cfg.ReservedConcurrency; r != nil {
		conc = *r
	}
	f.rps = limits.RPSBucket(conc)
}

// secondsLocked is t on the buckets' clock: seconds since Options.Start.
func (a *Account) secondsLocked(t time.Time) float64 { return t.Sub(a.opts.Start).Seconds() }

// rateLocked applies the invoke-rate limit to one request at t.
func (f *Function) rateLocked(t time.Time) *ThrottleError {
	if r := f.cfg.ReservedConcurrency; r != nil && *r == 0 {
		return nil // refused by the concurrency check, with its own reason
	}
	if !f.rps.Take(f.acct.secondsLocked(t)) {
		return &ThrottleError{Reason: limits.RateReason(f.cfg.ReservedConcurrency != nil), RetryAfterSeconds: 1}
	}
	return nil
}

// admitLocked decides whether a new on-demand environment may start at t.
func (f *Function) admitLocked(t time.Time) *ThrottleError {
	a := f.acct
	reserved, inUse := -1, 0
	if r := f.cfg.ReservedConcurrency; r != nil {
		reserved, inUse = *r, f.busyLocked(t)
	}
	pool, used := a.opts.ConcurrencyLimit, 0
	if reserved < 0 {
		for _, g := range a.funcs {
			if g.cfg.ReservedConcurrency != nil {
				pool -= *g.cfg.ReservedConcurrency
			} else {
				used += g.busyLocked(t)
			}
		}
	}
	if reason := limits.ConcurrencyReason(reserved, inUse, pool, used); reason != "" {
		return &ThrottleError{Reason: reason}
	}
	// The scaling rate: a token bucket of Burst per 10 s, refilled continuously.
	if !f.scale.Take(a.secondsLocked(t)) {
		return &ThrottleError{Reason: limits.RateReason(reserved >= 0), RetryAfterSeconds: 1}
	}
	return nil
}

// Invoke runs one synchronous invocation (RequestResponse) at the current
// virtual time; afterwards the clock stands at its end. The error is a
// *ThrottleError or *RequestError when Lambda would refuse the request;
// a function error is not an error here but Result.Error.
func (f *Function) Invoke(ctx context.Context, event []byte) (*Result, error) {
	return f.InvokeWithID(ctx, event, "")
}

// InvokeWithID is Invoke with a given request id, as Lambda keeps the id of
// an asynchronous event across its retries; "" draws a new one.
func (f *Function) InvokeWithID(ctx context.Context, event []byte, requestID string) (*Result, error) {
	f.acct.mu.Lock()
	defer f.acct.mu.Unlock()
	t := f.acct.now
	res, err := f.invokeLocked(ctx, t, event, requestID)
	if res != nil && res.End.After(f.acct.now) {
		f.acct.now = res.End
	}
	return res, err
}

// InvokeFrom runs a synchronous invocation of f that the handler running
// the call caller requests (lambda:Invoke from inside a handler, made
// through Config.AWS). That invocation already holds the account's lock
// for its whole run, so InvokeFrom does not take it (Invoke would wait for
// ever): it must be called during caller, on the account caller belongs to.
// The invocation starts at the caller's virtual time; the caller then
// waits until its end, as a synchronous Invoke blocks, and the host time
// spent running it is not the caller's compute. The account's clock is
// left to the caller's invocation to move.
func (f *Function) InvokeFrom(ctx context.Context, caller *Call, event []byte) (*Result, error) {
	if caller == nil || caller.acct != f.acct {
		return nil, errors.New("InvokeFrom needs the call of a running invocation of the same account")
	}
	var res *Result
	var err error
	t := caller.Now()
	caller.Exclude(func() { res, err = f.invokeLocked(ctx, t, event, "") })
	if res != nil && res.End.After(caller.Now()) {
		_ = caller.Wait(res.End.Sub(caller.Now())) // past the deadline the caller times out by itself
	}
	return res, err
}

// Attempt is one request of InvokeConcurrent: a result or a refusal.
type Attempt struct {
	Result *Result
	Err    error
}

// InvokeConcurrent sends the events at the same virtual instant, as
// concurrent clients would: each needs its own environment. Afterwards the
// clock stands at the end of the last one.
func (f *Function) InvokeConcurrent(ctx context.Context, events [][]byte) []Attempt {
	f.acct.mu.Lock()
	defer f.acct.mu.Unlock()
	t := f.acct.now
	out := make([]Attempt, len(events))
	end := t
	for i, ev := range events {
		res, err := f.invokeLocked(ctx, t, ev, "")
		out[i] = Attempt{Result: res, Err: err}
		if res != nil && res.End.After(end) {
			end = res.End
		}
	}
	f.acct.now = end
	return out
}

func (f *Function) invokeLocked(ctx context.Context, t time.Time, event []byte, requestID string) (*Result, error) {
	if len(event) > MaxSyncPayload {
		return nil, &RequestError{Type: "RequestEntityTooLargeException", StatusCode: 413,
			Message: fmt.Sprintf("Request must be smaller than %d bytes for the InvokeFunction operation", MaxSyncPayload)}
	}
	if !jsonValid(event) {
		return nil, invalidEventError(event)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("invocation cancelled: %w", err)
	}
	if thr := f.rateLocked(t); thr != nil {
		f.stats.Throttles++
		return nil, thr
	}
	f.reclaimLocked(t)
	env := f.pickLocked(t)
	if env == nil {
		if thr := f.admitLocked(t); thr != nil {
			f.stats.Throttles++
			return nil, thr
		}
		env = f.newEnvLocked(t, false)
		f.pool.add(env)
		f.stats.ColdStarts++
	}
	// The environment stays out of the pool's idle sets until it is
	// released below, so a request made from inside this one (InvokeFrom)
	// is given another environment.
	res := env.invoke(ctx, t, event, requestID)
	f.stats.Invocations++
	processInvocations.Add(1)
	if res.Error != nil {
		f.stats.Errors++
	}
	if env.dead {
		f.pool.remove(env)
		env.shutdown()
	} else {
		f.pool.release(env)
	}
	return res, nil
}

// provisionLocked starts one provisioned environment and runs its INIT now.
func (f *Function) provisionLocked() error {
	env := f.newEnvLocked(f.acct.now, true)
	if err := env.provision(); err != nil {
		env.shutdown()
		return err
	}
	f.pool.add(env)
	f.pool.release(env)
	return nil
}
