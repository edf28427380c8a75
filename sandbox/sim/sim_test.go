package sim

import (
	"context"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/limits"
)

func mustRun(t *testing.T, sc Scenario) *Result {
	t.Helper()
	r, err := Run(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func near(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// Little's law: at steady state the mean number of busy environments is
// the arrival rate times the mean time in the system, L = λW.
func TestLittlesLaw(t *testing.T) {
	for _, dist := range []DurationDist{
		{Dist: "fixed", Mean: ms(200)},
		{Dist: "lognormal", Mean: ms(120), StdDev: ms(80)},
		{Dist: "normal", Mean: ms(50), StdDev: ms(10)},
	} {
		sc := Scenario{Duration: Duration(20 * time.Minute), Traffic: Traffic{Rate: 500},
			Function: Function{MemoryMB: 512, Duration: dist, Init: ms(300)}}
		r := mustRun(t, sc)
		s := r.Summary
		lambda := float64(s.Invocations) / s.Seconds
		w := s.Latency.Mean / 1000
		if !near(s.MeanConcurrency, lambda*w, 0.005) {
			t.Errorf("%s: L = %.2f, λW = %.1f × %.4f = %.2f", dist.Dist, s.MeanConcurrency, lambda, w, lambda*w)
		}
		// And against the inputs: 500 RPS × the mean duration.
		if !near(s.MeanConcurrency, 500*dist.Mean.Seconds(), 0.02) {
			t.Errorf("%s: L = %.2f, want about %.1f", dist.Dist, s.MeanConcurrency, 500*dist.Mean.Seconds())
		}
		if s.ThrottlesTotal != 0 || s.ColdStarts == 0 || s.ColdShare > 0.01 {
			t.Errorf("%s: steady state at a quarter of the limit: %d throttles, %d cold starts", dist.Dist, s.ThrottlesTotal, s.ColdStarts)
		}
	}
}

// The burst rule for a step change: from 0 to 5,000 requests per second
// of 1 s each (5,000 environments needed), a function adds 1,000
// environments at once and then 1,000 per 10 s (100 per second), so the
// concurrency k seconds after the step is min(5,000, 1,000 + 100 k). The
// pre-2023 rule gives 3,000 at once, then +500 per minute.
func TestBurstRuleStep(t *testing.T) {
	for _, c := range []struct {
		rule         limits.ScalingRule
		burst, perS  float64
		reasonWanted string
	}{
		{limits.Scaling2023, 1000, 100, limits.ReasonFunctionRateLimit},
		{limits.ScalingLegacy, 3000, 500.0 / 60, limits.ReasonFunctionRateLimit},
	} {
		sc := Scenario{Duration: Duration(2 * time.Minute), Step: Duration(time.Second),
			Traffic:  Traffic{Process: "deterministic", Steps: []Step{{At: Duration(10 * time.Second), Rate: 5000}}},
			Function: Function{MemoryMB: 128, Duration: DurationDist{Mean: ms(1000)}, Timeout: Duration(3 * time.Second)},
			Account:  Account{Concurrency: 20000, Scaling: c.rule}}
		r := mustRun(t, sc)
		for _, p := range r.Series {
			k := p.T - 10 // seconds since the step, at the start of this point
			if k < 0 {
				if p.ConcurrencyMax != 0 {
					t.Fatalf("%s: busy before the step at %v", c.rule, p.T)
				}
				continue
			}
			upper := min(5000, c.burst+c.perS*(k+1))
			lower := min(5000, c.burst+c.perS*k) - 1
			// +1: an arrival may fall a rounding error before a completion.
			if float64(p.ConcurrencyMax) > upper+1 || float64(p.ConcurrencyMax) < lower {
				t.Errorf("%s: %v s after the step, concurrency %d, want %.0f to %.0f", c.rule, k, p.ConcurrencyMax, lower, upper)
			}
		}
		s := r.Summary
		if s.Throttles[c.reasonWanted] == 0 {
			t.Errorf("%s: the ramp must throttle with %s: %v", c.rule, c.reasonWanted, s.Throttles)
		}
		// Environments created = cold starts = what the rule allowed.
		maxEnvs := int64(min(5000, c.burst+c.perS*110))
		if s.ColdStarts > maxEnvs+1 || s.ColdStarts < maxEnvs-2 {
			t.Errorf("%s: %d cold starts, want %d", c.rule, s.ColdStarts, maxEnvs)
		}
	}
}

// The RPS limit is 10 × the concurrency: a new account (10) takes 100
// requests per second, however short they are.
func TestRPSLimit(t *testing.T) {
	sc := Scenario{Duration: Duration(10 * time.Minute), Traffic: Traffic{Rate: 500, Process: "deterministic"},
		Function: Function{Duration: DurationDist{Mean: ms(5)}}, Account: Account{Preset: "new-account"}}
	s := mustRun(t, sc).Summary
	want := 400.0 * 600
	if got := float64(s.Throttles[limits.ReasonFunctionRateLimit]); !near(got, want, 0.01) {
		t.Errorf("%v throttled, want about %v (400 per second): %v", got, want, s.Throttles)
	}
	if s.PeakConcurrency > 10 {
		t.Errorf("peak %d over the account's 10", s.PeakConcurrency)
	}
}

func TestConcurrencyLimitAndReserved(t *testing.T) {
	// 1,000 RPS of 100 ms needs 100; a new account has 10.
	sc := Scenario{Duration: Duration(5 * time.Minute), Traffic: Traffic{Rate: 90},
		Function: Function{Duration: DurationDist{Mean: ms(500)}}, Account: Account{Preset: "new-account"}}
	s := mustRun(t, sc).Summary
	if s.PeakConcurrency != 10 || s.Throttles[limits.ReasonConcurrentLimit] == 0 {
		t.Errorf("new account: peak %d, throttles %v", s.PeakConcurrency, s.Throttles)
	}
	zero := 0
	sc.Account = Account{Reserved: &zero}
	s = mustRun(t, sc).Summary
	if s.Invocations != 0 || s.Throttles[limits.ReasonReservedConcurrentLimit] != s.Arrivals {
		t.Errorf("reserved 0 throttles every call: %+v", s.Throttles)
	}
	five := 5
	sc.Account = Account{Reserved: &five}
	s = mustRun(t, sc).Summary
	if s.PeakConcurrency != 5 || s.Throttles[limits.ReasonReservedConcurrentLimit] == 0 {
		t.Errorf("reserved 5: peak %d, %v", s.PeakConcurrency, s.Throttles)
	}
}

// The cost of a steady run equals the billing engine's monthly bill for the
// same requests, duration, memory and cold-start ratio.
func TestCostMatchesBillingEngine(t *testing.T) {
	for _, era := range billing.Eras() {
		for _, arch := range []billing.Arch{billing.X86_64, billing.ARM64} {
			sc := Scenario{Duration: Duration(time.Hour), Era: era, Traffic: Traffic{Rate: 100, Process: "deterministic"},
				Function: Function{MemoryMB: 256, Arch: arch, Duration: DurationDist{Mean: ms(200)}, Init: ms(150)}}
			s := mustRun(t, sc).Summary
			b, err := billing.Monthly(billing.Usage{Requests: s.Invocations, AvgDurationMs: 200, MemoryMB: 256, Arch: arch,
				Era: era, InitMs: 150, ColdRatio: s.ColdShare})
			if err != nil {
				t.Fatal(err)
			}
			if !near(s.Cost.TotalUSD, b.Total, 1e-9) || !near(s.Cost.RequestsUSD, b.Cost.RequestUSD, 1e-12) {
				t.Errorf("%s %s: simulated $%.9f, billing engine $%.9f", era, arch, s.Cost.TotalUSD, b.Total)
			}
			if l, ok := b.Line(billing.LineInit); (ok && !near(s.Cost.InitUSD, l.USD, 1e-6)) || (!ok && s.Cost.InitUSD != 0) {
				t.Errorf("%s %s: INIT $%.9f, billing engine %+v", era, arch, s.Cost.InitUSD, l)
			}
		}
	}
	// Provisioned concurrency for the whole hour, serving everything.
	sc := Scenario{Duration: Duration(time.Hour), Traffic: Traffic{Rate: 10, Process: "deterministic"},
		Function: Function{MemoryMB: 1024, Duration: DurationDist{Mean: ms(100)}, Init: ms(500)}, Account: Account{Provisioned: 5}}
	s := mustRun(t, sc).Summary
	b, err := billing.Monthly(billing.Usage{Requests: s.Invocations, AvgDurationMs: 100, MemoryMB: 1024,
		ProvisionedConcurrency: 5, PCHours: 1, PCRequests: s.OnPC})
	if err != nil {
		t.Fatal(err)
	}
	if s.ColdStarts != 0 || s.OnPC != s.Invocations || !near(s.Cost.TotalUSD, b.Total, 1e-9) {
		t.Errorf("PC: %d cold, %d of %d on PC, $%.9f vs billing engine $%.9f", s.ColdStarts, s.OnPC, s.Invocations, s.Cost.TotalUSD, b.Total)
	}
}

// Idle environments are reclaimed after the idle time: traffic every 20
// minutes finds no warm environment (10 min ± 20%), every 5 minutes one.
func TestIdleReclaim(t *testing.T) {
	for _, c := range []struct {
		every time.Duration
		cold  bool
	}{{20 * time.Minute, true}, {5 * time.Minute, false}} {
		sc := Scenario{Duration: Duration(2 * time.Hour), Traffic: Traffic{Process: "deterministic", Rate: 1 / c.every.Seconds()},
			Function: Function{Duration: DurationDist{Mean: ms(100)}, Init: ms(200)}}
		s := mustRun(t, sc).Summary
		allCold := s.ColdStarts == s.Invocations
		if allCold != c.cold || (c.cold == false && s.ColdStarts != 1) {
			t.Errorf("every %v: %d cold of %d", c.every, s.ColdStarts, s.Invocations)
		}
	}
}

// Async: throttled events are retried with backoff and served later,
// not lost; SQS: pollers start at 5 and add 300 per minute.
func TestAsyncAndSQS(t *testing.T) {
	sc := Scenario{Duration: Duration(30 * time.Minute), Traffic: Traffic{Rate: 100, Spikes: []Spike{{At: Duration(time.Minute), For: Duration(time.Minute), Rate: 400}}},
		Function: Function{Duration: DurationDist{Mean: ms(100)}}, Account: Account{Concurrency: 20}, Invocation: Invocation{Type: Async}}
	s := mustRun(t, sc).Summary
	if s.ThrottlesTotal == 0 || s.Expired != 0 || s.Queued != 0 || s.Invocations != s.Arrivals {
		t.Errorf("async: %d throttles, %d expired, %d queued, %d of %d served", s.ThrottlesTotal, s.Expired, s.Queued, s.Invocations, s.Arrivals)
	}
	if s.Latency.Max < 1000 {
		t.Errorf("async: retried events waited, max latency %.0f ms", s.Latency.Max)
	}

	// 50,000 messages at once (a backlog), 1 s each, batch 10.
	sq := Scenario{Duration: Duration(10 * time.Minute), Step: Duration(10 * time.Second),
		Traffic:    Traffic{Process: "deterministic", Spikes: []Spike{{At: 0, For: Duration(time.Second), Rate: 50000}}},
		Function:   Function{Duration: DurationDist{Mean: ms(1000)}},
		Invocation: Invocation{Type: SQS, BatchSize: 10}}
	r := mustRun(t, sq)
	for _, p := range r.Series {
		if p.Backlog == 0 {
			break
		}
		limit := 5 + 300*(p.T+10)/60
		if float64(p.ConcurrencyMax) > limit+1 {
			t.Errorf("sqs: at %v s, %d concurrent batches, pollers allow %.0f", p.T, p.ConcurrencyMax, limit)
		}
	}
	if s := r.Summary; s.Messages != s.Arrivals || s.Messages < 49999 || s.Invocations < 5000 || s.Invocations > 5010 || s.Queued != 0 {
		t.Errorf("sqs: %d messages in %d batches, %d left", s.Messages, s.Invocations, s.Queued)
	}
}

// Memory stays flat with the length of the run: aggregation is streamed,
// not one record per invocation.
func TestMemoryFlat(t *testing.T) {
	alloc := func(d time.Duration) uint64 {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		mustRun(t, Scenario{Duration: Duration(d), Traffic: Traffic{Rate: 100},
			Function: Function{Duration: DurationDist{Dist: "lognormal", Mean: ms(100), StdDev: ms(50)}}})
		runtime.ReadMemStats(&m1)
		return m1.TotalAlloc - m0.TotalAlloc
	}
	short, long := alloc(10*time.Minute), alloc(4*time.Hour)
	// 24 times the invocations; allocations stay within a few series points.
	if long > 2*short+256<<10 {
		t.Errorf("a 10 min run allocates %d B, a 4 h run %d B: memory grows with the run", short, long)
	}
}

func TestDeterministicWithSeed(t *testing.T) {
	sc := steady(10 * time.Minute)
	a, b := mustRun(t, sc).Summary, mustRun(t, sc).Summary
	if a.Invocations != b.Invocations || a.Cost.TotalUSD != b.Cost.TotalUSD || a.Latency != b.Latency {
		t.Error("the same seed must give the same run")
	}
	sc.Seed = 7
	if c := mustRun(t, sc).Summary; c.Invocations == a.Invocations {
		t.Error("another seed should give another Poisson run")
	}
}
