package python

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// seedHandler is the seed's first handler, exactly as written.
const seedHandler = `import json

def lambda_handler(event, context):
    # TODO implement
    return {
        'statusCode': 200,
        'body': json.dumps('Hello from AWS Lambda!')
    }
`

func TestSeedHandlerByteForByte(t *testing.T) {
	for _, rt := range []string{"python3.12", "python3.13", "python3.14"} {
		t.Run(rt, func(t *testing.T) {
			_, f := deploy(t, rt, map[string]string{"lambda_function.py": seedHandler}, nil)
			r := run(t, f, `{"key1": "value1"}`)
			wantResponse(t, r, `{"statusCode": 200, "body": "\"Hello from AWS Lambda!\""}`)
			if !r.Cold || r.Report.InitDurationMs == nil {
				t.Fatalf("first invoke should be cold with an Init Duration: %+v", r.Report)
			}
			if !strings.HasPrefix(r.Logs[0], "START RequestId: ") || !strings.HasPrefix(r.Logs[len(r.Logs)-1], "REPORT RequestId: ") {
				t.Fatalf("logs:\n%s", r.LogText())
			}
			w := run(t, f, `{}`)
			if w.Cold || w.Report.InitDurationMs != nil {
				t.Fatalf("second invoke should be warm: %+v", w.Report)
			}
		})
	}
}

func TestWarmStateVirtualTimeAndLogs(t *testing.T) {
	f := py(t, `import logging
import time
logger = logging.getLogger()
logger.setLevel(logging.INFO)
CACHE = {"hits": 0}
SEEN = []
print("cold start")
def lambda_handler(event, context):
    CACHE["hits"] += 1
    SEEN.append(event["n"])
    logger.info("event %d of %s", event["n"], "many")
    logger.debug("not shown at INFO")
    t0 = time.time()
    time.sleep(0.3)
    print("waited", round(time.time() - t0, 3), end="")
    print(" ms left?", context.get_remaining_time_in_millis() < 2700)
    return {"hits": CACHE["hits"], "seen": SEEN}
`)
	first := run(t, f, `{"n": 1}`)
	wantResponse(t, first, `{"hits": 1, "seen": [1]}`)
	second := run(t, f, `{"n": 2}`)
	wantResponse(t, second, `{"hits": 2, "seen": [1, 2]}`)
	if first.Logs[0] != "cold start" || !strings.HasPrefix(first.Logs[1], "START ") {
		t.Errorf("INIT output must come before START:\n%s", first.LogText())
	}
	got := appLines(second)
	if len(got) != 2 {
		t.Fatalf("app lines %q", got)
	}
	want := "[INFO]\t" + sandbox.FormatLogTime(second.Start.Add(0)) + "\t" + second.RequestID + "\tevent 2 of many"
	if !strings.HasPrefix(got[0], "[INFO]\t2026-01-15T09:00:00.") || !strings.HasSuffix(got[0], "\t"+second.RequestID+"\tevent 2 of many") {
		t.Errorf("logging line %q, want the shape %q", got[0], want)
	}
	if got[1] != "waited 0.3 ms left? True" {
		t.Errorf("print line %q", got[1])
	}
	if d := second.Report.DurationMs; d < 300 || d > 305 {
		t.Errorf("Duration %.2f ms, want 300 ms of virtual sleep plus overhead", d)
	}
}

func TestContextEnvironmentAndRuntimes(t *testing.T) {
	_, f := deploy(t, "python3.14", map[string]string{"lambda_function.py": `import os
def lambda_handler(event, context):
    return {
        "id": context.aws_request_id == os.environ.get("NOPE", context.aws_request_id),
        "name": context.function_name, "version": context.function_version,
        "arn": context.invoked_function_arn, "mem": context.memory_limit_in_mb,
        "group": context.log_group_name, "stream": context.log_stream_name == os.environ["AWS_LAMBDA_LOG_STREAM_NAME"],
        "left": context.get_remaining_time_in_millis(),
        "exec": os.environ["AWS_EXECUTION_ENV"], "handler": os.getenv("_HANDLER"),
        "table": os.environ["TABLE"], "home": os.getenv("HOME"), "user": "USER" in os.environ,
    }
`}, func(c *sandbox.Config) {
		c.FunctionName, c.MemoryMB, c.TimeoutSec, c.Env = "orders", 512, 10, map[string]string{"TABLE": "orders-table"}
	})
	r := run(t, f, `{}`)
	if r.Error != nil {
		t.Fatalf("%s: %s", r.Error.Type, r.Error.Message)
	}
	var got map[string]any
	if err := json.Unmarshal(r.Response, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": true, "name": "orders", "version": "$LATEST", "arn": "arn:aws:lambda:us-east-1:123456789012:function:orders",
		"mem": 512.0, "group": "/aws/lambda/orders", "stream": true, "exec": "AWS_Lambda_python3.14",
		"handler": "lambda_function.lambda_handler", "table": "orders-table", "home": nil, "user": false}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if left := got["left"].(float64); left <= 9000 || left > 10000 {
		t.Errorf("get_remaining_time_in_millis() = %v, want a little under 10000", left)
	}
}

func TestHandlerResolution(t *testing.T) {
	cases := []struct {
		handler, typ, msg string
		files             map[string]string
	}{
		{"lambda_function.lambda_handler", "Runtime.HandlerNotFound", "Handler 'lambda_handler' missing on module 'lambda_function'", map[string]string{"lambda_function.py": "x = 1\n"}},
		{"lambda_function.x", "Runtime.HandlerNotFound", "is not a function", map[string]string{"lambda_function.py": "x = 1\n"}},
		{"nohandler", "Runtime.MalformedHandlerName", "Bad handler 'nohandler'", map[string]string{"lambda_function.py": "x = 1\n"}},
		{"app.handler", "Runtime.ImportModuleError", "Unable to import module 'app': No module named 'app'", map[string]string{"lambda_function.py": "x = 1\n"}},
	}
	for _, c := range cases {
		_, f := deploy(t, "python3.13", c.files, func(cfg *sandbox.Config) { cfg.Handler = c.handler })
		r := run(t, f, `{}`)
		if r.Error == nil || r.Error.Type != c.typ || !strings.Contains(r.Error.Message, c.msg) {
			t.Errorf("%s: error %+v, want %s containing %q", c.handler, r.Error, c.typ, c.msg)
		}
	}
	// Own modules import like Python's: src/app.py with a helper module.
	_, f := deploy(t, "python3.13", map[string]string{
		"src/app.py": "import helpers\nfrom helpers import greet as g\ndef handler(event, context):\n    return [helpers.greet(event['who']), g('x'), helpers.CALLS]\n",
		"helpers.py": "CALLS = []\ndef greet(who):\n    CALLS.append(who)\n    return 'hi ' + who\n",
	}, func(cfg *sandbox.Config) { cfg.Handler = "src/app.handler" })
	wantResponse(t, run(t, f, `{"who": "ann"}`), `["hi ann", "hi x", ["ann", "x"]]`)
}

// TestDeterministicRuns: two accounts in deterministic mode produce the
// same bytes, and compute time follows the execution steps.
func TestDeterministicRuns(t *testing.T) {
	src := `import uuid
import random
def lambda_handler(event, context):
    total = 0
    for i in range(event["n"]):
        total += i
    return {"total": total, "id": str(uuid.uuid4()), "r": random.randint(1, 1000)}
`
	runAll := func() []*sandbox.Result {
		// One full vCPU and a long timeout: the core's watchdog also
		// stops a call on host time scaled by the vCPU share, which a
		// busy host could reach first at small memory sizes.
		_, f := deploy(t, "python3.13", map[string]string{"lambda_function.py": src}, func(c *sandbox.Config) { c.MemoryMB, c.TimeoutSec = 1769, 60 })
		return []*sandbox.Result{run(t, f, `{"n": 10}`), run(t, f, `{"n": 10}`), run(t, f, `{"n": 200000}`)}
	}
	a, b := runAll(), runAll()
	for i := range a {
		if a[i].LogText() != b[i].LogText() || string(a[i].Response) != string(b[i].Response) {
			t.Errorf("invoke %d differs between runs:\n%s%s\n%s%s", i, a[i].LogText(), a[i].Response, b[i].LogText(), b[i].Response)
		}
	}
	if string(a[0].Response) == string(a[1].Response) {
		t.Errorf("uuid4 and random must differ between invokes: %s", a[0].Response)
	}
	// 200,000 loop iterations: far more compute than 10.
	if a[2].Report.DurationMs < a[1].Report.DurationMs+40 {
		t.Errorf("a 200,000-iteration loop took %.2f ms against %.2f ms for 10: compute must follow the steps", a[2].Report.DurationMs, a[1].Report.DurationMs)
	}
}

func TestMainGuardAndPrintRepr(t *testing.T) {
	r := run(t, py(t, `def lambda_handler(event, context):
    print(event, [b"x", 1.0, None], (1,), {"k": {"n": True}})
    return __name__

if __name__ == "__main__":
    print("run as a script")
`), `{"a": "it's"}`)
	wantResponse(t, r, `"lambda_function"`)
	if got := appLines(r); len(got) != 1 || got[0] != `{'a': "it's"} [b'x', 1.0, None] (1,) {'k': {'n': True}}` {
		t.Errorf("print wrote %q", got)
	}
}

func TestLoggingLevelsAndInitLines(t *testing.T) {
	r := run(t, py(t, `import logging
import datetime
logging.info("not shown: the root logger starts at WARNING")
logging.warning("init warning")
log = logging.getLogger("orders")
def lambda_handler(event, context):
    log.info("hidden too")
    log.error("failed %(id)s", {"id": 7})
    log.setLevel("DEBUG")
    log.debug("now %d", 1)
    return [datetime.datetime.now().isoformat(), datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), str(datetime.date.today())]
`), `{}`)
	wantResponse(t, r, `["2026-01-15T09:00:00.097821", "2026-01-15T09:00:00+00:00", "2026-01-15"]`)
	got := appLines(r)
	want := []string{"[WARNING]\t2026-01-15T09:00:00.095Z\t\tinit warning", "[ERROR]\t2026-01-15T09:00:00.097Z\t" + r.RequestID + "\tfailed 7", "[DEBUG]\t2026-01-15T09:00:00.097Z\t" + r.RequestID + "\tnow 1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("log lines\n%q\nwant\n%q", got, want)
	}
}
