package cli

import (
	"os"
	"testing"

	"github.com/lambdatutor/lambdatutor/progress/pgtest"
)

// TestMain stops the throwaway PostgreSQL server that tests started with
// pgtest.DB (if any).
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}
