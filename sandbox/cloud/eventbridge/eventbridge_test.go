package eventbridge

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

type clock struct{}

func (clock) Now() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }

// PutEvents builds the envelope EventBridge delivers and hands it to the
// targets of every matching rule; a malformed Detail fails that entry
// only. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
func TestPutEventsDeliversToMatchingRules(t *testing.T) {
	s := New(clock{}, "us-east-1", "123456789012")
	fn := "arn:aws:lambda:us-east-1:123456789012:function:ship"
	if err := s.AddRule("orders-placed", `{"source":["shop.orders"],"detail-type":["OrderPlaced"],"detail":{"total":[{"numeric":[">=",100]}]}}`, fn); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRule("everything-from-shop", `{"source":[{"prefix":"shop."}]}`, "arn:aws:sqs:us-east-1:123456789012:audit"); err != nil {
		t.Fatal(err)
	}
	var got []Delivery
	s.OnDeliver(func(d Delivery) { got = append(got, d) })
	out, err := s.Call("PutEvents", map[string]any{"Entries": []any{
		map[string]any{"Source": "shop.orders", "DetailType": "OrderPlaced", "Detail": `{"orderId":"o-1","total":150}`},
		map[string]any{"Source": "shop.orders", "DetailType": "OrderPlaced", "Detail": `{"orderId":"o-2","total":20}`},
		map[string]any{"Source": "shop.orders", "DetailType": "OrderPlaced", "Detail": `not json`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if out["FailedEntryCount"] != 1 {
		t.Errorf("PutEvents = %v", out)
	}
	entries := out["Entries"].([]any)
	if e := entries[2].(map[string]any); e["ErrorCode"] != "MalformedDetail" || e["ErrorMessage"] != "Detail is malformed." {
		t.Errorf("malformed entry = %v", e)
	}
	if len(got) != 3 {
		t.Fatalf("%d deliveries: %v", len(got), got)
	}
	var env map[string]any
	if err := json.Unmarshal(got[1].Event, &env); err != nil {
		t.Fatal(err)
	}
	if got[1].TargetARN != fn || env["detail-type"] != "OrderPlaced" || env["account"] != "123456789012" || env["time"] != "2026-12-03T10:00:00Z" || env["version"] != "0" {
		t.Errorf("delivery = %s %s", got[1].TargetARN, got[1].Event)
	}
	if env["detail"].(map[string]any)["orderId"] != "o-1" || env["id"] != entries[0].(map[string]any)["EventId"] {
		t.Errorf("envelope = %v", env)
	}
	_, err = s.Call("PutRule", map[string]any{"Name": "bad", "EventPattern": `{"source":"x"}`})
	var ce *cloud.Error
	if !errors.As(err, &ce) || ce.Code != "InvalidEventPatternException" {
		t.Errorf("bad pattern: %v", err)
	}
	_, err = s.Call("PutRule", map[string]any{"Name": "nightly", "ScheduleExpression": "rate(1 day)"})
	if err == nil || !errors.As(err, &ce) || ce.Code != "ValidationException" {
		t.Errorf("schedule: %v", err)
	}
}
