package progress

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// LocalUserKey is the key of the user running lambdatutor locally. SSH users
// are keyed by their public key's fingerprint ("SHA256:...").
const LocalUserKey = "local"

// User is one learner.
type User struct {
	// ID is the store's id for the user, passed to every per-user method.
	ID int64
	// Key identifies the user: LocalUserKey, or an SSH key fingerprint.
	Key string
	// Name is a display name (the local login or the SSH user name).
	Name string
	// CreatedAt is when the user was first seen.
	CreatedAt time.Time
}

// EnsureUser returns the user with key, creating it when missing. A
// non-empty name different from the stored one replaces it (SSH user names
// can change for the same key); an empty name keeps the stored one.
func (s *Store) EnsureUser(ctx context.Context, key, name string) (User, error) {
	if key == "" || strings.TrimSpace(key) != key {
		return User{}, fmt.Errorf("invalid user key %q: it must be non-empty without surrounding spaces", key)
	}
	u, err := s.userByKey(ctx, key)
	if err == nil && (name == "" || name == u.Name) {
		return u, nil // nothing to write: works on a read-only database too
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("load user %q: %w", key, s.mapErr(err))
	}
	var created string
	err = s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `
			INSERT INTO users (key, name, created_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name
				WHERE excluded.name <> '' AND excluded.name <> users.name
			RETURNING id, key, name, created_at`,
			key, name, s.stamp()).Scan(&u.ID, &u.Key, &u.Name, &created)
	})
	if errors.Is(err, sql.ErrNoRows) {
		// Another writer got there first and the upsert changed nothing.
		u, err = s.userByKey(ctx, key)
		if err == nil {
			return u, nil
		}
		err = s.mapErr(err)
	}
	if err != nil {
		return User{}, fmt.Errorf("save user %q: %w", key, err)
	}
	if u.CreatedAt, err = parseTime(sql.NullString{String: created, Valid: true}); err != nil {
		return User{}, fmt.Errorf("load user %q: %w", key, err)
	}
	return u, nil
}

func (s *Store) userByKey(ctx context.Context, key string) (User, error) {
	var (
		u       User
		created string
	)
	err := s.db.QueryRowContext(ctx,
		`SELECT id, key, name, created_at FROM users WHERE key = ?`, key).
		Scan(&u.ID, &u.Key, &u.Name, &created)
	if err != nil {
		return User{}, err
	}
	if u.CreatedAt, err = parseTime(sql.NullString{String: created, Valid: true}); err != nil {
		return User{}, fmt.Errorf("user %q: %w", key, err)
	}
	return u, nil
}
