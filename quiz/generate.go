package quiz

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
)

// genPrefix starts the id of every generated question.
const genPrefix = "gen/"

// Template generates numeric questions of one kind from a seed, so that
// practice never runs out. Its questions have ids "gen/<Name>/<seed>" and
// are the same for the same seed.
type Template struct {
	// Name is the template's id part: "monthly-cost".
	Name string
	// Title names the skill: "Monthly cost".
	Title string
	// Topics and Difficulty are those of every question it makes.
	Topics     []string
	Difficulty int
	make       func(r *rand.Rand) *Question
}

// CardID is the id under which the scheduler keeps the card ("gen/<Name>"):
// all questions of a template share one card, so the skill is scheduled and
// each review brings fresh numbers.
func (t Template) CardID() string { return genPrefix + t.Name }

var templates = []Template{
	{Name: "monthly-cost", Title: "Monthly cost", Topics: []string{"pricing", "cost-optimisation"}, Difficulty: 2, make: genMonthlyCost},
	{Name: "gb-seconds", Title: "GB-seconds of a month", Topics: []string{"pricing"}, Difficulty: 1, make: genGBSeconds},
	{Name: "billed-duration", Title: "Billed duration", Topics: []string{"pricing", "cold-starts"}, Difficulty: 2, make: genBilledDuration},
	{Name: "concurrency", Title: "Concurrency = rate × duration", Topics: []string{"concurrency-and-scaling"}, Difficulty: 1, make: genConcurrency},
	{Name: "throttling", Title: "Throughput before throttling", Topics: []string{"concurrency-and-scaling", "limits"}, Difficulty: 2, make: genThrottling},
	{Name: "vcpu-share", Title: "vCPU share of a memory size", Topics: []string{"limits", "cost-optimisation"}, Difficulty: 1, make: genVCPU},
	{Name: "free-tier", Title: "Free tier remainder", Topics: []string{"pricing"}, Difficulty: 2, make: genFreeTier},
}

// Templates returns the question generators.
func Templates() []Template { return templates }

// Generate makes the question of template name for seed. It is
// deterministic: the same name and seed always give the same question.
func Generate(name string, seed uint64) (*Question, error) {
	for _, t := range templates {
		if t.Name == name {
			q := t.make(rand.New(rand.NewPCG(seed, 0x6c616d626461)))
			q.ID = fmt.Sprintf("%s%s/%d", genPrefix, name, seed)
			q.Kind = Numeric
			q.Topics = t.Topics
			q.Difficulty = t.Difficulty
			return q, nil
		}
	}
	names := make([]string, len(templates))
	for i, t := range templates {
		names[i] = t.Name
	}
	return nil, fmt.Errorf("unknown question template %q; use one of %s", name, strings.Join(names, ", "))
}

// GenerateID regenerates a question from its id, "gen/<template>/<seed>".
func GenerateID(id string) (*Question, error) {
	rest, ok := strings.CutPrefix(id, genPrefix)
	name, seedStr, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		return nil, fmt.Errorf("%q is not a generated question id (gen/<template>/<seed>)", id)
	}
	seed, err := strconv.ParseUint(seedStr, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%q is not a generated question id: the seed must be a number", id)
	}
	return Generate(name, seed)
}

// CardID returns the id of the scheduling card for a question id: the id
// itself for bank questions, "gen/<template>" for generated ones.
func CardID(questionID string) string {
	if rest, ok := strings.CutPrefix(questionID, genPrefix); ok {
		if name, _, ok := strings.Cut(rest, "/"); ok {
			return genPrefix + name
		}
	}
	return questionID
}

// templateByCard returns the template whose CardID is id.
func templateByCard(id string) (Template, bool) {
	for _, t := range templates {
		if t.CardID() == id {
			return t, true
		}
	}
	return Template{}, false
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func numQ(prompt, unit string, answer, tol float64, c *Compute, explanation string, sources ...string) *Question {
	return &Question{
		Prompt:      strings.TrimSpace(prompt),
		Numeric:     &NumericAnswer{Answer: answer, Unit: unit, Tolerance: tol, Compute: c},
		Explanation: strings.TrimSpace(explanation),
		Sources:     sources,
	}
}

func fmtN(v float64) string { return trimNumber(v) }

func archName(a billing.Arch) string {
	if a == billing.ARM64 {
		return "arm64 (Graviton)"
	}
	return "x86_64"
}

func genMonthlyCost(r *rand.Rand) *Question {
	req := pick[int64](r, 500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000)
	dur := pick[float64](r, 50, 100, 120, 200, 250, 300, 500, 800, 1000, 1500)
	mem := pick(r, 128, 256, 512, 1024, 1536, 2048)
	arch := pick(r, billing.X86_64, billing.ARM64)
	free := r.IntN(2) == 0
	c := &Compute{Fn: "monthly_cost", Requests: ptr(req), DurationMs: ptr(dur), MemoryMB: ptr(mem), Arch: ptr(string(arch)), FreeTier: ptr(free)}
	b, err := billing.Monthly(billing.Usage{Requests: req, AvgDurationMs: dur, MemoryMB: mem, Arch: arch, FreeTier: free})
	if err != nil {
		panic(err) // parameters above are always valid
	}
	answer := math.Round(b.Total*100) / 100
	tol := math.Max(0.01, math.Round(answer*0.005*100)/100)
	freeText := "The free tier does not apply (other functions use it up)."
	if free {
		freeText = "This is the only Lambda usage in the account, and the monthly free tier applies."
	}
	var ex strings.Builder
	gbs := float64(req) * dur / 1000 * float64(mem) / 1024
	fmt.Fprintf(&ex, "GB-s = %s requests × %s s × %s GB = %s GB-s.\n", fmtN(float64(req)), fmtN(dur/1000), fmtN(float64(mem)/1024), fmtN(gbs))
	for _, l := range b.Lines {
		if l.Included {
			continue
		}
		fmt.Fprintf(&ex, "%s: %s %s × $%s = %s\n", l.Label, billing.FormatQuantity(l.Quantity), l.Unit, strconv.FormatFloat(l.RateUSD, 'f', -1, 64), billing.FormatUSD(l.USD))
	}
	fmt.Fprintf(&ex, "Total ≈ %s a month.", billing.FormatCents(b.Total))
	return numQ(fmt.Sprintf(`A function in us-east-1 on %s with %d MB of memory runs %s times a month, %s ms each.
%s Ignore INIT. What is the monthly bill in USD, rounded to the cent?`,
		archName(arch), mem, billing.FormatQuantity(float64(req)), fmtN(dur), freeText),
		"USD", answer, tol, c, ex.String(),
		"[AWS] Lambda pricing: https://aws.amazon.com/lambda/pricing/", "[AWS] Free tier, how AWS pricing works: https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html")
}

func genGBSeconds(r *rand.Rand) *Question {
	req := pick[int64](r, 100_000, 250_000, 1_000_000, 2_000_000, 4_000_000, 10_000_000)
	dur := pick[float64](r, 20, 50, 100, 150, 200, 400, 750, 1000, 2500)
	mem := pick(r, 128, 256, 512, 1024, 2048, 3072)
	c := &Compute{Fn: "gb_seconds", Requests: ptr(req), DurationMs: ptr(dur), MemoryMB: ptr(mem)}
	gbs, _ := c.Eval()
	return numQ(fmt.Sprintf("How many GB-seconds does a month of %s invocations at %s ms and %d MB use?",
		billing.FormatQuantity(float64(req)), fmtN(dur), mem),
		"GB-s", gbs, math.Max(1, gbs*0.001), c,
		fmt.Sprintf("GB-s = invocations × seconds × GB = %s × %s × %s = %s. Memory counts in GB (%d/1024), duration in seconds.",
			billing.FormatQuantity(float64(req)), fmtN(dur/1000), fmtN(float64(mem)/1024), fmtN(gbs), mem),
		"[AWS] Lambda pricing: https://aws.amazon.com/lambda/pricing/")
}

func genBilledDuration(r *rand.Rand) *Question {
	dur := float64(100+r.IntN(300_000)) / 100 // 1.00 to 3000.99 ms
	eraName := pick(r, "current", "free-init", "100ms")
	cold := r.IntN(3) > 0
	initMs := 0.0
	if cold {
		initMs = float64(8_000+r.IntN(150_000)) / 100 // 80.00 to 1579.99 ms
	}
	// Container images arrived on 2020-12-01, the day 100-ms billing
	// ended: no image ever ran in the 100-ms era.
	image := cold && eraName != "100ms" && r.IntN(3) == 0
	c := &Compute{Fn: "billed_ms", DurationMs: ptr(dur), Era: ptr(eraName)}
	if cold {
		c.InitMs = ptr(initMs)
		c.InitAlwaysBilled = ptr(image)
	}
	billed, _ := c.Eval()
	when := map[string]string{
		"current":   "today (billing rules since 2025-08-01)",
		"free-init": "in 2024 (after December 2020, before August 2025)",
		"100ms":     "in 2019 (before December 2020)",
	}[eraName]
	pkg := "a ZIP package on a managed runtime (nodejs)"
	if image {
		pkg = "a container image"
	}
	invoke := "A warm invoke reports"
	if cold {
		invoke = fmt.Sprintf("A cold on-demand invoke reports Init Duration: %.2f ms and", initMs)
	}
	var rule string
	switch {
	case eraName == "current":
		rule = "Since 2025-08-01 INIT is billed for every configuration, and duration is rounded up to 1 ms: "
		if cold {
			rule += fmt.Sprintf("ceil(%.2f + %.2f) = %d ms.", dur, initMs, int(billed))
		} else {
			rule += fmt.Sprintf("ceil(%.2f) = %d ms.", dur, int(billed))
		}
	default:
		step := "1 ms"
		if eraName == "100ms" {
			step = "the next 100 ms"
		}
		rule = fmt.Sprintf("Before 2025-08-01 INIT was free for ZIP packages on managed runtimes but billed for container images and custom runtimes; duration was rounded up to %s. ", step)
		if image {
			rule += fmt.Sprintf("A container image bills INIT: %.2f + %.2f rounds up to %d ms.", dur, initMs, int(billed))
		} else {
			rule += fmt.Sprintf("%.2f rounds up to %d ms.", dur, int(billed))
		}
	}
	return numQ(fmt.Sprintf(`A function packaged as %s runs %s.
%s Duration: %.2f ms. What is the Billed Duration in ms?`, pkg, when, invoke, dur),
		"ms", billed, 0.5, c, rule,
		"[AWS] 1 ms billing granularity: https://aws.amazon.com/blogs/aws/new-for-aws-lambda-1ms-billing-granularity-adds-cost-savings/", "[AWS] INIT billing: https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase")
}

func genConcurrency(r *rand.Rand) *Question {
	rps := pick[float64](r, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000)
	dur := pick[float64](r, 20, 40, 100, 200, 250, 400, 500, 800, 1000, 2000, 3000)
	c := &Compute{Fn: "concurrency", RPS: ptr(rps), DurationMs: ptr(dur)}
	conc, _ := c.Eval()
	quota := ""
	if conc > defaultAccountConcurrency {
		// Above the default quota the scenario needs a raised one, or the
		// answer would be throttles, not environments.
		quota = fmt.Sprintf(" The account's concurrency quota has been raised to %s.", fmtN(quotaAbove(conc)))
	}
	return numQ(fmt.Sprintf(`A function receives a steady %s requests per second, and each request takes %s ms.%s
About how many execution environments are busy at once (its concurrency)?`, fmtN(rps), fmtN(dur), quota),
		"environments", conc, 0.5, c,
		fmt.Sprintf("Concurrency ≈ requests per second × duration in seconds = %s × %s = %s. Each environment serves one request at a time.",
			fmtN(rps), fmtN(dur/1000), fmtN(conc)),
		"[AWS] Lambda concurrency (concurrency = requests per second × duration): https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html")
}

func genThrottling(r *rand.Rand) *Question {
	dur := pick[float64](r, 20, 50, 80, 100, 200, 250, 400, 500, 1000, 2000)
	var limit float64
	var setup, why, rateReason string
	if r.IntN(2) == 0 {
		limit = pick[float64](r, 10, 20, 50, 100, 200, 400)
		setup = fmt.Sprintf("A function has reserved concurrency %s", fmtN(limit))
		why = "Reserved concurrency is a cap as well as a guarantee"
		rateReason = "ReservedFunctionInvocationRateLimitExceeded"
	} else {
		limit = pick[float64](r, 10, 50, 1000)
		setup = fmt.Sprintf("A function is the only one in an account whose concurrency quota is %s (no reservation)", fmtN(limit))
		why = "The account's concurrency quota caps every function without a reservation"
		rateReason = "FunctionInvocationRateLimitExceeded"
	}
	byConcurrency := limit / (dur / 1000)
	rpsLimit := rpsLimitFactor * limit
	rate := math.Min(byConcurrency, rpsLimit)
	ex := fmt.Sprintf("%s: at most %s environments run at once, each serving 1 / %s s = %s requests per second, so concurrency allows %s × %s = %s requests per second. ",
		why, fmtN(limit), fmtN(dur/1000), fmtN(1000/dur), fmtN(limit), fmtN(1000/dur), fmtN(byConcurrency))
	if byConcurrency > rpsLimit {
		ex += fmt.Sprintf("But Lambda also limits the invocation rate to 10 × the concurrency limit, %s requests per second, and at %s ms (under 100 ms) that limit binds first (429 with Reason %s). ",
			fmtN(rpsLimit), fmtN(dur), rateReason)
	} else {
		ex += fmt.Sprintf("The requests-per-second limit, 10 × %s = %s, is not reached at %s ms. ", fmtN(limit), fmtN(rpsLimit), fmtN(dur))
	}
	ex += fmt.Sprintf("So the answer is %s; beyond it, synchronous invokes get 429 TooManyRequestsException.", fmtN(rate))
	return numQ(fmt.Sprintf(`%s. Each request takes %s ms.
What is the highest steady rate, in requests per second, it can serve before requests are throttled (429)?`, setup, fmtN(dur)),
		"requests", rate, math.Max(0.5, rate*0.005), nil, ex,
		"[AWS] Lambda concurrency, requests-per-second limit: https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html",
		"[AWS] Throttle reasons: https://docs.aws.amazon.com/botocore/latest/reference/services/lambda/client/exceptions/TooManyRequestsException.html",
		"[AWS] Reserved concurrency: https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html")
}

// defaultAccountConcurrency is the default concurrency quota per account
// and Region.
const defaultAccountConcurrency = 1000

// quotaAbove returns a round quota (a multiple of 5,000) that leaves room
// for concurrency conc, at both the concurrency and the RPS limit.
func quotaAbove(conc float64) float64 {
	return math.Ceil((conc+1)/5000) * 5000
}

// rpsLimitFactor is Lambda's invocation-rate limit per unit of concurrency:
// a function may receive at most 10 × its concurrency limit (the account
// quota, or its reservation) requests per second.
const rpsLimitFactor = 10

func genVCPU(r *rand.Rand) *Question {
	mem := pick(r, 128, 256, 512, 768, 1024, 1536, 1769, 2048, 3008, 3538, 4096, 5307, 7076, 8192, 10240)
	c := &Compute{Fn: "vcpu", MemoryMB: ptr(mem)}
	v, _ := c.Eval()
	answer := math.Round(v*100) / 100
	return numQ(fmt.Sprintf("A function has %d MB of memory. How much vCPU does it get (the share of a full vCPU's time), to two decimals?", mem),
		"vCPU", answer, 0.01, c,
		fmt.Sprintf("CPU scales linearly with memory: 1,769 MB is one full vCPU, so %d / 1,769 ≈ %.2f vCPU. A single-threaded handler cannot use more than one.", mem, v),
		"[AWS] Memory and computing power (1,769 MB = 1 vCPU): https://docs.aws.amazon.com/lambda/latest/dg/resource-model.html")
}

func genFreeTier(r *rand.Rand) *Question {
	req := pick[int64](r, 200_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000)
	dur := pick[float64](r, 100, 200, 300, 500, 800, 1000)
	mem := pick(r, 128, 256, 512, 1024)
	gbs := float64(req) * dur / 1000 * float64(mem) / 1024
	work := fmt.Sprintf("The function uses %s × %s s × %s GB = %s GB-s", billing.FormatQuantity(float64(req)), fmtN(dur/1000), fmtN(float64(mem)/1024), fmtN(gbs))
	base := fmt.Sprintf(`The account's only function runs %s times a month, %s ms each, with %d MB.
The free tier gives 400,000 GB-s of compute a month.`, billing.FormatQuantity(float64(req)), fmtN(dur), mem)
	if gbs <= billing.FreeGBs {
		left := billing.FreeGBs - gbs
		return numQ(base+" How many free GB-s are left for other functions this month?",
			"GB-s", left, 1, nil,
			fmt.Sprintf("%s; 400,000 − %s = %s GB-s are left. The free tier is per account, shared by every function.", work, fmtN(gbs), fmtN(left)),
			"[AWS] Free tier, how AWS pricing works: https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html")
	}
	over := gbs - billing.FreeGBs
	return numQ(base+" How many GB-s are billed after the free tier?",
		"GB-s", over, 1, nil,
		fmt.Sprintf("%s; the first 400,000 are free, so %s − 400,000 = %s GB-s are billed.", work, fmtN(gbs), fmtN(over)),
		"[AWS] Free tier, how AWS pricing works: https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html")
}
