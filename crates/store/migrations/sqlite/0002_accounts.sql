-- outturn: accounts, sessions, failed sign-ins and the audit log, SQLite. The
-- PostgreSQL migration of the same number has the same tables, columns and
-- constraints.
--
-- Instants in these tables (and every instant written from this version on)
-- are written in UTC with nine fractional digits, 2020-11-05T10:30:00.000000000Z,
-- so comparing the text compares the instants: `since`, `until` and
-- `expires_at` are compared as text. Older rows of the first schema may have
-- fewer digits; they are read back the same, and never compared as text.

-- Usernames are stored lower case (the store lower-cases what it is given),
-- so looking one up ignores case. Users are never deleted: they are disabled.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE CHECK (username <> '' AND username = lower(username)),
    display_name TEXT NOT NULL,
    role TEXT NOT NULL
        CHECK (role IN ('administrator', 'performance-officer', 'director', 'data-owner', 'viewer')),
    -- None for an administrator of every council.
    council_id INTEGER REFERENCES councils (id),
    -- A PHC string ($argon2id$...), never the password.
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

-- The nodes a director or data owner answers for, in the order given; each a
-- node of the user's council.
CREATE TABLE user_nodes (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    PRIMARY KEY (user_id, position),
    UNIQUE (user_id, node_id)
) STRICT;

CREATE INDEX user_nodes_node ON user_nodes (node_id);

-- Signed-in sessions, by the SHA-256 hash of the browser's token.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per failed sign-in, for any username typed (known or not), lower case.
CREATE TABLE login_failures (
    username TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;

CREATE INDEX login_failures_username ON login_failures (username, at);

-- Append-only: who changed what, when, from what to what. before_json and
-- after_json hold JSON text (checked on the way in). The id is the order in
-- which lines were written, which breaks ties between equal instants.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    council_id INTEGER REFERENCES councils (id),
    event TEXT NOT NULL,
    subject TEXT NOT NULL,
    before_json TEXT CHECK (json_valid(before_json)),
    after_json TEXT CHECK (json_valid(after_json))
) STRICT;

CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_council ON audit_log (council_id, at, id);
CREATE INDEX audit_log_actor ON audit_log (actor, at, id);
