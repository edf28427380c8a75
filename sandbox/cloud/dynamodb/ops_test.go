package dynamodb

import (
	"errors"
	"fmt"
	"go/parser"
	gotoken "go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html
func TestPutThenGetReturnsTheItem(t *testing.T) {
	s := newTestService(t)
	mustCall(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"1"},"n":{"N":"01.50"},"b":{"B":"AQID"},
		"l":{"L":[{"BOOL":false},{"NULL":true}]},"m":{"M":{"k":{"SS":["x","y"]}}},"ns":{"NS":["2","10"]},"e":{"S":""}}}`)
	out := mustCall(t, s, "GetItem", `{"TableName":"items","Key":{"id":{"S":"1"}}}`)
	got := toJSON(out)
	want := `{"Item":{"b":{"B":"AQID"},"e":{"S":""},"id":{"S":"1"},"l":{"L":[{"BOOL":false},{"NULL":true}]},"m":{"M":{"k":{"SS":["x","y"]}}},"n":{"N":"1.5"},"ns":{"NS":["2","10"]}}}`
	if got != want {
		t.Fatalf("GetItem:\n got  %s\n want %s", got, want)
	}
	if _, ok := out["Item"].(map[string]any)["b"].(map[string]any)["B"].([]byte); !ok {
		t.Errorf("B should come back as []byte for the shims")
	}
	if out := mustCall(t, s, "GetItem", `{"TableName":"items","Key":{"id":{"S":"2"}}}`); len(out) != 0 {
		t.Errorf("GetItem of a missing item: got %s, want {} (no Item member)", toJSON(out))
	}
}

func TestErrorsAreAWSs(t *testing.T) {
	s := newTestService(t)
	mustCall(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"1"}}}`)
	cases := []struct{ op, in, want string }{
		// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
		{"PutItem", `{"TableName":"nope","Item":{"id":{"S":"1"}}}`, "ResourceNotFoundException: Requested resource not found"},
		{"GetItem", `{"TableName":"nope","Key":{"id":{"S":"1"}}}`, "ResourceNotFoundException: Requested resource not found"},
		{"DescribeTable", `{"TableName":"nope"}`, "ResourceNotFoundException: Requested resource not found: Table: nope not found"},
		// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#API_PutItem_Errors
		{"PutItem", `{"TableName":"items","Item":{"x":{"S":"1"}}}`, "ValidationException: One or more parameter values were invalid: Missing the key id in the item"},
		{"PutItem", `{"TableName":"items","Item":{"id":{"N":"1"}}}`, "ValidationException: One or more parameter values were invalid: Type mismatch for key id expected: S actual: N"},
		{"PutItem", `{"TableName":"items","Item":{"id":{"S":""}}}`, "ValidationException: One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id"},
		{"PutItem", `{"TableName":"items","Item":{"id":{"S":"1"},"s":{"SS":[]}}}`, "ValidationException: One or more parameter values were invalid: An string set  may not be empty"},
		{"PutItem", `{"TableName":"items","Item":{"id":{"S":"1"},"s":{"SS":["a","a"]}}}`, "ValidationException: One or more parameter values were invalid: Input collection [a, a] contains duplicates."},
		{"PutItem", `{"TableName":"items","Item":{"id":{"S":"1"}},"ReturnValues":"ALL_NEW"}`, "ValidationException: ReturnValues can only be ALL_OLD or NONE"},
		{"GetItem", `{"TableName":"items","Key":{"id":{"N":"1"}}}`, "ValidationException: The provided key element does not match the schema"},
		{"GetItem", `{"TableName":"items","Key":{"id":{"S":"1"},"x":{"S":"1"}}}`, "ValidationException: The provided key element does not match the schema"},
		{"DeleteItem", `{"TableName":"items","Key":{"other":{"S":"1"}}}`, "ValidationException: The provided key element does not match the schema"},
		// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
		// (wording seen in https://github.com/little-bear-labs/aws-utils/pull/81)
		{"Query", `{"TableName":"items","KeyConditionExpression":"id = :v","ExpressionAttributeNames":{},"ExpressionAttributeValues":{":v":{"S":"1"}}}`, "ValidationException: ExpressionAttributeNames must not be empty"},
		{"GetItem", `{"TableName":"items"}`, "ValidationException: 1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null"},
		// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
		{"PutItem", `{"TableName":"items","Item":{"id":{"S":"1"},"n":{"N":"1E-131"}}}`, "ValidationException: Number underflow. Attempting to store a number with magnitude smaller than supported range"},
		{"PutItem", `{"TableName":"items","Item":{"id":{"S":"1"},"n":{"N":"123456789012345678901234567890123456789"}}}`, "ValidationException: Attempting to store more than 38 significant digits in a Number"},
		// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
		{"DeleteItem", `{"TableName":"items","Key":{"id":{"S":"1"}},"ConditionExpression":"attribute_exists(gone)"}`, "ConditionalCheckFailedException: The conditional request failed"},
		{"PutItem", `{"TableName":"items","Item":{"id":{"S":"1"}},"Expected":{"id":{"Exists":false}}}`, "ValidationException: the tutor's in-process DynamoDB does not support the legacy parameter Expected: use the expression parameters (ConditionExpression, UpdateExpression, KeyConditionExpression, FilterExpression, ProjectionExpression) instead"},
		{"CreateBackup", `{}`, `UnknownOperationException: the tutor's in-process DynamoDB does not offer the operation "CreateBackup": it offers PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem, TransactWriteItems, DescribeTable and ListTables`},
	}
	for _, c := range cases {
		_, err := call(t, s, c.op, c.in)
		if got := errString(err); got != c.want {
			t.Errorf("%s %s:\n got  %s\n want %s", c.op, c.in, got, c.want)
		}
		var ce *cloud.Error
		if errors.As(err, &ce) && ce.Status != 400 {
			t.Errorf("%s: status %d, want 400", c.op, ce.Status)
		}
	}
}

// A conditional put makes a payment idempotent: the second attempt with the
// same id fails and changes nothing.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html#Expressions.ConditionExpressions.PreventingOverwrites
func TestConditionalPutForIdempotency(t *testing.T) {
	s := newTestService(t)
	put := `{"TableName":"items","Item":{"id":{"S":"pay-1"},"amount":{"N":"%s"}},"ConditionExpression":"attribute_not_exists(id)","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}`
	mustCall(t, s, "PutItem", fmt.Sprintf(put, "10"))
	_, err := call(t, s, "PutItem", fmt.Sprintf(put, "99"))
	if got := errString(err); got != "ConditionalCheckFailedException: The conditional request failed" {
		t.Fatalf("second put: %s", got)
	}
	var de *DetailedError
	if !errors.As(err, &de) || toJSON(de.Fields["Item"]) != `{"amount":{"N":"10"},"id":{"S":"pay-1"}}` {
		t.Errorf("ReturnValuesOnConditionCheckFailure=ALL_OLD should carry the item: %#v", err)
	}
	out := mustCall(t, s, "GetItem", `{"TableName":"items","Key":{"id":{"S":"pay-1"}}}`)
	if toJSON(out["Item"]) != `{"amount":{"N":"10"},"id":{"S":"pay-1"}}` {
		t.Errorf("the first payment must stay: %s", toJSON(out))
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValues
func TestUpdateReturnValues(t *testing.T) {
	s := newTestService(t)
	mustCall(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"1"},"a":{"N":"1"},"b":{"S":"keep"}}}`)
	upd := `{"TableName":"items","Key":{"id":{"S":"1"}},"UpdateExpression":"SET a = a + :one","ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"%s"}`
	for _, c := range []struct{ rv, want string }{
		{"UPDATED_OLD", `{"Attributes":{"a":{"N":"1"}}}`},
		{"UPDATED_NEW", `{"Attributes":{"a":{"N":"3"}}}`},
		{"ALL_OLD", `{"Attributes":{"a":{"N":"3"},"b":{"S":"keep"},"id":{"S":"1"}}}`},
		{"ALL_NEW", `{"Attributes":{"a":{"N":"5"},"b":{"S":"keep"},"id":{"S":"1"}}}`},
		{"NONE", `{}`},
	} {
		if got := toJSON(mustCall(t, s, "UpdateItem", fmt.Sprintf(upd, c.rv))); got != c.want {
			t.Errorf("ReturnValues %s: got %s, want %s", c.rv, got, c.want)
		}
	}
	// UpdateItem on a missing item creates it (with its key).
	got := toJSON(mustCall(t, s, "UpdateItem", `{"TableName":"items","Key":{"id":{"S":"new"}},"UpdateExpression":"ADD visits :one","ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"ALL_NEW"}`))
	if got != `{"Attributes":{"id":{"S":"new"},"visits":{"N":"1"}}}` {
		t.Errorf("upsert: %s", got)
	}
}

func putEvents(t *testing.T, s *Service, pk string, n int) {
	for i := 1; i <= n; i++ {
		mustCall(t, s, "PutItem", fmt.Sprintf(`{"TableName":"events","Item":{"pk":{"S":%q},"sk":{"N":"%d"},"odd":{"BOOL":%v}}}`, pk, i, i%2 == 1))
	}
}

// Query pages follow Limit and LastEvaluatedKey; numbers sort numerically
// (10 after 9).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
func TestQueryPagination(t *testing.T) {
	s := newTestService(t)
	putEvents(t, s, "a", 25)
	putEvents(t, s, "b", 3)
	for _, forward := range []bool{true, false} {
		var got []string
		var start any
		pages := 0
		for {
			in := map[string]any{"TableName": "events", "KeyConditionExpression": "pk = :a", "Limit": 10.0,
				"ExpressionAttributeValues": map[string]any{":a": map[string]any{"S": "a"}}, "ScanIndexForward": forward}
			if start != nil {
				in["ExclusiveStartKey"] = start
			}
			out, err := s.Call("Query", in)
			must(t, err)
			pages++
			for _, it := range out["Items"].([]any) {
				got = append(got, it.(map[string]any)["sk"].(map[string]any)["N"].(string))
			}
			if out["ScannedCount"].(int) != len(out["Items"].([]any)) {
				t.Errorf("ScannedCount %v, Count %v", out["ScannedCount"], out["Count"])
			}
			start = out["LastEvaluatedKey"]
			if start == nil {
				break
			}
		}
		want := make([]string, 25)
		for i := range want {
			n := i + 1
			if !forward {
				n = 25 - i
			}
			want[i] = strconv.Itoa(n)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") || pages != 3 {
			t.Errorf("forward=%v: %d pages, got %v", forward, pages, got)
		}
	}
	// A filter applies after Limit: Count counts matches, ScannedCount what was read.
	out := mustCall(t, s, "Query", `{"TableName":"events","KeyConditionExpression":"pk = :a","FilterExpression":"odd = :t","Limit":4,
		"ExpressionAttributeValues":{":a":{"S":"a"},":t":{"BOOL":true}}}`)
	if out["Count"].(int) != 2 || out["ScannedCount"].(int) != 4 || toJSON(out["LastEvaluatedKey"]) != `{"pk":{"S":"a"},"sk":{"N":"4"}}` {
		t.Errorf("filter with limit: %s", toJSON(out))
	}
	out = mustCall(t, s, "Query", `{"TableName":"events","KeyConditionExpression":"pk = :a","Select":"COUNT","ExpressionAttributeValues":{":a":{"S":"a"}}}`)
	if _, has := out["Items"]; has || out["Count"].(int) != 25 {
		t.Errorf("Select COUNT: %s", toJSON(out))
	}
	_, err := call(t, s, "Query", `{"TableName":"events","KeyConditionExpression":"pk = :a","Limit":0,"ExpressionAttributeValues":{":a":{"S":"a"}}}`)
	if got := errString(err); got != "ValidationException: 1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1" {
		t.Errorf("Limit 0: %s", got)
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.Pagination
func TestScanPaginationVisitsEveryItemOnce(t *testing.T) {
	s := newTestService(t)
	putEvents(t, s, "a", 7)
	putEvents(t, s, "b", 5)
	putEvents(t, s, "c", 1)
	seen := map[string]bool{}
	var start any
	for page := 0; page < 20; page++ {
		in := map[string]any{"TableName": "events", "Limit": 4}
		if start != nil {
			in["ExclusiveStartKey"] = start
		}
		out, err := s.Call("Scan", in)
		must(t, err)
		for _, it := range out["Items"].([]any) {
			k := toJSON(it.(map[string]any)["pk"]) + toJSON(it.(map[string]any)["sk"])
			if seen[k] {
				t.Fatalf("item %s seen twice", k)
			}
			seen[k] = true
		}
		if start = out["LastEvaluatedKey"]; start == nil {
			break
		}
	}
	if len(seen) != 13 {
		t.Errorf("scan saw %d items, want 13", len(seen))
	}
	// Parallel scan segments partition the items.
	total := 0
	for seg := 0; seg < 3; seg++ {
		out := mustCall(t, s, "Scan", fmt.Sprintf(`{"TableName":"events","Segment":%d,"TotalSegments":3}`, seg))
		total += out["Count"].(int)
	}
	if total != 13 {
		t.Errorf("segments saw %d items, want 13", total)
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
func TestBatchWriteAndGet(t *testing.T) {
	s := newTestService(t)
	mustCall(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"old"}}}`)
	out := mustCall(t, s, "BatchWriteItem", `{"RequestItems":{"items":[
		{"PutRequest":{"Item":{"id":{"S":"1"},"v":{"N":"1"}}}},
		{"PutRequest":{"Item":{"id":{"S":"2"},"v":{"N":"2"}}}},
		{"DeleteRequest":{"Key":{"id":{"S":"old"}}}}],
		"events":[{"PutRequest":{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}}]}}`)
	if toJSON(out) != `{"UnprocessedItems":{}}` {
		t.Errorf("BatchWriteItem: %s", toJSON(out))
	}
	out = mustCall(t, s, "BatchGetItem", `{"RequestItems":{"items":{"Keys":[{"id":{"S":"1"}},{"id":{"S":"2"}},{"id":{"S":"old"}}],"ProjectionExpression":"v"},
		"events":{"Keys":[{"pk":{"S":"a"},"sk":{"N":"1"}}]}}}`)
	if got := toJSON(out); got != `{"Responses":{"events":[{"pk":{"S":"a"},"sk":{"N":"1"}}],"items":[{"v":{"N":"1"}},{"v":{"N":"2"}}]},"UnprocessedKeys":{}}` {
		t.Errorf("BatchGetItem: %s", got)
	}
	_, err := call(t, s, "BatchWriteItem", `{"RequestItems":{"items":[{"PutRequest":{"Item":{"id":{"S":"1"}}}},{"DeleteRequest":{"Key":{"id":{"S":"1"}}}}]}}`)
	if got := errString(err); got != "ValidationException: Provided list of item keys contains duplicates" {
		t.Errorf("duplicate keys: %s", got)
	}
	var reqs []string
	for i := 0; i < 26; i++ {
		reqs = append(reqs, fmt.Sprintf(`{"PutRequest":{"Item":{"id":{"S":"k%d"}}}}`, i))
	}
	_, err = call(t, s, "BatchWriteItem", `{"RequestItems":{"items":[`+strings.Join(reqs, ",")+`]}}`)
	if got := errString(err); !strings.HasPrefix(got, "ValidationException: 1 validation error detected") || !strings.Contains(got, "less than or equal to 25") {
		t.Errorf("26 writes: %s", got)
	}
	if out := mustCall(t, s, "GetItem", `{"TableName":"items","Key":{"id":{"S":"k0"}}}`); len(out) != 0 {
		t.Errorf("a rejected batch must write nothing")
	}
}

// All or nothing, with one CancellationReason per action.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
func TestTransactWriteItems(t *testing.T) {
	s := newTestService(t)
	mustCall(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"acct-a"},"balance":{"N":"100"}}}`)
	mustCall(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"acct-b"},"balance":{"N":"0"}}}`)
	transfer := `{"TransactItems":[
		{"Update":{"TableName":"items","Key":{"id":{"S":"acct-a"}},"UpdateExpression":"SET balance = balance - :amt","ConditionExpression":"balance >= :amt","ExpressionAttributeValues":{":amt":{"N":"%d"}}}},
		{"Update":{"TableName":"items","Key":{"id":{"S":"acct-b"}},"UpdateExpression":"SET balance = balance + :amt","ExpressionAttributeValues":{":amt":{"N":"%d"}}}},
		{"Put":{"TableName":"items","Item":{"id":{"S":"tx-%d"}},"ConditionExpression":"attribute_not_exists(id)"}}]}`
	if out := mustCall(t, s, "TransactWriteItems", fmt.Sprintf(transfer, 60, 60, 1)); toJSON(out) != `{}` {
		t.Errorf("TransactWriteItems: %s", toJSON(out))
	}
	_, err := call(t, s, "TransactWriteItems", fmt.Sprintf(transfer, 60, 60, 2))
	if got := errString(err); got != "TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None]" {
		t.Fatalf("overdraft: %s", got)
	}
	var de *DetailedError
	if !errors.As(err, &de) || toJSON(de.Fields["CancellationReasons"]) != `[{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"},{"Code":"None"},{"Code":"None"}]` {
		t.Errorf("CancellationReasons: %#v", err)
	}
	for id, want := range map[string]string{"acct-a": "40", "acct-b": "60"} {
		out := mustCall(t, s, "GetItem", `{"TableName":"items","Key":{"id":{"S":"`+id+`"}}}`)
		if got := out["Item"].(map[string]any)["balance"].(map[string]any)["N"]; got != want {
			t.Errorf("%s balance %v, want %s (a cancelled transaction writes nothing)", id, got, want)
		}
	}
	if out := mustCall(t, s, "GetItem", `{"TableName":"items","Key":{"id":{"S":"tx-2"}}}`); len(out) != 0 {
		t.Errorf("the cancelled transaction's put was written")
	}
	_, err = call(t, s, "TransactWriteItems", `{"TransactItems":[
		{"ConditionCheck":{"TableName":"items","Key":{"id":{"S":"acct-a"}},"ConditionExpression":"attribute_exists(id)"}},
		{"Delete":{"TableName":"items","Key":{"id":{"S":"acct-a"}}}}]}`)
	if got := errString(err); got != "ValidationException: Transaction request cannot include multiple operations on one item" {
		t.Errorf("two actions on one item: %s", got)
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items
func TestItemSizeLimit(t *testing.T) {
	s := newTestService(t)
	// "id" + "1" + "data" = 7 bytes of names and key, the rest is the string.
	fits := strings.Repeat("x", 400*1024-7)
	mustCall(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"1"},"data":{"S":"`+fits+`"}}}`)
	_, err := call(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"1"},"data":{"S":"`+fits+`x"}}}`)
	if got := errString(err); got != "ValidationException: Item size has exceeded the maximum allowed size" {
		t.Errorf("401 KB put: %s", got)
	}
	_, err = call(t, s, "UpdateItem", `{"TableName":"items","Key":{"id":{"S":"1"}},"UpdateExpression":"SET more = :x","ExpressionAttributeValues":{":x":{"S":"y"}}}`)
	if got := errString(err); got != "ValidationException: Item size to update has exceeded the maximum allowed size" {
		t.Errorf("update past 400 KB: %s", got)
	}
	// Sizes of the other types, from the same page.
	for _, c := range []struct {
		v    string
		want int
	}{
		{`{"N":"12345"}`, 4}, {`{"N":"-0.001"}`, 2}, {`{"BOOL":true}`, 1}, {`{"NULL":true}`, 1},
		{`{"L":[{"S":"ab"},{"N":"1"}]}`, 3 + 1 + 2 + 1 + 2}, {`{"M":{"k":{"S":"v"}}}`, 3 + 1 + 1 + 1},
		{`{"SS":["a","bc"]}`, 3}, {`{"S":"é"}`, 2},
	} {
		var in map[string]any
		must(t, jsonUnmarshal(c.v, &in))
		a, err := decodeAV(in)
		must(t, err)
		if got := valueSize(a); got != c.want {
			t.Errorf("size of %s = %d, want %d", c.v, got, c.want)
		}
	}
}

// Stream records carry the images the StreamViewType asks for.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
// https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
func TestStreamRecords(t *testing.T) {
	clock := &fixedClock{time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}
	s := New(clock, "eu-west-1", "123456789012")
	must(t, s.CreateTable(TableSpec{Name: "orders", PartitionKey: "id", PartitionKeyType: "S", StreamViewType: "NEW_AND_OLD_IMAGES"}))
	must(t, s.CreateTable(TableSpec{Name: "keysonly", PartitionKey: "id", PartitionKeyType: "S", StreamViewType: "KEYS_ONLY"}))
	must(t, s.CreateTable(TableSpec{Name: "nostream", PartitionKey: "id", PartitionKeyType: "S"}))
	var recs []Record
	s.OnStreamRecord(func(r Record) {
		recs = append(recs, r)
		// a hook may read the table (a trigger's handler would)
		if _, err := s.Call("GetItem", map[string]any{"TableName": r.TableName, "Key": r.Keys}); err != nil {
			t.Errorf("hook GetItem: %v", err)
		}
	})
	mustCall(t, s, "PutItem", `{"TableName":"orders","Item":{"id":{"S":"o1"},"state":{"S":"new"}}}`)
	clock.t = clock.t.Add(time.Minute)
	mustCall(t, s, "UpdateItem", `{"TableName":"orders","Key":{"id":{"S":"o1"}},"UpdateExpression":"SET #s = :p","ExpressionAttributeNames":{"#s":"state"},"ExpressionAttributeValues":{":p":{"S":"paid"}}}`)
	mustCall(t, s, "PutItem", `{"TableName":"orders","Item":{"id":{"S":"o1"},"state":{"S":"paid"}}}`) // no change: no record
	mustCall(t, s, "DeleteItem", `{"TableName":"orders","Key":{"id":{"S":"o1"}}}`)
	mustCall(t, s, "DeleteItem", `{"TableName":"orders","Key":{"id":{"S":"o1"}}}`) // nothing deleted: no record
	mustCall(t, s, "PutItem", `{"TableName":"keysonly","Item":{"id":{"S":"k"},"x":{"N":"1"}}}`)
	mustCall(t, s, "PutItem", `{"TableName":"nostream","Item":{"id":{"S":"k"}}}`)
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4: %+v", len(recs), recs)
	}
	wantNames := []string{"INSERT", "MODIFY", "REMOVE", "INSERT"}
	for i, r := range recs {
		if r.EventName != wantNames[i] {
			t.Errorf("record %d is %s, want %s", i, r.EventName, wantNames[i])
		}
		if i > 0 && r.SequenceNumber <= recs[i-1].SequenceNumber {
			t.Errorf("sequence numbers must increase: %s then %s", recs[i-1].SequenceNumber, r.SequenceNumber)
		}
	}
	ins := recs[0].Event()
	d := ins["dynamodb"].(map[string]any)
	if ins["eventSource"] != "aws:dynamodb" || ins["awsRegion"] != "eu-west-1" || ins["eventVersion"] != "1.1" ||
		ins["eventSourceARN"] != "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-12-03T12:00:00.000" ||
		toJSON(d["Keys"]) != `{"id":{"S":"o1"}}` || toJSON(d["NewImage"]) != `{"id":{"S":"o1"},"state":{"S":"new"}}` ||
		d["OldImage"] != nil || d["StreamViewType"] != "NEW_AND_OLD_IMAGES" || d["ApproximateCreationDateTime"] != float64(clock.t.Add(-time.Minute).Unix()) {
		t.Errorf("INSERT record: %s", toJSON(ins))
	}
	// Keys (id, o1) + NewImage (id, o1, state, new): our reading of "the size of the stream record".
	if d["SizeBytes"].(int) != (2+2)+(2+2+5+3) {
		t.Errorf("SizeBytes %v", d["SizeBytes"])
	}
	mod := recs[1].Event()["dynamodb"].(map[string]any)
	if toJSON(mod["OldImage"]) != `{"id":{"S":"o1"},"state":{"S":"new"}}` || toJSON(mod["NewImage"]) != `{"id":{"S":"o1"},"state":{"S":"paid"}}` ||
		mod["ApproximateCreationDateTime"] != float64(clock.t.Unix()) {
		t.Errorf("MODIFY record: %s", toJSON(mod))
	}
	rem := recs[2].Event()["dynamodb"].(map[string]any)
	if rem["NewImage"] != nil || toJSON(rem["OldImage"]) != `{"id":{"S":"o1"},"state":{"S":"paid"}}` {
		t.Errorf("REMOVE record: %s", toJSON(rem))
	}
	ko := recs[3].Event()["dynamodb"].(map[string]any)
	if ko["NewImage"] != nil || ko["OldImage"] != nil || toJSON(ko["Keys"]) != `{"id":{"S":"k"}}` {
		t.Errorf("KEYS_ONLY record: %s", toJSON(ko))
	}
	desc := mustCall(t, s, "DescribeTable", `{"TableName":"orders"}`)["Table"].(map[string]any)
	if desc["LatestStreamArn"] != recs[0].EventSourceARN || toJSON(desc["StreamSpecification"]) != `{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}` {
		t.Errorf("DescribeTable stream: %s", toJSON(desc))
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
func TestListAndDescribeTables(t *testing.T) {
	s := newTestService(t)
	must(t, s.CreateTable(TableSpec{Name: "zeta", PartitionKey: "id", PartitionKeyType: "B"}))
	out := mustCall(t, s, "ListTables", `{"Limit":2}`)
	if toJSON(out) != `{"LastEvaluatedTableName":"items","TableNames":["events","items"]}` {
		t.Errorf("ListTables page 1: %s", toJSON(out))
	}
	out = mustCall(t, s, "ListTables", `{"ExclusiveStartTableName":"items"}`)
	if toJSON(out) != `{"TableNames":["zeta"]}` {
		t.Errorf("ListTables page 2: %s", toJSON(out))
	}
	mustCall(t, s, "PutItem", `{"TableName":"events","Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}`)
	d := mustCall(t, s, "DescribeTable", `{"TableName":"events"}`)["Table"].(map[string]any)
	if toJSON(d["KeySchema"]) != `[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]` ||
		d["ItemCount"] != 1 || d["TableSizeBytes"] != 2+1+2+2 || d["TableStatus"] != "ACTIVE" ||
		d["TableArn"] != "arn:aws:dynamodb:us-east-1:123456789012:table/events" {
		t.Errorf("DescribeTable: %s", toJSON(d))
	}
	if err := s.CreateTable(TableSpec{Name: "zeta", PartitionKey: "id", PartitionKeyType: "S"}); errString(err) != "ResourceInUseException: Table already exists: zeta" {
		t.Errorf("duplicate table: %s", errString(err))
	}
}

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
func TestNumbers(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0", "0"}, {"-0", "0"}, {"0.000", "0"}, {"007", "7"}, {"1.10", "1.1"}, {"-1e-3", "-0.001"}, {"1E+2", "100"},
		{".5", "0.5"}, {"5.", "5"}, {"9.9999999999999999999999999999999999999E+125", "99999999999999999999999999999999999999" + strings.Repeat("0", 88)},
		{"1E-130", "0." + strings.Repeat("0", 129) + "1"},
	} {
		got, err := canonicalNumber(c.in)
		if err != nil || got != c.want {
			t.Errorf("canonical(%s) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "abc", "1e", "--1", "1.2.3", "0x10", "NaN", "Infinity"} {
		if _, err := canonicalNumber(bad); errString(err) != "ValidationException: The parameter cannot be converted to a numeric value: "+bad {
			t.Errorf("canonical(%q): %s", bad, errString(err))
		}
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"10", "9", 1}, {"-10", "-9", -1}, {"1.5", "1.50", 0}, {"0.1", "0.10000000000000000000000000000000000001", -1}, {"-1", "0", -1}} {
		if got := compareNumbers(mustCanon(t, c.a), mustCanon(t, c.b)); got != c.want {
			t.Errorf("compare(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func mustCanon(t *testing.T, s string) string {
	c, err := canonicalNumber(s)
	must(t, err)
	return c
}

// The in-process services never touch the network: this package imports
// nothing that can dial.
func TestNoNetworkImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	must(t, err)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		must(t, err)
		af, err := parser.ParseFile(gotoken.NewFileSet(), f, src, parser.ImportsOnly)
		must(t, err)
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == "net" || strings.HasPrefix(p, "net/") || p == "os/exec" || p == "syscall" {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}

// begins_with and BETWEEN on a string sort key, names for the key attributes.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
func TestQueryOnAStringSortKey(t *testing.T) {
	s := newTestService(t)
	must(t, s.CreateTable(TableSpec{Name: "threads", PartitionKey: "forum", PartitionKeyType: "S", SortKey: "subject", SortKeyType: "S"}))
	for _, sub := range []string{"apple", "apricot", "banana", "Zebra", "ap"} {
		mustCall(t, s, "PutItem", `{"TableName":"threads","Item":{"forum":{"S":"f"},"subject":{"S":"`+sub+`"}}}`)
	}
	subjects := func(out map[string]any) string {
		var l []string
		for _, it := range out["Items"].([]any) {
			l = append(l, it.(map[string]any)["subject"].(map[string]any)["S"].(string))
		}
		return strings.Join(l, ",")
	}
	out := mustCall(t, s, "Query", `{"TableName":"threads","KeyConditionExpression":"#f = :f AND begins_with(#s, :p)","ExpressionAttributeNames":{"#f":"forum","#s":"subject"},"ExpressionAttributeValues":{":f":{"S":"f"},":p":{"S":"ap"}}}`)
	if got := subjects(out); got != "ap,apple,apricot" {
		t.Errorf("begins_with: %s", got)
	}
	// UTF-8 byte order: upper case sorts before lower case.
	out = mustCall(t, s, "Query", `{"TableName":"threads","KeyConditionExpression":"forum = :f AND subject BETWEEN :a AND :b","ExpressionAttributeValues":{":f":{"S":"f"},":a":{"S":"A"},":b":{"S":"apple"}}}`)
	if got := subjects(out); got != "Zebra,ap,apple" {
		t.Errorf("BETWEEN: %s", got)
	}
	_, err := call(t, s, "Query", `{"TableName":"threads","KeyConditionExpression":"forum = :f","ExclusiveStartKey":{"forum":{"S":"other"},"subject":{"S":"x"}},"ExpressionAttributeValues":{":f":{"S":"f"}}}`)
	if got := errString(err); got != "ValidationException: The provided starting key is invalid: The provided key element does not match the schema" {
		t.Errorf("start key of another partition: %s", got)
	}
	_, err = call(t, s, "Query", `{"TableName":"threads","IndexName":"bySubject","KeyConditionExpression":"forum = :f","ExpressionAttributeValues":{":f":{"S":"f"}}}`)
	if got := errString(err); got != "ValidationException: The table does not have the specified index: bySubject (the tutor's tables have no secondary indexes)" {
		t.Errorf("IndexName: %s", got)
	}
}

// What the tutor's Cloud pane and `cloud reset` will read: tables, items, reset.
func TestTablesItemsAndReset(t *testing.T) {
	s := newTestService(t)
	putEvents(t, s, "b", 2)
	putEvents(t, s, "a", 1)
	if got := strings.Join(s.Tables(), ","); got != "events,items" {
		t.Errorf("Tables: %s", got)
	}
	items, err := s.Items("events")
	must(t, err)
	if toJSON(items) != `[{"odd":{"BOOL":true},"pk":{"S":"a"},"sk":{"N":"1"}},{"odd":{"BOOL":true},"pk":{"S":"b"},"sk":{"N":"1"}},{"odd":{"BOOL":false},"pk":{"S":"b"},"sk":{"N":"2"}}]` {
		t.Errorf("Items: %s", toJSON(items))
	}
	if _, err := s.Items("nope"); errString(err) != "ResourceNotFoundException: Requested resource not found" {
		t.Errorf("Items of a missing table: %v", err)
	}
	s.Reset()
	items, err = s.Items("events")
	must(t, err)
	d := mustCall(t, s, "DescribeTable", `{"TableName":"events"}`)["Table"].(map[string]any)
	if len(items) != 0 || d["ItemCount"] != 0 || d["TableSizeBytes"] != 0 || strings.Join(s.Tables(), ",") != "events,items" {
		t.Errorf("after Reset: %d items, %v", len(items), toJSON(d))
	}
}

// Concurrent handlers share one service.
func TestConcurrentCalls(t *testing.T) {
	s := newTestService(t)
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			for i := 0; i < 50; i++ {
				if _, err := s.Call("UpdateItem", map[string]any{"TableName": "items", "Key": map[string]any{"id": map[string]any{"S": "counter"}},
					"UpdateExpression": "ADD n :one", "ExpressionAttributeValues": map[string]any{":one": map[string]any{"N": "1"}}}); err != nil {
					t.Error(err)
				}
			}
			done <- true
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	out := mustCall(t, s, "GetItem", `{"TableName":"items","Key":{"id":{"S":"counter"}}}`)
	if toJSON(out["Item"]) != `{"id":{"S":"counter"},"n":{"N":"200"}}` {
		t.Errorf("atomic counter: %s", toJSON(out))
	}
}

// "An item size becomes too large (larger than 400 KB) ... because of changes
// made by the transaction": the transaction is cancelled with a
// ValidationError reason.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors
func TestTransactionValidationErrorIsACancellationReason(t *testing.T) {
	s := newTestService(t)
	mustCall(t, s, "PutItem", `{"TableName":"items","Item":{"id":{"S":"a"},"s":{"S":"text"}}}`)
	_, err := call(t, s, "TransactWriteItems", `{"TransactItems":[
		{"Put":{"TableName":"items","Item":{"id":{"S":"b"}}}},
		{"Update":{"TableName":"items","Key":{"id":{"S":"a"}},"UpdateExpression":"ADD s :one","ExpressionAttributeValues":{":one":{"N":"1"}}}}]}`)
	if got := errString(err); got != "TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]" {
		t.Fatalf("got %s", got)
	}
	var de *DetailedError
	if !errors.As(err, &de) || toJSON(de.Fields["CancellationReasons"]) != `[{"Code":"None"},{"Code":"ValidationError","Message":"An operand in the update expression has an incorrect data type"}]` {
		t.Errorf("reasons: %#v", err)
	}
	if out := mustCall(t, s, "GetItem", `{"TableName":"items","Key":{"id":{"S":"b"}}}`); len(out) != 0 {
		t.Errorf("the cancelled transaction's put was written")
	}
	// UpdateItem checks its condition before the update's operand types.
	_, err = call(t, s, "UpdateItem", `{"TableName":"items","Key":{"id":{"S":"a"}},"UpdateExpression":"ADD s :one","ConditionExpression":"attribute_not_exists(id)","ExpressionAttributeValues":{":one":{"N":"1"}}}`)
	if got := errString(err); got != "ConditionalCheckFailedException: The conditional request failed" {
		t.Errorf("condition first: %s", got)
	}
}
