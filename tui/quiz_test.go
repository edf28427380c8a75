package tui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// rightAnswer types the right answer for an item as shown (options are
// shuffled, so it maps the correct texts to their letters).
func rightAnswer(it *quiz.Item) string {
	q := it.Question
	switch q.Kind {
	case quiz.Single, quiz.Multi:
		var letters []string
		for i, shown := range it.Choices {
			for _, c := range q.Choices {
				if c.Correct && c.Text == shown {
					letters = append(letters, quiz.Letter(i))
				}
			}
		}
		return strings.Join(letters, ",")
	case quiz.Numeric:
		return strconv.FormatFloat(q.Numeric.Answer, 'f', -1, 64)
	case quiz.Order:
		var letters []string
		for _, want := range q.Order {
			for i, shown := range it.Items {
				if shown == want {
					letters = append(letters, quiz.Letter(i))
				}
			}
		}
		return strings.Join(letters, " ")
	}
	return q.ModelAnswer
}

type quizFixture struct {
	a    *App
	sess *quiz.Session
	now  time.Time
}

func newQuizFixture(t *testing.T, opts quiz.Options) *quizFixture {
	t.Helper()
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	bank, err := quiz.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, uid := testStore(t)
	f := &quizFixture{now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	opts.UserID, opts.Seed = uid, 7
	opts.Clock = func() time.Time { return f.now }
	f.sess, err = quiz.NewSession(context.Background(), bank, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	f.a = testApp(t, Options{Catalog: cat, Store: s, UserID: uid, NoColor: true})
	drive(f.a, tea.WindowSizeMsg{Width: 100, Height: 30}, pushMsg{newQuizScreen(f.a.c, f.sess)})
	return f
}

func typeText(a *App, s string) {
	for _, r := range s {
		drive(a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestQuizAnswersAllAndDebriefs(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Practice, Count: 4, Topic: "pricing"})
	for i := 0; i < 4; i++ {
		qs := f.a.top().(*quizScreen)
		it := qs.item
		if it == nil {
			t.Fatalf("question %d missing", i+1)
		}
		if got := screenText(f.a); !strings.Contains(got, "Question "+strconv.Itoa(i+1)+" of 4") {
			t.Fatalf("screen:\n%s", got)
		}
		f.now = f.now.Add(20 * time.Second)
		typeText(f.a, rightAnswer(it))
		drive(f.a, enter)
		got := screenText(f.a)
		if it.Question.Kind == quiz.Free {
			if !strings.Contains(got, "1 Again · 2 Hard · 3 Good · 4 Easy") {
				t.Fatalf("free answer: no self-grade prompt:\n%s", got)
			}
			drive(f.a, keys("3")...)
		} else if !strings.Contains(got, "✓ Correct") {
			t.Fatalf("right answer %q to %s not accepted:\n%s", rightAnswer(it), it.Question.ID, got)
		}
		// The next review reads as on the command line ("in 10 minutes"),
		// not as a date (issue 10 item 19).
		if fb := f.a.top().(*quizScreen).fb; fb != nil && !fb.NextDue.IsZero() {
			if want := "Next review " + quiz.DueIn(fb.NextDue, f.now) + "."; !strings.Contains(got, want) {
				t.Fatalf("screen lacks %q:\n%s", want, got)
			}
		}
		drive(f.a, enter)
	}
	got := screenText(f.a)
	if !strings.Contains(got, "4 of 4 answered right (100%).") || !strings.Contains(got, "Debrief") {
		t.Fatalf("debrief:\n%s", got)
	}
	_, reviews, err := f.a.c.Store.QuizData(context.Background(), f.a.c.UserID)
	if err != nil || len(reviews) != 4 {
		t.Errorf("reviews saved: %d (%v)", len(reviews), err)
	}
}

func TestQuizBadAnswerIsAskedAgain(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Practice, Count: 2})
	qs := f.a.top().(*quizScreen)
	bad := "zzz"
	if qs.item.Question.Kind == quiz.Free {
		t.Skip("first question is free text; every text is accepted")
	}
	typeText(f.a, bad)
	drive(f.a, enter)
	got := screenText(f.a)
	if qs.fb != nil || qs.problem == "" || !strings.Contains(got, qs.problem[:20]) {
		t.Fatalf("bad answer accepted or not explained (problem %q):\n%s", qs.problem, got)
	}
	// q is text here: it must not leave the quiz.
	typeText(f.a, "q")
	if _, ok := f.a.top().(*quizScreen); !ok {
		t.Fatal("typing q left the quiz")
	}
}

func TestMockInterviewTimesOut(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Mock, Count: 5})
	got := screenText(f.a)
	if !strings.Contains(got, "⏱ 30:00 left of 30:00") || strings.Contains(got, "tab hint") {
		t.Fatalf("mock screen:\n%s", got)
	}
	f.now = f.now.Add(12*time.Minute + 5*time.Second)
	drive(f.a, quizTickMsg{})
	if got := screenText(f.a); !strings.Contains(got, "⏱ 17:55 left") {
		t.Fatalf("timer after 12:05:\n%s", got)
	}
	f.now = f.now.Add(20 * time.Minute)
	drive(f.a, quizTickMsg{})
	got = screenText(f.a)
	if !strings.Contains(got, "Time is up.") || !strings.Contains(got, "Nothing answered (5 questions), time up, so nothing was scored.") {
		t.Fatalf("after the time limit:\n%s", got)
	}
	if !strings.Contains(got, "Time: 30:00 of 30:00") {
		t.Errorf("debrief time:\n%s", got)
	}
}

func TestQuizEscEndsWithDebriefAndOpensWeakLesson(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Practice, Count: 3, Topic: "cold-starts"})
	qs := f.a.top().(*quizScreen)
	if qs.item.Question.Kind == quiz.Free {
		t.Skip("first question is free text")
	}
	typeText(f.a, wrongAnswer(qs.item))
	drive(f.a, enter)
	if qs.fb == nil || qs.fb.Correct {
		t.Fatalf("wrong answer %q not marked wrong", wrongAnswer(qs.item))
	}
	drive(f.a, esc)
	got := screenText(f.a)
	if !strings.Contains(got, "Session ended.") || !strings.Contains(got, "0 of 1 answered right (0%); 2 not answered, ended early.") || !strings.Contains(got, "Not answered (not counted in the score)") || !strings.Contains(got, "Read next") {
		t.Fatalf("debrief:\n%s", got)
	}
	drive(f.a, keys("1")...)
	if r, ok := f.a.top().(*reader); !ok || r.lesson.ID != "cold-starts" {
		t.Fatalf("1 did not open the weak topic's lesson: %T", f.a.top())
	}
}

// TestMockRevealsNothingUntilTheDebrief: after each answer a mock
// interview says only that the answer was recorded; the verdicts and the
// right answers come in the debrief (issue 10 item 6).
func TestMockRevealsNothingUntilTheDebrief(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Mock, Count: 3, Topic: "cold-starts"})
	for i := 0; i < 3; i++ {
		qs := f.a.top().(*quizScreen)
		it := qs.item
		if it == nil {
			t.Fatalf("question %d missing", i+1)
		}
		typeText(f.a, wrongAnswer(it))
		drive(f.a, enter)
		if it.Question.Kind == quiz.Free {
			drive(f.a, keys("1")...)
		}
		got := screenText(f.a)
		if !strings.Contains(got, "Answer recorded.") {
			t.Fatalf("question %d: no \"Answer recorded.\":\n%s", i+1, got)
		}
		for _, leak := range []string{"✓ Correct", "✗ Not quite", "not quite", "Answer: ", "graded", "Next review"} {
			if strings.Contains(got, leak) {
				t.Fatalf("question %d: the mock interview reveals %q before the debrief:\n%s", i+1, leak, got)
			}
		}
		drive(f.a, enter)
	}
	if got := screenText(f.a); !strings.Contains(got, "0 of 3 answered right (0%).") || !strings.Contains(got, "answer: ") {
		t.Fatalf("debrief:\n%s", got)
	}
}

// wrongAnswer is an answer of the right form that is wrong.
func wrongAnswer(it *quiz.Item) string {
	q := it.Question
	switch q.Kind {
	case quiz.Single, quiz.Multi:
		for i, shown := range it.Choices {
			for _, c := range q.Choices {
				if !c.Correct && c.Text == shown {
					return quiz.Letter(i)
				}
			}
		}
	case quiz.Numeric:
		return strconv.FormatFloat(q.Numeric.Answer*3+100, 'f', -1, 64)
	case quiz.Order:
		var letters []string
		for i := len(it.Items) - 1; i >= 0; i-- {
			letters = append(letters, quiz.Letter(i))
		}
		return strings.Join(letters, " ")
	}
	return "no idea"
}

// TestQuizLogIsWrappedNotCut: a read-the-log question must show the whole
// REPORT line, Init Duration included, even on a narrow terminal.
func TestQuizLogIsWrappedNotCut(t *testing.T) {
	bank, err := quiz.Default()
	if err != nil {
		t.Fatal(err)
	}
	var withInit *quiz.Question
	for _, q := range bank.All() {
		if strings.Contains(q.Log, "Init Duration") {
			withInit = q
			break
		}
	}
	if withInit == nil {
		t.Fatal("no log question with an Init Duration in the bank")
	}
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Practice, Count: 1})
	qs := f.a.top().(*quizScreen)
	qs.item = &quiz.Item{Question: withInit, Number: 1, Total: 1}
	drive(f.a, tea.WindowSizeMsg{Width: 60, Height: 40})
	flat := strings.Join(strings.Fields(strings.ReplaceAll(qs.body(), "│", " ")), " ")
	for _, line := range strings.Split(withInit.Log, "\n") {
		for _, field := range strings.Split(line, "\t") {
			if want := strings.Join(strings.Fields(field), " "); want != "" && !strings.Contains(flat, want) {
				t.Errorf("log field %q not on screen", want)
			}
		}
	}
}

// TestProgressScreenShowsQuiz answers one question and checks the progress
// screen counts it.
func TestProgressScreenShowsQuiz(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Practice, Count: 1, Topic: "pricing"})
	qs := f.a.top().(*quizScreen)
	typeText(f.a, rightAnswer(qs.item))
	drive(f.a, enter)
	if qs.fb != nil && qs.fb.NeedsSelfGrade {
		drive(f.a, keys("3")...)
	}
	drive(f.a, enter) // debrief
	drive(f.a, esc)   // home
	drive(f.a, keys("5")...)
	got := screenText(f.a)
	for _, want := range []string{"› Progress", "Lessons: 0 of " + strconv.Itoa(f.a.c.Catalog.Len()) + " completed", "Quiz: 1 answered, 1 right (100%)", "Due today:", "Next 7 days:", "Exercises: none tried yet"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress screen lacks %q:\n%s", want, got)
		}
	}
}

// TestMockFreeAnswerIsGradedFromMemory: in a mock interview a free
// question's model answer waits for the debrief too.
func TestMockFreeAnswerIsGradedFromMemory(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Mock, Count: 3, Topic: "interview-answers"})
	free := 0
	for i := 0; i < 3; i++ {
		qs := f.a.top().(*quizScreen)
		it := qs.item
		if it == nil {
			t.Fatalf("question %d missing", i+1)
		}
		typeText(f.a, wrongAnswer(it))
		drive(f.a, enter)
		if it.Question.Kind == quiz.Free {
			free++
			got := screenText(f.a)
			model := firstLine(it.Question.ModelAnswer)
			if strings.Contains(got, "Model answer") || strings.Contains(got, model[:min(30, len(model))]) {
				t.Fatalf("the model answer is shown before the debrief:\n%s", got)
			}
			if !strings.Contains(got, "Grade your answer from memory") {
				t.Fatalf("no self-grade prompt:\n%s", got)
			}
			drive(f.a, keys("2")...)
		}
		drive(f.a, enter)
	}
	if free == 0 {
		t.Fatal("no free question in the mock interview; pick another topic")
	}
	if got := screenText(f.a); !strings.Contains(got, "answer: ") {
		t.Fatalf("the debrief lacks the answers:\n%s", got)
	}
}

// TestDebriefHeadlineWrapsAt60: at the 60x20 minimum the debrief's
// headline wraps instead of running off the screen.
func TestDebriefHeadlineWrapsAt60(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Practice, Count: 3, Topic: "cold-starts"})
	drive(f.a, tea.WindowSizeMsg{Width: 60, Height: 20})
	qs := f.a.top().(*quizScreen)
	typeText(f.a, wrongAnswer(qs.item))
	drive(f.a, enter)
	if qs.fb != nil && qs.fb.NeedsSelfGrade {
		drive(f.a, keys("1")...)
	}
	drive(f.a, esc)
	got := screenText(f.a)
	flat := strings.Join(strings.Fields(got), " ")
	if !strings.Contains(flat, "Session ended. 0 of 1 answered right (0%); 2 not answered, ended early.") {
		t.Fatalf("the headline is cut:\n%s", got)
	}
}
