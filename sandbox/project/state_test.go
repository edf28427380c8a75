package project

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// The saved content fits the project file as it is now: a queue's new
// visibility timeout applies to its saved messages; a table whose keys
// changed loses its items (with a note); a new secret appears; what the
// handlers created at run time stays.
func TestRestoreStateFollowsTheProjectFile(t *testing.T) {
	v1, err := Parse("v1.yaml", []byte(`
functions: {f: {handler: index.handler}}
tables:
  Orders: {partitionKey: "id:S"}
  Users: {partitionKey: "id:S"}
buckets: [pics]
queues:
  jobs: {visibilityTimeout: 30}
secrets: {a: "1"}
`))
	if err != nil {
		t.Fatal(err)
	}
	clock := &cloud.VirtualClock{}
	a, err := v1.Build(clock, "us-east-1", "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		svc, op string
		in      map[string]any
	}{
		{"dynamodb", "PutItem", map[string]any{"TableName": "Orders", "Item": map[string]any{"id": map[string]any{"S": "o"}}}},
		{"dynamodb", "PutItem", map[string]any{"TableName": "Users", "Item": map[string]any{"id": map[string]any{"S": "u"}}}},
		{"s3", "PutObject", map[string]any{"Bucket": "pics", "Key": "k", "Body": "x"}},
		{"sqs", "SendMessage", map[string]any{"QueueUrl": a.SQS.URL("jobs"), "MessageBody": "m"}},
		{"sqs", "CreateQueue", map[string]any{"QueueName": "made-at-run-time"}},
	} {
		var err error
		switch c.svc {
		case "dynamodb":
			_, err = a.DynamoDB.Call(c.op, c.in)
		case "s3":
			_, err = a.S3.Call(c.op, c.in)
		case "sqs":
			_, err = a.SQS.Call(c.op, c.in)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	saved, err := a.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	v2, err := Parse("v2.yaml", []byte(`
functions: {f: {handler: index.handler}}
tables:
  Orders: {partitionKey: "id:S"}
  Users: {partitionKey: "userId:S"}
buckets: [pics]
queues:
  jobs: {visibilityTimeout: 60}
secrets: {a: "1", b: "2"}
`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := v2.Build(clock, "us-east-1", "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	notes, err := RestoreState(b, saved)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "table Users has new keys") {
		t.Errorf("notes: %q", notes)
	}
	items := func(table string) int {
		it, err := b.DynamoDB.Items(table)
		if err != nil {
			t.Fatal(err)
		}
		return len(it)
	}
	if n := items("Orders"); n != 1 {
		t.Errorf("Orders has %d items, want the saved one", n)
	}
	if n := items("Users"); n != 0 {
		t.Errorf("Users kept %d items under its old keys", n)
	}
	attrs, err := b.SQS.Call("GetQueueAttributes", map[string]any{"QueueUrl": b.SQS.URL("jobs"), "AttributeNames": []any{"All"}})
	if err != nil {
		t.Fatal(err)
	}
	got := attrs["Attributes"]
	if s := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(fmtAny(got)), " ", ""), "\n", ""); !strings.Contains(s, "VisibilityTimeout:60") || !strings.Contains(s, "ApproximateNumberOfMessages:1") {
		t.Errorf("jobs: %v", got)
	}
	if _, err := b.SQS.Call("GetQueueUrl", map[string]any{"QueueName": "made-at-run-time"}); err != nil {
		t.Errorf("the queue made at run time is gone: %v", err)
	}
	if _, err := b.Secrets.Call("GetSecretValue", map[string]any{"SecretId": "b"}); err != nil {
		t.Errorf("the new secret: %v", err)
	}
	if out, err := b.S3.Call("ListObjectsV2", map[string]any{"Bucket": "pics"}); err != nil || out["KeyCount"] != 1 {
		t.Errorf("pics: %v %v", out, err)
	}
}

func fmtAny(v any) string { return fmt.Sprint(v) }
