package dynamodb

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time: on a busy machine it
// moves far less than the wall clock, so the benchmarks report it too
// (cpu-ns/op) beside ns/op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkPutGetRoundTrip is the Go side of the bar (a PutItem +
// GetItem round trip from a warm Node.js handler in at most 20 µs): one
// PutItem and one GetItem through Call with the input maps a shim builds
// from a typical small item.
func BenchmarkPutGetRoundTrip(b *testing.B) {
	s := newTestService(b)
	put := map[string]any{
		"TableName": "items",
		"Item": map[string]any{
			"id":       map[string]any{"S": "order-123"},
			"customer": map[string]any{"S": "alice"},
			"total":    map[string]any{"N": "42.50"},
			"paid":     map[string]any{"BOOL": true},
			"lines":    map[string]any{"L": []any{map[string]any{"M": map[string]any{"sku": map[string]any{"S": "A1"}, "qty": map[string]any{"N": "2"}}}}},
		},
	}
	get := map[string]any{"TableName": "items", "Key": map[string]any{"id": map[string]any{"S": "order-123"}}}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	defer reportCPU(b, start)
	for i := 0; i < b.N; i++ {
		if _, err := s.Call("PutItem", put); err != nil {
			b.Fatal(err)
		}
		out, err := s.Call("GetItem", get)
		if err != nil || out["Item"] == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConditionalUpdate: an UpdateItem with a ConditionExpression and
// ReturnValues, the expression parsed on every call as DynamoDB does.
func BenchmarkConditionalUpdate(b *testing.B) {
	s := newTestService(b)
	if _, err := s.Call("PutItem", map[string]any{"TableName": "items", "Item": map[string]any{"id": map[string]any{"S": "c"}, "n": map[string]any{"N": "0"}}}); err != nil {
		b.Fatal(err)
	}
	upd := map[string]any{
		"TableName":                 "items",
		"Key":                       map[string]any{"id": map[string]any{"S": "c"}},
		"UpdateExpression":          "SET n = n + :one, #u = :who",
		"ConditionExpression":       "attribute_exists(id) AND n >= :zero",
		"ExpressionAttributeNames":  map[string]any{"#u": "user"},
		"ExpressionAttributeValues": map[string]any{":one": map[string]any{"N": "1"}, ":zero": map[string]any{"N": "0"}, ":who": map[string]any{"S": "bob"}},
		"ReturnValues":              "UPDATED_NEW",
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	defer reportCPU(b, start)
	for i := 0; i < b.N; i++ {
		if _, err := s.Call("UpdateItem", upd); err != nil {
			b.Fatal(err)
		}
	}
}
