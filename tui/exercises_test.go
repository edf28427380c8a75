package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
)

func openFirstExercise(t *testing.T, s *progress.Store, uid int64) (*App, *exerciseScreen) {
	t.Helper()
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := testApp(t, Options{Catalog: cat, Store: s, UserID: uid, NoColor: true})
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 32})
	drive(a, keys("2")...) // home: Lessons, Exercises, ...
	if got := screenText(a); !strings.Contains(got, "0 of 22 solved") {
		t.Fatalf("exercise list:\n%s", got)
	}
	drive(a, enter)
	es, ok := a.top().(*exerciseScreen)
	if !ok {
		t.Fatalf("top screen is %T", a.top())
	}
	return a, es
}

// runChecks runs the screen's check command to completion (it runs in the
// background in the program) and delivers the result.
func runChecks(a *App, es *exerciseScreen) {
	drive(a, es.run()())
}

func TestExerciseEditRunPass(t *testing.T) {
	s, uid := testStore(t)
	a, es := openFirstExercise(t, s, uid)
	if got := screenText(a); !strings.Contains(got, "[1 Task]") || !strings.Contains(got, "Hello, Lambda") {
		t.Fatalf("task pane:\n%s", got)
	}
	// The starter fails.
	runChecks(a, es)
	if got := screenText(a); !strings.Contains(got, "0 of 3 tests passed") || !strings.Contains(got, "REPORT RequestId:") {
		t.Fatalf("starter results:\n%s", got)
	}
	// Type into the editor: enter edits, tab indents, ctrl+z undoes a word.
	drive(a, keys("2")...)
	drive(a, enter)
	if !es.editing || !a.top().Capturing() {
		t.Fatal("enter did not start editing")
	}
	before := es.ed.Value()
	typeText(a, "q")
	drive(a, tea.KeyPressMsg{Code: tea.KeyTab})
	typeText(a, "abc")
	if got := es.ed.Value(); !strings.HasPrefix(got, "q  abc") {
		t.Fatalf("typed text: %q", got[:20])
	}
	drive(a, tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if got := es.ed.Value(); !strings.HasPrefix(got, "q  ") || strings.HasPrefix(got, "q  abc") {
		t.Fatalf("undo of a typed word: %q", got[:10])
	}
	drive(a, tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}, tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if got := es.ed.Value(); got != before {
		t.Fatalf("undo back to the start: %q", got[:10])
	}
	// Put the solution in, stop editing (saves the draft), run: it passes.
	sol := es.ex.SolutionCode(exercises.Node).Files["index.js"]
	es.ed.SetValue(sol)
	es.changed()
	drive(a, esc)
	if es.editing {
		t.Fatal("esc did not stop editing")
	}
	runChecks(a, es)
	got := screenText(a)
	if !strings.Contains(got, "all 3 tests passed") || !strings.Contains(got, "All 3 tests pass") {
		t.Fatalf("solution results:\n%s", got)
	}
	drive(a, keys("s")...)
	if got := screenText(a); !strings.Contains(got, "Reference solution (Node.js)") {
		t.Fatalf("solution after a pass:\n%s", got)
	}
	recs, err := s.Exercises(context.Background(), uid)
	if err != nil || !recs["hello-world"].Solved() || recs["hello-world"].Attempts != 2 {
		t.Errorf("records: %+v %v", recs["hello-world"], err)
	}

	// Leaving and coming back keeps the code (the draft is in the store).
	drive(a, esc)
	if got := screenText(a); !strings.Contains(got, "1 of 22 solved") || !strings.Contains(got, "[✓]") {
		t.Fatalf("list after solving:\n%s", got)
	}
	drive(a, enter)
	es2 := a.top().(*exerciseScreen)
	if es2.ed.Value() != sol {
		t.Errorf("draft not restored:\n%s", es2.ed.Value())
	}
	// x x resets to the starter.
	drive(a, keys("xx")...)
	if es2.ed.Value() == sol || !strings.Contains(es2.ed.Value(), "TODO") {
		t.Errorf("reset did not restore the starter:\n%s", es2.ed.Value())
	}
}

func TestExerciseSyntaxErrorAndRuntimes(t *testing.T) {
	s, uid := testStore(t)
	a, es := openFirstExercise(t, s, uid)
	es.ed.SetValue("exports.handler = async (event) => {\n  return {statusCode: 200,\n};\n}}\n")
	es.changed()
	runChecks(a, es)
	got := screenText(a)
	if !strings.Contains(got, "index.js") || !strings.Contains(strings.ToLower(got), "line") {
		t.Fatalf("syntax error panel has no file and line:\n%s", got)
	}
	if es.result == nil || es.result.SyntaxError == nil || es.result.SyntaxError.Line == 0 {
		t.Fatalf("no syntax error position: %+v", es.result)
	}
	// The hint goes to the end of the task; the solution is refused before a pass.
	drive(a, keys("h")...)
	if got := screenText(a); !strings.Contains(got, "Hint 1 of 3") {
		t.Errorf("hint:\n%s", got)
	}
	drive(a, keys("s")...)
	if got := screenText(a); !strings.Contains(strings.ToLower(got), "solution") || strings.Contains(got, "Reference solution") {
		t.Errorf("solution before a pass:\n%s", got)
	}
	// t switches to Python and its starter.
	drive(a, keys("t")...)
	if es.rt != exercises.Python || !strings.Contains(es.ed.Value(), "def lambda_handler") {
		t.Fatalf("runtime %s, code:\n%s", es.rt, es.ed.Value())
	}
	drive(a, keys("2")...)
	if got := screenText(a); !strings.Contains(got, "lambda_function.py") || !strings.Contains(got, "Python ·") {
		t.Errorf("python code pane:\n%s", got)
	}
}

// A project exercise's lambdatutor.yaml is the second file of the code
// pane: f switches to it, and the check deploys the edited file.
func TestProjectExerciseEditsLambdatutorYAML(t *testing.T) {
	s, uid := testStore(t)
	a, _ := openFirstExercise(t, s, uid)
	drive(a, esc)
	el, ok := a.top().(*exerciseList)
	if !ok {
		t.Fatalf("top screen is %T", a.top())
	}
	for i, it := range el.list.Items() {
		if it.(exerciseItem).it.Exercise.ID == "least-privilege" {
			el.list.Select(i)
		}
	}
	drive(a, enter)
	es, ok := a.top().(*exerciseScreen)
	if !ok || es.ex.ID != "least-privilege" {
		t.Fatalf("top screen is %T", a.top())
	}
	runChecks(a, es)
	if es.result == nil || es.result.Passed || !strings.Contains(es.result.Tests[0].Response, "not authorized to perform: s3:PutObject") {
		t.Fatalf("the starter should fail on AccessDenied: %+v", es.result)
	}
	drive(a, keys("f")...)
	if got := screenText(a); es.current != exercises.ProjectFile || !strings.Contains(got, "Code: lambdatutor.yaml") || !strings.Contains(got, "dynamodb:GetItem") {
		t.Fatalf("f did not show lambdatutor.yaml:\n%s", got)
	}
	es.ed.SetValue(es.ex.SolutionCode(exercises.Node).Files[exercises.ProjectFile])
	es.changed()
	runChecks(a, es)
	if es.result == nil || !es.result.Passed {
		t.Fatalf("the fixed policy should pass:\n%s", screenText(a))
	}
}
