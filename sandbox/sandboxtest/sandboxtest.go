// Package sandboxtest has the helpers the engines' tests share: deploy a
// function on a fresh account and invoke it.
package sandboxtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Deploy creates an account with opts and a function from cfg; the account
// is closed when the test ends.
func Deploy(t testing.TB, opts sandbox.Options, cfg sandbox.Config) (*sandbox.Account, *sandbox.Function) {
	t.Helper()
	acct := sandbox.NewAccount(opts)
	f, err := acct.NewFunction(cfg)
	if err != nil {
		t.Fatalf("NewFunction: %v", err)
	}
	t.Cleanup(acct.Close)
	return acct, f
}

// Run invokes f with a JSON event and fails the test on a request error
// (a function error is a result, not a failure).
func Run(t testing.TB, f *sandbox.Function, event string) *sandbox.Result {
	t.Helper()
	res, err := f.Invoke(context.Background(), []byte(event))
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	return res
}

// SampleEvent reads one of the real event samples kept in
// sandbox/events/testdata (aws-lambda-go's samples, Apache-2.0; see the
// SOURCE.md there). The engines' tests run in sandbox/<engine>.
func SampleEvent(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "events", "testdata", name))
	if err != nil {
		t.Fatalf("sample event: %v", err)
	}
	return string(b)
}

// WantResponse fails the test unless r succeeded with exactly want.
func WantResponse(t testing.TB, r *sandbox.Result, want string) {
	t.Helper()
	if r.Error != nil {
		t.Fatalf("error %s: %s\nlogs:\n%s", r.Error.Type, r.Error.Message, r.LogText())
	}
	if string(r.Response) != want {
		t.Fatalf("response = %s\nwant       %s\nlogs:\n%s", r.Response, want, r.LogText())
	}
}
