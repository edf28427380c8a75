-- 0004_drafts: code a learner is writing in the TUI (exercises and the
-- playground), so that quitting or a dropped SSH connection loses nothing.
--
-- kind is "exercise" or "playground"; name is the exercise id or starter
-- name; runtime is "node" or "python". Times are UTC RFC 3339 text.
CREATE TABLE drafts (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('exercise', 'playground')),
    name       TEXT NOT NULL CHECK (name <> ''),
    runtime    TEXT NOT NULL CHECK (runtime <> ''),
    code       TEXT NOT NULL,
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, name, runtime)
) STRICT, WITHOUT ROWID;
