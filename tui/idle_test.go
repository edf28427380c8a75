package tui

import (
	"bytes"
	"fmt"
	"io"
	rtrace "runtime/trace"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	xtrace "golang.org/x/exp/trace"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
)

// countingModel counts the messages the program hands the app: each one is
// a wake-up, an Update and a new frame to compare.
type countingModel struct {
	*App
	n    atomic.Int64
	mu   sync.Mutex
	last []string
	// title is the top screen's title after the last message.
	title string
}

func (c *countingModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	c.n.Add(1)
	c.mu.Lock()
	c.last = append(c.last, typeName(msg))
	c.mu.Unlock()
	_, cmd := c.App.Update(msg)
	c.mu.Lock()
	c.title = c.App.top().Title()
	c.mu.Unlock()
	return c, cmd
}

func typeName(m tea.Msg) string {
	if m == nil {
		return "nil"
	}
	return fmtType(m)
}

// TestIdleSessionDoesNotWakeUp: once a screen has settled, a session that
// nobody types into gets no messages at all: no cursor blink, no clock, no
// save timer. The home screen, the reader, the playground (viewing, and
// editing after typing), a quiz answer being typed, the lesson and exercise
// filter boxes being typed into, the exercise editor after typing and the
// scale screen are checked. (A mock interview's visible clock ticks once a
// second, and the instructors' Class screen checks the database once a
// second while it is open: neither is idle.) Each screen is checked in a
// program of its own. The first five are reached by the same keys from the
// home screen as a learner walking through them in this order, so a timer
// left behind by an earlier screen still shows on a later one; the others
// straight from the home screen. The nine programs wait for their quiet
// periods side by side.
func TestIdleSessionDoesNotWakeUp(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for idle periods")
	}
	t.Parallel()
	reader := [][]tea.Msg{keys("1"), {enter}}
	playground := slices.Concat(reader, [][]tea.Msg{{esc, esc}, keys("3")})
	editor := slices.Concat(playground, [][]tea.Msg{{enter}, keys("xyz")})
	quiz := slices.Concat(editor, [][]tea.Msg{{esc, esc, esc}, keys("4"), {enter}, keys("abc")})
	exs, err := exercises.Default()
	if err != nil {
		t.Fatal(err)
	}
	exerciseTitle := exs.All()[0].Title
	type check struct {
		where, title string
		path         [][]tea.Msg
		m            *countingModel
		before       int64
	}
	checks := []*check{
		{where: "home screen", title: "Home"},
		{where: "reader", title: "What AWS Lambda is", path: reader},
		{where: "playground", title: "Playground", path: playground},
		{where: "playground editor after typing", title: "Playground", path: editor},
		{where: "quiz answer being typed", title: "Quiz", path: quiz},
		// The lists' filter boxes (bubbles' list blinks its filter cursor
		// by default), the exercise editor and the scale screen, each in
		// a program of its own.
		{where: "lesson filter being typed", title: "Lessons", path: [][]tea.Msg{keys("1/co")}},
		{where: "exercise filter being typed", title: "Exercises", path: [][]tea.Msg{keys("2/py")}},
		{where: "exercise editor after typing", title: exerciseTitle, path: [][]tea.Msg{keys("2"), {enter, enter}, keys("xyz")}},
		{where: "scale screen", title: "Scale", path: [][]tea.Msg{keys("6")}},
	}
	for _, c := range checks {
		var p *tea.Program
		c.m, p = idleProgram(t)
		for _, ks := range c.path {
			for _, k := range ks {
				p.Send(k)
			}
		}
	}
	// Let what the keys started finish (a draft saved 0.8 s after the last
	// change, on a busy machine later), then count over a quiet period.
	time.Sleep(2500 * time.Millisecond)
	for _, c := range checks {
		c.before = c.m.n.Load()
		c.m.mu.Lock()
		c.m.last = nil
		c.m.mu.Unlock()
	}
	time.Sleep(1500 * time.Millisecond)
	for _, c := range checks {
		m := c.m
		if got := m.n.Load() - c.before; got != 0 {
			m.mu.Lock()
			t.Errorf("%s: %d messages while idle (%v)", c.where, got, m.last)
			m.mu.Unlock()
		}
		m.mu.Lock()
		if m.title != c.title {
			t.Errorf("%s: the screen on top is %q, want %q", c.where, m.title, c.title)
		}
		m.mu.Unlock()
	}
}

func fmtType(m tea.Msg) string { return fmt.Sprintf("%T", m) }

// idleProgram runs the tutor on the home screen, as a program with no
// input and a 100x40 window, until the test ends.
func idleProgram(t *testing.T) (*countingModel, *tea.Program) {
	t.Helper()
	s, uid := testStore(t)
	// The real catalog: the render cache is shared by the package's tests,
	// and the test catalog's lessons have the same ids at other lengths.
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := &countingModel{App: testApp(t, Options{Catalog: cat, Store: s, UserID: uid, NoColor: true})}
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithWindowSize(100, 40), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	t.Cleanup(func() { p.Kill(); <-done })
	return m, p
}

// TestIdleProgramGoroutinesSleep: once the home screen is drawn, none of
// the program's goroutines (Bubble Tea's or ours) runs at all, seen in a
// runtime execution trace of a quiet second. Bubble Tea v2.1.1's renderer
// woke on every frame (60 a second) to find nothing to draw, which cost
// an idle SSH session about 1.6 ms of CPU a second; v2.1.2 stops its
// ticker after half a second with nothing to draw. (No message reaches
// the model either way; see TestIdleSessionDoesNotWakeUp.)
func TestIdleProgramGoroutinesSleep(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for an idle period")
	}
	if rtrace.IsEnabled() {
		t.Skip("the test binary is already being traced (go test -trace)")
	}
	_, _ = idleProgram(t)
	// The first frame and the renderer's half second of idle frames.
	time.Sleep(2500 * time.Millisecond)

	var buf bytes.Buffer
	if err := rtrace.Start(&buf); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	rtrace.Stop()

	r, err := xtrace.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Count the times a goroutine with Bubble Tea's or the tutor's code on
	// its stack went back to sleep: each is a wake-up.
	wakes := map[string]int{}
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ev.Kind() != xtrace.EventStateTransition {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != xtrace.ResourceGoroutine {
			continue
		}
		if from, to := st.Goroutine(); from != xtrace.GoRunning || to != xtrace.GoWaiting {
			continue
		}
		if where := ours(st.Stack); where != "" {
			wakes[where]++
		}
	}
	if len(wakes) > 0 {
		t.Errorf("goroutines woke up during a quiet second on the home screen (blocking function: count): %v", wakes)
	}
}

// ours is the first function of Bubble Tea or of this package on stk
// (innermost first), or "" if it has none or is the test itself.
func ours(stk xtrace.Stack) string {
	for f := range stk.Frames() {
		if strings.HasPrefix(f.Func, "github.com/lambdatutor/lambdatutor/tui.Test") {
			return "" // the test itself, sleeping
		}
		if strings.HasPrefix(f.Func, "charm.land/bubbletea/") || strings.HasPrefix(f.Func, "github.com/lambdatutor/lambdatutor/tui.") {
			return f.Func
		}
	}
	return ""
}
