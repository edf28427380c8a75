// Package billing prices AWS Lambda invocations and months of usage the way AWS bills
// them: requests, duration in GB-s with three tiers per architecture, the billing eras
// (100 ms rounding before December 2020, free INIT for ZIP + managed runtimes until
// 2025-08-01), the free tier, Provisioned Concurrency and ephemeral storage.
//
// Every price and rule comes from https://aws.amazon.com/lambda/pricing/ (us-east-1 prices, as checked in
// the project's FACTS.md §1); the
// constants in prices.go name their rows.
//
// Money is computed in float64 US dollars and never rounded inside this package; round
// only for display (see FormatUSD). Durations are rounded as AWS rounds them (BilledMs).
package billing

import (
	"fmt"
	"math"
	"strings"
)

// Arch is a function's instruction set architecture.
type Arch string

// The two architectures Lambda offers.
const (
	X86_64 Arch = "x86_64"
	ARM64  Arch = "arm64"
)

// ParseArch accepts "x86_64" (also "x86", "amd64") and "arm64" (also "arm", "aarch64"
// and "graviton"), case-insensitively.
func ParseArch(s string) (Arch, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "x86_64", "x86", "amd64", "x86-64":
		return X86_64, nil
	case "arm64", "arm", "aarch64", "graviton":
		return ARM64, nil
	}
	return "", fmt.Errorf("unknown architecture %q: use x86_64 or arm64", s)
}

// Era selects the billing rules in force at a point in time (FACTS.md §1.2, §1.4, §8).
type Era string

const (
	// EraCurrent is the rule since 2025-08-01: 1 ms rounding, and the INIT phase of a
	// cold on-demand invoke is billed for every function configuration (FACTS.md §1.4).
	EraCurrent Era = "2025-08"
	// EraFreeInit is the rule from 2020-12-01 to 2025-07-31: 1 ms rounding; INIT is free
	// for ZIP-packaged functions on managed runtimes invoked on demand, but billed for
	// container images and custom runtimes (FACTS.md §1.2, §1.4).
	EraFreeInit Era = "2020-12"
	// Era100ms is the rule before December 2020: duration rounded up to the next 100 ms;
	// INIT free as in EraFreeInit (FACTS.md §1.2).
	Era100ms Era = "2017"
)

// Eras lists the eras, newest first.
func Eras() []Era { return []Era{EraCurrent, EraFreeInit, Era100ms} }

// ParseEra accepts an Era value ("2025-08", "2020-12", "2017") or a name: "current",
// "free-init", "100ms".
func ParseEra(s string) (Era, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "current", "2025-08", "2025":
		return EraCurrent, nil
	case "free-init", "2020-12", "2020", "1ms":
		return EraFreeInit, nil
	case "100ms", "2017", "100-ms":
		return Era100ms, nil
	}
	return "", fmt.Errorf("unknown billing era %q: use 2025-08 (current), 2020-12 (free INIT) or 2017 (100 ms rounding)", s)
}

// Describe says in one line what the era's rules are.
func (e Era) Describe() string {
	switch e {
	case EraCurrent:
		return "since 2025-08-01: 1 ms rounding, INIT billed"
	case EraFreeInit:
		return "2020-12 to 2025-07: 1 ms rounding, INIT free for ZIP + managed runtimes"
	case Era100ms:
		return "before 2020-12: rounded up to 100 ms, INIT free for ZIP + managed runtimes"
	}
	return "unknown era " + string(e)
}

func (e Era) valid() bool { return e == EraCurrent || e == EraFreeInit || e == Era100ms }

// BilledMs returns the billed duration in whole milliseconds of one invocation.
//
// durationMs is the REPORT line's Duration; initMs is the Init Duration of a cold
// on-demand invoke (0 for a warm invoke, and for an invoke served by Provisioned
// Concurrency, whose INIT is paid through the PC charge). initAlwaysBilled is true for
// container images and custom runtimes, false for ZIP packages on managed runtimes.
//
//   - EraCurrent: ceil(durationMs + initMs) to 1 ms (FACTS.md §1.4, §8).
//   - EraFreeInit: ceil(durationMs) to 1 ms, plus initMs when initAlwaysBilled.
//   - Era100ms: as EraFreeInit, but rounded up to the next 100 ms (27.40 ms → 100 ms).
//
// An unknown era is treated as EraCurrent. Negative inputs count as 0. The sum is first
// rounded to the nearest microsecond, so that float noise such as 28.000000000004 bills
// 28 ms, not 29.
func BilledMs(era Era, durationMs, initMs float64, initAlwaysBilled bool) int64 {
	// Plain comparisons rather than math.Max: this runs once per simulated
	// invocation (sandbox/sim), millions of times a second.
	ms := durationMs
	if ms < 0 {
		ms = 0
	}
	if (era == EraCurrent || !era.valid() || initAlwaysBilled) && initMs > 0 {
		ms += initMs
	}
	us := int64(math.Round(ms * 1000))
	step := int64(1000) // 1 ms in µs
	if era == Era100ms {
		step = 100_000 // 100 ms in µs
	}
	return (us + step - 1) / step * step / 1000
}

// Cost is what one invocation (or a month) costs, in US dollars, unrounded.
type Cost struct{ RequestUSD, DurationUSD, StorageUSD float64 }

// Total is the sum of the parts, unrounded.
func (c Cost) Total() float64 { return c.RequestUSD + c.DurationUSD + c.StorageUSD }

// GBSeconds is billedMs of duration at memoryMB expressed in GB-s (1 GB = 1,024 MB).
func GBSeconds(memoryMB int, billedMs int64) float64 {
	return float64(billedMs) / 1000 * float64(memoryMB) / 1024
}

// Tier1Rate is the on-demand duration price per GB-s of the first tier for arch. Any
// arch other than ARM64 is priced as X86_64.
func Tier1Rate(arch Arch) float64 {
	if arch == ARM64 {
		return ARM64Tier1GBs
	}
	return X86Tier1GBs
}

// PricePerMs is the on-demand (tier 1) price of 1 ms at memoryMB, as the pricing page
// lists it: 128 MB x86_64 costs about $0.0000000021 per ms (FACTS.md §1.1).
func PricePerMs(arch Arch, memoryMB int) float64 {
	return Tier1Rate(arch) * float64(memoryMB) / 1024 / 1000
}

// InvocationCost prices one invocation: one request plus billedMs of duration at the
// tier-1 on-demand rate for arch and memoryMB, plus ephemeral storage above 512 MB for
// billedMs. No free tier, no tiers beyond the first (a month's tiers need Monthly).
// ephemeralMB at or below 512 (including 0, "not set") costs nothing. Any arch other
// than ARM64 is priced as X86_64.
func InvocationCost(arch Arch, memoryMB, ephemeralMB int, billedMs int64) Cost {
	if billedMs < 0 {
		billedMs = 0
	}
	c := Cost{
		RequestUSD:  RequestUSD,
		DurationUSD: GBSeconds(memoryMB, billedMs) * Tier1Rate(arch),
	}
	if extra := ephemeralMB - IncludedEphemeralMB; extra > 0 {
		c.StorageUSD = GBSeconds(extra, billedMs) * StorageGBs
	}
	return c
}
