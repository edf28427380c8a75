package dynamodb

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

func newTestService(t testing.TB) *Service {
	t.Helper()
	s := New(&fixedClock{time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}, "us-east-1", "123456789012")
	must(t, s.CreateTable(TableSpec{Name: "items", PartitionKey: "id", PartitionKeyType: "S"}))
	must(t, s.CreateTable(TableSpec{Name: "events", PartitionKey: "pk", PartitionKeyType: "S", SortKey: "sk", SortKeyType: "N"}))
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// call runs op with input written as JSON (binary as base64).
func call(t testing.TB, s *Service, op, input string) (map[string]any, error) {
	t.Helper()
	var in map[string]any
	if err := json.Unmarshal([]byte(input), &in); err != nil {
		t.Fatalf("bad test input %s: %v", input, err)
	}
	return s.Call(op, in)
}

func mustCall(t testing.TB, s *Service, op, input string) map[string]any {
	t.Helper()
	out, err := call(t, s, op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", op, input, err)
	}
	return out
}

func errString(err error) string {
	var ce *cloud.Error
	if errors.As(err, &ce) {
		return ce.Code + ": " + ce.Message
	}
	if err == nil {
		return "<nil>"
	}
	return "not a *cloud.Error: " + err.Error()
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
