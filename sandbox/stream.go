package sandbox

import (
	"context"
	"fmt"
	"time"
)

// Response streaming (Node.js: awslambda.streamifyResponse): the handler
// writes its response to a stream; the caller receives the bytes as they
// are written, through a function URL in RESPONSE_STREAM mode or the
// InvokeWithResponseStream API.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html

const (
	// MaxStreamedResponse is the largest streamed response: 200 MB
	// (6 MB buffered). [AWS] FunctionUrlConfig InvokeMode API reference:
	// "The maximum response payload size is 200 MB".
	MaxStreamedResponse = 200 * 1024 * 1024
	// StreamFreeBytes is the part of each streamed response that is not
	// billed as streamed bytes: the first 6 MB of every request. AWS
	// Lambda pricing page, https://aws.amazon.com/lambda/pricing/ (quoted
	// by [3rd] https://cloudchipr.com/blog/aws-lambda-pricing : "the first
	// 6MB per request free").
	StreamFreeBytes = 6 * 1024 * 1024
)

// StreamChunk is one write of a streamed response, with the virtual time
// since the invocation started.
type StreamChunk struct {
	At   time.Duration
	Data []byte
}

// StreamedResponse is what a streaming handler sent.
type StreamedResponse struct {
	// ContentType is the stream's content type:
	// "application/vnd.awslambda.http-integration-response" when the
	// handler used awslambda.HttpResponseStream.from.
	ContentType string
	// Prelude is the HTTP metadata (statusCode, headers, cookies) as JSON,
	// written before the body by HttpResponseStream.from; nil otherwise.
	Prelude []byte
	// Chunks are the body's writes in order.
	Chunks []StreamChunk
	// Bytes counts the body bytes streamed.
	Bytes int64
	// BilledBytes are the bytes billed as streamed: those past the first
	// 6 MB of the response (StreamFreeBytes).
	BilledBytes int64
}

// Body is the streamed body, the chunks joined.
func (s *StreamedResponse) Body() []byte {
	out := make([]byte, 0, s.Bytes)
	for _, c := range s.Chunks {
		out = append(out, c.Data...)
	}
	return out
}

type streamWatcherKey struct{}

// WithStreamWatcher returns a context whose invocations report each chunk
// of a streamed response to fn as the handler writes it (prelude first,
// as a chunk with prelude set). fn runs on the invoking goroutine.
func WithStreamWatcher(ctx context.Context, fn func(requestID string, c StreamChunk, prelude bool)) context.Context {
	return context.WithValue(ctx, streamWatcherKey{}, fn)
}

func streamWatcher(ctx context.Context) func(string, StreamChunk, bool) {
	fn, _ := ctx.Value(streamWatcherKey{}).(func(string, StreamChunk, bool))
	return fn
}

// StreamTooLargeError is the error of a write past MaxStreamedResponse.
type StreamTooLargeError struct{ Size int64 }

func (e *StreamTooLargeError) Error() string {
	return fmt.Sprintf("Response payload size (%d bytes) exceeded maximum allowed payload size (%d bytes).", e.Size, MaxStreamedResponse)
}

// StreamStart marks the invocation as streamed, with a content type.
func (c *Call) StreamStart(contentType string) {
	if c.stream == nil {
		c.stream = &StreamedResponse{}
	}
	c.stream.ContentType = contentType
}

// StreamPrelude records the HTTP prelude of HttpResponseStream.from.
func (c *Call) StreamPrelude(json []byte) {
	if c.stream == nil {
		c.stream = &StreamedResponse{}
	}
	c.stream.Prelude = append([]byte(nil), json...)
	if c.watch != nil {
		c.watch(c.RequestID, StreamChunk{At: c.elapsed(), Data: c.stream.Prelude}, true)
	}
}

// StreamWrite sends one chunk of a streamed response. Past 200 MB it
// returns a *StreamTooLargeError and sends nothing.
func (c *Call) StreamWrite(b []byte) error {
	if c.stream == nil {
		c.stream = &StreamedResponse{}
	}
	s := c.stream
	if s.Bytes+int64(len(b)) > MaxStreamedResponse {
		return &StreamTooLargeError{Size: s.Bytes + int64(len(b))}
	}
	chunk := StreamChunk{At: c.elapsed(), Data: append([]byte(nil), b...)}
	s.Chunks = append(s.Chunks, chunk)
	s.Bytes += int64(len(b))
	s.BilledBytes = max(0, s.Bytes-StreamFreeBytes)
	if c.watch != nil {
		c.watch(c.RequestID, chunk, false)
	}
	return nil
}
