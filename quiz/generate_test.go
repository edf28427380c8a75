package quiz

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/lambdatutor/lambdatutor/lessons"
)

func TestGeneratedQuestions(t *testing.T) {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range Templates() {
		for _, topic := range tmpl.Topics {
			if _, err := cat.Get(topic); err != nil {
				t.Errorf("template %s: topic %q is not a lesson", tmpl.Name, topic)
			}
		}
		prompts := map[string]bool{}
		for seed := uint64(1); seed <= 300; seed++ {
			q, err := Generate(tmpl.Name, seed)
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("gen/%s/%d", tmpl.Name, seed); q.ID != want {
				t.Fatalf("id %q, want %q", q.ID, want)
			}
			if ps := validate(q, ""); len(ps) > 0 {
				t.Fatalf("%s: %v", q.ID, Problems(ps))
			}
			if q.Kind != Numeric || !q.Generated() || CardID(q.ID) != tmpl.CardID() {
				t.Fatalf("%s: kind %s, card %s", q.ID, q.Kind, CardID(q.ID))
			}
			if c := q.Numeric.Compute; c != nil {
				v, err := c.Eval()
				if err != nil || !agrees(v, q.Numeric.Answer, q.Numeric.Tolerance) {
					t.Fatalf("%s: answer %v ± %v, compute gives %v (%v)", q.ID, q.Numeric.Answer, q.Numeric.Tolerance, v, err)
				}
			} else {
				checkUncomputed(t, q)
			}
			// The answer as shown in feedback is accepted.
			typed := FormatNumber(q.Numeric.Answer, q.Numeric.Unit)
			if v, err := ParseNumber(typed, q.Numeric.Unit); err != nil || !agrees(v, q.Numeric.Answer, q.Numeric.Tolerance) {
				t.Fatalf("%s: typing the answer %q gives %v, %v", q.ID, typed, v, err)
			}
			prompts[q.Prompt] = true
		}
		if len(prompts) < 5 {
			t.Errorf("template %s made only %d different prompts from 300 seeds", tmpl.Name, len(prompts))
		}
		again, _ := Generate(tmpl.Name, 42)
		first, _ := Generate(tmpl.Name, 42)
		if !reflect.DeepEqual(again, first) {
			t.Errorf("template %s is not deterministic", tmpl.Name)
		}
		byID, err := GenerateID(first.ID)
		if err != nil || !reflect.DeepEqual(byID, first) {
			t.Errorf("GenerateID(%s) = %v", first.ID, err)
		}
	}
	for _, bad := range []string{"gen/nope/1", "gen/monthly-cost/x", "gen/monthly-cost", "pricing/x"} {
		if _, err := GenerateID(bad); err == nil {
			t.Errorf("GenerateID(%q) worked", bad)
		}
	}
	if CardID("pricing/x") != "pricing/x" || CardID("gen/concurrency/7") != "gen/concurrency" {
		t.Error("CardID")
	}
	b, _ := Default()
	if q, ok := b.Question("gen/vcpu-share/3"); !ok || q.ID != "gen/vcpu-share/3" {
		t.Error("Bank.Question does not regenerate generated ids")
	}
	if _, ok := b.Question("gen/vcpu-share/zzz"); ok {
		t.Error("Bank.Question accepted a bad generated id")
	}
}

var (
	numberRE = `([0-9][0-9,]*(?:\.[0-9]+)?)`
	throttle = regexp.MustCompile(`concurrency (?:quota is )?` + numberRE + `[^.]*\. Each request takes ` + numberRE + ` ms`)
	freeTier = regexp.MustCompile(`runs ` + numberRE + ` times a month, ` + numberRE + ` ms each, with ` + numberRE + ` MB`)
)

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(regexp.MustCompile(`,`).ReplaceAllString(s, ""), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// checkUncomputed recomputes the templates without a compute block from
// the figures in their prompts.
func checkUncomputed(t *testing.T, q *Question) {
	t.Helper()
	var want float64
	switch CardID(q.ID) {
	case "gen/throttling":
		m := throttle.FindStringSubmatch(q.Prompt)
		if m == nil {
			t.Fatalf("%s: prompt not understood: %s", q.ID, q.Prompt)
		}
		limit, dur := atof(t, m[1]), atof(t, m[2])
		want = math.Min(limit/(dur/1000), 10*limit) // the RPS limit is 10 × concurrency
	case "gen/free-tier":
		m := freeTier.FindStringSubmatch(q.Prompt)
		if m == nil {
			t.Fatalf("%s: prompt not understood: %s", q.ID, q.Prompt)
		}
		gbs := atof(t, m[1]) * atof(t, m[2]) / 1000 * atof(t, m[3]) / 1024
		want = math.Abs(400000 - gbs)
	default:
		t.Fatalf("%s has no compute block and no check", q.ID)
	}
	if !agrees(want, q.Numeric.Answer, q.Numeric.Tolerance) {
		t.Fatalf("%s: answer %v, recomputed %v", q.ID, q.Numeric.Answer, want)
	}
}
