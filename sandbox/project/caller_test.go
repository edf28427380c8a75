package project

import (
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// The caller acts as the function's role: the example's place-order may
// put items in Orders but not delete them; thumbnail has no policy.
func TestCallerActsAsTheFunctionsRole(t *testing.T) {
	p, err := Load("testdata/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	clock := &cloud.VirtualClock{}
	a, err := p.Build(clock, "us-east-1", "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	po, _ := p.Function("place-order")
	call := Caller(a, po, clock)
	item := map[string]any{"id": map[string]any{"S": "o-1"}, "createdAt": map[string]any{"N": "1"}}
	if _, err := call(nil, "dynamodb", "PutItem", map[string]any{"TableName": "Orders", "Item": item}); err != nil {
		t.Fatalf("PutItem as place-order: %v", err)
	}
	_, err = call(nil, "dynamodb", "DeleteItem", map[string]any{"TableName": "Orders", "Key": item})
	if err == nil || !strings.Contains(err.Error(), "assumed-role/place-order-role/place-order is not authorized to perform: dynamodb:DeleteItem") {
		t.Errorf("DeleteItem as place-order: %v", err)
	}
	th, _ := p.Function("thumbnail")
	if _, err := Caller(a, th, clock)(nil, "s3", "ListBuckets", nil); err == nil || !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("a function without a policy listed buckets: %v", err)
	}
	if _, ok := p.Function("nope"); ok {
		t.Error("found a function that is not declared")
	}
}
