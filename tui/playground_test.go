package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/sandbox/events"
)

func openPlayground(t *testing.T, s *progress.Store, uid int64) (*App, *playground) {
	t.Helper()
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := testApp(t, Options{Catalog: cat, Store: s, UserID: uid, NoColor: true})
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 40})
	drive(a, keys("3")...)
	p, ok := a.top().(*playground)
	if !ok {
		t.Fatalf("top screen is %T", a.top())
	}
	return a, p
}

// invokeNow runs the playground's invoke command to completion.
func invokeNow(t *testing.T, a *App, p *playground) {
	t.Helper()
	cmd := p.invoke()
	if cmd == nil {
		t.Fatalf("invoke did not start; output:\n%s", p.output())
	}
	drive(a, cmd())
}

func TestPlaygroundColdThenWarm(t *testing.T) {
	s, uid := testStore(t)
	a, p := openPlayground(t, s, uid)
	invokeNow(t, a, p)
	first := p.output()
	for _, want := range []string{"#1  cold  env 1  ok", "\"statusCode\": 200", "START RequestId:", "END RequestId:", "Init Duration:", "Cost of this invocation"} {
		if !strings.Contains(first, want) {
			t.Errorf("first invoke lacks %q:\n%s", want, first)
		}
	}
	invokeNow(t, a, p)
	second := p.output()
	if !strings.Contains(second, "#2  warm  env 1  ok") || strings.Contains(second[strings.Index(second, "Log"):], "Init Duration") {
		t.Errorf("second invoke is not a warm one without Init Duration:\n%s", second)
	}
	// More memory is a configuration change: new environments, cold again.
	drive(a, keys("+")...)
	if !strings.Contains(screenText(a), "256 MB") {
		t.Errorf("memory not shown:\n%s", screenText(a))
	}
	invokeNow(t, a, p)
	if out := p.output(); !strings.Contains(out, "#3  cold") || !strings.Contains(out, "at 256 MB") {
		t.Errorf("after a memory change:\n%s", out)
	}
	// n shuts the environments down.
	drive(a, keys("n")...)
	invokeNow(t, a, p)
	if out := p.output(); !strings.Contains(out, "#4  cold") {
		t.Errorf("after n:\n%s", out)
	}
	// Python runs the same way.
	drive(a, keys("t")...)
	invokeNow(t, a, p)
	if out := p.output(); !strings.Contains(out, "#1  cold") || !strings.Contains(out, "key1 = value1") {
		t.Errorf("python hello-world:\n%s", out)
	}
}

func TestPlaygroundHostileCodeAndDrafts(t *testing.T) {
	s, uid := testStore(t)
	a, p := openPlayground(t, s, uid)
	drive(a, enter)
	if !p.editing {
		t.Fatal("enter did not start editing")
	}
	p.ed.SetValue("exports.handler = async () => { while (true) {} };\n")
	p.changed("Code changed")
	drive(a, esc)
	invokeNow(t, a, p)
	out := p.output()
	if !strings.Contains(out, "Task timed out after 3.00 seconds") {
		t.Fatalf("endless loop:\n%s", out)
	}
	// The screen is still usable and the draft was saved.
	drainSaves(t, a)
	if code, ok, err := s.Draft(context.Background(), uid, p.draftKey()); !ok || err != nil || !strings.Contains(code, "while (true)") {
		t.Errorf("draft: %q %v %v", code, ok, err)
	}
	drive(a, esc)
	drive(a, keys("3")...)
	p2 := a.top().(*playground)
	if !strings.Contains(p2.ed.Value(), "while (true)") {
		t.Errorf("draft not restored: %q", p2.ed.Value())
	}
	// x restores the example, and the draft goes.
	drive(a, keys("x")...)
	if strings.Contains(p2.ed.Value(), "while (true)") {
		t.Error("x did not restore the example")
	}
	drainSaves(t, a)
	if _, ok, _ := s.Draft(context.Background(), uid, p2.draftKey()); ok {
		t.Error("draft kept after x")
	}
	// A syntax error is reported, not crashed on.
	p2.ed.SetValue("exports.handler = async () => {\n")
	p2.changed("Code changed")
	invokeNow(t, a, p2)
	if out := p2.output(); !strings.Contains(out, "Runtime.UserCodeSyntaxError") {
		t.Errorf("syntax error:\n%s", out)
	}
}

// TestPlaygroundSmallTerminal: at 60x20 the settings wrap instead of being
// cut, e shows the event JSON, t keeps the chosen event, ? lists every key
// and the REPORT line and the cost are reached with the documented keys.
func TestPlaygroundSmallTerminal(t *testing.T) {
	s, uid := testStore(t)
	a, p := openPlayground(t, s, uid)
	drive(a, tea.WindowSizeMsg{Width: 60, Height: 20})
	got := screenText(a)
	for _, want := range []string{"nodejs22.x", "128 MB", "x86_64", "event hello-world"} {
		if !strings.Contains(got, want) {
			t.Errorf("settings at 60x20 lack %q:\n%s", want, got)
		}
	}
	drive(a, keys("v")...)
	ev := events.Names()[p.event]
	if ev == "hello-world" {
		t.Fatal("v did not change the event")
	}
	drive(a, keys("t")...)
	if got := events.Names()[p.event]; got != ev {
		t.Errorf("t reset the event from %s to %s", ev, got)
	}
	drive(a, keys("e")...)
	if got := strings.Join(strings.Fields(screenText(a)), " "); !strings.Contains(got, "Event "+ev) || !strings.Contains(got, "{") {
		t.Errorf("e did not show the event JSON:\n%s", screenText(a))
	}
	drive(a, keys("e")...)
	drive(a, keys("?")...)
	help := screenText(a)
	if strings.Contains(help, "page 1 of 2") {
		// The keys fill two pages at 60x20: → turns to the second.
		drive(a, tea.KeyPressMsg{Code: tea.KeyRight})
		help += screenText(a)
	}
	for _, want := range []string{"invoke", "new environment", "edit", "restore", "+/-", "x86_64/arm64", "next event", "show/hide the event", "next example", "Node.js/Python", "scroll the output", "back", "ctrl+c"} {
		if !strings.Contains(help, want) {
			t.Errorf("? at 60x20 lacks %q:\n%s", want, help)
		}
	}
	drive(a, esc)
	drive(a, keys("t")...) // back to Node.js, event hello-world again for a clean run
	invokeNow(t, a, p)
	seen := screenText(a)
	for i := 0; i < 20 && !(strings.Contains(seen, "REPORT") && strings.Contains(seen, "Cost of this")); i++ {
		drive(a, tea.KeyPressMsg{Code: tea.KeyPgDown})
		seen += "\n" + screenText(a)
	}
	if !strings.Contains(seen, "REPORT RequestId") || !strings.Contains(seen, "Cost of this invocation") {
		t.Errorf("pgdown never showed the REPORT line and the cost:\n%s", seen)
	}
	for _, l := range strings.Split(seen, "\n") {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
	}
}

// TestPlaygroundFreesReplacedFunctions: a language switch or a code change
// replaces the function; the old one's environments are shut down at once
// (a Python environment holds an interpreter), not left to the collector.
func TestPlaygroundFreesReplacedFunctions(t *testing.T) {
	s, uid := testStore(t)
	a, p := openPlayground(t, s, uid)
	invokeNow(t, a, p)
	old := p.fn
	if old == nil || len(old.Environments()) != 1 {
		t.Fatalf("want one warm environment after an invoke, got %v", old)
	}
	drive(a, keys("t")...)
	deadline := time.Now().Add(10 * time.Second)
	for len(old.Environments()) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the replaced function still has %d environments", len(old.Environments()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
