package billing

import (
	"errors"
	"fmt"
	"math"
)

// Limits that Usage.Validate enforces (FACTS.md §2: memory 128-10,240 MB, ephemeral
// storage 512-10,240 MB, timeout up to 900 s).
const (
	MinMemoryMB    = 128
	MaxMemoryMB    = 10240
	MaxEphemeralMB = 10240
	MaxDurationMs  = 900_000
	// MaxPCHours is the longest month (31 days) in hours.
	MaxPCHours = 744
	// PCRoundingSeconds: Provisioned Concurrency is billed from enable to disable,
	// rounded up to the nearest 5 minutes (FACTS.md §1.1, PC billing rules).
	PCRoundingSeconds = 300
)

// Usage describes one function's month, the input of Monthly.
type Usage struct {
	Requests      int64   `json:"requests"`      // invocations this month, on demand and on PC
	AvgDurationMs float64 `json:"avgDurationMs"` // average REPORT Duration of one invoke
	MemoryMB      int     `json:"memoryMB"`      // 128-10,240
	Arch          Arch    `json:"arch"`          // "" means x86_64
	EphemeralMB   int     `json:"ephemeralMB"`   // 512-10,240; 0 means 512
	// FreeTier applies the account's monthly free tier (1M requests, 400,000 GB-s),
	// assuming nothing else in the account uses it. Ignored when PC is enabled.
	FreeTier bool `json:"freeTier"`
	Era      Era  `json:"era"` // "" means EraCurrent

	// Cold starts of on-demand invocations: InitMs is the Init Duration of one cold
	// start, ColdRatio the fraction (0-1) of on-demand invocations that are cold.
	InitMs    float64 `json:"initMs"`
	ColdRatio float64 `json:"coldRatio"`
	// InitAlwaysBilled: container image or custom runtime (INIT billed in every era).
	InitAlwaysBilled bool `json:"initAlwaysBilled"`

	// Provisioned Concurrency: ProvisionedConcurrency environments enabled for PCHours
	// this month (rounded up to 5 minutes); PCRequests of the month's Requests are served
	// by them at the PC duration rate, the rest spill over to on-demand.
	ProvisionedConcurrency int     `json:"provisionedConcurrency"`
	PCHours                float64 `json:"pcHours"`
	PCRequests             int64   `json:"pcRequests"`
}

// Validate reports the first problem with u, in words that say what to change.
func (u Usage) Validate() error {
	switch {
	case u.Requests < 0:
		return fmt.Errorf("requests must be 0 or more, got %d", u.Requests)
	case u.MemoryMB < MinMemoryMB || u.MemoryMB > MaxMemoryMB:
		return fmt.Errorf("memory must be between %d and %d MB, got %d", MinMemoryMB, MaxMemoryMB, u.MemoryMB)
	case u.Arch != "" && u.Arch != X86_64 && u.Arch != ARM64:
		return fmt.Errorf("unknown architecture %q: use x86_64 or arm64", u.Arch)
	case u.EphemeralMB != 0 && (u.EphemeralMB < IncludedEphemeralMB || u.EphemeralMB > MaxEphemeralMB):
		return fmt.Errorf("ephemeral storage must be between %d and %d MB, got %d", IncludedEphemeralMB, MaxEphemeralMB, u.EphemeralMB)
	case u.Era != "" && !u.Era.valid():
		return fmt.Errorf("unknown billing era %q: use 2025-08, 2020-12 or 2017", u.Era)
	case math.IsNaN(u.AvgDurationMs) || u.AvgDurationMs < 0 || u.AvgDurationMs > MaxDurationMs:
		return fmt.Errorf("average duration must be between 0 and %d ms (the 15-minute timeout), got %v", MaxDurationMs, u.AvgDurationMs)
	case math.IsNaN(u.InitMs) || u.InitMs < 0 || u.InitMs > MaxDurationMs:
		return fmt.Errorf("init duration must be between 0 and %d ms, got %v", MaxDurationMs, u.InitMs)
	case math.IsNaN(u.ColdRatio) || u.ColdRatio < 0 || u.ColdRatio > 1:
		return fmt.Errorf("cold ratio must be a fraction between 0 and 1 (0.01 = 1%% of invocations), got %v", u.ColdRatio)
	case u.ProvisionedConcurrency < 0:
		return fmt.Errorf("provisioned concurrency must be 0 or more, got %d", u.ProvisionedConcurrency)
	case math.IsNaN(u.PCHours) || u.PCHours < 0 || u.PCHours > MaxPCHours:
		return fmt.Errorf("provisioned concurrency hours must be between 0 and %d (a 31-day month), got %v", MaxPCHours, u.PCHours)
	case u.PCRequests < 0 || u.PCRequests > u.Requests:
		return fmt.Errorf("requests served by provisioned concurrency must be between 0 and the month's %d requests, got %d", u.Requests, u.PCRequests)
	case u.ProvisionedConcurrency == 0 && (u.PCHours > 0 || u.PCRequests > 0):
		return errors.New("provisioned concurrency hours or requests given without any provisioned environments: set the provisioned concurrency count too")
	case u.ProvisionedConcurrency > 0 && u.PCHours == 0:
		return errors.New("provisioned concurrency needs the hours it is enabled this month (720 for 30 days)")
	}
	return nil
}

// Tier is one on-demand duration price tier of an architecture.
type Tier struct {
	UpToGBs float64 `json:"upToGBs"` // the month's cumulative GB-s where the tier ends; 0 = no end
	RateGBs float64 `json:"rateGBs"` // USD per GB-s
}

// DurationTiers returns arch's three on-demand duration tiers (FACTS.md §1.1). Any arch
// other than ARM64 gets the x86_64 tiers.
func DurationTiers(arch Arch) [3]Tier {
	if arch == ARM64 {
		return [3]Tier{{ARM64Tier1LimitGBs, ARM64Tier1GBs}, {ARM64Tier2LimitGBs, ARM64Tier2GBs}, {0, ARM64Tier3GBs}}
	}
	return [3]Tier{{X86Tier1LimitGBs, X86Tier1GBs}, {X86Tier2LimitGBs, X86Tier2GBs}, {0, X86Tier3GBs}}
}

// SplitTiers divides a month's on-demand GB-s of one architecture into its three tiers.
func SplitTiers(arch Arch, gbs float64) [3]float64 {
	var out [3]float64
	lower := 0.0
	for i, t := range DurationTiers(arch) {
		if gbs <= lower {
			break
		}
		if t.UpToGBs == 0 {
			out[i] = gbs - lower
			break
		}
		out[i] = math.Min(gbs, t.UpToGBs) - lower
		lower = t.UpToGBs
	}
	return out
}

// TieredDurationUSD prices a month's on-demand GB-s of one architecture with its tiers.
func TieredDurationUSD(arch Arch, gbs float64) float64 {
	split := SplitTiers(arch, gbs)
	tiers := DurationTiers(arch)
	usd := 0.0
	for i := range split {
		usd += split[i] * tiers[i].RateGBs
	}
	return usd
}

// PCRate returns the Provisioned Concurrency price per GB-s while enabled, and the
// duration price per GB-s of invocations served by PC (FACTS.md §1.1).
func PCRate(arch Arch) (enabledGBs, durationGBs float64) {
	if arch == ARM64 {
		return ARM64PCGBs, ARM64PCDurationGBs
	}
	return X86PCGBs, X86PCDurationGBs
}

// PCBilledSeconds rounds hours of Provisioned Concurrency up to the next 5 minutes, in
// seconds (FACTS.md §1.1: billed from enable to disable, rounded up to 5 minutes).
func PCBilledSeconds(hours float64) float64 {
	if hours <= 0 {
		return 0
	}
	s := math.Round(hours*3600*1e6) / 1e6 // drop float noise below a microsecond
	return math.Ceil(s/PCRoundingSeconds) * PCRoundingSeconds
}

// Line keys of a Breakdown, in the order Monthly emits them.
const (
	LineRequests     = "requests"
	LineTier1        = "duration-tier-1"
	LineTier2        = "duration-tier-2"
	LineTier3        = "duration-tier-3"
	LineInit         = "init"
	LineFreeRequests = "free-tier-requests"
	LineFreeCompute  = "free-tier-compute"
	LinePC           = "provisioned-concurrency"
	LinePCDuration   = "pc-duration"
	LineStorage      = "ephemeral-storage"
)

// Line is one line of a monthly bill.
type Line struct {
	Key      string  `json:"key"`      // one of the Line* constants
	Label    string  `json:"label"`    // what a person reads
	Quantity float64 `json:"quantity"` // in Unit
	Unit     string  `json:"unit"`     // "requests" or "GB-s"
	RateUSD  float64 `json:"rateUSD"`  // USD per Unit; for the INIT line, the tier-1 rate
	USD      float64 `json:"usd"`      // negative for free-tier credits; unrounded
	// Included is true for a line that is already part of the lines before it (the INIT
	// share of the duration tiers); it is shown for information and not added again.
	Included bool `json:"included,omitempty"`
}

// Breakdown is a month's bill, line by line, with the figures it was built from.
type Breakdown struct {
	Usage Usage `json:"usage"` // as given, with defaults filled in (arch, era, ephemeral)

	OnDemandRequests int64   `json:"onDemandRequests"`
	PCRequests       int64   `json:"pcRequests"`
	ColdStarts       float64 `json:"coldStarts"`   // on-demand requests × cold ratio
	BilledMsWarm     int64   `json:"billedMsWarm"` // billed ms of an average warm invoke
	BilledMsCold     int64   `json:"billedMsCold"` // billed ms of an average cold on-demand invoke

	InvokeGBs     float64 `json:"invokeGBs"`     // on-demand GB-s of the INVOKE phase
	InitGBs       float64 `json:"initGBs"`       // on-demand GB-s of billed INIT phases
	OnDemandGBs   float64 `json:"onDemandGBs"`   // InvokeGBs + InitGBs, priced by tier
	PCSeconds     float64 `json:"pcSeconds"`     // PC time billed, rounded up to 5 minutes
	PCDurationGBs float64 `json:"pcDurationGBs"` // GB-s of invocations served by PC

	FreeTierApplied bool `json:"freeTierApplied"`

	Lines []Line   `json:"lines"`
	Cost  Cost     `json:"cost"`     // net of free-tier credits, unrounded
	Total float64  `json:"totalUSD"` // Cost.Total()
	Notes []string `json:"notes,omitempty"`
}

// Monthly prices a month of usage. Each invocation is billed as BilledMs rounds it; the
// model rounds the average invocation (warm, and cold = warm + INIT), which is exact
// when every invocation lasts the average.
//
// Rules (FACTS.md §1): requests at $0.20 per 1M; on-demand duration (INVOKE plus billed
// INIT of cold starts) priced through the arch's three tiers; the free tier credits the
// first 1M requests and 400,000 GB-s (at the tier-1 rate) unless PC is enabled; PC is
// charged per GB-s while enabled and invocations it serves at the PC duration rate, with
// no Init Duration; ephemeral storage above 512 MB is charged per GB-s of billed
// duration (PC-enabled time is not charged for storage: FACTS.md gives no rule for it).
func Monthly(u Usage) (Breakdown, error) {
	if err := u.Validate(); err != nil {
		return Breakdown{}, err
	}
	if u.Arch == "" {
		u.Arch = X86_64
	}
	if u.Era == "" {
		u.Era = EraCurrent
	}
	if u.EphemeralMB == 0 {
		u.EphemeralMB = IncludedEphemeralMB
	}
	b := Breakdown{Usage: u}
	b.PCRequests = u.PCRequests
	b.OnDemandRequests = u.Requests - u.PCRequests
	b.ColdStarts = float64(b.OnDemandRequests) * u.ColdRatio
	b.BilledMsWarm = BilledMs(u.Era, u.AvgDurationMs, 0, u.InitAlwaysBilled)
	b.BilledMsCold = BilledMs(u.Era, u.AvgDurationMs, u.InitMs, u.InitAlwaysBilled)
	warmGBs := GBSeconds(u.MemoryMB, b.BilledMsWarm)
	b.InvokeGBs = float64(b.OnDemandRequests) * warmGBs
	b.InitGBs = b.ColdStarts * (GBSeconds(u.MemoryMB, b.BilledMsCold) - warmGBs)
	b.OnDemandGBs = b.InvokeGBs + b.InitGBs
	b.PCDurationGBs = float64(b.PCRequests) * warmGBs
	b.FreeTierApplied = u.FreeTier && u.ProvisionedConcurrency == 0

	// Requests.
	reqUSD := float64(u.Requests) * RequestUSD
	b.add(Line{Key: LineRequests, Label: "Requests", Quantity: float64(u.Requests), Unit: "requests", RateUSD: RequestUSD, USD: reqUSD})

	// On-demand duration by tier.
	split := SplitTiers(u.Arch, b.OnDemandGBs)
	tiers := DurationTiers(u.Arch)
	durUSD := 0.0
	for i, gbs := range split {
		if i > 0 && gbs == 0 {
			continue
		}
		usd := gbs * tiers[i].RateGBs
		durUSD += usd
		b.add(Line{Key: []string{LineTier1, LineTier2, LineTier3}[i], Label: fmt.Sprintf("Duration, tier %d (%s)", i+1, u.Arch), Quantity: gbs, Unit: "GB-s", RateUSD: tiers[i].RateGBs, USD: usd})
	}
	if u.InitMs > 0 && u.ColdRatio > 0 {
		// What the INIT phases add to the bill: the bill with them minus the bill without.
		initUSD := onDemandDurationUSD(u.Arch, b.OnDemandGBs, b.FreeTierApplied) - onDemandDurationUSD(u.Arch, b.InvokeGBs, b.FreeTierApplied)
		b.add(Line{Key: LineInit, Label: "of which INIT (cold starts)", Quantity: b.InitGBs, Unit: "GB-s", RateUSD: tiers[0].RateGBs, USD: initUSD, Included: true})
	}

	// Free tier credits.
	reqCredit, durCredit := 0.0, 0.0
	if b.FreeTierApplied {
		freeReq := math.Min(float64(u.Requests), FreeRequests)
		reqCredit = -freeReq * RequestUSD
		b.add(Line{Key: LineFreeRequests, Label: "Free tier: requests", Quantity: freeReq, Unit: "requests", RateUSD: RequestUSD, USD: reqCredit})
		freeGBs := math.Min(b.OnDemandGBs, FreeGBs)
		durCredit = -freeGBs * tiers[0].RateGBs
		b.add(Line{Key: LineFreeCompute, Label: "Free tier: compute", Quantity: freeGBs, Unit: "GB-s", RateUSD: tiers[0].RateGBs, USD: durCredit})
		b.Notes = append(b.Notes, "The free tier is per account and month, shared by all functions and both architectures; this assumes nothing else uses it.")
	} else if u.FreeTier {
		b.Notes = append(b.Notes, "The free tier does not apply to functions with provisioned concurrency enabled.")
	}

	// Provisioned Concurrency.
	pcUSD, pcDurUSD := 0.0, 0.0
	if u.ProvisionedConcurrency > 0 {
		enabledRate, durRate := PCRate(u.Arch)
		b.PCSeconds = PCBilledSeconds(u.PCHours)
		pcGBs := float64(u.ProvisionedConcurrency) * float64(u.MemoryMB) / 1024 * b.PCSeconds
		pcUSD = pcGBs * enabledRate
		b.add(Line{Key: LinePC, Label: fmt.Sprintf("Provisioned concurrency: %d × %d MB × %s", u.ProvisionedConcurrency, u.MemoryMB, hoursLabel(b.PCSeconds)), Quantity: pcGBs, Unit: "GB-s", RateUSD: enabledRate, USD: pcUSD})
		pcDurUSD = b.PCDurationGBs * durRate
		b.add(Line{Key: LinePCDuration, Label: "Duration on provisioned concurrency", Quantity: b.PCDurationGBs, Unit: "GB-s", RateUSD: durRate, USD: pcDurUSD})
		b.Notes = append(b.Notes, "Invocations beyond what provisioned concurrency serves are billed on demand; invocations on PC have no Init Duration.")
	}

	// Ephemeral storage above 512 MB, over every billed second.
	storageUSD := 0.0
	if extra := u.EphemeralMB - IncludedEphemeralMB; extra > 0 {
		billedSeconds := (float64(u.Requests)*float64(b.BilledMsWarm) + b.ColdStarts*float64(b.BilledMsCold-b.BilledMsWarm)) / 1000
		gbs := float64(extra) / 1024 * billedSeconds
		storageUSD = gbs * StorageGBs
		b.add(Line{Key: LineStorage, Label: fmt.Sprintf("Ephemeral storage above 512 MB (%d MB)", extra), Quantity: gbs, Unit: "GB-s", RateUSD: StorageGBs, USD: storageUSD})
	}

	// Credits are netted per category first, so a fully covered category is exactly 0.
	b.Cost = Cost{
		RequestUSD:  reqUSD + reqCredit,
		DurationUSD: (durUSD + durCredit) + pcUSD + pcDurUSD,
		StorageUSD:  storageUSD,
	}
	b.Total = b.Cost.Total()
	return b, nil
}

func (b *Breakdown) add(l Line) { b.Lines = append(b.Lines, l) }

// Line returns the line with key and whether it is present.
func (b Breakdown) Line(key string) (Line, bool) {
	for _, l := range b.Lines {
		if l.Key == key {
			return l, true
		}
	}
	return Line{}, false
}

func onDemandDurationUSD(arch Arch, gbs float64, free bool) float64 {
	usd := TieredDurationUSD(arch, gbs)
	if free {
		usd -= math.Min(gbs, FreeGBs) * Tier1Rate(arch)
	}
	return usd
}

func hoursLabel(seconds float64) string {
	h := seconds / 3600
	if h == math.Trunc(h) && int(h)%24 == 0 && h > 0 {
		return fmt.Sprintf("%d h (%d days)", int(h), int(h)/24)
	}
	return fmt.Sprintf("%s h", trimFloat(h, 2))
}

func trimFloat(v float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, v)
	for len(s) > 0 && decimals > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
