package sns

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

type clock struct{}

func (clock) Now() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 123e6, time.UTC) }

// Publish fans out to every subscription: a function gets the record of
// an SNS event with the same keys as a real one (testdata/sns-event.json);
// a queue gets the JSON envelope, or the bare message with raw delivery.
// https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
// https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html
func TestPublishFansOut(t *testing.T) {
	s := New(clock{}, "us-east-1", "123456789012")
	arn, err := s.CreateTopic("orders")
	if err != nil {
		t.Fatal(err)
	}
	if arn != "arn:aws:sns:us-east-1:123456789012:orders" {
		t.Fatalf("TopicArn = %s", arn)
	}
	fnSub, _ := s.Subscribe(arn, "lambda", "arn:aws:lambda:us-east-1:123456789012:function:ship", false)
	if _, err := s.Subscribe(arn, "sqs", "arn:aws:sqs:us-east-1:123456789012:audit", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscribe(arn, "sqs", "arn:aws:sqs:us-east-1:123456789012:raw", true); err != nil {
		t.Fatal(err)
	}
	var got []Delivery
	s.OnDeliver(func(d Delivery) { got = append(got, d) })
	out, err := s.Call("Publish", map[string]any{"TopicArn": arn, "Message": "Hello from SNS!", "Subject": "TestInvoke", "MessageAttributes": map[string]any{
		"Test": map[string]any{"DataType": "String", "StringValue": "TestString"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d deliveries", len(got))
	}
	rec := got[0].Record
	if rec["EventSubscriptionArn"] != fnSub || !strings.HasPrefix(fnSub, arn+":") {
		t.Errorf("record = %v", rec)
	}
	raw, _ := os.ReadFile("testdata/sns-event.json")
	var real struct{ Records []map[string]any }
	if err := json.Unmarshal(raw, &real); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rec)
	var ours map[string]any
	_ = json.Unmarshal(b, &ours)
	if d := sameKeys("", real.Records[0], ours, "MessageAttributes"); d != "" {
		t.Errorf("record differs from a real SNS event: %s\n%s", d, b)
	}
	sn := ours["Sns"].(map[string]any)
	if sn["MessageId"] != out["MessageId"] || sn["Message"] != "Hello from SNS!" || sn["Timestamp"] != "2026-12-03T10:00:00.123Z" || sn["Subject"] != "TestInvoke" {
		t.Errorf("Sns = %v", sn)
	}
	if a := sn["MessageAttributes"].(map[string]any)["Test"].(map[string]any); a["Type"] != "String" || a["Value"] != "TestString" {
		t.Errorf("attributes = %v", a)
	}
	var env map[string]any
	if err := json.Unmarshal([]byte(got[1].Body), &env); err != nil {
		t.Fatalf("SQS body is not the JSON envelope: %q", got[1].Body)
	}
	for _, k := range []string{"Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"} {
		if _, ok := env[k]; !ok {
			t.Errorf("envelope lacks %s: %s", k, got[1].Body)
		}
	}
	if got[2].Body != "Hello from SNS!" {
		t.Errorf("raw delivery body = %q", got[2].Body)
	}
}

func TestErrors(t *testing.T) {
	s := New(clock{}, "us-east-1", "123456789012")
	arn, _ := s.CreateTopic("t")
	var ce *cloud.Error
	_, err := s.Call("Publish", map[string]any{"TopicArn": arn + "x", "Message": "m"})
	if !errors.As(err, &ce) || ce.Code != "NotFound" || ce.Status != 404 {
		t.Errorf("missing topic: %v", err)
	}
	_, err = s.Call("Publish", map[string]any{"TopicArn": arn, "Message": strings.Repeat("x", MaxMessageBytes+1)})
	if err == nil || !strings.Contains(err.Error(), "Message too long") {
		t.Errorf("long message: %v", err)
	}
	_, err = s.Subscribe(arn, "email", "a@example.com", false)
	if err == nil || !strings.Contains(err.Error(), "would need the network") {
		t.Errorf("email subscription: %v", err)
	}
	fifo, _ := s.CreateTopic("t.fifo")
	_, err = s.Call("Publish", map[string]any{"TopicArn": fifo, "Message": "m"})
	if err == nil || !strings.Contains(err.Error(), "MessageGroupId") {
		t.Errorf("FIFO without group: %v", err)
	}
}

func sameKeys(path string, a, b map[string]any, skip string) string {
	for k, v := range a {
		w, ok := b[k]
		if !ok {
			return fmt.Sprintf("%s.%s missing", path, k)
		}
		if k == skip {
			continue
		}
		if am, ok := v.(map[string]any); ok {
			bm, ok := w.(map[string]any)
			if !ok {
				return fmt.Sprintf("%s.%s is not an object", path, k)
			}
			if d := sameKeys(path+"."+k, am, bm, skip); d != "" {
				return d
			}
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			return fmt.Sprintf("%s.%s extra", path, k)
		}
	}
	return ""
}
