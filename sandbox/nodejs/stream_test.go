package nodejs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

func TestStreamingHandlerWritesChunksOverTime(t *testing.T) {
	_, f := deploy(t, "nodejs24.x", map[string]string{"index.mjs": `
export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  const httpStream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'Content-Type': 'text/plain' } });
  for (const word of ['Hello', ' streaming', ' world']) {
    httpStream.write(word);
    await new Promise((r) => setTimeout(r, 100));
  }
  httpStream.end();
});`}, nil)
	var seen []string
	ctx := sandbox.WithStreamWatcher(context.Background(), func(id string, c sandbox.StreamChunk, prelude bool) {
		if prelude {
			seen = append(seen, "prelude "+string(c.Data))
			return
		}
		seen = append(seen, string(c.Data))
	})
	r, err := f.Invoke(ctx, []byte(`{}`))
	if err != nil || r.Error != nil {
		t.Fatalf("err=%v function error=%v\n%s", err, r.Error, r.LogText())
	}
	if string(r.Response) != "Hello streaming world" {
		t.Errorf("response = %q", r.Response)
	}
	s := r.Stream
	if s == nil || s.ContentType != "application/vnd.awslambda.http-integration-response" ||
		string(s.Prelude) != `{"statusCode":200,"headers":{"Content-Type":"text/plain"}}` || len(s.Chunks) != 3 {
		t.Fatalf("stream = %+v", s)
	}
	if d := s.Chunks[2].At - s.Chunks[0].At; d < 200*time.Millisecond {
		t.Errorf("chunks should be 100 ms apart on the virtual clock: %v", d)
	}
	if s.Bytes != 21 || s.BilledBytes != 0 {
		t.Errorf("bytes %d, billed %d", s.Bytes, s.BilledBytes)
	}
	if got := strings.Join(seen, "|"); got != `prelude {"statusCode":200,"headers":{"Content-Type":"text/plain"}}|Hello| streaming| world` {
		t.Errorf("watcher saw %q", got)
	}
}

func TestStreamingPipelineAndBilledBytes(t *testing.T) {
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": `
const { pipeline } = require('stream/promises');
const { Readable } = require('stream');
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const mb = 'x'.repeat(1024 * 1024);
  await pipeline(Readable.from(Array.from({ length: event.mb }, () => mb)), responseStream);
});`}, func(c *sandbox.Config) { c.MemoryMB = 1024; c.TimeoutSec = 30 })
	r := run(t, f, `{"mb":8}`)
	if r.Error != nil || r.Stream == nil {
		t.Fatalf("error %v\n%s", r.Error, r.LogText())
	}
	if r.Stream.Bytes != 8<<20 || r.Stream.BilledBytes != 2<<20 || r.Stream.ContentType != "application/octet-stream" {
		t.Errorf("bytes %d billed %d type %q", r.Stream.Bytes, r.Stream.BilledBytes, r.Stream.ContentType)
	}
}

func TestStreamingOver200MBFails(t *testing.T) {
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": `
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  try { for (let i = 0; i < 13; i++) responseStream.write(chunk); } catch (e) { console.log('caught', e.code); }
  responseStream.end();
});`}, func(c *sandbox.Config) { c.MemoryMB = 3008; c.TimeoutSec = 60 })
	r := run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != sandbox.ErrTypeResponseTooLarge || !strings.Contains(r.Error.Message, "(209715200 bytes)") {
		t.Fatalf("got %v", r.Error)
	}
	if !strings.Contains(r.LogText(), "caught ERR_STREAM_TOO_LARGE") {
		t.Errorf("the write should throw:\n%s", r.LogText())
	}
}

func TestStreamingErrorsAsTheRuntimeClient(t *testing.T) {
	cases := []struct{ src, typ, msg string }{
		{`exports.handler = awslambda.streamifyResponse((event, rs) => { rs.end('x'); });`, "string", "Streaming does not support non-async handlers."},
		{`exports.handler = awslambda.streamifyResponse(async (event, rs) => { rs.write('x'); });`, "string", "Response stream is not finished."},
		{`exports.handler = awslambda.streamifyResponse(async (event, rs) => { rs.write('x'); throw new Error('mid-stream'); });`, "Error", "mid-stream"},
	}
	for _, tc := range cases {
		f := js(t, tc.src)
		r := run(t, f, `{}`)
		if r.Error == nil || r.Error.Type != tc.typ || r.Error.Message != tc.msg {
			t.Errorf("%s\n got %v", tc.src, r.Error)
		}
		if !strings.Contains(r.LogText(), "\tERROR\tInvoke Error \t") {
			t.Errorf("not logged:\n%s", r.LogText())
		}
	}
	f := js(t, `exports.handler = awslambda.streamifyResponse(async (event, rs) => { rs.end('ok'); return 'ignored'; });`)
	r := run(t, f, `{}`)
	if r.Error != nil || !strings.Contains(r.LogText(), "\tWARN\tStreaming handlers ignore return values.") {
		t.Errorf("error %v\n%s", r.Error, r.LogText())
	}
}
