// Package class builds what an instructor sees of a class from the
// progress database: the roster (one row per learner), the quiz accuracy
// by topic across the class (the heat map), the exercise table, and the
// course plan with each learner's completion of it. The TUI's Class screen
// and `lambdatutor class report` both print this one Report.
package class

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// TopicGoal is how many different questions of a quiz topic a learner must
// have answered right for a topic assignment to count as done (all of the
// topic's questions when it has fewer).
const TopicGoal = 5

// Content is the catalogs the report names things from.
type Content struct {
	Lessons   *lessons.Catalog
	Bank      *quiz.Bank
	Exercises *exercises.Catalog

	// topicOf is the primary topic of each quiz card id (a bank question,
	// or "gen/<template>" for generated questions); topicCards counts the
	// cards of each topic.
	topicOf    map[string]string
	topicCards map[string]int
}

// DefaultContent is the built-in lessons, question bank and exercises.
func DefaultContent() (*Content, error) {
	l, err := lessons.Default()
	if err != nil {
		return nil, fmt.Errorf("the built-in lessons are broken (this is a bug): %w", err)
	}
	b, err := quiz.Default()
	if err != nil {
		return nil, fmt.Errorf("the built-in questions are broken (this is a bug): %w", err)
	}
	e, err := exercises.Default()
	if err != nil {
		return nil, fmt.Errorf("the built-in exercises are broken (this is a bug): %w", err)
	}
	return NewContent(l, b, e), nil
}

// NewContent bundles catalogs for Build.
func NewContent(l *lessons.Catalog, b *quiz.Bank, e *exercises.Catalog) *Content {
	c := &Content{Lessons: l, Bank: b, Exercises: e, topicOf: map[string]string{}, topicCards: map[string]int{}}
	for _, q := range b.All() {
		c.topicOf[q.ID] = q.Primary()
	}
	for _, t := range quiz.Templates() {
		if len(t.Topics) > 0 {
			c.topicOf[t.CardID()] = t.Topics[0]
		}
	}
	for _, t := range c.topicOf {
		c.topicCards[t]++
	}
	return c
}

// Report is the class at one moment.
type Report struct {
	GeneratedAt time.Time `json:"generated_at"`
	// Lessons and Exercises are the catalog sizes.
	Lessons   int       `json:"lessons"`
	Exercises int       `json:"exercises"`
	Learners  []Learner `json:"learners"`
	// Topics is the class's quiz accuracy per topic, weakest first.
	Topics []Topic `json:"topics"`
	// ExerciseStats is one row per exercise, in catalog order.
	ExerciseStats []ExerciseStat `json:"exercise_stats"`
	// Plan is the course plan with how many learners completed each item.
	Plan []PlanStat `json:"plan"`
}

// Learner is one row of the roster.
type Learner struct {
	ID          int64     `json:"-"`
	Name        string    `json:"name"`
	Key         string    `json:"key"`
	Fingerprint string    `json:"fingerprint"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
	// LessonsRead counts the completed lessons of the catalog.
	LessonsRead     int `json:"lessons_read"`
	ExercisesSolved int `json:"exercises_solved"`
	QuizAnswered    int `json:"quiz_answered"`
	QuizCorrect     int `json:"quiz_correct"`
	ReviewsOverdue  int `json:"reviews_overdue"`
	// Topics are the learner's answers per topic (a question counts toward
	// its first topic), for the heat map.
	Topics map[string]Tally `json:"topics"`
	// PlanDone and PlanLate count the plan's items done, and not done
	// after their due date; Items says which.
	PlanDone int          `json:"plan_done"`
	PlanLate int          `json:"plan_late"`
	Items    []ItemStatus `json:"plan_items"`
}

// Accuracy is the share of right answers in percent, rounded; -1 when
// nothing was answered.
func (l Learner) Accuracy() int { return pct(l.QuizCorrect, l.QuizAnswered) }

// ShortFingerprint is "SHA256:" and the first 8 characters of the key's
// fingerprint (the key itself for other keys).
func ShortFingerprint(key string) string {
	if rest, ok := strings.CutPrefix(key, "SHA256:"); ok && len(rest) > 8 {
		return "SHA256:" + rest[:8]
	}
	return key
}

// Tally counts answers.
type Tally struct {
	Answered int `json:"answered"`
	Correct  int `json:"correct"`
}

// Accuracy is the share of right answers in percent, rounded; -1 when
// nothing was answered.
func (t Tally) Accuracy() int { return pct(t.Correct, t.Answered) }

func pct(a, b int) int {
	if b == 0 {
		return -1
	}
	return (a*100 + b/2) / b
}

// Topic is the class's quiz accuracy on one topic.
type Topic struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Tally
	// Learners counts the learners who answered on the topic.
	Learners int `json:"learners"`
}

// ExerciseStat is the class on one exercise.
type ExerciseStat struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Tried counts learners with at least one check run or hint; Passed
	// those who solved it.
	Tried  int `json:"tried"`
	Passed int `json:"passed"`
	// MedianAttempts is the median number of check runs of those who
	// tried (0 when nobody did).
	MedianAttempts float64 `json:"median_attempts"`
	// Hints is the number of hints shown to the whole class.
	Hints int `json:"hints"`
}

// Status of a plan item for one learner.
const (
	StatusDone = "done"
	StatusDue  = "due"
	StatusLate = "late"
)

// ItemStatus is one learner's state on one plan item.
type ItemStatus struct {
	progress.PlanItem
	Title string `json:"title"`
	// Status is StatusDone, StatusDue or StatusLate.
	Status string `json:"status"`
}

// PlanStat is one plan item across the class.
type PlanStat struct {
	progress.PlanItem
	Title string `json:"title"`
	Done  int    `json:"done"`
	Late  int    `json:"late"`
}

// Build reads the class from the store at now.
func Build(ctx context.Context, s *progress.Store, c *Content, now time.Time) (*Report, error) {
	d, err := s.Class(ctx, now, c.topicOf)
	if err != nil {
		return nil, err
	}
	return c.FromData(d, now), nil
}

// FromData builds the report from a snapshot of the store.
func (c *Content) FromData(d *progress.ClassData, now time.Time) *Report {
	r := &Report{GeneratedAt: now.UTC(), Lessons: c.Lessons.Len(), Exercises: c.Exercises.Len(),
		Learners: make([]Learner, 0, len(d.Learners)), Topics: []Topic{}, ExerciseStats: []ExerciseStat{}, Plan: []PlanStat{}}
	topics := map[string]*Topic{}
	topicLearners := map[string]int{}
	attempts := map[string][]int{}
	exStats := map[string]*ExerciseStat{}
	for _, e := range c.Exercises.All() {
		exStats[e.ID] = &ExerciseStat{ID: e.ID, Title: e.Title}
	}
	plan := make([]PlanStat, len(d.Plan))
	for i, p := range d.Plan {
		plan[i] = PlanStat{PlanItem: p, Title: c.ItemTitle(p.Kind, p.Item)}
	}
	for i := range d.Learners {
		dl := &d.Learners[i]
		l := Learner{ID: dl.ID, Name: dl.Name, Key: dl.Key, Fingerprint: ShortFingerprint(dl.Key),
			FirstSeen: dl.FirstSeen, LastSeen: dl.LastSeen, ReviewsOverdue: dl.Overdue, Topics: map[string]Tally{}}
		for id := range dl.Completed {
			if _, err := c.Lessons.Get(id); err == nil {
				l.LessonsRead++
			}
		}
		for id, e := range dl.Exercises {
			st := exStats[id]
			if st == nil {
				continue // an exercise this build no longer has
			}
			st.Tried++
			st.Hints += e.Hints
			attempts[id] = append(attempts[id], e.Attempts)
			if e.Solved {
				st.Passed++
				l.ExercisesSolved++
			}
		}
		l.QuizAnswered, l.QuizCorrect = dl.QuizAnswered, dl.QuizCorrect
		for topic, t := range dl.Topics {
			l.Topics[topic] = Tally{Answered: t.Answered, Correct: t.Correct}
			topicLearners[topic]++
			ct := topics[topic]
			if ct == nil {
				ct = &Topic{ID: topic, Title: c.ItemTitle(progress.PlanTopic, topic)}
				topics[topic] = ct
			}
			ct.Answered += t.Answered
			ct.Correct += t.Correct
		}
		l.Items = c.Statuses(d.Plan, dl, now)
		for j, it := range l.Items {
			switch it.Status {
			case StatusDone:
				l.PlanDone++
				plan[j].Done++
			case StatusLate:
				l.PlanLate++
				plan[j].Late++
			}
		}
		r.Learners = append(r.Learners, l)
	}
	for _, t := range topics {
		t.Learners = topicLearners[t.ID]
		r.Topics = append(r.Topics, *t)
	}
	sort.Slice(r.Topics, func(i, j int) bool {
		a, b := r.Topics[i], r.Topics[j]
		if a.Accuracy() != b.Accuracy() {
			return a.Accuracy() < b.Accuracy()
		}
		return a.ID < b.ID
	})
	for _, e := range c.Exercises.All() {
		st := exStats[e.ID]
		st.MedianAttempts = median(attempts[e.ID])
		r.ExerciseStats = append(r.ExerciseStats, *st)
	}
	r.Plan = plan
	return r
}

func median(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Ints(xs)
	n := len(xs)
	if n%2 == 1 {
		return float64(xs[n/2])
	}
	return float64(xs[n/2-1]+xs[n/2]) / 2
}

// Statuses is the learner's state on each item of plan at now.
func (c *Content) Statuses(plan []progress.PlanItem, l *progress.ClassLearner, now time.Time) []ItemStatus {
	out := make([]ItemStatus, len(plan))
	for i, p := range plan {
		st := ItemStatus{PlanItem: p, Title: c.ItemTitle(p.Kind, p.Item), Status: StatusDue}
		switch {
		case c.done(p, l):
			st.Status = StatusDone
		case !now.Before(p.DueTime()):
			st.Status = StatusLate
		}
		out[i] = st
	}
	return out
}

func (c *Content) done(p progress.PlanItem, l *progress.ClassLearner) bool {
	switch p.Kind {
	case progress.PlanLesson:
		return l.Completed[p.Item]
	case progress.PlanExercise:
		return l.Exercises[p.Item].Solved
	case progress.PlanTopic:
		goal := c.TopicGoalFor(p.Item)
		return goal > 0 && l.Topics[p.Item].RightCards >= goal
	}
	return false
}

// TopicGoalFor is the number of questions answered right that completes a
// topic assignment.
func (c *Content) TopicGoalFor(topic string) int { return min(TopicGoal, c.topicCards[topic]) }

// ItemTitle is the display title of a plan item or topic: the lesson's or
// exercise's title, else the id.
func (c *Content) ItemTitle(kind, id string) string {
	switch kind {
	case progress.PlanLesson, progress.PlanTopic:
		if l, err := c.Lessons.Get(id); err == nil {
			return l.Title
		}
	case progress.PlanExercise:
		if e, err := c.Exercises.Get(id); err == nil && e.ID == id {
			return e.Title
		}
	}
	return id
}

// Assigned is one learner's plan: every item with its status, for the
// learner's home screen. It reads only that learner's records.
func Assigned(ctx context.Context, s *progress.Store, c *Content, userID int64, now time.Time) ([]ItemStatus, error) {
	plan, err := s.Plan(ctx)
	if err != nil || len(plan) == 0 {
		return nil, err
	}
	l := &progress.ClassLearner{Completed: map[string]bool{}, Exercises: map[string]progress.ClassExercise{}, Topics: map[string]progress.TopicTally{}}
	lr, err := s.Lessons(ctx, userID)
	if err != nil {
		return nil, err
	}
	for id, r := range lr {
		if r.Completed() {
			l.Completed[id] = true
		}
	}
	ex, err := s.Exercises(ctx, userID)
	if err != nil {
		return nil, err
	}
	for id, r := range ex {
		l.Exercises[id] = progress.ClassExercise{Attempts: r.Attempts, Hints: r.HintsUsed, Solved: r.Solved()}
	}
	for _, p := range plan {
		if p.Kind == progress.PlanTopic {
			_, reviews, err := s.QuizData(ctx, userID)
			if err != nil {
				return nil, err
			}
			right := map[string]bool{}
			for _, r := range reviews {
				topic, ok := c.topicOf[r.CardID]
				if !ok {
					continue
				}
				t := l.Topics[topic]
				t.Answered++
				if r.Correct {
					t.Correct++
					if !right[r.CardID] {
						right[r.CardID] = true
						t.RightCards++
					}
				}
				l.Topics[topic] = t
			}
			break
		}
	}
	return c.Statuses(plan, l, now), nil
}
