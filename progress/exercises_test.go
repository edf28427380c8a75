package progress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestExerciseAttemptsHintsAndSolveTime(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, LocalUserKey, "ada")
	other := mustUser(t, s, "SHA256:other", "bob")

	if _, ok, err := s.Exercise(ctx, u.ID, "hello-world"); err != nil || ok {
		t.Fatalf("before any activity: ok=%v err=%v", ok, err)
	}
	start := c.now()
	h, err := s.RecordExerciseHint(ctx, u.ID, "hello-world", 3)
	if err != nil || h.HintsUsed != 1 || !h.StartedAt.Equal(start) || h.Attempts != 0 {
		t.Fatalf("first hint: %+v, %v", h, err)
	}
	c.advance(2 * time.Minute)
	r, err := s.RecordExerciseAttempt(ctx, u.ID, ExerciseAttempt{ExerciseID: "hello-world", Runtime: "node", TestsPassed: 1, TestsTotal: 3})
	if err != nil || r.Attempts != 1 || r.Passes != 0 || r.Solved() || r.Runtime != "node" {
		t.Fatalf("failed attempt: %+v, %v", r, err)
	}
	c.advance(3 * time.Minute)
	r, err = s.RecordExerciseAttempt(ctx, u.ID, ExerciseAttempt{ExerciseID: "hello-world", Runtime: "python", Passed: true, TestsPassed: 3, TestsTotal: 3})
	if err != nil || r.Attempts != 2 || r.Passes != 1 || !r.Solved() || r.SolveTime() != 5*time.Minute || r.Runtime != "python" {
		t.Fatalf("passing attempt: %+v (solve %v), %v", r, r.SolveTime(), err)
	}
	solvedAt := r.SolvedAt
	// A later pass keeps the first solve time.
	c.advance(time.Hour)
	r, _ = s.RecordExerciseAttempt(ctx, u.ID, ExerciseAttempt{ExerciseID: "hello-world", Runtime: "python", Passed: true, TestsPassed: 3, TestsTotal: 3})
	if r.Passes != 2 || !r.SolvedAt.Equal(solvedAt) || r.SolveTime() != 5*time.Minute {
		t.Errorf("second pass changed the solve: %+v", r)
	}
	// Hints stop at the exercise's number of hints.
	for range 5 {
		h, err = s.RecordExerciseHint(ctx, u.ID, "hello-world", 3)
	}
	if err != nil || h.HintsUsed != 3 {
		t.Errorf("hints capped: %+v, %v", h, err)
	}
	if _, err := s.RecordExerciseAttempt(ctx, u.ID, ExerciseAttempt{ExerciseID: "sqs-batch", Runtime: "node", TestsPassed: 0, TestsTotal: 2}); err != nil {
		t.Fatal(err)
	}

	recs, err := s.Exercises(ctx, u.ID)
	if err != nil || len(recs) != 2 || recs["sqs-batch"].Attempts != 1 {
		t.Fatalf("records: %+v, %v", recs, err)
	}
	sum, err := s.ExerciseSummary(ctx, u.ID)
	want := ExerciseSummary{Started: 2, Solved: 1, Attempts: 4, Passes: 2, HintsUsed: 3, SolveTime: 5 * time.Minute}
	if err != nil || sum != want {
		t.Errorf("summary %+v, want %+v (%v)", sum, want, err)
	}
	log, err := s.ExerciseAttempts(ctx, u.ID, "hello-world")
	if err != nil || len(log) != 3 || log[0].Passed || !log[1].Passed || log[1].TestsPassed != 3 || log[0].Runtime != "node" {
		t.Errorf("attempt log: %+v, %v", log, err)
	}
	if recs, _ := s.Exercises(ctx, other.ID); len(recs) != 0 {
		t.Errorf("another user sees records: %+v", recs)
	}

	// Export and import carry the records.
	e, err := s.Export(ctx, u.ID)
	if err != nil || len(e.Exercises) != 2 {
		t.Fatalf("export: %+v, %v", e, err)
	}
	var buf bytes.Buffer
	if err := e.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"solve_ms": 300000`) {
		t.Errorf("export JSON lacks the solve time:\n%s", buf.String())
	}
	parsed, err := ParseExport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(ctx, other.ID, parsed); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Exercises(ctx, other.ID)
	if g := got["hello-world"]; g.Passes != 2 || g.HintsUsed != 3 || g.SolveTime() != 5*time.Minute || !g.SolvedAt.Equal(solvedAt) {
		t.Errorf("imported record: %+v", g)
	}

	if err := s.ResetExercises(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if recs, _ := s.Exercises(ctx, u.ID); len(recs) != 0 {
		t.Errorf("after reset: %+v", recs)
	}
	if log, _ := s.ExerciseAttempts(ctx, u.ID, "hello-world"); len(log) != 0 {
		t.Errorf("attempt log after reset: %+v", log)
	}
}

func TestExerciseRecordErrors(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, LocalUserKey, "ada")
	if _, err := s.RecordExerciseAttempt(ctx, 999, ExerciseAttempt{ExerciseID: "x"}); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("unknown user: %v", err)
	}
	if _, err := s.RecordExerciseAttempt(ctx, u.ID, ExerciseAttempt{ExerciseID: " x"}); err == nil {
		t.Error("id with spaces accepted")
	}
	if _, err := s.RecordExerciseAttempt(ctx, u.ID, ExerciseAttempt{ExerciseID: "x", TestsPassed: 3, TestsTotal: 2}); err == nil {
		t.Error("3 of 2 tests accepted")
	}
	if _, err := s.RecordExerciseHint(ctx, u.ID, "x", 0); err == nil {
		t.Error("hint of an exercise without hints accepted")
	}
	if _, _, err := s.Exercise(ctx, 999, "x"); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("unknown user read: %v", err)
	}
}

func TestExportRejectsBadExerciseRecords(t *testing.T) {
	base := `{"format":"lambdatutor-progress","version":2,"exported_at":"2026-11-27T18:00:00Z","user":{"key":"local","name":""},"lessons":[],"exercises":[%s]}`
	rec := `{"id":"hello-world","attempts":1,"passes":0,"hints_used":0,"started_at":"2026-11-27T18:00:00Z"}`
	if _, err := ParseExport(strings.NewReader(fmt.Sprintf(base, rec))); err != nil {
		t.Fatalf("good record refused: %v", err)
	}
	for name, bad := range map[string]string{
		"duplicate": rec + "," + rec,
		"negative":  strings.Replace(rec, `"attempts":1`, `"attempts":-1`, 1),
		"no start":  strings.Replace(rec, `,"started_at":"2026-11-27T18:00:00Z"`, "", 1),
		"empty id":  strings.Replace(rec, `"hello-world"`, `""`, 1),
	} {
		if _, err := ParseExport(strings.NewReader(fmt.Sprintf(base, bad))); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
