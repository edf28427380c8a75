-- 0003_exercises: handler exercise records and the attempt log.
--
-- Times are UTC RFC 3339 text, as in 0001.

-- One row per user and exercise: the running totals.
CREATE TABLE exercise_records (
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exercise_id     TEXT NOT NULL CHECK (exercise_id <> ''),
    -- Runtime of the last attempt: node or python ('' before any attempt).
    runtime         TEXT NOT NULL DEFAULT '',
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    passes          INTEGER NOT NULL DEFAULT 0 CHECK (passes >= 0),
    hints_used      INTEGER NOT NULL DEFAULT 0 CHECK (hints_used >= 0),
    -- First activity (attempt or hint); the solve time runs from here.
    started_at      TEXT NOT NULL,
    -- First passing attempt; NULL while unsolved.
    solved_at       TEXT,
    -- Milliseconds from started_at to the first pass; NULL while unsolved.
    solve_ms        INTEGER CHECK (solve_ms >= 0),
    last_attempt_at TEXT,
    PRIMARY KEY (user_id, exercise_id)
) STRICT, WITHOUT ROWID;

-- Every check run, in order.
CREATE TABLE exercise_attempts (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exercise_id  TEXT NOT NULL CHECK (exercise_id <> ''),
    runtime      TEXT NOT NULL DEFAULT '',
    passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
    tests_passed INTEGER NOT NULL DEFAULT 0 CHECK (tests_passed >= 0),
    tests_total  INTEGER NOT NULL DEFAULT 0 CHECK (tests_total >= 0),
    attempted_at TEXT NOT NULL
) STRICT;

CREATE INDEX exercise_attempts_user ON exercise_attempts (user_id, exercise_id, id);
