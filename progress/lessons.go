package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// LessonRecord is what the store knows about one lesson for one user.
type LessonRecord struct {
	// ID is the lesson id from the catalog.
	ID string `json:"id"`
	// Offset is the scroll position the learner left the lesson at.
	Offset int `json:"offset"`
	// CompletedAt is when the lesson was completed; zero if it is not.
	CompletedAt time.Time `json:"completed_at,omitzero"`
	// ViewedAt is when the lesson was last viewed; zero if never viewed
	// (e.g. marked completed from the command line).
	ViewedAt time.Time `json:"last_viewed_at,omitzero"`
}

// Completed reports whether the lesson is completed.
func (r LessonRecord) Completed() bool { return !r.CompletedAt.IsZero() }

// touchUser sets (or, with lessonID "", keeps) the user's last lesson and
// reports ErrUnknownUser for a missing user. It runs first in every write
// of per-user records, so those never hit the foreign-key check.
func touchUser(ctx context.Context, tx *sql.Tx, userID int64, lastLesson *string) error {
	var res sql.Result
	var err error
	if lastLesson != nil {
		res, err = tx.ExecContext(ctx, `UPDATE users SET last_lesson_id = ? WHERE id = ?`, nullIfEmpty(*lastLesson), userID)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE users SET id = id WHERE id = ?`, userID)
	}
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return unknownUser(userID)
	}
	return nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// SavePosition records that the user is at scroll offset in lessonID now:
// it sets the lesson's offset and viewed time and makes it the user's last
// lesson, in one transaction. The TUI calls it when scrolling pauses.
func (s *Store) SavePosition(ctx context.Context, userID int64, lessonID string, offset int) error {
	if err := checkLessonID(lessonID); err != nil {
		return err
	}
	if offset < 0 {
		return fmt.Errorf("save position in lesson %q: offset %d is negative", lessonID, offset)
	}
	now := s.stamp()
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, &lessonID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO lesson_records (user_id, lesson_id, scroll_offset, last_viewed_at)
			VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, lesson_id) DO UPDATE
				SET scroll_offset = excluded.scroll_offset, last_viewed_at = excluded.last_viewed_at`,
			userID, lessonID, offset, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("save position in lesson %q: %w", lessonID, err)
	}
	return nil
}

// LastPosition returns the lesson the user last viewed and the scroll
// offset there; ok is false when the user has viewed none.
func (s *Store) LastPosition(ctx context.Context, userID int64) (lessonID string, offset int, ok bool, err error) {
	var last sql.NullString
	err = s.db.QueryRowContext(ctx, `
		SELECT u.last_lesson_id, coalesce(r.scroll_offset, 0)
		FROM users u
		LEFT JOIN lesson_records r ON r.user_id = u.id AND r.lesson_id = u.last_lesson_id
		WHERE u.id = ?`, userID).Scan(&last, &offset)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, false, fmt.Errorf("read last position: %w", unknownUser(userID))
	}
	if err != nil {
		return "", 0, false, fmt.Errorf("read last position: %w", s.mapErr(err))
	}
	if !last.Valid {
		return "", 0, false, nil
	}
	return last.String, offset, true, nil
}

// Position returns the user's scroll offset in lessonID, 0 if the lesson
// was never viewed.
func (s *Store) Position(ctx context.Context, userID int64, lessonID string) (int, error) {
	var offset int
	err := s.db.QueryRowContext(ctx,
		`SELECT scroll_offset FROM lesson_records WHERE user_id = ? AND lesson_id = ?`,
		userID, lessonID).Scan(&offset)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read position in lesson %q: %w", lessonID, s.mapErr(err))
	}
	return offset, nil
}

// SetCompleted marks lessonID completed (done) or not completed for the
// user. Completing an already completed lesson keeps its first completion
// time; un-completing a lesson never seen records nothing. It does not
// change the user's last lesson.
func (s *Store) SetCompleted(ctx context.Context, userID int64, lessonID string, done bool) error {
	if err := checkLessonID(lessonID); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, nil); err != nil {
			return err
		}
		if !done {
			_, err := tx.ExecContext(ctx,
				`UPDATE lesson_records SET completed_at = NULL WHERE user_id = ? AND lesson_id = ?`,
				userID, lessonID)
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO lesson_records (user_id, lesson_id, completed_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id, lesson_id) DO UPDATE
				SET completed_at = coalesce(lesson_records.completed_at, excluded.completed_at)`,
			userID, lessonID, s.stamp())
		return err
	})
	if err != nil {
		verb := "mark lesson %q completed: %w"
		if !done {
			verb = "mark lesson %q not completed: %w"
		}
		return fmt.Errorf(verb, lessonID, err)
	}
	return nil
}

// Lessons returns all of the user's lesson records by lesson id.
func (s *Store) Lessons(ctx context.Context, userID int64) (map[string]LessonRecord, error) {
	recs, err := queryLessons(ctx, s.db, userID)
	if err != nil {
		return nil, fmt.Errorf("read lesson records: %w", s.mapErr(err))
	}
	m := make(map[string]LessonRecord, len(recs))
	for _, r := range recs {
		m[r.ID] = r
	}
	return m, nil
}

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// queryLessons returns the user's lesson records sorted by lesson id.
func queryLessons(ctx context.Context, q querier, userID int64) ([]LessonRecord, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT lesson_id, scroll_offset, completed_at, last_viewed_at
		FROM lesson_records WHERE user_id = ? ORDER BY lesson_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var recs []LessonRecord
	for rows.Next() {
		var (
			r                 LessonRecord
			completed, viewed sql.NullString
		)
		if err := rows.Scan(&r.ID, &r.Offset, &completed, &viewed); err != nil {
			return nil, err
		}
		if r.CompletedAt, err = parseTime(completed); err != nil {
			return nil, fmt.Errorf("lesson %q: %w", r.ID, err)
		}
		if r.ViewedAt, err = parseTime(viewed); err != nil {
			return nil, fmt.Errorf("lesson %q: %w", r.ID, err)
		}
		recs = append(recs, r)
	}
	return recs, rows.Err()
}

// Summary is an overview of one user's progress, for `lambdatutor
// progress`. It does not know how many lessons exist: callers take the
// total from the catalog.
type Summary struct {
	// Completed are the completed lessons, earliest completion first (ties
	// by id).
	Completed []LessonRecord
	// Started is the number of lessons with any record (viewed or
	// completed).
	Started int
	// LastLesson is the lesson the user last viewed, "" if none.
	LastLesson string
	// LastOffset is the scroll offset in LastLesson.
	LastOffset int
}

// Summary returns an overview of the user's progress, read from one
// consistent snapshot.
func (s *Store) Summary(ctx context.Context, userID int64) (Summary, error) {
	var (
		sum  Summary
		recs []LessonRecord
	)
	err := s.read(ctx, func(q querier) error {
		_, last, err := queryUser(ctx, q, userID)
		if err != nil {
			return err
		}
		if recs, err = queryLessons(ctx, q, userID); err != nil {
			return err
		}
		if last != "" {
			sum.LastLesson = last
			for _, r := range recs {
				if r.ID == last {
					sum.LastOffset = r.Offset
				}
			}
		}
		return nil
	})
	if err != nil {
		return Summary{}, fmt.Errorf("summarize progress: %w", err)
	}
	sum.Started = len(recs)
	for _, r := range recs {
		if r.Completed() {
			sum.Completed = append(sum.Completed, r)
		}
	}
	sort.SliceStable(sum.Completed, func(i, j int) bool {
		return sum.Completed[i].CompletedAt.Before(sum.Completed[j].CompletedAt)
	})
	return sum, nil
}

// queryUser returns the user and their last lesson ("" if none).
func queryUser(ctx context.Context, q querier, userID int64) (User, string, error) {
	var (
		u       = User{ID: userID}
		created string
		last    sql.NullString
	)
	err := q.QueryRowContext(ctx,
		`SELECT key, name, created_at, last_lesson_id FROM users WHERE id = ?`, userID).
		Scan(&u.Key, &u.Name, &created, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, "", unknownUser(userID)
	}
	if err != nil {
		return User{}, "", err
	}
	if u.CreatedAt, err = parseTime(sql.NullString{String: created, Valid: true}); err != nil {
		return User{}, "", fmt.Errorf("user %d: %w", userID, err)
	}
	return u, last.String, nil
}

// Reset deletes all of the user's progress records (the user itself
// stays), in one transaction.
func (s *Store) Reset(ctx context.Context, userID int64) error {
	none := ""
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := touchUser(ctx, tx, userID, &none); err != nil {
			return err
		}
		for _, table := range userTables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE user_id = ?`, userID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reset progress: %w", err)
	}
	return nil
}

// userTables are the tables holding a user's progress; Reset empties them
// all in one transaction.
var userTables = []string{
	"lesson_records", "quiz_reviews", "quiz_cards", "exercise_attempts", "exercise_records", "drafts",
}
