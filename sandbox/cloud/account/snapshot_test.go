package account

import (
	"fmt"
	"testing"
)

// The snapshot a display reads: items in the document form, objects with
// their size and content type, queues with their dead-letter links and a
// received message counted in flight until its visibility timeout ends.
func TestSnapshot(t *testing.T) {
	a := newAccount(t)
	if err := a.SQS.CreateQueue("jobs-dlq", nil); err != nil {
		t.Fatal(err)
	}
	if err := a.SQS.CreateQueue("work", map[string]string{"VisibilityTimeout": "30",
		"RedrivePolicy": fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":2}`, a.SQS.ARN("jobs-dlq"))}); err != nil {
		t.Fatal(err)
	}
	all := principal(t, `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	call := func(svc, op string, in map[string]any) {
		t.Helper()
		if _, err := a.Call(all, svc, op, in); err != nil {
			t.Fatalf("%s %s: %v", svc, op, err)
		}
	}
	call("dynamodb", "PutItem", map[string]any{"TableName": "Orders", "Item": map[string]any{"id": map[string]any{"S": "o-1"}, "n": map[string]any{"N": "3"}}})
	call("s3", "PutObject", map[string]any{"Bucket": "uploads", "Key": "a.txt", "Body": "hello", "ContentType": "text/plain"})
	call("sqs", "SendMessage", map[string]any{"QueueUrl": a.SQS.URL("work"), "MessageBody": "one"})
	call("sqs", "SendMessage", map[string]any{"QueueUrl": a.SQS.URL("work"), "MessageBody": "two"})
	call("sqs", "ReceiveMessage", map[string]any{"QueueUrl": a.SQS.URL("work"), "MaxNumberOfMessages": 1})

	s, err := a.Snapshot(clock{}.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tables) != 1 || s.Tables[0].Keys != "id:S" || len(s.Tables[0].Items) != 1 || fmt.Sprint(s.Tables[0].Items[0]["id"]) != "o-1" {
		t.Errorf("tables = %+v", s.Tables)
	}
	if len(s.Buckets) != 1 || len(s.Buckets[0].Objects) != 1 || s.Buckets[0].Objects[0] != (ObjectSnapshot{Key: "a.txt", Size: 5, ContentType: "text/plain"}) {
		t.Errorf("buckets = %+v", s.Buckets)
	}
	q := map[string]QueueSnapshot{}
	for _, qs := range s.Queues {
		q[qs.Name] = qs
	}
	if w := q["work"]; w.Visible != 1 || w.InFlight != 1 || w.DeadLetterQueue != "jobs-dlq" || w.MaxReceiveCount != 2 {
		t.Errorf("work = %+v", w)
	}
	if d := q["jobs-dlq"]; len(d.DeadLetterFor) != 1 || d.DeadLetterFor[0] != "work" {
		t.Errorf("jobs-dlq = %+v", d)
	}
	for _, m := range q["work"].Messages {
		if m.State == "in flight" && (m.Receives != 1 || !m.VisibleAt.Equal(clock{}.Now().Add(30e9))) {
			t.Errorf("in-flight message = %+v", m)
		}
	}
}
