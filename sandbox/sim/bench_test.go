package sim

import (
	"context"
	"testing"
	"time"
)

// steady is 1,000 requests per second (Poisson) of 200 ms ± 50 ms
// (log-normal) at 256 MB for d, 150 ms INIT.
func steady(d time.Duration) Scenario {
	return Scenario{Name: "steady", Duration: Duration(d), Traffic: Traffic{Rate: 1000},
		Function: Function{MemoryMB: 256, Duration: DurationDist{Dist: "lognormal", Mean: Duration(200 * time.Millisecond), StdDev: Duration(50 * time.Millisecond)}, Init: Duration(150 * time.Millisecond)}}
}

// steadyFixed is the bar: 1,000 requests per second of 200 ms.
func steadyFixed(d time.Duration) Scenario {
	s := steady(d)
	s.Function.Duration = DurationDist{Dist: "fixed", Mean: Duration(200 * time.Millisecond)}
	return s
}

func benchRun(b *testing.B, d time.Duration) { benchScenario(b, steady(d)) }

func benchScenario(b *testing.B, sc Scenario) {
	b.ReportAllocs()
	var n int64
	cpu0 := cpuSeconds()
	for b.Loop() {
		r, err := Run(context.Background(), sc)
		if err != nil {
			b.Fatal(err)
		}
		n += r.Summary.Invocations
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "invocations/s")
	// On a shared machine the wall clock counts other people's work too;
	// the process's CPU time counts only ours (one goroutine: one core).
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu, "invocations/cpu-s")
	}
	b.ReportMetric(float64(n)/float64(b.N), "invocations/op")
}

// BenchmarkSteady1h: an hour of 1,000 RPS (3.6 M invocations).
func BenchmarkSteady1h(b *testing.B) { benchRun(b, time.Hour) }

// BenchmarkSteady24h: a day of 1,000 RPS (86.4 M invocations); run with
// -benchtime=1x. B/op against BenchmarkSteady1h shows memory flat with
// the length of the run.
func BenchmarkSteady24h(b *testing.B) { benchRun(b, 24*time.Hour) }

// BenchmarkSteadyFixed24h is the bar exactly: a day of 1,000 RPS
// of a fixed 200 ms (86.4 M invocations); run with -benchtime=1x.
func BenchmarkSteadyFixed24h(b *testing.B) { benchScenario(b, steadyFixed(24*time.Hour)) }

// BenchmarkSteadyFixed1h is the same for an hour.
func BenchmarkSteadyFixed1h(b *testing.B) { benchScenario(b, steadyFixed(time.Hour)) }
