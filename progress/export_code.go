package progress

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Draft is one saved draft in a progress export: the code a learner was
// writing in an exercise or the playground.
type Draft struct {
	// Kind, Name and Runtime are the DraftKey.
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Runtime string `json:"runtime"`
	// Code is the draft itself.
	Code string `json:"code"`
	// SavedAt is when it was last saved.
	SavedAt time.Time `json:"saved_at"`
}

// AttemptRecord is one check run of the exercise attempt log in a progress
// export.
type AttemptRecord struct {
	ExerciseID  string    `json:"exercise_id"`
	Runtime     string    `json:"runtime,omitempty"`
	Passed      bool      `json:"passed"`
	TestsPassed int       `json:"tests_passed"`
	TestsTotal  int       `json:"tests_total"`
	AttemptedAt time.Time `json:"attempted_at"`
}

// queryDrafts reads the user's drafts, sorted by key.
func queryDrafts(ctx context.Context, q querier, userID int64) ([]Draft, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, name, runtime, code, saved_at FROM drafts
		WHERE user_id = ? ORDER BY kind, name, runtime`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Draft
	for rows.Next() {
		var (
			d     Draft
			saved string
		)
		if err := rows.Scan(&d.Kind, &d.Name, &d.Runtime, &d.Code, &saved); err != nil {
			return nil, err
		}
		if d.SavedAt, err = parseTime(sql.NullString{String: saved, Valid: true}); err != nil {
			return nil, fmt.Errorf("draft %s/%s/%s: %w", d.Kind, d.Name, d.Runtime, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// queryAttempts reads the user's whole exercise attempt log, oldest first.
func queryAttempts(ctx context.Context, q querier, userID int64) ([]AttemptRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT exercise_id, runtime, passed, tests_passed, tests_total, attempted_at
		FROM exercise_attempts WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AttemptRecord
	for rows.Next() {
		var (
			a  AttemptRecord
			at string
		)
		if err := rows.Scan(&a.ExerciseID, &a.Runtime, &a.Passed, &a.TestsPassed, &a.TestsTotal, &at); err != nil {
			return nil, err
		}
		if a.AttemptedAt, err = parseTime(sql.NullString{String: at, Valid: true}); err != nil {
			return nil, fmt.Errorf("attempt at exercise %q: %w", a.ExerciseID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// importCode replaces the user's drafts and fills the attempt log (which
// importExercises has just cleared) from a version 3 export. Older files
// cannot carry drafts, so the user's drafts stay as they are.
func importCode(ctx context.Context, tx *sql.Tx, userID int64, e *Export) error {
	if e.Version < 3 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, d := range e.Drafts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO drafts (user_id, kind, name, runtime, code, saved_at) VALUES (?, ?, ?, ?, ?, ?)`,
			userID, d.Kind, d.Name, d.Runtime, d.Code, formatTime(d.SavedAt)); err != nil {
			return fmt.Errorf("draft %s/%s/%s: %w", d.Kind, d.Name, d.Runtime, err)
		}
	}
	for _, a := range e.Attempts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO exercise_attempts (user_id, exercise_id, runtime, passed, tests_passed, tests_total, attempted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, userID, a.ExerciseID, a.Runtime, a.Passed, a.TestsPassed, a.TestsTotal, formatTime(a.AttemptedAt)); err != nil {
			return fmt.Errorf("attempt at exercise %q: %w", a.ExerciseID, err)
		}
	}
	return nil
}

// validateCode checks the drafts and the attempt log of an export.
func (e *Export) validateCode() error {
	if e.Version < 3 && (len(e.Drafts) > 0 || len(e.Attempts) > 0) {
		return fmt.Errorf("invalid progress export: drafts and exercise_attempts need \"version\": 3 (this file says %d)", e.Version)
	}
	seen := map[DraftKey]int{}
	for i, d := range e.Drafts {
		k := DraftKey{Kind: d.Kind, Name: d.Name, Runtime: d.Runtime}
		if err := k.check(); err != nil {
			return fmt.Errorf("invalid progress export: drafts[%d]: %w", i, err)
		}
		if j, dup := seen[k]; dup {
			return fmt.Errorf("invalid progress export: drafts[%d] repeats drafts[%d] (%s %s, %s); keep one", i, j, d.Kind, d.Name, d.Runtime)
		}
		seen[k] = i
		if len(d.Code) > MaxDraftSize {
			return fmt.Errorf("invalid progress export: drafts[%d] is over the %d KiB limit of a draft", i, MaxDraftSize>>10)
		}
		if d.SavedAt.IsZero() {
			return fmt.Errorf("invalid progress export: drafts[%d] has no saved_at", i)
		}
	}
	for i, a := range e.Attempts {
		if err := checkExerciseID(a.ExerciseID); err != nil {
			return fmt.Errorf("invalid progress export: exercise_attempts[%d]: %w", i, err)
		}
		if a.TestsPassed < 0 || a.TestsTotal < 0 || a.TestsPassed > a.TestsTotal {
			return fmt.Errorf("invalid progress export: exercise_attempts[%d] counts %d of %d tests passed", i, a.TestsPassed, a.TestsTotal)
		}
		if a.AttemptedAt.IsZero() {
			return fmt.Errorf("invalid progress export: exercise_attempts[%d] has no attempted_at", i)
		}
	}
	return nil
}
