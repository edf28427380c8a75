package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// writeHandler writes files into a temp dir and returns the first one's path.
func writeHandler(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	first := ""
	for i := 0; i+1 < len(files); i += 2 {
		p := filepath.Join(dir, files[i])
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = p
		}
	}
	return first
}

func TestInvokeColdThenWarm(t *testing.T) {
	file := writeHandler(t, "index.mjs", `import { greet } from './lib/greet.js';
let calls = 0;
export const handler = async (event) => {
  calls++;
  console.log('event', event);
  return { statusCode: 200, body: greet(event.key1) + ' #' + calls };
};`, "lib/greet.js", "exports.greet = (n) => `hello ${n}`;")
	out, errOut, code := run(t, tempDB(t), "invoke", file, "--repeat", "2", "--deterministic")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	// The responses on stdout, the rest on stderr.
	if !strings.Contains(out, `"body": "hello value1 #2"`) {
		t.Errorf("stdout lacks the response:\n%s", out)
	}
	for _, want := range []string{"== invocation 1 (cold, environment 1) ==", "== invocation 2 (warm, environment 1) ==",
		"\tINFO\tevent { key1: 'value1', key2: 'value2', key3: 'value3' }",
		"Init Duration: ", "(us-east-1, no free tier)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
		if strings.Contains(out, want) {
			t.Errorf("stdout has %q, which belongs on stderr:\n%s", want, out)
		}
	}
	if strings.Count(errOut, "Init Duration") != 1 {
		t.Errorf("Init Duration only on the cold invoke:\n%s", errOut)
	}
	if !regexp.MustCompile(`REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t\n`).MatchString(errOut) {
		t.Errorf("no warm REPORT line:\n%s", errOut)
	}
	again, againErr, _ := run(t, tempDB(t), "invoke", file, "--repeat", "2", "--deterministic")
	if again != out || againErr != errOut {
		t.Error("--deterministic output differs between runs")
	}
}

// TestInvokeStreams: like `sam local invoke`, standard output holds only
// the responses (so `| jq` works), standard error the log and the cost.
func TestInvokeStreams(t *testing.T) {
	file := writeHandler(t, "index.js", `exports.handler = async (event) => { console.log('hi'); return { ok: true, key: event.key1 }; };`)
	out, errOut, code := run(t, tempDB(t), "invoke", file, "--repeat", "2", "--deterministic")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	t.Run("stdout", func(t *testing.T) { golden.RequireEqual(t, out) })
	t.Run("stderr", func(t *testing.T) { golden.RequireEqual(t, errOut) })
	dec := json.NewDecoder(strings.NewReader(out))
	for i := 0; i < 2; i++ {
		var v map[string]any
		if err := dec.Decode(&v); err != nil || v["key"] != "value1" {
			t.Fatalf("stdout is not two JSON responses (%v):\n%s", err, out)
		}
	}
}

// TestInvokeRunsTheNamedFile: with h.js beside h.mjs, `invoke h.mjs` runs
// h.mjs (Lambda's lookup would pick h.js) and says so; a --handler naming
// another file is run, with a note.
func TestInvokeRunsTheNamedFile(t *testing.T) {
	mjs := writeHandler(t, "h.mjs", `export const handler = async () => "from h.mjs";`,
		"h.js", `exports.handler = async () => "from h.js";`,
		"app.js", `exports.main = async () => "from app.js";`)
	out, errOut, code := run(t, tempDB(t), "invoke", mjs, "--deterministic")
	if code != 0 || strings.TrimSpace(out) != `"from h.mjs"` {
		t.Fatalf("exit %d, response %q, want \"from h.mjs\"\n%s", code, out, errOut)
	}
	if want := "note: h.js is beside h.mjs and Lambda would load it first for the handler h.handler; it is left out of the package, so h.mjs runs\n"; !strings.HasPrefix(errOut, want) {
		t.Errorf("stderr does not start with %q:\n%s", want, errOut)
	}
	js := filepath.Join(filepath.Dir(mjs), "h.js")
	out, errOut, _ = run(t, tempDB(t), "invoke", js, "--deterministic")
	if strings.TrimSpace(out) != `"from h.js"` || strings.Contains(errOut, "note:") {
		t.Errorf("invoke h.js: %q\n%s", out, errOut)
	}
	out, errOut, _ = run(t, tempDB(t), "invoke", mjs, "--handler", "app.main", "--deterministic")
	if strings.TrimSpace(out) != `"from app.js"` || !strings.Contains(errOut, "note: --handler app.main loads app.js, not h.mjs, the file named on the command line\n") {
		t.Errorf("invoke h.mjs --handler app.main: %q\n%s", out, errOut)
	}
}

func TestInvokeJSON(t *testing.T) {
	file := writeHandler(t, "app.js", `exports.main = async (event) => { if (event.fail) throw new Error('nope'); return event.n * 2; };`)
	var out, errOut bytes.Buffer
	f := &Factory{In: strings.NewReader(`{"n": 21}`), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }}
	code := Execute(context.Background(), f, "1", []string{"invoke", file, "--handler", "app.main", "--event", "-", "--json", "--runtime", "nodejs22.x", "--memory", "256", "--arch", "arm64"})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var got invocationJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if string(got.Response) != "42" || !got.Cold || got.Error != nil || got.Report.MemorySizeMB != 256 ||
		got.Report.InitDurationMs == nil || got.CostUSD <= 0 || len(got.Logs) != 3 || got.RequestID == "" {
		t.Errorf("unexpected: %s", out.String())
	}

	ev := filepath.Join(t.TempDir(), "ev.json")
	if err := os.WriteFile(ev, []byte(`{"fail":true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	code = Execute(context.Background(), f, "1", []string{"invoke", file, "--handler", "app.main", "--event", ev, "--json", "--repeat", "2"})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if code != 1 || len(lines) != 2 {
		t.Fatalf("a function error exits 1 and prints each invocation: exit %d\n%s", code, out.String())
	}
	if err := json.Unmarshal([]byte(lines[1]), &got); err != nil || got.Error == nil || got.Error.ErrorType != "Error" || got.Cold || got.Report.InitDurationMs != nil {
		t.Errorf("second invocation: %s", lines[1])
	}
}

func TestInvokeConcurrencyAndTemplate(t *testing.T) {
	file := writeHandler(t, "index.js", `exports.handler = async (event) => event.Records.length;`)
	out, errOut, code := run(t, tempDB(t), "invoke", file, "--template", "sqs", "--concurrency", "3", "--json", "--deterministic")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	streams := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var got invocationJSON
		if err := json.Unmarshal([]byte(l), &got); err != nil || !got.Cold {
			t.Fatalf("line %s: %v", l, err)
		}
		streams[got.RequestID] = true
	}
	if len(streams) != 3 {
		t.Errorf("3 concurrent requests, 3 cold environments:\n%s", out)
	}
}

func TestInvokeErrors(t *testing.T) {
	file := writeHandler(t, "index.js", `exports.handler = async () => 1;`)
	cases := [][]string{
		{"invoke", file, "--memory", "64"},
		{"invoke", file, "--runtime", "nodejs12.x"},
		{"invoke", file, "--template", "nope"},
		{"invoke", filepath.Join(t.TempDir(), "missing.js")},
		{"invoke", file, "--env", "AWS_REGION=eu-west-1"},
		{"invoke", file, "--env", "novalue"},
	}
	for _, args := range cases {
		_, errOut, code := run(t, tempDB(t), args...)
		if code == 0 || !strings.HasPrefix(errOut, "lambdatutor: ") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}

// TestInvokeThrottles: beyond a new account's 10 concurrent environments, or
// with reserved concurrency 0, Lambda answers 429 with the right Reason.
func TestInvokeThrottles(t *testing.T) {
	file := writeHandler(t, "index.js", `exports.handler = async () => "ok";`)
	out, errOut, code := run(t, tempDB(t), "invoke", file, "--concurrency", "12", "--new-account", "--deterministic")
	if code == 0 {
		t.Errorf("throttled invocations exit 0")
	}
	if n := strings.Count(errOut, "Reason: ConcurrentInvocationLimitExceeded"); n != 2 {
		t.Errorf("%d throttles by the account limit, want 2:\n%s%s", n, out, errOut)
	}
	// The run ends with a summary line on stderr.
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if got, want := lines[len(lines)-1], "Summary: 12 invocations: 10 ok, 2 throttled (2 ConcurrentInvocationLimitExceeded), 0 errors; total cost $0.00000493 (us-east-1, no free tier)"; got != want {
		t.Errorf("last line\n%s\nwant\n%s", got, want)
	}
	// --json: stdout stays one object per invocation; the summary is on stderr.
	out, errOut, _ = run(t, tempDB(t), "invoke", file, "--concurrency", "12", "--new-account", "--deterministic", "--json")
	if n := strings.Count(strings.TrimSpace(out), "\n") + 1; n != 12 || strings.Contains(out, "Summary") || !strings.HasPrefix(errOut, "Summary: 12 invocations: 10 ok, 2 throttled") {
		t.Errorf("--json: %d lines on stdout\n%s\nstderr %q", n, out, errOut)
	}
	out, errOut, _ = run(t, tempDB(t), "invoke", file, "--reserved", "0", "--deterministic")
	if !strings.Contains(out+errOut, "Reason: ReservedFunctionConcurrentInvocationLimitExceeded") {
		t.Errorf("reserved 0 did not throttle:\n%s%s", out, errOut)
	}
	_, errOut, code = run(t, tempDB(t), "invoke", file, "--new-account", "--account-limit", "50")
	if code == 0 || !strings.Contains(errOut, "--new-account") {
		t.Errorf("conflicting limits: exit %d %q", code, errOut)
	}
}

func TestInvokeShowsAStreamedResponse(t *testing.T) {
	file := writeHandler(t, "index.mjs", `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const s = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'Content-Type': 'text/plain' } });
  s.write('first ');
  await new Promise((r) => setTimeout(r, 250));
  s.end('second');
});`)
	out, errOut, code := run(t, tempDB(t), "invoke", file, "--deterministic")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	for _, want := range []string{
		`HTTP prelude {"statusCode":200,"headers":{"Content-Type":"text/plain"}}`,
		`6 bytes  "first "`, `6 bytes  "second"`,
		"Streamed: 2 chunks, 12 bytes (application/vnd.awslambda.http-integration-response) of the 200 MB limit; 0 bytes billed as streamed",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("standard error lacks %q:\n%s", want, errOut)
		}
	}
	if !regexp.MustCompile(`stream +\+2\d\d ms  6 bytes  "second"`).MatchString(errOut) {
		t.Errorf("the second chunk should come 250 ms later on the invocation's clock:\n%s", errOut)
	}
	// Like sam local invoke: standard output holds only the response.
	if strings.Contains(out, "stream ") || strings.Contains(out, "Streamed:") {
		t.Errorf("stream diagnostics on standard output:\n%s", out)
	}
	if out != "first second\n" {
		t.Errorf("standard output = %q, want the streamed body", out)
	}
}
