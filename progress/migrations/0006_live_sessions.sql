-- 0006_live_sessions: the SSH sessions running now, one row each, so that
-- several `serve` instances sharing one database hold one limit of sessions
-- per key. A running session's instance pushes expires_at forward; the rows
-- of an instance that crashed expire and stop counting.
--
-- key is the SSH key fingerprint; instance names the server process
-- (host:pid). Times are UTC RFC 3339 text, as in 0001.
CREATE TABLE live_sessions (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL CHECK (key <> ''),
    instance   TEXT NOT NULL,
    started_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX live_sessions_key ON live_sessions (key, expires_at);
