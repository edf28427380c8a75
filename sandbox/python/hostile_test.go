package python

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

func TestInfiniteLoopTimesOutAndResets(t *testing.T) {
	f := py(t, "def lambda_handler(event, context):\n    if event.get('loop'):\n        while True:\n            pass\n    return 'ok'\n")
	r := run(t, f, `{"loop": true}`)
	if r.Error == nil || r.Error.Type != sandbox.ErrTypeTimeout || !strings.HasSuffix(r.Error.Message, "Task timed out after 3.00 seconds") {
		t.Fatalf("error %+v", r.Error)
	}
	if r.Report.DurationMs != 3000 {
		t.Errorf("Duration %.2f, want the full 3000 ms", r.Report.DurationMs)
	}
	next := run(t, f, `{}`)
	wantResponse(t, next, `"ok"`)
	if !next.Cold {
		t.Error("the invoke after a timeout must be cold")
	}
}

// TestLoopCancelledFromOutside: a loop with a long timeout and a large
// step budget stops when the invocation's context is cancelled (the
// Interrupt path the sandbox also uses for deadlines and memory).
func TestLoopCancelledFromOutside(t *testing.T) {
	_, f := deploy(t, "python3.13", map[string]string{"lambda_function.py": "def lambda_handler(event, context):\n    n = 0\n    while True:\n        n += 1\n"},
		func(c *sandbox.Config) { c.TimeoutSec, c.MemoryMB = 900, 10240 })
	ctx, cancel := context.WithCancel(context.Background())
	stop := time.AfterFunc(20*time.Millisecond, cancel)
	defer stop.Stop()
	r, err := f.Invoke(ctx, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Error == nil || !strings.Contains(r.Error.Message, "invocation cancelled") {
		t.Fatalf("error %+v", r.Error)
	}
}

func TestUnboundedAllocationIsOutOfMemory(t *testing.T) {
	// A long timeout: at 128 MB the core's watchdog would otherwise also
	// stop the call on host time (3 s scaled by the vCPU share) on a busy
	// machine, before the memory check.
	acct, f := deploy(t, "python3.13", map[string]string{"lambda_function.py": "HOLD = []\ndef lambda_handler(event, context):\n    if event.get('grow'):\n        while True:\n            HOLD.append('x' * 100000)\n    return len(HOLD)\n"},
		func(c *sandbox.Config) { c.TimeoutSec = 120 })
	other, err := acct.NewFunction(sandbox.Config{FunctionName: "other", Runtime: "python3.12", Handler: "lambda_function.lambda_handler",
		Files: map[string]string{"lambda_function.py": seedHandler}})
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, f, `{"grow": true}`)
	if r.Error == nil || r.Error.Type != sandbox.ErrTypeOutOfMemory {
		t.Fatalf("error %+v\n%s", r.Error, r.LogText())
	}
	if r.Report.MaxMemoryUsedMB != 128 {
		t.Errorf("Max Memory Used %d MB, want the full 128", r.Report.MaxMemoryUsedMB)
	}
	next := run(t, f, `{}`)
	wantResponse(t, next, `0`)
	if !next.Cold {
		t.Error("the environment must be reset after running out of memory")
	}
	wantResponse(t, run(t, other, `{}`), `{"statusCode": 200, "body": "\"Hello from AWS Lambda!\""}`)
}

func TestSingleHugeValuesAreRefused(t *testing.T) {
	for _, expr := range []string{"s + s", "'ab' * (10 ** 12)", "[0] * (10 ** 9)", "list(range(10 ** 12))", "2 ** (10 ** 9)", "grow(s)"} {
		src := "def grow(x):\n    x += x\n    return x\n\ndef lambda_handler(event, context):\n    s = 'a' * (40 * 1024 * 1024)\n    return len(" + expr + ")\n"
		// a long timeout: building the 40 MB string must not meet the
		// core's host-time watchdog on a slow (or -race) run
		_, f := deploy(t, "python3.13", map[string]string{"lambda_function.py": src}, func(c *sandbox.Config) { c.TimeoutSec = 120 })
		r := run(t, f, `{}`)
		if r.Error == nil || r.Error.Type != "MemoryError" {
			t.Errorf("%s: error %+v", expr, r.Error)
		}
	}
}

func TestDeepRecursionIsRecursionError(t *testing.T) {
	f := py(t, "def depth(n):\n    return depth(n + 1)\n\ndef lambda_handler(event, context):\n    if event.get('deep'):\n        return depth(0)\n    return 'fine'\n")
	r := run(t, f, `{"deep": true}`)
	if r.Error == nil || r.Error.Type != "RecursionError" || r.Error.Message != "maximum recursion depth exceeded" {
		t.Fatalf("error %+v", r.Error)
	}
	lines := appLines(r)
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "  [Previous line repeated ") {
		t.Errorf("traceback must collapse the repeated frames: last line %q", last)
	}
	// Python survives a RecursionError: the environment stays warm.
	next := run(t, f, `{}`)
	wantResponse(t, next, `"fine"`)
	if next.Cold {
		t.Error("a RecursionError must not reset the environment")
	}
}

func TestOutputFloodIsCapped(t *testing.T) {
	_, f := deploy(t, "python3.13", map[string]string{"lambda_function.py": "def lambda_handler(event, context):\n    for i in range(20000):\n        print('line', i, 'x' * 80)\n    return 'done'\n"},
		func(c *sandbox.Config) { c.TimeoutSec = 120 })
	r := run(t, f, `{}`)
	wantResponse(t, r, `"done"`)
	if !r.LogTruncated {
		t.Error("the log must be marked truncated")
	}
	if len(r.LogText()) > sandbox.DefaultMaxLogBytes+2048 {
		t.Errorf("log is %d bytes, over the cap", len(r.LogText()))
	}
	if !strings.HasPrefix(r.Logs[len(r.Logs)-1], "REPORT ") {
		t.Error("REPORT must still close the log")
	}
}

func TestOversizedResponse(t *testing.T) {
	r := run(t, py(t, "def lambda_handler(event, context):\n    return 'a' * (7 * 1024 * 1024)\n"), `{}`)
	if r.Error == nil || r.Error.Type != sandbox.ErrTypeResponseTooLarge {
		t.Fatalf("error %+v", r.Error)
	}
}

func TestNoHostAccess(t *testing.T) {
	for body, want := range map[string]string{
		"return open('/etc/passwd').read()":                              "name 'open' is not defined",
		"return __import__('subprocess')":                                "No module named 'subprocess'",
		"return os.system('id')":                                         "has no attribute 'system'",
		"return os.environ.get('PATH') != None and 'HOME' in os.environ": "",
	} {
		r := run(t, py(t, "import os\ndef lambda_handler(event, context):\n    "+body+"\n"), `{}`)
		if want == "" {
			wantResponse(t, r, `false`)
			continue
		}
		if r.Error == nil || !strings.Contains(r.Error.Message, want) {
			t.Errorf("%s: %+v, want an error containing %q", body, r.Error, want)
		}
	}
}

// TestSlowInitIsRetriedInsideTheInvoke: an INIT over 10 s is abandoned and
// retried under the function timeout, as Lambda does; module-level
// time.sleep runs on the virtual clock.
func TestSlowInitIsRetriedInsideTheInvoke(t *testing.T) {
	_, f := deploy(t, "python3.13", map[string]string{"lambda_function.py": "import time\ntime.sleep(11)\ndef lambda_handler(event, context):\n    return 1\n"},
		func(c *sandbox.Config) { c.TimeoutSec = 5 })
	r := run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != sandbox.ErrTypeTimeout || r.Report.InitDurationMs != nil {
		t.Fatalf("error %+v, report %s", r.Error, r.Report.Line())
	}
	_, f = deploy(t, "python3.13", map[string]string{"lambda_function.py": "import time\ntime.sleep(2)\ndef lambda_handler(event, context):\n    return 1\n"}, nil)
	r = run(t, f, `{}`)
	wantResponse(t, r, `1`)
	if r.Report.InitDurationMs == nil || *r.Report.InitDurationMs < 2000 {
		t.Errorf("Init Duration must include the 2 s sleep: %s", r.Report.Line())
	}
}
