package project

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// The events the triggers deliver have the keys of the real events kept
// in sandbox/events/testdata (aws-lambda-go's samples, Apache-2.0; see the
// SOURCE.md there), key by key.

func sample(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../events/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// keyDiff lists the key paths present in one event and not the other,
// recursively, leaving out the paths in skip (values the sample happens
// to have, such as its own message attribute names).
func keyDiff(path string, got, want map[string]any, skip map[string]bool) []string {
	var out []string
	for k, v := range want {
		p := path + "." + k
		if skip[p] {
			continue
		}
		g, ok := got[k]
		if !ok {
			out = append(out, p+" missing")
			continue
		}
		out = append(out, valueDiff(p, g, v, skip)...)
	}
	for k := range got {
		if _, ok := want[k]; !ok && !skip[path+"."+k] {
			out = append(out, path+"."+k+" extra")
		}
	}
	sort.Strings(out)
	return out
}

func valueDiff(p string, g, w any, skip map[string]bool) []string {
	switch wv := w.(type) {
	case map[string]any:
		gm, ok := g.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %T, want an object", p, g)}
		}
		return keyDiff(p, gm, wv, skip)
	case []any:
		gl, ok := g.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %T, want a list", p, g)}
		}
		if len(wv) > 0 && len(gl) > 0 {
			return valueDiff(p+"[]", gl[0], wv[0], skip)
		}
	}
	return nil
}

func onlyEvent(t *testing.T, fn string) map[string]any {
	t.Helper()
	evs := seenBy(fn)
	if len(evs) != 1 {
		t.Fatalf("%s saw %d events, want 1: %q", fn, len(evs), evs)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(evs[0]), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

const shapesProject = `
functions:
  sqsfn:
    handler: a.handler
    runtime: script1.x
    policy: {Statement: [{Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: "*"}]}
    events: [{sqs: {queue: q}}]
  ddbfn:
    handler: a.handler
    runtime: script1.x
    events: [{dynamodb: {table: Tbl}}]
  snsfn:
    handler: a.handler
    runtime: script1.x
    events: [{sns: {topic: news}}]
  ebfn:
    handler: a.handler
    runtime: script1.x
    events:
      - eventbridge: {rule: big, pattern: {source: [shop]}}
tables:
  Tbl: {partitionKey: "id:S", stream: NEW_AND_OLD_IMAGES}
queues: {q: , fanout: , ebq: }
topics: [news]
`

func TestEventShapes(t *testing.T) {
	rt := deploy(t, shapesProject, map[string]string{"a.json": `{"respond":null}`}, nil)
	a := rt.Cloud
	if _, err := a.SQS.Call("SendMessage", map[string]any{"QueueUrl": a.SQS.URL("q"), "MessageBody": "hi",
		"MessageAttributes": map[string]any{"origin": map[string]any{"DataType": "String", "StringValue": "web"},
			"sig": map[string]any{"DataType": "Binary", "BinaryValue": []byte("x")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DynamoDB.Call("PutItem", map[string]any{"TableName": "Tbl", "Item": map[string]any{"id": map[string]any{"S": "1"}}}); err != nil {
		t.Fatal(err)
	}
	// SNS fans out to the function and to a queue subscribed by ARN.
	topic := "arn:aws:sns:us-east-1:123456789012:news"
	if _, err := a.SNS.Subscribe(topic, "sqs", a.SQS.ARN("fanout"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SNS.Call("Publish", map[string]any{"TopicArn": topic, "Message": "hello", "Subject": "s"}); err != nil {
		t.Fatal(err)
	}
	// An EventBridge rule with a queue target.
	if err := a.EventBridge.AddRule("to-queue", `{"detail-type":["order"]}`, a.SQS.ARN("ebq")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.EventBridge.Call("PutEvents", map[string]any{"Entries": []any{
		map[string]any{"Source": "shop", "DetailType": "order", "Detail": `{"total":5}`},
		map[string]any{"Source": "other", "DetailType": "order", "Detail": `{}`}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Settle(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if errs := rt.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}

	sqsEv := onlyEvent(t, "sqsfn")
	if d := keyDiff("", sqsEv, sample(t, "sqs-event.json"), map[string]bool{
		".Records[].messageAttributes.Attribute1": true, ".Records[].messageAttributes.Attribute2": true,
		".Records[].messageAttributes.Attribute3": true, ".Records[].messageAttributes.origin": true, ".Records[].messageAttributes.sig": true,
	}); len(d) > 0 {
		t.Errorf("SQS event: %v", d)
	}
	rec := sqsEv["Records"].([]any)[0].(map[string]any)
	origin := rec["messageAttributes"].(map[string]any)["origin"].(map[string]any)
	sig := rec["messageAttributes"].(map[string]any)["sig"].(map[string]any)
	wantAttr := sample(t, "sqs-event.json")["Records"].([]any)[0].(map[string]any)["messageAttributes"].(map[string]any)
	if d := keyDiff("origin", origin, wantAttr["Attribute1"].(map[string]any), nil); len(d) > 0 || origin["stringValue"] != "web" {
		t.Errorf("a String message attribute: %v %v", d, origin)
	}
	if sig["binaryValue"] != "eA==" || sig["dataType"] != "Binary" {
		t.Errorf("a Binary message attribute: %v", sig)
	}
	if rec["eventSourceARN"] != "arn:aws:sqs:us-east-1:123456789012:q" || rec["attributes"].(map[string]any)["ApproximateReceiveCount"] != "1" {
		t.Errorf("SQS record: %v", rec)
	}

	ddb := onlyEvent(t, "ddbfn")
	if d := keyDiff("", ddb, sample(t, "dynamodb-event.json"), map[string]bool{
		".Records[].userIdentity": true, // the sample is a TTL delete's; a write by a caller has none
		// the items' own attributes: the sample's and ours
		".Records[].dynamodb.NewImage.key": true, ".Records[].dynamodb.NewImage.val": true, ".Records[].dynamodb.NewImage.asdf1": true,
		".Records[].dynamodb.NewImage.asdf2": true, ".Records[].dynamodb.Keys.key": true, ".Records[].dynamodb.Keys.val": true,
		".Records[].dynamodb.NewImage.id": true, ".Records[].dynamodb.Keys.id": true,
	}); len(d) > 0 {
		t.Errorf("DynamoDB stream event: %v", d)
	}

	snsEv := onlyEvent(t, "snsfn")
	if d := keyDiff("", snsEv, sample(t, "sns-event.json"), map[string]bool{".Records[].Sns.MessageAttributes.Test": true, ".Records[].Sns.MessageAttributes.TestBinary": true}); len(d) > 0 {
		t.Errorf("SNS event: %v", d)
	}
	bodies := queueBodies(t, rt, "fanout")
	if len(bodies) != 1 || !strings.Contains(bodies[0], `"Message":"hello"`) {
		t.Errorf("the SNS message in the subscribed queue: %q", bodies)
	}

	ebq := queueBodies(t, rt, "ebq")
	if len(ebq) != 2 || !strings.Contains(ebq[0], `"source":"shop"`) || !strings.Contains(ebq[1], `"source":"other"`) {
		t.Errorf("the EventBridge events in the target queue: %q", ebq)
	}

	eb := onlyEvent(t, "ebfn")
	want := map[string]any{"version": "0", "id": "", "detail-type": "", "source": "", "account": "", "time": "", "region": "", "resources": []any{}, "detail": map[string]any{}}
	if d := keyDiff("", eb, want, map[string]bool{".detail.total": true}); len(d) > 0 || eb["source"] != "shop" {
		t.Errorf("EventBridge event: %v %v", d, eb)
	}
}

// Stream records come in batches, in order; a failing consumer blocks the
// stream and retries the same batch.
func TestStreamRetriesTheSameBatch(t *testing.T) {
	var notes []string
	rt := deploy(t, `
functions:
  audit:
    handler: audit.handler
    runtime: script1.x
    events: [{dynamodb: {table: Tbl}}]
tables:
  Tbl: {partitionKey: "id:S", stream: NEW_AND_OLD_IMAGES}
`, map[string]string{"audit.json": `{"fail":"db down"}`}, func(inv Invocation) { notes = append(notes, inv.Note) })
	for _, id := range []string{"1", "2"} {
		if _, err := rt.Cloud.DynamoDB.Call("PutItem", map[string]any{"TableName": "Tbl", "Item": map[string]any{"id": map[string]any{"S": id}}}); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := rt.Settle(context.Background(), 5*time.Second)
	if err != nil || !pending {
		t.Fatalf("Settle: pending %v, %v", pending, err)
	}
	evs := seenBy("audit")
	if len(evs) < 3 || evs[0] != evs[1] || strings.Count(evs[0], `"eventID"`) != 2 {
		t.Fatalf("audit saw %d events; want the same batch of 2 records again and again", len(evs))
	}
	if !strings.Contains(notes[0], "retries it in 1s") || !strings.Contains(notes[1], "retries it in 2s") {
		t.Errorf("notes: %q", notes)
	}
}
