package project

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/eventbridge"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/s3"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sns"
)

// DeployOptions configure Deploy.
type DeployOptions struct {
	// Sandbox are the fleet's options (deterministic mode, the virtual
	// clock's start, limits).
	Sandbox sandbox.Options
	// ReadCode reads the deployment package beside the project file: the
	// code files under dir, by path relative to it (the reader of
	// `lambdatutor invoke`). Every function of the project gets the same
	// package, as functions sharing one code folder do.
	ReadCode func(dir string) (map[string]string, error)
	// State, when set, is an account content saved by
	// account.MarshalState, restored after the resources are created (see
	// RestoreState).
	State []byte
	// OnInvocation sees every invocation the project's triggers and
	// lambda:Invoke calls make, when it ends. It may run while the fleet
	// runs another invocation (a synchronous Invoke from a handler): it
	// must not invoke anything itself.
	OnInvocation func(Invocation)
}

// Invocation is one run of a function that the runtime made: from a
// trigger (an S3 notification, a message, a stream record, an SNS
// delivery, an EventBridge rule) or from lambda:Invoke in a handler.
type Invocation struct {
	Function string
	// Source is "s3", "sqs", "dynamodb", "sns", "eventbridge" or "lambda".
	Source string
	// Attempt numbers the attempts of one asynchronous event from 1.
	Attempt int
	// Result is the invocation's result; nil when Err is set, and in a
	// report of something done without an invocation (messages moved to a
	// dead-letter queue), which has only a Note.
	Result *sandbox.Result
	// Err is set when Lambda refused the request (throttled, too large).
	Err error
	// Note says what became of the event, in a sentence: the messages
	// deleted or back on the queue, the retry to come, the destination.
	Note string
}

// Runtime is a deployed project: its functions on one fleet
// (sandbox.Account), its resources in one in-process AWS account, and the
// triggers between them. Invocations made by triggers are queued; Settle
// runs them on the virtual clock.
type Runtime struct {
	Project *Project
	Fleet   *sandbox.Account
	Cloud   *account.Account
	Clock   *cloud.VirtualClock
	// Restored says what of DeployOptions.State could not be kept (the
	// items of a table whose keys changed in the project file...).
	Restored []string

	region, accountID string
	funcs             map[string]*sandbox.Function
	onInv             func(Invocation)

	mu      sync.Mutex
	ctx     context.Context
	jobs    []asyncJob      // asynchronous events waiting for their first attempt
	calls   []activeCall    // the calls making SDK calls now, innermost last
	pollers []*sqsPoller    // SQS event source mappings
	streams []*streamReader // DynamoDB stream event source mappings
	s3subs  []s3Sub
	errs    []error // deliveries that failed (an SNS message to a deleted queue)

	invocations int // made by triggers and lambda:Invoke so far
}

type asyncJob struct {
	function, source string
	event            []byte
}

type activeCall struct {
	call *sandbox.Call
	fn   Function
}

type s3Sub struct {
	fn       string
	trigger  Trigger
	configID string
}

// Deploy deploys every function of the project on a new fleet, creates
// its resources in a new in-process account (with opts.State restored),
// and wires the triggers. The handler files are read from dir.
func Deploy(p *Project, dir string, opts DeployOptions) (*Runtime, error) {
	if opts.ReadCode == nil {
		return nil, errors.New("project.Deploy needs DeployOptions.ReadCode to read the handlers' code")
	}
	files, err := opts.ReadCode(dir)
	if err != nil {
		return nil, err
	}
	fleet := sandbox.NewAccount(opts.Sandbox)
	r := &Runtime{Project: p, Fleet: fleet, Clock: &cloud.VirtualClock{}, region: sandbox.DefaultRegion,
		accountID: sandbox.DefaultAccountID, funcs: map[string]*sandbox.Function{}, onInv: opts.OnInvocation}
	r.Clock.Set(fleet.Now())
	acct, err := p.Build(r.Clock, r.region, r.accountID)
	if err != nil {
		fleet.Close()
		return nil, err
	}
	r.Cloud = acct
	if opts.State != nil {
		notes, err := RestoreState(acct, opts.State)
		if err != nil {
			fleet.Close()
			return nil, err
		}
		r.Restored = notes
	}
	for _, fn := range p.Functions {
		cfg, err := r.config(fn, files)
		if err != nil {
			fleet.Close()
			return nil, err
		}
		f, err := fleet.NewFunction(cfg)
		if err != nil {
			fleet.Close()
			return nil, fmt.Errorf("function %s (line %d): %w", fn.Name, fn.Line, err)
		}
		r.funcs[fn.Name] = f
	}
	if err := r.wire(); err != nil {
		fleet.Close()
		return nil, err
	}
	acct.SetInvoker(invoker{r})
	return r, nil
}

// Close shuts the fleet's environments down.
func (r *Runtime) Close() { r.Fleet.Close() }

// Function is the deployed function of that name.
func (r *Runtime) Function(name string) (*sandbox.Function, bool) {
	f, ok := r.funcs[name]
	return f, ok
}

// FunctionARN is the function's ARN in the project's account.
func (r *Runtime) FunctionARN(name string) string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", r.region, r.accountID, name)
}

// config is the sandbox configuration of one function: its handler from
// the package, its settings, and its door to the account.
func (r *Runtime) config(fn Function, files map[string]string) (sandbox.Config, error) {
	rt := fn.Runtime
	if rt == "" {
		rt = runtimeOf(fn.Handler, files)
	}
	env := map[string]string{}
	for k, v := range fn.Env {
		env[k] = v
	}
	caller := Caller(r.Cloud, fn, r.Clock)
	aws := func(c *sandbox.Call, service, op string, input map[string]any) (map[string]any, error) {
		r.mu.Lock()
		r.calls = append(r.calls, activeCall{call: c, fn: fn})
		r.mu.Unlock()
		defer func() {
			r.mu.Lock()
			r.calls = r.calls[:len(r.calls)-1]
			r.mu.Unlock()
		}()
		return caller(c, service, op, input)
	}
	return sandbox.Config{FunctionName: fn.Name, Runtime: rt, Handler: fn.Handler, MemoryMB: fn.MemoryMB,
		TimeoutSec: fn.TimeoutSec, ReservedConcurrency: fn.ReservedConcurrency, Env: env, Files: files, Region: r.region, AccountID: r.accountID, AWS: aws}, nil
}

// runtimeOf picks the runtime of a handler without one: Node.js when the
// package has the module as .js, .mjs or .cjs, Python for a .py module.
func runtimeOf(handler string, files map[string]string) string {
	dot := strings.LastIndex(handler, ".")
	if dot < 0 {
		return "nodejs24.x"
	}
	mod := handler[:dot]
	if i := strings.Index(mod, "."); i >= 0 && !strings.Contains(mod[i:], "/") {
		mod = mod[:i]
	}
	for _, ext := range []string{".js", ".mjs", ".cjs"} {
		if _, ok := files[mod+ext]; ok {
			return "nodejs24.x"
		}
	}
	if _, ok := files[strings.ReplaceAll(handler[:dot], ".", "/")+".py"]; ok {
		best := ""
		for _, name := range sandbox.Runtimes() {
			if info, ok := sandbox.LookupRuntime(name); ok && info.Language == "python" && name > best {
				best = name
			}
		}
		if best != "" {
			return best
		}
	}
	return "nodejs24.x"
}

// wire subscribes the functions to their triggers and hooks the services'
// notifications to the runtime.
func (r *Runtime) wire() error {
	rules := map[string]*ruleSpec{}
	var ruleOrder []string
	for _, fn := range r.Project.Functions {
		for i, t := range fn.Events {
			switch t.Kind {
			case "sqs":
				if err := checkSQSMapping(fn, t, r.Cloud.SQS.ARN(t.Queue)); err != nil {
					return err
				}
				r.pollers = append(r.pollers, &sqsPoller{fn: fn.Name, trigger: t,
					url: r.Cloud.SQS.URL(t.Queue), arn: r.Cloud.SQS.ARN(t.Queue)})
			case "s3":
				r.s3subs = append(r.s3subs, s3Sub{fn: fn.Name, trigger: t, configID: fmt.Sprintf("%s-%d", fn.Name, i+1)})
			case "dynamodb":
				r.streams = append(r.streams, &streamReader{fn: fn.Name, table: t.Table, batchSize: 100})
			case "sns":
				arn := fmt.Sprintf("arn:aws:sns:%s:%s:%s", r.region, r.accountID, t.Topic)
				if _, err := r.Cloud.SNS.Subscribe(arn, "lambda", r.FunctionARN(fn.Name), false); err != nil {
					return fmt.Errorf("function %s (line %d): subscribing to topic %s: %w", fn.Name, t.Line, t.Topic, err)
				}
			case "eventbridge":
				rs := rules[t.Rule]
				if rs == nil {
					rs = &ruleSpec{pattern: t.Pattern, line: t.Line}
					rules[t.Rule] = rs
					ruleOrder = append(ruleOrder, t.Rule)
				} else if rs.pattern != t.Pattern {
					return fmt.Errorf("function %s (line %d): rule %s is declared at line %d with another pattern; give this rule another name", fn.Name, t.Line, t.Rule, rs.line)
				}
				rs.targets = append(rs.targets, r.FunctionARN(fn.Name))
			}
		}
	}
	for _, name := range ruleOrder {
		rs := rules[name]
		if err := r.Cloud.EventBridge.AddRule(name, rs.pattern, rs.targets...); err != nil {
			return fmt.Errorf("rule %s (line %d): %w", name, rs.line, err)
		}
	}
	r.Cloud.S3.OnEvent(r.s3Event)
	r.Cloud.SNS.OnDeliver(r.snsDelivery)
	r.Cloud.EventBridge.OnDeliver(r.ebDelivery)
	r.Cloud.DynamoDB.OnStreamRecord(r.streamRecord)
	return nil
}

type ruleSpec struct {
	pattern string
	line    int
	targets []string
}

func (r *Runtime) enqueue(fn, source string, event []byte) {
	r.mu.Lock()
	r.jobs = append(r.jobs, asyncJob{function: fn, source: source, event: event})
	r.mu.Unlock()
}

func (r *Runtime) failed(err error) {
	r.mu.Lock()
	r.errs = append(r.errs, err)
	r.mu.Unlock()
}

// principal is the principal id S3 names the caller with: the role
// session of the function making the call.
func (r *Runtime) principal() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.calls) == 0 {
		return "AWS:" + r.accountID
	}
	fn := r.calls[len(r.calls)-1].fn
	return "AWS:AROA" + strings.ToUpper(strings.ReplaceAll(fn.Role, "-", "")) + ":" + fn.Name
}

// s3Event queues an asynchronous invocation for every notification the
// object event matches: the configuration's event types (s3:ObjectCreated:*
// matches every ObjectCreated event) and its key prefix and suffix.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
func (r *Runtime) s3Event(e s3.Event) {
	name := "s3:" + e.Name
	for _, sub := range r.s3subs {
		t := sub.trigger
		if t.Bucket != e.Bucket || !strings.HasPrefix(e.Key, t.Prefix) || !strings.HasSuffix(e.Key, t.Suffix) {
			continue
		}
		match := false
		for _, ev := range t.S3Events {
			if ev == name || (strings.HasSuffix(ev, "*") && strings.HasPrefix(name, strings.TrimSuffix(ev, "*"))) {
				match = true
			}
		}
		if !match {
			continue
		}
		rec := e.Record(r.region, r.principal(), sub.configID)
		b, err := json.Marshal(map[string]any{"Records": []any{rec}})
		if err != nil {
			r.failed(fmt.Errorf("s3 notification for %s: %w", sub.fn, err))
			continue
		}
		r.enqueue(sub.fn, "s3", b)
	}
}

// snsDelivery: a Lambda subscription gets an asynchronous invocation with
// the SNS event; an SQS subscription a message in the queue.
func (r *Runtime) snsDelivery(d sns.Delivery) {
	switch d.Protocol {
	case "lambda":
		b, err := json.Marshal(map[string]any{"Records": []any{d.Record}})
		if err != nil {
			r.failed(fmt.Errorf("sns delivery to %s: %w", d.Endpoint, err))
			return
		}
		r.enqueue(functionName(d.Endpoint), "sns", b)
	case "sqs":
		r.sendToQueue(d.Endpoint, d.Body, d.GroupID, "sns delivery")
	}
}

// ebDelivery: a function target gets an asynchronous invocation with the
// event envelope; a queue target the envelope as a message.
func (r *Runtime) ebDelivery(d eventbridge.Delivery) {
	switch {
	case strings.HasPrefix(d.TargetARN, "arn:aws:lambda:"):
		r.enqueue(functionName(d.TargetARN), "eventbridge", d.Event)
	case strings.HasPrefix(d.TargetARN, "arn:aws:sqs:"):
		r.sendToQueue(d.TargetARN, string(d.Event), "", "eventbridge rule "+d.Rule)
	default:
		r.failed(fmt.Errorf("eventbridge rule %s: the target %s is neither a function nor a queue, and the tutor's sandbox delivers only to those", d.Rule, d.TargetARN))
	}
}

func (r *Runtime) streamRecord(rec dynamodb.Record) {
	ev := rec.Event()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.streams {
		if s.table == rec.TableName {
			s.pending = append(s.pending, ev)
		}
	}
}

// sendToQueue sends a message to the queue of that ARN.
func (r *Runtime) sendToQueue(queueARN, body, group, what string) {
	name := queueARN[strings.LastIndex(queueARN, ":")+1:]
	in := map[string]any{"QueueUrl": r.Cloud.SQS.URL(name), "MessageBody": body}
	if group != "" {
		in["MessageGroupId"] = group
	}
	if strings.HasSuffix(name, ".fifo") {
		if group == "" {
			in["MessageGroupId"] = "default"
		}
		in["MessageDeduplicationId"] = fmt.Sprintf("%x", len(body)) + fmt.Sprint(r.Clock.Now().UnixNano())
	}
	if _, err := r.Cloud.SQS.Call("SendMessage", in); err != nil {
		r.failed(fmt.Errorf("%s to queue %s: %w", what, name, err))
	}
}

func functionName(arn string) string {
	i := strings.Index(arn, ":function:")
	if i < 0 {
		return arn
	}
	name := arn[i+len(":function:"):]
	if j := strings.IndexByte(name, ':'); j >= 0 {
		name = name[:j]
	}
	return name
}

// Errors returns and forgets the deliveries that failed since the last
// call (a message for a queue that no longer exists, say).
func (r *Runtime) Errors() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.errs
	r.errs = nil
	return out
}

// Invoke runs one synchronous invocation of the named function, as
// `lambdatutor invoke` does; what it triggers waits for Settle.
func (r *Runtime) Invoke(ctx context.Context, name string, event []byte) (*sandbox.Result, error) {
	f, ok := r.funcs[name]
	if !ok {
		return nil, fmt.Errorf("the project has no function %q: it declares %s", name, strings.Join(r.names(), ", "))
	}
	r.setContext(ctx)
	r.Clock.Set(r.Fleet.Now())
	return f.Invoke(ctx, event)
}

func (r *Runtime) names() []string {
	var out []string
	for _, fn := range r.Project.Functions {
		out = append(out, fn.Name)
	}
	sort.Strings(out)
	return out
}

func (r *Runtime) setContext(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	r.mu.Lock()
	r.ctx = ctx
	r.mu.Unlock()
}

func (r *Runtime) context() context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ctx == nil {
		return context.Background()
	}
	return r.ctx
}

// MaxSettleInvocations bounds the invocations one Settle runs: a handler
// that feeds its own trigger (a message for its own queue, an object in
// its own bucket) would otherwise run until the virtual time limit. Lambda
// stops such loops with its recursive loop detection
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html),
// which the tutor does not model.
const MaxSettleInvocations = 1000

func (r *Runtime) report(inv Invocation) {
	if inv.Result != nil || inv.Err != nil {
		r.mu.Lock()
		r.invocations++
		r.mu.Unlock()
	}
	if r.onInv != nil {
		r.onInv(inv)
	}
}

// Settle runs the work the triggers queued, and the work that work
// queues, until nothing is left or the virtual clock has moved more than
// within: asynchronous events (with their retries and on-failure
// destinations), DynamoDB stream batches, and the pollers of SQS event
// source mappings. When nothing can run now, the clock moves to the next
// instant something can (a visibility timeout ending, a batching window
// closing). It reports whether work was left when it stopped.
func (r *Runtime) Settle(ctx context.Context, within time.Duration) (pending bool, err error) {
	r.setContext(ctx)
	deadline := r.Fleet.Now().Add(within)
	r.mu.Lock()
	limit := r.invocations + MaxSettleInvocations
	r.mu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			return true, fmt.Errorf("settling the triggered work stopped: %w", err)
		}
		r.mu.Lock()
		over := r.invocations >= limit
		r.mu.Unlock()
		if over {
			r.failed(fmt.Errorf("stopped after %d triggered invocations: is a handler feeding its own trigger (a message to its own queue, an object into its own bucket)? Lambda's recursive loop detection would stop such a loop; the tutor stops here", MaxSettleInvocations))
			return r.busy(), nil
		}
		now := r.Fleet.Now()
		r.Clock.Set(now)
		if now.After(deadline) {
			return r.busy(), nil
		}
		if job, ok := r.nextJob(); ok {
			r.runAsync(ctx, job)
			continue
		}
		progressed, next := r.runStreams(ctx, now)
		if progressed {
			continue
		}
		for _, p := range r.pollers {
			did, wake := r.poll(ctx, p, now)
			progressed = progressed || did
			if !wake.IsZero() && (next.IsZero() || wake.Before(next)) {
				next = wake
			}
		}
		if progressed {
			continue
		}
		if next.IsZero() {
			return false, nil
		}
		if next.After(deadline) {
			return true, nil
		}
		r.Fleet.Advance(next.Sub(now))
	}
}

// busy reports whether any work is queued or waiting on a queue.
func (r *Runtime) busy() bool {
	r.mu.Lock()
	n := len(r.jobs)
	for _, s := range r.streams {
		n += len(s.pending)
	}
	r.mu.Unlock()
	if n > 0 {
		return true
	}
	for _, p := range r.pollers {
		if _, ok := r.Cloud.SQS.NextVisible(p.trigger.Queue); ok || r.visible(p) > 0 {
			return true
		}
	}
	return false
}

func (r *Runtime) nextJob() (asyncJob, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.jobs) == 0 {
		return asyncJob{}, false
	}
	j := r.jobs[0]
	r.jobs = r.jobs[1:]
	return j, true
}

// runAsync runs one asynchronous event to its end with Lambda's retries
// (sandbox.InvokeAsync: two retries, one and two minutes after a failed
// attempt), then sends the events that failed every attempt to the
// function's on-failure destination.
func (r *Runtime) runAsync(ctx context.Context, job asyncJob) {
	f, ok := r.funcs[job.function]
	if !ok {
		r.failed(fmt.Errorf("%s event for function %s: the project has no such function", job.source, job.function))
		return
	}
	inv, err := f.InvokeAsync(ctx, job.event, sandbox.AsyncOptions{})
	if inv != nil {
		for i, res := range inv.Attempts {
			rec := Invocation{Function: job.function, Source: job.source, Attempt: i + 1, Result: res}
			if res.Error != nil && i < len(inv.Attempts)-1 {
				rec.Note = fmt.Sprintf("failed: Lambda retries the event in %v", sandbox.AsyncRetryDelays[i])
			}
			if i == len(inv.Attempts)-1 && inv.Dropped {
				rec.Note = inv.DropReason + r.destination(job, inv)
			}
			r.report(rec)
		}
		if len(inv.Attempts) == 0 && inv.Dropped {
			r.report(Invocation{Function: job.function, Source: job.source, Err: errors.New(inv.DropReason),
				Note: inv.DropReason + r.destination(job, inv)})
		}
	}
	if err != nil {
		r.report(Invocation{Function: job.function, Source: job.source, Attempt: 1, Err: err, Note: "Lambda refused the event"})
	}
}

// destination sends the record of an event that failed every attempt to
// the function's on-failure destination, and says where it went. The
// record is Lambda's invocation record:
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
func (r *Runtime) destination(job asyncJob, inv *sandbox.AsyncInvocation) string {
	fn, _ := r.Project.Function(job.function)
	if fn.OnFailure == nil {
		return "; the function has no onFailure destination, so the event is lost"
	}
	condition := "RetriesExhausted"
	if strings.Contains(inv.DropReason, "maximum age") {
		condition = "EventAgeExceeded"
	}
	var payload any = json.RawMessage(job.event)
	rec := map[string]any{
		"version":   "1.0",
		"timestamp": r.Fleet.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		"requestContext": map[string]any{
			"requestId": inv.RequestID, "functionArn": r.FunctionARN(job.function) + ":$LATEST",
			"condition": condition, "approximateInvokeCount": len(inv.Attempts),
		},
		"requestPayload": payload,
	}
	if last := inv.Last(); last != nil {
		resp := map[string]any{"statusCode": 200, "executedVersion": "$LATEST"}
		if last.Error != nil {
			resp["functionError"] = "Unhandled"
		}
		rec["responseContext"] = resp
		if json.Valid(last.Response) {
			rec["responsePayload"] = json.RawMessage(last.Response)
		}
	}
	body, err := json.Marshal(rec)
	if err != nil {
		r.failed(err)
		return ""
	}
	r.Clock.Set(r.Fleet.Now())
	switch fn.OnFailure.Kind {
	case "sqs":
		r.sendToQueue(r.Cloud.SQS.ARN(fn.OnFailure.Name), string(body), "", "on-failure destination")
		return "; its record went to the onFailure queue " + fn.OnFailure.Name
	default:
		arn := fmt.Sprintf("arn:aws:sns:%s:%s:%s", r.region, r.accountID, fn.OnFailure.Name)
		if _, err := r.Cloud.SNS.Call("Publish", map[string]any{"TopicArn": arn, "Message": string(body)}); err != nil {
			r.failed(fmt.Errorf("on-failure destination topic %s: %w", fn.OnFailure.Name, err))
		}
		return "; its record went to the onFailure topic " + fn.OnFailure.Name
	}
}

// invoker runs lambda:Invoke for the account.
type invoker struct{ r *Runtime }

// Invoke: Event queues the event (202) for Settle; RequestResponse runs
// the function now and returns its response. From inside a handler the
// fleet's lock is held by the calling invocation for its whole run, so
// the request goes through sandbox.Function.InvokeFrom, which runs inside
// it; from outside, through Invoke.
func (inv invoker) Invoke(function, typ string, payload []byte) (int, []byte, string, error) {
	r := inv.r
	f, ok := r.funcs[function]
	if !ok {
		return 0, nil, "", cloud.Errorf(404, "ResourceNotFoundException", "Function not found: %s (the project declares %s)", r.FunctionARN(function), strings.Join(r.names(), ", "))
	}
	switch typ {
	case "DryRun":
		return 204, nil, "", nil
	case "Event":
		if len(payload) > sandbox.MaxAsyncPayload {
			return 0, nil, "", cloud.Errorf(413, "RequestEntityTooLargeException", "Request must be smaller than %d bytes for the InvokeFunction operation", sandbox.MaxAsyncPayload)
		}
		if !json.Valid(payload) {
			return 0, nil, "", cloud.Errorf(400, "InvalidRequestContentException", "Could not parse request body into json")
		}
		r.enqueue(function, "lambda", payload)
		return 202, nil, "", nil
	}
	r.mu.Lock()
	var caller *sandbox.Call
	if n := len(r.calls); n > 0 {
		caller = r.calls[n-1].call
	}
	r.mu.Unlock()
	ctx := r.context()
	var res *sandbox.Result
	var err error
	if caller != nil {
		res, err = f.InvokeFrom(ctx, caller, payload)
	} else {
		res, err = f.Invoke(ctx, payload)
	}
	var thr *sandbox.ThrottleError
	var re *sandbox.RequestError
	switch {
	case errors.As(err, &thr):
		return 0, nil, "", cloud.Errorf(429, "TooManyRequestsException", "Rate Exceeded.")
	case errors.As(err, &re):
		return 0, nil, "", cloud.Errorf(re.StatusCode, re.Type, "%s", re.Message)
	case err != nil:
		return 0, nil, "", err
	}
	r.report(Invocation{Function: function, Source: "lambda", Attempt: 1, Result: res})
	fnErr := ""
	if res.Error != nil {
		fnErr = "Unhandled"
	}
	return 200, res.Response, fnErr, nil
}
