package quiz

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/sandbox/billing"
)

// The seed's seven interview questions, as free questions with model
// answers.
var seedInterviewQuestions = []string{
	"interview-answers/what-is-lambda",
	"interview-answers/key-features",
	"interview-answers/cold-start",
	"interview-answers/how-it-scales",
	"interview-answers/how-to-secure",
	"interview-answers/use-cases",
	"interview-answers/integrations",
}

func TestBankContent(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() < 150 {
		t.Errorf("the bank has %d questions, want at least 150", b.Len())
	}
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]int{}
	withLog := 0
	seen := map[string]bool{}
	for _, q := range b.All() {
		if seen[q.ID] {
			t.Errorf("%s: id repeats", q.ID)
		}
		seen[q.ID] = true
		kinds[q.Kind]++
		if q.Log != "" {
			withLog++
		}
		if strings.TrimSuffix(q.File, ".yaml") != q.Primary() {
			t.Errorf("%s: primary topic %q is not the file's", q.ID, q.Primary())
		}
		switch q.Kind {
		case Single, Multi:
			correct := 0
			for _, c := range q.Choices {
				if c.Correct {
					correct++
				}
			}
			if len(q.Choices) < 3 || len(q.Choices) > 6 || correct == 0 || correct == len(q.Choices) ||
				(q.Kind == Single && correct != 1) || (q.Kind == Multi && correct < 2) {
				t.Errorf("%s: %d choices, %d correct", q.ID, len(q.Choices), correct)
			}
		case Numeric:
			// Load recomputed the answer (validateNumeric); a cost
			// question cannot lack its compute block.
			if q.Numeric.Unit == "USD" && q.Numeric.Compute == nil {
				t.Errorf("%s: a cost question without numeric.compute was loaded", q.ID)
			}
		case Free:
			if len(q.KeyPoints) < 3 || strings.TrimSpace(q.ModelAnswer) == "" {
				t.Errorf("%s: free question needs a model answer and 3+ key points", q.ID)
			}
		}
	}
	// The model answer itself mentions every key point.
	for _, p := range b.KeyPointProblems() {
		t.Errorf("%v", p)
	}
	for _, p := range b.TopicProblems(func(id string) bool { _, err := cat.Get(id); return err == nil }) {
		t.Errorf("%v", p)
	}
	for _, k := range []Kind{Single, Multi, Numeric, Order, Free} {
		if kinds[k] == 0 {
			t.Errorf("no %s questions", k)
		}
	}
	if withLog == 0 {
		t.Error("no read-the-log questions")
	}
	for _, id := range seedInterviewQuestions {
		q, ok := b.Question(id)
		if !ok {
			t.Errorf("seed interview question %s is missing", id)
			continue
		}
		if q.Kind != Free || q.Primary() != "interview-answers" {
			t.Errorf("%s: kind %s, topic %s; want free in interview-answers", id, q.Kind, q.Primary())
		}
	}
	t.Logf("%d questions: %v, %d with a log", b.Len(), kinds, withLog)
}

func TestDefaultIsLazyAndShared(t *testing.T) {
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Default()
	if a != b {
		t.Error("Default parsed the bank twice")
	}
}

const goodQuestion = `  - id: pricing/x
    kind: single
    topics: [pricing]
    difficulty: 1
    prompt: What?
    choices:
      - text: "A"
        correct: true
      - text: "B"
      - text: "C"
    explanation: Because.
    sources: ["FACTS.md §1"]
`

func TestLoadBankReportsProblems(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"unknown field", map[string]string{"pricing.yaml": "questions:\n" + strings.Replace(goodQuestion, "    prompt:", "    promt: x\n    prompt:", 1)},
			[]string{`bank/pricing.yaml:6: question "pricing/x": unknown field "promt"; allowed: choices, difficulty,`}},
		{"unknown nested field", map[string]string{"pricing.yaml": "questions:\n" + strings.Replace(goodQuestion, `correct: true`, "correct: true\n        why: x", 1)},
			[]string{`bank/pricing.yaml:10: question "pricing/x": unknown field "why" in choices; allowed: correct, text`}},
		{"unknown top-level field", map[string]string{"pricing.yaml": "version: 1\nquestions:\n" + goodQuestion},
			[]string{`bank/pricing.yaml:1: unknown top-level field "version"`}},
		{"not yaml", map[string]string{"pricing.yaml": "questions: [\n"}, []string{"bank/pricing.yaml:", "did not find expected"}},
		{"bad kind", map[string]string{"pricing.yaml": "questions:\n" + strings.Replace(goodQuestion, "kind: single", "kind: essay", 1)},
			[]string{`bank/pricing.yaml:2: question "pricing/x": kind is "essay"`}},
		{"two correct in single", map[string]string{"pricing.yaml": "questions:\n" + strings.Replace(goodQuestion, `"B"`, "\"B\"\n        correct: true", 1)},
			[]string{`question "pricing/x": choices marks 2 options correct`}},
		{"multi with one correct", map[string]string{"pricing.yaml": "questions:\n" + strings.Replace(goodQuestion, "kind: single", "kind: multi", 1)},
			[]string{"choices marks 1 option(s) correct"}},
		{"field of another kind", map[string]string{"pricing.yaml": "questions:\n" + strings.Replace(goodQuestion, "    explanation:", "    order: [a, b, c]\n    explanation:", 1)},
			[]string{`question "pricing/x": order does not belong in a single question`}},
		{"topic mismatch", map[string]string{"pricing.yaml": "questions:\n" + strings.Replace(goodQuestion, "topics: [pricing]", "topics: [limits, pricing]", 1)},
			[]string{"topics must start with the file's topic \"pricing\""}},
		{"id of another file", map[string]string{"limits.yaml": "questions:\n" + strings.Replace(goodQuestion, "topics: [pricing]", "topics: [limits]", 1)},
			[]string{`bank/limits.yaml:2: question "pricing/x": id must start with the file's topic "limits/"`}},
		{"duplicate id", map[string]string{"pricing.yaml": "questions:\n" + goodQuestion + goodQuestion},
			[]string{`bank/pricing.yaml:14: question "pricing/x": id is already used at pricing.yaml:2`}},
		{"difficulty", map[string]string{"pricing.yaml": "questions:\n" + strings.Replace(goodQuestion, "difficulty: 1", "difficulty: 5", 1)},
			[]string{"difficulty is 5"}},
		{"numeric unit and compute", map[string]string{"pricing.yaml": `questions:
  - id: pricing/n
    kind: numeric
    topics: [pricing]
    difficulty: 1
    prompt: How much?
    numeric:
      answer: 1
      unit: EUR
      tolerance: -1
      compute:
        fn: monthly_cost
        requests: 1
    explanation: x
    sources: [y]
`}, []string{`question "pricing/n": numeric.unit is "EUR"`, "numeric.tolerance is -1", "numeric.compute monthly_cost needs duration_ms"}},
		{"compute with a foreign parameter", map[string]string{"limits.yaml": `questions:
  - id: limits/v
    kind: numeric
    topics: [limits]
    difficulty: 1
    prompt: How much?
    numeric:
      answer: 1
      unit: vCPU
      tolerance: 0.01
      compute: {fn: vcpu, memory_mb: 1769, rps: 3}
    explanation: x
    sources: [y]
`}, []string{"numeric.compute vcpu does not take rps"}},
		{"free key points", map[string]string{"limits.yaml": `questions:
  - id: limits/f
    kind: free
    topics: [limits]
    difficulty: 1
    prompt: Explain.
    model_answer: It is so.
    key_points:
      - point: one
        keywords: [One]
      - point: two
        keywords: []
    explanation: x
    sources: [y]
`}, []string{"key_points has 2 points; use 3 to 6", `key_points[0].keywords[0] "One" must be non-empty and lower-case`, "key_points[1].keywords is missing"}},
		{"answer disagrees with compute", map[string]string{"limits.yaml": `questions:
  - id: limits/v
    kind: numeric
    topics: [limits]
    difficulty: 1
    prompt: How many vCPUs at 3,538 MB?
    numeric:
      answer: 3
      unit: vCPU
      tolerance: 0.01
      compute: {fn: vcpu, memory_mb: 3538}
    explanation: x
    sources: [y]
`}, []string{`bank/limits.yaml:2: question "limits/v": numeric.answer is 3 ± 0.01, but its compute block (vcpu) gives 2`}},
		{"cost without compute", map[string]string{"pricing.yaml": `questions:
  - id: pricing/n
    kind: numeric
    topics: [pricing]
    difficulty: 1
    prompt: How much?
    numeric: {answer: 1.03, unit: USD, tolerance: 0.01}
    explanation: x
    sources: [y]
`}, []string{`question "pricing/n": numeric.compute is missing; a cost question needs a compute block`}},
		{"not a list", map[string]string{"limits.yaml": "questions: 3\n"}, []string{"bank/limits.yaml", "cannot unmarshal"}},
		{"empty file", map[string]string{"limits.yaml": "questions: []\n"}, []string{"bank/limits.yaml: has no questions"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, body := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			_, err := LoadBank(fsys)
			if err == nil {
				t.Fatal("loaded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
	b, err := LoadBank(fstest.MapFS{"pricing.yaml": {Data: []byte("questions:\n" + goodQuestion)}})
	if err != nil {
		t.Fatal(err)
	}
	q, ok := b.Question("pricing/x")
	if !ok || q.Line != 2 || q.File != "pricing.yaml" || q.CorrectAnswer() != "A" {
		t.Errorf("good bank: %+v", q)
	}
	if _, err := LoadBank(fstest.MapFS{}); err == nil {
		t.Error("an empty folder loaded")
	}
}

// TestKeyPointProblems: a free question whose model answer makes none of
// a key point's keywords loads (test banks hold partial answers on
// purpose), and KeyPointProblems reports it at its line.
func TestKeyPointProblems(t *testing.T) {
	b, err := LoadBank(fstest.MapFS{"limits.yaml": {Data: []byte(`questions:
  - id: limits/f
    kind: free
    topics: [limits]
    difficulty: 1
    prompt: Explain.
    model_answer: The timeout is fifteen minutes and the payload six megabytes.
    key_points:
      - point: timeout
        keywords: [fifteen minutes]
      - point: payload
        keywords: [six megabytes]
      - point: memory
        keywords: [10,240 mb]
    explanation: x
    sources: [y]
`)}})
	if err != nil {
		t.Fatal(err)
	}
	ps := b.KeyPointProblems()
	if len(ps) != 1 || ps[0].String() != `bank/limits.yaml:2: question "limits/f": key_points[2] "memory": the model answer uses none of its keywords; add one to the answer or the keywords` {
		t.Errorf("KeyPointProblems = %v", ps)
	}
}

// BenchmarkLoadBank measures parsing and validating the embedded bank, the
// cost of the first quiz.Default call.
func BenchmarkLoadBank(b *testing.B) {
	sub, err := fs.Sub(bankFS, "bank")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := LoadBank(sub); err != nil {
			b.Fatal(err)
		}
	}
}

// reportLine is a REPORT line as AWS's Node.js logging example gives it
// (awsdocs/aws-lambda-developer-guide doc_source/nodejs-logging.md): tab-separated
// fields in order, a trailing tab, and before 2021 a space before the tab
// after Billed Duration.
var reportLine = regexp.MustCompile(`^REPORT RequestId: [0-9a-f-]{36}\tDuration: ([0-9]+\.[0-9]{2}) ms\tBilled Duration: ([0-9]+) ms ?\tMemory Size: ([0-9]+) MB\tMax Memory Used: ([0-9]+) MB\t(?:Init Duration: ([0-9]+\.[0-9]{2}) ms\t)?$`)

// TestBankReportLines checks every REPORT line in the bank's logs: its
// shape, a Billed Duration that some billing era gives for its Duration and
// Init Duration, and Max Memory Used within Memory Size.
func TestBankReportLines(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range b.All() {
		for _, l := range strings.Split(q.Log, "\n") {
			if !strings.HasPrefix(l, "REPORT") {
				continue
			}
			n++
			m := reportLine.FindStringSubmatch(l)
			if m == nil {
				t.Errorf("%s:%d: question %q: log line is not a REPORT line as AWS prints it (tab-separated fields in order, a trailing tab): %q", q.File, q.Line, q.ID, l)
				continue
			}
			dur, _ := strconv.ParseFloat(m[1], 64)
			billed, _ := strconv.ParseInt(m[2], 10, 64)
			var init float64
			if m[5] != "" {
				init, _ = strconv.ParseFloat(m[5], 64)
			}
			ok := false
			for _, era := range billing.Eras() {
				for _, always := range []bool{false, true} {
					ok = ok || billing.BilledMs(era, dur, init, always) == billed
				}
			}
			if !ok {
				t.Errorf("%s: question %q: Billed Duration %d ms fits no billing era for Duration %.2f ms, Init Duration %.2f ms", q.File, q.ID, billed, dur, init)
			}
			mem, _ := strconv.Atoi(m[3])
			used, _ := strconv.Atoi(m[4])
			if used > mem {
				t.Errorf("%s: question %q: Max Memory Used %d MB is above Memory Size %d MB", q.File, q.ID, used, mem)
			}
		}
	}
	if n == 0 {
		t.Error("no REPORT lines in the bank")
	}
}
