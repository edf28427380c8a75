// Package cloud holds what the tutor's in-process AWS services share: the
// error every service returns as AWS shapes it, and the clock they read.
// The services themselves live in sub-packages (dynamodb, s3, sqs, ...),
// each with no network and its state in memory.
package cloud

import (
	"fmt"
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
