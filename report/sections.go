// Package report summarises a learner's progress over lessons, the quiz and
// the exercises, as text and as JSON: the same summary for
// `lambdatutor progress` and the TUI's progress screen.
package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// QuizJSON is the "quiz" section of `lambdatutor progress --json`.
type QuizJSON struct {
	Answered      int           `json:"answered"`
	Correct       int           `json:"correct"`
	Questions     int           `json:"questions_seen"`
	BankSize      int           `json:"bank_size"`
	AnsweredToday int           `json:"answered_today"`
	DueToday      int           `json:"due_today"`
	Forecast      []ForecastDay `json:"forecast"`
	Streak        int           `json:"streak_days"`
	Topics        []TopicJSON   `json:"topics"`
	MostMissed    []MissJSON    `json:"most_missed"`
}

type ForecastDay struct {
	Date string `json:"date"`
	Due  int    `json:"due"`
}

type TopicJSON struct {
	Topic    string `json:"topic"`
	Answered int    `json:"answered"`
	Correct  int    `json:"correct"`
}

type MissJSON struct {
	ID     string `json:"id"`
	Misses int    `json:"misses"`
}

// quizSection reads the user's quiz statistics at now (days in the local
// time zone) and renders them as JSON and as text for `lambdatutor
// progress`.
func quizSection(ctx context.Context, s quizData, bank *quiz.Bank, userID int64, now time.Time) (QuizJSON, string, error) {
	if bank == nil {
		var err error
		if bank, err = quiz.Default(); err != nil {
			return QuizJSON{}, "", err
		}
	}
	cards, reviews, err := s.QuizData(ctx, userID)
	if err != nil {
		return QuizJSON{}, "", err
	}
	st := quiz.ComputeStats(bank, cards, reviews, now, time.Local)
	j := QuizJSON{
		Answered: st.Answered, Correct: st.Correct, Questions: st.Questions, BankSize: st.BankSize,
		AnsweredToday: st.AnsweredToday, DueToday: st.DueToday, Streak: st.Streak,
		Forecast: []ForecastDay{}, Topics: []TopicJSON{}, MostMissed: []MissJSON{},
	}
	for _, f := range st.Forecast {
		j.Forecast = append(j.Forecast, ForecastDay{Date: f.Day.Format("2006-01-02"), Due: f.Due})
	}
	for _, t := range st.Topics {
		j.Topics = append(j.Topics, TopicJSON{Topic: t.Topic, Answered: t.Answered, Correct: t.Correct})
	}
	for _, m := range st.Weak {
		j.MostMissed = append(j.MostMissed, MissJSON{ID: m.CardID, Misses: m.Misses})
	}

	var b strings.Builder
	if st.Answered == 0 {
		fmt.Fprintf(&b, "Quiz: nothing answered yet (%d questions). Run `lambdatutor quiz` to start.\n", st.BankSize)
		return j, b.String(), nil
	}
	fmt.Fprintf(&b, "Quiz: %d answered, %d right (%d%%); %d of %d questions seen; %d today.\n",
		st.Answered, st.Correct, percent(st.Correct, st.Answered), st.Questions, st.BankSize, st.AnsweredToday)
	fmt.Fprintf(&b, "Streak: %s.\n", days(st.Streak))
	fmt.Fprintf(&b, "Due today: %d.", st.DueToday)
	var fc []string
	for _, f := range st.Forecast {
		fc = append(fc, fmt.Sprintf("%s: %d", f.Day.Format("Mon 2"), f.Due))
	}
	fmt.Fprintf(&b, " Next 7 days: %s.\n", strings.Join(fc, ", "))
	b.WriteString("\nQuiz accuracy by topic, weakest first:\n")
	for _, t := range st.Topics {
		fmt.Fprintf(&b, "  %-28s %3d/%-3d %3d%%\n", t.Topic, t.Correct, t.Answered, percent(t.Correct, t.Answered))
	}
	if len(st.Weak) > 0 {
		var ms []string
		for _, m := range st.Weak {
			ms = append(ms, fmt.Sprintf("%s (%d)", m.CardID, m.Misses))
		}
		fmt.Fprintf(&b, "\nMost missed: %s. Drill them with `lambdatutor quiz --mode weak`.\n", strings.Join(ms, ", "))
	}
	if st.DueToday > 0 {
		fmt.Fprintf(&b, "Run `lambdatutor quiz` to review the %d due today.\n", st.DueToday)
	}
	return j, b.String(), nil
}

// quizData is the part of the progress store quizSummary reads.
type quizData interface {
	QuizData(ctx context.Context, userID int64) ([]progress.Card, []progress.Review, error)
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func percent(a, b int) int {
	if b == 0 {
		return 0
	}
	return (a*100 + b/2) / b
}

// ExercisesJSON is the "exercises" object of `progress --json`.
type ExercisesJSON struct {
	Total       int   `json:"total"`
	Solved      int   `json:"solved"`
	Started     int   `json:"started"`
	Attempts    int   `json:"attempts"`
	HintsUsed   int   `json:"hints_used"`
	SolveTimeMs int64 `json:"solve_time_ms"`
}

// exercisesSection is the exercises part of `lambdatutor progress`: the
// JSON object and a text paragraph ending in a newline.
func exercisesSection(ctx context.Context, s *progress.Store, cat *exercises.Catalog, userID int64) (ExercisesJSON, string, error) {
	if cat == nil {
		var err error
		if cat, err = exercises.Default(); err != nil {
			return ExercisesJSON{}, "", err
		}
	}
	recs, err := s.Exercises(ctx, userID)
	if err != nil {
		return ExercisesJSON{}, "", err
	}
	for id := range recs {
		if _, err := cat.Get(id); err != nil {
			delete(recs, id) // an exercise this build no longer has
		}
	}
	sum := progress.SummarizeExercises(recs)
	j := ExercisesJSON{Total: cat.Len(), Solved: sum.Solved, Started: sum.Started, Attempts: sum.Attempts,
		HintsUsed: sum.HintsUsed, SolveTimeMs: sum.SolveTime.Milliseconds()}
	if sum.Started == 0 {
		return j, fmt.Sprintf("Exercises: none tried yet (%d handler exercises). Run `lambdatutor exercises init` to start.\n", cat.Len()), nil
	}
	text := fmt.Sprintf("Exercises: %d of %d solved, %d started; %s, %s used.\n",
		sum.Solved, cat.Len(), sum.Started, countOf(sum.Attempts, "check run"), countOf(sum.HintsUsed, "hint"))
	if sum.Solved > 0 {
		text += fmt.Sprintf("Solve time: %s in all, %s on average.\n",
			sum.SolveTime.Round(time.Second), (sum.SolveTime / time.Duration(sum.Solved)).Round(time.Second))
	}
	return j, text, nil
}

// countOf is "1 hint", "3 hints".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
