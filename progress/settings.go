package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Setting names.
const (
	// SettingExerciseRuntime is the language new exercises open in:
	// "node" or "python" (the last one the learner chose).
	SettingExerciseRuntime = "exercise_runtime"
)

// maxSettingSize bounds one setting's value.
const maxSettingSize = 4 << 10

// SetSetting stores one of a learner's preferences, replacing its value.
func (s *Store) SetSetting(ctx context.Context, userID int64, name, value string) error {
	if name == "" {
		return errors.New("a setting needs a name")
	}
	if len(value) > maxSettingSize {
		return fmt.Errorf("setting %q: value of %d bytes is over the %d-byte limit", name, len(value), maxSettingSize)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO settings (user_id, name, value, saved_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at`,
			userID, name, value, s.stamp())
		return err
	})
}

// Setting returns one of a learner's preferences; ok is false when it was
// never set.
func (s *Store) Setting(ctx context.Context, userID int64, name string) (value string, ok bool, err error) {
	err = s.read(ctx, func(q querier) error {
		e := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE user_id = ? AND name = ?`, userID, name).Scan(&value)
		if errors.Is(e, sql.ErrNoRows) {
			return nil
		}
		if e == nil {
			ok = true
		}
		return e
	})
	return value, ok, err
}
