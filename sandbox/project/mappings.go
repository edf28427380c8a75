package project

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/iam"
)

// sqsPoller is an SQS event source mapping: Lambda polls the queue,
// invokes the function synchronously with a batch of messages, and deletes
// the batch when the function succeeds.
// https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
type sqsPoller struct {
	fn        string
	trigger   Trigger
	url, arn  string
	windowEnd time.Time // the batching window's end; zero when none is open
	batches   int       // concurrent batches of the next round; 0 before the first
	grownAt   time.Time // when the concurrency last grew
	backlog   bool      // the last round left messages visible
}

// sqsMappingActions are the permissions Lambda requires of the execution
// role of a function with an SQS event source mapping, in the order it
// checks them: "The Lambda execution role must include the following
// permissions: sqs:DeleteMessage, sqs:GetQueueAttributes,
// sqs:ReceiveMessage"
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-lambda-function-trigger.html;
// the same list is on https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html).
var sqsMappingActions = []string{"ReceiveMessage", "DeleteMessage", "GetQueueAttributes"}

// checkSQSMapping fails as CreateEventSourceMapping does when the
// function's role lacks one of the permissions: an
// InvalidParameterValueException naming the first missing call. The
// wording, "The provided execution role does not have permissions to call
// ReceiveMessage on SQS", is not on an AWS documentation page; it is the
// message real deployments report (aws/aws-cdk issue 6770 for
// ReceiveMessage, functionalone/serverless-iam-roles-per-function issue 21
// for DeleteMessage, each with "Status Code: 400; Error Code:
// InvalidParameterValueException"). Which one AWS names when several are
// missing is not documented; the tutor names the first of
// sqsMappingActions.
func checkSQSMapping(fn Function, t Trigger, queueARN string) error {
	var missing []string
	for _, a := range sqsMappingActions {
		if fn.Policy.Evaluate("sqs:"+a, queueARN) != iam.Allow {
			missing = append(missing, "sqs:"+a)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	call := strings.TrimPrefix(missing[0], "sqs:")
	return fmt.Errorf("function %s (line %d): creating the event source mapping from queue %s failed, as Lambda's CreateEventSourceMapping would: InvalidParameterValueException: The provided execution role does not have permissions to call %s on SQS. Lambda polls the queue as the function's execution role: allow %s on %s in function %s's policy",
		fn.Name, t.Line, t.Queue, call, strings.Join(missing, ", "), queueARN, fn.Name)
}

// visible is the number of messages ready to be received now.
func (r *Runtime) visible(p *sqsPoller) int {
	out, err := r.Cloud.SQS.Call("GetQueueAttributes", map[string]any{"QueueUrl": p.url, "AttributeNames": []any{"ApproximateNumberOfMessages"}})
	if err != nil {
		return 0
	}
	attrs, _ := out["Attributes"].(map[string]string)
	n, _ := strconv.Atoi(attrs["ApproximateNumberOfMessages"])
	if attrs == nil {
		if m, ok := out["Attributes"].(map[string]any); ok {
			s, _ := m["ApproximateNumberOfMessages"].(string)
			n, _ = strconv.Atoi(s)
		}
	}
	return n
}

// The scaling of an SQS event source mapping on a standard queue, from
// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html:
// "When messages are available, Lambda starts processing five batches at a
// time with five concurrent invocations of your function. If messages are
// still available, Lambda increases the number of processes that are
// reading batches by up to 300 more instances per minute. The maximum
// number of batches that an event source mapping can process
// simultaneously is 1,000. When traffic is low, Lambda scales back the
// processing to five concurrent batches". ScalingConfig.MaximumConcurrency
// (2 to 1,000) caps it
// (https://docs.aws.amazon.com/lambda/latest/dg/API_ScalingConfig.html).
const (
	sqsStartBatches = 5
	sqsMaxBatches   = 1000
	sqsMinBatches   = 2   // "can optimize to as few as 2 concurrent batches"
	sqsScalePerMin  = 300 // more concurrent batches per minute
)

// limit is the most batches the mapping may process at once.
func (p *sqsPoller) limit() int {
	if m := p.trigger.MaximumConcurrency; m > 0 {
		return m
	}
	return sqsMaxBatches
}

// scale is the number of batches the poller reads in its next round. It
// grows by sqsScalePerMin a minute of virtual time while the previous
// round left messages on the queue, from sqsStartBatches, up to limit.
func (p *sqsPoller) scale(now time.Time) int {
	if p.batches == 0 || !p.backlog {
		if p.batches == 0 || p.batches > sqsStartBatches {
			p.batches = sqsStartBatches
		}
		p.grownAt = now
	} else if add := int(now.Sub(p.grownAt) * sqsScalePerMin / time.Minute); add > 0 {
		p.batches += add
		p.grownAt = p.grownAt.Add(time.Duration(add) * time.Minute / sqsScalePerMin)
	}
	p.batches = min(p.batches, p.limit())
	return p.batches
}

// backOff halves the poller's concurrency after a failed or throttled
// batch. The services-sqs-errorhandling page says Lambda "gradually backs
// off, reducing the amount of concurrency allocated to your Amazon SQS
// event source mapping"
// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-backoff-strategy);
// by how much is not documented: the tutor halves it, down to 2.
func (p *sqsPoller) backOff(now time.Time) {
	p.batches = max(sqsMinBatches, p.batches/2)
	p.grownAt = now
}

// receiveBatch receives one batch of up to the batch size.
func (r *Runtime) receiveBatch(p *sqsPoller) ([]map[string]any, error) {
	t := p.trigger
	var msgs []map[string]any
	for len(msgs) < t.BatchSize {
		out, err := r.Cloud.SQS.Call("ReceiveMessage", map[string]any{"QueueUrl": p.url,
			"MaxNumberOfMessages": min(10, t.BatchSize-len(msgs)), "AttributeNames": []any{"All"},
			"MessageAttributeNames": []any{"All"}})
		if err != nil {
			return msgs, err
		}
		got, _ := out["Messages"].([]any)
		if len(got) == 0 {
			break
		}
		for _, m := range got {
			msgs = append(msgs, m.(map[string]any))
		}
	}
	return msgs, nil
}

// poll runs one round of the mapping when messages are ready: it reads up
// to its current concurrency of batches and invokes the function with
// them at the same virtual instant, each in its own execution
// environment; the round ends when the slowest batch does. did says
// whether anything changed; wake is when the poller has something to do
// next (a message becoming visible, a batching window closing).
func (r *Runtime) poll(ctx context.Context, p *sqsPoller, now time.Time) (did bool, wake time.Time) {
	t := p.trigger
	n := r.visible(p)
	if n == 0 {
		p.windowEnd, p.backlog = time.Time{}, false
		next, _ := r.Cloud.SQS.NextVisible(t.Queue)
		return false, next
	}
	// The batching window: with fewer messages than the batch size, Lambda
	// waits up to MaximumBatchingWindowInSeconds for more before invoking.
	// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
	if t.BatchingWindow > 0 && n < t.BatchSize {
		if p.windowEnd.IsZero() {
			p.windowEnd = now.Add(t.BatchingWindow)
		}
		if now.Before(p.windowEnd) {
			wake = p.windowEnd
			if next, ok := r.Cloud.SQS.NextVisible(t.Queue); ok && next.Before(wake) {
				wake = next
			}
			return false, wake
		}
	}
	p.windowEnd = time.Time{}
	var batches [][]map[string]any
	for want := p.scale(now); len(batches) < want; {
		msgs, err := r.receiveBatch(p)
		if err != nil {
			r.failed(fmt.Errorf("polling queue %s for %s: %w", t.Queue, p.fn, err))
		}
		if len(msgs) > 0 {
			batches = append(batches, msgs)
		}
		if err != nil || len(msgs) < t.BatchSize {
			break
		}
	}
	if len(batches) == 0 {
		// The visible messages went to the dead-letter queue on this
		// receive (or a FIFO group is locked): the queue changed if their
		// number did.
		next, _ := r.Cloud.SQS.NextVisible(t.Queue)
		after := r.visible(p)
		if moved := n - after; moved > 0 {
			q := r.queue(t.Queue)
			r.report(Invocation{Function: p.fn, Source: "sqs", Note: fmt.Sprintf("%s received %d times (maxReceiveCount) moved from %s to its dead-letter queue %s",
				countOf(moved, "message"), q.MaxReceiveCount, t.Queue, q.DeadLetterQueue)})
		}
		return after != n, next
	}
	events := make([][]byte, len(batches))
	ids := make([]map[string]bool, len(batches))
	for b, msgs := range batches {
		records := make([]any, len(msgs))
		ids[b] = map[string]bool{}
		for i, m := range msgs {
			records[i] = r.sqsRecord(p, m)
			id, _ := m["MessageId"].(string)
			ids[b][id] = true
		}
		event, err := json.Marshal(map[string]any{"Records": records})
		if err != nil {
			r.failed(err)
			return true, time.Time{}
		}
		events[b] = event
	}
	attempts := r.funcs[p.fn].InvokeConcurrent(ctx, events)
	r.Clock.Set(r.Fleet.Now())
	vt := r.visibilityTimeout(p)
	failed := false
	for b, a := range attempts {
		if !r.finishBatch(p, batches[b], ids[b], a.Result, a.Err, vt) {
			failed = true
		}
	}
	if failed {
		p.backOff(r.Fleet.Now())
	}
	p.backlog = r.visible(p) > 0
	return true, time.Time{}
}

// finishBatch deletes what a batch's invocation processed and reports it;
// ok is false when the invocation failed or was throttled.
func (r *Runtime) finishBatch(p *sqsPoller, msgs []map[string]any, ids map[string]bool, res *sandbox.Result, err error, vt time.Duration) (ok bool) {
	t := p.trigger
	if err != nil {
		var thr *sandbox.ThrottleError
		verb := "come"
		if len(msgs) == 1 {
			verb = "comes"
		}
		note := fmt.Sprintf("the %s %s back on %s after the visibility timeout (%v)", countOf(len(msgs), "message"), verb, t.Queue, vt)
		if errors.As(err, &thr) {
			// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-backoff-strategy
			note = fmt.Sprintf("throttled (%s): Lambda backs the mapping off; %s, and each throttle counts as a receive towards the dead-letter queue's maxReceiveCount", thr.Reason, note)
		}
		r.report(Invocation{Function: p.fn, Source: "sqs", Attempt: 1, Err: err, Note: note})
		return false
	}
	failed, whole := map[string]bool{}, res.Error != nil
	reason := "the function failed, so the whole batch failed"
	if !whole && t.ReportBatchItemFailures {
		failed, whole, reason = partialBatch(res.Response, ids)
	}
	deleted := 0
	for _, m := range msgs {
		id, _ := m["MessageId"].(string)
		if whole || failed[id] {
			continue
		}
		if _, err := r.Cloud.SQS.Call("DeleteMessage", map[string]any{"QueueUrl": p.url, "ReceiptHandle": m["ReceiptHandle"]}); err != nil {
			r.failed(fmt.Errorf("deleting message %s from %s: %w", id, t.Queue, err))
			continue
		}
		deleted++
	}
	back := len(msgs) - deleted
	note := fmt.Sprintf("%s deleted from %s", countOf(deleted, "message"), t.Queue)
	if back > 0 {
		if whole {
			note = reason + ": "
		} else {
			note += "; "
		}
		note += fmt.Sprintf("%s back on %s after the visibility timeout (%v)", countOf(back, "message"), t.Queue, vt)
	}
	r.report(Invocation{Function: p.fn, Source: "sqs", Attempt: 1, Result: res, Note: note})
	return !whole
}

func (r *Runtime) queue(name string) Queue {
	for _, q := range r.Project.Queues {
		if q.Name == name {
			return q
		}
	}
	return Queue{Name: name}
}

func (r *Runtime) visibilityTimeout(p *sqsPoller) time.Duration {
	out, err := r.Cloud.SQS.Call("GetQueueAttributes", map[string]any{"QueueUrl": p.url, "AttributeNames": []any{"VisibilityTimeout"}})
	if err != nil {
		return 0
	}
	var s string
	switch a := out["Attributes"].(type) {
	case map[string]string:
		s = a["VisibilityTimeout"]
	case map[string]any:
		s, _ = a["VisibilityTimeout"].(string)
	}
	n, _ := strconv.Atoi(s)
	return time.Duration(n) * time.Second
}

func countOf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// partialBatch reads a function's response under ReportBatchItemFailures
// and returns the messages that failed, or whole when the batch failed as
// a whole. AWS's rules, from
// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
// ("Success and failure conditions"):
//
//   - Lambda treats a batch as a complete success if the function returns
//     an empty batchItemFailures list, a null batchItemFailures list, an
//     empty EventResponse or a null EventResponse.
//   - Lambda treats a batch as a complete failure if the function returns
//     an invalid JSON response, an empty string itemIdentifier, a null
//     itemIdentifier, an itemIdentifier with a bad key name, or an
//     itemIdentifier value with a message ID that doesn't exist.
//
// A misspelled top-level key ({"batchItemFailure": [...]}) is read as a
// null batchItemFailures list, so the batch succeeds and every message is
// deleted.
func partialBatch(resp []byte, ids map[string]bool) (failed map[string]bool, whole bool, reason string) {
	failed = map[string]bool{}
	resp = bytes.TrimSpace(resp)
	if len(resp) == 0 || string(resp) == "null" {
		return failed, false, ""
	}
	var body any
	if err := json.Unmarshal(resp, &body); err != nil {
		return nil, true, "the response is not valid JSON, so the whole batch failed"
	}
	obj, ok := body.(map[string]any)
	if !ok {
		return nil, true, "the response is not a JSON object with batchItemFailures, so the whole batch failed"
	}
	list, present := obj["batchItemFailures"]
	if !present || list == nil {
		return failed, false, ""
	}
	items, ok := list.([]any)
	if !ok {
		return nil, true, "batchItemFailures is not a list, so the whole batch failed"
	}
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, true, "an entry of batchItemFailures is not an object, so the whole batch failed"
		}
		raw, has := m["itemIdentifier"]
		if !has {
			return nil, true, "an entry of batchItemFailures has no itemIdentifier key, so the whole batch failed"
		}
		id, _ := raw.(string)
		switch {
		case raw == nil:
			return nil, true, "an itemIdentifier is null, so the whole batch failed"
		case id == "":
			return nil, true, "an itemIdentifier is empty, so the whole batch failed"
		case !ids[id]:
			return nil, true, fmt.Sprintf("the itemIdentifier %q is not a message ID of the batch, so the whole batch failed", id)
		}
		failed[id] = true
	}
	return failed, false, ""
}

// sqsRecord is one message as Lambda puts it in the event's Records: the
// system attributes as SQS gives them, the message attributes in the
// lower-case event form, the queue's ARN and Region.
// https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
func (r *Runtime) sqsRecord(p *sqsPoller, m map[string]any) map[string]any {
	attrs := map[string]any{}
	switch a := m["Attributes"].(type) {
	case map[string]any:
		for k, v := range a {
			attrs[k] = v
		}
	case map[string]string:
		for k, v := range a {
			attrs[k] = v
		}
	}
	msgAttrs := map[string]any{}
	if ma, ok := m["MessageAttributes"].(map[string]any); ok {
		for name, v := range ma {
			a, _ := v.(map[string]any)
			out := map[string]any{"stringListValues": []any{}, "binaryListValues": []any{}, "dataType": a["DataType"]}
			if s, ok := a["StringValue"]; ok && s != nil {
				out["stringValue"] = s
			}
			switch b := a["BinaryValue"].(type) {
			case []byte:
				out["binaryValue"] = base64.StdEncoding.EncodeToString(b)
			case string:
				out["binaryValue"] = b
			}
			msgAttrs[name] = out
		}
	}
	var md5Attrs any
	if s, ok := m["MD5OfMessageAttributes"].(string); ok && s != "" {
		md5Attrs = s
	}
	return map[string]any{
		"messageId":              m["MessageId"],
		"receiptHandle":          m["ReceiptHandle"],
		"body":                   m["Body"],
		"attributes":             attrs,
		"messageAttributes":      msgAttrs,
		"md5OfBody":              m["MD5OfBody"],
		"md5OfMessageAttributes": md5Attrs,
		"eventSource":            "aws:sqs",
		"eventSourceARN":         p.arn,
		"awsRegion":              r.region,
	}
}

// streamReader is a DynamoDB stream event source mapping: batches of
// stream records in order; a failed batch is retried, and blocks the
// records behind it, until it succeeds or its records expire (24 hours).
// https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
type streamReader struct {
	fn, table string
	batchSize int
	pending   []map[string]any
	retryAt   time.Time     // zero: no failed batch waiting
	backoff   time.Duration // the wait before the next retry of a failed batch
	failedAt  time.Time     // when the first record of the blocked batch first failed
}

// streamRetention is how long a DynamoDB stream keeps a record.
const streamRetention = 24 * time.Hour

// streamBackoffMax caps the wait between retries of a failed stream batch.
// AWS does not document these waits; the tutor doubles from one second.
const streamBackoffMax = time.Minute

// runStreams invokes one batch of one stream whose turn it is. did says
// whether it ran one; wake is when a blocked batch is retried.
func (r *Runtime) runStreams(ctx context.Context, now time.Time) (did bool, wake time.Time) {
	for _, s := range r.streams {
		r.mu.Lock()
		if len(s.pending) == 0 || s.retryAt.After(now) {
			if len(s.pending) > 0 && (wake.IsZero() || s.retryAt.Before(wake)) {
				wake = s.retryAt
			}
			r.mu.Unlock()
			continue
		}
		n := min(len(s.pending), s.batchSize)
		batch := append([]any(nil), anySlice(s.pending[:n])...)
		r.mu.Unlock()
		event, err := json.Marshal(map[string]any{"Records": batch})
		if err != nil {
			r.failed(err)
			return true, time.Time{}
		}
		res, err := r.funcs[s.fn].Invoke(ctx, event)
		r.Clock.Set(r.Fleet.Now())
		inv := Invocation{Function: s.fn, Source: "dynamodb", Attempt: 1, Result: res, Err: err}
		r.mu.Lock()
		if err == nil && res.Error == nil {
			s.pending = s.pending[n:]
			s.retryAt, s.backoff, s.failedAt = time.Time{}, 0, time.Time{}
			inv.Note = fmt.Sprintf("%s of table %s processed", countOf(n, "stream record"), s.table)
		} else {
			end := r.Fleet.Now()
			if s.failedAt.IsZero() {
				s.failedAt = end
			}
			if s.backoff == 0 {
				s.backoff = time.Second
			} else {
				s.backoff = min(2*s.backoff, streamBackoffMax)
			}
			s.retryAt = end.Add(s.backoff)
			inv.Note = fmt.Sprintf("the batch failed: Lambda retries it in %v, and the stream of %s waits behind it until it succeeds or its records expire (24 h)", s.backoff, s.table)
			if s.retryAt.Sub(s.failedAt) > streamRetention {
				s.pending = s.pending[n:]
				s.retryAt, s.backoff, s.failedAt = time.Time{}, 0, time.Time{}
				inv.Note = fmt.Sprintf("the batch failed until its records expired (24 h): %s dropped", countOf(n, "stream record"))
			}
		}
		r.mu.Unlock()
		r.report(inv)
		return true, time.Time{}
	}
	return false, wake
}

func anySlice(ms []map[string]any) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = m
	}
	return out
}

// Pending describes the work left, one line per item, for a learner
// watching Settle stop at its limit.
func (r *Runtime) Pending() []string {
	var out []string
	r.mu.Lock()
	if n := len(r.jobs); n > 0 {
		out = append(out, countOf(n, "asynchronous event")+" queued")
	}
	for _, s := range r.streams {
		if len(s.pending) > 0 {
			out = append(out, fmt.Sprintf("%s of table %s waiting for %s", countOf(len(s.pending), "stream record"), s.table, s.fn))
		}
	}
	r.mu.Unlock()
	for _, p := range r.pollers {
		n := r.visible(p)
		next, ok := r.Cloud.SQS.NextVisible(p.trigger.Queue)
		switch {
		case n > 0:
			out = append(out, fmt.Sprintf("%s visible on %s for %s", countOf(n, "message"), p.trigger.Queue, p.fn))
		case ok:
			out = append(out, fmt.Sprintf("messages on %s become visible again at %s", p.trigger.Queue, next.UTC().Format(time.TimeOnly)))
		}
	}
	return out
}
