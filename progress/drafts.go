package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// MaxDraftSize bounds one saved draft; the sandbox refuses larger code anyway.
const MaxDraftSize = 1 << 20

// DraftKey names one draft: an exercise or playground starter in a runtime.
type DraftKey struct {
	// Kind is "exercise" or "playground".
	Kind string
	// Name is the exercise id or the playground starter's name.
	Name string
	// Runtime is "node" or "python".
	Runtime string
}

func (k DraftKey) check() error {
	if k.Kind != "exercise" && k.Kind != "playground" {
		return fmt.Errorf("draft kind %q: use exercise or playground", k.Kind)
	}
	if k.Name == "" || k.Runtime == "" {
		return errors.New("a draft needs a name and a runtime")
	}
	return nil
}

// SaveDraft stores the code a learner is writing, replacing the previous
// draft of the same key.
func (s *Store) SaveDraft(ctx context.Context, userID int64, k DraftKey, code string) error {
	if err := k.check(); err != nil {
		return err
	}
	if len(code) > MaxDraftSize {
		return fmt.Errorf("draft of %d bytes is over the %d KiB limit; shorten the code", len(code), MaxDraftSize>>10)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO drafts (user_id, kind, name, runtime, code, saved_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id, kind, name, runtime) DO UPDATE SET code = excluded.code, saved_at = excluded.saved_at`,
			userID, k.Kind, k.Name, k.Runtime, code, s.stamp())
		return err
	})
}

// Draft returns a saved draft; ok is false when there is none.
func (s *Store) Draft(ctx context.Context, userID int64, k DraftKey) (code string, ok bool, err error) {
	if err := k.check(); err != nil {
		return "", false, err
	}
	err = s.read(ctx, func(q querier) error {
		e := q.QueryRowContext(ctx, `SELECT code FROM drafts WHERE user_id = ? AND kind = ? AND name = ? AND runtime = ?`,
			userID, k.Kind, k.Name, k.Runtime).Scan(&code)
		if errors.Is(e, sql.ErrNoRows) {
			return nil
		}
		if e == nil {
			ok = true
		}
		return e
	})
	return code, ok, err
}

// DeleteDraft removes a draft (the learner reset to the starter).
func (s *Store) DeleteDraft(ctx context.Context, userID int64, k DraftKey) error {
	if err := k.check(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE user_id = ? AND kind = ? AND name = ? AND runtime = ?`,
			userID, k.Kind, k.Name, k.Runtime)
		return err
	})
}
