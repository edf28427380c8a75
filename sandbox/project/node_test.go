package project

import (
	"context"
	"strings"
	"testing"
	"time"

	_ "github.com/lambdatutor/lambdatutor/sandbox/nodejs" // nodejs24.x
)

// A real Node.js consumer with partial batch responses, through Runtime:
// the message it cannot parse comes back with a higher receive count, then
// goes to the DLQ; the one it parsed is deleted at once.
func TestNodeConsumerPartialBatch(t *testing.T) {
	var notes []string
	rt := deploy(t, `
functions:
  consumer:
    handler: consumer.handler
    policy: {Statement: [{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "*"}]}
    events:
      - sqs: {queue: jobs, reportBatchItemFailures: true}
queues:
  jobs: {visibilityTimeout: 20, deadLetterQueue: jobs-dlq, maxReceiveCount: 2}
  jobs-dlq:
`, map[string]string{"consumer.mjs": `
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    try { JSON.parse(r.body); console.log("ok", r.attributes.ApproximateReceiveCount); }
    catch { console.log("bad", r.attributes.ApproximateReceiveCount); batchItemFailures.push({ itemIdentifier: r.messageId }); }
  }
  return { batchItemFailures };
};`}, func(inv Invocation) {
		if inv.Result != nil {
			for _, l := range inv.Result.Logs {
				if strings.Contains(l, "INFO") {
					notes = append(notes, l[strings.LastIndex(l, "\t")+1:])
				}
			}
		}
		notes = append(notes, inv.Note)
	})
	sendMessages(t, rt, "jobs", `{"id":1}`, `not json`)
	if pending, err := rt.Settle(context.Background(), time.Hour); err != nil || pending {
		t.Fatalf("Settle: %v %v", pending, err)
	}
	want := `ok 1
bad 1
1 message deleted from jobs; 1 message back on jobs after the visibility timeout (20s)
bad 2
0 messages deleted from jobs; 1 message back on jobs after the visibility timeout (20s)
1 message received 2 times (maxReceiveCount) moved from jobs to its dead-letter queue jobs-dlq`
	if got := strings.Join(notes, "\n"); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := queueBodies(t, rt, "jobs-dlq"); len(got) != 1 || got[0] != "not json" {
		t.Errorf("DLQ: %q", got)
	}
}
