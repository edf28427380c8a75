package python

import (
	"context"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// BenchmarkWarmInvoke is a warm invoke of a trivial handler in-process:
// START/END/REPORT, the handler call, JSON in and out, billing.
func BenchmarkWarmInvoke(b *testing.B) {
	acct := sandbox.NewAccount(sandbox.Options{Deterministic: true})
	defer acct.Close()
	f, err := acct.NewFunction(sandbox.Config{Runtime: "python3.13", Handler: "lambda_function.lambda_handler",
		Files: map[string]string{"lambda_function.py": "def lambda_handler(event, context):\n    return {'statusCode': 200, 'body': event['name']}\n"}})
	if err != nil {
		b.Fatal(err)
	}
	ev := []byte(`{"name": "bench"}`)
	ctx := context.Background()
	if _, err := f.Invoke(ctx, ev); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := f.Invoke(ctx, ev)
		if err != nil || r.Error != nil || r.Cold {
			b.Fatalf("invoke: %v %+v cold=%v", err, r.Error, r.Cold)
		}
	}
}

// BenchmarkColdInvoke is a new environment each time: INIT (compile and
// run the seed handler's module) and the invoke.
func BenchmarkColdInvoke(b *testing.B) {
	acct := sandbox.NewAccount(sandbox.Options{Deterministic: true})
	defer acct.Close()
	f, err := acct.NewFunction(sandbox.Config{Runtime: "python3.13", Handler: "lambda_function.lambda_handler",
		Files: map[string]string{"lambda_function.py": seedHandler}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := f.Reset(); err != nil {
			b.Fatal(err)
		}
		r, err := f.Invoke(ctx, []byte(`{}`))
		if err != nil || r.Error != nil || !r.Cold {
			b.Fatalf("invoke: %v %+v", err, r.Error)
		}
	}
}
