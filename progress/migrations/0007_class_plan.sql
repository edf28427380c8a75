-- 0007_class_plan: the course plan of a class, set by an instructor from a
-- plan file (serve --plan) or from the Class screen; every serve instance
-- sharing the database sees the same plan.
--
-- kind is lesson, exercise or topic (a quiz topic: a lesson id); item is
-- the lesson, exercise or topic id; due is a date, YYYY-MM-DD (the item is
-- late from the day after, UTC). source is file (from --plan, replaced when
-- the server starts with that file) or screen (added on the Class screen).
-- Times are UTC RFC 3339 text, as in 0001.
CREATE TABLE plan_items (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('lesson', 'exercise', 'topic')),
    item     TEXT NOT NULL CHECK (item <> ''),
    due      TEXT NOT NULL CHECK (length(due) = 10),
    source   TEXT NOT NULL CHECK (source IN ('file', 'screen')),
    added_by TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    UNIQUE (kind, item)
) STRICT;

-- The Class screen tallies every learner's answers per card (and so per
-- topic): this index holds all it reads, in learner order.
CREATE INDEX quiz_reviews_user_card ON quiz_reviews (user_id, card_id, correct, reviewed_at);
