package nodejs

import (
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/sandboxtest"
)

// deploy makes a deterministic account and a Node function from files.
func deploy(t testing.TB, runtime string, files map[string]string, mutate func(*sandbox.Config)) (*sandbox.Account, *sandbox.Function) {
	return deployWith(t, sandbox.Options{Deterministic: true}, runtime, files, mutate)
}

func deployWith(t testing.TB, opts sandbox.Options, runtime string, files map[string]string, mutate func(*sandbox.Config)) (*sandbox.Account, *sandbox.Function) {
	t.Helper()
	cfg := sandbox.Config{Runtime: runtime, Handler: "index.handler", Files: files}
	if mutate != nil {
		mutate(&cfg)
	}
	return sandboxtest.Deploy(t, opts, cfg)
}

// js deploys a single index.js on nodejs22.x.
func js(t testing.TB, src string) *sandbox.Function {
	t.Helper()
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": src}, nil)
	return f
}

func run(t testing.TB, f *sandbox.Function, event string) *sandbox.Result {
	t.Helper()
	return sandboxtest.Run(t, f, event)
}

// appLines returns the message part of the function's own log lines.
func appLines(r *sandbox.Result) []string {
	var out []string
	for _, l := range r.Logs {
		parts := strings.SplitN(l, "\t", 4)
		if len(parts) == 4 && !strings.HasPrefix(l, "REPORT") {
			out = append(out, parts[2]+" "+parts[3])
		}
	}
	return out
}

func sampleEvent(t testing.TB, name string) string {
	t.Helper()
	return sandboxtest.SampleEvent(t, name)
}

func wantResponse(t *testing.T, r *sandbox.Result, want string) {
	t.Helper()
	sandboxtest.WantResponse(t, r, want)
}
