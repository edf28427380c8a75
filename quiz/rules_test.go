package quiz

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

// Dates and limits the generated scenarios must respect. Sources:
// container images and 1-ms billing both arrived on 2020-12-01
// (https://aws.amazon.com/blogs/aws/new-for-aws-lambda-1ms-billing-granularity-adds-cost-savings/);
// the invocation rate is limited to 10 × the concurrency limit
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html);
// memory is 128-10,240 MB
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
const (
	ruleRPSFactor       = 10
	ruleDefaultQuota    = 1000
	ruleMinMemoryMB     = 128
	ruleMaxMemoryMB     = 10240
	ruleGeneratorSeeds  = 5000
	ruleMaxDurationMs   = 900_000
	ruleMaxInitMs       = 10_000
	ruleHundredMsEraTag = "100ms"
)

var (
	quotaRaised = regexp.MustCompile(`concurrency quota has been raised to ` + numberRE)
	yearInText  = regexp.MustCompile(`runs in ((?:19|20)[0-9]{2})`)
)

// TestGeneratorRules runs every generator over thousands of seeds and
// checks each scenario against Lambda's rules, so that a generator can
// never ask about something that cannot happen (a container image billed in
// 100-ms steps) or give an answer real Lambda would not (a throughput above
// the requests-per-second limit).
func TestGeneratorRules(t *testing.T) {
	for _, tmpl := range Templates() {
		failures := 0
		for seed := uint64(1); seed <= ruleGeneratorSeeds && failures < 5; seed++ {
			q, err := Generate(tmpl.Name, seed)
			if err != nil {
				t.Fatal(err)
			}
			for _, msg := range scenarioProblems(t, q) {
				failures++
				t.Errorf("%s breaks a rule: %s\nprompt: %s", q.ID, msg, q.Prompt)
			}
		}
	}
}

// scenarioProblems checks one generated question against the rules.
func scenarioProblems(t *testing.T, q *Question) []string {
	t.Helper()
	var bad []string
	c := q.Numeric.Compute
	if c != nil && c.MemoryMB != nil && (*c.MemoryMB < ruleMinMemoryMB || *c.MemoryMB > ruleMaxMemoryMB) {
		bad = append(bad, "memory outside 128-10,240 MB")
	}
	if c != nil && c.DurationMs != nil && (*c.DurationMs <= 0 || *c.DurationMs > ruleMaxDurationMs) {
		bad = append(bad, "duration outside the 15-minute timeout")
	}
	switch CardID(q.ID) {
	case "gen/billed-duration":
		image := strings.Contains(q.Prompt, "container image")
		if c.InitAlwaysBilled != nil && *c.InitAlwaysBilled != image {
			bad = append(bad, "the INIT billing rule does not match the package type in the prompt")
		}
		if image && *c.Era == ruleHundredMsEraTag {
			bad = append(bad, "a container image in the 100-ms billing era (images arrived on 2020-12-01, when 100-ms billing ended)")
		}
		for _, m := range yearInText.FindAllStringSubmatch(q.Prompt, -1) {
			y := m[1]
			if image && y < "2021" {
				bad = append(bad, "a container image before December 2020 ("+y+")")
			}
			if *c.Era == ruleHundredMsEraTag && y > "2020" {
				bad = append(bad, "100-ms billing after 2020 ("+y+")")
			}
		}
		if c.InitMs != nil && *c.InitMs > ruleMaxInitMs {
			bad = append(bad, "Init Duration above the 10-s on-demand INIT limit")
		}
		if *c.Era == ruleHundredMsEraTag && math.Mod(q.Numeric.Answer, 100) != 0 {
			bad = append(bad, "a 100-ms-era billed duration that is not a multiple of 100")
		}
	case "gen/throttling":
		m := throttle.FindStringSubmatch(q.Prompt)
		if m == nil {
			t.Fatalf("%s: prompt not understood: %s", q.ID, q.Prompt)
		}
		limit, dur := atof(t, m[1]), atof(t, m[2])
		if q.Numeric.Answer > ruleRPSFactor*limit+q.Numeric.Tolerance {
			bad = append(bad, "the answer exceeds the requests-per-second limit (10 × concurrency)")
		}
		if q.Numeric.Answer > limit/(dur/1000)+q.Numeric.Tolerance {
			bad = append(bad, "the answer exceeds what the concurrency limit allows")
		}
		if limit/(dur/1000) > ruleRPSFactor*limit && !strings.Contains(q.Explanation, "10 × the concurrency limit") {
			bad = append(bad, "the RPS limit binds but the explanation does not say so")
		}
	case "gen/concurrency":
		quota := float64(ruleDefaultQuota)
		if m := quotaRaised.FindStringSubmatch(q.Prompt); m != nil {
			quota = atof(t, m[1])
		}
		if q.Numeric.Answer > quota {
			bad = append(bad, "the concurrency exceeds the account quota the prompt implies (default 1,000); it would be throttled")
		}
		if *c.RPS > ruleRPSFactor*quota {
			bad = append(bad, "the request rate exceeds the requests-per-second limit (10 × the quota)")
		}
	case "gen/vcpu-share":
		if q.Numeric.Answer > 6 {
			bad = append(bad, "more than 6 vCPUs")
		}
	case "gen/monthly-cost", "gen/free-tier", "gen/gb-seconds":
		if q.Numeric.Answer < 0 {
			bad = append(bad, "a negative answer")
		}
	}
	return bad
}

// TestGeneratorRulesCatchBrokenScenarios proves the rules can fail: the
// scenarios the issue reported are rejected.
func TestGeneratorRulesCatchBrokenScenarios(t *testing.T) {
	era, always, dur, init := "100ms", true, 27.5, 300.0
	image := &Question{ID: "gen/billed-duration/1",
		Prompt:  "A function packaged as a container image runs in 2019 (before December 2020).",
		Numeric: &NumericAnswer{Answer: 400, Compute: &Compute{Fn: "billed_ms", Era: &era, InitAlwaysBilled: &always, DurationMs: &dur, InitMs: &init}}}
	if len(scenarioProblems(t, image)) == 0 {
		t.Error("a container image in 2019 passed the rules")
	}
	fast := &Question{ID: "gen/throttling/1",
		Prompt:  "A function has reserved concurrency 100. Each request takes 50 ms.\nWhat is the highest steady rate?",
		Numeric: &NumericAnswer{Answer: 2000, Tolerance: 10}, Explanation: "100 × 20 = 2,000"}
	if len(scenarioProblems(t, fast)) == 0 {
		t.Error("a throughput of twice the RPS limit passed the rules")
	}
}
