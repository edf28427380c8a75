package billing

import (
	"math"
	"testing"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestBilledMs(t *testing.T) {
	// Computed at run time (not as constants) so the float noise is real.
	hundredth := 0.01
	noisyDur, noisyInit := 20*hundredth, 280*hundredth
	if noisyDur+noisyInit <= 3 {
		t.Fatalf("test premise: %.20f should exceed 3 by float noise", noisyDur+noisyInit)
	}
	tests := []struct {
		name       string
		era        Era
		dur, init  float64
		always     bool
		want       int64
		sourceNote string
	}{
		{"1 ms rounding", EraCurrent, 27.55, 0, false, 28, "FACTS.md §1.2: Duration 27.55 ms, Billed Duration 28 ms"},
		{"1 ms rounding, free-init era", EraFreeInit, 27.55, 0, false, 28, "FACTS.md §1.2"},
		{"100 ms era", Era100ms, 27.40, 0, false, 100, "FACTS.md §1.2: Duration 27.40 ms, Billed Duration 100 ms"},
		{"100 ms era AWS log example", Era100ms, 128.83, 0, false, 200, "FACTS.md §3.1: 128.83 → 200 (Init Duration 166.62 not billed)"},
		{"100 ms era ignores free init", Era100ms, 128.83, 166.62, false, 200, "FACTS.md §3.1"},
		{"post-2020 doc example", EraFreeInit, 26.73, 0, false, 27, "FACTS.md §3.1: 26.73 → 27"},
		{"exact ms stays", EraCurrent, 28, 0, false, 28, "no rounding of whole ms"},
		{"float noise", EraCurrent, noisyDur, noisyInit, false, 3, "20*0.01 + 280*0.01 = 3.0000000000000004 bills 3"},
		{"image INIT billed (Luc)", EraFreeInit, 1049.63, 1293.83, true, 2344, "FACTS.md §1.4: image, Init 1293.83 + Duration 1049.63 → 2344"},
		{"image INIT billed now", EraCurrent, 1049.63, 1293.83, true, 2344, "FACTS.md §1.4"},
		{"zip INIT billed since 2025-08", EraCurrent, 1049.63, 1293.83, false, 2344, "FACTS.md §1.4 rule from 2025-08-01"},
		{"zip INIT free before 2025-08", EraFreeInit, 1049.63, 1293.83, false, 1050, "FACTS.md §1.4 rule before 2025-08-01"},
		{"suppressed init", EraCurrent, 12079.53, 0, false, 12080, "FACTS.md §1.4: suppressed init, Duration 12079.53 → Billed 12080"},
		{"custom runtime in 100 ms era", Era100ms, 10, 95, true, 200, "INIT billed for custom runtimes before 2025-08 (FACTS.md §1.4)"},
		{"zero", EraCurrent, 0, 0, false, 0, "nothing ran"},
		{"negative counts as 0", EraCurrent, -5, -1, false, 0, "defensive"},
		{"unknown era acts as current", Era("1999"), 10.2, 5, false, 16, "documented fallback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BilledMs(tt.era, tt.dur, tt.init, tt.always)
			if got != tt.want {
				t.Errorf("BilledMs(%q, %v, %v, %v) = %d, want %d (%s)", tt.era, tt.dur, tt.init, tt.always, got, tt.want, tt.sourceNote)
			}
		})
	}
}

// FACTS.md §1.1 "Per-millisecond prices": 128 MB x86 costs $0.0000000021 per ms.
func TestPricePerMs128(t *testing.T) {
	got := PricePerMs(X86_64, 128)
	if r := math.Round(got*1e10) / 1e10; r != 0.0000000021 {
		t.Errorf("PricePerMs(x86_64, 128) = %.12f, rounds to %.10f, want 0.0000000021", got, r)
	}
	if got := InvocationCost(X86_64, 128, 512, 1).DurationUSD; !near(got, 0.0000166667*0.125/1000, 1e-18) {
		t.Errorf("1 ms at 128 MB = %g", got)
	}
}

// FACTS.md §1.5: one invocation of 200 ms at 256 MB costs about $1.03 × 10⁻⁶ (x86).
func TestInvocationCostSeed(t *testing.T) {
	c := InvocationCost(X86_64, 256, 512, 200)
	if !near(c.Total(), 1.03e-6, 0.005e-6) {
		t.Errorf("x86 256 MB 200 ms = %g, want about 1.03e-6", c.Total())
	}
	if c.RequestUSD != 0.0000002 || c.StorageUSD != 0 {
		t.Errorf("request %g storage %g", c.RequestUSD, c.StorageUSD)
	}
	arm := InvocationCost(ARM64, 256, 0, 200)
	if !near(arm.DurationUSD, 0.05*0.0000133334, 1e-15) {
		t.Errorf("arm64 duration = %g", arm.DurationUSD)
	}
	if arm.Total() >= c.Total() {
		t.Errorf("arm64 %g should be cheaper than x86 %g", arm.Total(), c.Total())
	}
}

func TestInvocationCostStorage(t *testing.T) {
	// 10,240 MB of /tmp for 1 s: (10240-512)/1024 GB × 1 s × $0.0000000309 (FACTS.md §1.1).
	c := InvocationCost(X86_64, 1024, 10240, 1000)
	want := 9.5 * 0.0000000309
	if !near(c.StorageUSD, want, 1e-18) {
		t.Errorf("storage = %g, want %g", c.StorageUSD, want)
	}
	if c := InvocationCost(X86_64, 1024, 512, 1000); c.StorageUSD != 0 {
		t.Errorf("512 MB of /tmp is included, got %g", c.StorageUSD)
	}
}

func TestParseArchEra(t *testing.T) {
	for in, want := range map[string]Arch{"x86_64": X86_64, "ARM64": ARM64, "aarch64": ARM64, "amd64": X86_64} {
		if got, err := ParseArch(in); err != nil || got != want {
			t.Errorf("ParseArch(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseArch("mips"); err == nil {
		t.Error("ParseArch(mips) accepted")
	}
	for in, want := range map[string]Era{"current": EraCurrent, "2020-12": EraFreeInit, "100ms": Era100ms, "2017": Era100ms} {
		if got, err := ParseEra(in); err != nil || got != want {
			t.Errorf("ParseEra(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseEra("2010"); err == nil {
		t.Error("ParseEra(2010) accepted")
	}
}

func TestRegionalRequestPrices(t *testing.T) {
	if p, ok := RequestPricePerMillion("us-east-1"); !ok || p != RequestUSD*1e6 {
		t.Errorf("us-east-1 = %v %v", p, ok)
	}
	if p, ok := RequestPricePerMillion("af-south-1"); !ok || p != 0.27 {
		t.Errorf("af-south-1 = %v %v (FACTS.md §1.1)", p, ok)
	}
	if _, ok := RequestPricePerMillion("mars-north-1"); ok {
		t.Error("unknown region reported a price")
	}
}

func BenchmarkInvocationCost(b *testing.B) {
	var sink float64
	for i := 0; b.Loop(); i++ {
		sink += InvocationCost(ARM64, 256+i%1024, 1024, int64(i%3000)).Total()
	}
	_ = sink
}
