package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/lambdatutor/lambdatutor/sandbox/limits"
)

// Error types the sandbox itself reports, in Lambda's names. FACTS §3.1
// marks "Sandbox.Timedout" UNVERIFIED (the timeout payload's errorMessage
// and log line are verified); DESIGN.md adopts it.
const (
	ErrTypeTimeout          = "Sandbox.Timedout"
	ErrTypeOutOfMemory      = "Runtime.OutOfMemory"
	ErrTypeExit             = "Runtime.ExitError"
	ErrTypeResponseTooLarge = "Function.ResponseSizeTooLarge"
)

// FunctionError is an invocation that ended in an error: the error object
// Lambda returns as the response payload, with X-Amz-Function-Error set.
type FunctionError struct {
	// Type is errorType: "Error", "TypeError", "Runtime.HandlerNotFound"...
	Type string
	// Message is errorMessage.
	Message string
	// Trace is the stack trace, one frame a line (Node's "trace"); nil
	// when the runtime gives none.
	Trace []string
	// Fatal marks a crashed runtime: the environment is reset, so the
	// next invoke is cold.
	Fatal bool
	// Raw, when set, is the error object exactly as the runtime wrote it
	// (Python's {"errorMessage": ..., "errorType": ..., "requestId": ...,
	// "stackTrace": [...]}); Payload returns it.
	Raw []byte
}

func (e *FunctionError) Error() string { return e.Type + ": " + e.Message }

// Payload is the JSON error object, keys in Lambda's order:
// {"errorType":...,"errorMessage":...,"trace":[...]}, or Raw when the
// runtime wrote the payload itself. A nil Trace is left out; an empty one
// is "trace":[] (Node's runtime sends that for a thrown value that is not
// an Error).
func (e *FunctionError) Payload() []byte {
	if e.Raw != nil {
		return e.Raw
	}
	if e.Trace != nil && len(e.Trace) == 0 {
		return MarshalJSON(struct {
			Type    string   `json:"errorType"`
			Message string   `json:"errorMessage"`
			Trace   []string `json:"trace"`
		}{e.Type, e.Message, e.Trace})
	}
	v := struct {
		Type    string   `json:"errorType"`
		Message string   `json:"errorMessage"`
		Trace   []string `json:"trace,omitempty"`
	}{e.Type, e.Message, e.Trace}
	return MarshalJSON(v)
}

// MarshalJSON encodes like JavaScript's JSON.stringify: no HTML escaping
// and no trailing newline.
func MarshalJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte("null")
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

// Throttle reasons of a 429 TooManyRequestsException (FACTS §2.1).
const (
	ReasonConcurrentLimit         = limits.ReasonConcurrentLimit
	ReasonFunctionRateLimit       = limits.ReasonFunctionRateLimit
	ReasonReservedConcurrentLimit = limits.ReasonReservedConcurrentLimit
	ReasonReservedRateLimit       = limits.ReasonReservedRateLimit
)

// ThrottleError is an invocation Lambda refused: HTTP 429
// TooManyRequestsException. No execution environment ran, nothing is billed.
type ThrottleError struct {
	// Reason is one of the Reason* constants.
	Reason string
	// RetryAfterSeconds is a suggested wait, 0 when there is none.
	RetryAfterSeconds int
}

// StatusCode is the HTTP status, 429.
func (e *ThrottleError) StatusCode() int { return 429 }

func (e *ThrottleError) Error() string {
	return fmt.Sprintf("TooManyRequestsException: Rate Exceeded. (Reason: %s; %s)", e.Reason, throttleHints[e.Reason])
}

var throttleHints = map[string]string{
	ReasonConcurrentLimit:         "every environment the account's concurrency allows is busy: wait for one, or raise the account limit",
	ReasonFunctionRateLimit:       "the function may add 1,000 environments per 10 seconds, and take 10 requests per second per unit of concurrency: spread the requests out",
	ReasonReservedConcurrentLimit: "the function's reserved concurrency is used up (0 throttles every call): raise it",
	ReasonReservedRateLimit:       "the function may add 1,000 environments per 10 seconds, and take 10 requests per second per unit of reserved concurrency: spread the requests out",
}

// RequestError is an Invoke request Lambda rejects before running
// anything, such as an event over 6 MB.
type RequestError struct {
	// Type is the exception name, such as RequestEntityTooLargeException.
	Type       string
	Message    string
	StatusCode int
}

func (e *RequestError) Error() string { return e.Type + ": " + e.Message }
