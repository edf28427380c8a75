package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ExerciseRecord is what the store knows about one handler exercise for
// one user: running totals kept by RecordExerciseAttempt and
// RecordExerciseHint.
type ExerciseRecord struct {
	// ID is the exercise id from the catalog.
	ID string `json:"id"`
	// Runtime is the runtime of the last attempt ("node" or "python"), ""
	// before any attempt.
	Runtime string `json:"runtime,omitempty"`
	// Attempts counts the check runs; Passes those where every test passed.
	Attempts int `json:"attempts"`
	Passes   int `json:"passes"`
	// HintsUsed is how many hints the learner has revealed.
	HintsUsed int `json:"hints_used"`
	// StartedAt is the first activity: the first attempt or hint.
	StartedAt time.Time `json:"started_at"`
	// SolvedAt is the first passing attempt; zero while unsolved.
	SolvedAt time.Time `json:"solved_at,omitzero"`
	// SolveMs is SolvedAt minus StartedAt in milliseconds; 0 while
	// unsolved. SolveTime returns it as a duration.
	SolveMs int64 `json:"solve_ms,omitempty"`
	// LastAttemptAt is the last check run; zero before any.
	LastAttemptAt time.Time `json:"last_attempt_at,omitzero"`
}

// Solved reports whether the exercise has passed at least once.
func (r ExerciseRecord) Solved() bool { return !r.SolvedAt.IsZero() }

// SolveTime is the time from the first activity to the first pass; zero
// while unsolved.
func (r ExerciseRecord) SolveTime() time.Duration { return time.Duration(r.SolveMs) * time.Millisecond }

// ExerciseAttempt is one check run, as RecordExerciseAttempt records it.
type ExerciseAttempt struct {
	// ExerciseID is the exercise checked.
	ExerciseID string
	// Runtime is "node" or "python".
	Runtime string
	// Passed is true when every test passed.
	Passed bool
	// TestsPassed and TestsTotal count the tests of the run.
	TestsPassed, TestsTotal int
}

// ExerciseSummary sums a user's exercise records.
type ExerciseSummary struct {
	// Started counts the exercises with any activity; Solved those passed.
	Started, Solved int
	// Attempts, Passes and HintsUsed are totals over all exercises.
	Attempts, Passes, HintsUsed int
	// SolveTime is the total solve time of the solved exercises.
	SolveTime time.Duration
}

func checkExerciseID(id string) error {
	if id == "" || strings.TrimSpace(id) != id {
		return fmt.Errorf("exercise id %q is empty or has surrounding spaces; use an id from `lambdatutor exercises`", id)
	}
	return nil
}

// RecordExerciseAttempt records one check run: it adds to the attempt log,
// counts the attempt (and the pass), and on the first pass sets the solved
// time and the solve time. It returns the updated record.
func (s *Store) RecordExerciseAttempt(ctx context.Context, userID int64, a ExerciseAttempt) (ExerciseRecord, error) {
	if err := checkExerciseID(a.ExerciseID); err != nil {
		return ExerciseRecord{}, err
	}
	if a.TestsPassed < 0 || a.TestsTotal < 0 || a.TestsPassed > a.TestsTotal {
		return ExerciseRecord{}, fmt.Errorf("record attempt of exercise %q: %d of %d tests passed is not possible", a.ExerciseID, a.TestsPassed, a.TestsTotal)
	}
	now := s.stamp()
	passed := 0
	if a.Passed {
		passed = 1
	}
	var rec ExerciseRecord
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, nil); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO exercise_attempts (user_id, exercise_id, runtime, passed, tests_passed, tests_total, attempted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			userID, a.ExerciseID, a.Runtime, passed, a.TestsPassed, a.TestsTotal, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO exercise_records (user_id, exercise_id, runtime, attempts, passes, started_at, last_attempt_at)
			VALUES (?1, ?2, ?3, 1, ?4, ?5, ?5)
			ON CONFLICT (user_id, exercise_id) DO UPDATE
				SET runtime = excluded.runtime, attempts = exercise_records.attempts + 1, passes = exercise_records.passes + excluded.passes,
					last_attempt_at = excluded.last_attempt_at`,
			userID, a.ExerciseID, a.Runtime, passed, now); err != nil {
			return err
		}
		if a.Passed {
			if err := markSolved(ctx, tx, userID, a.ExerciseID, now); err != nil {
				return err
			}
		}
		var err error
		rec, err = queryExercise(ctx, tx, userID, a.ExerciseID)
		return err
	})
	if err != nil {
		return ExerciseRecord{}, fmt.Errorf("record attempt of exercise %q: %w", a.ExerciseID, err)
	}
	return rec, nil
}

// markSolved sets the solved time and the solve time (from started_at) of
// an exercise not solved yet, inside the attempt's transaction.
func markSolved(ctx context.Context, tx *sql.Tx, userID int64, exerciseID, now string) error {
	var (
		started string
		solved  sql.NullString
	)
	if err := tx.QueryRowContext(ctx, `SELECT started_at, solved_at FROM exercise_records WHERE user_id = ? AND exercise_id = ?`,
		userID, exerciseID).Scan(&started, &solved); err != nil {
		return err
	}
	if solved.Valid {
		return nil
	}
	from, err := parseTime(sql.NullString{String: started, Valid: true})
	if err != nil {
		return fmt.Errorf("exercise %q: %w", exerciseID, err)
	}
	to, err := parseTime(sql.NullString{String: now, Valid: true})
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE exercise_records SET solved_at = ?, solve_ms = ? WHERE user_id = ? AND exercise_id = ?`,
		now, max(0, to.Sub(from).Milliseconds()), userID, exerciseID)
	return err
}

// RecordExerciseHint counts one more revealed hint, up to max (the number
// of hints the exercise has; asking again at max changes nothing), and
// returns the updated record: HintsUsed is the number of the hint to show.
func (s *Store) RecordExerciseHint(ctx context.Context, userID int64, exerciseID string, max int) (ExerciseRecord, error) {
	if err := checkExerciseID(exerciseID); err != nil {
		return ExerciseRecord{}, err
	}
	if max < 1 {
		return ExerciseRecord{}, fmt.Errorf("record hint of exercise %q: it has no hints", exerciseID)
	}
	now := s.stamp()
	var rec ExerciseRecord
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, nil); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO exercise_records (user_id, exercise_id, hints_used, started_at)
			VALUES (?1, ?2, 1, ?3)
			ON CONFLICT (user_id, exercise_id) DO UPDATE
				SET hints_used = CASE WHEN exercise_records.hints_used + 1 < ?4 THEN exercise_records.hints_used + 1 ELSE ?4 END`,
			userID, exerciseID, now, max); err != nil {
			return err
		}
		var err error
		rec, err = queryExercise(ctx, tx, userID, exerciseID)
		return err
	})
	if err != nil {
		return ExerciseRecord{}, fmt.Errorf("record hint of exercise %q: %w", exerciseID, err)
	}
	return rec, nil
}

// Exercise returns the user's record of one exercise; ok is false when
// there is none yet.
func (s *Store) Exercise(ctx context.Context, userID int64, exerciseID string) (rec ExerciseRecord, ok bool, err error) {
	err = s.read(ctx, func(q querier) error {
		if _, _, err := queryUser(ctx, q, userID); err != nil {
			return err
		}
		rec, err = queryExercise(ctx, q, userID, exerciseID)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return ExerciseRecord{}, false, nil
	}
	if err != nil {
		return ExerciseRecord{}, false, fmt.Errorf("read exercise %q: %w", exerciseID, err)
	}
	return rec, true, nil
}

// Exercises returns the user's exercise records by exercise id.
func (s *Store) Exercises(ctx context.Context, userID int64) (map[string]ExerciseRecord, error) {
	var recs []ExerciseRecord
	err := s.read(ctx, func(q querier) error {
		if _, _, err := queryUser(ctx, q, userID); err != nil {
			return err
		}
		var err error
		recs, err = queryExercises(ctx, q, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read exercise progress: %w", err)
	}
	m := make(map[string]ExerciseRecord, len(recs))
	for _, r := range recs {
		m[r.ID] = r
	}
	return m, nil
}

// ExerciseAttempts returns the user's attempt log of one exercise, oldest
// first.
func (s *Store) ExerciseAttempts(ctx context.Context, userID int64, exerciseID string) ([]ExerciseAttempt, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT exercise_id, runtime, passed, tests_passed, tests_total
		FROM exercise_attempts WHERE user_id = ? AND exercise_id = ? ORDER BY id`, userID, exerciseID)
	if err != nil {
		return nil, fmt.Errorf("read attempts of exercise %q: %w", exerciseID, s.mapErr(err))
	}
	defer rows.Close()
	var out []ExerciseAttempt
	for rows.Next() {
		var a ExerciseAttempt
		if err := rows.Scan(&a.ExerciseID, &a.Runtime, &a.Passed, &a.TestsPassed, &a.TestsTotal); err != nil {
			return nil, fmt.Errorf("read attempts of exercise %q: %w", exerciseID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read attempts of exercise %q: %w", exerciseID, s.mapErr(err))
	}
	return out, nil
}

// ExerciseSummary sums the user's exercise records.
func (s *Store) ExerciseSummary(ctx context.Context, userID int64) (ExerciseSummary, error) {
	recs, err := s.Exercises(ctx, userID)
	if err != nil {
		return ExerciseSummary{}, err
	}
	return SummarizeExercises(recs), nil
}

// SummarizeExercises sums records, for callers that already hold them
// (and may first drop ids their catalog does not know).
func SummarizeExercises(recs map[string]ExerciseRecord) ExerciseSummary {
	var sum ExerciseSummary
	for _, r := range recs {
		sum.Started++
		sum.Attempts += r.Attempts
		sum.Passes += r.Passes
		sum.HintsUsed += r.HintsUsed
		if r.Solved() {
			sum.Solved++
			sum.SolveTime += r.SolveTime()
		}
	}
	return sum
}

// ResetExercises deletes the user's exercise records and attempt log
// (lessons and quiz stay), in one transaction.
func (s *Store) ResetExercises(ctx context.Context, userID int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, nil); err != nil {
			return err
		}
		return deleteExercises(ctx, tx, userID)
	})
	if err != nil {
		return fmt.Errorf("reset exercise progress: %w", err)
	}
	return nil
}

func deleteExercises(ctx context.Context, tx *sql.Tx, userID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM exercise_attempts WHERE user_id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM exercise_records WHERE user_id = ?`, userID)
	return err
}

// importExercises replaces the user's exercise records with recs (the
// attempt log is cleared: an export carries the totals only).
func importExercises(ctx context.Context, tx *sql.Tx, userID int64, recs []ExerciseRecord) error {
	if err := deleteExercises(ctx, tx, userID); err != nil {
		return err
	}
	for _, r := range recs {
		var solveMs any
		if r.Solved() {
			solveMs = r.SolveMs
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO exercise_records (user_id, exercise_id, runtime, attempts, passes, hints_used,
				started_at, solved_at, solve_ms, last_attempt_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			userID, r.ID, r.Runtime, r.Attempts, r.Passes, r.HintsUsed, formatTime(r.StartedAt),
			nullTime(r.SolvedAt), solveMs, nullTime(r.LastAttemptAt)); err != nil {
			return fmt.Errorf("exercise %q: %w", r.ID, err)
		}
	}
	return nil
}

// validateExercises checks exercise records of an export.
func validateExercises(recs []ExerciseRecord) error {
	seen := make(map[string]int, len(recs))
	for i, r := range recs {
		if err := checkExerciseID(r.ID); err != nil {
			return fmt.Errorf("invalid progress export: exercises[%d]: %w", i, err)
		}
		if j, dup := seen[r.ID]; dup {
			return fmt.Errorf("invalid progress export: exercises[%d].id %q repeats exercises[%d]; keep one record per exercise", i, r.ID, j)
		}
		seen[r.ID] = i
		if r.Attempts < 0 || r.Passes < 0 || r.HintsUsed < 0 || r.SolveMs < 0 {
			return fmt.Errorf("invalid progress export: exercises[%d] (%q) has a negative count", i, r.ID)
		}
		if r.StartedAt.IsZero() {
			return fmt.Errorf("invalid progress export: exercises[%d] (%q) has no started_at", i, r.ID)
		}
	}
	return nil
}

const exerciseColumns = `exercise_id, runtime, attempts, passes, hints_used, started_at, solved_at, solve_ms, last_attempt_at`

func scanExercise(scan func(...any) error) (ExerciseRecord, error) {
	var (
		r                 ExerciseRecord
		started           string
		solved, last      sql.NullString
		solveMs           sql.NullInt64
		err               error
		startedAt, solvAt time.Time
	)
	if err = scan(&r.ID, &r.Runtime, &r.Attempts, &r.Passes, &r.HintsUsed, &started, &solved, &solveMs, &last); err != nil {
		return ExerciseRecord{}, err
	}
	if startedAt, err = parseTime(sql.NullString{String: started, Valid: true}); err != nil {
		return ExerciseRecord{}, fmt.Errorf("exercise %q: %w", r.ID, err)
	}
	if solvAt, err = parseTime(solved); err != nil {
		return ExerciseRecord{}, fmt.Errorf("exercise %q: %w", r.ID, err)
	}
	if r.LastAttemptAt, err = parseTime(last); err != nil {
		return ExerciseRecord{}, fmt.Errorf("exercise %q: %w", r.ID, err)
	}
	r.StartedAt, r.SolvedAt = startedAt, solvAt
	if solveMs.Valid {
		r.SolveMs = solveMs.Int64
	}
	return r, nil
}

func queryExercise(ctx context.Context, q querier, userID int64, id string) (ExerciseRecord, error) {
	row := q.QueryRowContext(ctx, `SELECT `+exerciseColumns+` FROM exercise_records WHERE user_id = ? AND exercise_id = ?`, userID, id)
	return scanExercise(row.Scan)
}

// queryExercises returns the user's exercise records sorted by id.
func queryExercises(ctx context.Context, q querier, userID int64) ([]ExerciseRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+exerciseColumns+` FROM exercise_records WHERE user_id = ? ORDER BY exercise_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExerciseRecord
	for rows.Next() {
		r, err := scanExercise(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
