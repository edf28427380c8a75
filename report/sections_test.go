package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/progress"
)

// TestExercisesSectionWording: one check run and one hint read "1 check
// run, 1 hint used", not "1 check runs, 1 hints used" (issue 10 item 14).
func TestExercisesSectionWording(t *testing.T) {
	ctx := context.Background()
	s, err := progress.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.EnsureUser(ctx, "local", "ada")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordExerciseAttempt(ctx, u.ID, progress.ExerciseAttempt{ExerciseID: "hello-world", Runtime: "node", TestsTotal: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordExerciseHint(ctx, u.ID, "hello-world", 3); err != nil {
		t.Fatal(err)
	}
	_, text, err := exercisesSection(ctx, s, nil, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "; 1 check run, 1 hint used.\n") {
		t.Errorf("got %q", text)
	}
}
