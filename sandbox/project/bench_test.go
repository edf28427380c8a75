package project

import (
	"context"
	"testing"
	"time"
)

// BenchmarkSQSBatchTrigger: ten messages sent, polled, handed to a warm
// consumer in one batch and deleted (the runtime's own cost around one
// invocation of the script engine).
func BenchmarkSQSBatchTrigger(b *testing.B) {
	p, err := Parse("bench.yaml", []byte(`
functions:
  c:
    handler: c.handler
    runtime: script1.x
    events: [{sqs: {queue: q}}]
queues: {q: }
`))
	if err != nil {
		b.Fatal(err)
	}
	rt, err := Deploy(p, "app", DeployOptions{ReadCode: func(string) (map[string]string, error) {
		return map[string]string{"c.json": `{"respond":null}`}, nil
	}})
	if err != nil {
		b.Fatal(err)
	}
	defer rt.Close()
	url := rt.Cloud.SQS.URL("q")
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for j := 0; j < 10; j++ {
			if _, err := rt.Cloud.SQS.Call("SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "m"}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := rt.Settle(ctx, time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}
