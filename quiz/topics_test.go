package quiz

import (
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// newTopicLessons are the lessons written for issue 11's "missing topics"
// (orders 20 to 29). Each one needs at least minNewTopicQuestions bank
// questions whose primary topic is that lesson, so that the questions can
// cover the lesson's check-yourself list.
var newTopicLessons = []string{
	"edge-functions",
	"response-streaming",
	"recursive-loops",
	"stream-and-queue-sources",
	"safe-deployments",
	"vpc-networking",
	"extensions-and-telemetry",
	"orchestration",
	"powertools",
	"tenant-isolation",
}

const minNewTopicQuestions = 8

func TestNewTopicLessonsHaveFreeAnswers(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	kinds := map[string]map[Kind]bool{}
	for _, q := range b.All() {
		p := q.Primary()
		count[p]++
		if kinds[p] == nil {
			kinds[p] = map[Kind]bool{}
		}
		kinds[p][q.Kind] = true
	}
	for _, topic := range newTopicLessons {
		if count[topic] < minNewTopicQuestions {
			t.Errorf("topic %s has %d questions with it as primary topic, want at least %d (add them to quiz/bank/%s.yaml)",
				topic, count[topic], minNewTopicQuestions, topic)
		}
		// A topic drilled only by multiple choice never asks the learner to
		// explain: each new topic has a free-answer question.
		if !kinds[topic][Free] {
			t.Errorf("topic %s has no free-answer question", topic)
		}
	}
}

// checkYourselfCoverage maps each new lesson's check-yourself items, in
// order, to the bank questions that drill them. A check-yourself item added
// without a question, or a question removed, fails TestCheckYourselfCovered.
var checkYourselfCoverage = map[string][][]string{
	"edge-functions": {
		{"which-events", "cache-miss-only"},
		{"no-network"},
		{"cf-functions-limits"},
		{"lambda-edge-timeouts"},
		{"deploy-rules"},
		{"languages"},
		{"security-headers", "explain-choice"},
		{"no-network", "cache-miss-only", "explain-choice"},
	},
	"response-streaming": {
		{"two-ways"},
		{"max-size", "explain"},
		{"ttfb", "explain"},
		{"runtimes", "node-handler"},
		{"bandwidth"},
		{"client-disconnect"},
		{"cost", "explain"},
		{"console-test"},
	},
	"recursive-loops": {
		{"why-dangerous", "explain"},
		{"sixteen"},
		{"how-detected", "explain"},
		{"launch-scope"},
		{"dropped-event"},
		{"metric"},
		{"allow", "explain"},
		{"design-out", "launch-scope"},
	},
	"stream-and-queue-sources": {
		{"poison-record-default", "robust-kinesis-consumer"},
		{"unblock-settings", "robust-kinesis-consumer"},
		{"parallelization-factor"},
		{"latest-misses"},
		{"tumbling-state"},
		{"fifo-one-group"},
		{"filter-discards"},
	},
	"safe-deployments": {
		{"why-alias", "explain-canary"},
		{"weighted-alias-rules"},
		{"autopublishalias-required"},
		{"canary-percent", "canary-sequence"},
		{"pretraffic-fails", "canary-sequence"},
		{"rollback-trigger", "explain-canary"},
		{"low-traffic-variance"},
	},
	"vpc-networking": {
		{"why-no-cold-start", "design-rds-and-api"},
		{"eni-sharing", "ip-planning"},
		{"public-subnet-no-internet", "design-rds-and-api"},
		{"endpoint-scope"},
		{"pending-state"},
		{"ipv6-flag"},
	},
	"extensions-and-telemetry": {
		{"internal-vs-external"},
		{"lifecycle-order"},
		{"shutdown-limit", "shutdown-share"},
		{"billing", "explain-slow-extension"},
		{"telemetry-vs-logs-api"},
		{"cloudwatch-still"},
	},
	"orchestration": {
		{"lambda-calls-lambda"},
		{"express-max-duration", "standard-or-express"},
		{"execution-guarantees"},
		{"task-token", "design-approval-workflow"},
		{"durable-replay-order"},
		{"durable-determinism"},
		{"durable-timeouts"},
	},
	"powertools": {
		{"metrics-emf"},
		{"idempotency-persistence"},
		{"idempotency-key-choice"},
		{"batch-needs-mapping-setting"},
		{"parameters-cache"},
		{"tracer-wraps"},
	},
	"tenant-isolation": {
		{"warm-reuse-risk"},
		{"guarantee"},
		{"enable-existing"},
		{"pass-tenant-id"},
		{"incompatible-features"},
		{"not-data", "cold-starts"},
	},
}

func TestCheckYourselfCovered(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range newTopicLessons {
		l, err := cat.Get(id)
		if err != nil {
			t.Errorf("lesson %s: %v", id, err)
			continue
		}
		i := strings.Index(l.Body, "## "+lessons.CheckSectionTitle)
		if i < 0 {
			t.Errorf("lesson %s has no check-yourself section", id)
			continue
		}
		items := strings.Count(l.Body[i:], "\n- ")
		cover := checkYourselfCoverage[id]
		if len(cover) != items {
			t.Errorf("lesson %s has %d check-yourself items but the coverage map lists %d: map each item to its questions", id, items, len(cover))
		}
		for n, qids := range cover {
			if len(qids) == 0 {
				t.Errorf("lesson %s, check-yourself item %d: no question", id, n+1)
			}
			for _, q := range qids {
				full := id + "/" + q
				question, ok := b.Question(full)
				if !ok {
					t.Errorf("lesson %s, check-yourself item %d: question %s is not in the bank", id, n+1, full)
					continue
				}
				if question.Primary() != id {
					t.Errorf("question %s: primary topic %s, want %s", full, question.Primary(), id)
				}
			}
		}
	}
}

// TestNewTopicQuestionSourcesHaveURLs: the questions of the lessons added
// for issue 11 cite every source by an address the learner can open.
func TestNewTopicQuestionSourcesHaveURLs(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	isNew := map[string]bool{}
	for _, id := range newTopicLessons {
		isNew[id] = true
	}
	n := 0
	for _, q := range b.All() {
		if isNew[q.Primary()] {
			n += len(q.Sources)
		}
	}
	for _, p := range b.SourceURLProblems() {
		if isNew[strings.SplitN(p.ID, "/", 2)[0]] {
			t.Errorf("%v", p)
		}
	}
	if n == 0 {
		t.Fatal("no sources checked")
	}
}
