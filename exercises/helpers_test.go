package exercises

import "github.com/lambdatutor/lambdatutor/sandbox"

// hasPython reports whether the Python engine is registered.
func hasPython() bool {
	for _, r := range sandbox.Runtimes() {
		if r == Python.SandboxRuntime() {
			return true
		}
	}
	return false
}

// checkRuntimes are the runtimes the tests can run.
func checkRuntimes() []Runtime {
	if hasPython() {
		return Runtimes
	}
	return []Runtime{Node}
}
