package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
	"github.com/lambdatutor/lambdatutor/report"
)

// runIn executes the command line with stdin.
func runIn(t *testing.T, db, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := &Factory{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut, Getenv: func(k string) string {
		if k == "LAMBDATUTOR_DB" {
			return db
		}
		return ""
	}}
	code := Execute(context.Background(), f, "1.2.3", args)
	return out.String(), errOut.String(), code
}

// mirror builds the session the command will build (same bank, options and
// seed, on an empty store) so the test knows the questions and answers.
func mirror(t *testing.T, opts quiz.Options) []*quiz.Item {
	t.Helper()
	s, err := progress.Open(filepath.Join(t.TempDir(), "mirror.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.EnsureUser(context.Background(), progress.LocalUserKey, "")
	if err != nil {
		t.Fatal(err)
	}
	bank, err := quiz.Default()
	if err != nil {
		t.Fatal(err)
	}
	opts.UserID = u.ID
	sess, err := quiz.NewSession(context.Background(), bank, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	var items []*quiz.Item
	for {
		it, ok := sess.Current()
		if !ok {
			return items
		}
		items = append(items, it)
		if _, err := sess.Submit(context.Background(), rightAnswer(t, it)); err != nil {
			t.Fatal(err)
		}
		if it.Question.Kind == quiz.Free {
			sess.SelfGrade(context.Background(), quiz.Good)
		}
	}
}

// rightAnswer types the right answer to an item, from its shown options.
func rightAnswer(t *testing.T, it *quiz.Item) string {
	t.Helper()
	q := it.Question
	switch q.Kind {
	case quiz.Single, quiz.Multi:
		var ls []string
		for i, text := range it.Choices {
			for _, c := range q.Choices {
				if c.Text == text && c.Correct {
					ls = append(ls, quiz.Letter(i))
				}
			}
		}
		return strings.Join(ls, ",")
	case quiz.Numeric:
		return quiz.FormatNumber(q.Numeric.Answer, q.Numeric.Unit)
	case quiz.Order:
		var ls []string
		for _, want := range q.Order {
			for i, shown := range it.Items {
				if shown == want {
					ls = append(ls, quiz.Letter(i))
				}
			}
		}
		return strings.Join(ls, " ")
	}
	return strings.ReplaceAll(strings.TrimSpace(q.ModelAnswer), "\n", " ")
}

// badAnswer is an answer the quiz cannot read for the item's kind.
func badAnswer(it *quiz.Item) string {
	switch it.Question.Kind {
	case quiz.Single, quiz.Multi, quiz.Order:
		return "z"
	case quiz.Numeric:
		return "lots"
	}
	return ""
}

// script types a bad answer first, then the right one (and grades free
// answers Good), for every item.
func script(t *testing.T, items []*quiz.Item) string {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "%s\n%s\n", badAnswer(it), rightAnswer(t, it))
		if it.Question.Kind == quiz.Free {
			b.WriteString("3\n")
		}
	}
	return b.String()
}

func TestQuizPlainInAPipe(t *testing.T) {
	db := tempDB(t)
	items := mirror(t, quiz.Options{Count: 4, Seed: 42, Topic: "pricing"})
	if len(items) != 4 {
		t.Fatalf("%d items", len(items))
	}
	out, e, code := runIn(t, db, script(t, items), "quiz", "--plain", "--seed", "42", "--count", "4", "--topic", "pricing")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, e, out)
	}
	for _, want := range []string{
		"Practice: 4 questions.",
		"[1/4] ",
		"[4/4]",
		"Try again.",
		"Session: 4 of 4 answered right (100%).",
		"Your answers are saved.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Wrong.") || strings.Contains(out, "\x1b[") {
		t.Errorf("unexpected output:\n%s", out)
	}
	for _, it := range items {
		if !strings.Contains(out, strings.TrimSpace(strings.Split(it.Question.Prompt, "\n")[0])) {
			t.Errorf("question %s not shown", it.Question.ID)
		}
	}
	// Saved, and shown by `progress`.
	out, _, code = run(t, db, "progress")
	if code != 0 || !strings.Contains(out, "Quiz: 4 answered, 4 right (100%)") || !strings.Contains(out, "Streak: 1 day.") ||
		!strings.Contains(out, "pricing") || !strings.Contains(out, "Next 7 days:") {
		t.Errorf("progress after the quiz:\n%s", out)
	}
	if !strings.Contains(out, fmt.Sprintf("Lessons: 0 of %d completed", lessonTotal(t))) {
		t.Errorf("progress lost its lesson line:\n%s", out)
	}
	out, _, _ = run(t, db, "progress", "--json")
	var j struct {
		Quiz report.QuizJSON `json:"quiz"`
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil || j.Quiz.Answered != 4 || j.Quiz.Correct != 4 || len(j.Quiz.Forecast) != 7 ||
		j.Quiz.Streak != 1 || j.Quiz.BankSize < 150 || len(j.Quiz.Topics) == 0 {
		t.Errorf("progress --json: %v\n%s", err, out)
	}
	// Export carries the reviews; reset deletes them.
	out, _, _ = run(t, db, "progress", "export")
	if !strings.Contains(out, `"version": 3`) || strings.Count(out, `"question_id"`) != 4 || !strings.Contains(out, `"cards"`) {
		t.Errorf("export:\n%s", out)
	}
	backup := filepath.Join(t.TempDir(), "b.json")
	if _, e, code := run(t, db, "progress", "export", backup); code != 0 {
		t.Fatal(e)
	}
	run(t, db, "progress", "reset", "--yes")
	if out, _, _ = run(t, db, "progress"); !strings.Contains(out, "Quiz: nothing answered yet") {
		t.Errorf("after reset:\n%s", out)
	}
	if out, _, _ = run(t, db, "progress", "import", backup); !strings.Contains(out, "Imported 4 quiz reviews") {
		t.Errorf("import: %s", out)
	}
	if out, _, _ = run(t, db, "progress"); !strings.Contains(out, "Quiz: 4 answered") {
		t.Errorf("after import:\n%s", out)
	}
}

func TestQuizEndOfInputSavesWhatWasAnswered(t *testing.T) {
	db := tempDB(t)
	items := mirror(t, quiz.Options{Count: 3, Seed: 7})
	in := rightAnswer(t, items[0]) + "\n"
	if items[0].Question.Kind == quiz.Free {
		in += "4\n"
	}
	out, e, code := runIn(t, db, in, "quiz", "--plain", "--seed", "7", "--count", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	if !strings.Contains(out, "Session: 1 of 1 answered right (100%); 2 not answered, ended early.") {
		t.Errorf("output:\n%s", out)
	}
	out, _, _ = run(t, db, "progress", "export")
	if strings.Count(out, `"question_id"`) != 1 || !strings.Contains(out, items[0].Question.ID) {
		t.Errorf("saved:\n%s", out)
	}
	// q stops too, and nothing answered is nothing saved.
	out, _, code = runIn(t, tempDB(t), "q\n", "quiz", "--plain", "--count", "2")
	if code != 0 || !strings.Contains(out, "Session: Nothing answered (2 questions), ended early, so nothing was scored.\nNothing was saved.") {
		t.Errorf("q: exit %d\n%s", code, out)
	}
}

// lineReader yields one line per Read and advances the clock by step
// before each, as if the learner took step to answer.
type lineReader struct {
	lines []string
	clock *testClock
	step  time.Duration
}

func (r *lineReader) Read(p []byte) (int, error) {
	if len(r.lines) == 0 {
		return 0, io.EOF
	}
	r.clock.advance(r.step)
	n := copy(p, r.lines[0]+"\n")
	r.lines = r.lines[1:]
	return n, nil
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestQuizMockInterviewRunsOutOfTime(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	items := mirror(t, quiz.Options{Mode: quiz.Mock, Count: 5, Seed: 11, Clock: clock.now})
	var lines []string
	for _, it := range items[:4] {
		lines = append(lines, strings.Split(strings.TrimSpace(script(t, []*quiz.Item{it})), "\n")[1:]...)
	}
	var out bytes.Buffer
	f := &Factory{In: &lineReader{lines: lines, clock: clock, step: time.Minute}, Out: &out, ErrOut: io.Discard,
		Getenv: func(string) string { return "" }, DBPath: tempDB(t)}
	defer f.Close()
	err := quizRun(context.Background(), f, &QuizOptions{Mode: "mock", Count: 5, Duration: 150 * time.Second, Seed: 11, Clock: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Mock interview: 5 questions in 2:30. No hints.",
		"2:30 left",
		"1:30 left",
		"Time is up: that answer came after the limit and was not counted.",
		"Mock interview debrief: ",
		"answered right",
		"; 3 not answered, time up.",
		"Time: 2:30 of 2:30.",
		"By topic, weakest first:",
		"Time per question:",
		" 1. 1:00  right",
		"Not answered (not counted in the score):",
		"  3. ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Key points") || strings.Contains(got, "next review") {
		t.Errorf("a mock interview shows hints or schedules:\n%s", got)
	}
	// Nothing is revealed before the debrief (issue 10 item 6): no verdict,
	// no answer, no explanation after a question.
	before, _, _ := strings.Cut(got, "Mock interview debrief")
	for _, leak := range []string{"Right:", "Wrong.", "Answer: ", "Graded ", "Model answer:"} {
		if strings.Contains(before, leak) {
			t.Errorf("the mock interview reveals %q before the debrief:\n%s", leak, before)
		}
	}
	if n := strings.Count(before, "Answer recorded."); n != 2 {
		t.Errorf("%d answers recorded, want 2:\n%s", n, before)
	}
}

func TestQuizHintAndGradeRetry(t *testing.T) {
	db := tempDB(t)
	// Find a seed whose first question is a free one.
	seed := uint64(1)
	for ; seed < 100; seed++ {
		if mirror(t, quiz.Options{Count: 1, Seed: seed, Topic: "interview-answers"})[0].Question.Kind == quiz.Free {
			break
		}
	}
	in := "?\nLambda is serverless and event-driven; pay per request.\n9\nhard\n"
	out, _, code := runIn(t, db, in, "quiz", "--plain", "--seed", fmt.Sprint(seed), "--count", "1", "--topic", "interview-answers")
	for _, want := range []string{"Hint: A good answer covers:", "capped at Hard", "Model answer:", "Key points (a hint, not your grade): you covered",
		`"9" is not a grade`, "Graded Hard (hint used)"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("exit %d, output lacks %q:\n%s", code, want, out)
		}
	}
}

func TestQuizErrors(t *testing.T) {
	db := tempDB(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"quiz", "--mode", "exam"}, `unknown quiz mode "exam": use practice, mock or weak`},
		{[]string{"quiz", "--topic", "pricng"}, `did you mean "pricing"?`},
		{[]string{"quiz", "--count", "0"}, "at least 1 question"},
		{[]string{"quiz", "--difficulty", "4"}, "--difficulty 4"},
		{[]string{"quiz", "--mode", "weak"}, "no weak spots yet"},
		{[]string{"quiz", "extra"}, `"extra" is not an argument of lambdatutor quiz`},
	}
	for _, tc := range cases {
		_, e, code := runIn(t, db, "", tc.args...)
		if code == 0 || !strings.Contains(e, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", tc.args, code, e, tc.want)
		}
	}
	out, _, code := run(t, db, "quiz", "--help")
	if code != 0 || !strings.Contains(out, "On a terminal the quiz opens in the tutor's quiz screen") || !strings.Contains(out, "--plain") {
		t.Errorf("help:\n%s", out)
	}
}

func TestClockAndUntil(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0:00", 90 * time.Second: "1:30", 30 * time.Minute: "30:00", 3725 * time.Second: "1:02:05", -time.Second: "0:00"} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{time.Second: "now", time.Minute: "in 1 minute", 10 * time.Minute: "in 10 minutes",
		5 * time.Hour: "in 5 hours", 15 * 24 * time.Hour: "in 15 days", 36 * time.Hour: "in 36 hours"} {
		now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
		if got := quiz.DueIn(now.Add(d), now); got != want {
			t.Errorf("until(%v) = %q, want %q", d, got, want)
		}
	}
}
