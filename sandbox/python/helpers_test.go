package python

import (
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/sandboxtest"
)

// deploy makes a deterministic account and a Python function from files.
func deploy(t testing.TB, runtime string, files map[string]string, mutate func(*sandbox.Config)) (*sandbox.Account, *sandbox.Function) {
	t.Helper()
	cfg := sandbox.Config{Runtime: runtime, Handler: "lambda_function.lambda_handler", Files: files}
	if mutate != nil {
		mutate(&cfg)
	}
	return sandboxtest.Deploy(t, sandbox.Options{Deterministic: true}, cfg)
}

// py deploys a single lambda_function.py on python3.13.
func py(t testing.TB, src string) *sandbox.Function {
	t.Helper()
	_, f := deploy(t, "python3.13", map[string]string{"lambda_function.py": src}, nil)
	return f
}

func run(t testing.TB, f *sandbox.Function, event string) *sandbox.Result {
	t.Helper()
	return sandboxtest.Run(t, f, event)
}

// appLines returns the function's own log lines: everything but START,
// END and REPORT.
func appLines(r *sandbox.Result) []string {
	var out []string
	for _, l := range r.Logs {
		if strings.HasPrefix(l, "START ") || strings.HasPrefix(l, "END ") || strings.HasPrefix(l, "REPORT ") {
			continue
		}
		out = append(out, l)
	}
	return out
}

func wantResponse(t *testing.T, r *sandbox.Result, want string) {
	t.Helper()
	sandboxtest.WantResponse(t, r, want)
}
