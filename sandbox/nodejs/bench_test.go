package nodejs

import (
	"context"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox/events"
)

const benchHandler = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ hello: event.key1 }) });`

const benchEvent = `{"key1":"value1","key2":"value2","key3":"value3"}`

// Each benchmark reports cpu-ns/op beside ns/op: the process's CPU time
// per invoke (see cpuTime), steadier than the wall clock on a busy machine.

// BenchmarkWarmInvoke is one warm invoke of a trivial handler, with the
// START/END/REPORT lines, the virtual clock and billing.
func BenchmarkWarmInvoke(b *testing.B) {
	f := js(b, benchHandler)
	ctx := context.Background()
	ev := []byte(benchEvent)
	run(b, f, benchEvent)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		r, err := f.Invoke(ctx, ev)
		if err != nil || r.Error != nil || r.Cold {
			b.Fatalf("invoke %d: err=%v function error=%v cold=%v", i, err, r.Error, r.Cold)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkColdInvoke is a cold invoke: a new execution environment (a new
// VM), INIT of the module, then the invoke.
func BenchmarkColdInvoke(b *testing.B) {
	f := js(b, benchHandler)
	ctx := context.Background()
	ev := []byte(benchEvent)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		if err := f.Reset(); err != nil {
			b.Fatal(err)
		}
		r, err := f.Invoke(ctx, ev)
		if err != nil || r.Error != nil || !r.Cold {
			b.Fatalf("invoke %d: err=%v function error=%v cold=%v", i, err, r.Error, r.Cold)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkWarmInvokeMinimal is the floor: an async handler that returns a
// constant, with an empty event.
func BenchmarkWarmInvokeMinimal(b *testing.B) {
	f := js(b, `exports.handler = async () => 'ok';`)
	ctx := context.Background()
	ev := []byte(`{}`)
	run(b, f, `{}`)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		r, err := f.Invoke(ctx, ev)
		if err != nil || r.Error != nil || r.Cold {
			b.Fatalf("invoke %d: err=%v function error=%v cold=%v", i, err, r.Error, r.Cold)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkColdInvokeMinimal is the cold floor: a new environment, INIT
// and the invoke of an async handler that returns a constant.
func BenchmarkColdInvokeMinimal(b *testing.B) {
	f := js(b, `exports.handler = async () => 'ok';`)
	ctx := context.Background()
	ev := []byte(`{}`)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		if err := f.Reset(); err != nil {
			b.Fatal(err)
		}
		r, err := f.Invoke(ctx, ev)
		if err != nil || r.Error != nil || !r.Cold {
			b.Fatalf("invoke %d: err=%v function error=%v cold=%v", i, err, r.Error, r.Cold)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// apiHandler is a realistic API Gateway proxy handler: it parses the
// request body, reads the path and a header, and serialises its reply.
const apiHandler = `exports.handler = async (event) => {
  const body = JSON.parse(event.body || '{}');
  const who = (event.pathParameters && event.pathParameters.name) || 'world';
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: 'hello ' + who, received: body, agent: event.headers['User-Agent'] }),
  };
};`

// BenchmarkWarmInvokeAPIGateway is one warm invoke of apiHandler with the
// apigw-rest event of sandbox/events (2 KB: headers, multi-value headers,
// request context, a JSON body). Issue 16's bar: at most 50 µs.
func BenchmarkWarmInvokeAPIGateway(b *testing.B) {
	ev, err := events.Get("apigw-rest")
	if err != nil {
		b.Fatal(err)
	}
	f := js(b, apiHandler)
	ctx := context.Background()
	run(b, f, string(ev))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		r, err := f.Invoke(ctx, ev)
		if err != nil || r.Error != nil || r.Cold {
			b.Fatalf("invoke %d: err=%v function error=%v cold=%v", i, err, r.Error, r.Cold)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
