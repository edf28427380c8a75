package project

import (
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/project/projecttest"
)

func init() { projecttest.Register() }

var seenBy = projecttest.Seen

// deploy parses a project and deploys it with the given code.
func deploy(t *testing.T, yaml string, files map[string]string, onInv func(Invocation)) *Runtime {
	t.Helper()
	p, err := Parse("lambdatutor.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range p.Functions {
		projecttest.Forget(fn.Name)
	}
	rt, err := Deploy(p, "app", DeployOptions{Sandbox: sandbox.Options{Deterministic: true},
		ReadCode:     func(string) (map[string]string, error) { return files, nil },
		OnInvocation: onInv})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rt.Close)
	return rt
}
