package python

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Every test here that runs Python pays for a cold start of the wasm
// interpreter (the compiled module is shared by the whole package), so
// each function serves several checks in a row of warm invokes.

func TestEmbeddedWasmIsTheRecordedBuild(t *testing.T) {
	bin, err := decompress(pythonWasm)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(bin)
	if got := hex.EncodeToString(sum[:]); got != WasmSHA256 {
		t.Fatalf("python.wasm sha256 %s, want %s (wasm/SOURCE.md); rebuild it with wasm/fetch.sh", got, WasmSHA256)
	}
}

const warmHandler = `import json
import logging
import os
import sys
import time

logger = logging.getLogger()
logger.setLevel(logging.INFO)
COUNT = 0
print("init ran")


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self):
        self.n += 1
        return self.n


counter = Counter()


def lambda_handler(event, context):
    global COUNT
    COUNT += 1
    with open("/tmp/visits", "a") as f:
        f.write("x")
    t0 = time.time()
    time.sleep(event.get("sleep", 0))
    slept = round(time.time() - t0, 3)
    logger.info("visit %d", COUNT)
    sys.__stdout__.write('\x00\x00\x00\x0cR{"fake": 1}\n')
    try:
        open("/dev/lambdatutor/channel", "wb")
        channel = "opened"
    except OSError as e:
        channel = type(e).__name__
    return {"count": COUNT, "objects": counter.bump(), "tmp": len(open("/tmp/visits").read()),
            "slept": slept, "memory": context.memory_limit_in_mb, "region": os.environ["AWS_REGION"],
            "remaining": context.get_remaining_time_in_millis(), "channel": channel}
`

func TestWarmInvokesKeepStateAndTmp(t *testing.T) {
	f := py(t, warmHandler)
	r1 := run(t, f, `{}`)
	r2 := run(t, f, `{"sleep": 1.5}`)
	for i, r := range []*sandbox.Result{r1, r2} {
		if r.Error != nil {
			t.Fatalf("invoke %d: %s: %s\n%s", i+1, r.Error.Type, r.Error.Message, r.LogText())
		}
	}
	var got struct {
		Count, Objects, Tmp int
		Slept               float64
		Memory              string
		Region              string
		Remaining           int
		Channel             string
	}
	if err := json.Unmarshal(r2.Response, &got); err != nil {
		t.Fatalf("response %s: %v", r2.Response, err)
	}
	if got.Count != 2 || got.Objects != 2 || got.Tmp != 2 {
		t.Errorf("module state and /tmp did not persist: %s", r2.Response)
	}
	if got.Slept != 1.5 || got.Remaining > 1500 || got.Remaining < 1400 {
		t.Errorf("time.sleep(1.5) should advance the virtual clock: %s", r2.Response)
	}
	if r2.Report.DurationMs < 1500 || r2.Report.DurationMs > 1600 {
		t.Errorf("Duration %.2f ms, want the 1.5 s sleep plus little", r2.Report.DurationMs)
	}
	if got.Memory != "128" || got.Region == "" || got.Channel != "PermissionError" {
		t.Errorf("context, environment or channel: %s", r2.Response)
	}
	if !r1.Cold || r2.Cold {
		t.Errorf("cold flags %v %v", r1.Cold, r2.Cold)
	}
	logs := r1.LogText()
	for _, want := range []string{"init ran\nSTART RequestId: ", "[INFO]\t2026-01-15T09:00:00.", "\t" + r1.RequestID + "\tvisit 1\n", `R{"fake": 1}`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
}

func TestErrorsHaveLambdasShape(t *testing.T) {
	f := py(t, "class PaymentDeclined(Exception):\n    pass\n\n\ndef charge(n):\n    raise PaymentDeclined(f'{n} is too much')\n\n\ndef lambda_handler(event, context):\n    if event.get('set'):\n        return {'s': {1}}\n    return charge(event['n'])\n")
	r := run(t, f, `{"n": 5}`)
	want := `{"errorMessage": "5 is too much", "errorType": "PaymentDeclined", "requestId": "` + r.RequestID + `", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 12, in lambda_handler\n    return charge(event['n'])\n", "  File \"/var/task/lambda_function.py\", line 6, in charge\n    raise PaymentDeclined(f'{n} is too much')\n"]}`
	if r.Error == nil || string(r.Response) != want {
		t.Fatalf("response\n%s\nwant\n%s", r.Response, want)
	}
	wantLog := "[ERROR] PaymentDeclined: 5 is too much\nTraceback (most recent call last):\n  File \"/var/task/lambda_function.py\", line 12, in lambda_handler\n    return charge(event['n'])\n"
	if !strings.Contains(r.LogText(), wantLog) {
		t.Errorf("log:\n%s\nwant:\n%s", r.LogText(), wantLog)
	}
	r = run(t, f, `{"set": true}`)
	if r.Cold || r.Error == nil || r.Error.Type != "Runtime.MarshalError" || r.Error.Message != "Unable to marshal response: Object of type set is not JSON serializable" {
		t.Fatalf("marshal error: %s (cold %v)", r.Response, r.Cold)
	}
}

func TestInitErrors(t *testing.T) {
	cases := []struct {
		name, handler, src, typ, msg string
	}{
		{"syntax", "lambda_function.lambda_handler", "def lambda_handler(event, context):\n    return {'a': }\n",
			"Runtime.UserCodeSyntaxError", "Syntax error in module 'lambda_function': expression expected after dictionary key and ':' (lambda_function.py, line 2)"},
		{"missing module", "lambda_function.lambda_handler", "import requests\n\ndef lambda_handler(event, context):\n    return 1\n",
			"Runtime.ImportModuleError", "Unable to import module 'lambda_function': No module named 'requests'"},
		{"no handler", "lambda_function.handler", "def lambda_handler(event, context):\n    return 1\n",
			"Runtime.HandlerNotFound", "Handler 'handler' missing on module 'lambda_function'"},
		{"module code raises", "lambda_function.lambda_handler", "import os\nTABLE = os.environ['TABLE_NAME']\n\ndef lambda_handler(event, context):\n    return 1\n",
			"KeyError", "'TABLE_NAME'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, f := deploy(t, "python3.12", map[string]string{"lambda_function.py": c.src}, func(cfg *sandbox.Config) { cfg.Handler = c.handler })
			r := run(t, f, `{}`)
			if r.Error == nil || r.Error.Type != c.typ || r.Error.Message != c.msg {
				t.Fatalf("got %s\nlogs:\n%s", r.Response, r.LogText())
			}
			if !strings.Contains(r.LogText(), "[ERROR] "+c.typ+": "+c.msg) {
				t.Errorf("log:\n%s", r.LogText())
			}
		})
	}
}

func TestRunawayLoopTimesOutAndNextInvokeIsCold(t *testing.T) {
	_, f := deploy(t, "python3.13", map[string]string{"lambda_function.py": "def lambda_handler(event, context):\n    if event.get('spin'):\n        while True:\n            pass\n    return 'ok'\n"},
		func(c *sandbox.Config) { c.TimeoutSec = 1 })
	r := run(t, f, `{"spin": true}`)
	if r.Error == nil || r.Error.Type != sandbox.ErrTypeTimeout || !strings.Contains(r.Error.Message, "Task timed out after 1.00 seconds") {
		t.Fatalf("runaway loop: %s\n%s", r.Response, r.LogText())
	}
	if r.Report.DurationMs != 1000 {
		t.Errorf("Duration %.2f, want the 1 s timeout", r.Report.DurationMs)
	}
	r = run(t, f, `{}`)
	if !r.Cold {
		t.Error("the invoke after a timeout should be cold")
	}
	wantResponse(t, r, `"ok"`)
}

func TestSleepPastTheDeadlineTimesOut(t *testing.T) {
	_, f := deploy(t, "python3.12", map[string]string{"lambda_function.py": "import time\n\ndef lambda_handler(event, context):\n    time.sleep(5)\n    return 'late'\n"},
		func(c *sandbox.Config) { c.TimeoutSec = 2 })
	r := run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != sandbox.ErrTypeTimeout || r.Report.DurationMs != 2000 {
		t.Fatalf("sleep past the deadline: %s, Duration %.2f", r.Response, r.Report.DurationMs)
	}
}

func TestMemoryBombEndsOutOfMemory(t *testing.T) {
	_, f := deploy(t, "python3.12", map[string]string{"lambda_function.py": "def lambda_handler(event, context):\n    if event.get('bomb'):\n        a = []\n        while True:\n            a.append(bytearray(1 << 20))\n    return 'fine'\n"},
		func(c *sandbox.Config) { c.TimeoutSec = 60 })
	r := run(t, f, `{"bomb": true}`)
	if r.Error == nil || r.Error.Type != sandbox.ErrTypeOutOfMemory {
		t.Fatalf("memory bomb: %s\n%s", r.Response, r.LogText())
	}
	if r.Report.MaxMemoryUsedMB != 128 {
		t.Errorf("Max Memory Used %d, want the 128 MB limit", r.Report.MaxMemoryUsedMB)
	}
	r = run(t, f, `{}`)
	if !r.Cold {
		t.Error("the invoke after running out of memory should be cold")
	}
	wantResponse(t, r, `"fine"`)
}

const unavailableHandler = `import importlib


def lambda_handler(event, context):
    what = event["what"]
    if what == "socket":
        import socket
        socket.create_connection(("example.com", 443))
    elif what == "urllib":
        import urllib.request
        urllib.request.urlopen("https://example.com")
    elif what == "thread":
        import threading
        threading.Thread(target=print).start()
    elif what == "subprocess":
        import subprocess
        subprocess.run(["ls"])
    elif what == "asyncio":
        import asyncio

        async def main():
            return 1
        asyncio.run(main())
    elif what == "zoneinfo":
        from zoneinfo import ZoneInfo
        ZoneInfo("Europe/Paris")
    return "unreachable"
`

func TestWhatTheSandboxLacksIsSaidClearly(t *testing.T) {
	f := py(t, unavailableHandler)
	for _, c := range []struct{ what, typ, text string }{
		{"socket", "OSError", "network"},
		{"urllib", "URLError", "network"},
		{"thread", "RuntimeError", "threads"},
		{"subprocess", "OSError", "processes"},
		{"asyncio", "RuntimeError", "asyncio event loop"},
		{"zoneinfo", "ZoneInfoNotFoundError", "time zone database"},
	} {
		r := run(t, f, `{"what": "`+c.what+`"}`)
		if r.Error == nil || r.Error.Type != c.typ || !strings.Contains(r.Error.Message, c.text) ||
			!strings.Contains(r.Error.Message, "offline, in-process") || !strings.Contains(r.Error.Message, Lesson) {
			t.Errorf("%s: %s", c.what, r.Response)
		}
		if r.Cold && c.what != "socket" {
			t.Errorf("%s: a handled refusal should not reset the environment", c.what)
		}
	}
}

func TestDeterministicRunsAreByteIdentical(t *testing.T) {
	src := "import os, random, time, uuid\n\ndef lambda_handler(event, context):\n    print(time.time(), time.monotonic())\n    return {'r': random.random(), 'u': str(uuid.uuid4()), 'b': os.urandom(4).hex(), 'h': hash('x'), 'k': list({'b': 1, 'a': 2, 'c': 3}), 's': str({'x', 'y', 'z'})}\n"
	var runs [2][]byte
	for i := range runs {
		f := py(t, src)
		var b bytes.Buffer
		for range 2 {
			r := run(t, f, `{}`)
			b.WriteString(string(r.Response) + "\n" + r.LogText())
		}
		runs[i] = b.Bytes()
	}
	if !bytes.Equal(runs[0], runs[1]) {
		t.Fatalf("two deterministic runs differ:\n%s\n---\n%s", runs[0], runs[1])
	}
}

func TestTmpSizeIsEnforced(t *testing.T) {
	d := newTmpDir(10)
	if err := d.create(); err != nil {
		t.Fatal(err)
	}
	defer d.remove()
	f, errno := d.OpenFile("a", experimentalsys.O_RDWR|experimentalsys.O_CREAT, 0o600)
	if errno != 0 {
		t.Fatal(errno)
	}
	if n, errno := f.Write([]byte("12345678")); errno != 0 || n != 8 {
		t.Fatalf("write within the limit: %d %v", n, errno)
	}
	if _, errno := f.Write([]byte("abc")); errno == 0 {
		t.Fatal("a write past the /tmp limit succeeded")
	}
	if _, errno := f.Pwrite([]byte("xy"), 0); errno != 0 {
		t.Fatalf("overwriting within the file: %v", errno)
	}
	f.Close()
	if errno := d.Unlink("a"); errno != 0 || d.used.Load() != 0 {
		t.Fatalf("unlink frees the space: %v, used %d", errno, d.used.Load())
	}
}

func TestTmpFullIsNoSpaceLeftOnDevice(t *testing.T) {
	if err := Prepare(); err != nil {
		t.Fatal(err)
	}
	in, err := startInterpreter()
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := in.tmp.create(); err != nil {
		t.Fatal(err)
	}
	src := "def lambda_handler(event, context):\n    with open('/tmp/big', 'wb') as f:\n        f.write(b'x' * (3 << 20))\n    return 'written'\n"
	// One megabyte of /tmp (the sandbox's configurations start at 512 MB;
	// the interpreter is bound by hand here to keep the test small).
	cfg := sandbox.Config{Runtime: "python3.12", Handler: "lambda_function.lambda_handler", Files: map[string]string{"lambda_function.py": src}}.WithDefaults()
	cfg.EphemeralMB = 1
	in.bind(&sandbox.Host{Config: cfg, Env: map[string]string{}, Rand: rand.New(rand.NewPCG(1, 2)), Start: time.Unix(1e9, 0)})
	<-in.ch.ready
	in.ch.send([]byte(`{"handler": "lambda_function.lambda_handler", "env": {}}`))
	if ans := <-in.ch.out; ans[0] != 'R' {
		t.Fatalf("INIT: %s", ans)
	}
	in.ch.send([]byte(`{"requestId": "r1", "deadlineMs": 0, "arn": "a"}` + "\n{}"))
	ans := <-in.ch.out
	if ans[0] != 'E' || !strings.Contains(string(ans), `"errorMessage": "[Errno 28] No space left on device", "errorType": "OSError"`) {
		t.Fatalf("a write past /tmp's size: %s", ans)
	}
	if in.tmp.used.Load() > 1<<20 {
		t.Errorf("/tmp holds %d bytes of its 1 MB", in.tmp.used.Load())
	}
}

func TestDroppedInstancesReleaseTheirInterpreters(t *testing.T) {
	cfg := sandbox.Config{Runtime: "python3.12", Handler: "lambda_function.lambda_handler"}.WithDefaults()
	inst, err := Engine{}.NewInstance(&sandbox.Host{Config: cfg, Env: map[string]string{}, Rand: rand.New(rand.NewPCG(1, 2)), Start: time.Unix(1e9, 0)})
	if err != nil {
		t.Fatal(err)
	}
	in := inst.(*handle).instance
	<-in.ch.ready
	inst = nil // dropped without Close, as by a forgotten account
	for i := 0; ; i++ {
		runtime.GC()
		select {
		case <-in.exited:
			in.tmp.remove() // Close may still be on its way to it
			return
		case <-time.After(100 * time.Millisecond):
		}
		if i == 100 {
			t.Fatal("the interpreter of a dropped instance is still running")
		}
	}
}

func TestStartGuardIsFound(t *testing.T) {
	bin, err := decompress(pythonWasm)
	if err != nil {
		t.Fatal(err)
	}
	// wasm-objdump -d python.wasm: _start begins with
	// block; i32.const 4728656; i32.load; i32.eqz; if.
	if got, err := findStartGuard(bin); err != nil || got != 4728656 {
		t.Fatalf("findStartGuard = %d, %v; want 4728656", got, err)
	}
}
