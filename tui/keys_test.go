package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/exercises"
)

// TestHomeNumbersAreStable: after the first lesson the home screen offers
// Continue, on its own key; the numbers of the other entries do not move
// (2 still opens the exercises).
func TestHomeNumbersAreStable(t *testing.T) {
	s, uid := testStore(t)
	if err := s.SavePosition(context.Background(), uid, "pricing", 0); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24})
	got := screenText(a)
	for _, want := range []string{"c  Continue", "1  Lessons", "2  Exercises", "3  Playground", "5  Progress", "q  Quit"} {
		if !strings.Contains(got, want) {
			t.Errorf("home lacks %q:\n%s", want, got)
		}
	}
	drive(a, keys("2")...)
	if _, ok := a.top().(*exerciseList); !ok {
		t.Fatalf("2 opened %T, want the exercise list", a.top())
	}
	drive(a, esc, keys("c")[0])
	if r, ok := a.top().(*reader); !ok || r.lesson.ID != "pricing" {
		t.Fatalf("c opened %T, want the last lesson", a.top())
	}
}

// TestHomeEscDoesNothingQQuits: esc ("back" everywhere else) does not leave
// the tutor from the home screen; q quits at once, without a question.
func TestHomeEscDoesNothingQQuits(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24})
	if _, cmd := a.Update(esc); cmd != nil {
		if _, quit := runCmd(cmd).(tea.QuitMsg); quit {
			t.Fatal("esc on the home screen quit")
		}
	}
	if got := screenText(a); !strings.Contains(got, "q quit") || strings.Contains(got, "esc back") {
		t.Errorf("home footer should offer q quit and no esc back:\n%s", got)
	}
	_, cmd := a.Update(keys("q")[0])
	if cmd == nil {
		t.Fatal("q on the home screen did nothing")
	}
	if _, quit := runCmd(cmd).(tea.QuitMsg); !quit {
		t.Fatal("q on the home screen did not quit")
	}
}

// TestEditorFooterShowsTheRunKeyThatWorks: while editing, r types an r, so
// the footer must show ctrl+r.
func TestEditorFooterShowsTheRunKeyThatWorks(t *testing.T) {
	s, uid := testStore(t)
	a, _ := openFirstExercise(t, s, uid)
	drive(a, enter) // edit
	foot := lastLines(screenText(a), 2)
	if !strings.Contains(foot, "ctrl+r run the tests") || strings.Contains(foot, "• r run") {
		t.Errorf("editing footer:\n%s", foot)
	}
	a2, _ := openPlayground(t, s, uid)
	drive(a2, enter)
	if foot := lastLines(screenText(a2), 2); !strings.Contains(foot, "ctrl+r invoke") {
		t.Errorf("playground editing footer:\n%s", foot)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestEditorFollowsTheFilesIndentation: tab inserts one level of the file's
// own indentation; enter keeps the line's indentation, one level more after
// ":" in Python and "{" in JavaScript.
func TestEditorFollowsTheFilesIndentation(t *testing.T) {
	tab := tea.KeyPressMsg{Code: tea.KeyTab}
	cases := []struct {
		file, code string
		keys       []tea.Msg
		want       string
	}{
		// Python indented with 4: enter after ":" gives 8 on a nested line.
		{"lambda_function.py", "def handler(event, context):\n    if event:", []tea.Msg{enter, keys("x")[0]},
			"def handler(event, context):\n    if event:\n        x"},
		// enter after a plain line keeps its indentation.
		{"lambda_function.py", "def handler(event, context):\n    y = 1", []tea.Msg{enter, keys("x")[0]},
			"def handler(event, context):\n    y = 1\n    x"},
		// tab in a file indented with 4 inserts 4.
		{"lambda_function.py", "def handler(event, context):\n    y = 1", []tea.Msg{enter, tab, keys("x")[0]},
			"def handler(event, context):\n    y = 1\n        x"},
		// JavaScript indented with 2, after "{".
		{"index.js", "export const handler = async (event) => {\n  if (event) {", []tea.Msg{enter, keys("x")[0]},
			"export const handler = async (event) => {\n  if (event) {\n    x"},
		// lambdatutor.yaml indented with 2: a key ending in ":" opens a
		// block; a "- Effect: Allow" item line does not.
		{"lambdatutor.yaml", "functions:\n  pay:\n    policy:", []tea.Msg{enter, keys("x")[0]},
			"functions:\n  pay:\n    policy:\n      x"},
		{"lambdatutor.yaml", "functions:\n  pay:\n    - Effect: Allow", []tea.Msg{enter, keys("x")[0]},
			"functions:\n  pay:\n    - Effect: Allow\n    x"},
		// A new Python file with no indented line yet uses 4 (PEP 8).
		{"lambda_function.py", "def handler(event, context):", []tea.Msg{enter, keys("x")[0]},
			"def handler(event, context):\n    x"},
	}
	for _, c := range cases {
		e := newEditor(c.code, c.file, true)
		e.SetSize(80, 10)
		e.Focus()
		e.moveTo(len(e.lines)-1, len(e.lines[len(e.lines)-1]))
		for _, k := range c.keys {
			e.Update(k)
		}
		if got := e.Value(); got != c.want {
			t.Errorf("%s %q: got\n%s\nwant\n%s", c.file, c.code, got, c.want)
		}
	}
}

// TestExerciseLanguageIsRemembered: t on one exercise sets the language the
// next exercises open in, in this session and the next.
func TestExerciseLanguageIsRemembered(t *testing.T) {
	s, uid := testStore(t)
	a, es := openFirstExercise(t, s, uid)
	if es.rt != exercises.Node {
		t.Fatalf("first exercise opened in %s", es.rt)
	}
	drive(a, keys("t")...)
	drive(a, esc, keys("j")[0], enter)
	second, ok := a.top().(*exerciseScreen)
	if !ok || second.ex.ID == es.ex.ID {
		t.Fatalf("top is %T", a.top())
	}
	if second.rt != exercises.Python {
		t.Errorf("the next exercise opened in %s after choosing Python", second.rt)
	}
	if !strings.Contains(screenText(a), "lambda_function.py") {
		t.Errorf("the next exercise does not show the Python file:\n%s", screenText(a))
	}
	drainSaves(t, a)                         // the choice is written off the update loop
	_, again := openFirstExercise(t, s, uid) // a new session on the same database
	if again.rt != exercises.Python {
		t.Errorf("a new session opened the exercise in %s", again.rt)
	}
}

// TestFilterFooter: while a filter is typed, q and ? are letters of the
// filter, so the footer offers only the keys that work then.
func TestFilterFooter(t *testing.T) {
	s, uid := testStore(t)
	a := newTestApp(t, s, uid, false)
	drive(a, tea.WindowSizeMsg{Width: 80, Height: 24}, enter)
	drive(a, keys("/")...)
	foot := lastLines(screenText(a), 1)
	for _, want := range []string{"enter apply filter", "esc cancel", "ctrl+c quit"} {
		if !strings.Contains(foot, want) {
			t.Errorf("filter footer lacks %q: %q", want, foot)
		}
	}
	for _, bad := range []string{"q/esc back", "? all keys"} {
		if strings.Contains(foot, bad) {
			t.Errorf("filter footer offers %q: %q", bad, foot)
		}
	}
}
