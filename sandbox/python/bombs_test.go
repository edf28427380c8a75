package python

import (
	"runtime"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// A single built-in call that asks for more than the function's memory
// (issue: str.replace reached 8.2 GB and random.sample 7.7 GB on the host)
// ends as Lambda's out-of-memory error, even when the handler catches
// MemoryError; the host allocates next to nothing, and the process keeps
// serving other environments.
func TestBuiltinBombsEndOutOfMemory(t *testing.T) {
	healthy := py(t, "n = 0\n\ndef lambda_handler(event, context):\n    global n\n    n += 1\n    return n\n")
	run(t, healthy, `{}`)
	cases := []struct{ name, expr string }{
		{"str.replace", "('x' * 10**6).replace('x', 'y' * 1000)"},
		{"random.sample", "__import__('random').sample(range(10**9), 10**8)"},
		{"str times n", "'x' * 10**9"},
		{"bytearray", "bytearray(10**9)"},
		{"list times n", "[0] * 10**8"},
		{"str.join", "''.join(['x' * 10**6] * 1000)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "def lambda_handler(event, context):\n    try:\n        return len(" + tc.expr + ")\n    except MemoryError:\n        return 'caught'\n"
			_, f := deploy(t, "python3.12", map[string]string{"lambda_function.py": src}, func(c *sandbox.Config) { c.TimeoutSec = 60 })
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			r := run(t, f, `{}`)
			runtime.ReadMemStats(&after)
			if r.Error == nil || r.Error.Type != sandbox.ErrTypeOutOfMemory {
				t.Fatalf("error = %v, response %.200s; want %s\n%s", r.Error, r.Response, sandbox.ErrTypeOutOfMemory, r.LogText())
			}
			if !strings.Contains(r.LogText(), "Error: Runtime exited with error: signal: killed") {
				t.Errorf("log lacks Lambda's out-of-memory lines:\n%s", r.LogText())
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("the Go heap allocated %d MB for it", grew>>20)
			}
			if n := run(t, healthy, `{}`); n.Error != nil || n.Cold {
				t.Errorf("another environment was harmed: %v cold=%v", n.Error, n.Cold)
			}
		})
	}
}
