package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/quiz"
)

// TestProgressScreenSpeaksInTitlesAndKeys: the progress screen names topics
// by their lesson titles and points at keys, never at shell commands.
func TestProgressScreenSpeaksInTitlesAndKeys(t *testing.T) {
	f := newQuizFixture(t, quiz.Options{Mode: quiz.Practice, Count: 1, Topic: "cold-starts"})
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
	if !regexp.MustCompile(`(?m)^\s+Cold starts\s+1/1\s+100%`).MatchString(got) {
		t.Errorf("the topic row does not show the lesson title:\n%s", got)
	}
	for _, bad := range []string{"lambdatutor quiz", "lambdatutor exercises", "Run `", "cold-starts "} {
		if strings.Contains(got, bad) {
			t.Errorf("progress screen says %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, "Press 2 on the home screen") {
		t.Errorf("progress screen does not point at the exercises key:\n%s", got)
	}
}

// TestModelAnswerIsWrappedOnce: a free question's model answer is written
// in the bank with its own line breaks; the quiz screen joins them and
// wraps once at the pane's width, so no line is left short in the middle
// of a paragraph (the ragged "one word on its own line" look).
func TestModelAnswerIsWrappedOnce(t *testing.T) {
	bank, err := quiz.Default()
	if err != nil {
		t.Fatal(err)
	}
	var q *quiz.Question
	for _, x := range bank.All() {
		if x.Kind == quiz.Free && strings.Count(strings.TrimSpace(x.ModelAnswer), "\n") >= 3 {
			q = x
			break
		}
	}
	if q == nil {
		t.Fatal("no free question with a multi-line model answer in the bank")
	}
	for _, width := range []int{60, 100, 200} {
		f := newQuizFixture(t, quiz.Options{Mode: quiz.Practice, Count: 1})
		qs := f.a.top().(*quizScreen)
		qs.width = width
		qs.fb = &quiz.Feedback{NeedsSelfGrade: true, ModelAnswer: q.ModelAnswer}
		body := ansi.Strip(qs.feedback())
		block := body[strings.Index(body, "Model answer")+len("Model answer\n"):]
		lines := strings.Split(strings.TrimRight(block, "\n"), "\n")
		var para []string
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				break
			}
			para = append(para, l)
		}
		wrap := width - 2 // q.wrap's width, indent included
		for i, l := range para[:len(para)-1] {
			next := strings.Fields(para[i+1])[0]
			if n := len([]rune(strings.TrimRight(l, " "))); n+1+len([]rune(next)) <= wrap {
				t.Errorf("width %d: line %d ends early (%d cells, %q fits after it):\n%s", width, i, n, next, strings.Join(para, "\n"))
				break
			}
		}
	}
}

// TestTUIMessagesNameKeysNotCommands: the refusals the TUI passes on from
// the exercise service and the quiz name keys and settings, not shell
// commands.
func TestTUIMessagesNameKeysNotCommands(t *testing.T) {
	s, uid := testStore(t)
	a, _ := openFirstExercise(t, s, uid)
	drive(a, keys("s")...)
	if got := screenText(a); strings.Contains(got, "`lambdatutor") || !strings.Contains(got, "r runs them") {
		t.Errorf("s before a pass:\n%s", got)
	}
	drive(a, esc, esc, keys("4")[0], tea.KeyPressMsg{Code: tea.KeyRight}, tea.KeyPressMsg{Code: tea.KeyRight}, enter)
	if got := screenText(a); strings.Contains(got, "lambdatutor quiz") || !strings.Contains(got, "Practice mode") {
		t.Errorf("weak spots with nothing missed:\n%s", got)
	}
}
