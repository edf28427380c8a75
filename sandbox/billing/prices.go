package billing

// Prices are US dollars for us-east-1, on-demand "Lambda functions", as listed in
// https://aws.amazon.com/lambda/pricing/ (as checked in the project's FACTS.md §1.1, "Headline rates"). Each constant names the row it comes from.
const (
	// RequestUSD is the price of one request, both architectures.
	// FACTS.md §1.1 row "Requests": $0.20 per 1M ($0.0000002 each).
	RequestUSD = 0.0000002

	// X86Tier1GBs is the x86_64 duration price per GB-s for the first 6 B GB-s of a month.
	// FACTS.md §1.1 row "Duration, tier 1" (x86_64).
	X86Tier1GBs = 0.0000166667
	// X86Tier2GBs is the x86_64 duration price per GB-s for the next 9 B GB-s (6-15 B).
	// FACTS.md §1.1 row "Duration, tier 2" (x86_64).
	X86Tier2GBs = 0.000015
	// X86Tier3GBs is the x86_64 duration price per GB-s above 15 B GB-s.
	// FACTS.md §1.1 row "Duration, tier 3" (x86_64).
	X86Tier3GBs = 0.000013334

	// ARM64Tier1GBs is the arm64 duration price per GB-s for the first 7.5 B GB-s of a month.
	// FACTS.md §1.1 row "Duration, tier 1" (arm64).
	ARM64Tier1GBs = 0.0000133334
	// ARM64Tier2GBs is the arm64 duration price per GB-s for the next 11.25 B GB-s (7.5-18.75 B).
	// FACTS.md §1.1 row "Duration, tier 2" (arm64).
	ARM64Tier2GBs = 0.0000120001
	// ARM64Tier3GBs is the arm64 duration price per GB-s above 18.75 B GB-s.
	// FACTS.md §1.1 row "Duration, tier 3" (arm64).
	ARM64Tier3GBs = 0.0000106667

	// X86PCGBs is the x86_64 Provisioned Concurrency price per GB-s, charged while enabled.
	// FACTS.md §1.1 row "Provisioned Concurrency (PC), charged while enabled" (x86_64).
	X86PCGBs = 0.0000041667
	// ARM64PCGBs is the arm64 Provisioned Concurrency price per GB-s, charged while enabled.
	// FACTS.md §1.1 row "Provisioned Concurrency (PC), charged while enabled" (arm64).
	ARM64PCGBs = 0.0000033334

	// X86PCDurationGBs is the x86_64 duration price per GB-s for invocations served by PC.
	// FACTS.md §1.1 row "Duration while running on PC" (x86_64).
	X86PCDurationGBs = 0.0000097222
	// ARM64PCDurationGBs is the arm64 duration price per GB-s for invocations served by PC.
	// FACTS.md §1.1 row "Duration while running on PC" (arm64).
	ARM64PCDurationGBs = 0.0000077778

	// StorageGBs is the price per GB-s of ephemeral storage configured above 512 MB, both
	// architectures. FACTS.md §1.1 row "Ephemeral storage above 512 MB".
	StorageGBs = 0.0000000309
	// IncludedEphemeralMB is the ephemeral storage (/tmp) that costs nothing.
	// FACTS.md §1.1 bullet "Ephemeral storage": 512 MB is included.
	IncludedEphemeralMB = 512
)

// Duration tier boundaries in GB-s per month, per architecture (the tier counter runs per
// architecture, Region and account). FACTS.md §1.1 rows "Duration, tier 1/2/3" and the
// "Tiers" bullet.
const (
	X86Tier1LimitGBs   = 6e9     // first 6 B GB-s
	X86Tier2LimitGBs   = 15e9    // next 9 B, i.e. up to 15 B
	ARM64Tier1LimitGBs = 7.5e9   // first 7.5 B GB-s
	ARM64Tier2LimitGBs = 18.75e9 // next 11.25 B, i.e. up to 18.75 B
)

// Free tier per account and month, shared by x86_64 and arm64; it covers neither
// Provisioned Concurrency nor Lambda@Edge. FACTS.md §1.3.
const (
	FreeRequests = 1_000_000
	FreeGBs      = 400_000
)

// regionalRequestPerMillion holds the request prices per 1M that FACTS.md §1.1 gives
// (bullet "Requests cost different amounts in different Regions", from the remotion
// pricing file). Duration prices for these Regions are not in FACTS.md, so the cost
// model itself always uses the us-east-1 prices above.
var regionalRequestPerMillion = map[string]float64{
	"us-east-1":      0.20,
	"af-south-1":     0.27,
	"ap-east-1":      0.28,
	"eu-south-1":     0.23,
	"me-south-1":     0.25,
	"ap-southeast-5": 0.18,
}

// RequestPricePerMillion returns the price of 1M requests in region, for the Regions
// FACTS.md §1.1 lists (us-east-1, af-south-1, ap-east-1, eu-south-1, me-south-1,
// ap-southeast-5). ok is false for any other Region.
func RequestPricePerMillion(region string) (usd float64, ok bool) {
	usd, ok = regionalRequestPerMillion[region]
	return usd, ok
}
