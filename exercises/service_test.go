package exercises

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/progress"
)

func TestServiceRecordsAttemptsHintsAndGatesTheSolution(t *testing.T) {
	ctx := context.Background()
	store, err := progress.Open(filepath.Join(t.TempDir(), "progress.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	u, err := store.EnsureUser(ctx, progress.LocalUserKey, "ada")
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(loadGood(t), store)
	items, err := svc.List(ctx, u.ID)
	if err != nil || len(items) != 2 || items[0].Status != StatusNew || items[0].Exercise.ID != "greet" {
		t.Fatalf("list: %+v %v", items, err)
	}
	ex, err := svc.Get("greet")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Solution(ctx, u.ID, ex, Node); !errors.Is(err, ErrNotSolved) {
		t.Errorf("solution before solving: %v", err)
	}
	for i, want := range []string{"Nudge.", "Closer.", "Nearly the solution.", "Nearly the solution."} {
		n, h, err := svc.Hint(ctx, u.ID, ex)
		if err != nil || h != want || n != min(i+1, 3) {
			t.Errorf("hint %d: %d %q %v", i+1, n, h, err)
		}
	}
	if shown, _ := svc.ShownHints(ctx, u.ID, ex); len(shown) != 3 {
		t.Errorf("shown hints: %v", shown)
	}
	res, rec, err := svc.Check(ctx, u.ID, ex, ex.StarterCode(Node))
	if err != nil || res.Passed || rec.Attempts != 1 || rec.Solved() {
		t.Fatalf("starter check: %+v %+v %v", res, rec, err)
	}
	if items, _ := svc.List(ctx, u.ID); items[0].Status != StatusStarted {
		t.Errorf("status after a failed attempt: %s", items[0].Status)
	}
	if next, _ := svc.Next(ctx, u.ID, ""); next == nil || next.ID != "greet" {
		t.Errorf("next: %v", next)
	}
	res, rec, err = svc.Check(ctx, u.ID, ex, ex.SolutionCode(Node))
	if err != nil || !res.Passed || rec.Attempts != 2 || rec.Passes != 1 || !rec.Solved() {
		t.Fatalf("solution check: %+v %v", rec, err)
	}
	sol, err := svc.Solution(ctx, u.ID, ex, Python)
	if err != nil || !strings.Contains(sol.Files["lambda_function.py"], "lambda_handler") || !strings.Contains(sol.Config, "reserved_concurrency") {
		t.Errorf("solution after solving: %+v %v", sol, err)
	}
	if items, _ := svc.List(ctx, u.ID); items[0].Status != StatusSolved || items[1].Status != StatusNew {
		t.Errorf("statuses: %s %s", items[0].Status, items[1].Status)
	}
	if next, _ := svc.Next(ctx, u.ID, "greet"); next == nil || next.ID != "count" {
		t.Errorf("next after greet: %v", next)
	}
	if next, _ := svc.Next(ctx, u.ID, "count"); next == nil || next.ID != "count" {
		t.Errorf("next wraps around: %v", next)
	}

	// Without a store nothing is recorded and nothing unlocks.
	bare := NewService(loadGood(t), nil)
	if _, _, err := bare.Check(ctx, 0, ex, ex.SolutionCode(Node)); err != nil {
		t.Fatal(err)
	}
	if _, err := bare.Solution(ctx, 0, ex, Node); !errors.Is(err, ErrNotSolved) {
		t.Errorf("solution without a store: %v", err)
	}
	if n, h, _ := bare.Hint(ctx, 0, ex); n != 1 || h != "Nudge." {
		t.Errorf("hint without a store: %d %q", n, h)
	}
}
