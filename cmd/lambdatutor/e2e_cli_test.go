package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
)

// TestEndToEndExercisesWatch runs `exercises watch` in a real terminal:
// h and q act at once, without Enter (raw mode), and each check redraws
// the screen instead of scrolling the previous one (issue 10 item 11).
func TestEndToEndExercisesWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	t.Parallel()
	tm := newTmux(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "progress.db")
	dir := filepath.Join(t.TempDir(), "ws")
	if out, err := exec.Command(bin, "--db", db, "exercises", "init", dir, "--runtime", "node").CombinedOutput(); err != nil {
		t.Fatalf("exercises init: %v\n%s", err, out)
	}
	tm.start(bin+" --db "+db+" exercises watch --interval 50ms --dir "+dir, 120, 100, "TERM=xterm-256color")
	tm.waitFor("0 of 3 tests passed")
	tm.waitFor("h: hint · q: quit")
	tm.keys("h") // no Enter
	tm.waitFor("Hint 1 of 3")

	cat, err := exercises.Default()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := cat.Get("hello-world")
	if err != nil {
		t.Fatal(err)
	}
	sol := ex.SolutionCode(exercises.Node)
	for name, code := range sol.Files {
		if err := os.WriteFile(filepath.Join(dir, "01-hello-world", name), []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	screen := tm.waitFor("all 3 tests passed")
	screen = tm.stable()
	for _, gone := range []string{"0 of 3 tests passed", "Hint 1 of 3"} {
		if strings.Contains(screen, gone) {
			t.Errorf("the screen was not redrawn: %q is still shown:\n%s", gone, screen)
		}
	}
	if !strings.Contains(screen, "change saved at") || !strings.HasPrefix(strings.TrimLeft(screen, "\n"), "━━ 1. ") {
		t.Errorf("the redrawn screen does not start with the exercise:\n%s", screen)
	}
	tm.keys("q") // no Enter
	tm.waitExit()
}

// TestEndToEndLessonShowSources: `lessons show` on a terminal ends the
// lesson with its Sources and their URLs (issue 10 item 12).
func TestEndToEndLessonShowSources(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	t.Parallel()
	tm := newTmux(t)
	bin := buildBinary(t)
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	l, err := cat.Get("pricing")
	if err != nil {
		t.Fatal(err)
	}
	last := regexp.MustCompile(`https?://\S+`).FindString(l.Sources[len(l.Sources)-1])
	db := filepath.Join(t.TempDir(), "progress.db")
	tm.start("sh -c '"+bin+" --db "+db+" lessons show pricing; sleep 30'", 120, 40, "TERM=xterm-256color")
	tm.waitFor("Sources")
	screen := tm.stable()
	var joined strings.Builder
	for _, line := range strings.Split(screen, "\n") {
		joined.WriteString(strings.TrimSpace(line))
	}
	if last == "" || !strings.Contains(joined.String(), last) {
		t.Errorf("the terminal does not end with the last source, %s:\n%s", last, screen)
	}
}
