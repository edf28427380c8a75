package tui

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
)

// testCatalog is a small fixed catalog, so that screen goldens do not change
// when the real lessons are edited.
func testCatalog(t testing.TB) *lessons.Catalog {
	t.Helper()
	mk := func(id, title string, order int, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\nid: %s\ntitle: %s\norder: %d\nsummary: What %s is about, in one line.\ntags: [test]\nsources:\n  - \"[AWS] test\"\nverified_on: 2026-11-27\n---\n\n%s",
			id, title, order, strings.ToLower(title), body))}
	}
	var long strings.Builder
	long.WriteString("An introduction paragraph.\n\n")
	for s := 1; s <= 4; s++ {
		fmt.Fprintf(&long, "## Part %d\n\n", s)
		for p := 1; p <= 6; p++ {
			fmt.Fprintf(&long, "Paragraph %d of part %d says something about Lambda.\n\n", p, s)
		}
	}
	long.WriteString("## Check yourself\n\n- Is this a test? — Yes.\n- Does it scroll? — Yes.\n- Three? — Yes.\n")
	short := "Short intro.\n\n## Only part\n\nSome text.\n\n```js\nexports.handler = async () => 'hi';\n```\n\n## Check yourself\n\n- Q? — A.\n"
	c, err := lessons.Load(fstest.MapFS{
		"cold-starts.md":    mk("cold-starts", "Cold starts", 2, long.String()),
		"what-is-lambda.md": mk("what-is-lambda", "What Lambda is", 1, short),
		"pricing.md":        mk("pricing", "Pricing", 3, short),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testStore(t testing.TB) (*progress.Store, int64) {
	t.Helper()
	s, err := progress.Open(filepath.Join(t.TempDir(), "progress.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	u, err := s.EnsureUser(context.Background(), progress.LocalUserKey, "tester")
	if err != nil {
		t.Fatal(err)
	}
	return s, u.ID
}

func newTestApp(t testing.TB, s *progress.Store, uid int64, resume bool) *App {
	return testApp(t, Options{Catalog: testCatalog(t), Store: s, UserID: uid, NoColor: true, Resume: resume})
}

// testApp is New for a test: the app's saver, which outlives a session's
// context on purpose (it keeps retrying until Close), is closed when the
// test ends, before its store is, so that it cannot wake up later, inside
// another test (TestIdleProgramGoroutinesSleep traces a quiet second).
func testApp(t testing.TB, opts Options) *App {
	a := New(t.Context(), opts)
	t.Cleanup(func() { a.Close(0) })
	return a
}

// drive sends messages straight to the model, as the program would, and
// feeds back what their commands return (timers and quitting excepted).
func drive(a *App, msgs ...tea.Msg) {
	for _, m := range msgs {
		feed(a, m, 0)
	}
}

func feed(a *App, m tea.Msg, depth int) {
	if depth > 20 {
		return
	}
	_, cmd := a.Update(m)
	run(a, cmd, depth)
}

func run(a *App, cmd tea.Cmd, depth int) {
	if cmd == nil {
		return
	}
	msg := runCmd(cmd)
	switch msg := msg.(type) {
	case nil, tea.QuitMsg, saveTickMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			run(a, c, depth+1)
		}
	default:
		feed(a, msg, depth+1)
	}
}

func runCmd(cmd tea.Cmd) tea.Msg {
	if isTimer(cmd) {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case m := <-done:
		return m
	case <-time.After(50 * time.Millisecond):
		return nil // a timer: not needed for these tests
	}
}

// timers are the functions of the commands that only wait: Bubble Tea's
// Tick and Every, and the bubbles cursor's blink (the tutor's inputs do not
// blink; see steadyCursor). runCmd drops them at once instead of waiting
// 50 ms for each, as it drops any command still running after 50 ms.
var timers = []string{
	"charm.land/bubbletea/v2.Tick.func1",
	"charm.land/bubbletea/v2.Every.func1",
	"charm.land/bubbles/v2/cursor.(*Model).Blink.func1",
}

func isTimer(cmd tea.Cmd) bool {
	f := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer())
	return f != nil && slices.Contains(timers, f.Name())
}

func keys(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

var (
	enter = tea.KeyPressMsg{Code: tea.KeyEnter}
	esc   = tea.KeyPressMsg{Code: tea.KeyEscape}
)

func screenText(a *App) string { return ansi.Strip(a.View().Content) }

func TestHomeScreen(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, true)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24})
	golden.RequireEqual(t, screenText(a))
}

func TestTooSmall(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, true)
	drive(a, tea.WindowSizeMsg{Width: 59, Height: 30})
	if got := screenText(a); !strings.Contains(got, "terminal too small (need 60x20, have 59x30)") {
		t.Errorf("screen:\n%s", got)
	}
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 19})
	if got := screenText(a); !strings.Contains(got, "have 80x19") {
		t.Errorf("screen:\n%s", got)
	}
	drive(a, tea.WindowSizeMsg{Width: 60, Height: 20})
	if got := screenText(a); strings.Contains(got, "too small") || !strings.Contains(got, "Lessons") {
		t.Errorf("screen at 60x20:\n%s", got)
	}
}

func TestLessonListFilter(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, true)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24}, enter)
	if got := screenText(a); !strings.Contains(got, "Cold starts") || !strings.Contains(got, "Pricing") {
		t.Fatalf("lesson list:\n%s", got)
	}
	drive(a, keys("/pric")...)
	drive(a, enter)
	golden.RequireEqual(t, screenText(a))
	// q is typed into a filter, not taken as "back", while filtering.
	drive(a, keys("/q")...)
	if got := screenText(a); !strings.Contains(got, "Lessons") {
		t.Errorf("q while filtering left the screen:\n%s", got)
	}
	drive(a, esc) // cancel the filter being typed
	if got := screenText(a); !strings.Contains(got, "Cold starts") || !strings.Contains(got, "Lessons") {
		t.Errorf("filter not cancelled:\n%s", got)
	}
	// esc with an applied filter clears it and stays on the list.
	drive(a, keys("/pric")...)
	drive(a, enter, esc)
	if got := screenText(a); !strings.Contains(got, "Cold starts") || !strings.Contains(got, "› Lessons") {
		t.Errorf("esc did not clear the applied filter:\n%s", got)
	}
	drive(a, esc)
	if got := screenText(a); strings.Contains(got, "› Lessons") {
		t.Errorf("esc without a filter did not go back:\n%s", got)
	}
}

// TestReaderResumesWhereLeft scrolls a lesson, leaves, and opens a new session
// on the same database: it must come back to the same lesson and line.
func TestReaderResumesWhereLeft(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, true)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24}, enter)
	drive(a, keys("j")...) // second lesson in the list: Cold starts
	drive(a, enter)
	drive(a, keys("jjjjjjj")...)
	before := screenText(a)
	if !strings.Contains(before, "Cold starts") {
		t.Fatalf("reader:\n%s", before)
	}
	a.quit()
	drainSaves(t, a)
	id, off, ok, err := s.LastPosition(context.Background(), uid)
	if err != nil || !ok || id != "cold-starts" || off != 7 {
		t.Fatalf("saved position = %q %d %v %v, want cold-starts 7", id, off, ok, err)
	}

	b := newTestApp(t, s, uid, true)
	drive(b, tea.WindowSizeMsg{Width: 80, Height: 24})
	after := screenText(b)
	// The header differs (the resumed reader sits right on the home screen);
	// the lesson text and the status line must not.
	body := func(s string) string { return s[strings.Index(s, "\n"):] }
	if body(after) != body(before) {
		t.Errorf("reopened screen differs.\nbefore:\n%s\nafter:\n%s", before, after)
	}
	golden.RequireEqual(t, after)
}

func TestReaderSectionsAndLessons(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24}, enter, keys("j")[0], enter)
	r := a.top().(*reader)
	for want := 0; want < 5; want++ {
		drive(a, keys("]")...)
		if got := r.currentSection(); got != want {
			t.Fatalf("after %d jumps, section %d", want+1, got)
		}
		lines := strings.Split(screenText(a), "\n")
		heading := "## " + r.lesson.Sections[want].Title
		if !strings.Contains(lines[2], heading) && !(r.vp.AtBottom() && strings.Contains(strings.Join(lines, "\n"), heading)) {
			t.Errorf("jump %d: top line %q, want heading %q", want+1, lines[2], heading)
		}
	}
	drive(a, keys("[")...)
	if got := r.currentSection(); got != 3 {
		t.Errorf("after [, section %d, want 3", got)
	}
	left := r.vp.YOffset()
	drive(a, keys("n")...)
	if r.lesson.ID != "pricing" {
		t.Errorf("n: lesson %s", r.lesson.ID)
	}
	drive(a, keys("n")...)
	if got := screenText(a); !strings.Contains(got, "this is the last lesson") {
		t.Errorf("n at the end:\n%s", got)
	}
	drive(a, keys("pp")...)
	if r.lesson.ID != "what-is-lambda" {
		t.Errorf("pp: lesson %s", r.lesson.ID)
	}
	// Coming back to Cold starts restores where it was left.
	drive(a, keys("n")...)
	if got := r.vp.YOffset(); got != left || r.lesson.ID != "cold-starts" {
		t.Errorf("back on %s: offset %d, want %d", r.lesson.ID, got, left)
	}
}

func TestMarkComplete(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24}, enter, enter)
	drive(a, keys("c")...)
	drainSaves(t, a)
	recs, err := s.Lessons(context.Background(), uid)
	if err != nil || !recs["what-is-lambda"].Completed() {
		t.Fatalf("not completed: %v %v", recs, err)
	}
	if got := screenText(a); !strings.Contains(got, "✓ completed") {
		t.Errorf("reader:\n%s", got)
	}
	drive(a, esc)
	if got := screenText(a); !strings.Contains(got, "[✓]  1. What Lambda is") || !strings.Contains(got, "1 of 3 completed") {
		t.Errorf("list after completing:\n%s", got)
	}
	drive(a, enter, keys("c")[0])
	drainSaves(t, a)
	recs, _ = s.Lessons(context.Background(), uid)
	if recs["what-is-lambda"].Completed() {
		t.Error("c again did not clear completion")
	}
}

func TestResizeKeepsLayoutInBounds(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 30}, enter, keys("j")[0], enter, keys("jjj")[0])
	for _, sz := range [][2]int{{60, 20}, {120, 40}, {61, 21}, {200, 60}, {80, 24}} {
		drive(a, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		lines := strings.Split(screenText(a), "\n")
		if len(lines) != sz[1] {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%dx%d: line %d is %d wide: %q", sz[0], sz[1], i, w, l)
			}
		}
	}
}

func TestHelpToggle(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 30}, enter, enter)
	short := screenText(a)
	if strings.Contains(short, "previous section") {
		t.Errorf("short help shows the full list:\n%s", short)
	}
	drive(a, keys("?")...)
	full := screenText(a)
	for _, want := range []string{"previous section", "next lesson", "mark complete", "ctrl+c", "quit"} {
		if !strings.Contains(full, want) {
			t.Errorf("full help lacks %q:\n%s", want, full)
		}
	}
}

// TestNoColorHasNoColourCodes renders with NoColor and checks that the output
// carries no colour escape sequences.
func TestNoColor(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24}, enter, enter)
	out := a.View().Content
	for _, sgr := range []string{"\x1b[38;", "\x1b[48;", "\x1b[3", "\x1b[4"} {
		if strings.Contains(out, sgr) {
			t.Fatalf("NoColor output has colour sequence %q", sgr)
		}
	}
}

// TestProgramQuits runs the real Bubble Tea program through teatest: open a
// lesson, scroll, quit with ctrl+c, and compare the final screen.
func TestProgramQuits(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(80, 24))
	tm.Send(enter)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("completed")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(enter)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("lesson 1 of 3")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	golden.RequireEqual(t, ansi.Strip(final.View().Content))
	drainSaves(t, a)
	if _, _, ok, _ := s.LastPosition(context.Background(), uid); !ok {
		t.Error("quitting did not save the position")
	}
}

// TestHomeFitsTheSmallestTerminal: at 60x20 with every entry (Continue
// included) the whole menu is on screen.
func TestHomeFitsTheSmallestTerminal(t *testing.T) {
	s, uid := testStore(t)
	if err := s.SavePosition(context.Background(), uid, "pricing", 0); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 60, Height: 20})
	got := screenText(a)
	for _, want := range []string{"Continue", "Lessons", "Exercises", "Playground", "Interview trainer", "Progress", "Quit"} {
		if !strings.Contains(got, want) {
			t.Errorf("home at 60x20 lacks %q:\n%s", want, got)
		}
	}
}

// TestKeysRightAfterOpeningGoToTheNewScreen: navigation happens within the
// Update that asks for it, so a key typed at once after "2" (open the
// exercises) reaches the exercise list, not the home screen a second time.
func TestKeysRightAfterOpeningGoToTheNewScreen(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Update(keys("2")[0]) // no command is run between the two keys
	a.Update(enter)
	if _, ok := a.top().(*exerciseScreen); !ok || len(a.stack) != 3 {
		t.Fatalf("after 2 and enter: top %T, %d screens", a.top(), len(a.stack))
	}
}

// A terminal over MaxWidth x MaxHeight is drawn at most that large: the
// screen buffers grow with the size, and a client may claim any size.
func TestHugeWindowIsCapped(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, true)
	drive(a, tea.WindowSizeMsg{Width: 3000, Height: 2000})
	view := screenText(a)
	lines := strings.Split(view, "\n")
	if len(lines) > MaxHeight {
		t.Errorf("the view has %d lines, want at most %d", len(lines), MaxHeight)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > MaxWidth {
			t.Fatalf("line %d is %d cells wide, want at most %d", i+1, w, MaxWidth)
		}
	}
	if !strings.Contains(view, "lessons completed") {
		t.Errorf("the home screen is not drawn:\n%.500s", view)
	}
}
