package account

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/iam"
)

type clock struct{}

func (clock) Now() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }

func principal(t *testing.T, policy string) Principal {
	t.Helper()
	p := Principal{Role: "orders-role", Function: "place-order"}
	if policy != "" {
		pol, err := iam.Parse([]byte(policy))
		if err != nil {
			t.Fatal(err)
		}
		p.Policy = pol
	}
	return p
}

func newAccount(t *testing.T) *Account {
	t.Helper()
	a := New(clock{}, "us-east-1", "123456789012")
	if err := a.DynamoDB.CreateTable(dynamodb.TableSpec{Name: "Orders", PartitionKey: "id", PartitionKeyType: "S"}); err != nil {
		t.Fatal(err)
	}
	if err := a.S3.CreateBucket("uploads"); err != nil {
		t.Fatal(err)
	}
	if err := a.SQS.CreateQueue("jobs", nil); err != nil {
		t.Fatal(err)
	}
	return a
}

func code(err error) string {
	var ce *cloud.Error
	if errors.As(err, &ce) {
		return fmt.Sprintf("%s %d", ce.Code, ce.Status)
	}
	return fmt.Sprint(err)
}

// Least privilege, as a learner meets it: the policy allows GetItem only,
// so PutItem fails as AWS words it, and adding the action fixes it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
func TestTheExecutionRoleIsChecked(t *testing.T) {
	a := newAccount(t)
	readOnly := principal(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}`)
	put := map[string]any{"TableName": "Orders", "Item": map[string]any{"id": map[string]any{"S": "o-1"}}}
	_, err := a.Call(readOnly, "dynamodb", "PutItem", put)
	want := "User: arn:aws:sts::123456789012:assumed-role/orders-role/place-order is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders because no identity-based policy allows the dynamodb:PutItem action"
	var ce *cloud.Error
	if !errors.As(err, &ce) || ce.Code != "AccessDeniedException" || ce.Message != want {
		t.Fatalf("PutItem with a read-only role: %v", err)
	}
	if items, _ := a.DynamoDB.Items("Orders"); len(items) != 0 {
		t.Fatalf("a refused PutItem wrote %v", items)
	}
	fixed := principal(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}`)
	if _, err := a.Call(fixed, "dynamodb", "PutItem", put); err != nil {
		t.Fatalf("PutItem once allowed: %v", err)
	}
	out, err := a.Call(fixed, "dynamodb", "GetItem", map[string]any{"TableName": "Orders", "Key": map[string]any{"id": map[string]any{"S": "o-1"}}})
	if err != nil || out["Item"] == nil {
		t.Fatalf("GetItem = %v, %v", out, err)
	}
	// No policy at all (the default role): nothing but logs, so nothing here.
	if _, err := a.Call(principal(t, ""), "dynamodb", "GetItem", map[string]any{"TableName": "Orders", "Key": map[string]any{"id": map[string]any{"S": "o-1"}}}); code(err) != "AccessDeniedException 400" {
		t.Errorf("no policy: %v", err)
	}
	// A query on an index needs the index's ARN.
	q := map[string]any{"TableName": "Orders", "IndexName": "ByCustomer", "KeyConditionExpression": "c = :c", "ExpressionAttributeValues": map[string]any{":c": map[string]any{"S": "x"}}}
	_, err = a.Call(principal(t, `{"Statement":[{"Effect":"Allow","Action":"dynamodb:Query","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}`), "dynamodb", "Query", q)
	if !strings.Contains(fmt.Sprint(err), "table/Orders/index/ByCustomer") {
		t.Errorf("index query authorized against %v", err)
	}
}

// GetObject of a missing key: 404 NoSuchKey for a caller allowed
// s3:ListBucket, 403 AccessDenied for anyone else.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
func TestS3HidesMissingKeysWithoutListBucket(t *testing.T) {
	a := newAccount(t)
	get := map[string]any{"Bucket": "uploads", "Key": "missing.txt"}
	getOnly := principal(t, `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::uploads/*"}]}`)
	if _, err := a.Call(getOnly, "s3", "GetObject", get); code(err) != "AccessDenied 403" {
		t.Errorf("without ListBucket: %v", err)
	}
	withList := principal(t, `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::uploads/*"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::uploads"}]}`)
	if _, err := a.Call(withList, "s3", "GetObject", get); code(err) != "NoSuchKey 404" {
		t.Errorf("with ListBucket: %v", err)
	}
	// CopyObject needs GetObject on the source and PutObject on the target.
	all := principal(t, `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::uploads/in/*"}]}`)
	if _, err := a.Call(all, "s3", "PutObject", map[string]any{"Bucket": "uploads", "Key": "in/a.txt", "Body": "x"}); err != nil {
		t.Fatal(err)
	}
	_, err := a.Call(all, "s3", "CopyObject", map[string]any{"Bucket": "uploads", "Key": "out/a.txt", "CopySource": "uploads/in/a.txt"})
	if !strings.Contains(fmt.Sprint(err), "s3:PutObject on resource: \"arn:aws:s3:::uploads/out/a.txt\"") {
		t.Errorf("copy to a key outside the policy: %v", err)
	}
}

// Batch calls are authorized as the action they batch; every call is
// counted and traced.
func TestBatchActionsCountsAndTrace(t *testing.T) {
	a := newAccount(t)
	var traces []Trace
	a.OnTrace(func(tr Trace) { traces = append(traces, tr) })
	send := principal(t, `{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:123456789012:jobs"}]}`)
	url := a.SQS.URL("jobs")
	if _, err := a.Call(send, "sqs", "SendMessageBatch", map[string]any{"QueueUrl": url, "Entries": []any{map[string]any{"Id": "1", "MessageBody": "x"}}}); err != nil {
		t.Fatalf("SendMessageBatch with sqs:SendMessage: %v", err)
	}
	if _, err := a.Call(send, "sqs", "ReceiveMessage", map[string]any{"QueueUrl": url}); code(err) != "AccessDeniedException 400" {
		t.Errorf("ReceiveMessage without permission: %v", err)
	}
	if got := a.Counts(); len(got) != 2 || got[0] != (Count{"sqs:ReceiveMessage", 1}) || got[1] != (Count{"sqs:SendMessageBatch", 1}) {
		t.Errorf("Counts = %v", got)
	}
	if len(traces) != 2 || traces[0].ErrorCode != "" || traces[1].ErrorCode != "AccessDeniedException" || traces[0].Denied || !traces[1].Denied || traces[0].Resources[0] != "arn:aws:sqs:us-east-1:123456789012:jobs" {
		t.Errorf("traces = %+v", traces)
	}
	_, err := a.Call(send, "kinesis", "PutRecord", nil)
	if err == nil || !strings.Contains(err.Error(), "the tutor's sandbox has no in-process kinesis") {
		t.Errorf("unknown service: %v", err)
	}
}

type fakeInvoker struct{ got string }

func (f *fakeInvoker) Invoke(fn, typ string, payload []byte) (int, []byte, string, error) {
	f.got = fn + " " + typ + " " + string(payload)
	if typ == "Event" {
		return 202, nil, "", nil
	}
	return 200, []byte(`{"ok":true}`), "", nil
}

// lambda:Invoke goes through the fleet's invoker with the SDK's shape.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
func TestLambdaInvoke(t *testing.T) {
	a := newAccount(t)
	p := principal(t, `{"Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:ship"}]}`)
	in := map[string]any{"FunctionName": "ship", "Payload": `{"id":1}`}
	if _, err := a.Call(p, "lambda", "Invoke", in); code(err) != "ResourceNotFoundException 404" {
		t.Errorf("no invoker: %v", err)
	}
	f := &fakeInvoker{}
	a.SetInvoker(f)
	out, err := a.Call(p, "lambda", "Invoke", in)
	if err != nil || out["StatusCode"] != 200 || string(out["Payload"].([]byte)) != `{"ok":true}` || f.got != `ship RequestResponse {"id":1}` {
		t.Errorf("Invoke = %v, %v (%s)", out, err, f.got)
	}
	out, err = a.Call(p, "lambda", "Invoke", map[string]any{"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:ship", "InvocationType": "Event"})
	if err != nil || out["StatusCode"] != 202 || out["Payload"] != nil {
		t.Errorf("async Invoke = %v, %v", out, err)
	}
	if _, err := a.Call(p, "lambda", "Invoke", map[string]any{"FunctionName": "other"}); code(err) != "AccessDeniedException 403" {
		t.Errorf("invoke of another function: %v", err)
	}
}

// The account's content survives a save and a restore into a new
// account; a broken document changes nothing.
func TestStateRoundTrip(t *testing.T) {
	a := newAccount(t)
	all := principal(t, `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	if _, err := a.Call(all, "dynamodb", "PutItem", map[string]any{"TableName": "Orders", "Item": map[string]any{"id": map[string]any{"S": "o-1"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Call(all, "s3", "PutObject", map[string]any{"Bucket": "uploads", "Key": "k", "Body": "v"}); err != nil {
		t.Fatal(err)
	}
	data, err := a.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	b := New(clock{}, "us-east-1", "123456789012")
	if err := b.UnmarshalState(data); err != nil {
		t.Fatal(err)
	}
	if items, _ := b.DynamoDB.Items("Orders"); len(items) != 1 {
		t.Errorf("items = %v", items)
	}
	if out, err := b.Call(all, "s3", "GetObject", map[string]any{"Bucket": "uploads", "Key": "k"}); err != nil || string(out["Body"].([]byte)) != "v" {
		t.Errorf("object = %v, %v", out, err)
	}
	broken := strings.Replace(string(data), `"s3":`, `"s3":{"buckets":[{"name":"Not Valid"}]},"x":`, 1)
	if err := b.UnmarshalState([]byte(broken)); err == nil {
		t.Error("a broken state was accepted")
	}
	if items, _ := b.DynamoDB.Items("Orders"); len(items) != 1 {
		t.Errorf("a refused state changed the items: %v", items)
	}
}

// Decisions are kept per policy, action and resource: repeating calls
// gives the same answers as the first evaluation, two principals with
// different policies on the same table are told apart, and a refusal
// still names the principal that made the call.
func TestKeptDecisionsMatchEvaluation(t *testing.T) {
	a := newAccount(t)
	if err := a.DynamoDB.CreateTable(dynamodb.TableSpec{Name: "Other", PartitionKey: "id", PartitionKeyType: "S"}); err != nil {
		t.Fatal(err)
	}
	reader := principal(t, `{"Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}]}`)
	writer := Principal{Role: "writer-role", Function: "audit", Policy: principal(t, `{"Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"},{"Effect":"Deny","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Other"}]}`).Policy}
	get := func(table string) map[string]any {
		return map[string]any{"TableName": table, "Key": map[string]any{"id": map[string]any{"S": "x"}}}
	}
	for round := 0; round < 3; round++ {
		for _, c := range []struct {
			p     Principal
			table string
			want  string // "" when allowed, else the end of the refusal
		}{
			{reader, "Orders", ""},
			{reader, "Other", "assumed-role/orders-role/place-order is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Other because no identity-based policy allows the dynamodb:GetItem action"},
			{writer, "Orders", ""},
			{writer, "Other", "assumed-role/writer-role/audit is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Other with an explicit deny in an identity-based policy"},
		} {
			_, err := a.Call(c.p, "dynamodb", "GetItem", get(c.table))
			switch {
			case c.want == "" && err != nil:
				t.Errorf("round %d: %s on %s refused: %v", round, c.p.Function, c.table, err)
			case c.want != "" && (err == nil || !strings.HasSuffix(err.Error(), c.want)):
				t.Errorf("round %d: %s on %s: %v, want ...%s", round, c.p.Function, c.table, err, c.want)
			}
			if got, want := a.decide(c.p.Policy, "dynamodb:GetItem", a.tableARN(c.table)), c.p.Policy.Evaluate("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/"+c.table); got != want {
				t.Errorf("kept decision %v, evaluation %v", got, want)
			}
		}
	}
	if got := a.Counts(); len(got) != 1 || got[0] != (Count{"dynamodb:GetItem", 12}) {
		t.Errorf("Counts = %v", got)
	}
}
