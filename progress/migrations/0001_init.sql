-- 0001_init: users and lesson records.
--
-- Times are UTC RFC 3339 text ("2026-11-27T18:30:00Z"), so they sort as text.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    -- "local" for the local user; "SHA256:..." key fingerprint for SSH users.
    key            TEXT NOT NULL UNIQUE CHECK (key <> ''),
    name           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    -- The lesson the TUI reopens at; its scroll offset is in lesson_records.
    last_lesson_id TEXT CHECK (last_lesson_id <> '')
) STRICT;

CREATE TABLE lesson_records (
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id      TEXT NOT NULL CHECK (lesson_id <> ''),
    scroll_offset  INTEGER NOT NULL DEFAULT 0 CHECK (scroll_offset >= 0),
    -- NULL while the lesson is not completed.
    completed_at   TEXT,
    -- NULL until the lesson is first viewed (e.g. marked completed without viewing).
    last_viewed_at TEXT,
    PRIMARY KEY (user_id, lesson_id)
) STRICT, WITHOUT ROWID;
