-- 0005_settings: a learner's preferences, kept between sessions (the
-- language the exercises open in). name is a short key such as
-- "exercise_runtime"; value is text. Times are UTC RFC 3339 text.
CREATE TABLE settings (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name     TEXT NOT NULL CHECK (name <> ''),
    value    TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, name)
) STRICT, WITHOUT ROWID;
