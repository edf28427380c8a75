// Package sandboxtest has the helpers the engines' tests share: deploy a
// function on a fresh account and invoke it.
package sandboxtest

import (
	"context"
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
