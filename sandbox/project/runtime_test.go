package project

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func sendMessages(t *testing.T, rt *Runtime, queue string, bodies ...string) {
	t.Helper()
	for _, b := range bodies {
		if _, err := rt.Cloud.SQS.Call("SendMessage", map[string]any{"QueueUrl": rt.Cloud.SQS.URL(queue), "MessageBody": b}); err != nil {
			t.Fatal(err)
		}
	}
}

func queueBodies(t *testing.T, rt *Runtime, queue string) []string {
	t.Helper()
	var out []string
	for {
		got, err := rt.Cloud.SQS.Call("ReceiveMessage", map[string]any{"QueueUrl": rt.Cloud.SQS.URL(queue), "MaxNumberOfMessages": 10, "VisibilityTimeout": 0})
		if err != nil {
			t.Fatal(err)
		}
		msgs, _ := got["Messages"].([]any)
		if len(msgs) == 0 {
			return out
		}
		for _, m := range msgs {
			mm := m.(map[string]any)
			out = append(out, mm["Body"].(string))
			if _, err := rt.Cloud.SQS.Call("DeleteMessage", map[string]any{"QueueUrl": rt.Cloud.SQS.URL(queue), "ReceiptHandle": mm["ReceiptHandle"]}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// The SQS consumer fails the poison message of its batch; the good ones
// are deleted, the poison one comes back after the visibility timeout,
// three times (maxReceiveCount), then lands in the dead-letter queue.
func TestPoisonMessageReachesTheDLQ(t *testing.T) {
	var notes []string
	rt := deploy(t, `
functions:
  consumer:
    handler: consumer.handler
    runtime: script1.x
    policy: {Statement: [{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "*"}]}
    events:
      - sqs: {queue: orders, batchSize: 10, reportBatchItemFailures: true}
queues:
  orders: {visibilityTimeout: 30, deadLetterQueue: orders-dlq, maxReceiveCount: 3}
  orders-dlq:
`, map[string]string{"consumer.json": `{"failBodies":["poison"]}`}, func(inv Invocation) { notes = append(notes, inv.Note) })
	sendMessages(t, rt, "orders", "good-1", "poison", "good-2")
	start := rt.Fleet.Now()
	pending, err := rt.Settle(context.Background(), time.Hour)
	if err != nil || pending {
		t.Fatalf("Settle: pending %v, %v", pending, err)
	}
	want := []string{
		"2 messages deleted from orders; 1 message back on orders after the visibility timeout (30s)",
		"0 messages deleted from orders; 1 message back on orders after the visibility timeout (30s)",
		"0 messages deleted from orders; 1 message back on orders after the visibility timeout (30s)",
		"1 message received 3 times (maxReceiveCount) moved from orders to its dead-letter queue orders-dlq",
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
	if got := queueBodies(t, rt, "orders-dlq"); len(got) != 1 || got[0] != "poison" {
		t.Errorf("the DLQ holds %q, want the poison message", got)
	}
	if got := queueBodies(t, rt, "orders"); len(got) != 0 {
		t.Errorf("orders still holds %q", got)
	}
	// Three receives 30 s apart: the clock moved at least 60 s and the
	// third receive's message went to the DLQ at the fourth poll (90 s).
	if d := rt.Fleet.Now().Sub(start); d < 90*time.Second || d > 2*time.Minute {
		t.Errorf("the virtual clock moved %v, want about 90 s (three visibility timeouts)", d)
	}
	// The consumer saw the poison message with receive counts 1, 2, 3.
	var counts []string
	for _, ev := range seenBy("consumer") {
		var e struct {
			Records []struct {
				Body       string            `json:"body"`
				Attributes map[string]string `json:"attributes"`
			}
		}
		if err := json.Unmarshal([]byte(ev), &e); err != nil {
			t.Fatal(err)
		}
		for _, r := range e.Records {
			if r.Body == "poison" {
				counts = append(counts, r.Attributes["ApproximateReceiveCount"])
			}
		}
	}
	if strings.Join(counts, ",") != "1,2,3" {
		t.Errorf("the poison message's receive counts: %v, want 1,2,3", counts)
	}
}

// AWS's success and failure conditions of a partial batch response.
func TestPartialBatchRules(t *testing.T) {
	ids := map[string]bool{"m1": true, "m2": true}
	cases := []struct {
		resp   string
		failed string // ids, comma-separated
		whole  bool
	}{
		{`null`, "", false},
		{``, "", false},
		{`{}`, "", false},
		{`{"batchItemFailures":[]}`, "", false},
		{`{"batchItemFailures":null}`, "", false},
		{`{"batchItemFailure":[{"itemIdentifier":"m1"}]}`, "", false}, // misspelled key: success, m1 deleted
		{`{"batchItemFailures":[{"itemIdentifier":"m1"}]}`, "m1", false},
		{`{"batchItemFailures":[{"itemIdentifier":"m1"},{"itemIdentifier":"m2"}]}`, "m1,m2", false},
		{`{"batchItemFailures":[{"itemIdentifier":""}]}`, "", true},
		{`{"batchItemFailures":[{"itemIdentifier":null}]}`, "", true},
		{`{"batchItemFailures":[{"itemId":"m1"}]}`, "", true},
		{`{"batchItemFailures":[{"itemIdentifier":"m9"}]}`, "", true},
		{`{"batchItemFailures":`, "", true},
		{`"ok"`, "", true},
		{`{"batchItemFailures":"m1"}`, "", true},
	}
	for _, c := range cases {
		failed, whole, reason := partialBatch([]byte(c.resp), ids)
		var got []string
		for _, id := range []string{"m1", "m2"} {
			if failed[id] {
				got = append(got, id)
			}
		}
		if whole != c.whole || strings.Join(got, ",") != c.failed {
			t.Errorf("%s: failed %v, whole %v (%s); want %q, whole %v", c.resp, got, whole, reason, c.failed, c.whole)
		}
		if whole && reason == "" {
			t.Errorf("%s: a whole-batch failure without a reason", c.resp)
		}
	}
}

// Without ReportBatchItemFailures the response is ignored: the batch is
// deleted; a thrown error returns the whole batch.
func TestBatchWithoutReportingAndThrown(t *testing.T) {
	var notes []string
	rt := deploy(t, `
functions:
  ignores:
    handler: ignores.handler
    runtime: script1.x
    policy: {Statement: [{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "*"}]}
    events: [{sqs: {queue: a}}]
  throws:
    handler: throws.handler
    runtime: script1.x
    policy: {Statement: [{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "*"}]}
    events: [{sqs: {queue: b}}]
queues:
  a:
  b: {visibilityTimeout: 10}
`, map[string]string{"ignores.json": `{"failBodies":["x"]}`, "throws.json": `{"fail":"boom"}`},
		func(inv Invocation) { notes = append(notes, inv.Function+": "+inv.Note) })
	sendMessages(t, rt, "a", "x1", "x2")
	sendMessages(t, rt, "b", "y")
	pending, err := rt.Settle(context.Background(), 25*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !pending {
		t.Error("the thrown batch keeps coming back, yet Settle says nothing is left")
	}
	want := []string{
		"ignores: 2 messages deleted from a",
		"throws: the function failed, so the whole batch failed: 1 message back on b after the visibility timeout (10s)",
		"throws: the function failed, so the whole batch failed: 1 message back on b after the visibility timeout (10s)",
		"throws: the function failed, so the whole batch failed: 1 message back on b after the visibility timeout (10s)",
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
	if p := rt.Pending(); len(p) != 1 || !strings.Contains(p[0], "on b") {
		t.Errorf("Pending: %q", p)
	}
}

// The batching window: two messages for a batch size of 5 wait the 20 s
// window, then go in one invocation.
func TestBatchingWindow(t *testing.T) {
	rt := deploy(t, `
functions:
  w:
    handler: w.handler
    runtime: script1.x
    policy: {Statement: [{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "*"}]}
    events: [{sqs: {queue: q, batchSize: 5, batchingWindow: 20}}]
queues: {q: }
`, map[string]string{"w.json": `{}`}, nil)
	sendMessages(t, rt, "q", "1", "2")
	start := rt.Fleet.Now()
	if _, err := rt.Settle(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	evs := seenBy("w")
	if len(evs) != 1 || strings.Count(evs[0], `"messageId"`) != 2 {
		t.Fatalf("w saw %d events, want one batch of 2: %q", len(evs), evs)
	}
	if d := rt.Fleet.Now().Sub(start); d < 20*time.Second {
		t.Errorf("the batch went %v after the first message, before the 20 s window closed", d)
	}
}

// A handler puts an object: the S3 notification invokes the thumbnail
// function asynchronously (suffix .jpg only), which fails every attempt:
// two retries, then the record of the event in the onFailure queue.
func TestS3NotificationRetriesAndDestination(t *testing.T) {
	var invs []Invocation
	rt := deploy(t, `
functions:
  upload:
    handler: upload.handler
    runtime: script1.x
    policy:
      Statement: [{Effect: Allow, Action: "s3:PutObject", Resource: "arn:aws:s3:::pics/*"}]
  thumb:
    handler: thumb.handler
    runtime: script1.x
    events: [{s3: {bucket: pics, suffix: .jpg}}]
    onFailure: {queue: failed}
buckets: [pics]
queues: {failed: }
`, map[string]string{
		"upload.json": `{"calls":[{"service":"s3","op":"PutObject","input":{"Bucket":"pics","Key":"cat.jpg","Body":"meow"}},
		                          {"service":"s3","op":"PutObject","input":{"Bucket":"pics","Key":"notes.txt","Body":"x"}}]}`,
		"thumb.json": `{"fail":"cannot resize"}`,
	}, func(inv Invocation) { invs = append(invs, inv) })
	res, err := rt.Invoke(context.Background(), "upload", []byte(`{}`))
	if err != nil || res.Error != nil {
		t.Fatalf("upload: %v %+v", err, res.Error)
	}
	if _, err := rt.Settle(context.Background(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if len(invs) != 3 {
		t.Fatalf("%d invocations of thumb, want 3 attempts", len(invs))
	}
	for i, inv := range invs {
		if inv.Function != "thumb" || inv.Source != "s3" || inv.Attempt != i+1 {
			t.Errorf("invocation %d: %+v", i, inv)
		}
	}
	if invs[0].Result.RequestID != invs[2].Result.RequestID {
		t.Error("the retries have another request id")
	}
	if gap := invs[1].Result.Start.Sub(invs[0].Result.End); gap != time.Minute {
		t.Errorf("first retry %v after the first attempt, want 1m", gap)
	}
	// The note says what happened, without contradicting itself.
	if want := "3 attempts failed, so Lambda stopped retrying the event; its record went to the onFailure queue failed"; invs[2].Note != want {
		t.Errorf("last note: %q, want %q", invs[2].Note, want)
	}
	var ev struct {
		Records []map[string]any
	}
	if err := json.Unmarshal([]byte(seenBy("thumb")[0]), &ev); err != nil || len(ev.Records) != 1 {
		t.Fatalf("thumb's event: %v %v", err, seenBy("thumb")[0])
	}
	key := ev.Records[0]["s3"].(map[string]any)["object"].(map[string]any)["key"]
	if key != "cat.jpg" || ev.Records[0]["eventName"] != "ObjectCreated:Put" {
		t.Errorf("record: key %v, event %v", key, ev.Records[0]["eventName"])
	}
	if p := fmt.Sprint(ev.Records[0]["userIdentity"]); !strings.Contains(p, "upload") {
		t.Errorf("userIdentity %s does not name the uploading function", p)
	}
	bodies := queueBodies(t, rt, "failed")
	if len(bodies) != 1 {
		t.Fatalf("failed queue: %q", bodies)
	}
	var rec struct {
		Version        string
		RequestContext struct {
			RequestID              string `json:"requestId"`
			FunctionArn            string `json:"functionArn"`
			Condition              string `json:"condition"`
			ApproximateInvokeCount int    `json:"approximateInvokeCount"`
		} `json:"requestContext"`
		RequestPayload  map[string]any `json:"requestPayload"`
		ResponseContext map[string]any `json:"responseContext"`
		ResponsePayload map[string]any `json:"responsePayload"`
	}
	if err := json.Unmarshal([]byte(bodies[0]), &rec); err != nil {
		t.Fatal(err)
	}
	rc := rec.RequestContext
	if rc.Condition != "RetriesExhausted" || rc.ApproximateInvokeCount != 3 || rc.RequestID != invs[0].Result.RequestID ||
		rc.FunctionArn != "arn:aws:lambda:us-east-1:123456789012:function:thumb:$LATEST" ||
		rec.ResponseContext["functionError"] != "Unhandled" || rec.ResponsePayload["errorMessage"] != "cannot resize" || rec.RequestPayload["Records"] == nil {
		t.Errorf("destination record: %s", bodies[0])
	}
}

// A handler invokes another synchronously through lambda:Invoke: the
// fleet's lock is held by the caller, and the nested invocation runs
// inside it without deadlock; an Event invocation is queued for Settle.
// Without an onFailure destination the note says the event is lost, and
// nothing else about where it went.
func TestAsyncFailureWithoutDestinationNote(t *testing.T) {
	var invs []Invocation
	rt := deploy(t, `
functions:
  upload:
    handler: upload.handler
    runtime: script1.x
    policy:
      Statement: [{Effect: Allow, Action: "s3:PutObject", Resource: "arn:aws:s3:::pics/*"}]
  thumb:
    handler: thumb.handler
    runtime: script1.x
    events: [{s3: {bucket: pics}}]
buckets: [pics]
`, map[string]string{
		"upload.json": `{"calls":[{"service":"s3","op":"PutObject","input":{"Bucket":"pics","Key":"cat.jpg","Body":"meow"}}]}`,
		"thumb.json":  `{"fail":"cannot resize"}`,
	}, func(inv Invocation) { invs = append(invs, inv) })
	if res, err := rt.Invoke(context.Background(), "upload", []byte(`{}`)); err != nil || res.Error != nil {
		t.Fatalf("upload: %v %+v", err, res.Error)
	}
	if _, err := rt.Settle(context.Background(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if len(invs) != 3 {
		t.Fatalf("%d invocations of thumb, want 3 attempts", len(invs))
	}
	if want := "3 attempts failed, so Lambda stopped retrying the event; the function has no onFailure destination, so the event is lost"; invs[2].Note != want {
		t.Errorf("last note: %q, want %q", invs[2].Note, want)
	}
}

func TestSynchronousInvokeFromAHandler(t *testing.T) {
	var invs []Invocation
	rt := deploy(t, `
functions:
  front:
    handler: front.handler
    runtime: script1.x
    policy:
      Statement: [{Effect: Allow, Action: "lambda:InvokeFunction", Resource: "*"}]
  back:
    handler: back.handler
    runtime: script1.x
`, map[string]string{
		"front.json": `{"calls":[{"service":"lambda","op":"Invoke","input":{"FunctionName":"back","Payload":"{\"n\":1}"}},
		                         {"service":"lambda","op":"Invoke","input":{"FunctionName":"back","InvocationType":"Event","Payload":"{\"n\":2}"}},
		                         {"service":"lambda","op":"Invoke","input":{"FunctionName":"back","Payload":"{\"n\":3}"}}]}`,
		"back.json": `{"respond":{"from":"back"}}`,
	}, func(inv Invocation) { invs = append(invs, inv) })
	// A deadlock here ends the test at go test's timeout.
	res, err := rt.Invoke(context.Background(), "front", []byte(`{}`))
	if err != nil || res.Error != nil {
		t.Fatalf("front: %v %+v", err, res)
	}
	if string(res.Response) != `{"from":"back"}` {
		t.Errorf("front answered %s, want back's response", res.Response)
	}
	if len(invs) != 2 || invs[0].Function != "back" || invs[0].Source != "lambda" || invs[1].Result.EnvID != 1 {
		t.Fatalf("nested invocations: %+v", invs)
	}
	if b := invs[1].Result; b.End.After(res.End) || b.Start.Before(res.Start) {
		t.Errorf("back ran %v to %v, outside front's %v to %v", b.Start, b.End, res.Start, res.End)
	}
	if _, err := rt.Settle(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if len(invs) != 3 || invs[2].Source != "lambda" {
		t.Fatalf("the Event invocation did not run: %+v", invs)
	}
	got := strings.Join(seenBy("back"), " ")
	if got != `{"n":1} {"n":3} {"n":2}` {
		t.Errorf("back saw %s", got)
	}
}

// A handler invoking its own function synchronously gets another
// environment: its own is busy with the request that waits.
func TestSynchronousInvokeOfItself(t *testing.T) {
	var invs []Invocation
	rt := deploy(t, `
functions:
  rec:
    handler: rec.handler
    runtime: script1.x
    policy:
      Statement: [{Effect: Allow, Action: "lambda:InvokeFunction", Resource: "*"}]
`, map[string]string{
		"rec.json": `{"calls":[{"service":"lambda","op":"Invoke","when":"top","input":{"FunctionName":"rec","Payload":"{\"inner\":1}"}}]}`,
	}, func(inv Invocation) { invs = append(invs, inv) })
	res, err := rt.Invoke(context.Background(), "rec", []byte(`{"top":1}`))
	if err != nil || res.Error != nil {
		t.Fatalf("rec: %v %+v", err, res)
	}
	if len(invs) != 1 || invs[0].Result.EnvID == res.EnvID {
		t.Fatalf("the inner request ran in environment %d, the outer in %d", invs[0].Result.EnvID, res.EnvID)
	}
	if string(res.Response) != `{"inner":1}` {
		t.Errorf("rec answered %s", res.Response)
	}
	if f, _ := rt.Function("rec"); len(f.Environments()) != 2 {
		t.Errorf("%d environments, want 2", len(f.Environments()))
	}
}

// An SNS-triggered function that fails every attempt: its invocation
// record goes to the onFailure topic, and from there to a subscribed queue.
func TestOnFailureTopic(t *testing.T) {
	rt := deploy(t, `
functions:
  flaky:
    handler: flaky.handler
    runtime: script1.x
    events: [{sns: {topic: in}}]
    onFailure: {topic: out}
topics: [in, out]
queues: {sink: }
`, map[string]string{"flaky.json": `{"fail":"nope"}`}, nil)
	a := rt.Cloud
	if _, err := a.SNS.Subscribe("arn:aws:sns:us-east-1:123456789012:out", "sqs", a.SQS.ARN("sink"), true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SNS.Call("Publish", map[string]any{"TopicArn": "arn:aws:sns:us-east-1:123456789012:in", "Message": "hello"}); err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Settle(context.Background(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if n := len(seenBy("flaky")); n != 3 {
		t.Errorf("flaky ran %d times, want 3 attempts", n)
	}
	got := queueBodies(t, rt, "sink")
	if len(got) != 1 || !strings.Contains(got[0], `"condition":"RetriesExhausted"`) || !strings.Contains(got[0], `"Message":"hello"`) {
		t.Errorf("sink: %q", got)
	}
}

// An S3 notification matches its event types and its key prefix.
func TestS3NotificationFilters(t *testing.T) {
	rt := deploy(t, `
functions:
  cleanup:
    handler: cleanup.handler
    runtime: script1.x
    events: [{s3: {bucket: docs, events: ["s3:ObjectRemoved:*"], prefix: in/}}]
buckets: [docs]
`, map[string]string{"cleanup.json": `{}`}, nil)
	s := rt.Cloud.S3
	for _, c := range []struct{ op, key string }{{"PutObject", "in/a.txt"}, {"DeleteObject", "in/a.txt"}, {"PutObject", "out/b.txt"}, {"DeleteObject", "out/b.txt"}} {
		in := map[string]any{"Bucket": "docs", "Key": c.key}
		if c.op == "PutObject" {
			in["Body"] = "x"
		}
		if _, err := s.Call(c.op, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rt.Settle(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	evs := seenBy("cleanup")
	if len(evs) != 1 || !strings.Contains(evs[0], `"key":"in`) || !strings.Contains(evs[0], `"eventName":"ObjectRemoved:Delete"`) {
		t.Errorf("cleanup saw %q, want the removal of in/a.txt only", evs)
	}
}

// A consumer that sends a message to its own queue for every message it
// gets loops; Settle stops it at MaxSettleInvocations and says why.
func TestSettleStopsALoop(t *testing.T) {
	rt := deploy(t, `
functions:
  echo:
    handler: echo.handler
    runtime: script1.x
    policy:
      Statement: [{Effect: Allow, Action: [sqs:SendMessage, sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "*"}]
    events: [{sqs: {queue: loop, batchSize: 1}}]
queues: {loop: }
`, map[string]string{"echo.json": `{"calls":[{"service":"sqs","op":"SendMessage","input":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/loop","MessageBody":"again"}}],"respond":null}`}, nil)
	sendMessages(t, rt, "loop", "start")
	pending, err := rt.Settle(context.Background(), 24*time.Hour)
	if err != nil || !pending {
		t.Fatalf("Settle: pending %v, %v", pending, err)
	}
	if n := len(seenBy("echo")); n != MaxSettleInvocations {
		t.Errorf("echo ran %d times, want %d", n, MaxSettleInvocations)
	}
	errs := rt.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "feeding its own trigger") {
		t.Errorf("errors: %v", errs)
	}
}
