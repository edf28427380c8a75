package sim

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/limits"
)

// Point is one step of the series.
type Point struct {
	// T is the start of the step, in seconds from the start of the run.
	T float64 `json:"t"`
	// Arrivals are requests (sync, async) or messages (SQS) that arrived.
	Arrivals    int64 `json:"arrivals"`
	Invocations int64 `json:"invocations"`
	ColdStarts  int64 `json:"coldStarts"`
	Throttles   int64 `json:"throttles"`
	// ConcurrencyMax and ConcurrencyMean are the busy environments, at
	// most and on average over the step.
	ConcurrencyMax  int     `json:"concurrencyMax"`
	ConcurrencyMean float64 `json:"concurrencyMean"`
	// Environments are the live environments at the end of the step
	// (busy, idle and provisioned).
	Environments int `json:"environments"`
	// Limit is the function's concurrency cap (reserved, or the account's).
	Limit       int     `json:"limit"`
	Provisioned int     `json:"provisioned"`
	P50Ms       float64 `json:"p50Ms"`
	P90Ms       float64 `json:"p90Ms"`
	P99Ms       float64 `json:"p99Ms"`
	// CostUSD is the cost so far (tier-1 rates; the summary applies tiers).
	CostUSD float64 `json:"costUSD"`
	// Backlog is what waits in the async queue or the SQS queue at the end of the step.
	Backlog int64 `json:"backlog"`
}

// Latency is a set of percentiles in milliseconds.
type Latency struct {
	P50  float64 `json:"p50Ms"`
	P90  float64 `json:"p90Ms"`
	P99  float64 `json:"p99Ms"`
	Max  float64 `json:"maxMs"`
	Mean float64 `json:"meanMs"`
}

// Cost is the bill of the run, split as AWS bills it, in US dollars
// (no free tier: it is per account and month).
type Cost struct {
	RequestsUSD       float64 `json:"requestsUSD"`
	DurationUSD       float64 `json:"durationUSD"` // on-demand INVOKE and INIT, tiered
	InitUSD           float64 `json:"initUSD"`     // the INIT share of DurationUSD
	ProvisionedUSD    float64 `json:"provisionedUSD"`
	PCDurationUSD     float64 `json:"pcDurationUSD"`
	StorageUSD        float64 `json:"storageUSD"`
	TotalUSD          float64 `json:"totalUSD"`
	OnDemandGBs       float64 `json:"onDemandGBs"`
	InitGBs           float64 `json:"initGBs"`
	PCEnabledGBs      float64 `json:"pcEnabledGBs"`
	PCDurationGBs     float64 `json:"pcDurationGBs"`
	BilledMsOnDemand  int64   `json:"billedMsOnDemand"`
	BilledMsInitShare int64   `json:"billedMsInitShare"`
	BilledMsPC        int64   `json:"billedMsPC"`
}

// Summary is what the run adds up to.
type Summary struct {
	Seconds float64 `json:"seconds"`
	// Arrivals are requests (sync, async) or messages (SQS).
	Arrivals    int64   `json:"arrivals"`
	Invocations int64   `json:"invocations"`
	ColdStarts  int64   `json:"coldStarts"`
	ColdShare   float64 `json:"coldShare"`
	OnPC        int64   `json:"onProvisioned"`
	Timeouts    int64   `json:"timeouts"`
	// Throttles counts refusals by reason: for sync invocations each is an
	// error the caller sees (429); for async and SQS each is a retried attempt.
	Throttles      map[string]int64 `json:"throttles"`
	ThrottlesTotal int64            `json:"throttlesTotal"`
	// Expired async events were dropped after the maximum event age;
	// Queued were still waiting at the end of the run.
	Expired  int64 `json:"expired"`
	Queued   int64 `json:"queued"`
	Messages int64 `json:"messages,omitempty"`

	PeakConcurrency int     `json:"peakConcurrency"`
	MeanConcurrency float64 `json:"meanConcurrency"`
	PeakEnvs        int     `json:"peakEnvironments"`
	Reclaimed       int64   `json:"reclaimed"`
	MaxBacklog      int64   `json:"maxBacklog"`
	// Latency is per request (per message for SQS), from arrival to the
	// end of the invocation: queueing, INIT of a cold start, Duration.
	Latency Latency `json:"latency"`
	Cost    Cost    `json:"cost"`
}

// Result is a run: the scenario (defaults applied), the summary, the series.
type Result struct {
	Scenario Scenario `json:"scenario"`
	Summary  Summary  `json:"summary"`
	Series   []Point  `json:"series"`
}

// busyEnv is an environment serving a request, in the completion heap. It
// is 16 bytes, so that the heap stays in cache: deadline (end of its
// maximum lifetime; -1 when it must be reset, after a timeout) and ttl
// (its idle time; negative for a provisioned environment) are float32,
// precise to a fraction of a second over a month.
type busyEnv struct {
	end           float64
	deadline, ttl float32
}

func (b busyEnv) pc() bool { return b.ttl < 0 }

type idleEnv struct {
	expire, deadline, ttl float64
}

type run struct {
	t float64
	n int64
}

const inf = math.MaxFloat64

// runGrain groups queued arrivals within 50 ms into one run, so that a
// backlog costs memory by its time span, not by its length.
const runGrain = 0.05

type engine struct {
	sc   *Scenario
	rng  *rand.Rand
	end  float64
	now  float64
	kind string

	// arrivals: need is the remaining integral of the rate before the next one
	arrT, need, secEnd, rate float64
	sec                      int
	poisson                  bool

	// fleet
	heap                    []busyEnv
	idle                    []idleEnv
	idleLo                  int
	odBusy, pcBusy, pcIdle  int
	pcLevel, pcRetire       int
	reserved, limit         int
	scale, rps              limits.Bucket
	ttl, life               float64
	pcSched                 []PCStep
	pcNext                  float64
	pcSince                 float64
	memGB                   float64
	era                     billing.Era
	initMs, timeoutS        float64
	dist                    int
	mean, sd, mu, sigma     float64
	maxAge, batch, maxPolls float64

	// queue (async, SQS)
	q            []run
	qLo          int
	qLen         int64
	backoffUntil float64
	wakeAt       float64
	fails        int
	pollers      float64
	pollAt       float64

	// last started invocation's service time (INIT + Duration), seconds
	svc float64

	// totals
	s                 Summary
	throttles         [4]int64
	area              float64
	all               hist
	latSum            float64
	odMs, initShareMs int64
	pcMs              int64
	pcSeconds         float64 // env-seconds of PC enabled, each period rounded up to 5 min
	tier1, pcDurRate  float64
	pcRate            float64

	// current step
	step, stepEnd     float64
	p                 Point
	bh                hist
	bArea             float64
	bOdMs, bPcMs      int64
	costSoFar         float64
	series            []Point
	ctx               context.Context
	checkEvery, ticks int
}

const (
	distFixed = iota
	distNormal
	distLognormal
)

// Run simulates the scenario. It validates it first (defaults applied).
// The context is checked now and then; a cancelled run returns its error.
func Run(ctx context.Context, sc Scenario) (*Result, error) {
	sc = sc.WithDefaults()
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	e := newEngine(ctx, &sc)
	if err := e.loop(); err != nil {
		return nil, err
	}
	return &Result{Scenario: sc, Summary: e.s, Series: e.series}, nil
}

func newEngine(ctx context.Context, sc *Scenario) *engine {
	f := sc.Function
	a := sc.Account
	e := &engine{sc: sc, ctx: ctx, rng: rand.New(rand.NewPCG(sc.Seed, 0x73696d)),
		end: sc.Duration.Seconds(), kind: sc.Invocation.Type, poisson: sc.Traffic.Process == "poisson",
		limit: a.Concurrency, reserved: -1, ttl: a.IdleTTL.Seconds(), life: limits.DefaultMaxLifetime.Seconds(),
		memGB: float64(f.MemoryMB) / 1024, era: sc.Era, initMs: float64(f.Init.D().Microseconds()) / 1000,
		timeoutS: f.Timeout.Seconds(), mean: f.Duration.Mean.Seconds(), sd: f.Duration.StdDev.Seconds(),
		maxAge: sc.Invocation.MaxEventAge.Seconds(), batch: float64(sc.Invocation.BatchSize),
		maxPolls: float64(sc.Invocation.MaxConcurrency), pollers: limits.SQSInitialPollers,
		step: sc.Step.Seconds(), wakeAt: inf, checkEvery: 1 << 16}
	e.tier1 = billing.Tier1Rate(f.Arch)
	e.pcRate, e.pcDurRate = billing.PCRate(f.Arch)
	conc := a.Concurrency
	if a.Reserved != nil {
		e.reserved = *a.Reserved
		conc = *a.Reserved
	}
	e.scale = a.Scaling.Bucket(0)
	e.rps = limits.RPSBucket(conc)
	switch f.Duration.Dist {
	case "normal":
		e.dist = distNormal
	case "lognormal":
		e.dist = distLognormal
		v := e.sd * e.sd
		e.sigma = math.Sqrt(math.Log(1 + v/(e.mean*e.mean)))
		e.mu = math.Log(e.mean) - e.sigma*e.sigma/2
	}
	// Provisioned concurrency: the level at 0, then the schedule.
	e.pcSched = append([]PCStep{{At: 0, Count: a.Provisioned}}, a.Schedule...)
	e.pcNext = 0
	e.stepEnd = e.step
	e.s.Throttles = map[string]int64{}
	// The first arrival.
	e.rate = sc.RateAt(0)
	e.secEnd = 1
	e.need = e.draw()
	e.arrT = 0
	e.nextArrival()
	return e
}

func (e *engine) draw() float64 {
	if e.poisson {
		return e.rng.ExpFloat64()
	}
	return 1
}

// nextArrival moves arrT to the next arrival: the time where the integral
// of the (per-second constant) rate reaches need.
func (e *engine) nextArrival() {
	t := e.arrT
	for {
		if e.rate > 0 {
			dt := e.need / e.rate
			if t+dt < e.secEnd {
				e.arrT = t + dt
				e.need = e.draw()
				return
			}
			e.need -= (e.secEnd - t) * e.rate
		}
		t = e.secEnd
		if t >= e.end {
			e.arrT = inf
			return
		}
		e.sec++
		e.secEnd = t + 1
		e.rate = e.sc.RateAt(float64(e.sec))
	}
}

func (e *engine) sample() float64 {
	switch e.dist {
	case distNormal:
		return max(0.001, e.mean+e.sd*e.rng.NormFloat64())
	case distLognormal:
		return math.Exp(e.mu + e.sigma*e.rng.NormFloat64())
	}
	return e.mean
}

func (e *engine) loop() error {
	for {
		t, what := e.arrT, 0
		if len(e.heap) > 0 && e.heap[0].end < t {
			t, what = e.heap[0].end, 1
		}
		if e.wakeAt < t {
			t, what = e.wakeAt, 2
		}
		if e.pcNext <= t {
			t, what = e.pcNext, 3
		}
		if t >= e.end {
			break
		}
		e.advance(t)
		switch what {
		case 0:
			e.arrive(t)
			e.nextArrival()
		case 1:
			e.complete(t)
		case 2:
			e.wakeAt = inf
			e.dispatch(t)
		case 3:
			e.changePC(t)
		}
		if e.ticks++; e.ticks >= e.checkEvery {
			e.ticks = 0
			if err := e.ctx.Err(); err != nil {
				return err
			}
		}
	}
	e.advance(e.end)
	if e.p.T < e.end && (e.stepEnd > e.end) {
		e.closeStep(e.end)
	}
	e.finish()
	return nil
}

// advance integrates the concurrency up to t, closing steps on the way.
func (e *engine) advance(t float64) {
	c := float64(e.odBusy + e.pcBusy)
	for t >= e.stepEnd {
		e.bArea += c * (e.stepEnd - e.now)
		e.now = e.stepEnd
		e.closeStep(e.stepEnd)
	}
	e.bArea += c * (t - e.now)
	e.now = t
}

var quantiles = []float64{0.5, 0.9, 0.99}

func (e *engine) closeStep(at float64) {
	p := e.p
	span := at - p.T
	if span > 0 {
		p.ConcurrencyMean = e.bArea / span
	}
	e.area += e.bArea
	p.Environments = e.odBusy + e.pcBusy + e.pcIdle + len(e.idle) - e.idleLo
	p.Limit = e.limit
	if e.reserved >= 0 {
		p.Limit = e.reserved
	}
	p.Provisioned = e.pcLevel
	var qs [3]float64
	e.bh.quantiles(quantiles, qs[:])
	p.P50Ms, p.P90Ms, p.P99Ms = qs[0], qs[1], qs[2]
	e.costSoFar += float64(p.Invocations)*billing.RequestUSD +
		float64(e.bOdMs)/1000*e.memGB*e.tier1 + float64(e.bPcMs)/1000*e.memGB*e.pcDurRate +
		float64(e.pcLevel)*e.memGB*span*e.pcRate
	p.CostUSD = e.costSoFar
	p.Backlog = e.qLen
	e.s.PeakEnvs = max(e.s.PeakEnvs, p.Environments)
	e.series = append(e.series, p)
	e.bh.reset()
	e.bArea, e.bOdMs, e.bPcMs = 0, 0, 0
	e.p = Point{T: at, ConcurrencyMax: e.odBusy + e.pcBusy}
	e.stepEnd = at + e.step
}

func (e *engine) record(ms float64, n int64) {
	e.all.add(ms, n)
	e.bh.add(ms, n)
	e.latSum += ms * float64(n)
}

func (e *engine) arrive(t float64) {
	e.s.Arrivals++
	e.p.Arrivals++
	switch e.kind {
	case Sync:
		if r := e.try(t); r >= 0 {
			e.throttle(r)
		} else {
			e.record(e.svc*1000, 1)
		}
	case Async:
		if e.reserved == 0 {
			// Reserved concurrency 0: async events go straight to the
			// DLQ or on-failure destination, without retries.
			e.throttle(2)
			e.s.Expired++
			return
		}
		if e.qLen == 0 && t >= e.backoffUntil {
			if r := e.try(t); r < 0 {
				e.record(e.svc*1000, 1)
				return
			} else {
				e.throttle(r)
				e.backoff(t)
			}
		}
		e.enqueue(t)
	case SQS:
		e.updatePollers(t)
		e.enqueue(t)
		e.dispatch(t)
	}
}

func (e *engine) throttle(r int) {
	e.throttles[r]++
	e.p.Throttles++
}

func (e *engine) backoff(t float64) {
	e.fails++
	e.backoffUntil = t + limits.AsyncBackoff(e.fails).Seconds()
	e.wakeAt = e.backoffUntil
}

func (e *engine) enqueue(t float64) {
	if n := len(e.q); n > e.qLo && t-e.q[n-1].t < runGrain {
		e.q[n-1].n++
	} else {
		e.q = append(e.q, run{t: t, n: 1})
	}
	e.qLen++
	e.s.MaxBacklog = max(e.s.MaxBacklog, e.qLen)
}

func (e *engine) popRuns() {
	if e.qLo == len(e.q) {
		e.q, e.qLo = e.q[:0], 0
	} else if e.qLo > 1024 && e.qLo*2 > len(e.q) {
		n := copy(e.q, e.q[e.qLo:])
		e.q, e.qLo = e.q[:n], 0
	}
}

func (e *engine) updatePollers(t float64) {
	dt := t - e.pollAt
	e.pollAt = t
	rate := limits.SQSPollersPerMinute / 60.0
	if e.qLen > 0 {
		e.pollers = min(e.maxPolls, e.pollers+rate*dt)
	} else {
		e.pollers = max(limits.SQSInitialPollers, e.pollers-rate*dt)
	}
}

// dispatch starts queued work at t as far as the rules allow.
func (e *engine) dispatch(t float64) {
	if t < e.backoffUntil {
		return
	}
	switch e.kind {
	case Async:
		for e.qLen > 0 {
			h := &e.q[e.qLo]
			if t-h.t > e.maxAge {
				e.s.Expired += h.n
				e.qLen -= h.n
				e.qLo++
				e.popRuns()
				continue
			}
			if r := e.try(t); r >= 0 {
				e.throttle(r)
				e.backoff(t)
				return
			}
			e.fails = 0
			e.record((t-h.t+e.svc)*1000, 1)
			h.n--
			e.qLen--
			if h.n == 0 {
				e.qLo++
				e.popRuns()
			}
		}
	case SQS:
		e.updatePollers(t)
		for e.qLen > 0 {
			if float64(e.odBusy+e.pcBusy+1) > e.pollers+1e-9 {
				if e.pollers < e.maxPolls {
					// Wake when the next poller is there (a microsecond
					// late, so that rounding cannot stall the clock).
					rate := limits.SQSPollersPerMinute / 60.0
					w := t + (math.Floor(e.pollers)+1-e.pollers)/rate + 1e-6
					e.wakeAt = min(e.wakeAt, w)
				}
				return
			}
			if r := e.try(t); r >= 0 {
				e.throttle(r)
				e.backoff(t)
				return
			}
			e.fails = 0
			take := int64(e.batch)
			for take > 0 && e.qLen > 0 {
				h := &e.q[e.qLo]
				k := min(take, h.n)
				e.record((t-h.t+e.svc)*1000, k)
				h.n -= k
				e.qLen -= k
				take -= k
				e.s.Messages += k
				if h.n == 0 {
					e.qLo++
				}
			}
			e.popRuns()
		}
	}
}

// try starts one invocation at t. It returns -1 when it started (e.svc is
// then its INIT + Duration), or the index of the throttle reason.
func (e *engine) try(t float64) int {
	if e.reserved == 0 {
		return 2 // ReservedFunctionConcurrentInvocationLimitExceeded
	}
	if !e.rps.Take(t) {
		if e.reserved >= 0 {
			return 3
		}
		return 1
	}
	d := e.sample()
	reset := false
	if d >= e.timeoutS {
		d, reset = e.timeoutS, true
		e.s.Timeouts++
	}
	dms := d * 1000
	if e.pcIdle > 0 {
		e.pcIdle--
		e.pcBusy++
		e.push(busyEnv{end: t + d, ttl: -1})
		e.s.OnPC++
		ms := billing.BilledMs(e.era, dms, 0, false)
		e.pcMs += ms
		e.bPcMs += ms
		e.started(d)
		return -1
	}
	// The most recently used idle environment, if any is still alive.
	for n := len(e.idle); n > e.idleLo; n = len(e.idle) {
		top := e.idle[n-1]
		e.idle = e.idle[:n-1]
		if top.expire <= t {
			e.s.Reclaimed++
			continue
		}
		e.push(busyEnv{end: t + d, deadline: resetIf(reset, top.deadline), ttl: float32(top.ttl)})
		e.odBusy++
		ms := billing.BilledMs(e.era, dms, 0, false)
		e.odMs += ms
		e.bOdMs += ms
		e.started(d)
		return -1
	}
	if e.idleLo > 0 {
		e.idle, e.idleLo = e.idle[:0], 0
	}
	inUse := e.odBusy + e.pcLevel
	switch limits.ConcurrencyReason(e.reserved, inUse, e.limit, inUse) {
	case limits.ReasonConcurrentLimit:
		return 0
	case limits.ReasonReservedConcurrentLimit:
		return 2
	}
	if !e.scale.Take(t) {
		if e.reserved >= 0 {
			return 3
		}
		return 1
	}
	ttl := limits.Jitter(e.ttl, limits.IdleTTLJitter, e.rng.Float64())
	life := limits.Jitter(e.life, limits.MaxLifetimeJitter, e.rng.Float64())
	init := e.initMs / 1000
	e.push(busyEnv{end: t + init + d, deadline: resetIf(reset, t+life), ttl: float32(ttl)})
	e.odBusy++
	e.s.ColdStarts++
	e.p.ColdStarts++
	ms := billing.BilledMs(e.era, dms, e.initMs, false)
	warm := billing.BilledMs(e.era, dms, 0, false)
	e.odMs += ms
	e.initShareMs += ms - warm
	e.bOdMs += ms
	e.started(init + d)
	return -1
}

// resetIf is the deadline to keep: -1 when the environment is reset (after
// a timeout), so that it is not reused.
func resetIf(reset bool, deadline float64) float32 {
	if reset {
		return -1
	}
	return float32(deadline)
}

func (e *engine) started(svc float64) {
	e.svc = svc
	e.s.Invocations++
	e.p.Invocations++
	if c := e.odBusy + e.pcBusy; c > e.p.ConcurrencyMax {
		e.p.ConcurrencyMax = c
	}
}

func (e *engine) complete(t float64) {
	b := e.pop()
	if b.pc() {
		e.pcBusy--
		if e.pcRetire > 0 {
			e.pcRetire--
		} else {
			e.pcIdle++ // a provisioned environment is re-initialised after a timeout, ready again
		}
	} else {
		e.odBusy--
		if deadline := float64(b.deadline); t < deadline {
			ttl := float64(b.ttl)
			e.idle = append(e.idle, idleEnv{expire: limits.Expiry(0, t, ttl, deadline), deadline: deadline, ttl: ttl})
		} else {
			e.s.Reclaimed++
		}
	}
	// Reclaim the longest-idle environments past their time.
	for e.idleLo < len(e.idle) && e.idle[e.idleLo].expire <= t {
		e.idleLo++
		e.s.Reclaimed++
	}
	if e.idleLo > 1024 && e.idleLo*2 > len(e.idle) {
		n := copy(e.idle, e.idle[e.idleLo:])
		e.idle, e.idleLo = e.idle[:n], 0
	}
	if e.qLen > 0 {
		// A freed environment is a retry that succeeds: do not wait out
		// the backoff for it.
		e.backoffUntil = t
		e.dispatch(t)
	}
}

func (e *engine) changePC(t float64) {
	// Bill the level that ends here.
	if e.pcLevel > 0 && t > e.pcSince {
		e.pcSeconds += float64(e.pcLevel) * billing.PCBilledSeconds((t-e.pcSince)/3600)
	}
	e.pcSince = t
	next := e.pcSched[0]
	e.pcSched = e.pcSched[1:]
	if len(e.pcSched) > 0 {
		e.pcNext = e.pcSched[0].At.Seconds()
	} else {
		e.pcNext = inf
	}
	n := next.Count
	if n > e.pcLevel {
		e.pcIdle += n - e.pcLevel
	} else if n < e.pcLevel {
		drop := e.pcLevel - n
		k := min(drop, e.pcIdle)
		e.pcIdle -= k
		e.pcRetire += drop - k
	}
	e.pcLevel = n
	if e.qLen > 0 {
		e.dispatch(t)
	}
}

func (e *engine) finish() {
	if e.pcLevel > 0 && e.end > e.pcSince {
		e.pcSeconds += float64(e.pcLevel) * billing.PCBilledSeconds((e.end-e.pcSince)/3600)
	}
	s := &e.s
	s.Seconds = e.end
	s.Queued = e.qLen
	if s.Invocations > 0 {
		s.ColdShare = float64(s.ColdStarts) / float64(s.Invocations)
	}
	for i, r := range limits.Reasons() {
		if e.throttles[i] > 0 {
			s.Throttles[r] = e.throttles[i]
		}
		s.ThrottlesTotal += e.throttles[i]
	}
	for _, p := range e.series {
		s.PeakConcurrency = max(s.PeakConcurrency, p.ConcurrencyMax)
	}
	s.MeanConcurrency = e.area / e.end
	var qs [3]float64
	e.all.quantiles(quantiles, qs[:])
	s.Latency = Latency{P50: qs[0], P90: qs[1], P99: qs[2], Max: e.all.maxMs()}
	if e.all.n > 0 {
		s.Latency.Mean = e.latSum / float64(e.all.n)
	}
	s.Cost = e.cost()
}

// cost prices the run with the billing engine's rates and tiers.
func (e *engine) cost() Cost {
	arch := e.sc.Function.Arch
	c := Cost{BilledMsOnDemand: e.odMs, BilledMsInitShare: e.initShareMs, BilledMsPC: e.pcMs}
	c.OnDemandGBs = float64(e.odMs) / 1000 * e.memGB
	c.InitGBs = float64(e.initShareMs) / 1000 * e.memGB
	c.PCDurationGBs = float64(e.pcMs) / 1000 * e.memGB
	c.PCEnabledGBs = e.pcSeconds * e.memGB
	c.RequestsUSD = float64(e.s.Invocations) * billing.RequestUSD
	c.DurationUSD = billing.TieredDurationUSD(arch, c.OnDemandGBs)
	c.InitUSD = c.DurationUSD - billing.TieredDurationUSD(arch, c.OnDemandGBs-c.InitGBs)
	c.ProvisionedUSD = c.PCEnabledGBs * e.pcRate
	c.PCDurationUSD = c.PCDurationGBs * e.pcDurRate
	if extra := e.sc.Function.EphemeralMB - billing.IncludedEphemeralMB; extra > 0 {
		c.StorageUSD = float64(extra) / 1024 * float64(e.odMs+e.pcMs) / 1000 * billing.StorageGBs
	}
	c.TotalUSD = c.RequestsUSD + c.DurationUSD + c.ProvisionedUSD + c.PCDurationUSD + c.StorageUSD
	return c
}

// The completion heap is 4-ary: half the depth of a binary heap, and the
// four children of a node share a cache line.
func (e *engine) push(b busyEnv) {
	h := append(e.heap, b)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if h[p].end <= b.end {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = b
	e.heap = h
}

func (e *engine) pop() busyEnv {
	h := e.heap
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if h[j].end < h[m].end {
				m = j
			}
		}
		if last.end <= h[m].end {
			break
		}
		h[i] = h[m]
		i = m
	}
	if n > 0 {
		h[i] = last
	}
	e.heap = h
	return top
}
