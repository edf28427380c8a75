package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrSessionLimit is returned (wrapped) by AcquireSession when the key
// already has as many live sessions as the limit allows.
var ErrSessionLimit = errors.New("session limit reached")

// AcquireSession records a new live session of key on instance, unless the
// key already has limit sessions that have not expired, on any instance
// sharing this database: then the error wraps ErrSessionLimit. The session
// expires after ttl unless RenewSessions pushes it on; ReleaseSession ends
// it. Expired rows of the key are removed on the way. Two instances
// admitting the same key at once are serialized (SQLite's write lock, a
// transaction-scoped advisory lock on the key in PostgreSQL), so the limit
// holds exactly.
func (s *Store) AcquireSession(ctx context.Context, key, instance string, limit int, ttl time.Duration) (int64, error) {
	if key == "" || strings.TrimSpace(key) != key {
		return 0, fmt.Errorf("invalid session key %q: it must be non-empty without surrounding spaces", key)
	}
	if limit < 1 || ttl <= 0 {
		return 0, fmt.Errorf("session limit %d and lifetime %v must be positive", limit, ttl)
	}
	now := s.now()
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if s.pg {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, "live_sessions:"+key); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM live_sessions WHERE key = ? AND expires_at <= ?`, key, formatTime(now)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM live_sessions WHERE key = ?`, key).Scan(&n); err != nil {
			return err
		}
		if n >= limit {
			return fmt.Errorf("key %s has %d live sessions: %w", key, n, ErrSessionLimit)
		}
		return tx.QueryRowContext(ctx, `INSERT INTO live_sessions (key, instance, started_at, expires_at) VALUES (?, ?, ?, ?) RETURNING id`,
			key, instance, formatTime(now), formatTime(now.Add(ttl))).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("admit a session: %w", err)
	}
	return id, nil
}

// RenewSessions pushes the expiry of the given live sessions to ttl from
// now. A server calls it regularly for all of its running sessions.
func (s *Store) RenewSessions(ctx context.Context, ids []int64, ttl time.Duration) error {
	if len(ids) == 0 {
		return nil
	}
	until := formatTime(s.now().Add(ttl))
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE live_sessions SET expires_at = ? WHERE id = ?`, until, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("renew live sessions: %w", err)
	}
	return nil
}

// ReleaseSession ends a live session (a missing one is fine).
func (s *Store) ReleaseSession(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM live_sessions WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("end live session %d: %w", id, err)
	}
	return nil
}

// LiveSessions counts the key's sessions that have not expired, over all
// instances.
func (s *Store) LiveSessions(ctx context.Context, key string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM live_sessions WHERE key = ? AND expires_at > ?`, key, s.stamp()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count live sessions: %w", s.mapErr(err))
	}
	return n, nil
}

// Ping checks that the database answers a query, for a readiness probe.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("progress database %s does not answer: %w", s.path, s.mapErr(err))
	}
	return nil
}
