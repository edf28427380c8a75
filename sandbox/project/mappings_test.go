package project

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/project/projecttest"
)

// Creating an SQS event source mapping needs sqs:ReceiveMessage,
// sqs:DeleteMessage and sqs:GetQueueAttributes on the queue in the
// function's role; without one, deploying fails as
// CreateEventSourceMapping does, naming the missing call.
func TestSQSMappingNeedsThePermissions(t *testing.T) {
	projecttest.Register()
	const arn = "arn:aws:sqs:us-east-1:123456789012:jobs"
	for _, c := range []struct {
		name, policy, missing string
	}{
		{"no policy", "", "ReceiveMessage"},
		{"receive only", `{Effect: Allow, Action: sqs:ReceiveMessage, Resource: "*"}`, "DeleteMessage"},
		{"no attributes", `{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage], Resource: "` + arn + `"}`, "GetQueueAttributes"},
		{"another queue", `{Effect: Allow, Action: "sqs:*", Resource: "arn:aws:sqs:us-east-1:123456789012:other"}`, "ReceiveMessage"},
		{"explicit deny", `{Effect: Allow, Action: "sqs:*", Resource: "*"}, {Effect: Deny, Action: sqs:DeleteMessage, Resource: "*"}`, "DeleteMessage"},
		{"all three", `{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "` + arn + `"}`, ""},
		{"wildcards", `{Effect: Allow, Action: "sqs:*", Resource: "arn:aws:sqs:*:*:job*"}`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			yaml := "functions:\n  consumer:\n    handler: c.handler\n    runtime: script1.x\n"
			if c.policy != "" {
				yaml += "    policy: {Statement: [" + c.policy + "]}\n"
			}
			yaml += "    events:\n      - sqs: {queue: jobs}\nqueues: {jobs: }\n"
			p, err := Parse("lambdatutor.yaml", []byte(yaml))
			if err != nil {
				t.Fatal(err)
			}
			rt, err := Deploy(p, "app", DeployOptions{Sandbox: sandbox.Options{Deterministic: true},
				ReadCode: func(string) (map[string]string, error) { return map[string]string{"c.json": `{}`}, nil }})
			if c.missing == "" {
				if err != nil {
					t.Fatalf("deploy refused a role with the permissions: %v", err)
				}
				rt.Close()
				return
			}
			if err == nil {
				rt.Close()
				t.Fatalf("deploy accepted a role without sqs:%s", c.missing)
			}
			for _, want := range []string{
				fmt.Sprintf("function consumer (line %d)", map[bool]int{true: 6, false: 7}[c.policy == ""]),
				"InvalidParameterValueException: The provided execution role does not have permissions to call " + c.missing + " on SQS",
				"sqs:" + c.missing,
				arn,
			} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q\nlacks %q", err, want)
				}
			}
		})
	}
}

// mappingRounds deploys a consumer of queue jobs whose handler takes 2 s,
// sends n messages, settles, and returns the number of batches invoked
// at each instant (the rounds) with the instants, and the notes.
func mappingRounds(t *testing.T, n int, fnExtra, eventExtra string) (sizes []int, starts []time.Time, notes []string) {
	t.Helper()
	byStart := map[time.Time]int{}
	rt := deploy(t, `
functions:
  consumer:
    handler: consumer.handler
    runtime: script1.x
    timeout: 10
`+fnExtra+`    policy: {Statement: [{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "*"}]}
    events:
      - sqs: {queue: jobs, batchSize: 1`+eventExtra+`}
queues:
  jobs: {visibilityTimeout: 60}
`, map[string]string{"consumer.json": `{"waitMs":2000,"respond":null}`}, func(inv Invocation) {
		notes = append(notes, inv.Note)
		if inv.Result != nil {
			byStart[inv.Result.Start]++
		}
	})
	var bodies []string
	for i := range n {
		bodies = append(bodies, fmt.Sprint("m", i))
	}
	sendMessages(t, rt, "jobs", bodies...)
	if pending, err := rt.Settle(context.Background(), time.Hour); err != nil || pending {
		t.Fatalf("settle: pending %v, %v; errors %v", pending, err, rt.Errors())
	}
	if got := queueBodies(t, rt, "jobs"); len(got) != 0 {
		t.Fatalf("left on the queue: %v", got)
	}
	for s := range byStart {
		starts = append(starts, s)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	for _, s := range starts {
		sizes = append(sizes, byStart[s])
	}
	return sizes, starts, notes
}

// The mapping starts with five concurrent batches and, while messages
// remain, adds 300 a minute of virtual time (5 a second).
func TestSQSMappingScalesUp(t *testing.T) {
	sizes, starts, _ := mappingRounds(t, 120, "", "")
	if len(sizes) < 3 || sizes[0] != 5 {
		t.Fatalf("rounds %v: want 5 batches first, then more", sizes)
	}
	left := 120
	for i, got := range sizes {
		want := min(left, 5+int(starts[i].Sub(starts[0])*300/time.Minute))
		if got != want {
			t.Errorf("round %d at +%v: %d batches, want %d (rounds %v)", i+1, starts[i].Sub(starts[0]), got, want, sizes)
		}
		left -= got
	}
}

// ScalingConfig.MaximumConcurrency caps the concurrent batches.
func TestSQSMappingMaximumConcurrency(t *testing.T) {
	sizes, _, _ := mappingRounds(t, 30, "", ", maximumConcurrency: 3")
	for i, got := range sizes {
		if got != 3 {
			t.Errorf("round %d: %d batches, want 3 (rounds %v)", i+1, got, sizes)
		}
	}
	if len(sizes) != 10 {
		t.Errorf("%d rounds for 30 messages three at a time: %v", len(sizes), sizes)
	}
	if _, err := Parse("p.yaml", []byte("functions:\n  f:\n    handler: a.handler\n    events:\n      - sqs: {queue: q, maximumConcurrency: 1}\nqueues: {q: }\n")); err == nil ||
		!strings.Contains(err.Error(), "maximumConcurrency is 1: Lambda allows 2 to 1,000") {
		t.Errorf("maximumConcurrency 1: %v", err)
	}
}

// Reserved concurrency below the mapping's five batches: the batches
// beyond it are throttled, their messages come back after the visibility
// timeout with one more receive, and the mapping backs off.
func TestSQSMappingThrottledByReservedConcurrency(t *testing.T) {
	sizes, _, notes := mappingRounds(t, 12, "    reservedConcurrency: 2\n", "")
	throttled := 0
	for _, n := range notes {
		if strings.Contains(n, "throttled (ReservedFunctionConcurrentInvocationLimitExceeded)") &&
			strings.Contains(n, "comes back on jobs after the visibility timeout (1m0s)") {
			throttled++
		}
	}
	// The first round reads 5 batches: 2 run, 3 are throttled.
	if throttled < 3 {
		t.Errorf("%d throttled batches, want at least 3 (5 read, 2 reserved): %q", throttled, notes)
	}
	for i, got := range sizes {
		if got > 2 {
			t.Errorf("round %d ran %d batches at once with 2 reserved (rounds %v)", i+1, got, sizes)
		}
	}
	// Every message was processed once, and each throttle of its batch
	// added a receive.
	seen := projecttest.Seen("consumer")
	if len(seen) != 12 {
		t.Fatalf("the function saw %d events, want 12", len(seen))
	}
	extra := 0
	for _, ev := range seen {
		var e struct {
			Records []struct {
				Attributes map[string]string `json:"attributes"`
			}
		}
		if err := json.Unmarshal([]byte(ev), &e); err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(e.Records[0].Attributes["ApproximateReceiveCount"])
		extra += n - 1
	}
	if extra != throttled {
		t.Errorf("the messages were received %d times more than once, want one per throttle (%d)", extra, throttled)
	}
}
