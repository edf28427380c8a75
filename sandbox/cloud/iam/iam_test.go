package iam

import (
	"strings"
	"testing"
)

const (
	acct  = "123456789012"
	table = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"
)

func mustParse(t *testing.T, doc string) *Policy {
	t.Helper()
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse(%s): %v", doc, err)
	}
	return p
}

func allow(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":` + action + `,"Resource":` + resource + `}]}`
}

// Evaluation as the IAM User Guide describes it:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// (default deny, explicit deny wins),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// (case-insensitive actions, wildcards, NotAction) and
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// (wildcards within ARN segments; a trailing * crosses colons).
func TestEvaluate(t *testing.T) {
	cases := []struct {
		name     string
		policy   string
		action   string
		resource string
		want     Decision
	}{
		{"exact action and resource", allow(`"dynamodb:PutItem"`, `"`+table+`"`), "dynamodb:PutItem", table, Allow},
		{"actions are case-insensitive", allow(`"DynamoDB:putitem"`, `"`+table+`"`), "dynamodb:PutItem", table, Allow},
		{"another action is implicitly denied", allow(`"dynamodb:PutItem"`, `"`+table+`"`), "dynamodb:GetItem", table, ImplicitDeny},
		{"action prefix wildcard", allow(`"dynamodb:Get*"`, `"*"`), "dynamodb:GetItem", table, Allow},
		{"action prefix wildcard does not match others", allow(`"dynamodb:Get*"`, `"*"`), "dynamodb:PutItem", table, ImplicitDeny},
		{"service wildcard", allow(`"dynamodb:*"`, `"*"`), "dynamodb:DeleteItem", table, Allow},
		{"service wildcard is per service", allow(`"dynamodb:*"`, `"*"`), "s3:GetObject", "arn:aws:s3:::b/k", ImplicitDeny},
		{"everything", allow(`"*"`, `"*"`), "sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:q", Allow},
		{"action list", allow(`["s3:GetObject","s3:PutObject"]`, `"arn:aws:s3:::photos/*"`), "s3:PutObject", "arn:aws:s3:::photos/a/b.jpg", Allow},
		{"the table is not its index", allow(`"dynamodb:Query"`, `"`+table+`"`), "dynamodb:Query", table + "/index/ByCustomer", ImplicitDeny},
		{"table and its indexes", allow(`"dynamodb:Query"`, `["`+table+`","`+table+`/index/*"]`), "dynamodb:Query", table + "/index/ByCustomer", Allow},
		{"resources are case-sensitive", allow(`"dynamodb:PutItem"`, `"arn:aws:dynamodb:us-east-1:123456789012:table/orders"`), "dynamodb:PutItem", table, ImplicitDeny},
		{"region wildcard segment", allow(`"dynamodb:PutItem"`, `"arn:aws:dynamodb:*:123456789012:table/Orders"`), "dynamodb:PutItem", table, Allow},
		{"wildcard inside a segment", allow(`"dynamodb:PutItem"`, `"arn:aws:dynamodb:us-*-1:123456789012:table/Orders"`), "dynamodb:PutItem", table, Allow},
		{"a bucket ARN is not its objects", allow(`"s3:GetObject"`, `"arn:aws:s3:::photos"`), "s3:GetObject", "arn:aws:s3:::photos/cat.jpg", ImplicitDeny},
		{"objects under a prefix", allow(`"s3:GetObject"`, `"arn:aws:s3:::photos/2026/*"`), "s3:GetObject", "arn:aws:s3:::photos/2026/12/cat.jpg", Allow},
		{"objects outside the prefix", allow(`"s3:GetObject"`, `"arn:aws:s3:::photos/2026/*"`), "s3:GetObject", "arn:aws:s3:::photos/2025/cat.jpg", ImplicitDeny},
		{"? is one character", allow(`"sqs:SendMessage"`, `"arn:aws:sqs:us-east-1:123456789012:jobs-?"`), "sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:jobs-1", Allow},
		{"? is only one character", allow(`"sqs:SendMessage"`, `"arn:aws:sqs:us-east-1:123456789012:jobs-?"`), "sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:jobs-10", ImplicitDeny},
		{"a trailing * crosses colons", allow(`"lambda:InvokeFunction"`, `"arn:aws:lambda:us-east-1:123456789012:function:orders*"`), "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:orders:live", Allow},
		{"a * inside a segment does not cross a colon", allow(`"lambda:InvokeFunction"`, `"arn:aws:lambda:us-east-1:123456789012:function:o*s"`), "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:orders:v1s", ImplicitDeny},
		{"a * at the end of a middle segment crosses colons", allow(`"dynamodb:PutItem"`, `"arn:aws:dynamodb:us-east-1*"`), "dynamodb:PutItem", table, Allow},
		{"explicit deny wins", `{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"},
			{"Effect":"Deny","Action":"dynamodb:DeleteItem","Resource":"` + table + `"}]}`, "dynamodb:DeleteItem", table, ExplicitDeny},
		{"deny of another action leaves the allow", `{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"},
			{"Effect":"Deny","Action":"dynamodb:DeleteItem","Resource":"` + table + `"}]}`, "dynamodb:PutItem", table, Allow},
		{"NotAction allows everything else", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`, "s3:GetObject", "arn:aws:s3:::b/k", Allow},
		{"NotAction excludes what it names", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`, "iam:CreateUser", "arn:aws:iam::123456789012:user/x", ImplicitDeny},
		{"NotResource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secrets/*"}]}`, "s3:GetObject", "arn:aws:s3:::secrets/key", ImplicitDeny},
		{"NotResource allows the rest", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secrets/*"}]}`, "s3:GetObject", "arn:aws:s3:::public/key", Allow},
		{"deny with NotResource", `{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Action":"s3:*","Resource":"*"},
			{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::mine","arn:aws:s3:::mine/*"]}]}`, "s3:GetObject", "arn:aws:s3:::theirs/k", ExplicitDeny},
		{"empty statement list", `{"Version":"2012-10-17","Statement":[]}`, "s3:GetObject", "arn:aws:s3:::b/k", ImplicitDeny},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mustParse(t, c.policy)
			if got := p.Evaluate(c.action, c.resource); got != c.want {
				t.Errorf("Evaluate(%s, %s) = %v, want %v", c.action, c.resource, got, c.want)
			}
		})
	}
}

func TestNoPolicyAllowsNothing(t *testing.T) {
	var p *Policy
	if got := p.Evaluate("logs:PutLogEvents", "*"); got != ImplicitDeny {
		t.Errorf("nil policy: %v", got)
	}
}

func TestParseErrorsSayWhatToDo(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`[]`, "not a JSON object"},
		{`{"Version":"2012-10-17"}`, "no Statement"},
		{`{"Version":"2013-01-01","Statement":[]}`, `Version must be "2012-10-17"`},
		{`{"Version":"2012-10-17","Statment":[]}`, `unknown element "Statment"`},
		{`{"Statement":[{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}]}`, `statement 1: Effect must be "Allow" or "Deny"`},
		{`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}`, "has no Resource"},
		{`{"Statement":[{"Effect":"Allow","Resource":"*"}]}`, "has no Action"},
		{`{"Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}`, `"service:Action"`},
		{`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"photos/*"}]}`, "must be an ARN"},
		{`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","NotResource":"*"}]}`, "both Resource and NotResource"},
		{`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Principal":"*"}]}`, "should not specify a principal"},
		{`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`, "does not evaluate IAM conditions"},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}`, "does not substitute policy variables"},
		{`{"Statement":[{"Effect":"Allow","Action":7,"Resource":"*"}]}`, "statement 1"},
		{`{"Statement":[{"Effect":"Allow","Actions":"s3:GetObject","Resource":"*"}]}`, `unknown element "Actions"`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want an error containing %q", c.doc, err, c.want)
		}
	}
}

// The refusal reads as AWS words it:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
// and, for S3 (code AccessDenied, HTTP 403, the resource in quotes),
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html
func TestCheckWordsTheRefusalAsAWSDoes(t *testing.T) {
	role := RoleSession(acct, "orders-role", "place-order")
	if role != "arn:aws:sts::123456789012:assumed-role/orders-role/place-order" {
		t.Fatalf("RoleSession = %s", role)
	}
	p := mustParse(t, allow(`"dynamodb:GetItem"`, `"`+table+`"`))
	if err := Check(p, role, "dynamodb:GetItem", table); err != nil {
		t.Fatalf("allowed call refused: %v", err)
	}
	err := Check(p, role, "dynamodb:PutItem", table)
	if err == nil {
		t.Fatal("PutItem was allowed")
	}
	want := "User: arn:aws:sts::123456789012:assumed-role/orders-role/place-order is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders because no identity-based policy allows the dynamodb:PutItem action"
	if err.Code != "AccessDeniedException" || err.Status != 400 || err.Message != want {
		t.Errorf("got %s %d %q\nwant AccessDeniedException 400 %q", err.Code, err.Status, err.Message, want)
	}

	deny := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::photos/*"}]}`)
	err = Check(deny, role, "s3:DeleteObject", "arn:aws:s3:::photos/cat.jpg")
	if err == nil {
		t.Fatal("DeleteObject was allowed")
	}
	want = `User: arn:aws:sts::123456789012:assumed-role/orders-role/place-order is not authorized to perform: s3:DeleteObject on resource: "arn:aws:s3:::photos/cat.jpg" with an explicit deny in an identity-based policy`
	if err.Code != "AccessDenied" || err.Status != 403 || err.Message != want {
		t.Errorf("got %s %d %q\nwant AccessDenied 403 %q", err.Code, err.Status, err.Message, want)
	}
}

// A hostile pattern cannot make matching slow: the matcher is a dynamic
// programme, so this finishes at once rather than backtracking.
func TestGlobHasNoExponentialBacktracking(t *testing.T) {
	pattern := "arn:aws:s3:::" + strings.Repeat("a*", 40) + "b"
	resource := "arn:aws:s3:::" + strings.Repeat("a", 2000)
	if matchResource(pattern, resource) {
		t.Fatal("matched a resource without the final b")
	}
}
