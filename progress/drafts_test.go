package progress

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestDrafts(t *testing.T) {
	ctx := context.Background()
	path := testDB(t, "p.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := s.EnsureUser(ctx, LocalUserKey, "me")
	other, _ := s.EnsureUser(ctx, "SHA256:abc", "other")
	k := DraftKey{Kind: "exercise", Name: "hello-world", Runtime: "node"}
	if _, ok, err := s.Draft(ctx, u.ID, k); ok || err != nil {
		t.Fatalf("draft before save: %v %v", ok, err)
	}
	if err := s.SaveDraft(ctx, u.ID, k, "one"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, u.ID, k, "two"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if code, ok, err := s.Draft(ctx, u.ID, k); !ok || err != nil || code != "two" {
		t.Fatalf("draft after reopen = %q %v %v", code, ok, err)
	}
	if _, ok, _ := s.Draft(ctx, other.ID, k); ok {
		t.Error("another user sees the draft")
	}
	if _, ok, _ := s.Draft(ctx, u.ID, DraftKey{"exercise", "hello-world", "python"}); ok {
		t.Error("the python draft is the node one")
	}
	if err := s.DeleteDraft(ctx, u.ID, k); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Draft(ctx, u.ID, k); ok {
		t.Error("draft survives delete")
	}
	if err := s.SaveDraft(ctx, u.ID, DraftKey{"notes", "x", "node"}, "c"); err == nil {
		t.Error("bad kind accepted")
	}
	if err := s.SaveDraft(ctx, u.ID, k, strings.Repeat("x", MaxDraftSize+1)); err == nil {
		t.Error("oversized draft accepted")
	}
}

// TestResetClearsEverything: progress reset empties every table of the user
// (lessons, quiz, exercises, drafts) and leaves other users alone.
func TestResetClearsEverything(t *testing.T) {
	ctx := context.Background()
	s, err := Open(testDB(t, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, _ := s.EnsureUser(ctx, LocalUserKey, "me")
	other, _ := s.EnsureUser(ctx, "SHA256:x", "other")
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, id := range []int64{u.ID, other.ID} {
		if err := s.SetCompleted(ctx, id, "pricing", true); err != nil {
			t.Fatal(err)
		}
		r := Review{QuestionID: "pricing/x", CardID: "pricing/x", Grade: 3, Correct: true, Mode: "practice", ReviewedAt: now}
		if err := s.SaveReview(ctx, id, r, Card{ID: "pricing/x", State: 2, Due: now.Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordExerciseAttempt(ctx, id, ExerciseAttempt{ExerciseID: "hello-world", Runtime: "node", Passed: true, TestsPassed: 1, TestsTotal: 1}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveDraft(ctx, id, DraftKey{"exercise", "hello-world", "node"}, "x"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Reset(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   int64
		want int
	}{{u.ID, 0}, {other.ID, 1}} {
		lessons, _ := s.Lessons(ctx, tc.id)
		cards, reviews, _ := s.QuizData(ctx, tc.id)
		ex, _ := s.Exercises(ctx, tc.id)
		_, hasDraft, _ := s.Draft(ctx, tc.id, DraftKey{"exercise", "hello-world", "node"})
		draft := 0
		if hasDraft {
			draft = 1
		}
		for name, n := range map[string]int{"lessons": len(lessons), "cards": len(cards), "reviews": len(reviews), "exercises": len(ex), "drafts": draft} {
			if n != tc.want {
				t.Errorf("user %d: %d %s after reset of user %d, want %d", tc.id, n, name, u.ID, tc.want)
			}
		}
	}
}
