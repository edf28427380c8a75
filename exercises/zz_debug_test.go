package exercises

import (
	"os"
	"testing"
)

func TestZZDebug(t *testing.T) {
	ex := builtin(t, os.Getenv("EX"))
	for _, rt := range checkRuntimes() {
		for _, sol := range []bool{false, true} {
			code := ex.StarterCode(rt)
			if sol {
				code = ex.SolutionCode(rt)
			}
			res := check(t, ex, code, CheckOptions{})
			t.Logf("solution=%v\n%s", sol, res.Panel(110))
		}
	}
}
