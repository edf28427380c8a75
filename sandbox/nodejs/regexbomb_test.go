package nodejs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// A catastrophically backtracking regular expression with a lookahead
// (which goja runs on regexp2, outside the VM's interrupt checks) ends at
// the function's timeout like any other endless computation, in both
// modes, instead of keeping a core busy for ever.
func TestRegexBombEndsAtTheTimeout(t *testing.T) {
	src := `exports.handler = async () => /^(a+)+(?=b)$/.test('a'.repeat(64));`
	for _, det := range []bool{false, true} {
		name := "measured"
		if det {
			name = "deterministic"
		}
		t.Run(name, func(t *testing.T) {
			_, f := deployWith(t, sandbox.Options{Deterministic: det}, "nodejs22.x", map[string]string{"index.js": src}, func(c *sandbox.Config) {
				c.TimeoutSec = 1
			})
			done := make(chan *sandbox.Result, 1)
			go func() {
				r, err := f.Invoke(context.Background(), []byte(`{}`))
				if err != nil {
					t.Error(err)
				}
				done <- r
			}()
			select {
			case r := <-done:
				if r == nil {
					return
				}
				if r.Error == nil || r.Error.Type != sandbox.ErrTypeTimeout || !strings.Contains(r.LogText(), "Task timed out after 1.00 seconds") {
					t.Errorf("error = %v, response %s; want the function's timeout\n%s", r.Error, r.Response, r.LogText())
				}
			case <-time.After(60 * time.Second):
				t.Fatal("the regular expression is still running a minute later")
			}
		})
	}
}
