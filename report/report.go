package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// Report is one learner's progress.
type Report struct {
	json  JSON
	texts []string
}

// JSON is `lambdatutor progress --json`.
type JSON struct {
	User       string          `json:"user"`
	Database   string          `json:"database"`
	Lessons    int             `json:"lessons"`
	Completed  []CompletedJSON `json:"completed"`
	Started    int             `json:"started"`
	LastLesson string          `json:"last_lesson,omitempty"`
	Quiz       QuizJSON        `json:"quiz"`
	Exercises  ExercisesJSON   `json:"exercises"`
}

// CompletedJSON is one completed lesson.
type CompletedJSON struct {
	ID          string `json:"id"`
	CompletedAt string `json:"completed_at"`
}

// Build reads a user's progress at now (days in the local time zone),
// against the built-in questions and exercises.
func Build(ctx context.Context, s *progress.Store, cat *lessons.Catalog, u progress.User, now time.Time) (*Report, error) {
	return BuildFrom(ctx, s, Content{Lessons: cat}, u, now)
}

// Content is what a report counts against. A nil Bank or Exercises means
// the built-in ones; content packs pass the merged ones.
type Content struct {
	Lessons   *lessons.Catalog
	Bank      *quiz.Bank
	Exercises *exercises.Catalog
}

// BuildFrom is Build against the given content (the built-in content
// with that of content packs).
func BuildFrom(ctx context.Context, s *progress.Store, c Content, u progress.User, now time.Time) (*Report, error) {
	cat := c.Lessons
	sum, err := s.Summary(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	quizJSON, quizText, err := quizSection(ctx, s, c.Bank, u.ID, now)
	if err != nil {
		return nil, err
	}
	exJSON, exText, err := exercisesSection(ctx, s, c.Exercises, u.ID)
	if err != nil {
		return nil, err
	}
	r := &Report{json: JSON{User: u.Name, Database: s.Path(), Lessons: cat.Len(), Completed: []CompletedJSON{},
		Started: sum.Started, LastLesson: sum.LastLesson, Quiz: quizJSON, Exercises: exJSON}}
	done := 0
	for _, c := range sum.Completed {
		r.json.Completed = append(r.json.Completed, CompletedJSON{c.ID, c.CompletedAt.UTC().Format("2006-01-02T15:04:05Z")})
		if _, err := cat.Get(c.ID); err == nil {
			done++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Lessons: %d of %d completed (%d%%), %d opened.\n", done, cat.Len(), pctFloor(done, cat.Len()), sum.Started)
	if len(sum.Completed) > 0 {
		b.WriteString("\nCompleted:\n")
		for _, c := range sum.Completed {
			title := c.ID
			if l, err := cat.Get(c.ID); err == nil {
				title = l.Title
			}
			fmt.Fprintf(&b, "  %s  %s\n", c.CompletedAt.Local().Format("2006-01-02"), title)
		}
	}
	if sum.LastLesson != "" {
		if l, err := cat.Get(sum.LastLesson); err == nil {
			fmt.Fprintf(&b, "\nLast read: %s (%s). Run `lambdatutor` to continue.\n", l.Title, l.ID)
		}
	} else {
		b.WriteString("\nNothing read yet. Run `lambdatutor` to start with the first lesson.\n")
	}
	r.texts = []string{b.String(), quizText, exText}
	return r, nil
}

func pctFloor(a, b int) int {
	if b == 0 {
		return 0
	}
	return a * 100 / b
}

// JSON is the report for `--json`.
func (r *Report) JSON() JSON { return r.json }

// Text is the report as paragraphs of plain text: lessons, quiz, exercises.
func (r *Report) Text() string { return Plain(strings.Join(r.texts, "\n")) }
