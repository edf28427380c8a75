package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/report"
)

// runWithInput is run with a given standard input.
func runWithInput(t *testing.T, db, in string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := &Factory{In: strings.NewReader(in), Out: &out, ErrOut: &errOut, Getenv: func(k string) string {
		if k == "LAMBDATUTOR_DB" {
			return db
		}
		return ""
	}}
	code := Execute(context.Background(), f, "1.2.3", args)
	return out.String(), errOut.String(), code
}

func solutionOf(t *testing.T, id string, rt exercises.Runtime) string {
	t.Helper()
	cat, err := exercises.Default()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := cat.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return ex.Solution[rt][rt.MainFile()]
}

func TestExercisesLocalWorkflow(t *testing.T) {
	db := tempDB(t)
	dir := filepath.Join(t.TempDir(), "ws")

	out, errOut, code := run(t, db, "exercises")
	if code != 0 || !strings.Contains(out, "hello-world") || !strings.Contains(out, "0 of ") || !strings.Contains(out, "exercises init") {
		t.Fatalf("list: exit %d %s\n%s", code, errOut, out)
	}
	// Before init: a missing folder tells the learner what to run.
	_, errOut, code = run(t, db, "exercises", "check", "--dir", dir)
	if code == 0 || !strings.Contains(errOut, "run `lambdatutor exercises init") {
		t.Fatalf("check without a folder: exit %d %q", code, errOut)
	}
	out, errOut, code = run(t, db, "exercises", "init", dir, "--runtime", "python")
	if code != 0 || !strings.Contains(out, "Python") || !strings.Contains(out, "Start with hello-world") {
		t.Fatalf("init: exit %d %s\n%s", code, errOut, out)
	}
	main := filepath.Join(dir, "01-hello-world", "lambda_function.py")
	if _, err := os.Stat(main); err != nil {
		t.Fatal(err)
	}
	// The starter fails: panel on stdout, exit 1, advice on stderr.
	out, errOut, code = run(t, db, "exercises", "check", "--dir", dir)
	if code != 1 || !strings.Contains(out, "hello-world (Python): 0 of 3 tests passed") || !strings.Contains(out, "expected") ||
		!strings.Contains(out, "REPORT RequestId:") || !strings.Contains(errOut, "exercises hint hello-world") {
		t.Fatalf("check starter: exit %d %s\n%s", code, errOut, out)
	}
	// The solution is locked, hints come one at a time.
	if _, errOut, code = run(t, db, "exercises", "solution", "hello-world"); code == 0 || !strings.Contains(errOut, "opens once your code passes") {
		t.Errorf("solution before passing: exit %d %q", code, errOut)
	}
	for i, want := range []string{"Hint 1 of 3", "Hint 2 of 3", "Hint 3 of 3", "Hint 3 of 3"} {
		out, _, code = run(t, db, "exercises", "hint", "hello-world")
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("hint %d: exit %d\n%s", i+1, code, out)
		}
	}
	// A broken folder is reported, not crashed on.
	if err := os.Remove(main); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = run(t, db, "exercises", "check", "hello-world", "--dir", dir)
	if code != 1 || !strings.Contains(out, "lambda_function.py is missing") || !strings.Contains(out, "exercises reset hello-world") {
		t.Errorf("broken folder: exit %d %s\n%s", code, errOut, out)
	}
	out, _, _ = run(t, db, "exercises", "--dir", dir)
	if !strings.Contains(out, "broken: lambda_function.py is missing") {
		t.Errorf("list does not show the broken folder:\n%s", out)
	}
	// Reset asks first; --yes or "y" restores the starter.
	if _, errOut, code = runWithInput(t, db, "n\n", "exercises", "reset", "hello-world", "--dir", dir); code == 0 || !strings.Contains(errOut, "nothing was changed") {
		t.Errorf("reset answered no: exit %d %q", code, errOut)
	}
	if out, errOut, code = runWithInput(t, db, "y\n", "exercises", "reset", "hello-world", "--dir", dir); code != 0 || !strings.Contains(out, "Restored the starter") {
		t.Errorf("reset answered yes: exit %d %q %q", code, out, errOut)
	}
	// Solve it.
	if err := os.WriteFile(main, []byte(solutionOf(t, "hello-world", exercises.Python)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = run(t, db, "exercises", "check", "--dir", dir)
	if code != 0 || !strings.Contains(out, "all 3 tests passed") || !strings.Contains(out, "Solved Hello, Lambda") || !strings.Contains(out, "Next: ") {
		t.Fatalf("check solution: exit %d %s\n%s", code, errOut, out)
	}
	if !regexp.MustCompile(`Solved Hello, Lambda in \d+ attempts, `).MatchString(out) || strings.Contains(out, "attempt(s)") {
		t.Errorf("solved line: want \"in N attempts\":\n%s", out)
	}
	out, _, code = run(t, db, "exercises", "solution", "hello-world", "--dir", dir)
	if code != 0 || !strings.Contains(out, "── lambda_function.py ──") || !strings.Contains(out, "def lambda_handler") {
		t.Errorf("solution after passing: exit %d\n%s", code, out)
	}
	out, _, _ = run(t, db, "exercises", "solution", "hello-world", "--runtime", "node")
	if !strings.Contains(out, "── index.js ──") {
		t.Errorf("node solution:\n%s", out)
	}
	// The next check without an id moves to the next unsolved exercise.
	out, _, code = run(t, db, "exercises", "check", "--dir", dir)
	if code != 1 || !strings.Contains(out, "rest-query-params (Python)") {
		t.Errorf("check of the next exercise: exit %d\n%s", code, out)
	}
	// --json for scripts.
	out, _, code = run(t, db, "exercises", "check", "hello-world", "--dir", dir, "--json")
	var res exercises.CheckResult
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || !res.Passed || res.ExerciseID != "hello-world" {
		t.Errorf("check --json: exit %d\n%.300s", code, out)
	}
	out, _, _ = run(t, db, "exercises", "--json")
	var items []struct {
		ID       string `json:"id"`
		Status   string `json:"status"`
		Attempts int    `json:"attempts"`
		Hints    int    `json:"hints_used"`
	}
	if json.Unmarshal([]byte(out), &items) != nil || items[0].Status != "solved" || items[0].Attempts != 3 || items[0].Hints != 3 || items[1].Status != "started" {
		t.Errorf("list --json: %+v\n%.300s", items, out)
	}
	// Init again keeps the edited file.
	out, _, code = run(t, db, "exercises", "init", dir)
	if code != 0 || !strings.Contains(out, "Kept 1 files you edited") || !strings.Contains(out, "01-hello-world/lambda_function.py") {
		t.Errorf("second init: exit %d\n%s", code, out)
	}
	if _, errOut, code = run(t, db, "exercises", "init", dir, "--runtime", "node"); code == 0 || !strings.Contains(errOut, "set up for Python") {
		t.Errorf("init with another runtime: exit %d %q", code, errOut)
	}

	// The progress summary counts it.
	out, _, _ = run(t, db, "progress")
	if !strings.Contains(out, "Exercises: 1 of ") || !strings.Contains(out, "4 check runs, 3 hints used") {
		t.Errorf("progress summary:\n%s", out)
	}
	out, _, _ = run(t, db, "progress", "--json")
	var p struct {
		Exercises report.ExercisesJSON `json:"exercises"`
	}
	if json.Unmarshal([]byte(out), &p) != nil || p.Exercises.Solved != 1 || p.Exercises.Attempts != 4 || p.Exercises.HintsUsed != 3 {
		t.Errorf("progress --json exercises: %+v", p.Exercises)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestExercisesWatch(t *testing.T) {
	db := tempDB(t)
	dir := filepath.Join(t.TempDir(), "ws")
	if _, e, code := run(t, db, "exercises", "init", dir); code != 0 {
		t.Fatal(e)
	}
	inR, inW := io.Pipe()
	out := &syncBuffer{}
	f := &Factory{In: inR, Out: out, ErrOut: out, Getenv: func(k string) string {
		if k == "LAMBDATUTOR_DB" {
			return db
		}
		return ""
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- Execute(ctx, f, "1.2.3", []string{"exercises", "watch", "--dir", dir, "--interval", "20ms"})
	}()
	waitFor := func(want string, count int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for strings.Count(out.String(), want) < count {
			if time.Now().After(deadline) {
				t.Fatalf("no %q (x%d) in:\n%s", want, count, out.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("hello-world (Node.js): 0 of 3 tests passed", 1)
	// Enter before a pass does not move on.
	io.WriteString(inW, "\n")
	waitFor("does not pass yet", 1)
	io.WriteString(inW, "h\n")
	waitFor("Hint 1 of 3", 1)
	// Saving the solution re-checks.
	main := filepath.Join(dir, "01-hello-world", "index.js")
	if err := os.WriteFile(main, []byte(solutionOf(t, "hello-world", exercises.Node)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("change saved at ", 1)
	waitFor("all 3 tests passed", 1)
	waitFor("Press Enter for the next exercise", 1)
	if strings.Contains(out.String(), "rest-query-params (Node.js)") {
		t.Fatal("moved on before the learner confirmed")
	}
	io.WriteString(inW, "\n")
	waitFor("━━ 2. ", 1)
	waitFor("rest-query-params (Node.js): ", 1)
	// A folder broken while watching is reported and watching goes on.
	if err := os.Remove(filepath.Join(dir, "02-rest-query-params", "index.js")); err != nil {
		t.Fatal(err)
	}
	waitFor("index.js is missing", 1)
	io.WriteString(inW, "q\n")
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("watch exit %d:\n%s", code, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("watch did not stop on q")
	}
	inW.Close()
}

func TestExercisesCompletion(t *testing.T) {
	out, _, code := run(t, tempDB(t), "__complete", "exercises", "check", "sqs")
	if code != 0 || !strings.Contains(out, "sqs-partial-batch\t") {
		t.Errorf("completion: exit %d\n%s", code, out)
	}
}

// A project exercise in the local folder: the learner's lambdatutor.yaml
// on disk is the one the check deploys.
func TestExercisesProjectFileOnDisk(t *testing.T) {
	db := tempDB(t)
	dir := filepath.Join(t.TempDir(), "ws")
	if _, errOut, code := run(t, db, "exercises", "init", dir, "--runtime", "node"); code != 0 {
		t.Fatalf("init: exit %d %s", code, errOut)
	}
	yamlPath := filepath.Join(dir, "19-least-privilege", "lambdatutor.yaml")
	out, _, code := run(t, db, "exercises", "check", "least-privilege", "--dir", dir)
	if code != 1 || !strings.Contains(out, "is not authorized to perform: s3:PutObject") {
		t.Fatalf("starter: exit %d\n%s", code, out)
	}
	// The fix of this exercise is in lambdatutor.yaml, so the failure
	// names it beside the handler file.
	wantEdit := "edit " + filepath.Join(dir, "19-least-privilege", "index.js") + " or " + yamlPath + " and check again"
	if _, errOut, _ := run(t, db, "exercises", "check", "least-privilege", "--dir", dir); !strings.Contains(errOut, wantEdit) {
		t.Errorf("failed check should say %q:\n%s", wantEdit, errOut)
	}
	if err := os.WriteFile(yamlPath, []byte("functions: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, db, "exercises", "check", "least-privilege", "--dir", dir)
	if code != 1 || !strings.Contains(out, "lambdatutor.yaml is broken, so no test ran") {
		t.Fatalf("broken yaml: exit %d\n%s", code, out)
	}
	cat, err := exercises.Default()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := cat.Get("least-privilege")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yamlPath, []byte(ex.Solution[exercises.Node][exercises.ProjectFile]), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, db, "exercises", "check", "least-privilege", "--dir", dir)
	if code != 0 || !strings.Contains(out, "all 2 tests passed") {
		t.Fatalf("fixed policy: exit %d\n%s", code, out)
	}
}
