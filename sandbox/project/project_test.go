package project

import (
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud/iam"
)

type clock struct{}

func (clock) Now() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }

func TestLoadAndBuildTheExample(t *testing.T) {
	p, err := Load("testdata/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Functions) != 3 || p.Functions[0].Name != "place-order" || p.Functions[0].MemoryMB != 256 || p.Functions[0].Env["TABLE"] != "Orders" {
		t.Fatalf("functions = %+v", p.Functions)
	}
	po := p.Functions[0]
	if po.Policy.Evaluate("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders") != iam.Allow ||
		po.Policy.Evaluate("dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders") != iam.ImplicitDeny {
		t.Error("the policy was not read as written")
	}
	if p.Functions[1].Policy != nil || p.Functions[1].Role != "thumbnail-role" {
		t.Errorf("a function without a policy has none: %+v", p.Functions[1])
	}
	sqs := po.Events[0]
	if sqs.Kind != "sqs" || sqs.Queue != "orders" || sqs.BatchSize != 5 || !sqs.ReportBatchItemFailures || po.OnFailure.Name != "failed" {
		t.Errorf("sqs trigger = %+v", sqs)
	}
	eb := p.Functions[2].Events[2]
	if eb.Kind != "eventbridge" || !strings.Contains(eb.Pattern, `"numeric":[">=",100]`) {
		t.Errorf("eventbridge trigger = %+v", eb)
	}
	a, err := p.Build(clock{}, "us-east-1", "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.DynamoDB.Tables(); len(got) != 1 || got[0] != "Orders" {
		t.Errorf("tables = %v", got)
	}
	out, err := a.SQS.Call("GetQueueAttributes", map[string]any{"QueueUrl": a.SQS.URL("orders"), "AttributeNames": []any{"All"}})
	if err != nil || !strings.Contains(out["Attributes"].(map[string]any)["RedrivePolicy"].(string), "orders-dlq") {
		t.Errorf("orders queue = %v, %v", out, err)
	}
	if _, err := a.Secrets.Call("GetSecretValue", map[string]any{"SecretId": "prod/stripe"}); err != nil {
		t.Error(err)
	}
	if _, err := a.SSM.Call("GetParameter", map[string]any{"Name": "/shop/api-key", "WithDecryption": true}); err != nil {
		t.Error(err)
	}
}

// Every mistake is reported at its line with what to write instead, and
// all of them at once.
func TestMistakesAreReportedAtTheirLine(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"", "the file is empty"},
		{"functions: [", "not valid YAML"},
		{"tables: {}\n", "declares no functions"},
		{"functions:\n  f:\n    handler: index.handler\n    memroy: 256\n", `p.yaml:4: function f has no field "memroy"`},
		{"functions:\n  f:\n    handler: index.handler\n    memory: 64\n", "p.yaml:4: function f's memory is 64: Lambda allows 128 to 10240 MB"},
		{"functions:\n  f:\n    handler: index.handler\n    timeout: 901\n", "Lambda allows 1 to 900 seconds"},
		{"functions:\n  f:\n    runtime: nodejs22.x\n", "function f needs a handler"},
		{"functions:\n  f:\n    handler: index.handler\n    events:\n      - sqs: {queue: missing}\n", `p.yaml:5: function f: queue "missing" is not declared under queues (none is declared)`},
		{"functions:\n  f:\n    handler: index.handler\n    timeout: 60\n    events:\n      - sqs: {queue: q}\nqueues:\n  q: {visibilityTimeout: 30}\n", "Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds"},
		{"functions:\n  f:\n    handler: index.handler\n    events:\n      - sqs: {queue: q, batchSize: 100}\nqueues:\n  q:\n", "needs a batching window of at least 1 second"},
		{"functions:\n  f:\n    handler: index.handler\n    events:\n      - sqs: {queue: q.fifo, batchSize: 20, batchingWindow: 1}\nqueues:\n  q.fifo:\n", "a FIFO queue takes batches of at most 10"},
		{"functions:\n  f:\n    handler: index.handler\n    events:\n      - dynamodb: {table: T1x}\ntables:\n  T1x: {partitionKey: id}\n", "table T1x has no stream"},
		{"functions:\n  f:\n    handler: index.handler\n    events:\n      - s3: {bucket: b, events: [s3:ObjectCreated:Post]}\n", `S3 event "s3:ObjectCreated:Post" is not one the tutor's S3 sends`},
		{"functions:\n  f:\n    handler: index.handler\n    events:\n      - kinesis: {stream: s}\n", `has no field "kinesis"`},
		{"functions:\n  f:\n    handler: index.handler\n    policy:\n      Statement:\n        - Effect: Allow\n          Action: dynamodb:PutItem\n", "p.yaml:5: function f's policy: statement 1: has no Resource"},
		{"functions:\n  f:\n    handler: index.handler\ntables:\n  Orders: {partitionKey: id:X}\n", "write the attribute's name and type, e.g. id:S"},
		{"functions:\n  f:\n    handler: index.handler\nqueues:\n  q: {deadLetterQueue: dlq, maxReceiveCount: 3}\n", `queue q's deadLetterQueue "dlq" is not declared`},
		{"functions:\n  f:\n    handler: index.handler\nqueues:\n  q.fifo: {deadLetterQueue: dlq, maxReceiveCount: 3}\n  dlq:\n", "same type of queue"},
		{"functions:\n  f:\n    handler: index.handler\n    onFailure: {queue: nowhere}\n", `onFailure queue "nowhere" is not declared`},
		{"functions:\n  f:\n    handler: index.handler\n  f:\n    handler: other.handler\n", `functions declares "f" twice`},
	}
	for _, c := range cases {
		_, err := Parse("p.yaml", []byte(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v\nwant an error containing %q", c.yaml, err, c.want)
		}
	}
	_, err := Parse("p.yaml", []byte("functions:\n  f:\n    memory: 1\n    timeout: 0\n"))
	if err == nil || strings.Count(err.Error(), "\n") < 2 {
		t.Errorf("several mistakes are reported together: %v", err)
	}
}
