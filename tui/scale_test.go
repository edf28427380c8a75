package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// settle runs the Scale screen's model to completion and feeds the result.
func settle(t *testing.T, a *App, s *scaleScreen) {
	t.Helper()
	cmd := s.run()
	if cmd == nil {
		t.Fatalf("the model did not start: %v", s.err)
	}
	drive(a, cmd())
	if s.running || s.res == nil {
		t.Fatalf("no result: %v", s.err)
	}
}

func TestScaleScreen(t *testing.T) {
	st, uid := testStore(t)
	a := newTestApp(t, st, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 40})
	drive(a, keys("6")...)
	s, ok := a.top().(*scaleScreen)
	if !ok {
		t.Fatalf("entry 6 opens %T, want the Scale screen:\n%s", a.top(), screenText(a))
	}
	settle(t, a, s)
	out := screenText(a)
	for _, want := range []string{"Scale", "Scenario 1/4: steady-api", "512 MB x86_64", "invocations", "cold starts",
		"p99", "Concurrency (busy environments", "Throttles (429)", "none over the whole run"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
	for i, l := range strings.Split(out, "\n") {
		if n := len([]rune(l)); n > 100 {
			t.Errorf("line %d is %d columns wide: %q", i, n, l)
		}
	}
	if n := strings.Count(out, "\n"); n > 40 {
		t.Errorf("%d lines on a 40-line terminal", n)
	}

	// More memory, then a new-account limit: throttles appear.
	drive(a, keys("M")...)
	for range 4 {
		drive(a, keys("c")...)
	}
	settle(t, a, s)
	out = screenText(a)
	if !strings.Contains(out, "1024 MB") || !strings.Contains(out, "account limit 10 ") || strings.Contains(out, "none over the whole run") {
		t.Errorf("after M and c×4:\n%s", out)
	}
	if s.res.Summary.ThrottlesTotal == 0 {
		t.Error("200 requests per second on an account of 10 must throttle")
	}

	// The SQS scenario (←) has a backlog chart (v twice).
	drive(a, keys("h")...)
	drive(a, keys("vv")...)
	settle(t, a, s)
	out = screenText(a)
	if !strings.Contains(out, "sqs-backlog") || !strings.Contains(out, "Backlog") || !strings.Contains(out, "Cost so far") {
		t.Errorf("sqs scenario, third chart pair:\n%s", out)
	}
	// Provisioned beyond the account limit is capped, never an error.
	drive(a, keys("cccccPPPPPPPP")...)
	if s.pc > s.conc {
		t.Errorf("provisioned %d over the limit %d", s.pc, s.conc)
	}
	// Too much traffic for one key press: refused with what to do.
	drive(a, keys("ll")...)
	for range 30 {
		drive(a, keys("+")...)
	}
	if s.err == nil || !strings.Contains(screenText(a), "press - for less traffic") {
		t.Errorf("a huge run must be refused on the screen:\n%s", screenText(a))
	}
	drive(a, keys("-")...)
	if !strings.Contains(screenText(a), "press - for less traffic") {
		t.Error("still too much after one step down")
	}
	drive(a, esc)
	if _, ok := a.top().(*home); !ok {
		t.Errorf("esc goes back home, not to %T", a.top())
	}
}

// S in a lesson that links to a scenario opens the Scale screen on it.
func TestLessonOpensScale(t *testing.T) {
	st, uid := testStore(t)
	a := newTestApp(t, st, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 40})
	cat, err := lessons.Default() // the real lessons, which carry the links
	if err != nil {
		t.Fatal(err)
	}
	for id, scenario := range lessonScenarios {
		l, err := cat.Get(id)
		if err != nil {
			t.Fatalf("lesson %s links to the Scale screen but does not exist: %v", id, err)
		}
		if !strings.Contains(l.Body, "press `S`") || !strings.Contains(l.Body, "--scenario "+scenario) {
			t.Errorf("lesson %s should say to press S and name its scenario %s", id, scenario)
		}
		drive(a, pushMsg{newReader(a.c, l, 0)})
		drive(a, keys("S")...)
		s, ok := a.top().(*scaleScreen)
		if !ok || s.base.Name != scenario {
			t.Fatalf("S in %s opens %T, want the Scale screen on %s", id, a.top(), scenario)
		}
		drive(a, esc, esc)
	}
}
