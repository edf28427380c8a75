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
	for _, want := range []string{"== invocation 1 (cold, environment 1) ==", "== invocation 2 (warm, environment 1) ==",
		`"body": "hello value1 #2"`, "\tINFO\tevent { key1: 'value1', key2: 'value2', key3: 'value3' }",
		"Init Duration: ", "(us-east-1, no free tier)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "Init Duration") != 1 {
		t.Errorf("Init Duration only on the cold invoke:\n%s", out)
	}
	if !regexp.MustCompile(`REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t\n`).MatchString(out) {
		t.Errorf("no warm REPORT line:\n%s", out)
	}
	again, _, _ := run(t, tempDB(t), "invoke", file, "--repeat", "2", "--deterministic")
	if again != out {
		t.Error("--deterministic output differs between runs")
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
	if n := strings.Count(out+errOut, "Reason: ConcurrentInvocationLimitExceeded"); n != 2 {
		t.Errorf("%d throttles by the account limit, want 2:\n%s%s", n, out, errOut)
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
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`stream +\+2\d\d ms  6 bytes  "second"`).MatchString(out) {
		t.Errorf("the second chunk should come 250 ms later on the invocation's clock:\n%s", out)
	}
}
