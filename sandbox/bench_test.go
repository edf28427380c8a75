package sandbox

import (
	"context"
	"testing"
)

// BenchmarkCoreWarmInvoke measures the sandbox's own cost of a warm
// invoke (fleet, clock, watchdog, log lines, REPORT, billing) around an
// engine that does nothing.
func BenchmarkCoreWarmInvoke(b *testing.B) {
	acct := NewAccount(Options{Deterministic: true})
	f, err := acct.NewFunction(Config{Runtime: "fake1.x", Handler: "index.handler"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ev := []byte(`"ping"`)
	if _, err := f.Invoke(ctx, ev); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.Invoke(ctx, ev); err != nil {
			b.Fatal(err)
		}
	}
}
