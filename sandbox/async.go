package sandbox

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Asynchronous invocation (InvocationType Event, FACTS §2.3), built on
// Invoke: Lambda queues the event and answers 202 at once; a function
// error, including a timeout, is retried twice, one minute after the first
// attempt and two minutes after the second, with the same request id. A
// throttled event goes back on the queue and is retried with a backoff
// growing from 1 s to 5 min, until it is older than the maximum event age.
const (
	// MaxAsyncPayload is the largest Event payload: 1 MB (FACTS §2).
	MaxAsyncPayload = 1024 * 1024
	// DefaultAsyncRetries is how many times a failed event is retried by
	// default (MaximumRetryAttempts ranges 0 to 2).
	DefaultAsyncRetries = 2
	// DefaultMaxEventAge is how long an event may wait in the queue: 6 h.
	DefaultMaxEventAge = 6 * time.Hour
)

// AsyncRetryDelays are the waits before the first and second retry of a
// failed event, counted from the end of the failed attempt.
var AsyncRetryDelays = [DefaultAsyncRetries]time.Duration{time.Minute, 2 * time.Minute}

// Throttle backoff of queued events: from 1 s, doubling, to at most 5 min.
const (
	asyncBackoffStart = time.Second
	asyncBackoffMax   = 5 * time.Minute
)

// AsyncOptions are the function's asynchronous invocation settings
// (EventInvokeConfig).
type AsyncOptions struct {
	// MaximumRetryAttempts is 0 to 2; nil means 2.
	MaximumRetryAttempts *int
	// MaximumEventAge is 60 s to 6 h; 0 means 6 h.
	MaximumEventAge time.Duration
}

// AsyncInvocation is what became of one queued event.
type AsyncInvocation struct {
	// RequestID is the event's request id, the same in every attempt.
	RequestID string
	// Attempts are the runs of the function, in order: the first and its
	// retries. Each Result carries RequestID in its logs and REPORT.
	Attempts []*Result
	// Throttles counts the times the event was refused with 429 and went
	// back on the queue.
	Throttles int
	// Dropped is set when the event was discarded without a successful
	// run: retries exhausted, the event too old, or reserved concurrency 0.
	// DropReason says only what happened to the event here; the caller
	// knows whether a DLQ or on-failure destination receives it and says so.
	Dropped bool
	// DropReason says why, in a sentence, when Dropped is set.
	DropReason string
}

// Succeeded reports whether an attempt ran without a function error.
func (a *AsyncInvocation) Succeeded() bool {
	l := a.Last()
	return l != nil && l.Error == nil
}

// Last is the last attempt, nil when none ran.
func (a *AsyncInvocation) Last() *Result {
	if len(a.Attempts) == 0 {
		return nil
	}
	return a.Attempts[len(a.Attempts)-1]
}

// InvokeAsync queues event for an asynchronous invocation and runs it to
// its end on the virtual clock: the first attempt at once, then the
// retries Lambda would make. Afterwards the clock stands at the end of the
// last attempt. The error is a *RequestError when Lambda refuses the
// request itself (payload over 1 MB, not JSON); function errors and
// throttles are in the AsyncInvocation.
//
// The engine sees a new request id on each retry (the sandbox draws one
// per invoke); the logs, REPORT line and error of every attempt are
// rewritten to carry the first attempt's id, as Lambda's do.
func (f *Function) InvokeAsync(ctx context.Context, event []byte, opts AsyncOptions) (*AsyncInvocation, error) {
	if len(event) > MaxAsyncPayload {
		return nil, &RequestError{Type: "RequestEntityTooLargeException", StatusCode: 413,
			Message: fmt.Sprintf("Request must be smaller than %d bytes for the InvokeFunction operation", MaxAsyncPayload)}
	}
	if !jsonValid(event) {
		return nil, invalidEventError(event)
	}
	retries := DefaultAsyncRetries
	if opts.MaximumRetryAttempts != nil {
		retries = min(max(*opts.MaximumRetryAttempts, 0), DefaultAsyncRetries)
	}
	maxAge := opts.MaximumEventAge
	if maxAge <= 0 {
		maxAge = DefaultMaxEventAge
	}
	acct := f.acct
	queued := acct.Now()
	out := &AsyncInvocation{}
	backoff := asyncBackoffStart
	for {
		if err := ctx.Err(); err != nil {
			return out, fmt.Errorf("asynchronous invocation cancelled: %w", err)
		}
		// Retries keep the event's request id, in the handler's context too.
		var res *Result
		var err error
		if out.RequestID == "" {
			res, err = f.Invoke(ctx, event)
		} else {
			res, err = f.InvokeWithID(ctx, event, out.RequestID)
		}
		var thr *ThrottleError
		switch {
		case errors.As(err, &thr):
			out.Throttles++
			if r := f.Config().ReservedConcurrency; r != nil && *r == 0 {
				out.Dropped, out.DropReason = true, "reserved concurrency is 0, so Lambda discarded the event without running or retrying it"
				return out, nil
			}
			if acct.Now().Add(backoff).Sub(queued) > maxAge {
				out.Dropped, out.DropReason = true, fmt.Sprintf("the event stayed throttled past its maximum age of %v", maxAge)
				return out, nil
			}
			acct.Advance(backoff)
			backoff = min(2*backoff, asyncBackoffMax)
			continue
		case err != nil:
			return out, err
		}
		if out.RequestID == "" {
			out.RequestID = res.RequestID
		}
		out.Attempts = append(out.Attempts, res)
		if res.Error == nil {
			return out, nil
		}
		n := len(out.Attempts) - 1 // retries made so far
		if n >= retries {
			out.Dropped, out.DropReason = true, fmt.Sprintf("%d attempts failed, so Lambda stopped retrying the event", len(out.Attempts))
			return out, nil
		}
		if acct.Now().Add(AsyncRetryDelays[n]).Sub(queued) > maxAge {
			out.Dropped, out.DropReason = true, fmt.Sprintf("the event passed its maximum age of %v before its retry", maxAge)
			return out, nil
		}
		acct.Advance(AsyncRetryDelays[n])
		backoff = asyncBackoffStart
	}
}
