package sim

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// cpuSeconds is the process's user and system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// steady is 1,000 requests per second of 200 ms at 256 MB for d.
func steady(d time.Duration) Scenario {
	return Scenario{Name: "steady", Duration: Duration(d), Traffic: Traffic{Rate: 1000},
		Function: Function{MemoryMB: 256, Duration: DurationDist{Dist: "lognormal", Mean: Duration(200 * time.Millisecond), StdDev: Duration(50 * time.Millisecond)}, Init: Duration(150 * time.Millisecond)}}
}

func benchRun(b *testing.B, d time.Duration) {
	b.ReportAllocs()
	var n int64
	cpu0 := cpuSeconds()
	for b.Loop() {
		r, err := Run(context.Background(), steady(d))
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
