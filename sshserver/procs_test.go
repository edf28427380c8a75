package sshserver

import (
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// A serving process runs handler code at a lower priority, and
// handlerProcsFactor Go processors per CPU it was given, so that handlers
// computing on every CPU leave processors for the sessions' goroutines;
// it says so in its first log line.
func TestServeKeepsProcessorsForSessions(t *testing.T) {
	// Whatever an earlier test's server did, start from the default.
	favourSessionsOnce = sync.Once{}
	runtime.SetDefaultGOMAXPROCS()
	given := runtime.GOMAXPROCS(0)
	t.Cleanup(func() {
		runtime.SetDefaultGOMAXPROCS()
		favourSessionsOnce = sync.Once{}
	})
	ts := startServer(t, Config{})
	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, term, "lessons completed")
	want := given * handlerProcsFactor
	if got := runtime.GOMAXPROCS(0); got != want {
		t.Errorf("GOMAXPROCS = %d while serving, want %d (%d given, times %d)", got, want, given, handlerProcsFactor)
	}
	if !sandbox.HandlerPriorityLowered() && runtime.GOOS == "linux" {
		t.Error("a serving process must run handler code at a lower priority than its sessions")
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "go_procs="+strconv.Itoa(want)) {
		t.Errorf("the listening line does not say go_procs=%d:\n%s", want, logs)
	}
}
