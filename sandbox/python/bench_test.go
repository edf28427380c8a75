package python

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// The bars of issue 12, measured (see BENCHMARKS.md):
//
//	go test ./sandbox/python/ -run '^$' -bench . -benchtime=20x

const apiHandler = `import json

def lambda_handler(event, context):
    body = json.loads(event["body"])
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"received": body, "path": event["rawPath"]})}
`

const apiEvent = `{"rawPath": "/orders", "body": "{\"orderId\": \"o-1\", \"items\": [1, 2, 3]}"}`

func reportP50(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2])/float64(time.Millisecond), "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100])/float64(time.Millisecond), "p99-ms")
}

// BenchmarkColdStart is a new execution environment up to the handler's
// first answer, as a learner sees it: an interpreter from the pool (when
// one is ready), the handler's import and one invoke.
func BenchmarkColdStart(b *testing.B) {
	if err := Prepare(); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		f := py(b, apiHandler)
		r := run(b, f, apiEvent)
		times = append(times, time.Since(t0))
		if r.Error != nil {
			b.Fatal(r.Error)
		}
	}
	reportP50(b, times)
}

// BenchmarkColdStartUnpooled is the same without the pool: a new
// instance started from the start-up snapshot (taken once per process, or
// read from the cache, before the timing starts), the handler's import
// and one invoke.
func BenchmarkColdStartUnpooled(b *testing.B) {
	if err := Prepare(); err != nil {
		b.Fatal(err)
	}
	if !haveSnapshot(b) {
		b.Fatal("no start-up snapshot")
	}
	coldStarts(b, startInterpreter)
}

// BenchmarkColdStartFull is a cold start without the pool or the
// snapshot: CPython's whole start-up, the bootstrap, the handler's import
// and one invoke (what a process without a cached snapshot pays once).
func BenchmarkColdStartFull(b *testing.B) {
	if err := Prepare(); err != nil {
		b.Fatal(err)
	}
	coldStarts(b, startFullInterpreter)
}

// coldStarts times new interpreters from start up to the answer to their
// first invoke.
func coldStarts(b *testing.B, start func() (*instance, error)) {
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		in, err := start()
		if err != nil {
			b.Fatal(err)
		}
		<-in.ch.ready
		handlerImport(b, in)
		if !in.ch.send([]byte(`{"requestId": "r", "deadlineMs": 1000000003000, "arn": "a"}` + "\n" + apiEvent)) {
			b.Fatal("interpreter gone")
		}
		if ans := <-in.ch.out; ans[0] != 'R' {
			b.Fatalf("invoke: %s", ans)
		}
		times = append(times, time.Since(t0))
		in.Close()
	}
	reportP50(b, times)
}

// haveSnapshot makes sure the process has its start-up snapshot.
func haveSnapshot(tb testing.TB) bool {
	in, err := startInterpreter()
	if err != nil {
		tb.Fatal(err)
	}
	<-in.ch.ready
	in.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return waitSnapshot(ctx)
}

// handlerImport binds an unbound interpreter to a function with the API
// handler and times its INIT message.
func handlerImport(b *testing.B, in *instance) time.Duration {
	cfg := sandbox.Config{Runtime: "python3.12", Handler: "lambda_function.lambda_handler", Files: map[string]string{"lambda_function.py": apiHandler}}.WithDefaults()
	rt, _ := sandbox.LookupRuntime(cfg.Runtime)
	in.bind(&sandbox.Host{Config: cfg, Runtime: rt, Env: map[string]string{}, Rand: rand.New(rand.NewPCG(1, 2)), Start: time.Unix(1e9, 0)})
	t0 := time.Now()
	if !in.ch.send([]byte(`{"handler": "lambda_function.lambda_handler", "env": {}}`)) {
		b.Fatal("interpreter gone")
	}
	if ans := <-in.ch.out; ans[0] != 'R' {
		b.Fatalf("INIT: %s", ans)
	}
	return time.Since(t0)
}

// BenchmarkWarmInvoke is one warm invoke of an API Gateway style handler
// (json.loads the body, json.dumps the reply), through the sandbox.
func BenchmarkWarmInvoke(b *testing.B) {
	f := py(b, apiHandler)
	run(b, f, apiEvent)
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		r := run(b, f, apiEvent)
		times = append(times, time.Since(t0))
		if r.Error != nil {
			b.Fatal(r.Error)
		}
	}
	reportP50(b, times)
}

// BenchmarkRunawayLoopStop is how long an interpreter spinning in
// `while True: pass` takes to stop once the host decides its deadline
// has come.
func BenchmarkRunawayLoopStop(b *testing.B) {
	if err := Prepare(); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	for b.Loop() {
		in, err := startInterpreter()
		if err != nil {
			b.Fatal(err)
		}
		<-in.ch.ready
		in.bind(&sandbox.Host{Config: sandbox.Config{Runtime: "python3.12", Handler: "spin.handler", Files: map[string]string{"spin.py": "def handler(event, context):\n    while True:\n        pass\n"}}.WithDefaults(),
			Env: map[string]string{}, Rand: rand.New(rand.NewPCG(1, 2)), Start: time.Unix(1e9, 0)})
		in.ch.send([]byte(`{"handler": "spin.handler", "env": {}}`))
		<-in.ch.out
		in.ch.send([]byte(`{"requestId": "r", "deadlineMs": 0, "arn": "a"}` + "\n{}"))
		time.Sleep(30 * time.Millisecond)
		t0 := time.Now()
		in.stop(sandbox.ErrDeadline)
		<-in.exited
		times = append(times, time.Since(t0))
		in.Close()
	}
	reportP50(b, times)
}

// BenchmarkWarmInstanceRSS reports the resident memory each warm Python
// execution environment adds.
func BenchmarkWarmInstanceRSS(b *testing.B) {
	const n = 10
	for b.Loop() {
		b.StopTimer()
		f0 := py(b, apiHandler)
		run(b, f0, apiEvent) // the pool and the first environment
		time.Sleep(200 * time.Millisecond)
		before := rssMB(b)
		for range n {
			run(b, py(b, apiHandler), apiEvent)
		}
		after := rssMB(b)
		b.ReportMetric((after-before)/n, "MB/instance")
		b.StartTimer()
	}
}

func rssMB(b *testing.B) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status")
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.Fields(v)[0])
			return float64(kb) / 1024
		}
	}
	b.Skip("no VmRSS")
	return 0
}

const roundTripHandler = `import boto3

table = boto3.resource("dynamodb").Table("Orders")

def lambda_handler(event, context):
    for i in range(event["n"]):
        table.put_item(Item={"id": event["id"], "qty": i, "status": "NEW"})
        status = table.get_item(Key={"id": event["id"]})["Item"]["status"]
    return status
`

// BenchmarkDynamoDBRoundTrip is a DynamoDB put_item and get_item through
// boto3's Table resource from a warm Python handler (issue 14's bar). Twenty
// round trips run in one invoke, so each op also carries a twentieth of
// the invoke; BenchmarkDynamoDBRoundTripInvoke has one per invoke.
func BenchmarkDynamoDBRoundTrip(b *testing.B) { benchRoundTrip(b, 20) }

// BenchmarkDynamoDBRoundTripInvoke is a warm invoke of a Python handler
// that does one DynamoDB put_item and one get_item (Table resource), the
// invoke included.
func BenchmarkDynamoDBRoundTripInvoke(b *testing.B) { benchRoundTrip(b, 1) }

func benchRoundTrip(b *testing.B, n int) {
	dir := b.TempDir()
	writeFile(b, dir+"/lambda_function.py", roundTripHandler)
	writeFile(b, dir+"/lambdatutor.yaml", `functions:
  orders:
    handler: lambda_function.lambda_handler
    runtime: python3.12
    policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:GetItem]
          Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders
tables:
  Orders: {partitionKey: "id:S"}
`)
	_, f := deployProject(b, dir, "")
	event := func(k int) string { return `{"id": "o-1", "n": ` + strconv.Itoa(k) + `}` }
	if r := run(b, f, event(1)); r.Error != nil || string(r.Response) != `"NEW"` {
		b.Fatalf("%s %v", r.Response, r.Error)
	}
	var times []time.Duration
	cpu0 := processCPU()
	b.ResetTimer()
	// One op is one round trip: b.N of them, n per invoke.
	for i := 0; i < b.N; i += n {
		k := min(n, b.N-i)
		t0 := time.Now()
		r := run(b, f, event(k))
		times = append(times, time.Since(t0)/time.Duration(k))
		if r.Error != nil {
			b.Fatal(r.Error)
		}
	}
	b.StopTimer()
	// The process's CPU time per round trip: what a busy machine changes
	// least (wall time there includes waiting for a core).
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N)/float64(time.Millisecond), "cpu-ms/op")
	reportP50(b, times)
}

func writeFile(b testing.TB, path, content string) {
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		b.Fatal(err)
	}
}
