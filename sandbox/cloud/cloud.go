// Package cloud holds what the tutor's in-process AWS services share: the
// error every service returns as AWS shapes it, and the clock they read.
// The services themselves live in sub-packages (dynamodb, s3, sqs, ...),
// each with no network and its state in memory.
package cloud

import (
	"fmt"
	"sync"
	"time"
)

// Error is an AWS service error as the SDKs surface it: the error code
// (the SDK's error name, e.g. "ConditionalCheckFailedException",
// "NoSuchKey"), AWS's message, and the HTTP status of the response.
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf builds an Error; status is the HTTP status AWS answers with.
func Errorf(status int, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Status: status}
}

// Clock is the time a service reads: the sandbox's virtual clock in the
// tutor, a fixed or stepped clock in tests.
type Clock interface {
	Now() time.Time
}

// VirtualClock is the Clock the sandbox gives the services of a project:
// before each SDK call it is set to the virtual time of the call making
// the request, so that timestamps, visibility timeouts and retention
// follow the function's virtual clock.
type VirtualClock struct {
	mu sync.Mutex
	t  time.Time
}

// Set moves the clock to t (never backwards: calls of concurrent
// environments may arrive out of order).
func (c *VirtualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.t) {
		c.t = t
	}
}

// Now is the latest time set.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Str reads a string from an SDK input: "" when k is absent or not a
// string.
func Str(in map[string]any, k string) string {
	v, _ := in[k].(string)
	return v
}

// Int reads a whole number from an SDK input: an int or int64 from Go, a
// float64 from a JavaScript number or a JSON document. A fraction, or any
// other type, is not one.
func Int(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case float64:
		if x == float64(int(x)) {
			return int(x), true
		}
	}
	return 0, false
}
