package class

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/progress"
)

func content(t testing.TB) *Content {
	t.Helper()
	c, err := DefaultContent()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParsePlan(t *testing.T) {
	c := content(t)
	good := `# week 1
assignments:
  - lesson: what-is-lambda
    due: 2026-12-08
  - exercise: hello-world
    due: 2026-12-10
  - topic: cold-starts
    due: 2026-12-12
`
	items, err := ParsePlan("plan.yaml", []byte(good), c)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || items[1].Kind != progress.PlanExercise || items[1].Item != "hello-world" || items[2].Due != "2026-12-12" {
		t.Errorf("items %+v", items)
	}
	bad := `assignments:
  - lesson: cold-start
    due: 2026-12-08
  - exercise: hello-world
    due: next week
  - topic: cold-starts
  - lesson: what-is-lambda
    exercise: hello-world
    due: 2026-12-08
  - lesson: what-is-lambda
    due: 2026-12-09
    colour: red
  - lesson: cold-starts
    due: 2026-12-08
  - lesson: cold-starts
    due: 2026-12-09
`
	_, err = ParsePlan("plan.yaml", []byte(bad), c)
	if err == nil {
		t.Fatal("a broken plan was accepted")
	}
	for _, want := range []string{
		`plan.yaml:2: there is no lesson "cold-start"; did you mean "cold-starts"?`,
		`plan.yaml:5: due date "next week" is not a date; write it as YYYY-MM-DD`,
		`plan.yaml:6: the topic "cold-starts" has no due date`,
		`plan.yaml:8: an assignment names one thing, but this one has both lesson and exercise`,
		`plan.yaml:12: unknown key "colour"`,
		`plan.yaml:15: the lesson "cold-starts" is assigned twice (first on line 13)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q:\n%v", want, err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"", "the file is empty"},
		{"- lesson: x\n", "plan.yaml:1: a plan file is a mapping"},
		{"assignments: 3\n", "plan.yaml:1: \"assignments:\" must be a list"},
		{"lessons: []\n", "plan.yaml:1: unknown key \"lessons\""},
		{"assignments:\n  - topic: cold-startz\n    due: 2026-12-01\n", `plan.yaml:2: no quiz question has the topic "cold-startz"; did you mean "cold-starts"?`},
		{"assignments:\n  - exercise: helo-world\n    due: 2026-12-01\n", `did you mean "hello-world"?`},
		{"assignments: [\n", "not valid YAML"},
	} {
		if _, err := ParsePlan("plan.yaml", []byte(tc.in), c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestBuild(t *testing.T) {
	c := content(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 9, 12, 0, 0, 0, time.UTC)
	s, err := progress.Open(filepath.Join(t.TempDir(), "progress.db"), progress.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ada, _ := s.EnsureUser(ctx, "SHA256:adaadaadaadaadaada", "ada")
	bob, _ := s.EnsureUser(ctx, "SHA256:bobbobbobbobbob", "=bob")
	if err := s.ReplaceFilePlan(ctx, []progress.PlanItem{
		{Kind: progress.PlanLesson, Item: "what-is-lambda", Due: "2026-12-08"},
		{Kind: progress.PlanExercise, Item: "hello-world", Due: "2026-12-10"},
		{Kind: progress.PlanTopic, Item: "cold-starts", Due: "2026-12-12"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCompleted(ctx, ada.ID, "what-is-lambda", true); err != nil {
		t.Fatal(err)
	}
	for _, p := range []bool{false, true} {
		if _, err := s.RecordExerciseAttempt(ctx, ada.ID, progress.ExerciseAttempt{ExerciseID: "hello-world", Runtime: "node", Passed: p}); err != nil {
			t.Fatal(err)
		}
	}
	for range 4 {
		if _, err := s.RecordExerciseAttempt(ctx, bob.ID, progress.ExerciseAttempt{ExerciseID: "hello-world", Runtime: "node"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RecordExerciseHint(ctx, bob.ID, "hello-world", 3); err != nil {
		t.Fatal(err)
	}
	// ada answers five cold-start questions right: the topic is done.
	var qs []string
	for _, q := range c.Bank.All() {
		if q.Primary() == "cold-starts" && len(qs) < TopicGoal {
			qs = append(qs, q.ID)
		}
	}
	for i, q := range qs {
		card := progress.Card{ID: q, State: 2, Due: now.Add(time.Hour), Stability: 1, Difficulty: 5, LastReview: now}
		if err := s.SaveReview(ctx, ada.ID, progress.Review{QuestionID: q, CardID: q, Grade: 3, Correct: true, Mode: "practice", ReviewedAt: now}, card); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := s.SaveReview(ctx, bob.ID, progress.Review{QuestionID: q, CardID: q, Grade: 1, Correct: false, Mode: "practice", ReviewedAt: now}, card); err != nil {
				t.Fatal(err)
			}
		}
	}

	r, err := Build(ctx, s, c, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Learners) != 2 {
		t.Fatalf("%d learners", len(r.Learners))
	}
	a, b := r.Learners[0], r.Learners[1]
	if a.LessonsRead != 1 || a.ExercisesSolved != 1 || a.Accuracy() != 100 || a.PlanDone != 3 || a.PlanLate != 0 || a.Fingerprint != "SHA256:adaadaad" {
		t.Errorf("ada %+v", a)
	}
	if b.ExercisesSolved != 0 || b.Accuracy() != 0 || b.PlanDone != 0 || b.PlanLate != 1 || b.PlanCell() != "0/3 (1 late)" {
		t.Errorf("bob %+v", b)
	}
	if b.Items[0].Status != StatusLate || b.Items[1].Status != StatusDue {
		t.Errorf("bob's items %+v", b.Items)
	}
	var hw ExerciseStat
	for _, e := range r.ExerciseStats {
		if e.ID == "hello-world" {
			hw = e
		}
	}
	if hw.Tried != 2 || hw.Passed != 1 || hw.MedianAttempts != 3 || hw.Hints != 1 {
		t.Errorf("hello-world stats %+v", hw)
	}
	if len(r.Topics) != 1 || r.Topics[0].ID != "cold-starts" || r.Topics[0].Answered != 6 || r.Topics[0].Correct != 5 || r.Topics[0].Learners != 2 {
		t.Errorf("topics %+v", r.Topics)
	}
	if r.Plan[0].Done != 1 || r.Plan[0].Late != 1 {
		t.Errorf("plan %+v", r.Plan)
	}

	// The learner's own view agrees with the roster.
	items, err := Assigned(ctx, s, c, bob.ID, now)
	if err != nil || len(items) != 3 || items[0].Status != StatusLate {
		t.Errorf("bob's assignments %+v, %v", items, err)
	}
	items, _ = Assigned(ctx, s, c, ada.ID, now)
	for _, it := range items {
		if it.Status != StatusDone {
			t.Errorf("ada's %s %s is %s", it.Kind, it.Item, it.Status)
		}
	}

	var text, csvOut bytes.Buffer
	if err := WriteText(&text, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 learners", "ada", "SHA256:adaadaad", "3/3", "0/3 (1 late)", "Cold starts", "hello-world", "due 2026-12-08  lesson what-is-lambda  1/2 done  1 late"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if err := WriteCSV(&csvOut, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&csvOut).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("csv %v %v", rows, err)
	}
	if rows[0][12] != "lesson:what-is-lambda" || rows[2][0] != "'=bob" || rows[2][12] != "late" || rows[1][8] != "100" {
		t.Errorf("csv rows %q", rows)
	}
}
