package exercises

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/lambdatutor/lambdatutor/progress"
)

// Service is what the TUI and the command line drive: the catalog, the
// checker and the learner's records in the progress store.
//
//	svc := exercises.NewService(cat, store)
//	items, _ := svc.List(ctx, userID)            // list screen, with status
//	ex, _ := svc.Get("hello-world")              // detail: ex.README, ex.Starter[rt], ex.Hints
//	res, rec, _ := svc.Check(ctx, userID, ex, code) // run the tests, record the attempt
//	panel := res.Panel(width)                    // the results panel text
//	n, hint, _ := svc.Hint(ctx, userID, ex)      // reveal (and record) the next hint
//	sol, _ := svc.Solution(ctx, userID, ex, exercises.Node) // only once solved
//
// Its methods are safe for concurrent use (the SSH server serves many
// users from one Service); each user's checks run one at a time, beside
// other users' checks (see CheckOptions.Learner).
type Service struct {
	cat   *Catalog
	store *progress.Store
}

// NewService returns a service on a catalog and a store. A nil store
// records nothing: every exercise is new, and the solution is never
// available.
func NewService(cat *Catalog, store *progress.Store) *Service {
	return &Service{cat: cat, store: store}
}

// Catalog returns the service's catalog.
func (s *Service) Catalog() *Catalog { return s.cat }

// Status is where a learner is with an exercise.
type Status string

// The statuses, in the order a learner goes through them.
const (
	// StatusNew: nothing done yet.
	StatusNew Status = "new"
	// StatusStarted: a hint shown or an attempt made, not passed yet.
	StatusStarted Status = "started"
	// StatusSolved: passed at least once.
	StatusSolved Status = "solved"
)

// StatusOf is the status a record stands for.
func StatusOf(rec progress.ExerciseRecord, ok bool) Status {
	switch {
	case ok && rec.Solved():
		return StatusSolved
	case ok:
		return StatusStarted
	}
	return StatusNew
}

// Item is one exercise in a list, with the learner's record.
type Item struct {
	Exercise *Exercise
	Status   Status
	// Record is the learner's record; zero when Status is new.
	Record progress.ExerciseRecord
}

// List returns every exercise in order with the user's status.
func (s *Service) List(ctx context.Context, userID int64) ([]Item, error) {
	recs, err := s.records(ctx, userID)
	if err != nil {
		return nil, err
	}
	items := make([]Item, 0, s.cat.Len())
	for _, ex := range s.cat.All() {
		rec, ok := recs[ex.ID]
		items = append(items, Item{Exercise: ex, Status: StatusOf(rec, ok), Record: rec})
	}
	return items, nil
}

func (s *Service) records(ctx context.Context, userID int64) (map[string]progress.ExerciseRecord, error) {
	if s.store == nil {
		return map[string]progress.ExerciseRecord{}, nil
	}
	return s.store.Exercises(ctx, userID)
}

// Get returns one exercise by id, folder name or number.
func (s *Service) Get(id string) (*Exercise, error) { return s.cat.Get(id) }

// Record returns the user's record of an exercise (ok false when none).
func (s *Service) Record(ctx context.Context, userID int64, ex *Exercise) (progress.ExerciseRecord, bool, error) {
	if s.store == nil {
		return progress.ExerciseRecord{}, false, nil
	}
	return s.store.Exercise(ctx, userID, ex.ID)
}

// Next returns the first exercise the user has not solved, after the one
// with id after ("" to start from the top, wrapping around); nil when all
// are solved.
func (s *Service) Next(ctx context.Context, userID int64, after string) (*Exercise, error) {
	recs, err := s.records(ctx, userID)
	if err != nil {
		return nil, err
	}
	all := s.cat.All()
	start := 0
	if i := s.cat.Index(after); i >= 0 {
		start = i + 1
	}
	for k := range all {
		ex := all[(start+k)%len(all)]
		if !recs[ex.ID].Solved() {
			return ex, nil
		}
	}
	return nil, nil
}

// Check runs the exercise's tests on code (see Check) and records the
// attempt for the user. The record is the one after this attempt (zero
// without a store).
func (s *Service) Check(ctx context.Context, userID int64, ex *Exercise, code Code) (*CheckResult, progress.ExerciseRecord, error) {
	res, err := Check(ctx, ex, code, CheckOptions{Learner: strconv.FormatInt(userID, 10)})
	if err != nil {
		return nil, progress.ExerciseRecord{}, err
	}
	rec, err := s.RecordAttempt(ctx, userID, res)
	return res, rec, err
}

// RecordAttempt records a check's outcome for the user.
func (s *Service) RecordAttempt(ctx context.Context, userID int64, res *CheckResult) (progress.ExerciseRecord, error) {
	if s.store == nil {
		return progress.ExerciseRecord{}, nil
	}
	return s.store.RecordExerciseAttempt(ctx, userID, progress.ExerciseAttempt{
		ExerciseID: res.ExerciseID, Runtime: string(res.Runtime), Passed: res.Passed,
		TestsPassed: res.PassedCount, TestsTotal: len(res.Tests)})
}

// Hint reveals the user's next hint of an exercise and records it: n is
// its number (1 to 3) and hint its text. Once all are shown it returns
// the last one again.
func (s *Service) Hint(ctx context.Context, userID int64, ex *Exercise) (n int, hint string, err error) {
	if len(ex.Hints) == 0 {
		return 0, "", fmt.Errorf("exercise %s has no hints", ex.ID)
	}
	if s.store == nil {
		return 1, ex.Hints[0], nil
	}
	rec, err := s.store.RecordExerciseHint(ctx, userID, ex.ID, len(ex.Hints))
	if err != nil {
		return 0, "", err
	}
	n = min(max(rec.HintsUsed, 1), len(ex.Hints))
	return n, ex.Hints[n-1], nil
}

// ShownHints returns the hints the user has revealed so far, in order.
func (s *Service) ShownHints(ctx context.Context, userID int64, ex *Exercise) ([]string, error) {
	rec, _, err := s.Record(ctx, userID, ex)
	if err != nil {
		return nil, err
	}
	return ex.Hints[:min(rec.HintsUsed, len(ex.Hints))], nil
}

// ErrNotSolved is returned by Solution before the exercise has passed.
var ErrNotSolved = errors.New("the solution opens once your code passes every test")

// Solution returns the reference solution in a runtime, once the user
// has passed the exercise (in any runtime); before, the error wraps
// ErrNotSolved.
func (s *Service) Solution(ctx context.Context, userID int64, ex *Exercise, rt Runtime) (Code, error) {
	rec, ok, err := s.Record(ctx, userID, ex)
	if err != nil {
		return Code{}, err
	}
	if !ok || !rec.Solved() {
		return Code{}, fmt.Errorf("exercise %s: %w; run `lambdatutor exercises check %s`, or ask for a hint with `lambdatutor exercises hint %s`", ex.ID, ErrNotSolved, ex.ID, ex.ID)
	}
	return ex.SolutionCode(rt), nil
}
