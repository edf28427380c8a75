package sandbox

import (
	"context"
	"testing"
)

func TestProcessInvocations(t *testing.T) {
	ctx := context.Background()
	before := ProcessInvocations()
	one := 1
	f := fakeFunc(t, NewAccount(Options{Deterministic: true}), func(c *Config) { c.ReservedConcurrency = &one })
	res := f.InvokeConcurrent(ctx, [][]byte{[]byte(`{}`), []byte(`{}`)}) // the second is throttled
	if res[0].Err != nil || res[1].Err == nil {
		t.Fatalf("%v %v", res[0].Err, res[1].Err)
	}
	if _, err := f.Invoke(ctx, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if got := ProcessInvocations() - before; got != 2 {
		t.Errorf("ProcessInvocations grew by %d, want 2 (throttled requests do not count)", got)
	}
}
