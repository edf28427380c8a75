package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// A streaming handler (awslambda.streamifyResponse) sends its response in
// chunks. invoke shows each chunk as the handler writes it, with its time
// on the invocation's clock, then what the stream billed.

// withStreamPrinter makes the invocations of ctx print streamed chunks to w
// as they come; nothing in --json mode.
func withStreamPrinter(ctx context.Context, w io.Writer, asJSON bool) context.Context {
	if asJSON {
		return ctx
	}
	return sandbox.WithStreamWatcher(ctx, func(_ string, c sandbox.StreamChunk, prelude bool) {
		if prelude {
			fmt.Fprintf(w, "stream %8s  HTTP prelude %s\n", streamTime(c), c.Data)
			return
		}
		fmt.Fprintf(w, "stream %8s  %d bytes  %s\n", streamTime(c), len(c.Data), chunkText(c.Data))
	})
}

func streamTime(c sandbox.StreamChunk) string {
	return "+" + strconv.FormatFloat(float64(c.At.Microseconds())/1000, 'f', 0, 64) + " ms"
}

// chunkText shows a chunk: text as a quoted string (cut at 120 bytes),
// binary as its size only.
func chunkText(b []byte) string {
	if !utf8.Valid(b) {
		return "(binary)"
	}
	if len(b) > 120 {
		return strconv.Quote(string(b[:120])) + "..."
	}
	return strconv.Quote(string(b))
}

// printStreamSummary tells a streamed invocation's totals: the body size
// against the 200 MB limit, and the bytes billed as streamed (those past
// the first 6 MB of each response).
func printStreamSummary(w io.Writer, a sandbox.Attempt, asJSON bool) error {
	if asJSON || a.Result == nil || a.Result.Stream == nil {
		return nil
	}
	s := a.Result.Stream
	_, err := fmt.Fprintf(w, "Streamed: %d chunks, %d bytes (%s) of the %d MB limit; %d bytes billed as streamed (past the first 6 MB)\n\n",
		len(s.Chunks), s.Bytes, s.ContentType, sandbox.MaxStreamedResponse>>20, s.BilledBytes)
	return err
}
