// Package account puts the tutor's in-process AWS services together as one
// AWS account in one Region, and is the door every SDK call from a
// handler goes through: the call is checked against the calling
// function's execution-role policy (as IAM would check it), then run by the
// service, counted, and traced when asked.
//
// The SDK shims of the engines (Node.js `@aws-sdk/client-*`, Python boto3)
// call Account.Call with the service, the operation and the SDK's input
// shape; nothing here touches the network.
package account

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/eventbridge"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/iam"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/s3"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/secrets"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sns"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sqs"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/ssm"
)

// Account is one AWS account in one Region with every in-process service.
type Account struct {
	ID     string
	Region string

	DynamoDB    *dynamodb.Service
	S3          *s3.Service
	SQS         *sqs.Service
	SNS         *sns.Service
	EventBridge *eventbridge.Service
	Secrets     *secrets.Service
	SSM         *ssm.Service

	clock   cloud.Clock
	mu      sync.Mutex
	counts  map[opKey]int // calls by service and operation
	trace   func(Trace)
	invoker Invoker

	// Authorization is the same for every call of one principal with one
	// action on one resource: decisions and names are kept (policies are
	// not changed once parsed; a redeploy parses new ones).
	decisions map[decisionKey]iam.Decision
	arns      map[Principal]string // assumed-role ARNs
	tableARNs map[string]string    // DynamoDB table ARNs by name
}

type opKey struct{ svc, op string }

type decisionKey struct {
	policy           *iam.Policy
	action, resource string
}

// maxDecisions bounds the decisions kept; past it they are forgotten.
const maxDecisions = 4096

// Principal is who makes a call: a function's execution role.
type Principal struct {
	Role     string      // the role's name
	Function string      // the function's name (the role session's name)
	Policy   *iam.Policy // the role's policy; nil allows nothing
}

// ARN is the assumed-role ARN AWS names the caller with.
func (p Principal) ARN(accountID string) string {
	return iam.RoleSession(accountID, p.Role, p.Function)
}

// Trace is one SDK call, for --trace-aws and the Cloud pane.
type Trace struct {
	Function  string
	Service   string
	Operation string
	Resources []string // the ARNs it was authorized against
	ErrorCode string   // empty when it succeeded
	// Denied is set when the execution role's policy refused the call
	// (IAM's AccessDeniedException), not the service.
	Denied  bool
	Message string
	Took    time.Duration // host time, not billed
}

// Invoker runs another function of the project for lambda:Invoke. The
// fleet provides it; without one, Invoke says the project has no such
// function.
type Invoker interface {
	Invoke(function, invocationType string, payload []byte) (status int, result []byte, functionError string, err error)
}

// New makes an empty account: no tables, buckets, queues, topics, rules,
// secrets or parameters until the project file declares them.
func New(clock cloud.Clock, region, accountID string) *Account {
	return &Account{
		ID: accountID, Region: region, clock: clock,
		DynamoDB:    dynamodb.New(clock, region, accountID),
		S3:          s3.New(clock, region, accountID),
		SQS:         sqs.New(clock, region, accountID),
		SNS:         sns.New(clock, region, accountID),
		EventBridge: eventbridge.New(clock, region, accountID),
		Secrets:     secrets.New(clock, region, accountID),
		SSM:         ssm.New(clock, region, accountID),
		counts:      map[opKey]int{},
		decisions:   map[decisionKey]iam.Decision{},
		arns:        map[Principal]string{},
		tableARNs:   map[string]string{},
	}
}

// OnTrace sets the function that sees every call (nil for none).
func (a *Account) OnTrace(f func(Trace)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.trace = f
}

// SetInvoker sets what runs lambda:Invoke.
func (a *Account) SetInvoker(inv Invoker) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.invoker = inv
}

// Counts returns the calls made so far, by "service:Operation", sorted.
func (a *Account) Counts() []Count {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Count, 0, len(a.counts))
	for k, n := range a.counts {
		out = append(out, Count{Call: k.svc + ":" + k.op, N: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Call < out[j].Call })
	return out
}

// Count is how many times one operation was called.
type Count struct {
	Call string
	N    int
}

// service names as the SDKs' clients and IAM's action prefixes spell them.
var serviceNames = map[string]string{
	"dynamodb": "dynamodb", "s3": "s3", "sqs": "sqs", "sns": "sns",
	"eventbridge": "events", "events": "events", "cloudwatch-events": "events",
	"secrets-manager": "secretsmanager", "secretsmanager": "secretsmanager",
	"ssm": "ssm", "lambda": "lambda",
}

// Call runs one SDK call for the principal: service as the SDK names its
// client ("dynamodb", "s3", "secrets-manager", ...), op as the API names
// the operation ("PutItem"), input in the SDK v3 command shape.
func (a *Account) Call(p Principal, service, op string, input map[string]any) (map[string]any, error) {
	a.mu.Lock()
	traced := a.trace != nil
	a.mu.Unlock()
	var start time.Time
	if traced {
		start = time.Now()
	}
	svc, ok := serviceNames[service]
	if !ok {
		svc, ok = serviceNames[strings.ToLower(service)]
	}
	if !ok {
		return nil, cloud.Errorf(400, "UnknownService", "the tutor's sandbox has no in-process %s: it offers DynamoDB, S3, SQS, SNS, EventBridge, Secrets Manager, SSM Parameter Store and Lambda", service)
	}
	if input == nil {
		input = map[string]any{}
	}
	checks, err := a.authorizations(svc, op, input)
	var out map[string]any
	var resources []string
	refused := false
	if err == nil {
		for _, c := range checks {
			if traced {
				resources = append(resources, c.resource)
			}
			if a.decide(p.Policy, c.action, c.resource) == iam.Allow {
				continue
			}
			if denied := iam.Check(p.Policy, a.principalARN(p), c.action, c.resource); denied != nil {
				err, refused = denied, true
				break
			}
		}
	}
	if err == nil {
		out, err = a.dispatch(p, svc, op, input)
		if svc == "s3" && (op == "GetObject" || op == "HeadObject") {
			err = a.hideMissingKey(p, input, err)
		}
	}
	var took time.Duration
	if traced {
		took = time.Since(start)
	}
	a.record(p, svc, op, resources, err, refused, took)
	return out, err
}

// decide is the policy's decision on the action and resource, evaluated
// once per principal's policy, action and resource.
func (a *Account) decide(policy *iam.Policy, action, resource string) iam.Decision {
	k := decisionKey{policy, action, resource}
	a.mu.Lock()
	d, ok := a.decisions[k]
	a.mu.Unlock()
	if ok {
		return d
	}
	d = policy.Evaluate(action, resource)
	a.mu.Lock()
	if len(a.decisions) >= maxDecisions {
		clear(a.decisions)
	}
	a.decisions[k] = d
	a.mu.Unlock()
	return d
}

// principalARN is p.ARN, made once per principal.
func (a *Account) principalARN(p Principal) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.arns[p]
	if !ok {
		s = p.ARN(a.ID)
		if len(a.arns) >= maxDecisions {
			clear(a.arns)
		}
		a.arns[p] = s
	}
	return s
}

func (a *Account) record(p Principal, svc, op string, resources []string, err error, refused bool, took time.Duration) {
	a.mu.Lock()
	a.counts[opKey{svc, op}]++
	f := a.trace
	a.mu.Unlock()
	if f == nil {
		return
	}
	t := Trace{Function: p.Function, Service: svc, Operation: op, Resources: resources, Denied: refused, Took: took}
	if err != nil {
		t.ErrorCode, t.Message = "Error", err.Error()
		if ce, ok := err.(*cloud.Error); ok {
			t.ErrorCode, t.Message = ce.Code, ce.Message
		}
	}
	f(t)
}

// hideMissingKey: S3 answers a missing key with 404 only to a caller
// allowed s3:ListBucket on the bucket; anyone else gets 403 Access Denied,
// so that keys cannot be probed.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
func (a *Account) hideMissingKey(p Principal, input map[string]any, err error) error {
	ce, ok := err.(*cloud.Error)
	if !ok || ce.Status != 404 || (ce.Code != "NoSuchKey" && ce.Code != "NotFound") {
		return err
	}
	bucket, _ := input["Bucket"].(string)
	if p.Policy.Evaluate("s3:ListBucket", "arn:aws:s3:::"+bucket) == iam.Allow {
		return err
	}
	return cloud.Errorf(403, "AccessDenied", "Access Denied")
}

func (a *Account) dispatch(p Principal, svc, op string, input map[string]any) (map[string]any, error) {
	switch svc {
	case "dynamodb":
		return a.DynamoDB.Call(op, input)
	case "s3":
		return a.S3.Call(op, input)
	case "sqs":
		return a.SQS.Call(op, input)
	case "sns":
		return a.SNS.Call(op, input)
	case "events":
		return a.EventBridge.Call(op, input)
	case "secretsmanager":
		return a.Secrets.Call(op, input)
	case "ssm":
		return a.SSM.Call(op, input)
	case "lambda":
		return a.invoke(op, input)
	}
	return nil, fmt.Errorf("no dispatch for %s", svc)
}
