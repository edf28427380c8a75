package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// The end-to-end tests share one build of the real binary: linking it
// takes seconds, and every test drives the same program. It is built on
// first use (a test without tmux skips before asking for it) and removed
// by TestMain.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// buildBinary returns the real lambdatutor binary, compiled once for all
// the end-to-end tests of this package.
func buildBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "lambdatutor-e2e-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "lambdatutor")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

// TestMain removes the shared binary at the end, and lets the end-to-end
// tests run side by side: they spend their time waiting for a terminal to
// show something, not on the CPU, so the default of one test per core
// (-parallel GOMAXPROCS) would leave them queued behind each other. An
// explicit -parallel is kept.
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		_ = flag.Set("test.parallel", "16")
	}
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// tmux drives the real binary in a real terminal (tmux on its own socket).
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run must install it")
		}
		t.Skip("tmux is not installed (apt-get install tmux)")
	}
	tm := &tmux{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock")}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *tmux) start(cmd string, width, height int, env ...string) {
	tm.t.Helper()
	args := []string{"new-session", "-d", "-s", "e2e", "-x", itoa(width), "-y", itoa(height)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	tm.run(append(args, cmd)...)
}

func (tm *tmux) keys(keys ...string) { tm.run(append([]string{"send-keys", "-t", "e2e"}, keys...)...) }

func (tm *tmux) screen() string { return tm.run("capture-pane", "-p", "-t", "e2e") }

// waitFor polls the screen until it contains want.
func (tm *tmux) waitFor(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		if strings.Contains(s, want) {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("screen never showed %q; it shows:\n%s", want, s)
	return ""
}

// stable waits until the screen stops changing (all sent keys handled) and
// returns it.
func (tm *tmux) stable() string {
	tm.t.Helper()
	prev := tm.screen()
	for i := 0; i < 100; i++ {
		time.Sleep(150 * time.Millisecond)
		cur := tm.screen()
		if cur == prev {
			return cur
		}
		prev = cur
	}
	tm.t.Fatalf("screen never settled:\n%s", prev)
	return ""
}

// waitExit waits for the program in the session to end.
func (tm *tmux) waitExit() {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if err := exec.Command("tmux", "-S", tm.socket, "has-session", "-t", "e2e").Run(); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("the tutor did not exit; screen:\n%s", tm.screen())
}

func itoa(n int) string { return strconv.Itoa(n) }

// lessonTotal is the number of embedded lessons, which the home screen and
// the lesson view count against.
func lessonTotal(t *testing.T) int {
	t.Helper()
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	return cat.Len()
}

// TestEndToEndResume opens the real binary in tmux, reads a lesson, scrolls,
// quits, reopens, and expects the same lesson at the same place.
func TestEndToEndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	t.Parallel()
	tm := newTmux(t) // first: without tmux the test skips before building
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "progress.db")
	cmd := bin + " --db " + db
	env := []string{"TERM=xterm-256color", "NO_COLOR="}

	tm.start(cmd, 100, 30, env...)
	total := itoa(lessonTotal(t))
	tm.waitFor("0 of " + total + " lessons completed")
	tm.keys("Enter")
	tm.waitFor("1. What AWS Lambda is")
	for i := 0; i < 7; i++ {
		tm.keys("j")
	}
	tm.keys("Enter")
	tm.waitFor("lesson 8 of " + total)
	tm.keys("]", "]")
	tm.waitFor("§ 2/")
	tm.keys("j", "j", "j")
	before := tm.stable()
	if !strings.Contains(before, "§ 2/") {
		t.Fatalf("three lines below section 2 is not in section 2:\n%s", before)
	}
	tm.keys("C-c")
	tm.waitExit()

	tm.start(cmd, 100, 30, env...)
	tm.waitFor("lesson 8 of " + total)
	after := tm.stable()
	body := func(s string) string { return s[strings.Index(s, "\n"):] }
	if body(before) != body(after) {
		t.Errorf("reopened at a different place.\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// q goes back to the home screen, which now offers to continue.
	tm.keys("q")
	tm.waitFor("Continue")
	tm.keys("q")
	tm.waitExit()

	out, err := exec.Command(bin, "--db", db, "progress").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Last read: Cold starts") {
		t.Errorf("progress after the session: %v\n%s", err, out)
	}
}

// TestEndToEndTooSmall checks the small-terminal screen in a real terminal.
func TestEndToEndTooSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	t.Parallel()
	tm := newTmux(t) // first: without tmux the test skips before building
	bin := buildBinary(t)
	tm.start(bin+" --db "+filepath.Join(t.TempDir(), "p.db"), 50, 15, "TERM=xterm-256color")
	tm.waitFor("terminal too small (need 60x20, have 50x15)")
	tm.run("resize-window", "-t", "e2e", "-x", "90", "-y", "30")
	tm.waitFor("Learn AWS Lambda")
	tm.keys("C-c")
	tm.waitExit()
}

// TestEndToEndQuizScreen: `lambdatutor quiz` on a terminal opens the quiz
// screen; a mock interview shows its timer; esc ends it with a debrief.
func TestEndToEndQuizScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	t.Parallel()
	tm := newTmux(t) // first: without tmux the test skips before building
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "progress.db")
	tm.start(bin+" --db "+db+" quiz --mode mock --count 2 --seed 3", 100, 30, "TERM=xterm-256color")
	tm.waitFor("Question 1 of 2")
	tm.waitFor("left of 30:00")
	tm.keys("Escape")
	tm.waitFor("Session ended.")
	tm.waitFor("Nothing answered (2 questions), ended early, so nothing was scored.")
	// Launched from the shell, the quiz returns to the shell at the end
	// (issue 10 item 19), and its footer says so.
	tm.waitFor("q/esc quit")
	tm.keys("q")
	tm.waitExit()
}
