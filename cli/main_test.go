package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/progress/pgtest"
)

// Some tests run `lambdatutor ARGS` in a process of its own (this test
// binary again), to kill it with SIGKILL: childArgsEnv holds the arguments,
// separated by newlines.
const childArgsEnv = "LAMBDATUTOR_CLI_TEST_CHILD_ARGS"

// TestMain runs such a child, or the tests; it then stops the throwaway
// PostgreSQL server that tests started with pgtest.DB (if any).
func TestMain(m *testing.M) {
	if args := os.Getenv(childArgsEnv); args != "" {
		os.Exit(Execute(context.Background(), NewFactory(), "test", strings.Split(args, "\n")))
	}
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}
