package billing

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func seed(arch Arch, free bool) Usage {
	return Usage{Requests: 1_000_000, AvgDurationMs: 200, MemoryMB: 256, Arch: arch, FreeTier: free}
}

func mustMonthly(t *testing.T, u Usage) Breakdown {
	t.Helper()
	b, err := Monthly(u)
	if err != nil {
		t.Fatalf("Monthly(%+v): %v", u, err)
	}
	return b
}

// FACTS.md §1.5, the seed example: 1M × 200 ms × 256 MB = 50,000 GB-s;
// x86 $0.8333 + $0.20 = $1.03; arm64 $0.6667 + $0.20 = $0.87; $0.00 with the free tier.
func TestMonthlySeedExample(t *testing.T) {
	tests := []struct {
		arch            Arch
		free            bool
		duration, total string
	}{
		{X86_64, false, "$0.8333", "$1.03"},
		{ARM64, false, "$0.6667", "$0.87"},
		{X86_64, true, "$0.8333", "$0.00"},
		{ARM64, true, "$0.6667", "$0.00"},
	}
	for _, tt := range tests {
		b := mustMonthly(t, seed(tt.arch, tt.free))
		if b.OnDemandGBs != 50_000 {
			t.Errorf("%s: GB-s = %v, want 50,000 (FACTS.md §1.5)", tt.arch, b.OnDemandGBs)
		}
		l1, _ := b.Line(LineTier1)
		if got := FormatUSD(l1.USD); got != tt.duration {
			t.Errorf("%s free=%v: duration %s, want %s (FACTS.md §1.5)", tt.arch, tt.free, got, tt.duration)
		}
		req, _ := b.Line(LineRequests)
		if got := FormatUSD(req.USD); got != "$0.2000" {
			t.Errorf("%s: requests %s, want $0.2000", tt.arch, got)
		}
		if got := FormatCents(b.Total); got != tt.total {
			t.Errorf("%s free=%v: total %s (%v), want %s (FACTS.md §1.5)", tt.arch, tt.free, got, b.Total, tt.total)
		}
		if tt.free && b.Total != 0 {
			t.Errorf("%s: free tier total = %v, want exactly 0", tt.arch, b.Total)
		}
		if _, ok := b.Line(LineTier2); ok {
			t.Errorf("%s: tier 2 line present for 50,000 GB-s", tt.arch)
		}
	}
}

// FACTS.md §1.5: since 2025-08 INIT is billed; 1% cold starts of 150 ms add 375 GB-s ≈ $0.006.
func TestMonthlyInitBilling(t *testing.T) {
	u := seed(X86_64, false)
	u.InitMs, u.ColdRatio = 150, 0.01
	b := mustMonthly(t, u)
	if !near(b.InitGBs, 375, 1e-9) {
		t.Errorf("init GB-s = %v, want 375 (FACTS.md §1.5)", b.InitGBs)
	}
	if b.ColdStarts != 10_000 || b.BilledMsCold != 350 || b.BilledMsWarm != 200 {
		t.Errorf("cold %v, billed warm %d cold %d", b.ColdStarts, b.BilledMsWarm, b.BilledMsCold)
	}
	l, ok := b.Line(LineInit)
	if !ok || !l.Included {
		t.Fatalf("INIT line missing or not marked included: %+v", l)
	}
	if got := FormatUSD(l.USD); got != "$0.0063" || math.Round(l.USD*1000)/1000 != 0.006 {
		t.Errorf("INIT adds %s (%v), want ≈ $0.006 (FACTS.md §1.5)", got, l.USD)
	}
	without := mustMonthly(t, seed(X86_64, false))
	if !near(b.Total-without.Total, l.USD, 1e-12) {
		t.Errorf("total grew by %v, INIT line says %v", b.Total-without.Total, l.USD)
	}

	// Before 2025-08 the same month's INIT was free for ZIP + managed runtimes (§1.4)...
	u.Era = EraFreeInit
	old := mustMonthly(t, u)
	if old.InitGBs != 0 || old.Total != without.Total {
		t.Errorf("free-init era: init GB-s %v total %v, want 0 and %v", old.InitGBs, old.Total, without.Total)
	}
	// ...but billed for container images and custom runtimes.
	u.InitAlwaysBilled = true
	img := mustMonthly(t, u)
	if !near(img.InitGBs, 375, 1e-9) {
		t.Errorf("image in free-init era: init GB-s %v, want 375", img.InitGBs)
	}

	// With the free tier, the INIT GB-s are inside the 400,000 free GB-s: it adds nothing.
	u = seed(X86_64, true)
	u.InitMs, u.ColdRatio = 150, 0.01
	free := mustMonthly(t, u)
	if l, _ := free.Line(LineInit); l.USD != 0 || free.Total != 0 {
		t.Errorf("free tier: INIT line %v, total %v, want 0 and 0", l.USD, free.Total)
	}
}

// FACTS.md §1.1 PC worked example: one PC environment of 1 GB kept for 30 days costs
// 2,592,000 s × $0.0000041667 ≈ $10.80 before any invocations.
func TestMonthlyProvisionedConcurrency(t *testing.T) {
	b := mustMonthly(t, Usage{MemoryMB: 1024, ProvisionedConcurrency: 1, PCHours: 720, FreeTier: true})
	pc, ok := b.Line(LinePC)
	if !ok || pc.Quantity != 2_592_000 || b.PCSeconds != 2_592_000 {
		t.Fatalf("PC line %+v, seconds %v", pc, b.PCSeconds)
	}
	if got := FormatCents(b.Total); got != "$10.80" {
		t.Errorf("30 days of 1 GB PC = %s (%v), want $10.80 (FACTS.md §1.1)", got, b.Total)
	}
	if b.FreeTierApplied {
		t.Error("free tier applied to a function with PC (FACTS.md §1.3: it does not apply)")
	}
	if len(b.Notes) == 0 || !strings.Contains(b.Notes[0], "free tier does not apply") {
		t.Errorf("notes = %q", b.Notes)
	}

	// Invocations on PC pay the PC duration rate with no INIT; the rest spill over on demand.
	u := Usage{Requests: 1_000_000, AvgDurationMs: 100, MemoryMB: 1024, ProvisionedConcurrency: 2, PCHours: 1, PCRequests: 600_000, InitMs: 200, ColdRatio: 0.5}
	b = mustMonthly(t, u)
	if b.OnDemandRequests != 400_000 || b.ColdStarts != 200_000 {
		t.Errorf("on demand %d cold %v", b.OnDemandRequests, b.ColdStarts)
	}
	if d, _ := b.Line(LinePCDuration); !near(d.Quantity, 60_000, 1e-6) || !near(d.USD, 60_000*X86PCDurationGBs, 1e-12) {
		t.Errorf("PC duration line %+v, want 60,000 GB-s at %v", d, X86PCDurationGBs)
	}
	if p, _ := b.Line(LinePC); p.Quantity != 2*3600 {
		t.Errorf("PC GB-s = %v, want 7,200", p.Quantity)
	}
	wantOnDemand := 400_000*0.1 + 200_000*0.2 // invoke + INIT GB-s at 1 GB
	if !near(b.OnDemandGBs, wantOnDemand, 1e-6) {
		t.Errorf("on-demand GB-s = %v, want %v", b.OnDemandGBs, wantOnDemand)
	}
	want := 1e6*RequestUSD + wantOnDemand*X86Tier1GBs + 7200*X86PCGBs + 60_000*X86PCDurationGBs
	if !near(b.Total, want, 1e-12) {
		t.Errorf("total = %v, want %v", b.Total, want)
	}
}

func TestPCBilledSeconds(t *testing.T) {
	for hours, want := range map[float64]float64{0: 0, 720: 2_592_000, 0.01: 300, 1: 3600, 1.0 / 12: 300, 1.0/12 + 1e-3: 600} {
		if got := PCBilledSeconds(hours); got != want {
			t.Errorf("PCBilledSeconds(%v) = %v, want %v (rounded up to 5 minutes, FACTS.md §1.1)", hours, got, want)
		}
	}
}

// FACTS.md §1.1: tier 1 ends at 6 B GB-s for x86_64 and 7.5 B for arm64; tier 2 at 15 B and 18.75 B.
func TestTierBoundaries(t *testing.T) {
	x := SplitTiers(X86_64, 6e9)
	if x != [3]float64{6e9, 0, 0} {
		t.Errorf("x86 at 6 B = %v", x)
	}
	x = SplitTiers(X86_64, 20e9)
	if x != [3]float64{6e9, 9e9, 5e9} {
		t.Errorf("x86 at 20 B = %v", x)
	}
	a := SplitTiers(ARM64, 7.5e9)
	if a != [3]float64{7.5e9, 0, 0} {
		t.Errorf("arm64 at 7.5 B = %v", a)
	}
	a = SplitTiers(ARM64, 20e9)
	if a != [3]float64{7.5e9, 11.25e9, 1.25e9} {
		t.Errorf("arm64 at 20 B = %v", a)
	}
	// One more GB-s beyond the boundary is priced at tier 2.
	if d := TieredDurationUSD(X86_64, 6e9+1) - TieredDurationUSD(X86_64, 6e9); !near(d, X86Tier2GBs, 1e-9) {
		t.Errorf("x86 GB-s after 6 B costs %v, want %v", d, X86Tier2GBs)
	}
	if d := TieredDurationUSD(ARM64, 7.5e9) - TieredDurationUSD(ARM64, 7.5e9-1); !near(d, ARM64Tier1GBs, 1e-9) {
		t.Errorf("arm64 last tier-1 GB-s costs %v, want %v", d, ARM64Tier1GBs)
	}
	if d := TieredDurationUSD(ARM64, 18.75e9+1) - TieredDurationUSD(ARM64, 18.75e9); !near(d, ARM64Tier3GBs, 1e-9) {
		t.Errorf("arm64 GB-s after 18.75 B costs %v, want %v", d, ARM64Tier3GBs)
	}

	// A month that crosses into tier 2 gets a tier-2 line.
	b := mustMonthly(t, Usage{Requests: 10_000_000_000, AvgDurationMs: 1000, MemoryMB: 1024})
	l2, ok := b.Line(LineTier2)
	if !ok || l2.Quantity != 4e9 {
		t.Errorf("tier 2 line %+v, want 4 B GB-s", l2)
	}
}

func TestMonthlyFreeTierPartial(t *testing.T) {
	// 3M requests × 1 s × 1 GB = 3,000,000 GB-s: pay for 2M requests and 2,600,000 GB-s.
	b := mustMonthly(t, Usage{Requests: 3_000_000, AvgDurationMs: 1000, MemoryMB: 1024, FreeTier: true})
	want := 2e6*RequestUSD + 2.6e6*X86Tier1GBs
	if !near(b.Total, want, 1e-9) {
		t.Errorf("total %v, want %v", b.Total, want)
	}
	if fr, _ := b.Line(LineFreeRequests); fr.Quantity != 1e6 || !near(fr.USD, -0.2, 1e-12) {
		t.Errorf("free requests line %+v", fr)
	}
	if fc, _ := b.Line(LineFreeCompute); fc.Quantity != 400_000 {
		t.Errorf("free compute line %+v", fc)
	}
}

func TestMonthlyStorageAnd100msEra(t *testing.T) {
	b := mustMonthly(t, Usage{Requests: 1000, AvgDurationMs: 27.4, MemoryMB: 128, EphemeralMB: 1536, Era: Era100ms})
	if b.BilledMsWarm != 100 {
		t.Errorf("100 ms era billed %d", b.BilledMsWarm)
	}
	s, ok := b.Line(LineStorage)
	// 1000 × 0.1 s × 1 GB extra = 100 GB-s.
	if !ok || !near(s.Quantity, 100, 1e-9) || !near(s.USD, 100*StorageGBs, 1e-15) {
		t.Errorf("storage line %+v", s)
	}
}

func TestUsageValidate(t *testing.T) {
	ok := seed(X86_64, false)
	bad := []struct {
		mod  func(*Usage)
		want string
	}{
		{func(u *Usage) { u.MemoryMB = 64 }, "memory must be between 128 and 10240"},
		{func(u *Usage) { u.MemoryMB = 10241 }, "memory"},
		{func(u *Usage) { u.Requests = -1 }, "requests"},
		{func(u *Usage) { u.Arch = "sparc" }, "x86_64 or arm64"},
		{func(u *Usage) { u.EphemeralMB = 256 }, "ephemeral storage"},
		{func(u *Usage) { u.AvgDurationMs = 900_001 }, "15-minute timeout"},
		{func(u *Usage) { u.ColdRatio = 1.5 }, "between 0 and 1"},
		{func(u *Usage) { u.Era = "1999" }, "billing era"},
		{func(u *Usage) { u.PCHours = 10 }, "count too"},
		{func(u *Usage) { u.ProvisionedConcurrency = 1 }, "720 for 30 days"},
		{func(u *Usage) { u.ProvisionedConcurrency, u.PCHours, u.PCRequests = 1, 1, 2_000_000 }, "between 0 and the month's"},
		{func(u *Usage) { u.InitMs = math.NaN() }, "init duration"},
	}
	for _, tt := range bad {
		u := ok
		tt.mod(&u)
		_, err := Monthly(u)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Monthly(%+v) error = %v, want it to mention %q", u, err, tt.want)
		}
	}
	if err := ok.Validate(); err != nil {
		t.Errorf("seed example rejected: %v", err)
	}
}

func TestBreakdownJSON(t *testing.T) {
	b := mustMonthly(t, seed(ARM64, true))
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var back Breakdown
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Usage.Arch != ARM64 || len(back.Lines) != len(b.Lines) || back.Total != b.Total {
		t.Errorf("round trip lost data: %s", data)
	}
}

func TestFormatUSD(t *testing.T) {
	for v, want := range map[float64]string{
		0: "$0.00", 1.0333: "$1.03", 0.86667: "$0.8667", 10.80009: "$10.80", -0.2: "-$0.2000",
		1.0333e-6: "$0.00000103", 0.0000000020833: "$0.00000000208", 1e-17: "$0.00", 1234.5: "$1234.50",
	} {
		if got := FormatUSD(v); got != want {
			t.Errorf("FormatUSD(%v) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{0.86667: "$0.87", 1.0333: "$1.03", 0.004: "$0.00", -0.2: "-$0.20", 10.80009: "$10.80"} {
		if got := FormatCents(v); got != want {
			t.Errorf("FormatCents(%v) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{50000: "50,000", 375: "375", 0.5: "0.5", 2592000: "2,592,000", 1e9: "1,000,000,000", -1000: "-1,000"} {
		if got := FormatQuantity(v); got != want {
			t.Errorf("FormatQuantity(%v) = %q, want %q", v, got, want)
		}
	}
}
