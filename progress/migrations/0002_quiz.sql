-- 0002_quiz: quiz scheduling cards and the review log.
--
-- Times are UTC RFC 3339 text, as in 0001.

-- One spaced-repetition card per user and card id (a question id, or
-- "gen/<template>" for generated questions), with the FSRS state.
CREATE TABLE quiz_cards (
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    card_id        TEXT NOT NULL CHECK (card_id <> ''),
    -- 0 new, 1 learning, 2 review, 3 relearning (FSRS states).
    state          INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
    due            TEXT NOT NULL,
    stability      REAL NOT NULL CHECK (stability >= 0),
    difficulty     REAL NOT NULL CHECK (difficulty >= 0),
    elapsed_days   INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_days >= 0),
    scheduled_days INTEGER NOT NULL DEFAULT 0 CHECK (scheduled_days >= 0),
    reps           INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0),
    lapses         INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    last_review    TEXT,
    PRIMARY KEY (user_id, card_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX quiz_cards_due ON quiz_cards (user_id, due);

-- Every answer given, in order.
CREATE TABLE quiz_reviews (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL CHECK (question_id <> ''),
    card_id     TEXT NOT NULL CHECK (card_id <> ''),
    -- 1 Again, 2 Hard, 3 Good, 4 Easy.
    grade       INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    hint_used   INTEGER NOT NULL DEFAULT 0 CHECK (hint_used IN (0, 1)),
    -- practice, mock or weak.
    mode        TEXT NOT NULL DEFAULT 'practice',
    -- What the learner typed.
    answer      TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT NOT NULL,
    -- How long the learner took to answer.
    elapsed_ms  INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_ms >= 0)
) STRICT;

CREATE INDEX quiz_reviews_user_time ON quiz_reviews (user_id, reviewed_at);
