package sqs

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newSQS(t *testing.T) (*Service, *clock) {
	t.Helper()
	c := &clock{time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	return New(c, "us-east-1", "123456789012"), c
}

func call(t *testing.T, s *Service, op string, in map[string]any) map[string]any {
	t.Helper()
	out, err := s.Call(op, in)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return out
}

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ce *cloud.Error
	if !errors.As(err, &ce) || ce.Code != code || (msg != "" && ce.Message != msg) {
		t.Errorf("got %v, want %s %q", err, code, msg)
	}
}

func messages(out map[string]any) []map[string]any {
	var ms []map[string]any
	l, _ := out["Messages"].([]any)
	for _, x := range l {
		ms = append(ms, x.(map[string]any))
	}
	return ms
}

func bodies(ms []map[string]any) string {
	var b []string
	for _, m := range ms {
		b = append(b, m["Body"].(string))
	}
	return strings.Join(b, ",")
}

// The visibility timeout hides a received message until it is deleted or
// the timeout passes on the virtual clock; then it comes back with its
// ApproximateReceiveCount raised.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
func TestVisibilityTimeout(t *testing.T) {
	s, c := newSQS(t)
	if err := s.CreateQueue("jobs", map[string]string{"VisibilityTimeout": "30"}); err != nil {
		t.Fatal(err)
	}
	url := s.URL("jobs")
	if url != "https://sqs.us-east-1.amazonaws.com/123456789012/jobs" {
		t.Fatalf("URL = %s", url)
	}
	sent := call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "hello"})
	if sent["MD5OfMessageBody"] != "5d41402abc4b2a76b9719d911017c592" || len(sent["MessageId"].(string)) != 36 {
		t.Errorf("SendMessage = %v", sent)
	}
	recv := func() []map[string]any {
		return messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 10, "MessageSystemAttributeNames": []any{"All"}}))
	}
	ms := recv()
	if len(ms) != 1 || ms[0]["MessageId"] != sent["MessageId"] || ms[0]["Attributes"].(map[string]any)["ApproximateReceiveCount"] != "1" {
		t.Fatalf("first receive = %v", ms)
	}
	first := ms[0]["ReceiptHandle"].(string)
	if got := recv(); len(got) != 0 {
		t.Fatalf("in-flight message received again: %v", got)
	}
	c.advance(29 * time.Second)
	if got := recv(); len(got) != 0 {
		t.Fatalf("visible before its timeout: %v", got)
	}
	c.advance(time.Second)
	ms = recv()
	if len(ms) != 1 || ms[0]["Attributes"].(map[string]any)["ApproximateReceiveCount"] != "2" {
		t.Fatalf("after the timeout = %v", ms)
	}
	// The older receipt handle no longer deletes: the request succeeds,
	// the message stays.
	call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": first})
	c.advance(30 * time.Second)
	ms = recv()
	if len(ms) != 1 {
		t.Fatalf("an old receipt handle deleted the message")
	}
	call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": ms[0]["ReceiptHandle"]})
	c.advance(time.Hour)
	if got := recv(); len(got) != 0 {
		t.Fatalf("deleted message came back: %v", got)
	}
	_, err := s.Call("DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": "nonsense"})
	wantErr(t, err, "ReceiptHandleIsInvalid", `The input receipt handle "nonsense" is not a valid receipt handle.`)
}

// ChangeMessageVisibility extends or ends a message's invisibility; 0
// makes it visible at once.
func TestChangeMessageVisibility(t *testing.T) {
	s, c := newSQS(t)
	_ = s.CreateQueue("q", nil)
	url := s.URL("q")
	call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "a"})
	m := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url}))[0]
	call(t, s, "ChangeMessageVisibility", map[string]any{"QueueUrl": url, "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0})
	m2 := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url, "VisibilityTimeout": 5}))
	if len(m2) != 1 {
		t.Fatal("visibility 0 did not make the message visible")
	}
	c.advance(6 * time.Second)
	_, err := s.Call("ChangeMessageVisibility", map[string]any{"QueueUrl": url, "ReceiptHandle": m2[0]["ReceiptHandle"], "VisibilityTimeout": 60})
	wantErr(t, err, "MessageNotInflight", "")
}

// After maxReceiveCount receives, the next receive moves the message to
// the dead-letter queue, keeping its ID.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
func TestRedriveToTheDeadLetterQueue(t *testing.T) {
	s, c := newSQS(t)
	_ = s.CreateQueue("orders-dlq", nil)
	err := s.CreateQueue("orders", map[string]string{"VisibilityTimeout": "10", "RedrivePolicy": fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":3}`, s.ARN("orders-dlq"))})
	if err != nil {
		t.Fatal(err)
	}
	url, dlq := s.URL("orders"), s.URL("orders-dlq")
	id := call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "poison"})["MessageId"]
	for i := 1; i <= 3; i++ {
		ms := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url}))
		if len(ms) != 1 {
			t.Fatalf("receive %d: %v", i, ms)
		}
		c.advance(10 * time.Second)
	}
	if ms := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url})); len(ms) != 0 {
		t.Fatalf("received a 4th time: %v", ms)
	}
	ms := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": dlq}))
	if len(ms) != 1 || ms[0]["MessageId"] != id || ms[0]["Body"] != "poison" {
		t.Fatalf("dead-letter queue = %v", ms)
	}
	attrs := call(t, s, "GetQueueAttributes", map[string]any{"QueueUrl": url, "AttributeNames": []any{"All"}})["Attributes"].(map[string]any)
	if attrs["ApproximateNumberOfMessages"] != "0" || !strings.Contains(attrs["RedrivePolicy"].(string), "orders-dlq") {
		t.Errorf("source queue attributes = %v", attrs)
	}
	err = s.CreateQueue("bad", map[string]string{"RedrivePolicy": fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":3}`, s.ARN("missing"))})
	wantErr(t, err, "InvalidAttributeValue", "")
}

// FIFO: order within a message group, the group locked while one of its
// messages is in flight, other groups unaffected, deduplication within
// five minutes, MessageGroupId required.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-exactly-once-processing.html
func TestFIFO(t *testing.T) {
	s, c := newSQS(t)
	if err := s.CreateQueue("pay.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"}); err != nil {
		t.Fatal(err)
	}
	url := s.URL("pay.fifo")
	for _, m := range []struct{ g, b string }{{"alice", "a1"}, {"bob", "b1"}, {"alice", "a2"}, {"bob", "b2"}, {"alice", "a3"}} {
		call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": m.b, "MessageGroupId": m.g})
	}
	first := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 2}))
	if bodies(first) != "a1,b1" {
		t.Fatalf("first receive = %s", bodies(first))
	}
	if got := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 10})); len(got) != 0 {
		t.Fatalf("groups with a message in flight gave %s", bodies(got))
	}
	call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": first[0]["ReceiptHandle"]})
	got := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 10}))
	if bodies(got) != "a2,a3" {
		t.Fatalf("after deleting a1: %s", bodies(got))
	}
	// Same body within five minutes: accepted, not delivered again.
	dup := call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "a1", "MessageGroupId": "alice"})
	if dup["MessageId"] == nil {
		t.Fatal("duplicate send refused")
	}
	c.advance(time.Hour)
	for _, m := range got {
		call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": m["ReceiptHandle"]})
	}
	rest := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 10}))
	if bodies(rest) != "b1,b2" {
		t.Fatalf("left: %s", bodies(rest))
	}
	_, err := s.Call("SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "x"})
	wantErr(t, err, "MissingParameter", "The request must contain the parameter MessageGroupId.")
	_, err = s.Call("SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "x", "MessageGroupId": "g", "DelaySeconds": 5})
	wantErr(t, err, "InvalidParameterValue", "")
	err = s.CreateQueue("plain", map[string]string{"FifoQueue": "true"})
	wantErr(t, err, "InvalidParameterValue", "")
}

// MD5OfMessageAttributes follows the developer guide's algorithm. The
// expected digests come from a message that real SQS delivered to Lambda,
// kept in the tests of github.com/fujiwara/sqat (sqat_test.go): body
// "foobar2", MD5OfBody cbac77acf401ef89c3297bd9fc41ec0b, one String
// attribute AtTimestamp, MD5OfMessageAttributes 9fd5e217089075be61cd1d67e35e5117.
func TestMessageAttributesDigest(t *testing.T) {
	s, _ := newSQS(t)
	_ = s.CreateQueue("q", nil)
	out := call(t, s, "SendMessage", map[string]any{"QueueUrl": s.URL("q"), "MessageBody": "foobar2", "MessageAttributes": map[string]any{
		"AtTimestamp": map[string]any{"DataType": "String", "StringValue": "2021-02-15T12:00:33+09:00"},
	}})
	if out["MD5OfMessageBody"] != "cbac77acf401ef89c3297bd9fc41ec0b" || out["MD5OfMessageAttributes"] != "9fd5e217089075be61cd1d67e35e5117" {
		t.Errorf("SendMessage = %v", out)
	}
	m := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": s.URL("q"), "MessageAttributeNames": []any{"All"}}))[0]
	if m["MD5OfMessageAttributes"] != "9fd5e217089075be61cd1d67e35e5117" || m["MessageAttributes"].(map[string]any)["AtTimestamp"] == nil {
		t.Errorf("received = %v", m)
	}
	_, err := s.Call("SendMessage", map[string]any{"QueueUrl": s.URL("q"), "MessageBody": "b", "MessageAttributes": map[string]any{"x": map[string]any{"DataType": "Date", "StringValue": "1"}}})
	wantErr(t, err, "InvalidParameterValue", "")
}

func TestBatchesAndErrors(t *testing.T) {
	s, _ := newSQS(t)
	_ = s.CreateQueue("q", nil)
	url := s.URL("q")
	out := call(t, s, "SendMessageBatch", map[string]any{"QueueUrl": url, "Entries": []any{
		map[string]any{"Id": "1", "MessageBody": "a"},
		map[string]any{"Id": "2", "MessageBody": ""},
		map[string]any{"Id": "3", "MessageBody": "c", "DelaySeconds": 60},
	}})
	if len(out["Successful"].([]any)) != 2 || len(out["Failed"].([]any)) != 1 {
		t.Fatalf("SendMessageBatch = %v", out)
	}
	if f := out["Failed"].([]any)[0].(map[string]any); f["Id"] != "2" || f["Code"] != "MissingParameter" || f["SenderFault"] != true {
		t.Errorf("failed entry = %v", f)
	}
	attrs := call(t, s, "GetQueueAttributes", map[string]any{"QueueUrl": url, "AttributeNames": []any{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"}})["Attributes"].(map[string]any)
	if attrs["ApproximateNumberOfMessages"] != "1" || attrs["ApproximateNumberOfMessagesDelayed"] != "1" {
		t.Errorf("attributes = %v", attrs)
	}
	_, err := s.Call("SendMessageBatch", map[string]any{"QueueUrl": url, "Entries": []any{map[string]any{"Id": "a", "MessageBody": "x"}, map[string]any{"Id": "a", "MessageBody": "y"}}})
	wantErr(t, err, "BatchEntryIdsNotDistinct", "Id a repeated.")
	var eleven []any
	for i := 0; i < 11; i++ {
		eleven = append(eleven, map[string]any{"Id": fmt.Sprint(i), "MessageBody": "x"})
	}
	_, err = s.Call("SendMessageBatch", map[string]any{"QueueUrl": url, "Entries": eleven})
	wantErr(t, err, "TooManyEntriesInBatchRequest", "")
	_, err = s.Call("SendMessage", map[string]any{"QueueUrl": url, "MessageBody": strings.Repeat("x", MaxMessageBytes+1)})
	wantErr(t, err, "InvalidParameterValue", "")
	_, err = s.Call("ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 11})
	wantErr(t, err, "InvalidParameterValue", "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.")
	_, err = s.Call("SendMessage", map[string]any{"QueueUrl": s.URL("nope"), "MessageBody": "x"})
	wantErr(t, err, "QueueDoesNotExist", "The specified queue does not exist.")
	if QueryCode("QueueDoesNotExist") != "AWS.SimpleQueueService.NonExistentQueue" {
		t.Error("boto3's code for a missing queue")
	}
	_, err = s.Call("GetQueueUrl", map[string]any{"QueueName": "nope"})
	wantErr(t, err, "QueueDoesNotExist", "")
	if got := call(t, s, "GetQueueUrl", map[string]any{"QueueName": "q"}); got["QueueUrl"] != url {
		t.Errorf("GetQueueUrl = %v", got)
	}
}

// Retention: a message older than MessageRetentionPeriod is gone.
func TestRetention(t *testing.T) {
	s, c := newSQS(t)
	_ = s.CreateQueue("q", map[string]string{"MessageRetentionPeriod": "60"})
	call(t, s, "SendMessage", map[string]any{"QueueUrl": s.URL("q"), "MessageBody": "x"})
	c.advance(61 * time.Second)
	if ms := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": s.URL("q")})); len(ms) != 0 {
		t.Errorf("expired message received: %v", ms)
	}
}

// A message in flight stays in flight across a save and a restore, with
// its receive count; the latest receipt handle still deletes it.
func TestStateRoundTrip(t *testing.T) {
	s, c := newSQS(t)
	_ = s.CreateQueue("q", map[string]string{"VisibilityTimeout": "30"})
	url := s.URL("q")
	call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "a", "MessageAttributes": map[string]any{"k": map[string]any{"DataType": "String", "StringValue": "v"}}})
	call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "b"})
	m := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url}))[0]
	data, err := s.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	r := New(c, "us-east-1", "123456789012")
	if err := r.UnmarshalState(data); err != nil {
		t.Fatal(err)
	}
	got := messages(call(t, r, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 10}))
	if bodies(got) != "b" {
		t.Errorf("after restore, visible: %s", bodies(got))
	}
	call(t, r, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": m["ReceiptHandle"]})
	c.advance(time.Minute)
	if got := messages(call(t, r, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 10})); bodies(got) != "b" {
		t.Errorf("the deleted message came back: %s", bodies(got))
	}
	if err := r.UnmarshalState([]byte(`{"queues":[{"name":"bad name!"}]}`)); err == nil {
		t.Error("an invalid queue name was restored")
	}
}

// Receipt handles are not stored: what the queue keeps does not grow with
// receives, every older handle still deletes nothing, a handle of a
// message already gone deletes nothing, and one not issued by the queue
// (a handle of another queue, one from the future, one altered) is invalid.
func TestReceiptHandlesBounded(t *testing.T) {
	s, c := newSQS(t)
	_ = s.CreateQueue("q", map[string]string{"VisibilityTimeout": "1"})
	_ = s.CreateQueue("other", nil)
	url := s.URL("q")
	call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "a"})
	var handles []string
	for i := 0; i < 500; i++ {
		ms := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url}))
		if len(ms) != 1 {
			t.Fatalf("receive %d: %v", i, ms)
		}
		handles = append(handles, ms[0]["ReceiptHandle"].(string))
		c.advance(time.Second)
	}
	q := s.queues["q"]
	if len(q.live) != 1 || len(q.messages) != 1 {
		t.Fatalf("after 500 receives the queue keeps %d messages by ID and %d in order, want 1 and 1", len(q.live), len(q.messages))
	}
	ms := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url}))
	latest := ms[0]["ReceiptHandle"].(string)
	for _, h := range handles {
		call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": h})
		if _, err := s.Call("ChangeMessageVisibility", map[string]any{"QueueUrl": url, "ReceiptHandle": h, "VisibilityTimeout": 0}); err == nil {
			t.Fatal("an old receipt handle changed the visibility")
		}
	}
	if q.messages[0].deleted {
		t.Fatal("an old receipt handle deleted the message")
	}
	call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": latest})
	if len(q.live) != 0 || len(q.messages) != 0 {
		t.Fatalf("after the delete the queue keeps %d messages by ID and %d in order", len(q.live), len(q.messages))
	}
	// The message is gone: its handles, latest or not, delete nothing and
	// do not fail.
	call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": latest})
	call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": handles[0]})
	// A second message: the first one's handles do not touch it.
	call(t, s, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "b"})
	call(t, s, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": latest})
	if got := messages(call(t, s, "ReceiveMessage", map[string]any{"QueueUrl": url})); bodies(got) != "b" {
		t.Fatalf("another message's handle deleted b: %v", got)
	}
	_, err := s.Call("DeleteMessage", map[string]any{"QueueUrl": s.URL("other"), "ReceiptHandle": latest})
	wantErr(t, err, "ReceiptHandleIsInvalid", "")
	raw, _ := base64.StdEncoding.DecodeString(latest)
	parts := strings.Split(string(raw), "#")
	for _, forged := range []string{
		fmt.Sprintf("%s#%s#%s#%d", parts[0], parts[1], parts[2], s.seq+1), // not issued yet
		fmt.Sprintf("%s#%s#0#%s", parts[0], parts[1], parts[3]),
		parts[0] + "#" + parts[1],
	} {
		_, err := s.Call("DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": base64.StdEncoding.EncodeToString([]byte(forged))})
		wantErr(t, err, "ReceiptHandleIsInvalid", "")
	}
}
