package main

import (
	"path/filepath"
	"testing"
)

// TestEndToEndScaleScreen opens the Scale screen in the real binary: the
// model runs, the charts are drawn, and a key redraws them.
func TestEndToEndScaleScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	t.Parallel()
	bin := buildBinary(t)
	tm := newTmux(t)
	tm.start(bin+" --db "+filepath.Join(t.TempDir(), "p.db"), 100, 34, "TERM=xterm-256color", "NO_COLOR=1")
	tm.waitFor("Learn AWS Lambda")
	tm.keys("6")
	tm.waitFor("Scenario 1/4: steady-api")
	tm.waitFor("invocations")
	tm.waitFor("Concurrency (busy environments")
	tm.keys("M")
	tm.waitFor("1024 MB")
	tm.keys("v")
	tm.waitFor("Cold starts per")
	tm.keys("Right")
	tm.waitFor("Scenario 2/4: morning-spike")
	tm.keys("C-c")
	tm.waitExit()
}
