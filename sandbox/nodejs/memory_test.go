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
// while A, at 256 MB, fills a local array, a Map, or an array only a
// closure holds, with small arrays (no guarded built-in, so nothing is
// reported before it is allocated). The process heap grows far past B's
// limit while B has used more host time than A (on the process heap alone
// B was blamed and stopped); measured per environment, B stays under its
// limit and A runs out of its own memory.
func TestBombInOneEnvironmentSparesAnother(t *testing.T) {
	for _, bomb := range []struct{ name, src string }{
		{"local array", `exports.handler = async () => { const a = []; let i = 0; while (true) a.push([i, i + 1, i + 2, i++]); };`},
		{"Map", `exports.handler = async () => { const m = new Map(); let i = 0; while (true) m.set(i, [i, i + 1, i++]); };`},
		{"closure", `const keep = (() => { const held = []; return (v) => held.push(v); })();
exports.handler = async () => { let i = 0; while (true) keep([i, i + 1, i++]); };`},
	} {
		t.Run(bomb.name, func(t *testing.T) { bombBesideNeighbour(t, bomb.src) })
	}
}

func bombBesideNeighbour(t *testing.T, bomb string) {
	var aDone atomic.Bool
	ready := make(chan struct{})
	var once sync.Once
	// B asks the test, through an in-process SSM parameter, whether A has
	// finished; its first question says it is holding its memory.
	poll := func(c *sandbox.Call, service, op string, input map[string]any) (map[string]any, error) {
		once.Do(func() { close(ready) })
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
	_, a := deployWith(t, sandbox.Options{}, "nodejs22.x", map[string]string{"index.js": bomb},
		func(c *sandbox.Config) { c.MemoryMB, c.TimeoutSec = 256, 900 })

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
	// holds, not the bomb's.
	if m := rb.Report.MaxMemoryUsedMB; m < 74+8 || m > 74+40 {
		t.Errorf("neighbour's Max Memory Used: %d MB, want about 74 + 16 + the VM's own", m)
	}
}
