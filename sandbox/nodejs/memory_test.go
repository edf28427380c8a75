package nodejs

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// A learner's memory bomb must stop that learner's call only. B holds
// 16 MB at 128 MB (54 MB left past the runtime's 74 MB) and keeps running
// while A, at 512 MB, fills an array of small arrays (no guarded
// built-in, so nothing is reported before it is allocated). The process
// heap grows far past B's limit; measured per environment, B stays under
// it and A runs out of its own memory.
func TestBombInOneEnvironmentSparesAnother(t *testing.T) {
	var bReady, aDone atomic.Bool
	ready := make(chan struct{})
	var once sync.Once
	// B asks the test, through an in-process SSM parameter, whether A has
	// finished; its first question says it is holding its memory.
	poll := func(c *sandbox.Call, service, op string, input map[string]any) (map[string]any, error) {
		if bReady.CompareAndSwap(false, true) {
			once.Do(func() { close(ready) })
		}
		v := "running"
		if aDone.Load() {
			v = "done"
		}
		return map[string]any{"Parameter": map[string]any{"Name": "a", "Value": v}}, nil
	}
	_, b := deployWith(t, sandbox.Options{}, "nodejs22.x", map[string]string{"index.js": `
const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');
const ssm = new SSMClient({});
exports.handler = async () => {
  const held = new Map();
  for (let i = 0; i < 16; i++) held.set(i, 'x'.repeat(1 << 20) + i);
  let spins = 0, x = 0;
  while ((await ssm.send(new GetParameterCommand({ Name: 'a' }))).Parameter.Value !== 'done') {
    for (let i = 0; i < 1e5; i++) x += i;
    spins++;
  }
  return { held: held.size, spins };
};`}, func(c *sandbox.Config) { c.MemoryMB, c.TimeoutSec, c.AWS = 128, 900, poll })
	_, a := deployWith(t, sandbox.Options{}, "nodejs22.x", map[string]string{"index.js": `
exports.handler = async () => { const a = []; let i = 0; while (true) a.push([i, i + 1, i + 2, i++]); };`},
		func(c *sandbox.Config) { c.MemoryMB, c.TimeoutSec = 512, 900 })

	var rb *sandbox.Result
	var errB error
	done := make(chan struct{})
	go func() {
		defer close(done)
		rb, errB = b.Invoke(context.Background(), []byte(`{}`))
	}()
	<-ready
	ra := run(t, a, `{}`)
	aDone.Store(true)
	<-done
	if errB != nil {
		t.Fatal(errB)
	}
	if ra.Error == nil || ra.Error.Type != sandbox.ErrTypeOutOfMemory {
		t.Errorf("the bomb: error = %v, want %s\n%s", ra.Error, sandbox.ErrTypeOutOfMemory, ra.LogText())
	}
	if rb.Error != nil {
		t.Fatalf("the neighbour was stopped: %s: %s\n%s", rb.Error.Type, rb.Error.Message, rb.LogText())
	}
	if !strings.Contains(string(rb.Response), `"held":16`) {
		t.Errorf("neighbour's response: %s", rb.Response)
	}
	// Its REPORT shows its own memory: the runtime's 74 MB and what it
	// holds, not the bomb's hundreds of megabytes.
	if m := rb.Report.MaxMemoryUsedMB; m < 74+8 || m > 74+40 {
		t.Errorf("neighbour's Max Memory Used: %d MB, want about 74 + 16 + the VM's own", m)
	}
}
