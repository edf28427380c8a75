package quiz

import (
	"fmt"
	"strings"
	"testing"
)

// genericKeywords are words too common in any answer about Lambda to show
// that a free answer made a key point: "you pay for the time" earns nothing
// specific. A key point's keywords must be specific terms or phrases
// ("pay per millisecond", "billed duration", "state machine").
var genericKeywords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		a an the it is are be to of in on for and or not no with by as at from per one only
		pay pays paid paying cost costs costly cheap cheaper price priced money charge charged
		key keys state states limit limits limited cap warm cold hot idle fast faster slow slower
		quick time times free api app event events file files body first last image input output
		short shorter long longer scale scales scaling table twice wrong right good bad default
		request requests runtime runtimes memory duration environment environments version versions
		network package packages type types format shape sync async zero peak leak rely spill
		steady assume invoke invokes invoked billed bill trigger triggers control maximum minimum
		max min managed context waiting wait function functions lambda code data error errors
		retry retries queue queues batch batches security secure access role roles policy policies
		permission permissions server servers service services cloud aws run runs running use used
		using timeout timeouts init global globals reuse reused import imports log logs metric
		metrics monitor monitoring test tests deploy deployment config configuration setting
		settings response responses handler handlers call calls caller value values number count
		size feature features support supported option options mode modes ahead advance instance
		instances connection connections store stores record records array
		`) {
		genericKeywords[w] = true
	}
	for _, p := range []string{"only the", "ahead of", "too low", "in advance", "per request", "one request", "a dollar", "per 10", "in-memory", "no cost"} {
		genericKeywords[p] = true
	}
}

// genericKeywordProblems names every key-point keyword of q that is on the
// stop list.
func genericKeywordProblems(q *Question) []string {
	var bad []string
	for _, kp := range q.KeyPoints {
		for _, k := range kp.Keywords {
			if genericKeywords[strings.TrimSpace(k)] {
				bad = append(bad, fmt.Sprintf("key point %q accepts the generic keyword %q; use a specific term or phrase", kp.Point, k))
			}
		}
	}
	return bad
}

// TestKeyPointKeywordsAreSpecific rejects key points that a vague answer
// could hit with a generic word.
func TestKeyPointKeywordsAreSpecific(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range b.All() {
		n += len(q.KeyPoints)
		for _, msg := range genericKeywordProblems(q) {
			t.Errorf("%s:%d: question %q: %s", q.File, q.Line, q.ID, msg)
		}
	}
	if n == 0 {
		t.Fatal("no key points checked")
	}
}

// TestGenericKeywordsCatchVagueAnswers shows the stop list at work on the
// keywords the review found: each one alone is rejected, and a specific
// phrase is not.
func TestGenericKeywordsCatchVagueAnswers(t *testing.T) {
	for _, k := range []string{"pay", "costs", "key", "state", "limit", "warm"} {
		q := &Question{ID: "x/y", KeyPoints: []KeyPoint{{Point: "p", Keywords: []string{"idempotency key", k}}}}
		if len(genericKeywordProblems(q)) != 1 {
			t.Errorf("the keyword %q is not rejected", k)
		}
	}
	q := &Question{ID: "x/y", KeyPoints: []KeyPoint{{Point: "p", Keywords: []string{"pay per millisecond", "idempotency key", "state machine", "warm start"}}}}
	if bad := genericKeywordProblems(q); len(bad) > 0 {
		t.Errorf("specific phrases rejected: %v", bad)
	}
}
