package quiz

import "testing"

// newTopicLessons are the lessons written for issue 11's "missing topics"
// (orders 23 to 29). Each one needs at least minNewTopicQuestions bank
// questions whose primary topic is that lesson, so that the questions can
// cover the lesson's check-yourself list.
var newTopicLessons = []string{
	"stream-and-queue-sources",
	"safe-deployments",
	"vpc-networking",
	"extensions-and-telemetry",
	"orchestration",
	"powertools",
	"tenant-isolation",
}

const minNewTopicQuestions = 8

func TestNewTopicsHaveQuestions(t *testing.T) {
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
