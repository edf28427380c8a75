package python

import (
	"context"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// nopEngine does nothing: BenchmarkCoreFloor measures what a warm invoke
// costs in the shared sandbox code alone, so that BenchmarkWarmInvoke
// minus BenchmarkCoreFloor is the Python engine's own share.
type nopEngine struct{}

func (nopEngine) Runtimes() []string { return []string{"nop0.x"} }
func (nopEngine) NewInstance(h *sandbox.Host) (sandbox.Instance, error) {
	return nopInstance{}, nil
}

type nopInstance struct{}

func (nopInstance) Init(c *sandbox.Call) error                        { return nil }
func (nopInstance) Invoke(c *sandbox.Call, ev []byte) ([]byte, error) { return []byte(`{"ok":1}`), nil }
func (nopInstance) Interrupt(error)                                   {}
func (nopInstance) Close()                                            {}

// BenchmarkCoreFloor is a warm invoke through the sandbox with an engine
// that does no work.
func BenchmarkCoreFloor(b *testing.B) {
	info, _ := sandbox.LookupRuntime("python3.13")
	info.Name = "nop0.x"
	if err := sandbox.AddRuntime(info); err != nil {
		b.Fatal(err)
	}
	sandbox.Register(nopEngine{})
	acct := sandbox.NewAccount(sandbox.Options{Deterministic: true})
	defer acct.Close()
	f, err := acct.NewFunction(sandbox.Config{Runtime: "nop0.x", Handler: "a.b"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ev := []byte(`{"name": "bench"}`)
	if _, err := f.Invoke(ctx, ev); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r, err := f.Invoke(ctx, ev); err != nil || r.Error != nil {
			b.Fatalf("invoke: %v %+v", err, r.Error)
		}
	}
}
