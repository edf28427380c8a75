package progress

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestClassData(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	ada := mustUser(t, s, "SHA256:ada", "ada")
	bob := mustUser(t, s, "SHA256:bob", "bob")
	mustUser(t, s, "guest:1", "visitor")

	v0, err := s.ClassVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.advance(time.Hour)
	if err := s.SetCompleted(ctx, ada.ID, "what-is-lambda", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePosition(ctx, ada.ID, "cold-starts", 3); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.ClassVersion(ctx)
	if v1 == v0 {
		t.Error("the class version did not change after a lesson was completed")
	}
	c.advance(time.Hour)
	review := func(u User, q string, right bool) {
		t.Helper()
		r := Review{QuestionID: q, CardID: q, Grade: 3, Correct: right, Mode: "practice", ReviewedAt: c.now()}
		card := Card{ID: q, State: 2, Due: c.now(), Stability: 1, Difficulty: 5, LastReview: c.now()}
		if err := s.SaveReview(ctx, u.ID, r, card); err != nil {
			t.Fatal(err)
		}
	}
	review(ada, "q1", true)
	review(ada, "q1", false)
	review(ada, "q2", false)
	v2, _ := s.ClassVersion(ctx)
	if v2 == v1 {
		t.Error("the class version did not change after an answer")
	}
	c.advance(time.Hour)
	for _, passed := range []bool{false, false, true} {
		if _, err := s.RecordExerciseAttempt(ctx, bob.ID, ExerciseAttempt{ExerciseID: "hello-world", Runtime: "node", Passed: passed, TestsTotal: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RecordExerciseHint(ctx, bob.ID, "hello-world", 3); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	if err := s.SaveDraft(ctx, bob.ID, DraftKey{Kind: "exercise", Name: "hello-world", Runtime: "node"}, "old"); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	if err := s.SaveDraft(ctx, bob.ID, DraftKey{Kind: "exercise", Name: "hello-world", Runtime: "python"}, "newest"); err != nil {
		t.Fatal(err)
	}
	bobLast := c.now()
	if err := s.SetPlanItem(ctx, PlanItem{Kind: PlanLesson, Item: "cold-starts", Due: "2026-12-10", AddedBy: "prof"}); err != nil {
		t.Fatal(err)
	}

	d, err := s.Class(ctx, c.now(), map[string]string{"q1": "cold-starts", "q2": "cold-starts", "q3": "pricing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Learners) != 2 {
		t.Fatalf("%d learners, want 2 (the guest left out): %+v", len(d.Learners), d.Learners)
	}
	a, b := d.Learners[0], d.Learners[1]
	if a.Name != "ada" || b.Name != "bob" {
		t.Fatalf("learners %q, %q", a.Name, b.Name)
	}
	if a.LessonsOpened != 2 || !a.Completed["what-is-lambda"] || a.Completed["cold-starts"] {
		t.Errorf("ada's lessons: opened %d, completed %v", a.LessonsOpened, a.Completed)
	}
	if a.QuizAnswered != 3 || a.QuizCorrect != 1 || len(a.Topics) != 1 {
		t.Errorf("ada's answers %d, %d right, topics %+v", a.QuizAnswered, a.QuizCorrect, a.Topics)
	}
	if q := a.Topics["cold-starts"]; q.Answered != 3 || q.Correct != 1 || q.RightCards != 1 {
		t.Errorf("ada on cold-starts %+v", q)
	}
	if a.Overdue != 2 {
		t.Errorf("ada has %d overdue reviews, want 2", a.Overdue)
	}
	if e := b.Exercises["hello-world"]; e.Attempts != 3 || e.Hints != 1 || !e.Solved {
		t.Errorf("bob's exercise %+v", e)
	}
	if !b.LastSeen.Equal(bobLast) || !b.FirstSeen.Equal(newClock().now()) {
		t.Errorf("bob first seen %v, last seen %v; want %v, %v", b.FirstSeen, b.LastSeen, newClock().now(), bobLast)
	}
	if len(d.Plan) != 1 || d.Plan[0].Source != PlanFromScreen || d.Plan[0].AddedBy != "prof" {
		t.Errorf("plan %+v", d.Plan)
	}

	drafts, err := s.ExerciseDrafts(ctx, bob.ID)
	if err != nil || len(drafts) != 1 || drafts[0].Code != "newest" || drafts[0].Runtime != "python" {
		t.Errorf("bob's latest drafts %+v, %v", drafts, err)
	}
	if u, err := s.UserByKey(ctx, "SHA256:bob"); err != nil || u.ID != bob.ID {
		t.Errorf("UserByKey: %+v %v", u, err)
	}
	if _, err := s.UserByKey(ctx, "SHA256:nobody"); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("UserByKey of an unknown key: %v", err)
	}
}

func TestPlanItems(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if err := s.SetPlanItem(ctx, PlanItem{Kind: PlanExercise, Item: "hello-world", Due: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPlanItem(ctx, PlanItem{Kind: PlanTopic, Item: "cold-starts", Due: "2026-12-05"}); err != nil {
		t.Fatal(err)
	}
	// The file replaces its own items and wins over the screen's for the
	// same item; the screen's other items stay.
	if err := s.ReplaceFilePlan(ctx, []PlanItem{{Kind: PlanLesson, Item: "what-is-lambda", Due: "2026-12-03"}, {Kind: PlanTopic, Item: "cold-starts", Due: "2026-12-07"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceFilePlan(ctx, []PlanItem{{Kind: PlanTopic, Item: "cold-starts", Due: "2026-12-08"}}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range plan {
		got = append(got, p.Kind+" "+p.Item+" "+p.Due+" "+p.Source)
	}
	want := "exercise hello-world 2026-12-01 screen; topic cold-starts 2026-12-08 file"
	if strings.Join(got, "; ") != want {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(got, "; "), want)
	}
	if d := plan[0].DueTime(); !d.Equal(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("due time %v: late from the day after the due date", d)
	}
	if err := s.RemovePlanItem(ctx, PlanExercise, "hello-world"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemovePlanItem(ctx, PlanExercise, "hello-world"); !errors.Is(err, ErrNoPlanItem) {
		t.Errorf("removing a missing item: %v", err)
	}
	for _, bad := range []PlanItem{
		{Kind: "chapter", Item: "x", Due: "2026-12-01"},
		{Kind: PlanLesson, Item: "", Due: "2026-12-01"},
		{Kind: PlanLesson, Item: "x", Due: "next week"},
	} {
		if err := s.SetPlanItem(ctx, bad); err == nil {
			t.Errorf("%+v was accepted", bad)
		}
	}
}

// TestCopyAllCopiesThePlan: `progress migrate` takes the course plan along;
// an item the target already has keeps its due date.
func TestCopyAllCopiesThePlan(t *testing.T) {
	ctx := context.Background()
	src, _ := openTest(t)
	for _, p := range []PlanItem{
		{Kind: PlanLesson, Item: "cold-starts", Due: "2026-12-10", Source: PlanFromFile},
		{Kind: PlanExercise, Item: "hello-world", Due: "2026-12-11", AddedBy: "prof"},
	} {
		if err := src.SetPlanItem(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	dst, _ := openTest(t)
	if err := dst.SetPlanItem(ctx, PlanItem{Kind: PlanLesson, Item: "cold-starts", Due: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	stats, err := CopyAll(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Rows["plan_items"] != 1 {
		t.Errorf("copied %d plan items, want 1", stats.Rows["plan_items"])
	}
	plan, err := dst.Plan(ctx)
	if err != nil || len(plan) != 2 || plan[0].Due != "2026-12-01" || plan[1].AddedBy != "prof" || plan[1].Source != PlanFromScreen {
		t.Errorf("target plan %+v %v", plan, err)
	}
}
